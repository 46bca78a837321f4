"""The console's exports (core.exports): the exports a team member made at the summit, each
followed while the worker writes it, then downloaded by them alone; and the helper that the
capabilities' export links answer with (the file at once, or the export's page)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.core import exports, live, runs

from .views import console_summit, paginate


def answer(request: HttpRequest, summit, name: str, params: dict | None = None) -> HttpResponse:
    """A capability's export link: a small export as the file itself, a large one started in
    the background and followed on its page."""
    found = exports.request(actor=request.user, summit=summit, name=name, params=params)
    if isinstance(found, exports.Ready):
        response = HttpResponse(found.content, content_type=found.content_type)
        response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
        return response
    messages.info(request, _("This export is large: it is being written in the background."))
    return redirect("console:export", summit.slug, found.pk)


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    """Your exports at this summit, and the exports you may start."""
    summit = console_summit(request, slug)
    page = paginate(request, exports.own_runs(summit, request.user))
    rows = [
        {"run": run, "label": exports.label_of(run), "expired": exports.expired(run)}
        for run in page.object_list
    ]
    return render(
        request,
        "console/exports.html",
        {
            "summit": summit,
            "page": page,
            "rows": rows,
            "available": [
                e for e in exports.available(request.user, summit) if not e.from_its_page
            ],
            "keep_hours": exports.keep_for().total_seconds() // 3600,
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start one of the summit's exports in the background (any size)."""
    summit = console_summit(request, slug)
    try:
        run = exports.start(actor=request.user, summit=summit, name=request.POST.get("export", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("console:exports", slug)
    return redirect("console:export", slug, run.pk)


def _context(summit, run) -> dict:
    return {
        "summit": summit,
        "run": run,
        "label": exports.label_of(run),
        "progress": runs.progress_of(run),
        "expired": exports.expired(run),
        "expires_at": exports.expires_at(run),
    }


@login_required
def detail(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """One export: queued, running (rows written of all), then its download link."""
    summit = console_summit(request, slug)
    run = exports.own_run(summit, request.user, run_id)
    topic = runs.topic(run)
    if request.htmx:
        return live.fragment(
            request, topic, "console/_export_run.html", lambda: _context(summit, run)
        )
    return render(
        request,
        "console/export.html",
        {**_context(summit, run), **live.live_context(request, topic, "1s")},
    )


@login_required
def download(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    summit = console_summit(request, slug)
    run = exports.own_run(summit, request.user, run_id)
    try:
        handle, filename, content_type = exports.file_of(run, request.user)
    except exports.Gone:
        return render(
            request, "console/export.html", {**_context(summit, run), "gone": True}, status=410
        )
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
