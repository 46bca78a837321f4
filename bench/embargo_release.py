"""Embargo release: readers polling the press page and the Atom feed across the embargo instant.

200 client threads (the journalists waiting for the release; they poll the public channels,
as a reader without a session would) each ask the summit's press page and its feed in turn,
once a second, from gunicorn with the production settings on PostgreSQL (+ Redis when it
answers on 127.0.0.1:6379). A release becomes public at an instant some seconds after the
polling starts. Prints how long after the instant each client first saw it (page and feed),
requests per second, and checks that no answer received before the instant showed it and
that every client saw it within 60 s.

    .venv/bin/python bench/embargo_release.py              # 200 clients, embargo 20 s ahead
    .venv/bin/python bench/embargo_release.py --quick      # 50 clients, embargo 10 s ahead
    .venv/bin/python bench/embargo_release.py --clients 10 --lead 5 --database b1 --redis-db 3

The database (``--database``, dropped and made anew, then dropped) and the Redis database
number (``--redis-db``) may be chosen, so that runs on a shared machine do not meet.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402
from serving import free_port, stop, version_of_gunicorn, wait_until_up  # noqa: E402
from stack import drop_database, recreate_database  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
SLUG = "embargo-bench"
DATABASE_NAME = "summitry_bench_embargo"
DATABASE = f"postgres://postgres@{HOST}:5432/{DATABASE_NAME}"
REDIS = f"redis://{HOST}:6379/9"
GRACE = 60.0  # the bound: visible to all within a minute of the instant


def configure(database_name: str, redis_db: int) -> None:
    global DATABASE_NAME, DATABASE, REDIS
    DATABASE_NAME = database_name
    DATABASE = f"postgres://postgres@{HOST}:5432/{DATABASE_NAME}"
    REDIS = f"redis://{HOST}:6379/{redis_db}"


def redis_answers() -> bool:
    try:
        with socket.create_connection((HOST, 6379), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def server_env(static_root: str, cache_dir: str, redis: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE,
        DJANGO_SETTINGS_MODULE="summitry.settings.production",
        SUMMITRY_SECRET_KEY=secrets.token_urlsafe(48),
        SUMMITRY_ALLOWED_HOSTS=HOST,
        SUMMITRY_CONN_MAX_AGE="60",
        SUMMITRY_STATIC_ROOT=static_root,
        SUMMITRY_CACHE_DIR=cache_dir,
        SUMMITRY_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SUMMITRY_LOG_LEVEL="WARNING",
        # Plain HTTP on the loopback, as behind the TLS proxy (no redirect to https).
        SUMMITRY_SSL_REDIRECT="0",
        SUMMITRY_HSTS_SECONDS="0",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), env.get("PYTHONPATH")])),
    )
    if redis:
        env["SUMMITRY_REDIS_URL"] = REDIS
    return env


def summitry(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(BIN / "summitry"), *args], env=env, check=True, timeout=600, stdout=subprocess.DEVNULL
    )


def make_release(lead: float) -> tuple[int, float]:
    """A summit with one scheduled release whose embargo is ``lead`` seconds from now."""
    from django.utils import timezone

    from summitry.demo.loader import ensure_organiser, ensure_organisers_team
    from summitry.press import services
    from summitry.summits.models import Summit

    organiser, _created = ensure_organiser()
    summit = Summit.objects.create(
        slug=SLUG,
        edition=1,
        name_en="Embargo bench",
        name_ko="엠바고 벤치",
        start_date=datetime.date(2030, 9, 24),
        end_date=datetime.date(2030, 9, 26),
        status="published",
    )
    ensure_organisers_team(summit)
    embargo = timezone.now() + datetime.timedelta(seconds=lead)
    release = services.create_release(
        actor=organiser,
        summit=summit,
        data={
            "headline": {"ko": "엠바고 해제", "en": "Embargo lifted"},
            "summary": {"ko": "요약", "en": "Summary"},
            "body": {"ko": "<p>본문</p>", "en": "<p>Body</p>"},
            "edition_date": datetime.date(2030, 9, 25),
            "edition": "immediate",
            "embargo_at": embargo,
        },
    )
    for step in (services.submit_for_review, services.approve, services.schedule):
        step(actor=organiser, release=release)
    return release.pk, embargo.timestamp()


class Client(threading.Thread):
    def __init__(self, port, markers, instant, deadline, offset, interval):
        super().__init__(daemon=True)
        self.port, self.markers, self.instant = port, markers, instant
        self.deadline, self.offset, self.interval = deadline, offset, interval
        self.first_seen: dict[str, float] = {}
        self.leaks = self.errors = self.requests = 0

    def run(self) -> None:
        connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
        paths = {"page": f"/{SLUG}/press/", "feed": f"/{SLUG}/press/feed.atom"}
        tick = time.time() + self.offset
        turn = 0
        while time.time() < self.deadline and len(self.first_seen) < 2:
            time.sleep(max(0.0, tick - time.time()))
            tick += self.interval
            channel = (
                ("page", "feed")[turn % 2]
                if len(self.first_seen) == 0
                else ("feed" if "page" in self.first_seen else "page")
            )
            turn += 1
            try:
                connection.request("GET", paths[channel], headers={"Accept-Language": "en"})
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException):
                self.errors += 1
                connection.close()
                connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
                continue
            received = time.time()
            self.requests += 1
            if response.status != 200:
                self.errors += 1
                continue
            if self.markers[channel] in body:
                if received < self.instant:
                    self.leaks += 1
                self.first_seen.setdefault(channel, received)
        connection.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--lead", type=float, default=20.0, help="seconds until the embargo")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="50 clients, embargo 10 s ahead")
    parser.add_argument("--database", default=DATABASE_NAME, help="made anew, then dropped")
    parser.add_argument("--redis-db", type=int, default=9)
    args = parser.parse_args()
    configure(args.database, args.redis_db)
    if args.quick:
        args.clients, args.lead = 50, 10.0
    print("Embargo release")
    print(
        f"machine     {cpus()} CPUs (nproc), {cpu_model()}, {memory_gib():.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )
    print(f"loadavg     {load_average()} (1, 5, 15 min) before the run")
    version = recreate_database(DATABASE_NAME)
    redis = redis_answers()
    server = None
    with tempfile.TemporaryDirectory(prefix="summitry-bench-") as scratch:
        try:
            env = server_env(str(Path(scratch, "static")), str(Path(scratch, "cache")), redis)
            summitry(env, "migrate", "--noinput", "-v", "0")
            summitry(env, "collectstatic", "--noinput", "-v", "0")
            os.environ.update(env)
            import django

            django.setup()
            from django.db import connections

            port = free_port()
            log = open(Path(scratch, "gunicorn.log"), "w")  # noqa: SIM115 - closed with the dir
            server = subprocess.Popen(
                [
                    str(BIN / "gunicorn"), "summitry.wsgi", "--workers", str(args.workers),
                    "--worker-class", "gthread", "--threads", str(args.threads),
                    "--bind", f"{HOST}:{port}", "--keep-alive", "30", "--preload",
                    "--log-level", "warning",
                ],
                env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
            wait_until_up(server, port, "/", timeout=120)
            release_id, instant = make_release(args.lead)
            connections.close_all()
            markers = {
                "page": f'/{SLUG}/press/{release_id}/"'.encode(),
                "feed": f"summitry-press-{release_id}".encode(),
            }
            print(
                f"server      gunicorn {version_of_gunicorn()}, {args.workers} workers × "
                f"{args.threads} threads, settings.production; PostgreSQL {version}; cache "
                + ("Redis" if redis else "files (no Redis answered)")
            )
            print(
                f"load        {args.clients} clients, each polling page and feed in turn every "
                f"{args.interval:g} s; embargo {args.lead:g} s after the release was scheduled"
            )
            deadline = instant + GRACE
            clients = [
                Client(port, markers, instant, deadline, i * args.interval / args.clients,
                       args.interval)
                for i in range(args.clients)
            ]  # fmt: skip
            started = time.time()
            for client in clients:
                client.start()
            for client in clients:
                client.join(timeout=max(1.0, deadline - time.time() + 35))
            elapsed = time.time() - started
            requests = sum(c.requests for c in clients)
            leaks = sum(c.leaks for c in clients)
            errors = sum(c.errors for c in clients)
            print(
                f"requests    {requests} in {elapsed:.1f} s: {requests / elapsed:.1f}/s; "
                f"errors {errors}"
            )
            ok = leaks == 0
            for channel in ("page", "feed"):
                delays = [
                    c.first_seen[channel] - instant for c in clients if channel in c.first_seen
                ]
                missing = args.clients - len(delays)
                late = sum(d > GRACE for d in delays)
                ok = ok and missing == 0 and late == 0
                if delays:
                    print(
                        f"{channel:<11} seen by {len(delays)}/{args.clients} after the instant: "
                        f"min {min(delays):.2f} s, p50 {statistics.median(delays):.2f} s, "
                        f"p90 {percentile(delays, 0.9):.2f} s, "
                        f"p99 {percentile(delays, 0.99):.2f} s, "
                        f"max {max(delays):.2f} s"
                    )
                else:
                    print(f"{channel:<11} seen by nobody")
            print(f"before      answers received before the instant that showed it: {leaks}")
            print(f"checks      {'ok' if ok else 'FAILED'}: none before, all within {GRACE:g} s")
        finally:
            if server is not None:
                stop(server)
            try:
                from django.db import connections

                connections.close_all()
            except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
                pass
            drop_database(DATABASE_NAME)


if __name__ == "__main__":
    main()
