"""Capacity under concurrent registrations, with real parallel PostgreSQL connections."""

import threading

import pytest
from django.db import connection, connections

from summitry.delegations import services
from summitry.delegations.models import Delegate, Delegation
from tests.factories import OrganisationFactory

from .conftest import member_data

THREADS, PLACES = 50, 20


@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_registrations_for_twenty_places(summit, organiser):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")
    summit.capacity = PLACES
    summit.save()
    delegations = [
        Delegation.objects.create(summit=summit, organisation=OrganisationFactory())
        for _ in range(THREADS)
    ]
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def register(delegation: Delegation, n: int) -> None:
        try:
            start.wait()
            services.add_member(
                actor=organiser, delegation=delegation, data=member_data(given_name=f"Delegate{n}")
            )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=register, args=(d, n)) for n, d in enumerate(delegations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    places = list(Delegate.objects.values_list("place", flat=True))
    assert len(places) == THREADS  # none lost
    assert places.count("registered") == PLACES  # never oversold
    assert places.count("waiting") == THREADS - PLACES
    # First come, first served: every place went to a registration decided before any that
    # waits, and the waiting list is served in that same order (core.capacity).
    turns = dict(Delegate.objects.values_list("registered_at", "place"))
    assert len(turns) == THREADS
    order = [place for _turn, place in sorted(turns.items())]
    assert order == ["registered"] * PLACES + ["waiting"] * (THREADS - PLACES)
    names = list(Delegate.objects.values_list("person__given_name", flat=True))
    assert sorted(names) == sorted(f"Delegate{n}" for n in range(THREADS))  # none twice
