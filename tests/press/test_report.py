"""The after-event report: figures read from the other capabilities, a PDF in both languages
with SVG charts and an XLSX workbook with a native chart, built by the task queue, downloaded
by press staff only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from summitry.checkin import services as checkin
from summitry.checkin.models import Scan
from summitry.delegations.models import Delegate, Delegation
from summitry.press import charts, report, tasks
from summitry.press.models import ReportStatus, SummitReport
from tests.factories import OrganisationFactory, PersonFactory
from tests.press.conftest import make_release, release_it

pytestmark = pytest.mark.django_db


def attending(summit, slug, country, region):
    organisation = OrganisationFactory(
        slug=slug, name_en=slug.title(), country=country, region=region, kind="city"
    )
    return Delegation.objects.create(
        summit=summit,
        organisation=organisation,
        status="confirmed",
        registered_at=datetime.datetime(2023, 9, 1, tzinfo=datetime.UTC),
    )


@pytest.fixture
def world(summit, organiser, journalist):
    wellington = attending(summit, "wellington", "NZ", "oceania")
    attending(summit, "auckland", "NZ", "oceania")
    attending(summit, "hanoi", "VN", "asia")
    release_it(
        make_release(summit, organiser, embargo_at=timezone.now() - datetime.timedelta(hours=1)),
        organiser,
    )
    return wellington


def check_in(summit, organiser, delegation):
    hall = checkin.create_zone(actor=organiser, summit=summit, name={"ko": "홀", "en": "Hall"})
    lounge = checkin.create_zone(actor=organiser, summit=summit, name={"ko": "방", "en": "Room"})
    category = checkin.create_category(
        actor=organiser, summit=summit, name={"ko": "대표", "en": "Delegate"}, zones=[hall, lounge]
    )
    member = Delegate.objects.create(
        delegation=delegation, person=PersonFactory(organisation=delegation.organisation)
    )
    checkin.assign_category(actor=organiser, summit=summit, delegates=[member], category=category)
    badge = checkin.issue(actor=organiser, delegate=member)
    at = datetime.datetime(2023, 9, 24, 1, 0, tzinfo=datetime.UTC)
    Scan.objects.create(
        summit=summit,
        badge=badge,
        zone=hall,
        at=at,
        day=at.date(),
        result="enter",
        visit=1,
        client_scan_id="a",
    )
    Scan.objects.create(
        summit=summit,
        badge=badge,
        zone=lounge,
        at=at,
        day=at.date(),
        result="enter",
        visit=1,
        client_scan_id="b",
    )


def test_the_report_is_built_in_the_background_with_its_figures(
    summit, organiser, journalist, world
):
    check_in(summit, organiser, world)
    found = report.request(actor=organiser, summit=summit)
    assert found.status == ReportStatus.READY and found.finished_at is not None
    data = found.figures
    assert data["by_country"] == {"NZ": 2, "VN": 1}
    assert data["by_region"] == {"asia": 1, "oceania": 2}
    assert data["registered"]["foreign_cities"] == 3 and data["registered"]["countries"] == 2
    assert data["checkin"] == {"people": 1, "by_day": {"2023-09-24": 1}}
    assert data["press"]["releases"] == 1 and data["press"]["accredited"] == 1

    text = " ".join(page.extract_text() for page in PdfReader(found.pdf.open("rb")).pages)
    for words in ("행사 결과 보고서", "After-event report", "Participants checked in", "뉴질랜드"):
        assert words in text

    book = load_workbook(io.BytesIO(found.xlsx.open("rb").read()))
    figures = {row[1]: row[2] for row in book["Figures"].iter_rows(min_row=2, values_only=True)}
    assert figures["Participants checked in"] == 1
    assert figures["Countries"] == data["registered"]["countries"]
    assert len(book["Regions"]._charts) == 1
    assert list(book["Countries"].iter_rows(min_row=2, values_only=True)) == [
        ("뉴질랜드", "New Zealand", 2),
        ("베트남", "Vietnam", 1),
    ]


def test_without_check_ins_the_report_says_attendance_is_as_registered(summit, organiser, world):
    found = report.request(actor=organiser, summit=summit)
    assert found.figures["checkin"] is None
    section = report._section(summit, found.figures, "en")
    assert "No check-ins were recorded" in section
    assert "<svg" in section and "Oceania" in section


def test_a_chart_is_svg_with_its_labels_and_values_as_text():
    svg = charts.bars([("오세아니아", 1234), ("<script>", 3), ("A & B", 0)], title="지역", key="t")
    assert svg.startswith("<svg") and 'aria-label="지역"' in svg
    assert ">오세아니아</text>" in svg and ">1,234</text>" in svg and ">3</text>" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "A &amp; B" in svg
    # The site's Content-Security-Policy refuses inline styles: only SVG attributes.
    assert "style=" not in svg and "<style" not in svg
    assert "font-family=\"'NanumGothic'" in svg
    days = charts.columns([("9월 24일", 120), ("9월 25일", 300)], title="일별", key="d")
    assert ">9월 25일</text>" in days and ">300</text>" in days
    assert charts.bars([], title="x", key="x") == "" == charts.columns([], title="x", key="x")


def test_the_charts_are_drawn_once_by_the_builder_and_kept(summit, organiser, world):
    found = report.request(actor=organiser, summit=summit)
    titles = {lang: [title for title, _svg in found.charts[lang]] for lang in ("ko", "en")}
    assert "Delegations by region" in titles["en"] and "지역별 대표단" in titles["ko"]
    assert ">Oceania</text>" in dict(found.charts["en"])["Delegations by region"]
    assert ">오세아니아</text>" in dict(found.charts["ko"])["지역별 대표단"]
    # The PDF's chart labels are text too, in both languages.
    text = " ".join(page.extract_text() for page in PdfReader(found.pdf.open("rb")).pages)
    assert "오세아니아" in text and "Oceania" in text


def test_a_report_without_its_charts_is_shown_at_once_and_the_queue_draws_them(
    summit, organiser, world, settings, django_capture_on_commit_callbacks
):
    """A page never draws (1.4–3.8 s with matplotlib): a report built before charts were kept,
    or whose drawing failed, is shown without them and a note while the task queue draws them."""
    found = report.request(actor=organiser, summit=summit)
    titles = [title for title, _svg in found.charts["en"]]
    report.publish(actor=organiser, found=found)
    SummitReport.objects.filter(pk=found.pk).update(charts={})
    settings.CELERY_TASK_ALWAYS_EAGER = False  # with a broker: the page only queues the task
    url = reverse("press:report", args=[summit.slug])
    visitor = Client(headers={"Accept-Language": "en"})
    staff = Client(headers={"Accept-Language": "en"})
    staff.force_login(organiser)
    with django_capture_on_commit_callbacks() as queued:
        first = visitor.get(url)
        again = staff.get(url)  # signed in: not from the page cache; not queued twice
    for answer in (first, again):
        page = answer.content.decode()
        assert answer.status_code == 200 and "The charts are being drawn" in page
        assert "<svg" not in page and "Delegations by region" not in page
        assert "Participants registered" in page  # the figures are there
    assert len(queued) == 1
    assert SummitReport.objects.get(pk=found.pk).charts == {}  # nothing drawn in the request

    assert tasks.draw_report_charts.apply(args=[found.pk]).get() == "drawn"
    assert tasks.draw_report_charts.apply(args=[found.pk]).get() == "nothing to do"
    kept = SummitReport.objects.get(pk=found.pk).charts
    assert [title for title, _svg in kept["en"]] == titles and kept["ko"]
    page = visitor.get(url).content.decode()  # the cached copy with the note went stale
    assert "The charts are being drawn" not in page
    assert "<svg" in page and all(title in page for title in titles)
    # The stored files were built with their charts: downloads never draw either.
    pdf = reverse("press:report-file", args=[summit.slug, found.pk, "pdf"])
    assert b"".join(staff.get(pdf).streaming_content).startswith(b"%PDF")


def test_only_press_staff_build_and_download(summit, organiser, no_perm, clients, world):
    with pytest.raises(PermissionDenied):
        report.request(actor=no_perm, summit=summit)
    assert not SummitReport.objects.exists()
    url = reverse("press:reports", args=["forum"])
    assert clients["no_perm"].post(url).status_code == 403
    assert clients["journalist"].post(url).status_code == 404
    assert not SummitReport.objects.exists()
    assert clients["staff"].post(url).status_code == 302
    found = SummitReport.objects.get()
    pdf = reverse("press:report-file", args=["forum", found.pk, "pdf"])
    xlsx = reverse("press:report-file", args=["forum", found.pk, "xlsx"])
    answer = clients["staff"].get(pdf)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert b"".join(answer.streaming_content).startswith(b"%PDF")
    assert "private" in answer["Cache-Control"]
    assert clients["staff"].get(xlsx).status_code == 200
    assert clients["staff"].get(pdf.replace(".pdf", ".exe")).status_code == 404
    for who in ("journalist", "anonymous"):
        assert clients[who].get(pdf).status_code in (302, 404)
    assert clients["no_perm"].get(pdf).status_code == 403
    page = clients["staff"].get(url).content.decode()
    assert pdf in page and xlsx in page


def test_a_report_not_ready_is_not_offered(summit, organiser, clients):
    found = SummitReport.objects.create(summit=summit, requested_by=organiser)
    pdf = reverse("press:report-file", args=["forum", found.pk, "pdf"])
    assert clients["staff"].get(pdf).status_code == 404
    assert report.build(found.pk) == "ready"
    assert report.build(found.pk) == "nothing to do"
    assert clients["staff"].get(pdf).status_code == 200


def test_the_report_gives_online_viewing_per_item_and_channel(summit, organiser, world):
    """Issue 17: the viewing figures of online items go into the after-event report (page
    section, PDF section, workbook); an item nobody watched is left out."""
    from summitry.online import viewing
    from summitry.online.models import OnlineItem
    from summitry.programme.models import ProgrammeItem

    starts = timezone.now().replace(second=0, microsecond=0)

    def online_item(title_en, title_ko):
        item = ProgrammeItem.objects.create(
            summit=summit,
            kind="forum_session",
            title_en=title_en,
            title_ko=title_ko,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
        )
        return OnlineItem.objects.create(item=item, format="online")

    watched = online_item("Mayors' meeting", "도시정부 시장회의")
    online_item("Nobody watched", "아무도 안 봄")
    for viewer in ("a", "b", "c"):
        viewing.record(watched, "ko", viewer, now=starts)
    viewing.record(watched, "en", "d", now=starts)
    viewing.record(watched, "en", "a", now=starts + datetime.timedelta(minutes=1))

    data = report.figures(summit)
    (row,) = data["online"]
    assert row == {
        "title": {"ko": "도시정부 시장회의", "en": "Mayors' meeting"},
        "peak": 4,
        "unique": 4,
        "channels": {"ko": 3, "en": 2},
    }
    html = report._section(summit, data, "en", drawn={})
    assert 'id="online-viewing"' in html and "Mayors&#x27; meeting" in html
    assert "ko 3 · en 2" in html and "Nobody watched" not in html
    assert "도시정부 시장회의" in report._section(summit, data, "ko", drawn={})
    sheet = load_workbook(io.BytesIO(report.xlsx_bytes(summit, data)))["Online viewing"]
    assert [c.value for c in sheet[2]] == [
        "도시정부 시장회의",
        "Mayors' meeting",
        4,
        4,
        "ko 3 · en 2",
    ]
    # Without online items the report has no such section.
    OnlineItem.objects.all().delete()
    assert report.figures(summit)["online"] is None
