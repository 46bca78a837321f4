"""Assembly vote: N voting members cast a secret ballot at once over HTTP (gunicorn and
PostgreSQL), then the close and the tally; prints the casting rate, the time from the close
to the result on the projector's live fragment, and checks none was lost or doubled."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402
from registration_burst import (  # noqa: E402
    HOST,
    drop_database,
    migrate,
    percentile,
    recreate_database,
    server_env,
    start_gunicorn,
)
from serving import free_port, stop, version_of_gunicorn, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SLUG = "assemblybench"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/summitry_bench_assembly"


def create_data(members: int):
    """A published summit, an assembly of ``members`` present voting members, each with a
    delegate and an API token, and an open secret vote. Returns (poll, [(member id, token)])."""
    import datetime

    from django.contrib.auth import get_user_model

    from summitry.assembly import services
    from summitry.assembly.models import AgendaItem, Assembly, Member, Poll, VotingRight
    from summitry.core.tokens import issue_token
    from summitry.directory.models import Organisation, OrganisationKind
    from summitry.summits.models import Summit, SummitStatus

    summit = Summit.objects.create(
        slug=SLUG,
        edition=1,
        name_en="Assembly Bench",
        name_ko="총회 부하 시험",
        start_date=datetime.date(2031, 9, 24),
        end_date=datetime.date(2031, 9, 26),
        status=SummitStatus.PUBLISHED,
    )
    body = Organisation.objects.create(
        slug="bench-body", kind=OrganisationKind.INTERNATIONAL, name_en="Bench Association"
    )
    orgs = Organisation.objects.bulk_create(
        Organisation(
            slug=f"bench-member-{n:05d}",
            kind=OrganisationKind.CITY,
            name_en=f"Bench City {n}",
            country="KR",
        )
        for n in range(members)
    )
    user_model = get_user_model()
    users = []
    for n in range(members + 1):
        user = user_model(username=f"voter{n:05d}@bench.invalid")
        user.set_unusable_password()
        users.append(user)
    users = user_model.objects.bulk_create(users)
    chair = users.pop()
    chair.is_superuser = True
    chair.save()
    assembly = Assembly.objects.create(summit=summit, body=body, slug="ga", title_en="Bench GA")
    rows = Member.objects.bulk_create(Member(body=body, organisation=org) for org in orgs)
    VotingRight.objects.bulk_create(
        VotingRight(assembly=assembly, member=m, delegate=u, present=True)
        for m, u in zip(rows, users, strict=True)
    )
    item = AgendaItem.objects.create(assembly=assembly, kind="motion", title_en="Budget")
    poll = Poll.objects.create(
        assembly=assembly, agenda_item=item, title_en="Adopt?", kind="secret"
    )
    services.open_poll(actor=chair, poll=poll)
    pairs = [(m.pk, issue_token(user=u, name="bench")[1]) for m, u in zip(rows, users, strict=True)]
    return poll, chair, pairs


def cast(connection, poll_id: int, member_id: int, token: str, choice: str):
    body = json.dumps({"member": member_id, "choice": choice})
    path = f"/api/v1/summits/{SLUG}/assemblies/ga/polls/{poll_id}/votes"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    began = time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, None, began, time.perf_counter()
    receipt = json.loads(payload).get("receipt") if response.status == 201 else None
    return response.status, receipt, began, time.perf_counter()


def burst(port, jobs, clients):
    work: queue.Queue = queue.Queue()
    for job in jobs:
        work.put(job)
    results, lock, clock = [], threading.Lock(), {}
    start = threading.Barrier(clients, action=lambda: clock.setdefault("t0", time.perf_counter()))

    def client():
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine = []
        start.wait()
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                break
            mine.append((job, cast(connection, *job)))
            if not isinstance(mine[-1][1][0], int):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    t1 = max(r[1][3] for r in results)
    return results, t1 - clock["t0"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    args = parser.parse_args()
    print("Assembly vote")
    print(
        f"machine     {cpus()} CPUs (nproc), {cpu_model()}, {memory_gib():.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )
    print(f"load        {load_average()} (1, 5, 15 min) before the run")
    database = recreate_database(args.database)
    env = server_env(args.database, 60)
    cache = tempfile.mkdtemp(prefix="summitry-bench-cache-")
    env["SUMMITRY_CACHE_DIR"] = cache  # shared by gunicorn and this process: live versions
    env["SUMMITRY_SSL_REDIRECT"] = "0"  # plain HTTP on the loopback, pages included
    env["SUMMITRY_STATIC_ROOT"] = tempfile.mkdtemp(prefix="summitry-bench-static-")
    try:
        migrate(env)
        subprocess.run(
            [
                str(Path(sys.executable).parent / "summitry"),
                "collectstatic",
                "--noinput",
                "-v",
                "0",
            ],
            env=env,
            check=True,
        )
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connections

        poll, chair, pairs = create_data(args.members)
        connections.close_all()
        jobs = [(poll.pk, m, t, "yes" if n % 3 else "no") for n, (m, t) in enumerate(pairs)]
        jobs += [(poll.pk, m, t, "no") for m, t in pairs[:50]]  # 50 second tries: refused
        print(
            f"server      gunicorn {version_of_gunicorn()}, {args.workers} workers × "
            f"{args.threads} threads; {database}; {args.clients} client threads"
        )
        with tempfile.TemporaryFile(mode="w+") as log:
            port = free_port()
            server = start_gunicorn(env, port, args.workers, args.threads, log)
            try:
                projector = f"/{SLUG}/assemblies/ga/projector/"
                wait_until_up(server, port, projector, timeout=60)
                results, wall = burst(port, jobs, args.clients)
                return close_and_report(args, port, poll, chair, results, wall)
            finally:
                stop(server)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.database)
        for folder in (cache, env["SUMMITRY_STATIC_ROOT"]):
            shutil.rmtree(folder, ignore_errors=True)


def close_and_report(args, port, poll, chair, results, wall) -> int:
    from summitry.assembly import services
    from summitry.assembly.models import Ballot, VoterRoll
    from summitry.core import live

    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    fragment = (
        f"/{SLUG}/assemblies/ga/projector/live/?v={live.version(services.topic(poll.assembly))}"
    )
    closed_at = time.perf_counter()
    closed = services.close_poll(actor=chair, poll=poll)
    tallied_at = time.perf_counter()
    while True:  # the projector's poll, asked as often as it answers
        connection.request("GET", fragment, headers={"Accept-Language": "en"})
        response = connection.getresponse()
        body = response.read().decode()
        if response.status == 200 and re.search(r"projector-outcome", body):
            shown_at = time.perf_counter()
            break
    statuses = Counter(str(r[1][0]) for r in results)
    latencies = sorted((r[1][3] - r[1][2]) * 1000 for r in results)
    receipts = [r[1][1] for r in results if r[1][0] == 201]
    roll = VoterRoll.objects.filter(poll=poll).count()
    box = Ballot.objects.filter(poll=poll).count()
    counts = closed.result["counts"]
    yes = sum(1 for n in range(args.members) if n % 3)
    print()
    print("HTTP        " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"casting     {len(receipts)} ballots in {wall:.2f} s ({len(receipts) / wall:.0f}/s)")
    print(
        "latency ms  "
        + "  ".join(
            f"{k} {percentile(latencies, p):.0f}"
            for k, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))
        )
    )
    print(
        f"close       close and tally {(tallied_at - closed_at) * 1000:.0f} ms; result on the "
        f"projector's live fragment {(shown_at - closed_at) * 1000:.0f} ms after the close "
        f"(a projector polls every 1 s: add up to 1 s)"
    )
    checks = [
        (statuses["201"] == args.members, f"{args.members} ballots accepted ({statuses['201']})"),
        (statuses["400"] == 50, f"50 second ballots refused ({statuses['400']})"),
        (len(set(receipts)) == args.members, "every receipt distinct"),
        (roll == box == args.members, f"roll {roll} == box {box} == {args.members}: none lost"),
        (counts == {"yes": yes, "no": args.members - yes, "abstain": 0}, f"tally {counts}"),
        (shown_at - closed_at < 2, "result on the projector within 2 s of the close"),
    ]
    print("\nchecks")
    for passed, text in checks:
        print(f"  {'ok  ' if passed else 'FAIL'}  {text}")
    return 0 if all(p for p, _t in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
