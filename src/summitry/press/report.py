"""The summit's after-event report: its figures, read from the other capabilities (read only),
as a PDF in Korean and English with charts drawn on the server by matplotlib (press.charts, SVG
with Korean in Nanum; kept with the report, so pages never draw them) and as an XLSX workbook
with a native chart (openpyxl).

Staff ask for it (:func:`request`); the task queue builds it (:func:`build`), never the
request; the console offers the files once ready.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from summitry.core import audit
from summitry.core.bilingual import LANGUAGE_CODES, localise, values
from summitry.core.scoping import in_summit
from summitry.core.spreadsheets import is_formula_like
from summitry.core.timezones import EARLIEST, LATEST

from . import policy
from .models import (
    RELEASED,
    Accreditation,
    AccreditationStatus,
    Mailing,
    PressCoverage,
    PressRelease,
    ReportStatus,
    SummitReport,
)

# --- the figures ---------------------------------------------------------------------------------


def _as_of(summit) -> datetime.date:
    today = timezone.localtime(timezone.now(), summit.zone).date()
    day = min(summit.end_date, today) if summit.end_date else today
    return min(max(day, EARLIEST), LATEST)


def figures(summit, *, at: datetime.datetime | None = None) -> dict:
    """Every figure of the report, language-neutral (codes, not labels), JSON-ready."""
    from summitry.awards.models import Winner
    from summitry.checkin.models import Scan, ScanResult
    from summitry.delegations.models import ATTENDING, Delegation
    from summitry.delegations.queries import counts
    from summitry.diplomacy.models import PARTNER_STATUSES, Agreement, MeetingRequest, RequestStatus
    from summitry.online import viewing
    from summitry.programme.models import ItemType, ProgrammeItem

    at = at or timezone.now()
    as_of = _as_of(summit)
    registered = counts(summit, as_of)
    attending = in_summit(Delegation, summit).filter(status__in=ATTENDING)
    regions = Counter(
        region or "unknown" for region in attending.values_list("organisation__region", flat=True)
    )
    by_country = Counter(
        code for code in attending.values_list("organisation__country", flat=True) if code
    )
    entered = in_summit(Scan, summit).filter(result=ScanResult.ENTER)
    by_day = dict(
        sorted(
            (day.isoformat(), n)
            for day, n in entered.values_list("day")
            .annotate(n=Count("badge", distinct=True))
            .values_list("day", "n")
        )
    )
    items = in_summit(ProgrammeItem, summit)
    by_type = dict(
        sorted(items.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    )
    agreements = in_summit(Agreement, summit).filter(status__in=PARTNER_STATUSES)
    public_releases = in_summit(PressRelease, summit).filter(
        status__in=RELEASED, embargo_at__lte=at
    )
    watched = [
        {
            "title": values(row["item"], "title"),
            "peak": row["peak"],
            "unique": row["unique"],
            "channels": {c["channel"]: c["unique"] for c in row["channels"]},
        }
        for row in viewing.summary(summit)
        if row["unique"]
    ]
    return {
        "as_of": as_of.isoformat(),
        "registered": {
            key: registered[key]
            for key in ("delegations", "foreign_cities", "countries", "organisations", "people")
        },
        "delegations_by_kind": registered["delegations_by_kind"],
        "by_region": dict(sorted(regions.items())),
        "by_country": dict(sorted(by_country.items(), key=lambda kv: (-kv[1], kv[0]))),
        "checkin": {
            "people": entered.values("badge").distinct().count(),
            "by_day": by_day,
        }
        if by_day
        else None,
        "programme": {
            "items": items.exclude(kind=ItemType.VISIT_STOP).count(),
            "by_type": by_type,
            "site_visits": by_type.get(ItemType.SITE_VISIT, 0),
        },
        "diplomacy": {
            "meetings": in_summit(MeetingRequest, summit)
            .filter(status=RequestStatus.ACCEPTED)
            .count(),
            "agreements_signed": agreements.count(),
            "agreements_by_kind": dict(
                sorted(agreements.values_list("kind").annotate(n=Count("pk")))
            ),
        },
        "awards": {"winners": in_summit(Winner, summit).count()},
        # Online and hybrid items as watched (viewers counted by the watch page, counts only).
        "online": watched or None,
        "press": {
            "releases": public_releases.count(),
            "accredited": in_summit(Accreditation, summit)
            .filter(status=AccreditationStatus.APPROVED)
            .count(),
            "mailings": in_summit(Mailing, summit).exclude(status="draft").count(),
        },
        "coverage": [
            {
                "outlet": row.outlet,
                "headline": row.headline,
                "date": row.published_on.isoformat(),
                "url": row.url,
                "language": row.language,
                "reach": row.reach,
                "sample": row.is_sample,
            }
            for row in coverage(summit)
        ],
    }


# --- labels in the active language ------------------------------------------------------------


def _choice_label(choices, value: str) -> str:
    return str(dict(choices).get(value, value))


def headline_rows(data: dict) -> list[tuple[str, int]]:
    """The headline figures, labelled in the active language."""
    rows = [
        (_("Delegations"), data["registered"]["delegations"]),
        (_("Foreign cities"), data["registered"]["foreign_cities"]),
        (_("Countries"), data["registered"]["countries"]),
        (_("International organisations and companies"), data["registered"]["organisations"]),
        (_("Participants registered"), data["registered"]["people"]),
    ]
    if data["checkin"]:
        rows.append((_("Participants checked in"), data["checkin"]["people"]))
    rows += [
        (_("Programme items"), data["programme"]["items"]),
        (_("Site visits"), data["programme"]["site_visits"]),
        (_("Bilateral meetings"), data["diplomacy"]["meetings"]),
        (_("Agreements signed"), data["diplomacy"]["agreements_signed"]),
        (_("Award winners"), data["awards"]["winners"]),
        (_("Press releases"), data["press"]["releases"]),
        (_("Accredited media"), data["press"]["accredited"]),
        (_("Mailings sent"), data["press"]["mailings"]),
    ]
    if "coverage" in data:
        rows.append((_("Press coverage (articles)"), len(data["coverage"])))
        rows.append(
            (_("Press coverage: reach"), sum(row["reach"] or 0 for row in data["coverage"]))
        )
    return rows


def coverage_rows(data: dict) -> list[dict]:
    """The press coverage entered by staff, as the report froze it, each with its date."""
    return [
        {**row, "date": datetime.date.fromisoformat(row["date"])}
        for row in data.get("coverage", [])
    ]


def online_rows(data: dict) -> list[dict]:
    """The online items as watched: title in the active language, peak concurrent viewers,
    unique viewers, and unique viewers per language channel ("ko 12 · en 30")."""
    rows = []
    for row in data.get("online") or []:
        title = row["title"].get(translation.get_language() or "ko") or next(
            (t for t in row["title"].values() if t), ""
        )
        channels = " · ".join(f"{code} {n}" for code, n in row["channels"].items())
        rows.append(
            {"title": title, "peak": row["peak"], "unique": row["unique"], "channels": channels}
        )
    return rows


def region_rows(data: dict) -> list[tuple[str, int]]:
    from summitry.directory.models import Region

    labels = {**dict(Region.choices), "unknown": _("Region not given")}
    return [(str(labels.get(k, k)), n) for k, n in data["by_region"].items()]


def country_rows(data: dict) -> list[tuple[str, int]]:
    return [(str(countries.name(code) or code), n) for code, n in data["by_country"].items()]


def type_rows(data: dict) -> list[tuple[str, int]]:
    from summitry.programme.models import ItemType

    return [
        (_choice_label(ItemType.choices, k), n) for k, n in data["programme"]["by_type"].items()
    ]


def checkin_rows(data: dict) -> list[tuple[str, int]]:
    from django.utils import formats

    if not data["checkin"]:
        return []
    return [
        (formats.date_format(datetime.date.fromisoformat(day), "MONTH_DAY_FORMAT"), n)
        for day, n in data["checkin"]["by_day"].items()
    ]


def top_countries(data: dict) -> list[tuple[str, int]]:
    return country_rows(data)[:15]


# --- the charts ---------------------------------------------------------------------------------

# Each chart: its key, its title (in the active language), its rows, how it is drawn.
CHARTS = (
    ("regions", gettext_lazy("Delegations by region"), region_rows, "bars"),
    ("countries", gettext_lazy("Delegations by country (top 15)"), top_countries, "bars"),
    ("programme", gettext_lazy("Programme by type"), type_rows, "bars"),
    ("checkins", gettext_lazy("Check-ins by day (people)"), checkin_rows, "columns"),
)


def draw_charts(data: dict) -> dict[str, list[list[str]]]:
    """The report's charts in each language, ``{language: [[title, svg], …]}``, drawn by
    matplotlib (press.charts); empty charts left out. Slow-ish: the builder draws them once
    and keeps them with the report."""
    from . import charts as drawing

    drawn: dict[str, list[list[str]]] = {}
    for lang in LANGUAGE_CODES:
        with translation.override(lang):
            drawn[lang] = []
            for key, title, rows_of, kind in CHARTS:
                svg = getattr(drawing, kind)(rows_of(data), title=str(title), key=f"{key}-{lang}")
                if svg:
                    drawn[lang].append([str(title), svg])
    return drawn


# A report whose charts are missing is queued for drawing at most once in this many seconds
# (a failed drawing is tried again after that, at the next view).
REDRAW_EVERY = 5 * 60


def charts_of(found: SummitReport, language: str) -> list[tuple[str, str]] | None:
    """A built report's charts in ``language`` (title, SVG), as the builder kept them. A page
    never draws: for a report whose charts are missing (built before charts were kept, or their
    drawing failed) the task queue is asked to draw them (:func:`redraw`) and ``None`` is
    returned, so that the page says they are being drawn."""
    kept = found.charts or {}
    if language not in kept and found.figures:
        if cache.add(f"press:report-charts:{found.pk}", 1, REDRAW_EVERY):
            from summitry.core.tasks import run_after_commit

            from .tasks import draw_report_charts

            run_after_commit(draw_report_charts, found.pk)
        return None
    return [(title, mark_safe(svg)) for title, svg in kept.get(language, [])]  # noqa: S308


def redraw(report_id: int) -> str:
    """Draw and keep the charts of a ready report that lacks them; idempotent (a report with
    its charts in every language is left alone). The write makes the public page's cached
    copies stale, so visitors see the charts next."""
    found = SummitReport.objects.filter(pk=report_id, status=ReportStatus.READY).first()
    if found is None or not found.figures:
        return "nothing to do"
    if all(lang in (found.charts or {}) for lang in LANGUAGE_CODES):
        return "nothing to do"
    found.charts = draw_charts(found.figures)
    found.save(update_fields=["charts"])
    return "drawn"


# --- the files ----------------------------------------------------------------------------------


def _section(summit, data: dict, language: str, drawn: dict | None = None) -> str:
    drawn = draw_charts(data) if drawn is None else drawn
    with translation.override(language), timezone.override(summit.zone):
        context = {
            "coverage": coverage_rows(data),
            "online": online_rows(data),
            "summit": summit,
            "summit_name": localise(summit, "name"),
            "data": data,
            "as_of": datetime.date.fromisoformat(data["as_of"]),
            "headline": headline_rows(data),
            "charts": [(title, mark_safe(svg)) for title, svg in drawn.get(language, [])],  # noqa: S308
            "language": language,
        }
        return render_to_string("press/_report_section.html", context)


def pdf_bytes(summit, data: dict, drawn: dict | None = None) -> bytes:
    from weasyprint import HTML

    drawn = draw_charts(data) if drawn is None else drawn
    sections = [
        mark_safe(_section(summit, data, lang, drawn))  # noqa: S308
        for lang in LANGUAGE_CODES
    ]
    html = render_to_string("press/report_pdf.html", {"sections": sections})
    return HTML(string=html).write_pdf()


def _cell(value):
    return "'" + value if is_formula_like(value) else value


def xlsx_bytes(summit, data: dict) -> bytes:
    """The figures in a workbook, labelled in both languages; the regions and the check-ins
    with a native bar chart."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    book.remove(book.active)

    def labelled(rows_of, title_key: str):
        tables = {}
        for lang in LANGUAGE_CODES:
            with translation.override(lang):
                tables[lang] = rows_of(data)
        header = [*(_lang_title(lang) for lang in LANGUAGE_CODES), _lang_value()]
        rows = [
            [tables["ko"][i][0], tables["en"][i][0], tables["ko"][i][1]]
            for i in range(len(tables["ko"]))
        ]
        return title_key, header, rows

    sheets = [
        labelled(headline_rows, "Figures"),
        labelled(region_rows, "Regions"),
        labelled(country_rows, "Countries"),
        labelled(type_rows, "Programme"),
        labelled(checkin_rows, "Check-ins"),
    ]
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(v) if isinstance(v, str) else v for v in row])
        sheet.freeze_panes = "A2"
        sheet.column_dimensions["A"].width = 36
        sheet.column_dimensions["B"].width = 36
        if title in ("Regions", "Check-ins", "Programme") and rows:
            chart = BarChart()
            chart.type = "bar" if title != "Check-ins" else "col"
            chart.title = title
            chart.legend = None
            values = Reference(sheet, min_col=3, min_row=1, max_row=len(rows) + 1)
            labels = Reference(sheet, min_col=2, min_row=2, max_row=len(rows) + 1)
            chart.add_data(values, titles_from_data=True)
            chart.set_categories(labels)
            sheet.add_chart(chart, "E2")
    press = book.create_sheet("Press coverage")
    press.append(
        [
            "날짜 / Date",
            "매체 / Outlet",
            "제목 / Headline",
            "언어 / Language",
            "도달 / Reach",
            "URL",
            "샘플 / Sample",
        ]
    )
    for row in data.get("coverage", []):
        press.append(
            [
                row["date"],
                _cell(row["outlet"]),
                _cell(row["headline"]),
                _cell(row["language"]),
                row["reach"],
                _cell(row["url"]),
                "sample" if row.get("sample") else "",
            ]
        )
    press.freeze_panes = "A2"
    watched = book.create_sheet("Online viewing")
    watched.append(
        [
            "항목 (한국어)",
            "Item (English)",
            "최대 동시 시청 / Peak",
            "시청자 / Unique viewers",
            "채널별 / Per channel",
        ]
    )
    for row in data.get("online") or []:
        channels = " · ".join(f"{code} {n}" for code, n in row["channels"].items())
        watched.append(
            [
                _cell(row["title"].get("ko") or ""),
                _cell(row["title"].get("en") or ""),
                row["peak"],
                row["unique"],
                channels,
            ]
        )
    press.column_dimensions["B"].width = 24
    press.column_dimensions["C"].width = 60
    about = book.create_sheet("About", 0)
    about.append(["summit", summit.slug])
    about.append(["name (ko)", _cell(summit.name_ko or "")])
    about.append(["name (en)", _cell(summit.name_en or "")])
    about.append(["registered as of", data["as_of"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lang_title(lang: str) -> str:
    return {"ko": "항목 (한국어)", "en": "Item (English)"}[lang]


def _lang_value() -> str:
    return "값 / Value"


# --- asking, building, reading -------------------------------------------------------------------


@transaction.atomic
def request(*, actor, summit) -> SummitReport:
    """Ask for a new report: built by the task queue once this commits."""
    policy.require_staff(actor, summit)
    found = SummitReport.objects.create(summit=summit, requested_by=actor)
    audit.record(actor=actor, obj=found, action="added")
    from summitry.core.tasks import run_after_commit

    from .tasks import build_report

    run_after_commit(build_report, found.pk)
    found.refresh_from_db()
    return found


def build(report_id: int) -> str:
    """Build a report's figures and files; idempotent (a ready report is left alone)."""
    found = SummitReport.objects.select_related("summit").filter(pk=report_id).first()
    if found is None or found.status == ReportStatus.READY:
        return "nothing to do"
    summit = found.summit
    try:
        data = figures(summit)
        drawn = draw_charts(data)
        pdf = pdf_bytes(summit, data, drawn)
        xlsx = xlsx_bytes(summit, data)
    except Exception as error:  # noqa: BLE001 - recorded for staff, then re-raised
        SummitReport.objects.filter(pk=found.pk).update(
            status=ReportStatus.FAILED, error=str(error)[:2000]
        )
        raise
    stem = f"{summit.slug}-report-{found.pk}"
    found.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    found.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
    found.figures = data
    found.charts = drawn
    found.status = ReportStatus.READY
    found.finished_at = timezone.now()
    found.error = ""
    found.save()
    return "ready"


def reports(summit):
    return in_summit(SummitReport, summit).select_related("requested_by")


def report(summit, report_id: int) -> SummitReport:
    found = reports(summit).filter(pk=report_id).first()
    if found is None:
        raise Http404(_("This summit has no such report."))
    return found


# --- publishing on the summit's page ---------------------------------------------------------


@transaction.atomic
def publish(*, actor, found: SummitReport, public: bool = True) -> SummitReport:
    """Show a ready report on the summit's public report page (the latest published one is
    shown), or take it off. The page's cached copies go stale with this write."""
    policy.require_staff(actor, found.summit)
    if public and found.status != ReportStatus.READY:
        raise ValidationError(_("Only a ready report can be published."))
    found.published_at = timezone.now() if public else None
    found.save(update_fields=["published_at"])
    audit.record(actor=actor, obj=found, action="published" if public else "withdrawn")
    return found


def published(summit) -> SummitReport | None:
    return (
        in_summit(SummitReport, summit)
        .filter(status=ReportStatus.READY, published_at__isnull=False)
        .order_by("-published_at", "-pk")
        .first()
    )


# --- press coverage --------------------------------------------------------------------------


def coverage(summit, search: str = ""):
    rows = in_summit(PressCoverage, summit)
    if search:
        rows = rows.filter(outlet__icontains=search) | rows.filter(headline__icontains=search)
    return rows.order_by("-published_on", "-pk")


LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


@transaction.atomic
def add_coverage(*, actor, summit, data: dict) -> PressCoverage:
    """Staff enter an article about the summit: outlet, headline, date, URL, language, reach."""
    from summitry.core import services as core

    policy.require_staff(actor, summit)
    errors: dict[str, list[str]] = {}
    for name in ("outlet", "headline"):
        if not (data.get(name) or "").strip():
            errors[name] = [_("Write this text.")]
    language = (data.get("language") or "").strip()
    if not LANGUAGE_TAG.match(language):
        errors["language"] = [_("Give the language as a code, for example ko, en, ja.")]
    day = data.get("published_on")
    if day is None:
        errors["published_on"] = [_("Give the date.")]
    elif summit.start_date and day < summit.start_date - datetime.timedelta(days=366):
        errors["published_on"] = [_("Give a date around the summit.")]
    reach = data.get("reach")
    if reach is not None and reach < 0:
        errors["reach"] = [_("Give a number of people, zero or more.")]
    if errors:
        raise ValidationError(errors)
    row = PressCoverage(
        summit=summit,
        outlet=data["outlet"].strip()[:200],
        headline=data["headline"].strip()[:300],
        published_on=day,
        url=(data.get("url") or "").strip(),
        language=language,
        reach=reach,
    )
    return core.create(actor=actor, instance=row)


@transaction.atomic
def remove_coverage(*, actor, row: PressCoverage) -> None:
    from summitry.core import services as core

    policy.require_staff(actor, row.summit)
    core.delete(actor=actor, instance=row)
