"""Check-in's figures for /metrics (core.registry.add_metric_provider): scans in the last
minute by summit and result (the door rush as it happens), and entries in all (a counter:
``rate(summitry_checkins_total[5m]) * 60`` is check-ins per minute)."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

from summitry.core.registry import Metric

from .models import Scan, ScanResult


def provide() -> list[Metric]:
    since = timezone.now() - datetime.timedelta(seconds=60)
    recent = (
        Scan.objects.filter(at__gte=since)
        .values_list("summit__slug", "result")
        .annotate(n=Count("pk"))
        .order_by()
    )
    entries = (
        Scan.objects.filter(result=ScanResult.ENTER)
        .values_list("summit__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        Metric(
            "summitry_checkins_last_minute",
            "Badge scans at the doors in the last 60 seconds",
            labels=("summit", "result"),
            samples=tuple(((slug, result), n) for slug, result, n in recent),
        ),
        Metric(
            "summitry_checkins",
            "Entries through the doors (scans that let someone in)",
            kind="counter",
            labels=("summit",),
            samples=tuple(((slug,), n) for slug, n in entries),
        ),
    ]
