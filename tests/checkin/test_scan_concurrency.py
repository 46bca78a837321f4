"""Scans under concurrency, with real parallel PostgreSQL connections: several doors scanning
the same badge at once let it in once; the same scan sent by many at once is recorded once."""

import threading

import pytest
from django.db import connection, connections

from summitry.checkin import services
from summitry.checkin.models import Scan

from .conftest import MORNING

DOORS = 12


def in_parallel(work) -> list:
    """Run ``work(n)`` in DOORS threads released together; the results, or the errors."""
    start = threading.Barrier(DOORS)
    results: list = []

    def run(n: int) -> None:
        try:
            start.wait()
            results.append(work(n))
        except BaseException as error:  # noqa: BLE001 - reported by the caller
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(DOORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections are tested on PostgreSQL (CI runs both databases)")


@pytest.mark.django_db(transaction=True)
def test_twelve_doors_scan_one_badge_at_once(postgres, door, summit, hall, badge):
    code = services.code_for(badge)
    results = in_parallel(
        lambda n: services.scan(
            actor=door, summit=summit, zone=hall, code=code, client_scan_id=f"door{n}", at=MORNING
        )
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    decisions = sorted((scan.result, scan.reason) for scan, _new in results)
    assert decisions.count(("enter", "")) == 1  # counted exactly once
    assert decisions.count(("refused", "already_inside")) == DOORS - 1
    assert Scan.objects.count() == DOORS  # none lost


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("genuine", [True, False], ids=["badge", "forged"])
def test_one_scan_sent_by_many_at_once_is_recorded_once(
    postgres, door, summit, hall, badge, genuine
):
    code = services.code_for(badge) if genuine else "SB1FORGED"
    results = in_parallel(
        lambda n: services.scan(
            actor=door, summit=summit, zone=hall, code=code, client_scan_id="same", at=MORNING
        )
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    assert sum(new for _scan, new in results) == 1
    assert len({scan.pk for scan, _new in results}) == 1
    assert Scan.objects.count() == 1
    assert Scan.objects.get().result == ("enter" if genuine else "refused")


@pytest.mark.django_db(transaction=True)
def test_twelve_exit_doors_scan_one_badge_inside_at_once(postgres, door, summit, hall, badge):
    code = services.code_for(badge)
    services.scan(actor=door, summit=summit, zone=hall, code=code, client_scan_id="in", at=MORNING)
    results = in_parallel(
        lambda n: services.scan(
            actor=door,
            summit=summit,
            zone=hall,
            code=code,
            client_scan_id=f"out{n}",
            at=MORNING,
            direction="out",
        )
    )
    assert [r for r in results if isinstance(r, BaseException)] == []
    decisions = sorted((scan.result, scan.reason) for scan, _new in results)
    assert decisions.count(("exit", "")) == 1
    assert decisions.count(("refused", "not_inside")) == DOORS - 1
