"""First come, first served, whichever server decides: a registration's position (the moment
its place was decided, under the summit's lock) comes from the database's one clock, so the
order that gave the places, the waiting list's order and the promotions agree even when the
web servers' clocks do not (issue 14: the burst printed `FAIL first come, first served`)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from summitry.delegations import services
from summitry.delegations.models import Delegate, Delegation
from tests.factories import OrganisationFactory

from .conftest import member_data

pytestmark = pytest.mark.django_db


def register(summit, organiser, name: str) -> Delegate:
    delegation = Delegation.objects.create(summit=summit, organisation=OrganisationFactory())
    return services.add_member(
        actor=organiser, delegation=delegation, data=member_data(given_name=name)
    )


def on_a_server_whose_clock_is_behind(monkeypatch, minutes: int = 5) -> None:
    real = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: real() - datetime.timedelta(minutes=minutes))


def in_order(summit) -> list[str]:
    """The members in the order the platform says they came (the waiting list's order)."""
    return list(
        Delegate.objects.filter(delegation__summit=summit)
        .order_by("registered_at", "pk")
        .values_list("person__given_name", flat=True)
    )


def test_places_go_in_the_order_of_the_decisions_whatever_the_servers_clock(
    summit, organiser, monkeypatch
):
    summit.capacity = 1
    summit.save()
    first = register(summit, organiser, "First")
    on_a_server_whose_clock_is_behind(monkeypatch)
    second = register(summit, organiser, "Second")  # decided later, on the other server
    assert (first.place, second.place) == ("registered", "waiting")
    # Every place went to an earlier registration than any on the waiting list.
    assert in_order(summit) == ["First", "Second"]
    assert second.registered_at >= first.registered_at


def test_the_first_on_the_waiting_list_is_the_first_who_came(summit, organiser, monkeypatch):
    summit.capacity = 1
    summit.save()
    holder = register(summit, organiser, "Holder")
    earlier = register(summit, organiser, "Earlier")
    on_a_server_whose_clock_is_behind(monkeypatch)
    register(summit, organiser, "Later")
    monkeypatch.undo()
    services.cancel_member(actor=organiser, member=holder)
    places = dict(
        Delegate.objects.filter(delegation__summit=summit).values_list(
            "person__given_name", "place"
        )
    )
    assert places == {"Holder": "cancelled", "Earlier": "registered", "Later": "waiting"}
    earlier.refresh_from_db()
    assert earlier.place == "registered"
