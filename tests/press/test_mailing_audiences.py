"""Mailings, continued: heads of delegation (by delegation status), judges, award applicants
and saved lists as audiences; a test sent to oneself; unsubscribing through the signed link of
each mailing; bounces recorded by staff and by a mail provider's webhook (the API)."""

from __future__ import annotations

import re

import pytest
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from summitry.core.models import OutboundMessage
from summitry.core.tokens import issue_token
from summitry.delegations.models import Delegate, DelegateRole, Delegation, DelegationStatus
from summitry.press import mailings
from summitry.press.models import (
    Audience,
    Mailing,
    MailingRecipient,
    MailingStatus,
    SavedList,
    SavedListEntry,
    Unsubscription,
)
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory
from tests.judging.support import make_application, make_award, make_categories, make_judge

pytestmark = pytest.mark.django_db


@pytest.fixture
def summit(organiser):
    return SummitFactory(slug="forum", time_zone="Asia/Seoul", name_en="Forum", name_ko="포럼")


def head_of(summit, slug, status, email, *, role=DelegateRole.HEAD):
    delegation = Delegation.objects.create(
        summit=summit, organisation=OrganisationFactory(slug=slug), status=status
    )
    return Delegate.objects.create(
        delegation=delegation,
        person=PersonFactory(given_name=slug.title(), family_name="Mayor"),
        role=role,
        email=email,
    )


@pytest.fixture
def heads(summit):
    head_of(summit, "busan", DelegationStatus.CONFIRMED, "busan@example.org")
    head_of(summit, "lima", DelegationStatus.REGISTERED, "lima@example.org")
    head_of(summit, "oslo", DelegationStatus.DECLINED, "oslo@example.org")
    # A member, not the head: never on the heads' list.
    busan = Delegation.objects.get(organisation__slug="busan")
    Delegate.objects.create(
        delegation=busan,
        person=PersonFactory(given_name="Aide"),
        role=DelegateRole.MEMBER,
        email="aide@example.org",
    )


def en(user=None) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def message(summit, organiser, audiences, **extra) -> Mailing:
    return mailings.create_mailing(
        actor=organiser,
        summit=summit,
        audiences=audiences,
        subject={"ko": "안내", "en": "Notice"},
        message={"ko": "본문입니다.", "en": "The text."},
        **extra,
    )


def emails(found: Mailing) -> list[str]:
    return sorted(a.email for a in mailings.addresses_of(found))


# --- audiences -----------------------------------------------------------------------------------


def test_heads_of_delegation_by_status(summit, organiser, heads):
    every = message(summit, organiser, ["heads"])
    assert emails(every) == ["busan@example.org", "lima@example.org"]  # not declined, no aide
    # Written to in the delegation's language (English without an invitation), by the name
    # in that language's script.
    busan = mailings.addresses_of(every)[0]
    assert (busan.name, busan.language) == ("Busan Mayor", "en")
    confirmed = message(summit, organiser, ["heads"], statuses=["confirmed"])
    assert confirmed.delegation_statuses == ["confirmed"]
    assert emails(confirmed) == ["busan@example.org"]
    declined = message(summit, organiser, ["heads"], statuses=["declined", "made-up"])
    assert declined.delegation_statuses == ["declined"]  # an unknown status is dropped
    assert emails(declined) == ["oslo@example.org"]


def test_judges_of_the_summits_awards_and_submitted_applicants(summit, organiser):
    award = make_award(summit=summit)
    category = make_categories(award)[1]
    judge = make_judge(award, "judge", languages=("en",))
    judge.user.email = "judge@example.org"
    judge.user.save()
    quiet = make_judge(award, "resting")
    quiet.is_active = False
    quiet.save()
    submitted = make_application(award, category, 1, language="ko")
    submitted.applicant.email = "applicant@example.org"
    submitted.applicant.save()
    draft = make_application(award, category, 2, status="draft")
    draft.applicant.email = "draft@example.org"
    draft.applicant.save()
    # Another summit's judge is never reached.
    other = make_judge(make_award(slug="elsewhere"), "stranger")
    other.user.email = "stranger@example.org"
    other.user.save()

    found = mailings.addresses_of(message(summit, organiser, ["judges", "applicants"]))
    assert [(a.email, a.language, a.audience) for a in found] == [
        ("judge@example.org", "en", Audience.JUDGES),
        ("applicant@example.org", "ko", Audience.APPLICANTS),
    ]


def test_a_saved_list_is_managed_and_picked(summit, organiser):
    found = mailings.create_saved_list(actor=organiser, summit=summit, name="Partners")
    added = mailings.add_to_list(
        actor=organiser,
        saved_list=found,
        text="ana@example.org, Ana, en\n\nbo@example.org;Bo\nANA@example.org, Ana B, ko",
    )
    assert added == 3
    rows = {e.email.lower(): (e.name, e.language) for e in found.entries.all()}
    assert rows == {"ana@example.org": ("Ana B", "ko"), "bo@example.org": ("Bo", "ko")}

    mailing = message(summit, organiser, ["list"], saved_list=found)
    assert emails(mailing) == ["ana@example.org", "bo@example.org"]
    assert "Partners" in mailing.audience_labels()

    with pytest.raises(ValidationError):  # used by a mailing: kept
        mailings.delete_saved_list(actor=organiser, saved_list=found)


def test_bad_saved_list_input_changes_nothing(summit, organiser):
    found = mailings.create_saved_list(actor=organiser, summit=summit, name="Partners")
    with pytest.raises(ValidationError) as error:
        mailings.add_to_list(
            actor=organiser, saved_list=found, text="ok@example.org\nnot an address\nx@y.org,,fr"
        )
    assert error.value.message_dict["addresses"] == [
        "Line 2: “not an address” is not an e-mail address.",
        "Line 3: the language must be ko or en.",
    ]
    assert not found.entries.exists()
    with pytest.raises(ValidationError):
        mailings.create_saved_list(actor=organiser, summit=summit, name="partners")
    with pytest.raises(ValidationError) as error:
        message(summit, organiser, ["list"])
    assert "saved_list" in error.value.message_dict
    elsewhere = SavedList.objects.create(summit=SummitFactory(slug="other"), name="Theirs")
    with pytest.raises(ValidationError) as error:
        message(summit, organiser, ["list"], saved_list=elsewhere)
    assert error.value.message_dict["saved_list"] == ["Choose a list of this summit."]


def test_only_press_staff_manage_saved_lists(summit, organiser, no_perm):
    with pytest.raises(PermissionDenied):
        mailings.create_saved_list(actor=no_perm, summit=summit, name="Mine")
    found = mailings.create_saved_list(actor=organiser, summit=summit, name="Ours")
    with pytest.raises(PermissionDenied):
        mailings.add_to_list(actor=no_perm, saved_list=found, text="a@example.org")
    staff, other = en(organiser), en(no_perm)
    url = reverse("press:list", args=["forum", found.pk])
    assert other.post(url, {"addresses": "a@example.org"}).status_code == 403
    response = staff.post(url, {"addresses": "a@example.org, A, en"}, follow=True)
    assert "a@example.org" in response.content.decode()
    entry = SavedListEntry.objects.get()
    remove = reverse("press:list-entry-remove", args=["forum", found.pk, entry.pk])
    assert staff.post(remove).status_code == 200  # asks first
    assert SavedListEntry.objects.exists()
    staff.post(remove, {"confirmed": "1"})
    assert not SavedListEntry.objects.exists()
    staff.post(reverse("press:list-delete", args=["forum", found.pk]), {"confirmed": "1"})
    assert not SavedList.objects.exists()


# --- a test to oneself ---------------------------------------------------------------------------


def test_a_test_goes_to_oneself_in_both_languages_marked_and_is_not_the_sending(
    summit, organiser, heads
):
    mailing = message(summit, organiser, ["heads"])
    mail.outbox.clear()
    sent = mailings.send_test(actor=organiser, mailing=mailing)
    assert [m.language for m in sent] == ["ko", "en"]
    assert [m.to for m in mail.outbox] == [["organiser@example.org"]] * 2
    assert mail.outbox[0].subject == "[테스트] 안내"
    assert mail.outbox[1].subject == "[TEST] Notice"
    assert "Dear Demo Organiser" in mail.outbox[1].body
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT
    assert not mailing.recipients.exists()
    assert mailings.mailing(summit, mailing.pk).n_recipients == 0

    mail.outbox.clear()
    mailings.send_test(actor=organiser, mailing=mailing, languages=["en"])
    assert [m.subject for m in mail.outbox] == ["[TEST] Notice"]


def test_a_test_send_is_refused_to_others_and_without_an_address(summit, organiser, no_perm):
    mailing = message(summit, organiser, ["heads"])
    with pytest.raises(PermissionDenied):
        mailings.send_test(actor=no_perm, mailing=mailing)
    organiser.email = ""
    organiser.save()
    with pytest.raises(ValidationError):
        mailings.send_test(actor=organiser, mailing=mailing)
    assert not OutboundMessage.objects.exists()
    other = Client()
    other.force_login(no_perm)
    url = reverse("press:mailing-test", args=["forum", mailing.pk])
    assert other.post(url, {"language": "en"}).status_code == 403


def test_the_test_button_sends_the_chosen_language(summit, organiser):
    mailing = message(summit, organiser, ["heads"])
    staff = en(organiser)
    mail.outbox.clear()
    url = reverse("press:mailing-test", args=["forum", mailing.pk])
    response = staff.post(url, {"language": "ko"}, follow=True)
    assert [m.subject for m in mail.outbox] == ["[테스트] 안내"]
    assert "organiser@example.org" in response.content.decode()
    assert staff.post(url, {"language": "fr"}).status_code == 302
    assert len(mail.outbox) == 1  # a bad language: nothing sent


# --- unsubscribing ---------------------------------------------------------------------------


def sent_link(address: str) -> str:
    (found,) = [m for m in mail.outbox if m.to == [address]]
    return re.search(r"https?://\S+/unsubscribe/\S+/", found.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_the_link_in_a_mailing_unsubscribes_after_confirming(summit, organiser, heads, journalist):
    mail.outbox.clear()
    first = message(summit, organiser, ["heads", "press"])
    mailings.send(actor=organiser, mailing=first)
    link = path_of(sent_link("busan@example.org"))
    # The accredited journalist's e-mail is a service one: no link, says why.
    (press,) = [m for m in mail.outbox if m.to == ["reporter@example.org"]]
    assert "/unsubscribe/" not in press.body
    assert "accreditation" in press.body or "취재" in press.body

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and not Unsubscription.objects.exists()  # a GET: nothing
    visitor.post(link)
    assert list(Unsubscription.objects.values_list("email", flat=True)) == ["busan@example.org"]
    visitor.post(link)  # twice: still once
    assert Unsubscription.objects.count() == 1

    second = message(summit, organiser, ["heads", "press"])
    assert emails(second) == ["lima@example.org", "reporter@example.org"]
    # Shown on the first mailing's recipients.
    rows = {r.email: r.unsubscribed for r in mailings.recipients(first)}
    assert rows["busan@example.org"] is True and rows["lima@example.org"] is False


def test_an_unsubscribed_journalist_still_gets_the_accredited_service(
    summit, organiser, journalist
):
    Unsubscription.objects.create(summit=summit, email="REPORTER@example.org")
    assert emails(message(summit, organiser, ["press"])) == ["reporter@example.org"]


def test_a_tampered_or_foreign_unsubscribe_token_changes_nothing(summit, organiser, heads):
    mail.outbox.clear()
    mailings.send(actor=organiser, mailing=message(summit, organiser, ["heads"]))
    link = path_of(sent_link("busan@example.org"))
    token = link.rstrip("/").rsplit("/", 1)[1]
    value, signature = token.rsplit(":", 1)
    forged = signing.dumps({"s": summit.pk, "e": "lima@example.org"}, salt="wrong")
    other = SummitFactory(slug="other")
    foreign = signing.dumps(
        {"s": other.pk, "e": "lima@example.org"}, salt=mailings.UNSUBSCRIBE_SALT
    )
    visitor = en()
    for bad in (
        value + ":" + signature[::-1],
        value.replace(value[:4], "eyJ9"),
        forged,
        foreign,
    ):
        url = reverse("press:unsubscribe", args=["forum", bad])
        response = visitor.post(url, follow=True)
        assert "This link is not valid (or has expired)." in response.content.decode()
    assert not Unsubscription.objects.exists()


def test_an_address_that_unsubscribes_while_held_gets_no_e_mail(summit, organiser, heads):
    mailing = message(summit, organiser, ["heads"])
    mailing.status = MailingStatus.QUEUED
    mailing.save()
    Unsubscription.objects.create(summit=summit, email="lima@example.org")
    MailingRecipient.objects.create(
        mailing=mailing, email="lima@example.org", language="en", audience="heads"
    )
    mail.outbox.clear()
    assert mailings.process(mailing.pk) == "sent"
    assert [m.to for m in mail.outbox] == []  # the list was written before: lima left out
    assert not mailing.recipients.filter(email="lima@example.org").exists()


# --- bounces ---------------------------------------------------------------------------------


@pytest.fixture
def sent(summit, organiser, heads) -> Mailing:
    mailing = message(summit, organiser, ["heads"])
    mailings.send(actor=organiser, mailing=mailing)
    return mailing


def test_staff_mark_a_recipient_bounced_with_a_reason(sent, organiser, no_perm):
    row = sent.recipients.get(email="busan@example.org")
    url = reverse("press:recipient-bounce", args=["forum", sent.pk, row.pk])
    other, staff = en(no_perm), en(organiser)
    assert other.post(url, {"reason": "550"}).status_code == 403
    response = staff.post(url, {"reason": "  "}, follow=True)
    assert "Say why the e-mail bounced." in response.content.decode()
    row.refresh_from_db()
    assert row.bounced_at is None
    page = staff.post(url, {"reason": "550 mailbox unknown"}, follow=True).content.decode()
    row.refresh_from_db()
    assert row.bounced_at is not None and row.bounce_reason == "550 mailbox unknown"
    assert "550 mailbox unknown" in page
    assert mailings.mailing(sent.summit, sent.pk).n_bounced == 1


def api(token):
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_a_mail_providers_webhook_records_a_bounce(sent, organiser, no_perm):
    url = "/api/v1/summits/forum/press/bounces"
    row = sent.recipients.get(email="lima@example.org")
    staff = api(issue_token(user=organiser, name="provider")[1])
    assert Client().post(url, {"email": "lima@example.org"}, "application/json").status_code == 401
    response = api(issue_token(user=no_perm, name="t")[1]).post(
        url, {"email": "lima@example.org"}, "application/json"
    )
    assert response.status_code == 403
    assert staff.post(url, {}, "application/json").status_code == 400
    response = staff.post(url, {"email": "nobody@example.org"}, "application/json")
    assert response.status_code == 400
    row.refresh_from_db()
    assert row.bounced_at is None

    response = staff.post(
        url, {"message_id": row.message_id, "reason": "hard bounce"}, "application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"recorded": 1, "recipients": [row.pk]}
    assert response["Cache-Control"].startswith("private")
    row.refresh_from_db()
    assert row.bounce_reason == "hard bounce"
    # By address: recorded once per recipient not bounced yet.
    response = staff.post(url, {"email": "LIMA@example.org"}, "application/json")
    assert response.json()["recorded"] == 0
    other = SummitFactory(slug="elsewhere")
    assert staff.post(
        f"/api/v1/summits/{other.slug}/press/bounces",
        {"message_id": row.message_id},
        "application/json",
    ).status_code in (400, 403)


def test_the_recipient_list_shows_delivery_bounce_and_unsubscribe(sent, organiser):
    row = sent.recipients.get(email="busan@example.org")
    mailings.mark_bounced(actor=organiser, recipient=row, reason="full mailbox")
    Unsubscription.objects.create(summit=sent.summit, email="lima@example.org")
    staff = en(organiser)
    page = staff.get(reverse("press:mailing", args=["forum", sent.pk])).content.decode()
    assert "full mailbox" in page
    assert "unsubscribed since" in page
    assert "sent" in page
    listing = staff.get(reverse("press:mailings", args=["forum"])).content.decode()
    assert "Bounced" in listing


def test_a_bounce_is_refused_before_any_e_mail_was_written(summit, organiser):
    mailing = message(summit, organiser, ["heads"])
    row = MailingRecipient.objects.create(
        mailing=mailing, email="x@example.org", language="en", audience="heads"
    )
    with pytest.raises(ValidationError):
        mailings.mark_bounced(actor=organiser, recipient=row, reason="550")
