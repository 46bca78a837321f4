"""The voting kiosk takes a member's badge (check-in's signed code) instead of a one-time PIN,
with the same guarantees: nothing of the voter in the kiosk's session, one vote per member,
and a revoked, superseded, forged or withdrawn badge refused with its reason."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from summitry.assembly import services
from summitry.assembly.models import Ballot, VoterRoll
from summitry.checkin import services as checkin
from summitry.checkin import signing
from summitry.delegations.models import Delegate, Delegation
from tests.factories import PersonFactory

from .support import make_assembly, make_poll

pytestmark = pytest.mark.django_db


def badge_for(organiser, assembly, right, user, category):
    """A registered delegate of ``right``'s member whose account is ``user``, with a badge."""
    organisation = right.member.organisation
    delegation, _new = Delegation.objects.get_or_create(
        summit=assembly.summit, organisation=organisation, defaults={"status": "registered"}
    )
    delegate = Delegate.objects.create(
        delegation=delegation, person=PersonFactory(organisation=organisation), user=user
    )
    checkin.assign_category(
        actor=organiser, summit=assembly.summit, delegates=[delegate], category=category
    )
    return checkin.issue(actor=organiser, delegate=delegate)


@pytest.fixture
def world(organiser):
    assembly, rights, item = make_assembly(members=3)
    zone = checkin.create_zone(
        actor=organiser, summit=assembly.summit, name={"ko": "총회장", "en": "Hall"}
    )
    category = checkin.create_category(
        actor=organiser, summit=assembly.summit, name={"en": "Delegate"}, zones=[zone]
    )
    badges = [badge_for(organiser, assembly, right, right.delegate, category) for right in rights]
    return assembly, rights, item, badges, category


def _kiosk(organiser, assembly):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    return client, reverse("assembly:kiosk", args=[assembly.summit.slug, assembly.slug])


def test_a_valid_badge_identifies_its_voter_and_nothing_is_written(organiser, world):
    assembly, rights, _item, badges, _category = world
    code = checkin.code_for(badges[0])
    assert services.kiosk_identify_badge(actor=organiser, assembly=assembly, code=code) == (
        rights[0].delegate
    )
    # Shown again, it identifies again (a badge is not used up): one vote per member is the
    # voter roll's rule, tested below.
    assert (
        services.kiosk_identify_badge(actor=organiser, assembly=assembly, code=code.lower())
        == rights[0].delegate
    )
    with pytest.raises(PermissionDenied):
        services.kiosk_identify_badge(actor=rights[0].delegate, assembly=assembly, code=code)


def test_refused_badges_say_why(organiser, world):
    assembly, rights, _item, badges, category = world
    old = checkin.code_for(badges[1])
    checkin.issue(actor=organiser, delegate=badges[1].delegate)  # a reprint: old superseded
    checkin.revoke(actor=organiser, badge=badges[2])
    # Forged: a code signed with another key, or damaged.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    payload = signing.Payload(badges[0].pk, badges[0].version, 0, None, 0)
    forged = signing.sign(payload, key=Ed25519PrivateKey.generate())
    # Signed by us but of no badge of this summit (another summit's, say).
    foreign = signing.sign(signing.Payload(999_999, 1, 0, None, 0))
    # A delegate of a member's delegation without a vote here.
    bystander = badge_for(organiser, assembly, rights[0], None, category)
    # A withdrawn registration.
    withdrawn = badges[0].delegate
    cases = {
        forged: "forged",
        checkin.code_for(badges[0])[:-4] + "AAAA": "forged",
        foreign: "forged",
        old: "superseded",
        checkin.code_for(badges[2]): "revoked",
        checkin.code_for(bystander): "no_vote",
    }
    for code, reason in cases.items():
        with pytest.raises(ValidationError) as caught:
            services.kiosk_identify_badge(actor=organiser, assembly=assembly, code=code)
        assert caught.value.code == reason, code
    withdrawn.place = "cancelled"
    withdrawn.save(update_fields=["place"])
    with pytest.raises(ValidationError) as caught:
        services.kiosk_identify_badge(
            actor=organiser, assembly=assembly, code=checkin.code_for(badges[0])
        )
    assert caught.value.code == "withdrawn"


def test_a_voter_votes_at_the_kiosk_with_their_badge_once(organiser, world):
    assembly, rights, item, badges, _category = world
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    client, url = _kiosk(organiser, assembly)
    assert "or scan your badge" in client.get(url).content.decode()
    session_before = dict(client.session.items())
    code = checkin.code_for(badges[0])
    page = client.post(url, {"step": "identify", "pin": code}).content.decode()
    assert 'name="token"' in page and "투표 대표로" in page  # in the voter's language
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    cast = {
        "step": "cast",
        "token": token,
        "language": "en",
        "poll": poll.pk,
        "member": rights[0].member_id,
        "choice": "yes",
    }
    answer = client.post(url, cast).content.decode()
    assert 'id="receipt"' in answer
    # Nothing of the voter in the kiosk's session: still the staff's, unchanged.
    assert dict(client.session.items()) == session_before
    # The same badge again: identified, but the member's vote is cast already.
    page = client.post(url, {"step": "identify", "pin": code}).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    again = client.post(url, {**cast, "token": token, "choice": "no"}).content.decode()
    assert "already voted" in again
    assert VoterRoll.objects.filter(poll=poll).count() == 1 and Ballot.objects.count() == 1


def test_the_kiosk_shows_a_refused_badges_reason_in_both_languages(organiser, world):
    assembly, _rights, _item, badges, _category = world
    old = checkin.code_for(badges[1])
    checkin.issue(actor=organiser, delegate=badges[1].delegate)
    checkin.revoke(actor=organiser, badge=badges[2])
    client, url = _kiosk(organiser, assembly)
    page = client.post(url, {"step": "identify", "pin": old}).content.decode()
    assert "replaced by a newer one" in page and "새 배지" in page
    page = client.post(
        url, {"step": "identify", "pin": checkin.code_for(badges[2])}
    ).content.decode()
    assert "was revoked" in page and "취소" in page
    assert 'name="token"' not in page
    page = client.post(url, {"step": "identify", "pin": "SB1NOTACODE"}).content.decode()
    assert "not valid: forged" in page
    # Still the PIN's message for a PIN.
    page = client.post(url, {"step": "identify", "pin": "12345678"}).content.decode()
    assert "This PIN is not valid" in page
    # Not staff: no kiosk.
    delegate = Client()
    delegate.force_login(badges[0].delegate.user)
    answer = delegate.post(url, {"step": "identify", "pin": checkin.code_for(badges[0])})
    assert answer.status_code in (403, 404)
