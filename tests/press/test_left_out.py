"""Addresses the summit's mailings leave out: a bounced address is left out of every later
mailing (accredited press included), an unsubscribed one of all but the service list; each
mailing counts how many were left out and why; the console lists them (search, kind,
pagination) and takes one back only once staff confirm."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from summitry.core.models import AuditEntry
from summitry.delegations.models import DelegationStatus
from summitry.press import mailings
from summitry.press.models import BouncedAddress, MailingRecipient, MailingStatus, Unsubscription
from tests.factories import SummitFactory, UserFactory
from tests.press.test_mailing_audiences import emails, head_of, message

pytestmark = pytest.mark.django_db
LEFT_OUT = "/forum/manage/press/left-out/"


@pytest.fixture
def summit(organiser):
    return SummitFactory(slug="forum", time_zone="Asia/Seoul", name_en="Forum", name_ko="포럼")


@pytest.fixture
def heads(summit):
    for slug in ("busan", "lima", "oslo"):
        head_of(summit, slug, DelegationStatus.CONFIRMED, f"{slug}@example.org")


def client_of(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def bounce(summit, organiser, email: str, reason: str = "550 mailbox unknown") -> None:
    first = message(summit, organiser, ["heads", "press"])
    mailings.send(actor=organiser, mailing=first)
    row = first.recipients.get(email=email)
    mailings.mark_bounced(actor=organiser, recipient=row, reason=reason)


def test_a_bounced_address_is_left_out_of_later_mailings_and_counted(
    summit, organiser, heads, journalist
):
    bounce(summit, organiser, "busan@example.org")
    bounce(summit, organiser, "reporter@example.org", "mailbox full")
    assert set(BouncedAddress.objects.values_list("email", flat=True)) == {
        "busan@example.org",
        "reporter@example.org",
    }
    Unsubscription.objects.create(summit=summit, email="lima@example.org")
    later = message(summit, organiser, ["heads", "press"])
    # Bounced: left out on every list, the accredited press's service one too.
    assert emails(later) == ["oslo@example.org"]
    assert mailings.collect_for(later)[1] == {"bounced": 2, "unsubscribed": 1}
    page = client_of(organiser).get(reverse("press:mailing", args=["forum", later.pk]))
    text = page.content.decode()
    assert "3 addresses on the chosen lists are left out: 1 unsubscribed, 2 bounced before" in text
    assert LEFT_OUT in text

    mail.outbox.clear()
    mailings.send(actor=organiser, mailing=later)
    later.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["oslo@example.org"]]
    assert later.skipped == {"bounced": 2, "unsubscribed": 1}
    korean = client_of(organiser, "ko").get(reverse("press:mailing", args=["forum", later.pk]))
    assert "수신 거부 1, 반송 이력 2" in korean.content.decode()


def test_an_address_that_bounces_while_its_e_mail_is_held_gets_none(summit, organiser, heads):
    mailing = message(summit, organiser, ["heads"])
    mailing.status = MailingStatus.QUEUED
    mailing.save()
    MailingRecipient.objects.create(
        mailing=mailing, email="lima@example.org", language="en", audience="heads"
    )
    BouncedAddress.objects.create(
        summit=summit, email="lima@example.org", bounced_at="2030-01-01T00:00Z", reason="550"
    )
    mail.outbox.clear()
    assert mailings.process(mailing.pk) == "sent"
    assert mail.outbox == []
    mailing.refresh_from_db()
    assert mailing.skipped == {"bounced": 1}


def test_an_unsubscribed_journalist_reached_as_press_is_not_counted_left_out(
    summit, organiser, journalist
):
    Unsubscription.objects.create(summit=summit, email="reporter@example.org")
    found = message(summit, organiser, ["press"])
    assert mailings.collect_for(found) == (mailings.addresses_of(found), {})


def test_the_console_lists_left_out_addresses_with_search_kind_and_pages(summit, organiser, heads):
    bounce(summit, organiser, "busan@example.org")
    for n in range(60):
        Unsubscription.objects.create(summit=summit, email=f"reader{n:02}@example.org")
    staff = client_of(organiser)
    page = staff.get(LEFT_OUT).content.decode()
    assert "busan@example.org" in page and "550 mailbox unknown" in page
    assert "reader00@example.org" in page and "reader59@example.org" not in page
    assert "Page 1 of 2 (61 in all)" in page
    assert "reader59@example.org" in staff.get(LEFT_OUT + "?page=2").content.decode()
    found = staff.get(LEFT_OUT, {"q": "BUSAN"}).content.decode()
    assert "busan@example.org" in found and "reader00" not in found
    only = staff.get(LEFT_OUT, {"kind": "bounced"}).content.decode()
    assert "busan@example.org" in only and "reader00" not in only
    ignored = staff.get(LEFT_OUT, {"kind": "<script>"})
    assert ignored.status_code == 200 and "reader00" in ignored.content.decode()
    # Reachable from the console's sidebar.
    console = staff.get(reverse("press:mailings", args=["forum"])).content.decode()
    assert f'href="{LEFT_OUT}"' in console


def test_taking_an_address_back_asks_first_then_mailings_reach_it(summit, organiser, heads):
    bounce(summit, organiser, "busan@example.org")
    Unsubscription.objects.create(summit=summit, email="lima@example.org")
    bounced = BouncedAddress.objects.get()
    unsubscribed = Unsubscription.objects.get()
    staff = client_of(organiser)
    url = reverse("press:resubscribe", args=["forum", "bounced", bounced.pk])
    asked = staff.post(url)
    assert (
        asked.status_code == 200 and "Write to busan@example.org again?" in asked.content.decode()
    )
    assert BouncedAddress.objects.exists()
    assert staff.get(url).status_code == 405
    done = staff.post(url, {"confirmed": "1"}, follow=True)
    assert "Later mailings reach busan@example.org again." in done.content.decode()
    assert not BouncedAddress.objects.exists()
    assert AuditEntry.objects.filter(action="deleted", object_repr="busan@example.org").exists()
    # The first mailing still shows that its e-mail bounced.
    assert MailingRecipient.objects.filter(
        email="busan@example.org", bounced_at__isnull=False
    ).exists()

    again = reverse("press:resubscribe", args=["forum", "unsubscribed", unsubscribed.pk])
    korean = client_of(organiser, "ko").post(again).content.decode()
    assert "lima@example.org" in korean and "다시" in korean
    staff.post(again, {"confirmed": "1"})
    assert not Unsubscription.objects.exists()
    assert emails(message(summit, organiser, ["heads"])) == [
        "busan@example.org",
        "lima@example.org",
        "oslo@example.org",
    ]
    # Gone, or of an unknown kind: 404.
    assert staff.post(url, {"confirmed": "1"}).status_code == 404
    bad_kind = reverse("press:resubscribe", args=["forum", "other", unsubscribed.pk])
    assert staff.post(bad_kind, {"confirmed": "1"}).status_code == 404


def test_only_the_summits_press_staff_see_and_take_back_left_out_addresses(
    summit, organiser, heads, no_perm
):
    bounce(summit, organiser, "busan@example.org")
    bounced = BouncedAddress.objects.get()
    url = reverse("press:resubscribe", args=["forum", "bounced", bounced.pk])
    elsewhere = UserFactory(username="elsewhere")
    from summitry.demo.loader import ensure_team

    other = SummitFactory(slug="other")
    ensure_team(other, name_ko="다른", name_en="Other", codes={"press"}, members=[elsewhere])
    assert client_of(None).get(LEFT_OUT).status_code == 302
    assert client_of(no_perm).get(LEFT_OUT).status_code == 403
    assert client_of(elsewhere).get(LEFT_OUT).status_code == 404
    for who, status in ((None, 302), (no_perm, 403), (elsewhere, 404)):
        assert client_of(who).post(url, {"confirmed": "1"}).status_code == status
    assert BouncedAddress.objects.exists()
    # Another summit's address is not this summit's to take back.
    theirs = BouncedAddress.objects.create(
        summit=other, email="x@example.org", bounced_at="2030-01-01T00:00Z"
    )
    foreign = reverse("press:resubscribe", args=["forum", "bounced", theirs.pk])
    assert client_of(organiser).post(foreign, {"confirmed": "1"}).status_code == 404
    assert BouncedAddress.objects.filter(pk=theirs.pk).exists()
