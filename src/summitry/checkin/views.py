"""Pages of check-in: badges in the console, the scanner at a door, PDFs and photos."""

from __future__ import annotations

import contextlib
import copy
import datetime
import uuid
from decimal import Decimal, InvalidOperation
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
def holder_badges(request: HttpRequest, slug: str) -> HttpResponse:
    """The badges of journalists and exhibitors' booth staff: issue or reprint, print,
    revoke (they get them when the press room or the exhibitions approve them)."""
    summit = console_summit(request, slug, access.PERMISSION)
    text = request.GET.get("q", "").strip()[:100]
    return render(
        request,
        "checkin/holders.html",
        {
            "summit": summit,
            "q": text,
            "page": paginate(request, queries.holder_badges(summit, text)),
            "layouts": Layout.choices,
        },
    )


@login_required
@require_POST
def holder_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """The ticked journalists' and booth staff's badges: issue (reprint) or print them."""
    summit = console_summit(request, slug, access.PERMISSION)
    chosen = list(queries.holder_badges(summit).filter(pk__in=_ids(request.POST.getlist("badge"))))
    action = request.POST.get("action")
    try:
        if not chosen:
            raise ValidationError(_("Tick at least one badge."))
        if action == "issue":
            with transaction.atomic():
                for badge in chosen:
                    services.reissue(actor=request.user, badge=badge)
            messages.success(request, _("Badges issued: %(n)d.") % {"n": len(chosen)})
        elif action == "print":
            batch = services.print_holder_badges(
                actor=request.user,
                summit=summit,
                badges=chosen,
                layout=request.POST.get("layout") or Layout.DESIGNED,
            )
            messages.success(
                request,
                _("%(n)d badges are being rendered; the PDF appears below when it is ready.")
                % {"n": len(batch.badge_ids)},
            )
        else:
            raise ValidationError(_("Choose what to do with the ticked badges."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("checkin:holders", summit.slug)


def _ids(values) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


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
    return redirect("checkin:badges" if badge.delegate_id else "checkin:holders", summit.slug)


def _layout(request) -> str:
    layout = request.GET.get("layout") or Layout.DESIGNED
    if layout not in Layout.values:
        raise Http404(_("Choose a layout."))
    return layout


def _pdf(request, summit, found, name: str) -> HttpResponse:
    layout = _layout(request)
    found = [badge for badge in found if badge.issued and not badge.holder.withdrawn]
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
def photo(request: HttpRequest, slug: str, badge_id: int) -> HttpResponse:
    """A badge holder's photo: only for the summit's check-in staff (and its scanners)."""
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.badge(summit, badge_id).holder.photo
    if not found:
        raise Http404(_("No photo."))
    # As printed: a phone at the door gets a few kilobytes, not the upload (up to 5 MB), and
    # not where the photo was taken.
    try:
        with found.open("rb") as source:
            data, kind = rendering.printable_photo(source.read())
    except OSError as error:
        raise Http404(_("No photo.")) from error
    response = HttpResponse(data, content_type=f"image/{kind}")
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
        "reasons": Reason.choices,
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
    holder = scan.badge.holder.person if scan.badge else None
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


# What the scanner page needs to open without network, cached by its service worker.
SCANNER_ASSETS = (
    "summitry/site.css",
    "summitry/site.js",
    "checkin/checkin.css",
    "checkin/scanner.js",
    "checkin/camera.js",
    "vendor/jsqr/jsQR.js",
)


@login_required
def scanner_worker(request: HttpRequest, slug: str) -> HttpResponse:
    """The scanner page's service worker, served under the page's own path so that its scope
    is the scanner (and nothing else of the console): it keeps the page, its scripts and
    styles, the public key and the revocations, so that the page opens offline after a first
    visit. Its cache is named after the assets' contents: a new release replaces it."""
    import hashlib
    import json

    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    summit = console_summit(request, slug, access.PERMISSION)
    assets = [staticfiles_storage.url(name) for name in SCANNER_ASSETS]
    digest = hashlib.sha256()
    for name in SCANNER_ASSETS:
        digest.update(_static_bytes(name))
    settings = {
        "cache": f"summitry-scanner-{summit.slug}-{digest.hexdigest()[:16]}",
        "prefix": f"summitry-scanner-{summit.slug}-",
        "assets": assets,
        "offline": reverse("checkin:scanner-offline", args=[summit.slug]),
        "scanner": reverse("checkin:scanner", args=[summit.slug]),
        "static": staticfiles_storage.url(""),
    }
    # JSON in a script (not HTML): the values are our own addresses.
    body = render_to_string(
        "checkin/scanner_worker.js",
        {"settings": mark_safe(json.dumps(settings))},  # noqa: S308
    )
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def _static_bytes(name: str) -> bytes:
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    found = finders.find(name)
    if found:
        with open(found, "rb") as file:
            return file.read()
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as file:
            return file.read()
    return b""


@login_required
def scanner_offline(request: HttpRequest, slug: str) -> JsonResponse:
    """What the scanner keeps for working offline: the public key that verifies badge codes
    and the revoked and superseded badges (as the API's public-key and revocations)."""
    from . import signing

    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.revocations(summit)
    response = JsonResponse(
        {
            "algorithm": "Ed25519",
            "key": signing.public_key_text(),
            "code_prefix": signing.PREFIX,
            "revoked": found["revoked"],
            "versions": found["versions"],
            "as_of": found["as_of"].isoformat(),
            # Which zones each category opens, and the summit's calendar for "today".
            "zones": {
                str(category.pk): [zone.pk for zone in category.zones.all()]
                for category in queries.categories(summit).prefetch_related("zones")
            },
            "time_zone": str(summit.zone),
        }
    )
    response["Cache-Control"] = "private, no-cache"
    return response


# --- the badge designer ---------------------------------------------------------------------


MAX_FIELDS = 40


def _layout_settings(summit, post) -> tuple[dict, list]:
    """The layout's settings as typed (numbers left as typed when they are not numbers: the
    model's checks name them)."""
    from .models import LayoutKind, PageSize

    def number(name):
        value = post.get(name, "").strip().replace(",", ".")
        if not value:
            return None
        try:
            return Decimal(value).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            raise ValidationError({name: [_("Give a number of millimetres.")]}) from None

    kind = post.get("kind", LayoutKind.BADGE)
    page_size = post.get("page_size", PageSize.A6)
    if kind not in LayoutKind.values or page_size not in PageSize.values:
        raise ValidationError(_("Choose a kind and a page size."))
    ids = [value for value in post.getlist("categories") if value.isdigit()]
    categories = list(queries.categories(summit).filter(pk__in=ids))
    if len(categories) != len(set(ids)):
        raise ValidationError({"categories": [_("Choose categories of this summit.")]})
    changes = {
        "name": {"ko": post.get("name_ko", "").strip(), "en": post.get("name_en", "").strip()},
        "kind": kind,
        "page_size": page_size,
        "width_mm": number("width_mm"),
        "height_mm": number("height_mm"),
        "grid_mm": number("grid_mm") or Decimal(5),
        "is_default": post.get("is_default") == "on",
    }
    return changes, categories


def _typed_fields(post) -> list[dict]:
    """The fields' rows of the editor's form (numbers as numbers where they are)."""
    try:
        count = min(int(post.get("count", "0")), MAX_FIELDS)
    except ValueError:
        count = 0
    fields = []
    for n in range(count):
        row = {
            key: post.get(f"f{n}-{key}", "").strip()
            for key in ("kind", "x", "y", "w", "h", "size", "align", "language")
        }
        for key in ("text_ko", "text_en"):
            row[key] = post.get(f"f{n}-{key}", "").strip()[:200]
        for key in ("x", "y", "w", "h", "size"):
            # Kept as typed when not a number: the check says which field needs one.
            with contextlib.suppress(ValueError):
                row[key] = float(row[key].replace(",", "."))
        fields.append(row)
    return fields


def _edit_fields(layout, fields: list[dict], post) -> list[dict]:
    """The editor's buttons: move a field one grid step, remove one, add one."""
    from .layouts import FIELD_KINDS, starter_fields

    if post.get("move"):
        try:
            index, dx, dy = (int(part) for part in post["move"].split(":"))
        except ValueError:
            raise ValidationError(_("Choose a field of this layout.")) from None
        draft = copy.copy(layout)
        draft.fields = fields
        return services.move_field(draft, index, max(-1, min(dx, 1)), max(-1, min(dy, 1)))
    if post.get("remove", "").isdigit():
        index = int(post["remove"])
        return [f for n, f in enumerate(fields) if n != index]
    kind = post.get("add_kind", "")
    if post.get("add") and kind in FIELD_KINDS:
        if len(fields) >= MAX_FIELDS:
            raise ValidationError(_("A layout holds at most %(n)d fields.") % {"n": MAX_FIELDS})
        width, height = layout.size
        sample = next((f for f in starter_fields("badge", 105, 148) if f["kind"] == kind), None)
        new = dict(sample) if sample else {"size": 10, "align": "left", "language": "both"}
        new.update(kind=kind, x=0, y=0, w=min(30.0, width), h=min(10.0, height))
        if kind == "qr":
            new.update(w=min(25.0, width), h=min(25.0, height))
        new.setdefault("text_ko", "")
        new.setdefault("text_en", "")
        return [*fields, new]
    return fields


def _designer_context(request, summit, layout, **more) -> dict:
    from . import layouts as rules
    from .models import LayoutKind, PageSize

    chosen = more.pop("chosen", None)
    return {
        "summit": summit,
        "layout": layout,
        "fields": more.pop("fields", layout.fields),
        "kinds": LayoutKind.choices,
        "page_sizes": PageSize.choices,
        "field_kinds": [(k, str(v)) for k, v in rules.FIELD_KINDS.items()],
        "aligns": [(k, str(v)) for k, v in rules.ALIGNS.items()],
        "languages": [(k, str(v)) for k, v in rules.LANGUAGES.items()],
        "categories": queries.categories(summit),
        "chosen": chosen if chosen is not None else [c.pk for c in layout.categories.all()],
        "qr_min": rules.QR_MIN_MM,
        "stamp": uuid.uuid4().hex[:8],
        **more,
    }


@login_required
def layouts(request: HttpRequest, slug: str) -> HttpResponse:
    """The summit's badge and name-card layouts; a new one starts from the fixed badge."""
    from .models import LayoutKind, PageSize

    summit = console_summit(request, slug, access.PERMISSION)
    problems = []
    if request.method == "POST":
        try:
            changes, categories = _layout_settings(summit, request.POST)
            changes.pop("is_default")
            layout = services.create_layout(
                actor=request.user, summit=summit, categories=categories, **changes
            )
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("The layout is created: place its fields."))
            return redirect("checkin:layout", summit.slug, layout.pk)
    return render(
        request,
        "checkin/layouts.html",
        {
            "summit": summit,
            "page": paginate(request, queries.layouts(summit)),
            "kinds": LayoutKind.choices,
            "page_sizes": PageSize.choices,
            "problems": problems,
            "typed": request.POST,
        },
        status=400 if problems else 200,
    )


@login_required
def layout(request: HttpRequest, slug: str, layout_id: int) -> HttpResponse:
    """The designer: the layout's settings, its fields in a form (place and size in mm, moved
    by the arrows on its grid), and a preview of a sample badge drawn by WeasyPrint."""
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.layout(summit, layout_id)
    template = "checkin/_designer.html" if request.htmx else "checkin/layout.html"
    if request.method != "POST":
        return render(request, template, _designer_context(request, summit, found))
    fields = _typed_fields(request.POST)
    chosen = request.POST.getlist("categories")
    try:
        changes, categories = _layout_settings(summit, request.POST)
        draft = copy.copy(found)
        draft.page_size, draft.width_mm, draft.height_mm = (
            changes["page_size"],
            changes["width_mm"],
            changes["height_mm"],
        )
        draft.grid_mm = changes["grid_mm"]
        fields = _edit_fields(draft, fields, request.POST)
        changes["fields"] = fields
        found = services.update_layout(
            actor=request.user, layout=found, changes=changes, categories=categories
        )
    except ValidationError as error:
        context = _designer_context(
            request,
            summit,
            queries.layout(summit, found.pk),
            fields=fields,
            problems=error.messages,
            chosen=[int(c) for c in chosen if c.isdigit()],
        )
        return render(request, template, context, status=200 if request.htmx else 400)
    found = queries.layout(summit, found.pk)
    context = _designer_context(request, summit, found, saved=True)
    return render(request, template, context)


@login_required
def layout_preview(request: HttpRequest, slug: str, layout_id: int, fmt: str) -> HttpResponse:
    """A sample badge in the layout: PDF as printed, or PNG with the grid and the fields'
    numbers over it (the designer's picture)."""
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.layout(summit, layout_id)
    base = request.build_absolute_uri("/")
    if fmt == "pdf":
        response = HttpResponse(
            rendering.preview_pdf(summit=summit, layout=found, base_url=base),
            content_type="application/pdf",
        )
        response["Content-Disposition"] = f'inline; filename="layout-{found.pk}-preview.pdf"'
    elif fmt == "png":
        response = HttpResponse(
            rendering.preview_png(summit=summit, layout=found, base_url=base),
            content_type="image/png",
        )
    else:
        raise Http404(_("Preview as PDF or PNG."))
    response["Cache-Control"] = "private, no-cache"
    return response


@login_required
@require_POST
def layout_duplicate(request: HttpRequest, slug: str, layout_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    copied = services.duplicate_layout(actor=request.user, layout=queries.layout(summit, layout_id))
    messages.success(request, _("The layout is copied; the copy is used for no category yet."))
    return redirect("checkin:layout", summit.slug, copied.pk)


@login_required
@require_POST
def layout_delete(request: HttpRequest, slug: str, layout_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.layout(summit, layout_id)
    asked = unless_confirmed(
        request,
        question=_("Delete the layout “%(name)s”?") % {"name": found},
        consequence=_(
            "Its categories print in the summit's default layout (or the fixed one) from now on."
        ),
        button=_("Delete"),
    )
    if asked:
        return asked
    services.delete_layout(actor=request.user, layout=found)
    messages.success(request, _("The layout is deleted."))
    return redirect("checkin:layouts", summit.slug)
