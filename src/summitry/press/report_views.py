"""The after-event report: in the console, ask for it (built in the background), download the
PDF and the XLSX once ready, publish one on the summit's page, enter the press coverage; the
public report page per summit (anonymous visitors answered from the page cache, which goes
stale with any write to the summit's reports or coverage)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core import pagecache
from summitry.core.bilingual import current_language, localise
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors
from summitry.core.spreadsheets import XLSX
from summitry.summits import queries as summit_queries

from . import policy, report
from .caching import mark_private
from .forms import CoverageForm
from .models import ReportStatus

KINDS = {"pdf": "application/pdf", "xlsx": XLSX}


@login_required
def reports(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    if request.method == "POST":
        try:
            report.request(actor=request.user, summit=summit)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request, _("The report is being built; it appears here when it is ready.")
            )
        return redirect("press:reports", slug=summit.slug)
    page = paginate(request, report.reports(summit))
    return mark_private(render(request, "press/reports.html", {"summit": summit, "page": page}))


@login_required
def report_file(request: HttpRequest, slug: str, report_id: int, kind: str) -> FileResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    found = report.report(summit, report_id)
    stored = getattr(found, kind, None) if kind in KINDS else None
    if found.status != ReportStatus.READY or not stored:
        raise Http404(_("This report is not ready."))
    response = FileResponse(stored.open("rb"), content_type=KINDS[kind], as_attachment=True)
    response["Content-Disposition"] = (
        f'attachment; filename="{summit.slug}-report-{found.pk}.{kind}"'
    )
    return mark_private(response)


@login_required
@require_POST
def report_publish(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    """Show this report on the summit's public report page, or take it off."""
    summit = console_summit(request, slug, policy.PERMISSION)
    found = report.report(summit, report_id)
    public = request.POST.get("public") != "0"
    if not public:
        asked = unless_confirmed(
            request,
            question=_("Take the report off the summit's page?"),
            consequence=_("Visitors no longer see the summit's figures."),
            button=_("Take off"),
        )
        if asked is not None:
            return mark_private(asked)
    try:
        report.publish(actor=request.user, found=found, public=public)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("The report is on the summit's page.")
            if public
            else _("The report is off the summit's page."),
        )
    return redirect("press:reports", slug=summit.slug)


@login_required
def coverage(request: HttpRequest, slug: str) -> HttpResponse:
    """The press coverage staff enter for the report (searchable, paginated)."""
    summit = console_summit(request, slug, policy.PERMISSION)
    form = CoverageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report.add_coverage(actor=request.user, summit=summit, data=form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The article is added; rebuild the report to include it."))
            return redirect("press:coverage", slug=summit.slug)
    search = request.GET.get("q", "").strip()
    context = {
        "summit": summit,
        "form": form,
        "search": search,
        "page": paginate(request, report.coverage(summit, search)),
    }
    return mark_private(render(request, "press/coverage.html", context))


@login_required
@require_POST
def coverage_remove(request: HttpRequest, slug: str, coverage_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    row = report.coverage(summit).filter(pk=coverage_id).first()
    if row is None:
        raise Http404(_("This summit has no such article."))
    asked = unless_confirmed(
        request,
        question=_("Remove “%(headline)s”?") % {"headline": row.headline},
        consequence=_("The next report built leaves it out."),
        button=_("Remove"),
    )
    if asked is not None:
        return mark_private(asked)
    report.remove_coverage(actor=request.user, row=row)
    messages.success(request, _("The article is removed."))
    return redirect("press:coverage", slug=summit.slug)


@pagecache.public_page
def public_report(request: HttpRequest, slug: str) -> HttpResponse:
    """The summit's after-event report for everyone: the figures of the latest published
    report with its charts and the press coverage (404 while none is published). A report
    without its charts is shown without them, with a note, while the task queue draws them."""
    summit = summit_queries.in_its_zone(request, slug)
    found = report.published(summit)
    if found is None or not found.figures:
        raise Http404(_("This summit has no published report yet."))
    data = found.figures
    charts = report.charts_of(found, current_language())
    if charts is None:
        # Being drawn by the task queue: the cached copy that says so ends soon (the drawing's
        # write makes it stale at once; a drawing that failed is asked for again then).
        pagecache.changes_at(
            request, timezone.now() + datetime.timedelta(seconds=report.REDRAW_EVERY)
        )
    context = {
        "summit": summit,
        "summit_name": localise(summit, "name"),
        "report": found,
        "data": data,
        "as_of": datetime.date.fromisoformat(data["as_of"]),
        "headline": report.headline_rows(data),
        "charts": charts or [],
        "charts_pending": charts is None,
        "coverage": report.coverage_rows(data),
        "online": report.online_rows(data),
    }
    return render(request, "press/report_page.html", context)
