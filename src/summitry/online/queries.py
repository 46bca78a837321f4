"""Reads of online items: the console's lists, an item's streams and video room as a reader is
entitled to them, the roster and its clashes, a person's own online sessions."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core.capacity import Place
from summitry.core.scoping import in_summit
from summitry.programme import queries as programme_queries
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Summit
from summitry.summits.permissions import is_team_member

from . import access
from .models import FLOOR, Assignment, Format, Interpreter, OnlineItem, RosterRun, Stream


def items(summit: Summit, search: str = "", only_online: bool = False) -> QuerySet[ProgrammeItem]:
    """The summit's programme items with their online format (if any), in time order."""
    rows = in_summit(ProgrammeItem, summit).select_related("online").order_by("starts_at", "pk")
    if search:
        rows = rows.filter(Q(title_ko__icontains=search) | Q(title_en__icontains=search))
    if only_online:
        rows = rows.filter(online__format__in=(Format.ONLINE, Format.HYBRID))
    return rows.prefetch_related("online__streams")


def item(summit: Summit, item_id: int) -> ProgrammeItem:
    found = items(summit).filter(pk=item_id).first()
    if found is None:
        raise Http404(_("This summit has no such programme item."))
    return found


def online_of(programme_item: ProgrammeItem) -> OnlineItem | None:
    try:
        return programme_item.online
    except OnlineItem.DoesNotExist:
        return None


def item_link(request, programme_item: ProgrammeItem) -> tuple[str, str] | None:
    """The programme item page's link to the item's online page, when it is held online or
    hybrid. It depends on the item alone (never on the reader): the page is cached for
    anonymous visitors, and the video room itself is shown only on the online page."""
    online = online_of(programme_item)
    if online is None or not online.is_online:
        return None
    url = reverse("online:watch", args=[programme_item.summit.slug, programme_item.pk])
    return url, _("Watch online / join")


def stream(summit: Summit, stream_id: int) -> Stream:
    found = in_summit(Stream, summit).filter(pk=stream_id).select_related("online__item").first()
    if found is None:
        raise Http404(_("This summit has no such stream."))
    return found


def streams(online: OnlineItem | None) -> list[Stream]:
    if online is None:
        return []
    order = {code: n for n, code in enumerate([FLOOR, online.floor_language])}
    return sorted(online.streams.all(), key=lambda s: (order.get(s.channel, 9), s.channel))


def interpreters(summit: Summit, search: str = "") -> QuerySet[Interpreter]:
    rows = in_summit(Interpreter, summit).select_related("person__organisation", "user")
    if search:
        rows = rows.filter(
            Q(person__family_name__icontains=search)
            | Q(person__given_name__icontains=search)
            | Q(person__name_hangul__icontains=search)
        )
    return rows.order_by("person__family_name", "pk")


def interpreter(summit: Summit, interpreter_id: int) -> Interpreter:
    found = in_summit(Interpreter, summit).filter(pk=interpreter_id).first()
    if found is None:
        raise Http404(_("This summit has no such interpreter."))
    return found


def assignment(summit: Summit, assignment_id: int) -> Assignment:
    found = in_summit(Assignment, summit).filter(pk=assignment_id).first()
    if found is None:
        raise Http404(_("This summit has no such assignment."))
    return found


def assignments(summit: Summit) -> QuerySet[Assignment]:
    return (
        in_summit(Assignment, summit)
        .select_related("online__item", "interpreter__person")
        .order_by("online__item__starts_at", "online__item_id", "channel", "pk")
    )


def interpreted_items(summit: Summit) -> list[OnlineItem]:
    """Items with a booth to staff: a stream in a language other than the floor's."""
    rows = (
        in_summit(OnlineItem, summit)
        .select_related("item")
        .prefetch_related("streams")
        .order_by("item__starts_at", "item_id")
    )
    return [row for row in rows if booths(row)]


def booths(online: OnlineItem) -> list[str]:
    """The languages an item is interpreted into: its streams' channels but the floor's."""
    return sorted(
        {s.channel for s in online.streams.all()} - {FLOOR, online.floor_language},
    )


def latest_run(summit: Summit) -> RosterRun | None:
    return in_summit(RosterRun, summit).first()


def run(summit: Summit, run_id: int) -> RosterRun:
    found = in_summit(RosterRun, summit).filter(pk=run_id).first()
    if found is None:
        raise Http404(_("This summit has no such roster run."))
    return found


# --- who may join --------------------------------------------------------------------------


def _people_of(user, summit: Summit) -> set[int]:
    """The directory people a signed-in user is at this summit (their registrations)."""
    if not user.is_authenticated:
        return set()
    from summitry.delegations.models import Delegate

    return set(in_summit(Delegate, summit).filter(user=user).values_list("person_id", flat=True))


def _registered(user, summit: Summit) -> bool:
    if not user.is_authenticated:
        return False
    from summitry.delegations.models import Delegate

    return in_summit(Delegate, summit).filter(user=user, place=Place.REGISTERED).exists()


def entitled(user, summit: Summit, programme_item: ProgrammeItem) -> bool:
    """May this user have the item's video room? Its speakers, chairs and moderators, its
    interpreters, the summit's registered attendees and its teams; nobody else."""
    if not user.is_authenticated:
        return False
    if access.is_staff_for(user, summit) or is_team_member.test(user, summit):
        return True
    people = _people_of(user, summit)
    if programme_item.people.filter(person__in=people).exists():
        return True
    if (
        in_summit(Assignment, summit)
        .filter(online__item=programme_item, interpreter__user=user)
        .exists()
    ):
        return True
    return _registered(user, summit)


def opens_at(online: OnlineItem) -> datetime.datetime:
    return online.item.starts_at - datetime.timedelta(minutes=online.opens_minutes)


def room_open(online: OnlineItem, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return opens_at(online) <= now <= online.item.ends_at


def room_for(user, summit: Summit, programme_item: ProgrammeItem, now=None) -> dict:
    """What a reader is told of the item's video room: ``link`` only when entitled and the room
    is open (staff: always), else when it opens (entitled) or nothing."""
    online = online_of(programme_item)
    if online is None or not online.is_online or not online.join_url:
        return {"exists": False}
    if not entitled(user, summit, programme_item):
        return {"exists": True, "entitled": False}
    staff = access.is_staff_for(user, summit)
    now = now or timezone.now()
    if staff or room_open(online, now):
        return {
            "exists": True,
            "entitled": True,
            "link": online.join_url,
            "provider": online.get_provider_display(),
            "opens_at": opens_at(online),
            "open": room_open(online, now),
        }
    return {
        "exists": True,
        "entitled": True,
        "opens_at": opens_at(online),
        "ended": now > programme_item.ends_at,
        "provider": online.get_provider_display(),
    }


def watch(summit: Summit, user, item_id: int) -> ProgrammeItem:
    """An item as the reader may see it (the programme's own visibility), its online part."""
    found = programme_queries.visible_items(summit, user).filter(pk=item_id).first()
    if found is None:
        raise Http404(_("This summit has no such programme item."))
    return found


def my_sessions(user, summit: Summit | None = None) -> list[dict]:
    """Online and hybrid items a person may join, at summits they are registered at, speak at
    or interpret at, from now on."""
    if not user.is_authenticated:
        return []
    from summitry.delegations.models import Delegate

    delegates = Delegate.objects.filter(user=user).values("summit_id", "person_id", "place")
    summits = {row["summit_id"] for row in delegates if row["place"] == Place.REGISTERED}
    people = {row["person_id"] for row in delegates}
    now = timezone.now()
    mine = (
        Q(item__summit__in=summits)
        | Q(item__people__person__in=people)
        | Q(assignments__interpreter__user=user)
    )
    rows = (
        OnlineItem.objects.filter(mine, format__in=(Format.ONLINE, Format.HYBRID))
        .filter(item__ends_at__gte=now)
        .select_related("item__summit")
        .prefetch_related(Prefetch("streams"))
        .distinct()
        .order_by("item__starts_at", "pk")
    )
    if summit is not None:
        rows = rows.filter(item__summit=summit)
    return [
        {"online": row, "item": row.item, "summit": row.item.summit, "open": room_open(row, now)}
        for row in rows[:20]
    ]


def my_page_block(request, summit=None) -> dict | None:
    sessions = my_sessions(request.user)
    if not sessions:
        return None
    summits = list({row["summit"].pk: row["summit"] for row in sessions}.values())
    return {"sessions": sessions, "zone_summits": summits}


def roster_for(user) -> QuerySet[Assignment]:
    """An interpreter's own assignments, at every summit."""
    return (
        Assignment.objects.filter(interpreter__user=user)
        .select_related("online__item__summit")
        .order_by("online__item__starts_at")
    )


def home_block(request, summit) -> dict | None:
    """On the summit's home page: its online and hybrid items the reader may see, each with
    its streams' channels, linking to the item's online page (nothing when there are none)."""
    visible = programme_queries.visible_items(summit, request.user).values("pk")
    rows = list(items(summit, only_online=True).filter(pk__in=visible)[:30])
    if not rows:
        return None
    return {"online_items": rows}


def stream_urls(slug: str, item_id: int) -> list[str]:
    """The stream addresses of an item's online page (for its Content-Security-Policy)."""
    return list(
        Stream.objects.filter(online__item_id=item_id, online__item__summit__slug=slug).values_list(
            "url", flat=True
        )
    )


def own_delegate(summit: Summit, user):
    """The signed-in person's latest registration at the summit (404 without one)."""
    from summitry.delegations.models import Delegate

    found = Delegate.objects.filter(summit=summit, user=user).order_by("-registered_at").first()
    if found is None:
        raise Http404(_("You are not registered at this summit."))
    return found


def person_zone(summit: Summit, person_id: int):
    """The time zone a person said they follow the summit from, or None."""
    from .models import PersonZone

    return PersonZone.objects.filter(summit=summit, person_id=person_id).first()
