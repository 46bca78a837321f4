"""The demo's press room: seeds 001 and 003 as written, figures from the counts of 23
September, two sample journalists who may sign in; loading twice changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from summitry.press.models import Accreditation, PressRelease, ReleaseStatus
from summitry.press.presenting import present
from tests.demo_data import demo_for_the_module

SEOUL = ZoneInfo("Asia/Seoul")


demo_loaded = demo_for_the_module("wcsmf2023")


@pytest.fixture
def loaded(demo_loaded, db):
    """The forum's demo, as loaded."""


def test_the_two_releases_read_as_printed(loaded):
    opening, keynote = PressRelease.objects.order_by("edition_date")
    assert opening.embargo_at == datetime.datetime(2023, 9, 24, 16, 20, tzinfo=SEOUL)
    assert keynote.embargo_at == datetime.datetime(2023, 9, 25, 14, 0, tzinfo=SEOUL)
    assert opening.status == keynote.status == ReleaseStatus.PUBLISHED
    assert opening.department_ko == "경제정책실 국제교류과"
    assert [c.phone for c in keynote.contacts.all()] == ["02-2133-5260", "02-2133-5273"]
    from django.utils import translation

    with translation.override("ko"):
        shown = present(keynote, timezone.now())
    # The seed's own figures, cited from the counts frozen at approval.
    assert "30개국 50개 도시 시장 및 대표단과 22개 국제기구" in shown.body
    with translation.override("ko"):
        assert "50개 도시 대표단과" in present(opening, timezone.now()).headline.text
    with translation.override("en"):
        assert present(opening, timezone.now()).is_translation
    page = Client().get(f"/wcsmf2023/press/{keynote.pk}/", HTTP_ACCEPT_LANGUAGE="ko")
    assert "9월 25일" in page.content.decode() and "조혜정" in page.content.decode()


def test_sample_journalists_may_sign_in_and_loading_twice_changes_nothing(loaded):
    assert Accreditation.objects.filter(is_sample=True, status="approved").count() == 2
    request = RequestFactory().post("/accounts/login/")
    assert authenticate(request, username="press", password="summitry-demo") is not None
    before = (PressRelease.objects.count(), Accreditation.objects.count())
    call_command("demo", "load", "wcsmf2023")
    assert (PressRelease.objects.count(), Accreditation.objects.count()) == before


def test_sample_files_coverage_the_press_category_and_the_published_report(loaded):
    from summitry.press.models import PressCoverage, ReleaseAttachment, SummitReport

    files = ReleaseAttachment.objects.order_by("release__edition_date", "position")
    assert [(f.file_name, f.is_image) for f in files] == [
        ("sample-photo.png", True),
        ("sample-fact-sheet.pdf", False),
    ] * 2
    assert all("sample" in f.caption_en.lower() and "샘플" in f.caption_ko for f in files)
    coverage = PressCoverage.objects.all()
    assert coverage.count() == 3 and all(c.is_sample and "sample" in c.outlet for c in coverage)
    categories = {a.category.name_en for a in Accreditation.objects.filter(status="approved")}
    assert categories == {"Press"}
    (built,) = SummitReport.objects.all()
    assert built.status == "ready" and built.published_at is not None
    assert len(built.figures["coverage"]) == 3
    page = Client().get("/wcsmf2023/press/report/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Seoul Daily (sample)" in page.content.decode()
    call_command("demo", "load", "wcsmf2023")
    assert (ReleaseAttachment.objects.count(), SummitReport.objects.count()) == (4, 1)
    assert PressCoverage.objects.count() == 3
