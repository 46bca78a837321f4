"""Reads of webhooks for the pages and the API, always within one summit."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from summitry.core.events import SummitMemo
from summitry.core.scoping import in_summit
from summitry.summits.models import Team

from .access import PERMISSION
from .models import Delivery, Subscription


def subscriptions(summit) -> QuerySet[Subscription]:
    return in_summit(Subscription, summit).select_related("owner").order_by("-created_at", "-pk")


def subscription(summit, subscription_id) -> Subscription | None:
    return subscriptions(summit).filter(pk=subscription_id).first()


def deliveries(subscription: Subscription) -> QuerySet[Delivery]:
    return in_summit(Delivery, subscription.summit).filter(subscription=subscription)


def delivery(subscription: Subscription, delivery_id) -> Delivery | None:
    return deliveries(subscription).filter(pk=delivery_id).first()


def listening(summit, event: str) -> list[Subscription]:
    """The summit's (a summit or its id) subscriptions that chose ``event``, active or
    paused, each with its summit and owner."""
    rows = in_summit(Subscription, summit).select_related("owner", "summit").order_by("pk")
    return [s for s in rows if event in (s.events or ())]


def _chosen(summit_id) -> frozenset[str]:
    rows = Subscription.objects.filter(summit_id=summit_id).values_list("events", flat=True)
    return frozenset(event for events in rows for event in events or ())


# The events some subscription of a summit chose: an event none chose costs no query.
chosen_events = SummitMemo("webhooks-events", Subscription, _chosen)


def staff_to_tell(summit) -> QuerySet:
    """Active members of the summit's teams holding the webhooks permission, with an address."""
    teams = [
        team.pk
        for team in in_summit(Team, summit).only("pk", "permissions")
        if PERMISSION in (team.permissions or ())
    ]
    return (
        get_user_model()
        .objects.filter(summit_teams__in=teams, is_active=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
