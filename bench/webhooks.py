"""Webhook deliveries per second to a local receiver.

    .venv/bin/python bench/webhooks.py                       # 10,000 events, 1 and 4 workers
    .venv/bin/python bench/webhooks.py --events 1000 --workers 1

For each worker count: a subscription (paused while the events come in, as if the queue were
busy), ``--events`` events announced through ``core.events.emit`` in transactions of 100,
each turned into a delivery with its payload; then the deliveries are sent by ``--workers``
threads, each doing what one Celery worker does for a delivery (``webhooks.delivery.attempt``:
lock the row, sign, POST, record the answer), to a ThreadingHTTPServer on 127.0.0.1. Prints
events per second recorded, deliveries per second sent, and checks that every delivery
arrived once, signed with the subscription's secret, and is logged as delivered.

Creates its own test database (``test_<name>`` of ``--database``) and drops it afterwards.
No goal: the figure is reported.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import threading
import time
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/summitry_bench_webhooks"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--workers", default="1,4", help="worker counts to try, e.g. 1,4")
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE))
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summitry.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = True
    print(
        f"machine: nproc {cpus()}, {cpu_model()}, {memory_gib():.1f} GiB, "
        f"Python {platform.python_version()}, {connection.vendor}"
    )
    print(f"load average before: {load_average()}")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        ok = all(run(args.events, int(w)) for w in args.workers.split(","))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"load average after: {load_average()}")
    return 0 if ok else 1


def world(workers: int):
    from django.utils import timezone

    from summitry.delegations.models import Delegation, Invitation
    from summitry.demo.loader import ensure_organisers_team
    from summitry.directory.models import Organisation
    from summitry.summits.models import Summit

    summit = Summit.objects.create(
        slug=f"bench{workers}",
        edition=1,
        name_en="Bench",
        name_ko="벤치",
        start_date=timezone.now().date(),
        end_date=timezone.now().date(),
        status="published",
    )
    team = ensure_organisers_team(summit)
    organisation = Organisation.objects.create(
        slug=f"city-{workers}", kind="city", name_en="Wellington", country="NZ"
    )
    invitation = Invitation.objects.create(
        summit=summit,
        organisation=organisation,
        contact_name="Aroha",
        contact_email="aroha@example.org",
        language="en",
        digest=f"{workers:064d}",
        expires_at=timezone.now(),
    )
    delegation = Delegation.objects.create(
        summit=summit, organisation=organisation, invitation=invitation, status="registered"
    )
    return summit, team.members.get(), delegation


def run(events: int, workers: int) -> bool:
    from django.db import connections, transaction
    from django.utils import timezone
    from tests.webhooks.receiver import Receiver, verified

    from summitry.core import events as core_events
    from summitry.webhooks import delivery, services
    from summitry.webhooks.models import Delivery, Subscription

    receiver = Receiver()
    try:
        summit, organiser, delegation = world(workers)
        subscription, secret = services.create_subscription(
            actor=organiser,
            summit=summit,
            name={"en": "Bench"},
            url=receiver.url,
            events=["delegation.registered"],
        )
        services.pause(actor=organiser, subscription=subscription)

        started = time.perf_counter()
        for first in range(0, events, 100):
            with transaction.atomic():
                for _n in range(min(100, events - first)):
                    core_events.emit(summit, "delegation.registered", delegation)
        recorded = time.perf_counter() - started
        ids = list(
            Delivery.objects.filter(subscription=subscription)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        # Active again, every delivery due; the workers below send them (not the eager queue).
        Subscription.objects.filter(pk=subscription.pk).update(active=True, paused_at=None)
        Delivery.objects.filter(pk__in=ids).update(next_try_at=timezone.now())

        shares = [ids[n::workers] for n in range(workers)]

        def work(share):
            try:
                for pk in share:
                    delivery.attempt(pk)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=(share,)) for share in shares]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        sent = time.perf_counter() - started

        uids = [r["headers"]["X-Summitry-Delivery"] for r in receiver.received]
        checks = {
            "every event recorded": len(ids) == events,
            "every delivery received once": len(uids) == len(set(uids)) == events,
            "every signature valid": all(verified(r, secret) for r in receiver.received),
            "every delivery logged as delivered": Delivery.objects.filter(
                subscription=subscription, state="delivered", attempts=1
            ).count()
            == events,
        }
        print(
            f"workers {workers}: {events} events recorded in {recorded:.1f} s "
            f"({events / recorded:.0f}/s); {len(uids)} delivered in {sent:.1f} s "
            f"({len(uids) / sent:.0f} deliveries/s); checks: "
            + ", ".join(f"{name} {'ok' if good else 'FAILED'}" for name, good in checks.items())
        )
        return all(checks.values())
    finally:
        receiver.close()


if __name__ == "__main__":
    sys.exit(main())
