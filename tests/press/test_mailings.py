"""Mailings: a press release or a free message to accredited press, delegations' contacts and
subscribers, each in their language, from the summit's templates; an embargoed release is
marked EMBARGOED (in the summit's zone) and reaches nobody unentitled before its instant."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse

from summitry.core.models import OutboundMessage
from summitry.delegations import services as delegation_services
from summitry.press import mailings, services
from summitry.press.models import Mailing, MailingStatus, Subscriber
from tests.factories import OrganisationFactory, SummitFactory
from tests.press.conftest import make_release, release_it

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
EMBARGO = datetime.datetime(2030, 9, 24, 7, 20, tzinfo=UTC)  # 16:20 in Seoul
ALL = ["press", "delegations", "subscribers"]


@pytest.fixture
def summit(organiser):
    return SummitFactory(slug="forum", time_zone="Asia/Seoul", name_en="Forum", name_ko="포럼")


@pytest.fixture
def contact(summit, organiser):
    delegation_services.invite(
        actor=organiser,
        summit=summit,
        organisation=OrganisationFactory(slug="wellington", name_en="Wellington"),
        contact_name="Tory Whanau",
        contact_email="tory@example.org",
        language="en",
    )
    return "tory@example.org"


@pytest.fixture
def subscriber(summit):
    return Subscriber.objects.create(
        summit=summit,
        email="fan@example.org",
        language="ko",
        confirmed_at=datetime.datetime(2030, 1, 1, tzinfo=UTC),
    )


@pytest.fixture
def release(summit, organiser):
    return release_it(make_release(summit, organiser, embargo_at=EMBARGO), organiser)


def mails_to(address: str):
    return [m for m in mail.outbox if m.to == [address]]


def test_an_embargoed_release_reaches_only_accredited_press_before_its_instant(
    summit, organiser, journalist, contact, subscriber, release
):
    mail.outbox.clear()
    mailing = mailings.create_mailing(
        actor=organiser, summit=summit, release=release, audiences=ALL
    )
    mailings.send(actor=organiser, mailing=mailing)
    before = EMBARGO - datetime.timedelta(seconds=1)
    assert mailings.process(mailing.pk, at=before) == "2 held"

    (sent,) = mail.outbox
    assert sent.to == ["reporter@example.org"]
    # In the journalist's language (Korean by default), the instant in Seoul's zone.
    assert sent.subject.startswith("[엠바고: 2030년 9월 24일 16:20 KST까지]")
    assert "*** 엠바고: 2030년 9월 24일 16:20 KST까지 ***" in sent.body.splitlines()[0]
    assert "포럼 개막" in sent.subject

    counts = mailings.mailing(summit, mailing.pk)
    assert (counts.n_recipients, counts.n_sent, counts.n_held) == (3, 1, 2)
    assert (counts.n_failed, counts.n_waiting) == (0, 0)  # held is neither
    assert counts.status == MailingStatus.HELD

    # The minute task one second before the instant: still nothing for the others.
    mailings.send_held(at=before)
    assert len(mail.outbox) == 1
    # One second after: the others get it, not marked, each in their language.
    mailings.send_held(at=EMBARGO + datetime.timedelta(seconds=1))
    (english,) = mails_to(contact)
    assert english.subject == "Press release: Forum opens"
    assert "EMBARGO" not in english.body and "Dear Tory Whanau" in english.body
    (korean,) = mails_to("fan@example.org")
    assert "엠바고" not in korean.subject
    assert "/forum/press/unsubscribe/" in korean.body
    done = mailings.mailing(summit, mailing.pk)
    assert (done.n_sent, done.n_held, done.status) == (3, 0, MailingStatus.SENT)
    # The journalist is not written to twice.
    assert len(mails_to("reporter@example.org")) == 1


def test_an_english_journalist_reads_the_embargo_in_english(summit, organiser, journalist, release):
    journalist.accreditations.update(language="en")
    mailing = mailings.create_mailing(
        actor=organiser, summit=summit, release=release, audiences=["press"]
    )
    mail.outbox.clear()
    mailings.send(actor=organiser, mailing=mailing)
    mailings.process(mailing.pk, at=EMBARGO - datetime.timedelta(minutes=5))
    (sent,) = mail.outbox
    assert (
        sent.subject == "[EMBARGOED until 24 September 2030 16:20 KST] Press release: Forum opens"
    )


def test_a_later_embargo_holds_the_mail_back_again(summit, organiser, contact, release):
    mailing = mailings.create_mailing(
        actor=organiser, summit=summit, release=release, audiences=["delegations"]
    )
    mailings.send(actor=organiser, mailing=mailing)
    services.change_embargo(
        actor=organiser, release=release, embargo_at=EMBARGO + datetime.timedelta(days=1)
    )
    mail.outbox.clear()
    mailings.send_held(at=EMBARGO + datetime.timedelta(seconds=1))
    assert mail.outbox == []
    # Returned to draft: nobody, even after the new instant.
    services.return_to_draft(actor=organiser, release=release)
    mailings.send_held(at=EMBARGO + datetime.timedelta(days=2))
    mailings.process(mailing.pk, at=EMBARGO + datetime.timedelta(days=2))
    assert mail.outbox == []


def test_a_withdrawn_accreditation_gets_nothing_before_the_embargo(
    summit, organiser, journalist, release
):
    mailing = mailings.create_mailing(
        actor=organiser, summit=summit, release=release, audiences=["press"]
    )
    # Queued, the list taken, and the accreditation refused before the e-mail is written.
    from summitry.press.models import MailingRecipient

    Mailing.objects.filter(pk=mailing.pk).update(status=MailingStatus.QUEUED)

    MailingRecipient.objects.create(
        mailing=mailing, email="reporter@example.org", language="ko", audience="press"
    )
    services.decide_accreditation(
        actor=organiser,
        accreditation=journalist.accreditations.get(),
        approve=False,
        reason={"ko": "취소", "en": ""},
    )
    mail.outbox.clear()
    mailings.process(mailing.pk, at=EMBARGO - datetime.timedelta(seconds=1))
    assert mail.outbox == []


def test_only_a_released_release_can_be_mailed(summit, organiser):
    draft = make_release(summit, organiser, embargo_at=EMBARGO)
    with pytest.raises(ValidationError, match="scheduled or published"):
        mailings.create_mailing(actor=organiser, summit=summit, release=draft, audiences=ALL)
    assert not Mailing.objects.exists()


def test_only_press_staff_create_and_send(summit, organiser, no_perm, release):
    with pytest.raises(PermissionDenied):
        mailings.create_mailing(actor=no_perm, summit=summit, release=release, audiences=ALL)
    mailing = mailings.create_mailing(
        actor=organiser, summit=summit, release=release, audiences=ALL
    )
    with pytest.raises(PermissionDenied):
        mailings.send(actor=no_perm, mailing=mailing)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.DRAFT


def test_a_free_mailing_in_each_recipients_language(summit, organiser, journalist, contact):
    with pytest.raises(ValidationError) as refused:
        mailings.create_mailing(
            actor=organiser, summit=summit, audiences=[], subject={"ko": ""}, message={}
        )
    assert set(refused.value.message_dict) == {"audiences", "subject_ko"}
    mailing = mailings.create_mailing(
        actor=organiser,
        summit=summit,
        audiences=["press", "delegations"],
        subject={"ko": "버스 안내", "en": "Buses"},
        message={"ko": "버스는 9시에 출발합니다.", "en": "Buses leave at 9."},
    )
    mail.outbox.clear()
    mailings.send(actor=organiser, mailing=mailing)
    (korean,) = mails_to("reporter@example.org")
    (english,) = mails_to(contact)
    assert (korean.subject, english.subject) == ("버스 안내", "Buses")
    assert "버스는 9시에 출발합니다." in korean.body and "Buses leave at 9." in english.body


def test_a_template_in_both_languages_with_a_reset(summit, organiser, journalist, release):
    with pytest.raises(ValidationError) as refused:
        mailings.save_template(
            actor=organiser,
            summit=summit,
            kind="release",
            subject={"ko": "{{ headline }} {{ password }}", "en": "{{ headline }}"},
            body={"ko": "본문", "en": ""},
        )
    assert "{{ password }}" in " ".join(refused.value.message_dict["subject_ko"])
    assert "body_en" in refused.value.message_dict
    assert mailings.template_of(summit, "release") is None
    mailings.save_template(
        actor=organiser,
        summit=summit,
        kind="release",
        subject={"ko": "[보도] {{ headline }}", "en": "[Press] {{ headline }}"},
        body={"ko": "{{ name }}님\n{{ link }}", "en": "Hello {{ name }}\n{{ link }}"},
    )
    preview = mailings.preview(summit, "release", at=EMBARGO + datetime.timedelta(hours=1))
    assert preview["ko"].subject == "[보도] 포럼 개막"
    assert preview["en"].subject == "[Press] Forum opens"
    assert f"/forum/press/{release.pk}/" in preview["en"].body
    embargoed = mailings.preview(summit, "release", at=EMBARGO - datetime.timedelta(hours=1))
    assert embargoed["en"].subject.startswith("[EMBARGOED until 24 September 2030 16:20 KST]")
    mailings.reset_template(actor=organiser, summit=summit, kind="release")
    assert mailings.preview(summit, "release", at=EMBARGO)["en"].subject == (
        "Press release: Forum opens"
    )


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@override_settings(EMAIL_BACKEND="tests.press.test_mailings.RefusingBackend")
def test_a_failing_mail_server_is_counted_and_loses_nothing(summit, organiser, journalist, release):
    mailing = mailings.create_mailing(
        actor=organiser, summit=summit, release=release, audiences=["press"]
    )
    mailings.send(actor=organiser, mailing=mailing)
    found = mailings.mailing(summit, mailing.pk)
    assert (found.n_failed, found.n_sent) == (1, 0)
    assert OutboundMessage.objects.get(kind=mailings.KIND).error


# --- pages ----------------------------------------------------------------------------------


def test_staff_preview_and_send_from_the_console(summit, clients, journalist, release):
    staff = clients["staff"]
    answer = staff.post(
        reverse("press:mailing-new", args=["forum"]),
        {"release": release.pk, "audiences": ["press", "subscribers"]},
    )
    mailing = Mailing.objects.get()
    assert answer.status_code == 302
    page = staff.get(answer["Location"]).content.decode()
    assert page.count('class="mail-preview"') == 2
    assert "엠바고" in page and "EMBARGOED until" in page
    send = reverse("press:mailing-send", args=["forum", mailing.pk])
    mail.outbox.clear()
    asked = staff.post(send)
    assert asked.status_code == 200 and mail.outbox == []
    staff.post(send, {"confirmed": "1"})
    assert len(mail.outbox) == 1
    listing = staff.get(reverse("press:mailings", args=["forum"])).content.decode()
    assert re.search(r'<td class="num">1</td><td class="num">1</td>', listing)
    again = staff.post(send, {"confirmed": "1"}, follow=True).content.decode()
    assert "이미 발송" in again or "already been sent" in again
    assert len(mail.outbox) == 1


def test_bad_input_changes_nothing_and_says_why(summit, clients, release):
    answer = clients["staff"].post(
        reverse("press:mailing-new", args=["forum"]), {"release": release.pk}
    )
    assert answer.status_code == 200 and not Mailing.objects.exists()
    template = clients["staff"].post(
        reverse("press:template", args=["forum", "release"]),
        {
            "subject_ko": "{{ nope }}",
            "subject_en": "x",
            "body_ko": "x",
            "body_en": "x",
        },
    )
    assert template.status_code == 200
    assert "{{ nope }}" in template.content.decode()
    assert mailings.template_of(summit, "release") is None


def test_the_console_pages_are_press_staffs(summit, clients, release):
    for name, args in (
        ("press:mailings", []),
        ("press:mailing-new", []),
        ("press:templates", []),
        ("press:template", ["release"]),
    ):
        url = reverse(name, args=["forum", *args])
        assert clients["staff"].get(url).status_code == 200
        assert clients["no_perm"].get(url).status_code == 403
        assert clients["journalist"].get(url).status_code == 404
    assert clients["staff"].get(reverse("press:template", args=["forum", "x"])).status_code == 404


def test_subscribe_confirm_and_unsubscribe(summit, organiser, release, client):
    mail.outbox.clear()
    client.post(
        reverse("press:subscribe", args=["forum"]), {"email": "fan@example.org", "language": "en"}
    )
    (asked,) = mail.outbox
    link = re.search(r"http\S+/subscribe/\S+/", asked.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert not Subscriber.objects.exists()  # opening the link confirms nothing
    client.post("/" + path)
    assert Subscriber.objects.get().confirmed_at is not None
    mailing = mailings.create_mailing(
        actor=organiser, summit=summit, release=release, audiences=["subscribers"]
    )
    mail.outbox.clear()
    mailings.send(actor=organiser, mailing=mailing)
    mailings.send_held(at=EMBARGO)
    (sent,) = mail.outbox
    stop = re.search(r"http\S+/unsubscribe/\S+/", sent.body).group(0)
    client.post("/" + stop.split("://", 1)[1].split("/", 1)[1])
    assert not Subscriber.objects.exists()
    # A forged token: a message, nothing changes.
    answer = client.post(reverse("press:unsubscribe", args=["forum", "forged"]), follow=True)
    assert "not valid" in answer.content.decode() or "유효하지" in answer.content.decode()


def test_a_token_of_another_summit_is_refused(summit, organiser):
    other = SummitFactory(slug="other")
    link = mailings._unsubscribe_link(other, "fan@example.org")
    Subscriber.objects.create(summit=summit, email="fan@example.org", confirmed_at=EMBARGO)
    token = link.rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(ValidationError):
        mailings.unsubscribe(summit=summit, token=token)
    assert Subscriber.objects.filter(summit=summit).exists()
