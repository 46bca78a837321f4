"""Pages of online items: the console's "Online & interpretation" section (items' formats,
rooms and streams; interpreters; the roster) and the public "watch online" page of an item."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core import pagecache
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors
from summitry.summits import queries as summit_queries

from . import access, queries, roster, services
from .forms import AssignForm, FormatForm, InterpreterForm, StreamForm
from .models import CHANNELS


@login_required
def items(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    search = request.GET.get("q", "").strip()
    page = paginate(request, queries.items(summit, search))
    for row in page:
        row.online_part = queries.online_of(row)
    return render(request, "online/items.html", {"summit": summit, "page": page, "search": search})


@login_required
def item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.item(summit, item_id)
    online = queries.online_of(found)
    initial = {"format": "in_person", "floor_language": "ko", "opens_minutes": 30}
    if online is not None:
        initial = {name: getattr(online, name) for name in services.FORMAT_FIELDS}
    form = FormatForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_format(actor=request.user, item=found, data=form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("online:item", slug, found.pk)
    return render(
        request,
        "online/item.html",
        {
            "summit": summit,
            "item": found,
            "online": online,
            "form": form,
            "streams": queries.streams(online),
            "stream_form": StreamForm(prefix="stream"),
        },
    )


@login_required
@require_POST
def stream_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.item(summit, item_id)
    form = StreamForm(request.POST, prefix="stream")
    if form.is_valid():
        try:
            services.add_stream(actor=request.user, item=found, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The stream is added."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("online:item", slug, found.pk)


@login_required
@require_POST
def stream_delete(request: HttpRequest, slug: str, stream_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.stream(summit, stream_id)
    ask = unless_confirmed(
        request,
        question=_("Remove the %(channel)s stream of “%(item)s”?")
        % {"channel": found.get_channel_display(), "item": found.online.item},
        consequence=_("Viewers no longer see this channel's link."),
        button=_("Remove the stream"),
    )
    if ask:
        return ask
    item_id = found.online.item_id
    services.delete_stream(actor=request.user, stream=found)
    messages.success(request, _("The stream is removed."))
    return redirect("online:item", slug, item_id)


@login_required
def interpreters(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    form = InterpreterForm(request.POST or None, zone=summit.zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_interpreter(actor=request.user, summit=summit, data=form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The interpreter is added."))
            return redirect("online:interpreters", slug)
    search = request.GET.get("q", "").strip()
    return render(
        request,
        "online/interpreters.html",
        {
            "summit": summit,
            "form": form,
            "search": search,
            "page": paginate(request, queries.interpreters(summit, search)),
        },
    )


@login_required
@require_POST
def interpreter_delete(request: HttpRequest, slug: str, interpreter_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.interpreter(summit, interpreter_id)
    ask = unless_confirmed(
        request,
        question=_("Remove %(name)s from the interpreters?") % {"name": found},
        consequence=_("Their assignments in the roster are removed too."),
        button=_("Remove the interpreter"),
    )
    if ask:
        return ask
    services.delete_interpreter(actor=request.user, interpreter=found)
    messages.success(request, _("The interpreter is removed."))
    return redirect("online:interpreters", slug)


@login_required
def roster_page(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    rows = list(queries.assignments(summit))
    flags, booth_flags = roster.clashes(summit, rows)
    interpreted = queries.interpreted_items(summit)
    teams = defaultdict(list)
    for a in rows:
        a.flags = flags.get(a.pk, [])
        teams[a.online_id, a.channel].append(a)
    booths = []
    for online in interpreted:
        for channel in queries.booths(online):
            team = teams.get((online.pk, channel), [])
            booths.append(
                {
                    "online": online,
                    "channel": channel,
                    "channel_label": dict(CHANNELS).get(channel, channel),
                    "team": team,
                    "turns": roster.turns(online, team),
                }
            )
    everyone = list(queries.interpreters(summit))
    return render(
        request,
        "online/roster.html",
        {
            "summit": summit,
            "booths": booths,
            "booth_flags": booth_flags,
            "run": queries.latest_run(summit),
            "interpreter_count": len(everyone),
            "assign_form": AssignForm(items=interpreted, interpreters=everyone),
        },
    )


@login_required
@require_POST
def roster_plan(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    if queries.assignments(summit).filter(by_hand=True).exists():
        ask = unless_confirmed(
            request,
            question=_("Plan the roster again?"),
            consequence=_("The solver's roster replaces the current one, hand changes included."),
            button=_("Plan the roster"),
        )
        if ask:
            return ask
    services.plan_roster(actor=request.user, summit=summit)
    messages.success(
        request, _("The roster is being planned; this page shows it when it is ready.")
    )
    return redirect("online:roster", slug)


@login_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    form = AssignForm(
        request.POST,
        items=queries.interpreted_items(summit),
        interpreters=queries.interpreters(summit),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assign(
                actor=request.user,
                summit=summit,
                item_id=data["item"],
                channel=data["channel"],
                interpreter_id=data["interpreter"],
                via=data["via"] or "",
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The interpreter is in the booth."))
    else:
        for errors in form.errors.values():
            for text in errors:
                messages.error(request, text)
    return redirect("online:roster", slug)


@login_required
@require_POST
def unassign(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.assignment(summit, assignment_id)
    services.unassign(actor=request.user, assignment=found)
    messages.success(request, _("The interpreter is out of the booth."))
    return redirect("online:roster", slug)


@pagecache.public_page
def watch(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """An item's online page: its format, its streams per language channel (links: a player
    of a third party opens there) and, for those entitled, its video room once it opens."""
    summit = summit_queries.summit(slug, request.user)
    found = queries.watch(summit, request.user, item_id)
    online = queries.online_of(found)
    now = timezone.now()
    room = queries.room_for(request.user, summit, found, now)
    if not request.user.is_authenticated and online is not None:
        pagecache.changes_at(request, found.starts_at, found.ends_at)
    streams = queries.streams(online) if online is not None and online.is_online else []
    chosen = request.GET.get("channel") or (streams[0].channel if streams else "")
    with timezone.override(summit.zone):
        return render(
            request,
            "online/watch.html",
            {
                "summit": summit,
                "item": found,
                "online": online,
                "streams": streams,
                "chosen": chosen,
                "room": room,
                "live": found.starts_at <= now <= found.ends_at,
            },
        )
