"""A summit with a press release and the press room's kinds of reader."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from summitry.core.tokens import issue_token
from summitry.demo.loader import ensure_team
from summitry.press import services
from tests.factories import SummitFactory, UserFactory
from tests.images import png_upload

SEOUL = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def summit(organiser):
    return SummitFactory(slug="forum")


@pytest.fixture
def journalist(summit, organiser):
    user = UserFactory(username="reporter", email="reporter@example.org")
    found = services.apply_for_accreditation(
        actor=user,
        summit=summit,
        data={"name": "Reporter", "outlet": "Daily", "role": "reporter", "country": "KR"},
        press_card=png_upload(),
    )
    services.decide_accreditation(actor=organiser, accreditation=found, approve=True)
    return user


@pytest.fixture
def no_perm(summit):
    user = UserFactory(username="nobody")
    ensure_team(summit, name_ko="무권한", name_en="Nothing", codes=set(), members=[user])
    return user


def make_release(summit, actor, *, embargo_at=None, **extra):
    data = {
        "headline": {"ko": "포럼 개막", "en": "Forum opens"},
        "summary": {"ko": "{{ counts.foreign_cities }}개 도시 참가", "en": ""},
        "body": {"ko": "<p>본문</p>", "en": "<p>Body</p>"},
        "department": {"ko": "국제교류과", "en": "International Relations Division"},
        "edition_date": datetime.date(2030, 9, 25),
        "edition": "morning",
        "embargo_at": embargo_at or timezone.now() + datetime.timedelta(hours=1),
        **extra,
    }
    return services.create_release(actor=actor, summit=summit, data=data)


def release_it(release, actor):
    services.submit_for_review(actor=actor, release=release)
    services.approve(actor=actor, release=release)
    services.schedule(actor=actor, release=release)
    return release


@pytest.fixture
def clients(organiser, journalist, no_perm):
    made = {"anonymous": Client()}
    for name, user in (("staff", organiser), ("journalist", journalist), ("no_perm", no_perm)):
        made[name] = Client()
        made[name].force_login(user)
    return made


@pytest.fixture
def tokens(organiser, journalist, no_perm):
    return {
        "staff": issue_token(user=organiser, name="t")[1],
        "journalist": issue_token(user=journalist, name="t")[1],
        "no_perm": issue_token(user=no_perm, name="t")[1],
    }


def press_world(summit, organiser, applicant):
    """For the permission matrix: an embargoed release and an applicant's pending
    accreditation with its press card."""
    release = release_it(
        make_release(summit, organiser, embargo_at=timezone.now() + datetime.timedelta(days=1)),
        organiser,
    )
    accreditation = services.apply_for_accreditation(
        actor=applicant,
        summit=summit,
        data={"name": "Applicant", "outlet": "Weekly", "role": "editor", "country": "NZ"},
        press_card=png_upload(),
    )
    return release, accreditation


def press_mailing_pages(w, s) -> dict:
    """For the permission matrix: the mailings' pages (a draft mailing of the embargoed
    release), the templates and the public subscription pages."""
    from summitry.press import mailings

    found = mailings.create_mailing(
        actor=w.users["staff"], summit=w.summit, release=w.release, audiences=["press"]
    )
    from summitry.press import attachments

    photo = attachments.add(
        actor=w.users["staff"], release=w.release, upload=png_upload("photo.png")
    )
    console = {**dict.fromkeys(w.users, 404), "anonymous": 302, "no_perm": 403, "staff": 200}
    anyone = {**dict.fromkeys(w.users, 200), "anonymous": 200}
    m = {**s, "mailing_id": found.pk}
    from summitry.press.models import (
        MailingRecipient,
        PressCoverage,
        SavedList,
        SavedListEntry,
        SummitReport,
        Unsubscription,
    )

    recipient = MailingRecipient.objects.create(
        mailing=found, email="someone@example.org", language="en", audience="press"
    )
    saved = SavedList.objects.create(summit=w.summit, name="Partners")
    entry = SavedListEntry.objects.create(saved_list=saved, email="p@example.org")
    article = PressCoverage.objects.create(
        summit=w.summit,
        outlet="Daily",
        headline="Forum",
        published_on=datetime.date(2030, 9, 25),
        language="en",
    )
    waiting = SummitReport.objects.create(summit=w.summit)
    left_out = Unsubscription.objects.create(summit=w.summit, email="gone@example.org")
    return {
        "press:mailings": (s, console, "get"),
        "press:mailing-new": (s, console, "get"),
        "press:mailing": (m, console, "get"),
        "press:mailing-send": (m, console, "post"),
        "press:templates": (s, console, "get"),
        "press:template": ({**s, "kind": "release"}, console, "get"),
        "press:template-reset": ({**s, "kind": "release"}, console, "post"),
        "press:subscribe": (s, anyone, "get"),
        "press:subscribe-confirm": ({**s, "token": "x"}, anyone, "get"),
        "press:unsubscribe": ({**s, "token": "x"}, anyone, "get"),
        "press:reports": (s, console, "get"),
        "press:sitemap": (s, anyone, "get"),
        # The embargoed release's photo: staff (and accredited press, tests/press) only.
        "press:attachment": (
            {**s, "release_id": w.release.pk, "attachment_id": photo.pk},
            {**dict.fromkeys(w.users, 404), "anonymous": 404, "staff": 200},
            "get",
        ),
        "press:attachment-add": (
            {**s, "release_id": w.release.pk},
            {**console, "staff": 302},
            "post",
        ),
        "press:attachment-remove": (
            {**s, "release_id": w.release.pk, "attachment_id": photo.pk},
            console,
            "post",
        ),
        # Test sends, bounces, saved lists, coverage, publishing the report (this file's
        # test_mailing_audiences.py and test_report_page.py test what each does).
        "press:mailing-test": (m, {**console, "staff": 302}, "post"),
        "press:recipient-bounce": (
            {**m, "recipient_id": recipient.pk},
            {**console, "staff": 302},
            "post",
        ),
        # Unsubscribed and bounced addresses (test_left_out.py): taking one back asks first.
        "press:left-out": (s, console, "get"),
        "press:resubscribe": (
            {**s, "kind": "unsubscribed", "address_id": left_out.pk},
            console,
            "post",
        ),
        "press:lists": (s, console, "get"),
        "press:list": ({**s, "list_id": saved.pk}, console, "get"),
        # Destructive: staff are asked first (200).
        "press:list-delete": ({**s, "list_id": saved.pk}, console, "post"),
        "press:list-entry-remove": (
            {**s, "list_id": saved.pk, "entry_id": entry.pk},
            console,
            "post",
        ),
        "press:coverage": (s, console, "get"),
        "press:coverage-remove": ({**s, "coverage_id": article.pk}, console, "post"),
        # Not ready: refused with a message, back to the reports.
        "press:report-publish": ({**s, "report_id": waiting.pk}, {**console, "staff": 302}, "post"),
        # Nothing published yet: a 404 for everyone.
        "press:report": (s, {**dict.fromkeys(w.users, 404), "anonymous": 404}, "get"),
        # No report built: staff get a 404 too; tests/press/test_report.py downloads one.
        "press:report-file": (
            {**s, "report_id": 1, "kind": "pdf"},
            {**console, "staff": 404},
            "get",
        ),
    }


def press_kit_pages(w, s) -> dict:
    """For the permission matrix: the public media kit, and staff's "press material" toggle
    on the embargoed release's file."""
    from summitry.press import attachments

    photo = attachments.add(actor=w.users["staff"], release=w.release, upload=png_upload("kit.png"))
    console = {**dict.fromkeys(w.users, 404), "anonymous": 302, "no_perm": 403, "staff": 302}
    return {
        "press:kit": (s, {**dict.fromkeys(w.users, 200), "anonymous": 200}, "get"),
        "press:attachment-press-material": (
            {**s, "release_id": w.release.pk, "attachment_id": photo.pk},
            console,
            "post",
        ),
    }
