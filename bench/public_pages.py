"""Public pages: every anonymous page and feed of the demo summits, under 50 concurrent
clients, from gunicorn with the production settings on PostgreSQL and Redis (issue 14).

The load generator is wrk (C, event loop: it is not the bottleneck; `apt-get install wrk`),
run against one URL at a time: ``wrk -t2 -c50 -d<seconds>s --latency`` with
``Accept-Language``. Prints, per page, requests per second, p50 and p99, and the checks: each
page answered 200 before the load, came from the shared cache at its second request
(``X-Summitry-Cache: hit``), set no cookie, and no request under load failed.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib, process_seconds  # noqa: E402
from programme_page import children_of  # noqa: E402
from serving import free_port, stop, version_of_gunicorn, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
SUMMITS = ("wcsmf2023", "ssc2023")
# Its own database (BENCH_DATABASE_NAME when several runs share the PostgreSQL server).
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "summitry_bench_public")
DATABASE = f"postgres://postgres@{HOST}:5432/{DATABASE_NAME}"
REDIS = os.environ.get("BENCH_REDIS_URL", f"redis://{HOST}:6379/0")
# The bench's own key prefix in a Redis other work may share: nothing of theirs is touched.
PREFIX = f"bench-public-{secrets.token_hex(4)}"
SETTINGS = (
    "from summitry.settings.production import *  # noqa: F403\n"
    f'CACHES["default"]["KEY_PREFIX"] = "{PREFIX}"  # noqa: F405\n'
)
GOAL_RPS, GOAL_P99_MS = 1000, 100


def admin_connection():
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


def forget_cache() -> None:
    import redis

    client = redis.Redis.from_url(REDIS)
    keys = list(client.scan_iter(match=f"{PREFIX}:*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


def server_env(scratch: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE,
        DJANGO_SETTINGS_MODULE="bench_public_settings",
        SUMMITRY_SECRET_KEY=secrets.token_urlsafe(48),
        SUMMITRY_ALLOWED_HOSTS=HOST,
        SUMMITRY_SSL_REDIRECT="0",
        SUMMITRY_REDIS_URL=REDIS,
        SUMMITRY_STATIC_ROOT=str(Path(scratch, "static")),
        SUMMITRY_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SUMMITRY_LOG_LEVEL="WARNING",
        PROMETHEUS_MULTIPROC_DIR=str(Path(scratch, "prometheus")),
        PYTHONPATH=os.pathsep.join(
            filter(None, [scratch, str(ROOT / "src"), env.get("PYTHONPATH")])
        ),
    )
    return env


def summitry(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(BIN / "summitry"), *args], env=env, check=True, timeout=900, stdout=subprocess.DEVNULL
    )


def prepare_and_list_pages() -> tuple[list[str], list[str]]:
    """Publish each demo programme that is not yet public; every anonymous page and feed."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections

    from summitry.awards.models import Award
    from summitry.demo.loader import ORGANISER_USERNAME
    from summitry.programme import releases
    from summitry.programme.models import PUBLIC_AUDIENCES, ProgrammeItem
    from summitry.summits.models import Summit

    organiser = get_user_model().objects.get(username=ORGANISER_USERNAME)
    notes, pages = [], []
    for slug in SUMMITS:
        summit = Summit.objects.get(slug=slug)
        items = list(
            ProgrammeItem.objects.filter(summit=summit, audience__in=PUBLIC_AUDIENCES)
            .order_by("starts_at", "pk")
            .values_list("pk", flat=True)
        )
        if items and releases.latest(summit) is None:
            releases.publish(actor=organiser, summit=summit, note="public_pages bench")
            notes.append(f"{slug}: programme published here ({len(items)} public items)")
        else:
            notes.append(f"{slug}: {len(items)} public items")
        s = f"/{slug}"
        pages += [f"{s}/", f"{s}/partners/", f"/api/v1/summits/{slug}"]
        pages += [f"/api/v1/summits/{slug}/{p}" for p in ("themes", "organisations", "venues")]
        pages += [f"/api/v1/summits/{slug}/{p}" for p in ("rooms", "partners")]
        if items:
            pages += [f"{s}/programme/", f"{s}/programme.ics", f"{s}/programme/changes/"]
            pages += [f"{s}/programme/schedule.json", f"{s}/programme/schedule.xml"]
            pages += [f"/api/v1/summits/{slug}/programme", f"/api/v1/summits/{slug}/schedule.json"]
            # Item pages: the first, the middle and the last (each is the same view).
            for pk in sorted({items[0], items[len(items) // 2], items[-1]}):
                pages += [f"{s}/programme/{pk}/", f"{s}/programme/{pk}.ics"]
        for award in Award.objects.filter(summit=summit).values_list("slug", flat=True):
            pages += [f"{s}/awards/{award}/", f"{s}/awards/{award}/winners/"]
            pages += [f"/api/v1/summits/{slug}/awards/{award}"]
            pages += [f"/api/v1/summits/{slug}/awards/{award}/winners"]
    connections.close_all()
    return pages, notes


def check(port: int, path: str, lang: str) -> str | None:
    """200, from the cache at the second request, no cookie: else what is wrong."""
    answers = []
    for _ in range(2):
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        connection.request("GET", path, headers={"Accept-Language": lang})
        response = connection.getresponse()
        response.read()
        answers.append(response)
        connection.close()
    if answers[0].status != 200:
        return f"HTTP {answers[0].status}"
    if answers[1].getheader("X-Summitry-Cache") != "hit":
        return "not from the cache"
    if any(a.getheader("Set-Cookie") for a in answers):
        return "sets a cookie"
    return None


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def server_seconds(master: int) -> float:
    return process_seconds(master) + sum(map(process_seconds, children_of(master)))


def wrk(port: int, path: str, lang: str, seconds: int, clients: int, master: int) -> dict:
    cpu_before = server_seconds(master)
    out = subprocess.run(
        [
            "wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "--timeout", "10s",
            "-H", f"Accept-Language: {lang}", f"http://{HOST}:{port}{path}",
        ],
        capture_output=True, text=True, check=True, timeout=seconds + 60,
    ).stdout  # fmt: skip

    def latency(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * UNITS[unit]

    cpu = server_seconds(master) - cpu_before
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "requests": (n := int(re.search(r"(\d+) requests in", out).group(1))),
        "cpu_ms": cpu / max(1, n) * 1000,
        "failed": int(errors.group(1)) if errors else 0,
        "socket": sockets.group(1) if sockets else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per page")
    parser.add_argument("--clients", type=int, default=50, help="wrk connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=2, help="threads per worker")
    parser.add_argument("--lang", choices=("ko", "en"), default="ko")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is needed: apt-get install wrk")
        return 2

    print("Public pages")
    print(
        f"machine     {cpus()} CPUs (nproc), {cpu_model()}, {memory_gib():.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )
    print(f"loadavg     {load_average()} (1, 5, 15 min) before the run")
    database = recreate_database()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="summitry-bench-") as scratch:
        Path(scratch, "bench_public_settings.py").write_text(SETTINGS)
        Path(scratch, "prometheus").mkdir()
        env = server_env(scratch)
        try:
            began = time.perf_counter()
            summitry(env, "migrate", "--noinput", "-v", "0")
            for slug in SUMMITS:
                summitry(env, "demo", "load", slug)
            summitry(env, "collectstatic", "--noinput", "-v", "0")
            os.environ.update(env)
            sys.path.insert(0, scratch)
            pages, notes = prepare_and_list_pages()
            print(
                f"server      gunicorn {version_of_gunicorn()}, {args.workers} workers × "
                f"{args.threads} threads (gthread), settings.production, --preload"
            )
            print(f"database    {database}, {DATABASE_NAME}; cache Redis {REDIS} ({PREFIX}:*)")
            print(f"demo        {'; '.join(notes)}; set up in {time.perf_counter() - began:.0f} s")
            version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
            print(
                f"load        wrk {version.split()[1]}"
                f" -t2 -c{args.clients} -d{args.seconds}s per page, keep-alive, "
                f"Accept-Language: {args.lang}, on this same machine"
            )
            with open(Path(scratch, "gunicorn.log"), "w") as log:
                port = free_port()
                server = subprocess.Popen(
                    [
                        str(BIN / "gunicorn"), "summitry.wsgi", "--workers", str(args.workers),
                        "--worker-class", "gthread", "--threads", str(args.threads),
                        "--bind", f"{HOST}:{port}", "--keep-alive", "30",
                        "--log-level", "warning", "--preload",
                    ],
                    env=env, stdout=log, stderr=subprocess.STDOUT,
                )  # fmt: skip
                try:
                    wait_until_up(server, port, "/health/", timeout=60)
                    print(
                        f"{'page':<52} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
                        f"{'CPU ms':>7}  checks"
                    )
                    totals = []
                    for path in pages:
                        problem = check(port, path, args.lang)
                        if problem:
                            failures += 1
                            print(f"{path:<52} {'':>8} {'':>8} {'':>8}  FAIL {problem}")
                            continue
                        figures = wrk(port, path, args.lang, args.seconds, args.clients, server.pid)
                        totals.append(figures)
                        bad = (
                            figures["failed"]
                            or "timeout 0" not in figures["socket"]
                            and figures["socket"]
                        )
                        goal = figures["rps"] >= GOAL_RPS and figures["p99"] < GOAL_P99_MS
                        status = (
                            "ok"
                            if not bad
                            else f"FAIL {figures['failed']} non-2xx {figures['socket']}"
                        )
                        failures += bool(bad)
                        print(
                            f"{path:<52} {figures['rps']:>8.0f} {figures['p50']:>8.1f} "
                            f"{figures['p99']:>8.1f} {figures['cpu_ms']:>7.2f}  "
                            f"{status}{'' if goal else ' (below goal)'}"
                        )
                finally:
                    stop(server)
            if totals:
                rates = sorted(f["rps"] for f in totals)
                met = sum(f["rps"] >= GOAL_RPS and f["p99"] < GOAL_P99_MS for f in totals)
                print(
                    f"summary     {len(totals)} pages; requests/s min {rates[0]:.0f}, median "
                    f"{rates[len(rates) // 2]:.0f}, max {rates[-1]:.0f}; worst p99 "
                    f"{max(f['p99'] for f in totals):.1f} ms; goal (≥ {GOAL_RPS}/s, p99 < "
                    f"{GOAL_P99_MS} ms) met by {met} of {len(totals)}"
                )
                cpu = sorted(f["cpu_ms"] for f in totals)[len(totals) // 2]
                print(
                    f"capacity    gunicorn CPU per request (median of pages) {cpu:.2f} ms: "
                    f"{cpus()} CPUs given to gunicorn alone would serve about "
                    f"{cpus() * 1000 / cpu:.0f} requests/s (wrk and Redis take CPU too)"
                )
        finally:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            forget_cache()
            if not args.keep:
                drop_database()
            print(f"loadavg     {load_average()} (1, 5, 15 min) after the run")
    print("checks      " + ("ok" if not failures else f"FAIL ({failures} pages)"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
