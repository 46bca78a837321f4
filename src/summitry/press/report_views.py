"""The console's after-event report: ask for it (built in the background), download the PDF
and the XLSX once ready."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from summitry.console.views import console_summit, paginate
from summitry.core.errors import flash_errors
from summitry.core.spreadsheets import XLSX

from . import policy, report
from .caching import mark_private
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
