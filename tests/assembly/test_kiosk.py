"""The voting kiosk (issue 16, item 6): staff open it; a voter types a one-time PIN, votes
in their language and finishes; nothing of the voter stays in the kiosk's session."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from summitry.assembly import services
from summitry.assembly.models import KioskPin, VoterRoll
from summitry.delegations.models import Invitation
from tests.factories import UserFactory

from .support import make_assembly, make_poll

pytestmark = pytest.mark.django_db


def _kiosk(organiser, assembly):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    return client, reverse("assembly:kiosk", args=[assembly.summit.slug, assembly.slug])


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def test_only_staff_issue_pins_and_only_for_voters(organiser):
    assembly, rights, _item = make_assembly(members=2)
    with pytest.raises(PermissionDenied):
        services.issue_kiosk_pin(
            actor=rights[0].delegate, assembly=assembly, user=rights[0].delegate
        )
    with pytest.raises(ValidationError, match="casts no vote"):
        services.issue_kiosk_pin(actor=organiser, assembly=assembly, user=UserFactory())
    pin = services.issue_kiosk_pin(actor=organiser, assembly=assembly, user=rights[0].delegate)
    assert re.fullmatch(r"\d{8}", pin)
    stored = KioskPin.objects.get()
    assert pin not in stored.digest  # only a keyed digest is kept
    # A new PIN replaces the unused one.
    again = services.issue_kiosk_pin(actor=organiser, assembly=assembly, user=rights[0].delegate)
    assert KioskPin.objects.count() == 1
    with pytest.raises(ValidationError, match="not valid"):
        services.kiosk_identify(
            actor=organiser, assembly=assembly, pin=pin if pin != again else "x"
        )


def test_a_voter_votes_at_the_kiosk_in_their_language_and_the_kiosk_resets(organiser):
    assembly, rights, item = make_assembly(members=3)
    Invitation.objects.create(
        summit=assembly.summit,
        organisation=rights[0].member.organisation,
        language="ko",
        contact_name="Contact",
        contact_email="city0@example.org",
        digest="k" * 64,
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    pin = services.issue_kiosk_pin(actor=organiser, assembly=assembly, user=rights[0].delegate)
    client, url = _kiosk(organiser, assembly)
    assert "Your one-time PIN" in client.get(url).content.decode()
    bad = client.post(url, {"step": "identify", "pin": "12345678"}).content.decode()
    assert "This PIN is not valid" in bad and "PIN이 올바르지 않습니다" in bad
    page = client.post(url, {"step": "identify", "pin": pin}).content.decode()
    assert 'lang="ko"' in page and "투표 대표로" in page  # the voter's language
    token = _token(page)
    session_before = dict(client.session.items())
    answer = client.post(
        url,
        {
            "step": "cast",
            "token": token,
            "language": "ko",
            "poll": poll.pk,
            "member": rights[0].member_id,
            "choice": "yes",
        },
    ).content.decode()
    assert 'id="receipt"' in answer
    entry = VoterRoll.objects.get(poll=poll)
    assert entry.member == rights[0].member and entry.cast_by == rights[0].delegate
    # Nothing of the voter stays in the kiosk's session; the PIN is used up.
    assert dict(client.session.items()) == session_before
    assert client.session["_auth_user_id"] == str(organiser.pk)  # the staff's, not the voter's
    again = client.post(url, {"step": "identify", "pin": pin}).content.decode()
    assert "This PIN is not valid" in again
    # A forged or foreign token casts nothing.
    forged = client.post(
        url,
        {
            "step": "cast",
            "token": token + "x",
            "poll": poll.pk,
            "member": rights[1].member_id,
            "choice": "no",
        },
    ).content.decode()
    assert "time to vote ran out" in forged
    assert VoterRoll.objects.filter(poll=poll).count() == 1
    # The voter may switch language.
    english = client.post(url, {"step": "language", "token": token, "language": "en"})
    assert "as its voting delegate" in english.content.decode()


def test_the_kiosk_is_staff_only(organiser):
    assembly, rights, _item = make_assembly(members=2)
    pin = services.issue_kiosk_pin(actor=organiser, assembly=assembly, user=rights[0].delegate)
    client = Client(headers={"Accept-Language": "en"})
    url = reverse("assembly:kiosk", args=[assembly.summit.slug, assembly.slug])
    assert client.get(url).status_code == 302
    client.force_login(rights[0].delegate)
    assert client.post(url, {"step": "identify", "pin": pin}).status_code in (403, 404)
    assert KioskPin.objects.get().used_at is None


def test_the_secretary_issues_a_pin_on_the_delegates_page(organiser):
    assembly, rights, _item = make_assembly(members=2)
    url = reverse("assembly:kiosk-pin", args=[assembly.summit.slug, assembly.slug, rights[0].pk])
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(rights[0].delegate)
    assert client.post(url, {"user": rights[0].delegate_id}).status_code in (403, 404)
    client.force_login(organiser)
    page = client.post(url, {"user": rights[1].delegate_id}).content.decode()
    assert "Choose the voting delegate or one of the alternates" in page
    assert not KioskPin.objects.exists()
    page = client.post(url, {"user": rights[0].delegate_id}).content.decode()
    pin = re.search(r'id="kiosk-pin">(\d{8})<', page).group(1)
    assert (
        services.kiosk_identify(actor=organiser, assembly=assembly, pin=pin) == rights[0].delegate
    )
