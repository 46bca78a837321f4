"""Viewing figures of online items: how many people watched each item, per language channel and
over time, from the "I'm watching" signal the item's page sends every half-minute while its
player is shown (``record``). Each signal marks one viewer in one channel for one minute
(``ViewerMinute``, unique), so a repeated or doubled signal counts once.

Figures: **peak concurrent** viewers (the most in any one minute, with the minute) and **unique**
viewers, per channel and for the item (a viewer who switched channels counts once for the item),
and the viewers over time in five-minute steps (the most in any minute of the step). The viewer
is stored as a keyed hash of their account or cookie: no figure can name anyone, and only counts
leave this module."""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from .models import CHANNELS, OnlineItem, ViewerMinute

# How often a watching page sends its signal (seconds); a minute always gets one.
BEAT_SECONDS = 30
STEP_MINUTES = 5


def viewer_hash(key: str) -> str:
    """A viewer's key ("user:12", "viewer:<cookie>") as a keyed hash: the same viewer always
    gives the same value, which names nobody without the site's secret."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"online-viewer:{key}".encode(), hashlib.sha256
    ).hexdigest()
    return digest[:32]


def minute_of(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(second=0, microsecond=0)


def record(online: OnlineItem, channel: str, key: str, now: datetime.datetime | None = None):
    """One "I'm watching" signal; returns False for a channel the item does not have."""
    if channel not in dict(CHANNELS):
        return False
    ViewerMinute.objects.bulk_create(
        [
            ViewerMinute(
                online=online,
                channel=channel,
                viewer=viewer_hash(key),
                minute=minute_of(now or timezone.now()),
            )
        ],
        ignore_conflicts=True,
    )
    return True


def _peak(counts: list[tuple[datetime.datetime, int]]) -> tuple[int, datetime.datetime | None]:
    best = max(counts, key=lambda pair: (pair[1], -pair[0].timestamp()), default=None)
    return (best[1], best[0]) if best else (0, None)


def figures(online: OnlineItem) -> dict:
    """The item's figures: ``peak``, ``peak_at``, ``unique``, ``channels`` (each with its
    ``channel``, ``label``, ``peak``, ``peak_at`` and ``unique``) and ``series`` (``at``,
    ``viewers`` per five-minute step). Counts only."""
    rows = ViewerMinute.objects.filter(online=online)
    per_minute = [
        (row["minute"], row["n"])
        for row in rows.values("minute").annotate(n=Count("viewer", distinct=True))
    ]
    by_channel: dict[str, list[tuple[datetime.datetime, int]]] = {}
    for row in rows.values("channel", "minute").annotate(n=Count("viewer")):
        by_channel.setdefault(row["channel"], []).append((row["minute"], row["n"]))
    unique_by_channel = {
        row["channel"]: row["n"]
        for row in rows.values("channel").annotate(n=Count("viewer", distinct=True))
    }
    labels = dict(CHANNELS)
    channels = []
    for code, _label in CHANNELS:
        if code not in by_channel:
            continue
        peak, peak_at = _peak(by_channel[code])
        channels.append(
            {
                "channel": code,
                "label": labels[code],
                "peak": peak,
                "peak_at": peak_at,
                "unique": unique_by_channel.get(code, 0),
            }
        )
    peak, peak_at = _peak(per_minute)
    steps: dict[datetime.datetime, int] = {}
    for minute, count in per_minute:
        step = minute.replace(minute=minute.minute - minute.minute % STEP_MINUTES)
        steps[step] = max(steps.get(step, 0), count)
    return {
        "peak": peak,
        "peak_at": peak_at,
        "unique": rows.values("viewer").distinct().count(),
        "channels": channels,
        "series": [{"at": at, "viewers": n} for at, n in sorted(steps.items())],
    }


def summary(summit) -> list[dict]:
    """Every online or hybrid item of the summit with its figures, in programme order."""
    items = (
        OnlineItem.objects.filter(item__summit=summit, format__in=("online", "hybrid"))
        .select_related("item")
        .order_by("item__starts_at", "item_id")
    )
    return [{"online": online, "item": online.item, **figures(online)} for online in items]
