"""Registration burst: parallel registrations over HTTP to gunicorn and PostgreSQL, verified."""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import platform
import queue
import random
import resource
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib, process_seconds  # noqa: E402
from serving import free_port, stop, version_of_gunicorn, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
# The venv's own scripts (gunicorn, summitry) sit next to the interpreter that runs this.
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
SLUG = "burst"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/summitry_bench"


@dataclass
class Result:
    index: int
    status: int | str  # the HTTP status, or the name of the error when no response came
    started: float
    ended: float
    member_id: int | None = None
    place: str | None = None

    @property
    def latency_ms(self) -> float:
        return (self.ended - self.started) * 1000


# --- the machine -----------------------------------------------------------------------------


def server_seconds(master: int) -> float:
    """CPU time of the gunicorn master and its workers."""
    total = process_seconds(master)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                after_name = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(after_name[1]) == master:
                total += process_seconds(int(entry.name))
    return total


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


@dataclass
class CpuSnapshot:
    server: float
    clients: float
    busy: int
    total: int

    @classmethod
    def take(cls, *masters: int) -> CpuSnapshot:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        server = sum(server_seconds(master) for master in masters)
        return cls(server, usage.ru_utime + usage.ru_stime, *machine_ticks())


class BackendWatch(threading.Thread):
    """CPU time of the PostgreSQL backends serving the bench database during the burst.

    Backends come and go (a connection older than CONN_MAX_AGE is replaced), so their CPU
    time is sampled twice a second and the last sample of each one counts."""

    def __init__(self, database: str) -> None:
        super().__init__(daemon=True)
        self.marker = f" {database} "
        self.last: dict[int, float] = {}
        self.sample()
        # What the backends already open had used before; one born later starts from 0.
        self.baseline = dict(self.last)
        self.done = threading.Event()

    def sample(self) -> None:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                title = (entry / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            # A backend's title: "postgres: <user> <database> <client> <state>".
            if title.startswith("postgres: ") and self.marker in title:
                pid = int(entry.name)
                self.last[pid] = max(process_seconds(pid), self.last.get(pid, 0.0))

    def run(self) -> None:
        while not self.done.wait(0.5):
            self.sample()

    def seconds(self) -> float:
        self.done.set()
        self.join()
        self.sample()
        return sum(seconds - self.baseline.get(pid, 0.0) for pid, seconds in self.last.items())


# --- the database ----------------------------------------------------------------------------


def admin_connection(url: str):
    """A connection to the server's maintenance database, to create and drop the bench one."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    name = params.get("dbname", "")
    # A typo in --database must never drop a real database.
    if "bench" not in name:
        sys.exit(f"refusing to (re)create database {name!r}: its name must contain 'bench'")
    params["dbname"] = "postgres"
    return psycopg.connect(make_conninfo(**params), autocommit=True), name


def recreate_database(url: str) -> str:
    connection, name = admin_connection(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version.split()[0]}"


def drop_database(url: str) -> None:
    connection, name = admin_connection(url)
    with connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(url: str, conn_max_age: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="summitry.settings.production",
        SUMMITRY_SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        SUMMITRY_ALLOWED_HOSTS=HOST,
        SUMMITRY_CONN_MAX_AGE=str(conn_max_age),
        # The benchmark speaks plain HTTP to gunicorn (no proxy terminating TLS in front).
        SUMMITRY_SSL_REDIRECT="0",
        # Registrations send no mail, but should a code path start to, none leaves the machine.
        SUMMITRY_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    return env


def migrate(env: dict[str, str]) -> None:
    subprocess.run([str(BIN / "summitry"), "migrate", "--noinput", "-v", "0"], env=env, check=True)


def create_data(capacity: int, delegations: int) -> list[tuple[int, str]]:
    """A published summit and ``delegations`` invited delegations, each with its own contact
    and API token. Returns (delegation id, token) pairs. Written through Django's models, in
    bulk: setting up is not what is measured (and claiming invitations would hash passwords)."""
    import datetime

    from django.contrib.auth import get_user_model

    from summitry.core.tokens import issue_token
    from summitry.delegations.models import Delegation, DelegationStatus
    from summitry.directory.models import Organisation, OrganisationKind
    from summitry.summits.models import Summit, SummitStatus

    summit = Summit.objects.create(
        slug=SLUG,
        edition=1,
        name_en="Registration Burst Summit",
        name_ko="등록 부하 정상회의",
        start_date=datetime.date(2031, 9, 24),
        end_date=datetime.date(2031, 9, 26),
        status=SummitStatus.PUBLISHED,
        capacity=capacity,
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"bench-city-{n:05d}",
            kind=OrganisationKind.CITY,
            name_en=f"Bench City {n}",
            name_ko=f"시험 도시 {n}",
            country="KR",
        )
        for n in range(delegations)
    )
    user_model = get_user_model()
    contacts = []
    for n in range(delegations):
        user = user_model(username=f"contact{n:05d}@bench.invalid", email=f"c{n}@bench.invalid")
        user.set_unusable_password()
        contacts.append(user)
    contacts = user_model.objects.bulk_create(contacts)
    rows = Delegation.objects.bulk_create(
        Delegation(summit=summit, organisation=org, contact=user, status=DelegationStatus.INVITED)
        for org, user in zip(organisations, contacts, strict=True)
    )
    return [
        (row.pk, issue_token(user=user, name="registration burst")[1])
        for row, user in zip(rows, contacts, strict=True)
    ]


# --- the server ------------------------------------------------------------------------------


def start_gunicorn(env, port: int, workers: int, threads: int, log) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "summitry.wsgi",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--bind",
        f"{HOST}:{port}",
        # Longer than any pause between a client's requests, so connections are kept.
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        # The application is loaded once, before the workers fork: every worker is ready
        # when the first one answers, so none is still booting when the burst starts.
        "--preload",
    ]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


# --- the burst -------------------------------------------------------------------------------


def register(connection, index: int, delegation_id: int, token: str) -> Result:
    """One registration by the delegation's contact, timed from sending to the last byte."""
    body = json.dumps(
        {"role": "member", "given_name": f"Delegate{index:05d}", "family_name": "Burst"}
    )
    headers = {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept-Language": "en",
    }
    path = f"/api/v1/summits/{SLUG}/delegations/{delegation_id}/members"
    began = time.perf_counter()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException) as error:
        # No retry: the request may have been handled, and a second POST would register the
        # person twice. The verification finds out what happened.
        return Result(index, type(error).__name__, began, time.perf_counter())
    result = Result(index, response.status, began, time.perf_counter())
    if response.status == 201:
        data = json.loads(payload)
        result.member_id, result.place = data["id"], data["place"]
    return result


def burst(
    ports: list[int],
    jobs: list[tuple[int, int, str]],
    clients: int,
    request_timeout: float,
    wall_timeout: float,
) -> tuple[list[Result], float, float]:
    """Send every job (index, delegation id, token) from ``clients`` threads, each with one
    keep-alive connection, client k to the server at ``ports[k % len(ports)]`` (several
    nodes: the work queue is shared, so consecutive registrations go to different nodes).
    Returns the results and the burst's start and end."""
    work: queue.Queue = queue.Queue()
    for job in jobs:
        work.put(job)
    results: list[Result] = []
    lock = threading.Lock()
    clock = {}
    start = threading.Barrier(clients, action=lambda: clock.setdefault("t0", time.perf_counter()))
    deadline = time.monotonic() + wall_timeout

    def client(port: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=request_timeout)
        mine: list[Result] = []
        try:
            start.wait()
            while time.monotonic() < deadline:
                try:
                    index, delegation_id, token = work.get_nowait()
                except queue.Empty:
                    break
                mine.append(register(connection, index, delegation_id, token))
                if not isinstance(mine[-1].status, int):
                    # The connection is in an unknown state after an error: start afresh.
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=request_timeout)
        finally:
            connection.close()
            with lock:
                results.extend(mine)

    threads = [
        threading.Thread(target=client, args=(ports[k % len(ports)],), daemon=True)
        for k in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + request_timeout + 5)
    with lock:
        done = list(results)
    t0 = clock.get("t0", time.perf_counter())
    t1 = max((r.ended for r in done), default=t0)
    return done, t0, t1


def print_cpu(
    before: CpuSnapshot, after: CpuSnapshot, database: float, n: int, unit: str = "registration"
) -> None:
    """Where the CPU went: per ``unit`` (a registration, a scan), and how busy the machine was
    with other work."""
    server = after.server - before.server
    clients = after.clients - before.clients
    ticks = max(1, after.total - before.total)
    busy = (after.busy - before.busy) / ticks
    ours = (server + clients + database) * os.sysconf("SC_CLK_TCK") / ticks
    print(
        f"CPU         per {unit}: gunicorn {server / n * 1000:.1f} ms, "
        f"PostgreSQL {database / n * 1000:.1f} ms, "
        f"clients {clients / n * 1000:.1f} ms; the {cpus()} CPUs were {busy:.0%} busy, "
        f"{max(0.0, busy - ours):.0%} with other work"
    )


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


# --- the verification ------------------------------------------------------------------------


def verify(results: list[Result], capacity: int, requested: int) -> list[tuple[bool, str]]:
    from summitry.delegations.models import (
        Delegate,
        Delegation,
        DelegationStatus,
        PlaceStatus,
        StatusChange,
    )

    members = Delegate.objects.filter(delegation__summit__slug=SLUG)
    rows = {
        pk: (place, name)
        for pk, place, name in members.values_list("pk", "place", "person__given_name")
    }
    # The order in which registrations came, as the platform keeps it: the position taken
    # under the summit's lock (registered_at, the database's clock), which is also the
    # waiting list's order. The row's id is not: it is drawn before the lock, so of two
    # registrations in flight the one with the smaller id may be decided second.
    came = list(members.order_by("registered_at", "pk").values_list("place", flat=True))
    after_first_waiting = (
        came[came.index(PlaceStatus.WAITING) :] if PlaceStatus.WAITING in came else []
    )
    accepted = [r for r in results if r.status == 201]
    ok = len(accepted)
    places = Counter(place for place, _name in rows.values())
    registered, waiting = places[PlaceStatus.REGISTERED], places[PlaceStatus.WAITING]
    statuses = Counter(r.status for r in results)
    lost = [
        r.index
        for r in accepted
        if rows.get(r.member_id, (None, None))[1] != f"Delegate{r.index:05d}"
    ]
    names = Counter(name for _place, name in rows.values())
    twice = sorted(name for name, count in names.items() if count > 1)
    answered_places = Counter(r.place for r in accepted)
    with_members = Delegation.objects.filter(summit__slug=SLUG, members__isnull=False).distinct()
    not_registered = with_members.exclude(status=DelegationStatus.REGISTERED).count()
    changes = StatusChange.objects.filter(delegation__summit__slug=SLUG).count()
    return [
        (
            len(results) == requested and statuses[201] == requested,
            f"all {requested} registrations answered 201 ({len(results)} sent, {ok} answered 201)",
        ),
        (
            registered == min(capacity, ok),
            f"with a place: {registered} == min(capacity {capacity}, {ok} accepted)",
        ),
        (
            waiting == ok - registered and waiting + registered == len(rows),
            f"on the waiting list: {waiting} == {ok} accepted - {registered} with a place",
        ),
        (
            not lost and len(rows) == ok,
            f"none lost: {ok - len(lost)} of {ok} accepted have their row; "
            f"{len(rows)} rows == {ok} responses 201",
        ),
        (not twice, f"none twice: {len(names)} distinct names in {len(rows)} rows"),
        (
            registered <= capacity and answered_places[PlaceStatus.REGISTERED] == registered,
            f"never over capacity: {registered} <= {capacity}; the responses promised "
            f"{answered_places[PlaceStatus.REGISTERED]} places",
        ),
        (
            PlaceStatus.REGISTERED not in after_first_waiting,
            "first come, first served: every place went to an earlier registration "
            "than any on the waiting list (in the order the places were decided)",
        ),
        (
            not_registered == 0 and changes == with_members.count(),
            f"delegations: {with_members.count()} with members, all registered, "
            f"{changes} status changes (one each)",
        ),
    ]


# --- the run ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Parallel registrations over HTTP against gunicorn and PostgreSQL; prints "
        "registrations per second and latencies, and checks nothing was oversold or lost."
    )
    parser.add_argument("--registrations", type=int, default=2000)
    parser.add_argument("--capacity", type=int, default=1500)
    parser.add_argument(
        "--delegations",
        type=int,
        help="delegations (each with its contact and token); default: a quarter of the "
        "registrations, so the first member of each registers the delegation",
    )
    parser.add_argument("--clients", type=int, default=50, help="concurrent client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    # 2 × 8 did best on the 2-core machine among 1-6 workers × 1-16 threads: requests queue
    # at the summit's row lock, and enough threads keep one ready the moment it is released.
    parser.add_argument("--threads", type=int, default=8, help="threads per gunicorn worker")
    parser.add_argument(
        "--nodes",
        type=int,
        default=1,
        help="gunicorn servers on as many ports, sharing the database (bench/two_nodes.py: 2)",
    )
    parser.add_argument("--conn-max-age", type=int, default=60, help="SUMMITRY_CONN_MAX_AGE")
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--timeout", type=float, default=300, help="wall-clock limit, seconds")
    parser.add_argument("--seed", type=int, default=2031)
    parser.add_argument("--quick", action="store_true", help="200 registrations, 20 clients")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    if args.quick:
        args.registrations, args.clients = 200, 20
        args.capacity = min(args.capacity, 150)
    if not 0 < args.registrations <= 100_000 or not 0 < args.clients <= 500:
        parser.error("--registrations must be 1..100000 and --clients 1..500")
    delegations = args.delegations or max(1, args.registrations // 4)
    if not 1 <= args.nodes <= 4:
        parser.error("--nodes must be 1..4")
    if args.nodes * args.workers * args.threads > 80:
        parser.error(
            "nodes × workers × threads above 80 would exhaust PostgreSQL's 100 connections"
        )

    print("Registration burst")
    print(
        f"machine     {cpus()} CPUs (nproc), {cpu_model()}, {memory_gib():.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )
    # Other work on the machine takes CPU from the server, PostgreSQL and the clients alike.
    print(f"load        {load_average()} (1, 5, 15 min) before the run")
    database = recreate_database(args.database)
    env = server_env(args.database, args.conn_max_age)
    django_ready = False
    try:
        migrate(env)
        os.environ.update(env)
        import django

        django.setup()
        django_ready = True
        from django.db import connections

        prepared = time.perf_counter()
        pairs = create_data(args.capacity, delegations)
        connections.close_all()
        # Each registration goes to a delegation drawn in a fixed random order, so first
        # members (which also register their delegation) mix with further ones.
        targets = [n % delegations for n in range(args.registrations)]
        random.Random(args.seed).shuffle(targets)
        jobs = [(n, *pairs[d]) for n, d in enumerate(targets)]
        nodes = f"{args.nodes} servers (nodes) of " if args.nodes > 1 else ""
        print(
            f"server      {nodes}gunicorn {version_of_gunicorn()}, {args.workers} workers × "
            f"{args.threads} threads (gthread), keep-alive, "
            f"CONN_MAX_AGE={args.conn_max_age}, settings.production"
        )
        print(f"database    {database}, {args.database.rsplit('/', 1)[-1]} on {HOST}")
        print(
            f"burst       {args.registrations} registrations for {args.capacity} places, "
            f"{delegations} delegations (one contact and token each), {args.clients} client "
            f"threads with keep-alive; set up in {time.perf_counter() - prepared:.1f} s"
        )
        with tempfile.TemporaryFile(mode="w+") as log:
            ports = [free_port() for _ in range(args.nodes)]
            servers = []
            try:
                for port in ports:
                    servers.append(start_gunicorn(env, port, args.workers, args.threads, log))
                for server, port in zip(servers, ports, strict=True):
                    wait_until_up(server, port, f"/api/v1/summits/{SLUG}", timeout=60)
                watch = BackendWatch(args.database.rsplit("/", 1)[-1])
                watch.start()
                masters = [server.pid for server in servers]
                before = CpuSnapshot.take(*masters)
                results, t0, t1 = burst(ports, jobs, args.clients, 60, args.timeout)
                after = CpuSnapshot.take(*masters)
                database_cpu = watch.seconds()
            finally:
                for server in servers:
                    stop(server)
            return report(args, results, t1 - t0, (before, after, database_cpu), log)
    finally:
        if django_ready:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            drop_database(args.database)


def report(args, results: list[Result], wall: float, cpu, log) -> int:
    """Print the figures and the checks; 1 if a check failed."""
    accepted = sum(1 for r in results if r.status == 201)
    latencies = sorted(r.latency_ms for r in results)
    statuses = Counter(str(r.status) for r in results)
    print()
    print(f"attempted   {len(results)} of {args.registrations}")
    print("HTTP        " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(
        f"rate        {accepted / wall if wall > 0 else 0:.1f} registrations/s "
        f"({accepted} accepted in {wall:.2f} s)"
    )
    print(
        "latency ms  "
        + "  ".join(
            f"{label} {percentile(latencies, p):.1f}"
            for label, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))
        )
    )
    print_cpu(*cpu, max(1, len(results)))
    checks = verify(results, args.capacity, args.registrations)
    print()
    print("checks")
    for passed, text in checks:
        print(f"  {'ok  ' if passed else 'FAIL'}  {text}")
    if any(r.status != 201 for r in results):
        log.seek(0)
        tail = log.read()[-3000:]
        if tail:
            print("\ngunicorn log (end):\n" + tail)
    return 0 if all(passed for passed, _text in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
