"""Programme page: the public programme over HTTP from gunicorn on PostgreSQL, under load."""

from __future__ import annotations

import argparse
import http.client
import itertools
import math
import os
import platform
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
SLUG = "wcsmf2023"
PATH = f"/{SLUG}/programme/"
# The one database this script may create and drop.
DATABASE_NAME = "summitry_bench_programme"
DATABASE = f"postgres://postgres@{HOST}:5432/{DATABASE_NAME}"
# The summit's name in the page's language: a body without it is not the programme.
MARKERS = {"ko": "시장포럼".encode(), "en": b"Mayors Forum"}
ITEM = b'class="agenda-item"'
# A settings module for --cold that only swaps the cache for Django's dummy one, so every
# request renders the page; written to a temporary directory, the application is unchanged.
NO_CACHE_SETTINGS = (
    "from summitry.settings.production import *  # noqa: F403\n"
    'CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}\n'
)


@dataclass
class Result:
    error: str | None  # None when the page came back whole
    started: float
    ended: float

    @property
    def latency_ms(self) -> float:
        return (self.ended - self.started) * 1000


# --- the machine -----------------------------------------------------------------------------


def children_of(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                after_name = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(after_name[1]) == parent:
                found.append(int(entry.name))
    return found


def machine_ticks() -> tuple[int, int]:
    """(busy, total) clock ticks of all CPUs since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle and iowait
    return sum(values) - idle, sum(values)


def database_pids() -> list[int]:
    """The PostgreSQL backends serving the bench database (the workers' kept connections)."""
    with admin_connection() as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (DATABASE_NAME,),
        ).fetchall()
    return [pid for (pid,) in rows]


@dataclass
class CpuSnapshot:
    server: float
    database: dict[int, float]
    clients: float
    busy: int
    total: int

    @classmethod
    def take(cls, master: int) -> CpuSnapshot:
        server = process_seconds(master) + sum(map(process_seconds, children_of(master)))
        usage = resource.getrusage(resource.RUSAGE_SELF)
        database = {pid: process_seconds(pid) for pid in database_pids()}
        return cls(server, database, usage.ru_utime + usage.ru_stime, *machine_ticks())


def print_cpu(before: CpuSnapshot, after: CpuSnapshot, n: int) -> None:
    """Where the CPU went, per request, and how much of the machine other work took."""
    server = after.server - before.server
    clients = after.clients - before.clients
    # With CONN_MAX_AGE the workers keep their connections, so the backends outlive the run;
    # one that started (or ended) meanwhile counts from 0 (or is lost, and the figure low).
    database = sum(t - before.database.get(pid, 0.0) for pid, t in after.database.items())
    ticks = max(1, after.total - before.total)
    busy = (after.busy - before.busy) / ticks
    ours = (server + clients + database) * os.sysconf("SC_CLK_TCK") / ticks
    n = max(1, n)
    # Without kept connections (CONN_MAX_AGE=0) each backend is gone before it can be read.
    in_db = f"{database / n * 1000:.2f} ms" if after.database else "? (no kept connections)"
    print(
        f"CPU         per request: gunicorn {server / n * 1000:.2f} ms, PostgreSQL {in_db}, "
        f"clients {clients / n * 1000:.2f} ms; the {cpus()} CPUs were {busy:.0%} busy, "
        f"{max(0.0, busy - ours):.0%} with other work"
    )


# --- the database and the demo ---------------------------------------------------------------


def admin_connection():
    """A connection to the server's maintenance database, to create and drop the bench one."""
    import psycopg

    return psycopg.connect(
        host=HOST, port=5432, user="postgres", dbname="postgres", autocommit=True
    )


def recreate_database() -> str:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        version = connection.execute("SHOW server_version").fetchone()[0]
    return f"PostgreSQL {version.split()[0]}"


def drop_database() -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


def server_env(static_root: str, conn_max_age: int, settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE,
        DJANGO_SETTINGS_MODULE=settings,
        SUMMITRY_SECRET_KEY=secrets.token_urlsafe(48),  # 64 characters
        SUMMITRY_ALLOWED_HOSTS=HOST,
        SUMMITRY_CONN_MAX_AGE=str(conn_max_age),
        SUMMITRY_STATIC_ROOT=static_root,
        # Loading the demo sends no mail, but should a code path start to, none leaves here.
        SUMMITRY_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SUMMITRY_LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    return env


def summitry(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(BIN / "summitry"), *args],
        env=env,
        check=True,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )


def publish_programme() -> str:
    """Publish the demo's programme if nothing is published yet: visitors see no item before
    the first publication, and an empty page would measure nothing."""
    try:
        from summitry.programme import releases
    except ImportError:  # a checkout from before publication existed shows every item
        return "shown as loaded"
    from django.contrib.auth import get_user_model

    from summitry.demo.loader import ORGANISER_USERNAME
    from summitry.summits.models import Summit

    summit = Summit.objects.get(slug=SLUG)
    if releases.latest(summit) is not None:
        return "published by the demo"
    organiser = get_user_model().objects.get(username=ORGANISER_USERNAME)
    release = releases.publish(actor=organiser, summit=summit, note="programme_page bench")
    return f"published here as version {release.number} (the demo leaves it unpublished)"


# --- in-process: what one request costs without HTTP -----------------------------------------


def in_process(lang: str, uncached: int, cached: int) -> dict[str, tuple[float, float, int]]:
    """Median and p99 ms, and SQL queries, of the page through Django's full middleware stack
    in this process (test client): rendered each time (cache cleared first), and from the
    cache. Nothing else of this script runs meanwhile; other work on the machine may."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=HOST, HTTP_ACCEPT_LANGUAGE=lang)
    # The first request compiles the templates and loads the catalogues: not a steady state.
    client.get(PATH)
    figures = {}
    for label, count, clear in (("uncached", uncached, True), ("cached", cached, False)):
        times = []
        with CaptureQueriesContext(connection) as queries:
            for _ in range(count):
                if clear:
                    cache.clear()
                began = time.perf_counter()
                response = client.get(PATH)
                times.append((time.perf_counter() - began) * 1000)
                if response.status_code != 200 or MARKERS[lang] not in response.content:
                    raise RuntimeError(f"in-process GET {PATH}: {response.status_code}")
        times.sort()
        figures[label] = (percentile(times, 50), percentile(times, 99), len(queries) // count)
    cache.clear()
    return figures


# --- the server ------------------------------------------------------------------------------


def start_gunicorn(env, port: int, worker_class: str, workers: int, threads: int, log):
    command = [
        str(BIN / "gunicorn"),
        "summitry.wsgi",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--bind",
        f"{HOST}:{port}",
        # Longer than any pause between a client's requests, so connections are kept (the
        # sync worker closes every connection after one response whatever this says).
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        # The application is loaded once, before the workers fork: every worker is ready
        # when the first one answers, so none is still booting when the load starts.
        "--preload",
    ]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


# --- the load --------------------------------------------------------------------------------


class Broken(Exception):
    """No (whole) response came: the connection is in an unknown state."""


def fetch(connection, lang: str, items: int | None) -> tuple[str | None, int]:
    """One GET of the programme; (None or what was wrong, the number of items shown)."""
    try:
        connection.request("GET", PATH, headers={"Accept-Language": lang})
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as error:
        raise Broken(type(error).__name__) from error
    shown = body.count(ITEM)
    if response.status != 200:
        return f"HTTP {response.status}", shown
    if MARKERS[lang] not in body or not shown or (items is not None and shown != items):
        return "not the programme", shown
    return None, shown


def load(
    port: int,
    lang: str,
    requests: int,
    clients: int,
    rate: float | None,
    duration: float,
    items: int | None,
) -> tuple[list[Result], float, float]:
    """GET the page ``requests`` times from ``clients`` threads, each with one keep-alive
    connection, until done or ``duration`` seconds have passed. Without a rate each client
    sends its next request when the last one is answered (closed loop); with one, request n
    is due at start + n / rate and its latency counts from then, so a queue of late requests
    is not hidden (open loop). Returns the results and the load's start and end."""
    numbers = itertools.count()
    results: list[Result] = []
    lock = threading.Lock()
    clock = {}
    start = threading.Barrier(clients, action=lambda: clock.setdefault("t0", time.perf_counter()))
    deadline = time.monotonic() + duration

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine: list[Result] = []
        try:
            start.wait(timeout=30)
            while time.monotonic() < deadline:
                n = next(numbers)  # atomic under the GIL
                if n >= requests:
                    break
                began = time.perf_counter()
                if rate:
                    due = clock["t0"] + n / rate
                    if due > began:
                        time.sleep(due - began)
                    began = due
                try:
                    error, _shown = fetch(connection, lang, items)
                except Broken as broken:
                    error = str(broken)
                    # No retry, it would hide the failure; the next request starts afresh.
                    connection.close()
                    connection = http.client.HTTPConnection(HOST, port, timeout=30)
                mine.append(Result(error, began, time.perf_counter()))
        finally:
            connection.close()
            with lock:
                results.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + 40)
    with lock:
        done = list(results)
    t0 = clock.get("t0", time.perf_counter())
    t1 = max((r.ended for r in done), default=t0)
    return done, t0, t1


def reference_items(port: int, lang: str) -> int:
    """How many items the programme shows: every response under load must show as many."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        error, shown = fetch(connection, lang, None)
    except Broken as broken:
        error, shown = str(broken), 0
    finally:
        connection.close()
    if error:
        raise RuntimeError(f"GET {PATH}: {error}")
    return shown


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


# --- the run ---------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description="The public programme page under concurrent load, from gunicorn on "
        "PostgreSQL with the demo summit; prints requests per second and latencies."
    )
    parser.add_argument("--requests", type=int, help="default 20000 (2000 with --cold)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent client threads")
    parser.add_argument("--rate", type=float, help="requests/s to offer (open loop)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--worker-class", choices=("gthread", "sync"), default="gthread")
    parser.add_argument("--threads", type=int, default=2, help="threads per gthread worker")
    parser.add_argument("--conn-max-age", type=int, default=60, help="SUMMITRY_CONN_MAX_AGE")
    parser.add_argument("--duration-limit", type=float, default=120, help="seconds of load")
    parser.add_argument("--lang", choices=("ko", "en"), default="ko")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="serve with the cache switched off (a bench-only settings module with "
        "Django's dummy cache), so every request renders the page",
    )
    parser.add_argument("--quick", action="store_true", help="2000 requests, 20 clients")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    if args.quick:
        args.requests, args.clients = args.requests or 2000, 20
    if args.requests is None:
        args.requests = 2000 if args.cold else 20000
    if not 0 < args.requests <= 1_000_000 or not 0 < args.clients <= 500:
        parser.error("--requests must be 1..1000000 and --clients 1..500")
    if not 0 < args.duration_limit <= 3600 or not 0 < args.workers <= 16:
        parser.error("--duration-limit must be 1..3600 s and --workers 1..16")
    if args.rate is not None and not 0 < args.rate <= 100_000:
        parser.error("--rate must be 1..100000 requests/s")
    if args.workers * args.threads > 80:
        parser.error("workers × threads above 80 would exhaust PostgreSQL's 100 connections")

    print("Programme page")
    print(
        f"machine     {cpus()} CPUs (nproc), {cpu_model()}, {memory_gib():.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )
    # Other work on the machine takes CPU from the server, PostgreSQL and the clients alike.
    print(f"loadavg     {load_average()} (1, 5, 15 min) before the run")
    database = recreate_database()
    django_ready = False
    with tempfile.TemporaryDirectory(prefix="summitry-bench-") as scratch:
        try:
            static_root = str(Path(scratch, "static"))
            env = server_env(static_root, args.conn_max_age, "summitry.settings.production")
            prepared = time.perf_counter()
            summitry(env, "migrate", "--noinput", "-v", "0")
            summitry(env, "demo", "load", SLUG)
            # Production's manifest storage needs the collected files to render any page.
            summitry(env, "collectstatic", "--noinput", "-v", "0")
            setup = time.perf_counter() - prepared
            if args.cold:
                Path(scratch, "bench_programme_cold.py").write_text(NO_CACHE_SETTINGS)
                env["DJANGO_SETTINGS_MODULE"] = "bench_programme_cold"
                env["PYTHONPATH"] = os.pathsep.join([scratch, env["PYTHONPATH"]])
            os.environ.update(env)
            sys.path.insert(0, scratch)
            import django
            from django.test.utils import override_settings

            django.setup()
            django_ready = True
            from django.conf import settings
            from django.db import connections

            cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
            published = publish_programme()
            # The in-process figures use the real cache whatever --cold says.
            with override_settings(
                CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
            ):
                figures = in_process(args.lang, uncached=30, cached=300)
            connections.close_all()
            threads = f" × {args.threads} threads" if args.worker_class == "gthread" else ""
            print(
                f"server      gunicorn {version_of_gunicorn()}, {args.workers} workers"
                f"{threads} ({args.worker_class}), "
                + ("keep-alive" if args.worker_class == "gthread" else "no keep-alive (sync)")
                + f", CONN_MAX_AGE={args.conn_max_age}, settings.production, --preload"
            )
            print(f"database    {database}, {DATABASE_NAME} on {HOST}")
            print(f"demo        {SLUG} loaded; programme {published}")
            if args.cold:
                cache += " (--cold: the cache is off, every request renders the page)"
            elif cache == "LocMemCache":
                cache += (
                    " (Django's default local-memory cache): one per worker process, so each "
                    "worker renders the page once, then serves it from its own memory"
                )
            print(f"cache       {cache}")
            print(
                f"in-process  (test client, full middleware, no HTTP, {args.lang}) rendered: "
                f"p50 {figures['uncached'][0]:.1f} ms, p99 {figures['uncached'][1]:.1f} ms, "
                f"{figures['uncached'][2]} SQL queries; from the cache: p50 "
                f"{figures['cached'][0]:.2f} ms, p99 {figures['cached'][1]:.2f} ms, "
                f"{figures['cached'][2]} SQL queries"
            )
            offered = (
                f"{args.rate:g} requests/s offered (open loop)"
                if args.rate
                else "each sends when answered (closed loop)"
            )
            print(
                f"traffic     GET {PATH} (Accept-Language: {args.lang}), {args.requests} "
                f"requests from {args.clients} client threads with keep-alive, {offered}, "
                f"at most {args.duration_limit:g} s; set up in {setup:.1f} s"
            )
            with tempfile.TemporaryFile(mode="w+") as log:
                port = free_port()
                server = start_gunicorn(
                    env, port, args.worker_class, args.workers, args.threads, log
                )
                try:
                    wait_until_up(server, port, PATH, timeout=60)
                    items = reference_items(port, args.lang)
                    # Every worker renders the page once and opens its database connections
                    # before the figures count: the steady state is what is measured.
                    warm = 2 * args.clients if args.cold else max(500, 10 * args.clients)
                    warm = min(args.requests, warm)
                    load(port, args.lang, warm, args.clients, None, 30, items)
                    before = CpuSnapshot.take(server.pid)
                    results, t0, t1 = load(
                        port,
                        args.lang,
                        args.requests,
                        args.clients,
                        args.rate,
                        args.duration_limit,
                        items,
                    )
                    after = CpuSnapshot.take(server.pid)
                finally:
                    stop(server)
                return report(args, results, t1 - t0, (before, after), items, warm, log)
        finally:
            if django_ready:
                from django.db import connections

                connections.close_all()
            if not args.keep:
                drop_database()
            print(f"loadavg     {load_average()} (1, 5, 15 min) after the run")


def report(args, results: list[Result], wall: float, cpu, items: int, warm: int, log) -> int:
    """Print the figures; 1 if any request failed (a missed goal is a figure, not a failure:
    it depends on what else the machine is doing)."""
    ok = [r for r in results if r.error is None]
    latencies = sorted(r.latency_ms for r in results)
    errors = Counter(r.error for r in results if r.error)
    rps = len(ok) / wall if wall > 0 else 0.0
    p99 = percentile(latencies, 99)
    print()
    print(f"warm-up     {warm} requests, not counted; the page shows {items} items")
    print(
        f"requests    {len(results)} of {args.requests} sent, {len(ok)} whole pages, "
        f"errors {sum(errors.values())}"
        + (" (" + ", ".join(f"{e}: {n}" for e, n in sorted(errors.items())) + ")" if errors else "")
    )
    if args.rate:
        # The last request is due at (n - 1) / rate and takes a while: the rate measured can
        # only come a hair under the rate offered, so keeping up means within 1 % of it.
        kept_up = rps >= 0.99 * args.rate
        note = f"of {args.rate:g} offered: {'kept up' if kept_up else 'fell behind'}"
    else:
        kept_up = True
        # Little's law: with every client always waiting, mean latency = clients / rate.
        note = f"closed loop, so mean latency = {args.clients} clients / rate"
        note += f" = {args.clients / rps * 1000:.0f} ms" if rps else ""
    print(f"rate        {rps:.1f} requests/s ({len(ok)} in {wall:.2f} s; {note})")
    print(
        "latency ms  "
        + "  ".join(
            f"{label} {percentile(latencies, p):.1f}"
            for label, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))
        )
    )
    print_cpu(*cpu, len(results))
    met = (kept_up and args.rate >= 500 if args.rate else rps >= 500) and p99 < 100 and not errors
    print(f"goal        ≥ 500 requests/s with p99 < 100 ms: {'met' if met else 'NOT met'}")
    if errors:
        log.seek(0)
        tail = log.read()[-3000:]
        if tail:
            print("\ngunicorn log (end):\n" + tail)
    return 1 if errors or not ok else 0


if __name__ == "__main__":
    sys.exit(main())
