"""Attendance: who entered each zone on each day (first entry, last scan), per delegation and
per hour, the page's filters and search, CSV/XLSX exports with formula-like names kept as
text."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from summitry.checkin import attendance, services
from tests.factories import UserFactory

from .conftest import MORNING, make_delegate

HOUR = datetime.timedelta(hours=1)


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


@pytest.fixture
def day_of_scans(organiser, door, summit, hall, delegation, delegate_category, badge):
    """Tory enters the hall at 09:00, leaves at 10:30, comes back at 11:00; a delegate with a
    formula-like name enters at 09:10; a forged code is refused (not attendance)."""
    tricky = make_delegate(
        delegation, given_name="=HYPERLINK(1)", family_name="Kim", name_hangul=""
    )
    services.assign_category(
        actor=organiser, summit=summit, delegates=[tricky], category=delegate_category
    )
    other = services.issue(actor=organiser, delegate=tricky)
    plan = [
        (badge, MORNING, "in"),
        (badge, MORNING + 1.5 * HOUR, "out"),
        (badge, MORNING + 2 * HOUR, "in"),
        (other, MORNING + datetime.timedelta(minutes=10), "in"),
    ]
    for n, (holder, at, direction) in enumerate(plan):
        services.scan(
            actor=door,
            summit=summit,
            zone=hall,
            code=services.code_for(holder),
            client_scan_id=f"d{n}",
            at=at,
            direction=direction,
        )
    services.scan(
        actor=door, summit=summit, zone=hall, code="SB1FORGED", client_scan_id="f", at=MORNING
    )
    return badge, other


def test_visits_per_hour_and_per_delegation(summit, hall, day_of_scans):
    tory, other = day_of_scans
    chosen = attendance.filters(summit, {"zone": str(hall.pk), "day": "2023-09-24"})
    assert chosen.problems == []
    rows = {
        row["badge"].pk: row
        for row in attendance.with_holders(summit, attendance.visits(summit, chosen))
    }
    assert (rows[tory.pk]["entries"], rows[tory.pk]["exits"]) == (2, 1)
    assert rows[tory.pk]["first_entry"] == MORNING
    assert rows[tory.pk]["last_scan"] == MORNING + 2 * HOUR
    assert rows[other.pk]["entries"] == 1
    hours = [
        (row["hour"].hour, row["entries"], row["exits"])
        for row in attendance.per_hour(summit, chosen)
    ]
    assert hours == [(9, 2, 0), (10, 0, 1), (11, 1, 0)]  # the summit's clock (Seoul)
    (wellington,) = attendance.per_delegation(summit, chosen)
    assert (wellington["people"], wellington["entries"], wellington["exits"]) == (2, 3, 1)
    # Search by name; another day has nobody.
    found = attendance.visits(summit, attendance.filters(summit, {"q": "whanau"}))
    assert [row["badge"] for row in found] == [tory.pk]
    assert not attendance.visits(summit, attendance.filters(summit, {"day": "2023-09-25"}))


def test_bad_filters_are_reported_and_left_out(summit, day_of_scans):
    chosen = attendance.filters(
        summit, {"zone": "x", "day": "2030-01-01", "delegation": "99999999"}
    )
    assert (chosen.zone, chosen.day, chosen.delegation) == (None, None, None)
    assert len(chosen.problems) == 3
    assert attendance.filters(summit, {"day": "24/09"}).problems == ["Choose days of the summit."]


def test_the_attendance_page(door, summit, hall, day_of_scans):
    client = client_for(door)
    url = reverse("checkin:attendance", args=[summit.slug])
    page = client.get(url, {"zone": hall.pk, "q": "Whanau"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Tory Whanau" in text and "HYPERLINK" not in text.split("Per delegation")[0]
    assert "09:00" in text and "11:00" in text
    bad = client.get(url, {"zone": "abc", "day": "x"})
    assert bad.status_code == 200 and "Choose a zone of this summit." in bad.content.decode()
    ko = client_for(door, "ko").get(url).content.decode()
    assert "출입 기록" in ko and "시간대별" in ko


def test_exports_keep_formula_like_names_as_text(door, summit, hall, day_of_scans):
    client = client_for(door)
    csv = client.get(reverse("checkin:attendance-export", args=[summit.slug, "csv"]))
    assert csv["Content-Type"] == "text/csv"
    text = csv.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1) Kim" in text
    assert "Tory Whanau" in text and "2023-09-24 09:00" in text
    xlsx = client.get(
        reverse("checkin:attendance-export", args=[summit.slug, "xlsx"]), {"zone": hall.pk}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=HYPERLINK(1) Kim"]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert sheet.cell(row=1, column=1).value == "Name (Korean)"
    assert (
        client.get(reverse("checkin:attendance-export", args=[summit.slug, "pdf"])).status_code
        == 404
    )


def test_attendance_is_for_checkin_staff_only(summit, day_of_scans):
    outsider = client_for(UserFactory(username="nobody"))
    for url in (
        reverse("checkin:attendance", args=[summit.slug]),
        reverse("checkin:attendance-export", args=[summit.slug, "csv"]),
    ):
        assert outsider.get(url).status_code in (403, 404)
