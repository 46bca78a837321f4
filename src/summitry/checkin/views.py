"""Pages of check-in: badges in the console, the scanner at a door, PDFs and photos."""

from __future__ import annotations

import datetime
import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core import live
from summitry.core.confirm import unless_confirmed

from . import access, queries, services
from . import badges as rendering
from .models import Direction, Layout, Reason, ScanResult


@login_required
def badges(request: HttpRequest, slug: str) -> HttpResponse:
    """Every delegate with their category and badge: assign, issue, print, revoke."""
    summit = console_summit(request, slug, access.PERMISSION)
    return render(
        request,
        "checkin/badges.html",
        {
            "summit": summit,
            "page": paginate(request, queries.delegates(summit)),
            "categories": queries.categories(summit),
            "panel": queries.dashboard_panel(request, summit),
            "prints": queries.prints(summit)[:5],
            "roles": _roles(summit),
            "layouts": Layout.choices,
        },
    )


def _roles(summit) -> list[tuple[str, str, object]]:
    from summitry.delegations.models import DelegateRole

    chosen = queries.role_categories(summit)
    return [(value, label, chosen.get(value)) for value, label in DelegateRole.choices]


@login_required
@require_POST
def role_categories(request: HttpRequest, slug: str) -> HttpResponse:
    """The default category of each role (applied when a badge is issued without one)."""
    from summitry.delegations.models import DelegateRole

    summit = console_summit(request, slug, access.PERMISSION)
    chosen = {}
    for role in DelegateRole.values:
        value = request.POST.get(f"role-{role}", "")
        if value and not value.isdigit():
            messages.error(request, _("Choose a category of this summit."))
            return redirect("checkin:badges", summit.slug)
        chosen[role] = queries.categories(summit).filter(pk=value).first() if value else None
        if value and chosen[role] is None:
            messages.error(request, _("Choose a category of this summit."))
            return redirect("checkin:badges", summit.slug)
    with transaction.atomic():
        for role, category in chosen.items():
            services.set_role_category(
                actor=request.user, summit=summit, role=role, category=category
            )
    messages.success(request, _("The default categories of the roles are saved."))
    return redirect("checkin:badges", summit.slug)


@login_required
def inside(request: HttpRequest, slug: str) -> HttpResponse:
    """Who is inside each zone now (entries minus exits today), refreshed every few seconds."""
    summit = console_summit(request, slug, access.PERMISSION)
    live_path = reverse("checkin:inside-live", args=[summit.slug])
    return render(
        request,
        "checkin/inside.html",
        {
            "summit": summit,
            "zones": queries.inside_now(summit),
            **live.live_context(request, services.topic(summit), "2s", live_path),
        },
    )


@login_required
def inside_live(request: HttpRequest, slug: str) -> HttpResponse:
    """The counts' region for a poll (204 while no scan changed them: core.live)."""
    summit = console_summit(request, slug, access.PERMISSION)
    context = lambda: {"summit": summit, "zones": queries.inside_now(summit)}  # noqa: E731
    return live.fragment(
        request, services.topic(summit), "checkin/_inside.html", context, interval="2s"
    )


@login_required
@require_POST
def bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """The ticked delegates: give them a category, or issue (print) their badges."""
    summit = console_summit(request, slug, access.PERMISSION)
    chosen = queries.delegates(summit).filter(pk__in=request.POST.getlist("delegate"))
    action = request.POST.get("action")
    try:
        if action == "assign":
            category = queries.category(summit, request.POST.get("category") or 0)
            done = services.assign_category(
                actor=request.user, summit=summit, delegates=chosen, category=category
            )
            messages.success(request, _("Category given to %(n)d delegates.") % {"n": len(done)})
        elif action == "issue":
            for delegate in chosen:
                services.issue(actor=request.user, delegate=delegate)
            messages.success(request, _("Badges issued: %(n)d.") % {"n": len(chosen)})
        elif action == "print":
            batch = services.print_badges(
                actor=request.user,
                summit=summit,
                delegates=chosen,
                layout=request.POST.get("layout") or Layout.DESIGNED,
            )
            messages.success(
                request,
                _("%(n)d badges are being rendered; the PDF appears below when it is ready.")
                % {"n": len(batch.badge_ids)},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("checkin:badges", summit.slug)


@login_required
@require_POST
def revoke(request: HttpRequest, slug: str, badge_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    badge = queries.badge(summit, badge_id)
    asked = unless_confirmed(
        request,
        question=_("Revoke this badge?"),
        consequence=_("It is refused at every door until a new one is printed."),
        button=_("Revoke"),
    )
    if asked:
        return asked
    services.revoke(actor=request.user, badge=badge)
    messages.success(request, _("The badge is revoked."))
    return redirect("checkin:badges", summit.slug)


def _layout(request) -> str:
    layout = request.GET.get("layout") or Layout.DESIGNED
    if layout not in Layout.values:
        raise Http404(_("Choose a layout."))
    return layout


def _pdf(request, summit, found, name: str) -> HttpResponse:
    layout = _layout(request)
    found = [badge for badge in found if badge.issued and not services.withdrawn(badge.delegate)]
    if not found:
        raise Http404(_("No badge to print: issue the badges first."))
    pdf = rendering.badges_pdf(
        summit=summit, badges=found, base_url=request.build_absolute_uri("/"), layout=layout
    )
    services.mark_printed(actor=request.user, summit=summit, badges=found)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def badge_pdf(request: HttpRequest, slug: str, badge_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    badge = queries.badge(summit, badge_id)
    return _pdf(request, summit, [badge], f"badge-{badge.pk}-v{badge.version}.pdf")


@login_required
def delegation_pdf(request: HttpRequest, slug: str, delegation_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = [
        d.badge for d in queries.delegation_delegates(summit, delegation_id) if hasattr(d, "badge")
    ]
    return _pdf(request, summit, found, f"badges-delegation-{delegation_id}.pdf")


@login_required
@require_POST
def print_unprinted(request: HttpRequest, slug: str) -> HttpResponse:
    """Every badge not printed yet, as one PDF made in the background."""
    summit = console_summit(request, slug, access.PERMISSION)
    try:
        batch = services.print_unprinted(
            actor=request.user, summit=summit, layout=request.POST.get("layout") or Layout.DESIGNED
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("checkin:badges", summit.slug)
    if batch is None:
        messages.info(request, _("Every issued badge is printed."))
    else:
        messages.success(
            request,
            _("%(n)d badges are being rendered; the PDF appears below when it is ready.")
            % {"n": len(batch.badge_ids)},
        )
    return redirect("checkin:badges", summit.slug)


@login_required
def print_file(request: HttpRequest, slug: str, print_id: int) -> FileResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    batch = queries.finished_print(summit, print_id)
    return FileResponse(
        batch.file.open("rb"), content_type="application/pdf", filename=f"badges-{batch.pk}.pdf"
    )


@login_required
def photo(request: HttpRequest, slug: str, badge_id: int) -> FileResponse:
    """A badge holder's photo: only for the summit's check-in staff (and its scanners)."""
    summit = console_summit(request, slug, access.PERMISSION)
    delegate = queries.badge(summit, badge_id).delegate
    if not delegate.badge_photo:
        raise Http404(_("No photo."))
    response = FileResponse(delegate.badge_photo.open("rb"))
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def scanner(request: HttpRequest, slug: str) -> HttpResponse:
    """The page at a door, for phones: choose the zone, then scan (a USB or Bluetooth
    scanner types the code into the field and presses Enter) or search by name."""
    summit = console_summit(request, slug, access.PERMISSION)
    zones = list(queries.zones(summit))
    chosen = next((z for z in zones if str(z.pk) == request.GET.get("zone", "")), None)
    context = {
        "summit": summit,
        "zones": zones,
        "zone": chosen,
        "door": request.GET.get("door", "")[:100],
        "direction": Direction.OUT
        if request.GET.get("direction") == Direction.OUT
        else Direction.IN,
        "directions": Direction.choices,
        "query": request.GET.get("q", "").strip(),
        "client_scan_id": uuid.uuid4().hex,
    }
    if chosen is not None and request.method == "POST":
        code = request.POST.get("code", "")
        if request.POST.get("badge"):
            found = queries.badge(summit, request.POST["badge"])
            code = services.code_for(found) if found.issued else ""
        try:
            scan, new = services.scan(
                actor=request.user,
                summit=summit,
                zone=chosen,
                code=code,
                client_scan_id=request.POST.get("client_scan_id", ""),
                door=context["door"],
                direction=context["direction"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            context.update(
                scan=scan,
                duplicate=not new,
                entered=scan.result in (ScanResult.ENTER, ScanResult.EXIT),
                left=scan.result == ScanResult.EXIT,
                reason=Reason(scan.reason).label if scan.reason else "",
            )
    elif chosen is not None and context["query"]:
        context["found"] = queries.search_badges(summit, context["query"])
    return render(request, "checkin/scanner.html", context)


@login_required
def attendance(request: HttpRequest, slug: str) -> HttpResponse:
    """Who entered each zone on each day (first entry, last scan), per delegation and per
    hour; filtered by zone, day, delegation and name; exported as CSV or XLSX."""
    from summitry.core.scoping import in_summit
    from summitry.delegations.models import Delegation

    from . import attendance as figures

    summit = console_summit(request, slug, access.PERMISSION)
    chosen = figures.filters(summit, request.GET)
    for problem in chosen.problems:
        messages.error(request, problem)
    page = paginate(request, figures.visits(summit, chosen))
    return render(
        request,
        "checkin/attendance.html",
        {
            "summit": summit,
            "chosen": chosen,
            "query": urlencode(chosen.query()),
            "page": page,
            "rows": figures.with_holders(summit, page.object_list),
            "delegations_figures": figures.per_delegation(summit, chosen)[:50],
            "hours": figures.per_hour(summit, chosen),
            "zones": queries.zones(summit),
            "days": figures.summit_days(summit),
            "delegations": in_summit(Delegation, summit)
            .select_related("organisation")
            .order_by("organisation__name_en"),
        },
    )


@login_required
def attendance_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    from . import attendance as figures

    summit = console_summit(request, slug, access.PERMISSION)
    if fmt not in ("csv", "xlsx"):
        raise Http404(_("Export as CSV or XLSX."))
    chosen = figures.filters(summit, request.GET)
    if fmt == "xlsx":
        response = HttpResponse(
            figures.xlsx_bytes(summit, chosen), content_type=figures.spreadsheets.XLSX
        )
    else:
        response = HttpResponse(figures.csv_bytes(summit, chosen), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{summit.slug}-attendance.{fmt}"'
    return response


@login_required
@require_POST
def scanner_sync(request: HttpRequest, slug: str) -> JsonResponse:
    """A scan queued by the scanner page while offline, sent when the network returns: the
    same decision as online, at the time it was scanned; idempotent by its
    ``client_scan_id`` (sent twice, it counts once and answers the first decision)."""
    from django.utils.dateparse import parse_datetime

    summit = console_summit(request, slug, access.PERMISSION)
    zone_id = request.POST.get("zone", "")
    zone = queries.zones(summit).filter(pk=zone_id).first() if zone_id.isdigit() else None
    if zone is None:
        return JsonResponse({"error": _("Choose a zone of this summit.")}, status=400)
    try:
        at = parse_datetime(request.POST.get("at", ""))
    except ValueError:
        at = None
    if at is None or at.tzinfo is None or at > timezone.now() + datetime.timedelta(minutes=5):
        return JsonResponse({"error": _("Give the time of the scan.")}, status=400)
    direction = request.POST.get("direction") or Direction.IN
    try:
        scan, new = services.scan(
            actor=request.user,
            summit=summit,
            zone=zone,
            code=request.POST.get("code", "")[:400],
            client_scan_id=request.POST.get("client_scan_id", ""),
            door=request.POST.get("door", "")[:100],
            at=at,
            direction=direction,
        )
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    holder = scan.badge.delegate.person if scan.badge else None
    return JsonResponse(
        {
            "result": scan.result,
            "reason": scan.reason,
            "message": str(Reason(scan.reason).label)
            if scan.reason
            else str(ScanResult(scan.result).label),
            "duplicate": not new,
            "name": str(holder) if holder else "",
        },
        status=201 if new else 200,
    )
