"""The assembly's figures for /metrics (core.registry.add_metric_provider): votes cast (a
counter from the voter rolls, which say *that* a member voted, never what: ``rate(
summitry_votes_cast_total[1m]) * 60`` is votes per minute) and polls open now."""

from __future__ import annotations

from django.db.models import Count

from summitry.core.registry import Metric

from .models import Poll, PollState, VoterRoll


def provide() -> list[Metric]:
    cast = (
        VoterRoll.objects.values_list("poll__assembly__summit__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    open_polls = (
        Poll.objects.filter(state=PollState.OPEN)
        .values_list("assembly__summit__slug")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        Metric(
            "summitry_votes_cast",
            "Votes cast in the assemblies' polls",
            kind="counter",
            labels=("summit",),
            samples=tuple(((slug,), n) for slug, n in cast),
        ),
        Metric(
            "summitry_polls_open",
            "Polls open for voting now",
            labels=("summit",),
            samples=tuple(((slug,), n) for slug, n in open_polls),
        ),
    ]
