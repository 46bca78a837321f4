"""The press room's pages: staff write and release, journalists apply, staff decide."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from summitry.press.models import Accreditation, AccreditationStatus, PressRelease, ReleaseStatus
from tests.factories import PersonFactory, UserFactory
from tests.images import png_upload

from .conftest import make_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(organiser):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    return client


def form_data(**extra):
    return {
        "headline_ko": "시장포럼 개막",
        "headline_en": "Mayors Forum opens",
        "summary_ko": "{{ counts.foreign_cities }}개 도시 대표단 참석\n주제별 논의",
        "summary_en": "",
        "body_ko": "<p>본문<script>x</script></p>",
        "body_en": "",
        "department_ko": "경제정책실 국제교류과",
        "department_en": "",
        "original_language": "ko",
        "edition_date": "2030-09-25",
        "edition": "morning",
        "embargo_at": "2030-09-24T16:20",
        "figures_as_of": "2030-09-23",
        "photos_enclosed": "on",
        "page_count": "10",
        **extra,
    }


def test_staff_write_and_release(summit, staff, organiser):
    answer = staff.post("/forum/manage/press/new/", form_data())
    assert answer.status_code == 302, answer.content.decode()[:2000]
    release = PressRelease.objects.get(summit=summit)
    # Typed in the summit's zone (Seoul, UTC+9).
    assert release.embargo_at == datetime.datetime(2030, 9, 24, 7, 20, tzinfo=datetime.UTC)
    assert "<script" not in release.body_ko
    page = staff.get(f"/forum/manage/press/{release.pk}/")
    assert page.status_code == 200 and "0개 도시 대표단 참석" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    person = PersonFactory(name_hangul="조혜정")
    staff.post(
        f"/forum/manage/press/{release.pk}/contacts/",
        {"person": person.pk, "title_ko": "국제교류과장", "phone": "02-2133-5260"},
    )
    assert release.contacts.get().phone == "02-2133-5260"
    for action in ("submit", "approve", "schedule"):
        staff.post(f"/forum/manage/press/{release.pk}/status/", {"action": action})
    release.refresh_from_db()
    assert release.status == ReleaseStatus.SCHEDULED and release.approved_by == organiser
    # Returning to draft asks first.
    url = f"/forum/manage/press/{release.pk}/status/"
    asked = staff.post(url, {"action": "draft"})
    assert asked.status_code == 200 and b"confirmed" in asked.content
    release.refresh_from_db()
    assert release.status == ReleaseStatus.SCHEDULED
    staff.post(url, {"action": "draft", "confirmed": "1"})
    release.refresh_from_db()
    assert release.status == ReleaseStatus.DRAFT


def test_an_unknown_figure_is_shown_on_the_form(summit, staff):
    answer = staff.post("/forum/manage/press/new/", form_data(summary_en="{{ counts.nope }}"))
    assert answer.status_code == 200 and "nope" in answer.content.decode()
    assert not PressRelease.objects.exists()


def test_journalist_applies_and_staff_decide(summit, staff):
    user = UserFactory(username="kim")
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    fields = {"name": "Kim", "outlet": "Seoul Daily", "role": "reporter", "country": "KR"}
    fake = SimpleUploadedFile("card.png", b"not an image", content_type="image/png")
    refused = client.post(
        "/forum/press/accreditation/", {**fields, "language": "ko", "press_card": fake}
    )
    assert refused.status_code == 200 and "not an image" in refused.content.decode()
    assert not Accreditation.objects.exists()
    client.post(
        "/forum/press/accreditation/", {**fields, "language": "ko", "press_card": png_upload()}
    )
    found = Accreditation.objects.get()
    assert found.status == AccreditationStatus.PENDING
    listing = staff.get("/forum/manage/press/accreditations/?status=pending")
    assert "Seoul Daily" in listing.content.decode()
    decide = f"/forum/manage/press/accreditations/{found.pk}/decide/"
    staff.post(decide, {"decision": "refuse"})
    found.refresh_from_db()
    assert found.status == AccreditationStatus.PENDING  # a refusal needs a reason
    staff.post(decide, {"decision": "refuse", "reason_en": "Not a journalist."})
    found.refresh_from_db()
    assert found.status == AccreditationStatus.REFUSED
    assert "Not a journalist." in client.get("/forum/press/accreditation/").content.decode()
    staff.post(decide, {"decision": "approve"})
    found.refresh_from_db()
    assert found.status == AccreditationStatus.APPROVED and found.reason_en == ""


def test_no_perm_team_member_cannot_decide(summit, organiser, no_perm):
    release = make_release(summit, organiser)
    client = Client()
    client.force_login(no_perm)
    answer = client.post(f"/forum/manage/press/{release.pk}/status/", {"action": "submit"})
    assert answer.status_code == 403
    release.refresh_from_db()
    assert release.status == ReleaseStatus.DRAFT


def test_dashboard_panel(summit, staff, organiser):
    make_release(summit, organiser)
    page = staff.get("/forum/manage/")
    assert page.status_code == 200 and 'id="panel-press"' in page.content.decode()
