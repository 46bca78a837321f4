"""Live updates: how long until a change reaches 500 viewers of a live page (issue 14).

The pages that change while people watch (the assembly's projector, check-in counters, the
press room, a solver's progress) poll a fragment every second, as htmx does with
``hx-trigger="every 1s"``: the server answers 204 while the page's topic is unchanged and the
new fragment (with the next poll's address) once it changed (``core.live``). This bench loads
the demo summits into a fresh PostgreSQL database, starts gunicorn with the production
settings (Redis as the shared cache), opens the projector of the demo assembly in N viewers
(asyncio, one keep-alive connection each, polling like the page), lets them settle, then
changes the assembly (``live.bump`` of its topic, what every write of the assembly does) and
measures, per viewer, the time from the change to its first poll that shows it. Prints polls
per second, the answers' latency, the delay distribution and the checks: every viewer saw the
change, no poll failed. Goal: every viewer within 2 s.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import platform
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import public_pages as common  # noqa: E402  (database, settings and server helpers)
from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402
from serving import free_port, stop, version_of_gunicorn, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
common.DATABASE_NAME = "summitry_bench_live"
common.DATABASE = f"postgres://postgres@{HOST}:5432/{common.DATABASE_NAME}"
common.PREFIX = f"bench-live-{secrets.token_hex(4)}"
common.SETTINGS = (
    "from summitry.settings.production import *  # noqa: F403\n"
    f'CACHES["default"]["KEY_PREFIX"] = "{common.PREFIX}"  # noqa: F405\n'
)
GOAL_SECONDS = 2.0
HX_GET = re.compile(r'hx-get="([^"]+)"')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class Viewer:
    """One browser with the projector open: polls its fragment every ``interval`` seconds."""

    def __init__(self, port: int, path: str, interval: float) -> None:
        self.port, self.path, self.interval = port, path, interval
        self.live_url = ""
        self.changed_at: float | None = None
        self.latencies: list[float] = []
        self.failures = 0
        self.polls = 0

    async def get(self, reader, writer, path: str) -> tuple[int, str]:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nAccept-Language: ko\r\n"
            "HX-Request: true\r\n\r\n".encode()
        )
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            if line.lower().startswith("content-length:"):
                length = int(line.split(":", 1)[1])
        body = await reader.readexactly(length) if length else b""
        return status, body.decode("utf-8", "replace")

    async def run(
        self, stop_at: float, opening: float, change: asyncio.Event, change_time: list[float]
    ) -> None:
        # Viewers open the page over the time before the change, not all at the same instant.
        await asyncio.sleep(secrets.randbelow(1000) / 1000 * opening)
        reader, writer = await asyncio.open_connection(HOST, self.port)
        try:
            status, body = await self.get(reader, writer, self.path)
            found = HX_GET.search(body)
            if status != 200 or not found:
                self.failures += 1
                return
            self.live_url = html.unescape(found.group(1))
            while time.monotonic() < stop_at:
                began = time.monotonic()
                status, body = await self.get(reader, writer, self.live_url)
                done = time.monotonic()
                self.polls += 1
                self.latencies.append(done - began)
                if status == 200:
                    found = HX_GET.search(body)
                    if found:
                        self.live_url = html.unescape(found.group(1))
                    if change.is_set() and self.changed_at is None:
                        self.changed_at = done - change_time[0]
                elif status != 204:
                    self.failures += 1
                await asyncio.sleep(max(0.0, self.interval - (done - began)))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            self.failures += 1
        finally:
            writer.close()


async def watch(port: int, path: str, viewers: int, interval: float, settle: float, bump) -> list:
    change = asyncio.Event()
    change_time: list[float] = []
    stop_at = time.monotonic() + settle + GOAL_SECONDS * 3
    crowd = [Viewer(port, path, interval) for _ in range(viewers)]
    tasks = [asyncio.create_task(v.run(stop_at, settle / 2, change, change_time)) for v in crowd]
    await asyncio.sleep(settle)
    change_time.append(time.monotonic())
    await asyncio.to_thread(bump)
    change.set()
    await asyncio.gather(*tasks)
    return crowd


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, default=500)
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    parser.add_argument(
        "--settle",
        type=float,
        default=10.0,
        help="seconds before the change (viewers open the page in its first half)",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args()

    print("Live updates")
    print(
        f"machine     {cpus()} CPUs (nproc), {cpu_model()}, {memory_gib():.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )
    print(f"loadavg     {load_average()} (1, 5, 15 min) before the run")
    database = common.recreate_database()
    with tempfile.TemporaryDirectory(prefix="summitry-bench-") as scratch:
        Path(scratch, "bench_public_settings.py").write_text(common.SETTINGS)
        Path(scratch, "prometheus").mkdir()
        env = common.server_env(scratch)
        try:
            common.summitry(env, "migrate", "--noinput", "-v", "0")
            common.summitry(env, "demo", "load", "ssc2023")
            common.summitry(env, "collectstatic", "--noinput", "-v", "0")
            os.environ.update(env)
            sys.path.insert(0, scratch)
            import django

            django.setup()
            from django.db import connections

            from summitry.assembly import services
            from summitry.assembly.models import Assembly
            from summitry.core import live

            assembly = Assembly.objects.select_related("summit").order_by("pk").first()
            topic = services.topic(assembly)
            path = f"/{assembly.summit.slug}/assemblies/{assembly.slug}/projector/"
            connections.close_all()
            print(
                f"server      gunicorn {version_of_gunicorn()}, {args.workers} workers × "
                f"{args.threads} threads (gthread), settings.production; {database}; "
                f"cache Redis ({common.PREFIX}:*)"
            )
            print(
                f"viewers     {args.viewers} asyncio clients on this machine, one keep-alive "
                f"connection each, polling {path} every {args.interval:g} s (as htmx does)"
            )
            with open(Path(scratch, "gunicorn.log"), "w") as log:
                port = free_port()
                server = subprocess.Popen(
                    [
                        str(BIN / "gunicorn"), "summitry.wsgi", "--workers", str(args.workers),
                        "--worker-class", "gthread", "--threads", str(args.threads),
                        "--worker-connections", str(args.viewers + 100),
                        "--bind", f"{HOST}:{port}", "--keep-alive", "30",
                        "--backlog", str(max(2048, args.viewers * 2)),
                        "--log-level", "warning", "--preload",
                    ],
                    env=env, stdout=log, stderr=subprocess.STDOUT,
                )  # fmt: skip
                try:
                    wait_until_up(server, port, "/health/", timeout=60)
                    began = time.monotonic()
                    crowd = asyncio.run(
                        watch(
                            port,
                            path,
                            args.viewers,
                            args.interval,
                            args.settle,
                            lambda: live.bump(topic),
                        )
                    )
                    seconds = time.monotonic() - began
                finally:
                    stop(server)
        finally:
            common.forget_cache()
            common.drop_database()
    polls = sum(v.polls for v in crowd)
    failures = sum(v.failures for v in crowd)
    latencies = [x for v in crowd for x in v.latencies]
    delays = [v.changed_at for v in crowd if v.changed_at is not None]
    missed = len(crowd) - len(delays)
    print(
        f"polls       {polls} in {seconds:.1f} s: {polls / seconds:.0f} per second; answer "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms"
    )
    if delays:
        print(
            f"delay       change → seen: p50 {statistics.median(delays):.2f} s, "
            f"p90 {percentile(delays, 0.9):.2f} s, p99 {percentile(delays, 0.99):.2f} s, "
            f"max {max(delays):.2f} s"
        )
    within = sum(d <= GOAL_SECONDS for d in delays)
    print(
        f"checks      {len(delays)}/{len(crowd)} viewers saw the change "
        f"({within} within {GOAL_SECONDS:g} s); {failures} failed polls; "
        f"loadavg after {load_average()}"
    )
    ok = not missed and not failures and within == len(crowd)
    print("result      " + ("ok: goal met" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
