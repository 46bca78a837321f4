"""The studio's control room: a day's online and hybrid items, the ones on air and the next,
with their rehearsal, their speakers (connected or not) and the interpreters on duty."""

from __future__ import annotations

import datetime
import hashlib

from django.core.cache import cache
from django.utils import timezone

from summitry.core import live
from summitry.core.scoping import in_summit

from . import qa
from .models import Format, OnlineItem, SpeakerConnection, SpeakerPrep

LOOKAHEAD = datetime.timedelta(hours=3)


def days(summit) -> list[datetime.date]:
    first, last = summit.start_date, summit.end_date
    if not first or not last or last < first:
        return []
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def day_of(summit, text: str | None, now: datetime.datetime) -> datetime.date:
    """The day asked for (``YYYY-MM-DD``), else today in the summit's zone when it is one of
    the summit's days, else its first day."""
    choices = days(summit)
    try:
        asked = datetime.date.fromisoformat(text or "")
    except ValueError:
        asked = None
    if asked in choices:
        return asked
    today = timezone.localtime(now, summit.zone).date()
    if today in choices or not choices:
        return today
    return choices[0]


def board(summit, day: datetime.date, now: datetime.datetime) -> dict:
    zone = summit.zone
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = start + datetime.timedelta(days=1)
    if start <= now < end:
        # Late in the evening the control room still sees what comes in the next hours,
        # whatever the calendar says (an item at 00:10 is "next" at 23:58).
        end = max(end, now + LOOKAHEAD)
    rows = list(
        in_summit(OnlineItem, summit)
        .filter(format__in=(Format.ONLINE, Format.HYBRID))
        .filter(item__starts_at__lt=end, item__ends_at__gt=start)
        .select_related("item")
        .prefetch_related("item__people__person", "assignments__interpreter__person", "streams")
        .order_by("item__starts_at", "item_id")
    )
    connected = set(
        SpeakerConnection.objects.filter(online__in=rows).values_list("online_id", "person_id")
    )
    confirmed = set(
        SpeakerPrep.objects.filter(
            online__in=rows, rehearsal_confirmed_at__isnull=False
        ).values_list("online_id", "person_id")
    )
    for row in rows:
        row.speakers = [
            {
                "person": p.person,
                "connected": (row.pk, p.person_id) in connected,
                "rehearsal_confirmed": (row.pk, p.person_id) in confirmed,
            }
            for p in row.item.people.all()
            if p.role == "speaker"
        ]
        row.duty = sorted(row.assignments.all(), key=lambda a: (a.channel, a.pk))
        row.on_air = row.item.starts_at <= now <= row.item.ends_at
    on_air = [r for r in rows if r.on_air]
    upcoming = [r for r in rows if r.item.starts_at > now]
    return {"rows": rows, "on_air": on_air, "next": upcoming[0] if upcoming else None}


def note_clock(summit, context: dict) -> None:
    """When time alone has changed what the board shows (an item went on or off the air, the
    next one changed), bump the studio's topic once, so that every open board renders anew."""
    signature = hashlib.sha256(
        repr(([r.pk for r in context["on_air"]], getattr(context["next"], "pk", None))).encode()
    ).hexdigest()[:16]
    key = f"online-studio-clock:{summit.pk}"
    if cache.get(key) != signature:
        cache.set(key, signature, live.TIMEOUT)
        live.bump(qa.studio_topic(summit))
