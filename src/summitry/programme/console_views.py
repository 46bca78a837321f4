"""The programme in the console: the day × room grid, the item form (with its people and its
talks) and the small JSON endpoint the grid's drag and drop and keyboard moves post to.

Every write goes through ``services`` (so the clash rules hold); every time is read, shown
and typed in the summit's zone (``console_summit`` activates it) and says so. Without
JavaScript the grid is a static picture with links and the forms post and redirect.
"""

from __future__ import annotations

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit
from summitry.core.bilingual import localise
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, messages_of
from summitry.summits import queries as summit_queries

from . import grid, queries, rules, services
from .forms import ItemForm, TalkForm, people_formset, zone_help
from .models import ItemType, ProgrammeItem, TimeBlock

# Kinds of item that hold sub-items: the grid offers to add one.
NESTING = (ItemType.FORUM_SESSION, ItemType.THEMED_SESSION, ItemType.SITE_VISIT)


def _day_of(request, summit, days) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = None
    return day if day in days else days[0]


def _grid_url(summit, item: ProgrammeItem) -> str:
    day = grid.local_day(item, summit.zone)
    top = item
    while top.parent_id is not None:
        top = top.parent
    return f"{reverse('programme:manage', args=[summit.slug])}?day={day}#item-{top.pk}"


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The grid of one day (``?day=``): a column per room and one off-site; ``?fragment=1``
    gives the grid alone, which the page's script reloads after each change."""
    summit = console_summit(request, slug, rules.PERMISSION)
    days = grid.summit_days(summit)
    day = _day_of(request, summit, days)
    items = queries.grid_items(summit)
    report = services.clash_report(summit)
    notes = grid.clash_notes(report, {item.pk: item for item in items})
    context = {
        "summit": summit,
        "days": days,
        "day": day,
        "grid": grid.day_grid(day, items, queries.grid_rooms(summit), summit.zone, notes),
        "zone_help": zone_help(summit),
        "clashes": len(report),
        "nesting": NESTING,
        # The zone's name may break after its slash in the narrow time column.
        "zone_name": summit.time_zone.replace("/", "/\u200b"),
    }
    if request.GET.get("fragment"):
        return render(request, "programme/_grid.html", context)
    context["release"] = queries.releases(summit).first()
    return render(request, "programme/manage.html", context)


def block_for(moment: datetime.datetime) -> str:
    """The time block a local time falls in (a proposal; staff may choose another)."""
    hour = moment.hour
    if hour < 12:
        return TimeBlock.MORNING
    if hour < 14:
        return TimeBlock.LUNCH
    return TimeBlock.AFTERNOON if hour < 18 else TimeBlock.DINNER


def _prefilled(request, summit) -> ProgrammeItem:
    """A new item as the grid's links propose it: a day, a room, a start, a parent."""
    item = ProgrammeItem(summit=summit, kind=ItemType.FORUM_SESSION)
    day = _day_of(request, summit, grid.summit_days(summit))
    try:
        start = datetime.time.fromisoformat(request.GET.get("start", "09:00"))
    except ValueError:
        start = datetime.time(9)
    item.starts_at = datetime.datetime.combine(day, start, tzinfo=summit.zone)
    item.ends_at = item.starts_at + datetime.timedelta(hours=1)
    item.block = block_for(item.starts_at)
    room = request.GET.get("room", "")
    if room.isdigit():
        item.room = summit_queries.rooms(summit).filter(pk=room).first()
    parent = request.GET.get("parent", "")
    if parent.isdigit():
        item.parent = queries.editable_item(summit, int(parent))
        for name in ("block", "theme", "room", "audience", "starts_at", "place_ko", "place_en"):
            setattr(item, name, getattr(item.parent, name))
        item.ends_at = min(item.starts_at + datetime.timedelta(minutes=15), item.parent.ends_at)
        item.kind = ItemType.PRESENTATION
    return item


def _render_item(request, summit, item: ProgrammeItem, *, new=False, **parts) -> HttpResponse:
    """The item's form page: the item, its people, its sub-items and the talk form."""
    context = {
        "summit": summit,
        "item": item,
        "new": new,
        "sub_items": [] if new else queries.sub_items(item),
        "back": _grid_url(summit, item) if item.starts_at else None,
        "nesting": NESTING,
        **parts,
    }
    context.setdefault("form", ItemForm(instance=item, summit=summit))
    context.setdefault(
        "people", people_formset(None, summit=summit, user=request.user, item=None if new else item)
    )
    if not new:
        context.setdefault("talk", TalkForm(summit=summit, user=request.user))
    return render(request, "programme/item_form.html", context)


def _item_page(request, summit, item: ProgrammeItem, *, new: bool) -> HttpResponse:
    form = ItemForm(request.POST or None, instance=item, summit=summit)
    people = people_formset(
        request.POST or None, summit=summit, user=request.user, item=None if new else item
    )
    clashed = False
    if request.method == "POST" and form.is_valid() and people.is_valid():
        try:
            saved = services.save_item(
                actor=request.user,
                item=form.instance,
                people=[entry for f in people.forms if (entry := f.entry())],
                invitees=list(form.cleaned_data["invitees"]),
                force=form.cleaned_data["force"],
            )
        except ValidationError as error:
            clashed = isinstance(error, services.ClashError)
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(item)s” is saved: %(start)s–%(end)s (%(zone)s).")
                % {
                    "item": saved,
                    "start": timezone.localtime(saved.starts_at).strftime("%m-%d %H:%M"),
                    "end": timezone.localtime(saved.ends_at).strftime("%H:%M"),
                    "zone": summit.time_zone,
                },
            )
            if request.POST.get("then") == "stay":
                return redirect("programme:item-edit", summit.slug, saved.pk)
            return redirect(_grid_url(summit, saved))
    return _render_item(request, summit, item, new=new, form=form, people=people, clashed=clashed)


@login_required
def item_new(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, rules.PERMISSION)
    return _item_page(request, summit, _prefilled(request, summit), new=True)


@login_required
def item_edit(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = console_summit(request, slug, rules.PERMISSION)
    return _item_page(request, summit, queries.editable_item(summit, item_id), new=False)


@login_required
@require_POST
def item_talk(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Add a talk to a session in place: a presentation inside it, with its speaker."""
    summit = console_summit(request, slug, rules.PERMISSION)
    parent = queries.editable_item(summit, item_id)
    form = TalkForm(request.POST, summit=summit, user=request.user)
    clashed = False
    if form.is_valid():
        data = form.cleaned_data
        try:
            talk = services.add_talk(
                actor=request.user,
                parent=parent,
                title={"ko": data["title_ko"], "en": data["title_en"]},
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                speaker=data["speaker"],
                presentation_title={
                    "ko": data["presentation_title_ko"],
                    "en": data["presentation_title_en"],
                },
                force=request.POST.get("talk-force") == "on",
            )
        except ValidationError as error:
            clashed = isinstance(error, services.ClashError)
            add_form_errors(form, error)
        else:
            messages.success(request, _("The talk “%(talk)s” is added.") % {"talk": talk})
            return redirect("programme:item-edit", summit.slug, parent.pk)
    return _render_item(request, summit, parent, talk=form, talk_clashed=clashed)


@login_required
@require_POST
def item_delete(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = console_summit(request, slug, rules.PERMISSION)
    item = queries.editable_item(summit, item_id)
    count = len(services.descendants(item))
    ask = unless_confirmed(
        request,
        question=_("Delete “%(item)s” from the programme?") % {"item": item},
        consequence=_(
            "Its %(count)s sub-items, its people and its sign-ups are deleted with it; "
            "the public programme loses it at the next publication."
        )
        % {"count": count},
        button=_("Delete the item"),
    )
    if ask:
        return ask
    back = _grid_url(summit, item.parent) if item.parent_id else _grid_url(summit, item)
    back = back.split("#")[0]
    services.delete_item(actor=request.user, item=item)
    messages.success(request, _("“%(item)s” is deleted.") % {"item": item})
    return redirect(back)


# --- the grid's JSON endpoint ----------------------------------------------------------------


def _problem(status: int, detail: str, errors: dict | None = None, **extra) -> JsonResponse:
    body = {"detail": detail, **extra}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _moment(value, field: str, summit) -> datetime.datetime:
    """A date and time sent by the grid: without an offset it is the summit's local time."""
    try:
        parsed = datetime.datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(
            {
                field: _("Send a date and time such as 2023-09-25T14:00 (in %(zone)s).")
                % {"zone": summit.time_zone}
            }
        )
    if timezone.is_naive(parsed):
        return datetime.datetime.combine(parsed.date(), parsed.time(), tzinfo=summit.zone)
    return parsed


def _move_request(request, summit) -> dict:
    """The body of a move: ``starts_at``, ``ends_at``, optionally ``room`` (an id or null
    for no room) and ``force``; a ValidationError names what is wrong."""
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise ValidationError(_("Send a JSON object with starts_at and ends_at."))
    move = {
        "starts_at": _moment(body.get("starts_at"), "starts_at", summit),
        "ends_at": _moment(body.get("ends_at"), "ends_at", summit),
        "force": body.get("force", False),
    }
    if not isinstance(move["force"], bool):
        raise ValidationError({"force": _("force is true or false.")})
    if "room" in body:
        room = body["room"]
        if room is None:
            move["room"] = None
        elif isinstance(room, int) and not isinstance(room, bool):
            move["room"] = summit_queries.rooms(summit).filter(pk=room).first()
            if move["room"] is None:
                raise ValidationError({"room": _("This summit has no such room.")})
        else:
            raise ValidationError({"room": _("A room is its number, or null for no room.")})
    return move


def _where(item: ProgrammeItem) -> str:
    if item.room_id:
        return f"{localise(item.room.venue, 'name')} · {localise(item.room, 'name')}"
    if item.place_ko or item.place_en:
        return str(localise(item, "place"))
    return _("no room")


def _summary(item: ProgrammeItem, summit) -> str:
    start = timezone.localtime(item.starts_at, summit.zone)
    end = timezone.localtime(item.ends_at, summit.zone)
    return _("“%(item)s”: %(start)s–%(end)s (%(zone)s), %(where)s.") % {
        "item": item,
        "start": f"{start:%H:%M}",
        "end": f"{end:%H:%M}",
        "zone": summit.time_zone,
        "where": _where(item),
    }


def _top(items: dict, pk: int) -> int:
    """The top-level item (a block on the grid) an item is part of."""
    item = items.get(pk)
    while item is not None and item.parent_id is not None and item.parent_id in items:
        item = items[item.parent_id]
    return item.pk if item is not None else pk


@require_POST
def item_move(request: HttpRequest, slug: str, item_id: int) -> JsonResponse:
    """Move or resize an item from the grid. 200 with the item as it now is; 409 with the
    clashes (nothing saved) unless ``force``; 400 for bad input; 401/403/404 as the pages."""
    if not request.user.is_authenticated:
        return _problem(401, _("Sign in first."))
    try:
        summit = console_summit(request, slug, rules.PERMISSION)
        item = queries.editable_item(summit, item_id)
    except Http404 as error:
        return _problem(404, str(error) or _("There is no such page."))
    except PermissionDenied as error:
        return _problem(403, str(error))
    try:
        move = _move_request(request, summit)
        force = move.pop("force")
        services.move_item(actor=request.user, item=item, force=force, **move)
    except services.ClashError as error:
        others = {other.pk: other for other in queries.grid_items(summit)}
        return _problem(
            409,
            _("Not moved: it would clash. Keep it there anyway, or undo."),
            clashes=[
                {
                    "kind": clash.kind,
                    "item": clash.item,
                    "other": clash.other,
                    "other_title": str(others.get(clash.other, "")),
                    "other_block": _top(others, clash.other),
                    "message": clash.message,
                }
                for clash in error.clashes
            ],
        )
    except ValidationError as error:
        errors = messages_of(error)
        first = next(iter(errors.values()))[0]
        return _problem(400, first, errors)
    except PermissionDenied as error:
        return _problem(403, str(error))
    item = queries.editable_item(summit, item.pk)
    start = timezone.localtime(item.starts_at, summit.zone)
    end = timezone.localtime(item.ends_at, summit.zone)
    return JsonResponse(
        {
            "detail": _("Saved: %(summary)s") % {"summary": _summary(item, summit)},
            "item": {
                "id": item.pk,
                "starts_at": start.isoformat(timespec="minutes"),
                "ends_at": end.isoformat(timespec="minutes"),
                "room": item.room_id,
                "zone": summit.time_zone,
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )
