"""The public programme: by day, bilingual, filterable; and its iCalendar feed."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit
from summitry.core import pagecache, registry
from summitry.core.capacity import Place
from summitry.core.errors import flash_errors
from summitry.core.scoping import in_summit
from summitry.delegations import rules as delegation_rules
from summitry.delegations import services as delegation_services
from summitry.delegations.models import Delegate
from summitry.summits import queries as summit_queries

from . import feeds, pdf, queries, releases, rules, schedule_export, services
from .models import ItemType, ProgrammeItem


@pagecache.public_page
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    theme = request.GET.get("theme") or None
    if theme is not None:
        # A theme's id: an ASCII number a database column can hold, else there is no such theme.
        if not re.fullmatch(r"[0-9]{1,18}", theme):
            return HttpResponseBadRequest(_("There is no such theme: choose one from the list."))
        theme = int(theme)
    kind = request.GET.get("type") if request.GET.get("type") in ItemType.values else None
    summit = summit_queries.summit(slug, request.user)
    items = queries.programme(summit, request.user, theme=theme, kind=kind)
    with timezone.override(summit.zone):
        response = render(
            request,
            "programme/programme.html",
            {
                "summit": summit,
                "days": queries.numbered_days(summit, items),
                "themes": list(summit_queries.themes(summit)),
                "theme": theme,
                "kinds": ItemType.choices,
                "kind": kind,
                "release": queries.releases(summit).first(),
                "can_publish": rules.is_staff_for(request.user, summit),
            },
        )
    return response


@pagecache.public_page
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The public programme as an iCalendar feed that calendar apps subscribe to."""
    summit = summit_queries.summit(slug, request.user)
    items = queries.programme(summit, request.user)
    response = HttpResponse(feeds.calendar(summit, items), content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="{summit.slug}.ics"'
    return response


def signup(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """An item that takes sign-ups: places left, one's own (or one's members') sign-ups,
    and for staff the full list with the waiting list."""
    summit = summit_queries.summit(slug, request.user)
    item = queries.item(summit, request.user, item_id)
    if not item.signup:
        raise Http404(_("This item does not take sign-ups."))
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            if "cancel" in request.POST:
                entry = get_object_or_404(queries.signups(item), pk=request.POST["cancel"])
                services.cancel_sign_up(actor=request.user, signup=entry)
                messages.success(request, _("The sign-up is cancelled."))
            else:
                delegate = next(
                    (
                        d
                        for d in queries.delegates_for(summit, request.user)
                        if str(d.pk) == request.POST.get("delegate")
                    ),
                    None,
                )
                if delegate is None:
                    raise PermissionDenied
                entry = services.sign_up(actor=request.user, item=item, delegate=delegate)
                if entry.status == Place.WAITING:
                    messages.warning(
                        request,
                        _("Full: %(name)s is on the waiting list.") % {"name": delegate.person},
                    )
                else:
                    messages.success(
                        request, _("%(name)s has a place.") % {"name": delegate.person}
                    )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("programme:signup", slug, item.pk)
    entries = list(queries.signups(item))
    mine = {d.pk for d in queries.delegates_for(summit, request.user)}
    staff = rules.is_staff_for(request.user, summit)
    taken = sum(1 for e in entries if e.status == Place.REGISTERED)
    with timezone.override(summit.zone):
        return render(
            request,
            "programme/signup.html",
            {
                "summit": summit,
                "item": item,
                "places_left": None if item.capacity is None else max(item.capacity - taken, 0),
                "entries": [e for e in entries if staff or e.delegate_id in mine],
                "candidates": [
                    d
                    for d in queries.delegates_for(summit, request.user)
                    if not any(
                        e.delegate_id == d.pk and e.status != Place.CANCELLED for e in entries
                    )
                ],
                "is_staff": staff,
            },
        )


def _delegate_for(request, summit, delegate_id: int):
    """The delegate whose itinerary a user may read: themself, their members (contact),
    anyone (staff); otherwise a 404."""
    delegate = (
        in_summit(Delegate, summit)
        .select_related("person", "delegation")
        .filter(pk=delegate_id)
        .first()
    )
    user = request.user
    if delegate is None or not (
        delegation_rules.is_member_self(user, delegate)
        or delegation_rules.is_contact(user, delegate.delegation)
        or delegation_rules.is_staff_for(user, summit)
    ):
        raise Http404(_("There is no such itinerary for you here."))
    return delegate


def _with_own_times(summit, delegate, items: list) -> list:
    """The items, each with ``own_time``: its hours in the summit's zone and the delegate's own
    where a capability gives them (an online item to someone joining from elsewhere)."""
    own = registry.item_times(summit, delegate.person_id, items)
    for item in items:
        item.own_time = own.get(item.pk, "")
    return items


@login_required
def itinerary(request: HttpRequest, slug: str, delegate_id: int) -> HttpResponse:
    summit = summit_queries.summit(slug, request.user)
    delegate = _delegate_for(request, summit, delegate_id)
    items = _with_own_times(summit, delegate, queries.itinerary(summit, delegate))
    feed = request.build_absolute_uri(
        reverse(
            "programme:itinerary-feed",
            args=[slug, delegation_services.calendar_secret(delegate)],
        )
    )
    with timezone.override(summit.zone):
        return render(
            request,
            "programme/itinerary.html",
            {
                "summit": summit,
                "delegate": delegate,
                "days": queries.by_day(summit, items),
                "feed_url": feed,
            },
        )


def itinerary_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The personal feed at a secret address, for calendar apps (no sign-in)."""
    summit = summit_queries.summit(slug, request.user)
    delegate = (
        in_summit(Delegate, summit)
        .select_related("person", "delegation")
        .filter(calendar_secret=token)
        .first()
    )
    if delegate is None:
        raise Http404(_("There is no such itinerary for you here."))
    lang = delegate.interpretation_language or None
    body = feeds.itinerary_calendar(summit, delegate, queries.itinerary(summit, delegate), lang)
    return HttpResponse(body, content_type="text/calendar")


@login_required
@require_POST
def rotate_feed(request: HttpRequest, slug: str, delegate_id: int) -> HttpResponse:
    """A new personal calendar address; the old one stops working."""
    summit = summit_queries.summit(slug, request.user)
    delegate = _delegate_for(request, summit, delegate_id)
    delegation_services.rotate_calendar_secret(actor=request.user, member=delegate)
    messages.success(request, _("The calendar address is new; the old one no longer works."))
    return redirect("programme:itinerary", slug, delegate.pk)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.summit(slug, request.user)
    try:
        release = releases.publish(
            actor=request.user, summit=summit, note=request.POST.get("note", "")[:300]
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("programme:programme", slug)
    messages.success(
        request,
        ngettext(
            "Version %(number)s is published, with %(count)s change.",
            "Version %(number)s is published, with %(count)s changes.",
            len(release.changes),
        )
        % {"number": release.number, "count": len(release.changes)},
    )
    return redirect("programme:manage", slug)


@login_required
def signups_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """Every item that takes sign-ups, with places taken, left and waiting."""
    summit = console_summit(request, slug, rules.PERMISSION)
    with timezone.override(summit.zone):
        return render(
            request,
            "programme/signups.html",
            {"summit": summit, "items": queries.signup_items(summit)},
        )


@login_required
def clashes(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: every clash of the summit (rooms booked twice, people in two places, invited
    delegations committed elsewhere), each with the two items and a link to edit them."""
    summit = summit_queries.summit(slug, request.user)
    if not rules.is_staff_for(request.user, summit):
        raise Http404(_("There is no such page for you here."))
    report = services.clash_report(summit)
    ids = {c.item for c in report} | {c.other for c in report}
    items = in_summit(ProgrammeItem, summit).in_bulk(ids)
    rows = [(clash, items.get(clash.item), items.get(clash.other)) for clash in report]
    with timezone.override(summit.zone):
        return render(request, "programme/clashes.html", {"summit": summit, "rows": rows})


@pagecache.public_page
def changes(request: HttpRequest, slug: str) -> HttpResponse:
    """The change log: every published version and what changed in it."""
    summit = summit_queries.summit(slug, request.user)
    with timezone.override(summit.zone):
        return render(
            request,
            "programme/changes.html",
            {"summit": summit, "releases": queries.releases_for(summit, request.user)},
        )


@pagecache.public_page
def schedule(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The public programme as c3voc/frab schedule.json or schedule.xml, for conference apps
    and recording teams, in the request's language."""
    if fmt not in ("json", "xml"):
        raise Http404(_("Ask for schedule.json or schedule.xml."))
    summit = summit_queries.summit(slug, request.user)
    items = queries.programme(summit, request.user)
    lang = "ko" if get_language().startswith("ko") else "en"
    base = settings.SUMMITRY_SITE_URL + "/"
    if fmt == "json":
        return JsonResponse(
            schedule_export.schedule_json(summit, items, base_url=base, lang=lang),
            json_dumps_params={"ensure_ascii": False},
        )
    return HttpResponse(
        schedule_export.schedule_xml(summit, items, base_url=base, lang=lang),
        content_type="application/xml",
    )


@login_required
def itinerary_pdf(request: HttpRequest, slug: str, delegate_id: int) -> HttpResponse:
    """The itinerary as a printable PDF (A4), Korean set in Nanum."""
    summit = summit_queries.summit(slug, request.user)
    delegate = _delegate_for(request, summit, delegate_id)
    with timezone.override(summit.zone):
        body = pdf.itinerary_pdf(
            summit=summit,
            delegate=delegate,
            days=queries.by_day(
                summit, _with_own_times(summit, delegate, queries.itinerary(summit, delegate))
            ),
            base_url=request.build_absolute_uri("/"),
        )
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="itinerary-{delegate.pk}.pdf"'
    return response
