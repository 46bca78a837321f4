"""Attendance from the scans at the doors: who entered each zone on each day (first entry,
last scan, entries and exits), per delegation, entries and exits per hour, and the same rows
as CSV/XLSX (through core.spreadsheets, which neutralises formula-like cells).

Filters come from a page's query string; a filter that does not parse (a zone of another
summit, a day outside the summit, a delegation id that is not a number) is reported in the
user's language and left out, never an error page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Min, Q, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import spreadsheets
from summitry.core.scoping import in_summit
from summitry.delegations.models import Delegation
from summitry.directory.models import person_name

from .models import HOLDER_RELATED, Badge, Scan, ScanResult, Zone

ENTERED = Q(result=ScanResult.ENTER)
LEFT = Q(result=ScanResult.EXIT)


@dataclass
class Filters:
    zone: Zone | None = None
    day: datetime.date | None = None
    delegation: Delegation | None = None
    text: str = ""
    problems: list[str] = field(default_factory=list)

    def query(self) -> dict:
        """The filters as a query string's values (for the export links)."""
        values = {
            "zone": self.zone.pk if self.zone else "",
            "day": self.day.isoformat() if self.day else "",
            "delegation": self.delegation.pk if self.delegation else "",
            "q": self.text,
        }
        return {key: value for key, value in values.items() if value != ""}


def summit_days(summit) -> list[datetime.date]:
    days, day = [], summit.start_date
    while day <= summit.end_date:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


def filters(summit, params) -> Filters:
    found = Filters(text=(params.get("q") or "").strip()[:100])
    zone = (params.get("zone") or "").strip()
    if zone:
        found.zone = in_summit(Zone, summit).filter(pk=zone).first() if zone.isdigit() else None
        if found.zone is None:
            found.problems.append(_("Choose a zone of this summit."))
    day = (params.get("day") or "").strip()
    if day:
        try:
            found.day = datetime.date.fromisoformat(day)
        except ValueError:
            found.day = None
        if found.day is None or not summit.start_date <= found.day <= summit.end_date:
            found.day = None
            found.problems.append(_("Choose days of the summit."))
    delegation = (params.get("delegation") or "").strip()
    if delegation:
        found.delegation = (
            in_summit(Delegation, summit)
            .filter(pk=delegation)
            .select_related("organisation")
            .first()
            if delegation.isdigit()
            else None
        )
        if found.delegation is None:
            found.problems.append(_("Choose a delegation of this summit."))
    return found


def scans(summit, chosen: Filters) -> QuerySet[Scan]:
    """Entries and exits (refusals are not attendance) of identified badges, filtered."""
    rows = in_summit(Scan, summit).filter(
        result__in=[ScanResult.ENTER, ScanResult.EXIT], badge__isnull=False
    )
    if chosen.zone is not None:
        rows = rows.filter(zone=chosen.zone)
    if chosen.day is not None:
        rows = rows.filter(day=chosen.day)
    if chosen.delegation is not None:
        rows = rows.filter(badge__delegate__delegation=chosen.delegation)
    if len(chosen.text) >= 2:
        text = chosen.text
        rows = rows.filter(
            Q(badge__delegate__person__name_hangul__icontains=text)
            | Q(badge__delegate__person__given_name__icontains=text)
            | Q(badge__delegate__person__family_name__icontains=text)
            | Q(badge__delegate__delegation__organisation__name_en__icontains=text)
            | Q(badge__delegate__delegation__organisation__name_ko__icontains=text)
            | Q(badge__press_accreditation__name__icontains=text)
            | Q(badge__press_accreditation__outlet__icontains=text)
            | Q(badge__exhibitor_staff__name_hangul__icontains=text)
            | Q(badge__exhibitor_staff__given_name__icontains=text)
            | Q(badge__exhibitor_staff__family_name__icontains=text)
        )
    return rows


def visits(summit, chosen: Filters) -> QuerySet:
    """One row per badge, zone and day: first entry, last scan, entries and exits."""
    return (
        scans(summit, chosen)
        .values("badge", "zone", "day")
        .annotate(
            first_entry=Min("at", filter=ENTERED),
            last_scan=Max("at"),
            entries=Count("pk", filter=ENTERED),
            exits=Count("pk", filter=LEFT),
        )
        .order_by("-day", "zone", "first_entry", "badge")
    )


def with_holders(summit, rows) -> list[dict]:
    """The rows of a page with their badge (holder, delegation, category) and zone."""
    rows = list(rows)
    badges = in_summit(Badge, summit).select_related("category", *HOLDER_RELATED)
    badges = badges.in_bulk({row["badge"] for row in rows})
    zones = in_summit(Zone, summit).in_bulk({row["zone"] for row in rows})
    return [
        {**row, "badge": badges.get(row["badge"]), "zone": zones.get(row["zone"])}
        for row in rows
        if row["badge"] in badges
    ]


def per_delegation(summit, chosen: Filters) -> QuerySet:
    """People who entered (distinct badges) and entries, per delegation (of delegates'
    badges: journalists and booth staff belong to none)."""
    return (
        scans(summit, chosen)
        .filter(badge__delegate__isnull=False)
        .values(
            "badge__delegate__delegation",
            "badge__delegate__delegation__organisation__name_en",
            "badge__delegate__delegation__organisation__name_ko",
        )
        .annotate(
            people=Count("badge", filter=ENTERED, distinct=True),
            entries=Count("pk", filter=ENTERED),
            exits=Count("pk", filter=LEFT),
        )
        .order_by("-people", "badge__delegate__delegation__organisation__name_en")
    )


def per_hour(summit, chosen: Filters) -> list[dict]:
    """Entries and exits per hour of the summit's clock (hours without scans left out)."""
    rows = (
        scans(summit, chosen)
        .annotate(hour=TruncHour("at", tzinfo=summit.zone))
        .values("hour")
        .annotate(entries=Count("pk", filter=ENTERED), exits=Count("pk", filter=LEFT))
        .order_by("hour")
    )
    found = [{**row, "hour": timezone.localtime(row["hour"], summit.zone)} for row in rows]
    top = max((row["entries"] for row in found), default=0)
    for row in found:
        row["share"] = round(100 * row["entries"] / top) if top else 0
    return found


# --- exports -----------------------------------------------------------------------------------


def columns() -> list[str]:
    return [
        _("Name (Korean)"),
        _("Name (Latin script)"),
        _("Delegation"),
        _("Accreditation category"),
        _("Zone"),
        _("Day"),
        _("First entry"),
        _("Last scan"),
        _("Entries"),
        _("Exits"),
    ]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_rows(summit, chosen: Filters) -> list[list]:
    """Every visit of the filters, holders' names as stored (a cell that looks like a formula
    is neutralised by core.spreadsheets)."""
    out = []
    for row in with_holders(summit, visits(summit, chosen)):
        badge = row["badge"]
        person = badge.holder.person
        organisation = badge.holder.organisation
        out.append(
            [
                person_name(person, "ko").text if person.name_hangul else "",
                person.latin_name,
                organisation.name_ko or organisation.name_en,
                str(badge.category) if badge.category else "",
                str(row["zone"]),
                row["day"].isoformat(),
                _local(row["first_entry"]),
                _local(row["last_scan"]),
                row["entries"],
                row["exits"],
            ]
        )
    return out


def csv_bytes(summit, chosen: Filters) -> bytes:
    return spreadsheets.csv_bytes(columns(), export_rows(summit, chosen))


def xlsx_bytes(summit, chosen: Filters) -> bytes:
    return spreadsheets.xlsx_bytes([(_("Attendance"), columns(), export_rows(summit, chosen))])
