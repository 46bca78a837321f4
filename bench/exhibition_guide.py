"""Exhibition guide: the public floor plan and exhibitor list of a 300-booth exhibition over
HTTP from gunicorn on PostgreSQL (production settings), under 50 concurrent clients.

Same method as bench/programme_page.py, whose helpers it reuses (the bench database, gunicorn,
the closed-loop clients, the CPU accounting, the report): the demo wcsmf2023 is loaded, then a
sample exhibition of 300 booths on one plan, 300 published exhibitors in five themes, is added
to it; every response must be the guide with all 300 booths drawn. Goal (issue 19): at least
1,000 requests per second with p99 under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import programme_page as base
from machine import load_average
from serving import free_port, stop, version_of_gunicorn, wait_until_up

SLUG = "wcsmf2023"
EXHIBITION = "bench-300"
BOOTHS = 300
base.DATABASE_NAME = "summitry_bench_exhibition"
base.DATABASE = f"postgres://postgres@{base.HOST}:5432/{base.DATABASE_NAME}"
base.PATH = f"/{SLUG}/exhibitions/{EXHIBITION}/"
base.MARKERS = {"ko": "예시 전시".encode(), "en": b"Sample exhibition"}
base.ITEM = b'<g class="booth '


def make_exhibition() -> str:
    """300 booths in rows of 20 on one plan, each with a published exhibitor and a product."""
    from summitry.demo.loader import ensure_organiser
    from summitry.exhibitions import services
    from summitry.summits.models import Summit

    organiser, _created = ensure_organiser()
    summit = Summit.objects.get(slug=SLUG)
    exhibition = services.create_exhibition(
        actor=organiser,
        summit=summit,
        data={
            "slug": EXHIBITION,
            "title": {"ko": "예시 전시 (벤치마크)", "en": "Sample exhibition (benchmark)"},
            "is_public": True,
            "is_sample": True,
        },
    )
    themes = [
        services.add_theme(
            actor=organiser, exhibition=exhibition, name={"ko": f"테마 {n}", "en": f"Theme {n}"}
        )
        for n in range(1, 6)
    ]
    per_row = 20
    plan = services.add_plan(
        actor=organiser,
        exhibition=exhibition,
        name={"ko": "예시 전시장", "en": "Sample hall"},
        width=per_row * 60 + 40,
        height=(BOOTHS // per_row) * 80 + 40,
        is_sample=True,
    )
    now = time.time()
    for n in range(BOOTHS):
        row, col = divmod(n, per_row)
        theme = themes[n % 5]
        booth = services.add_booth(
            actor=organiser, plan=plan, code=f"B-{n + 1:03d}", x=20 + col * 60,
            y=20 + row * 80, w=50, h=60, theme=theme,
        )  # fmt: skip
        exhibitor = services.create_exhibitor(
            actor=organiser,
            exhibition=exhibition,
            data={
                "name": {"ko": f"예시 기업 {n + 1}", "en": f"Sample company {n + 1}"},
                "summary": {"ko": "예시로 만든 참가기업", "en": "A made-up exhibitor"},
                "description": {"ko": "벤치마크용", "en": "For the benchmark"},
                "theme": theme,
            },
            is_sample=True,
            position=n,
        )
        services.submit(actor=organiser, exhibitor=exhibitor)
        services.assign_booth(actor=organiser, booth=booth, exhibitor=exhibitor)
        services.approve(actor=organiser, exhibitor=exhibitor)
        services.publish(actor=organiser, exhibitor=exhibitor)
    return f"{BOOTHS} booths and published exhibitors added in {time.time() - now:.1f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--conn-max-age", type=int, default=60)
    parser.add_argument("--duration-limit", type=float, default=120)
    parser.add_argument("--lang", choices=("ko", "en"), default="ko")
    parser.add_argument("--quick", action="store_true", help="2000 requests, 20 clients")
    args = parser.parse_args()
    if args.quick:
        args.requests, args.clients = 2000, 20
    args.rate, args.cold, args.worker_class = None, False, "gthread"
    if not 0 < args.requests <= 1_000_000 or not 0 < args.clients <= 500:
        parser.error("--requests must be 1..1000000 and --clients 1..500")
    if args.workers * args.threads > 80:
        parser.error("workers × threads above 80 would exhaust PostgreSQL's 100 connections")

    print("Exhibition guide")
    print(f"loadavg     {load_average()} (1, 5, 15 min) before the run")
    database = base.recreate_database()
    django_ready = False
    with tempfile.TemporaryDirectory(prefix="summitry-bench-") as scratch:
        try:
            env = base.server_env(
                str(Path(scratch, "static")), args.conn_max_age, "summitry.settings.production"
            )
            # Plain HTTP on 127.0.0.1 (TLS ends at the proxy in production): no redirect.
            env["SUMMITRY_SSL_REDIRECT"] = "0"
            prepared = time.perf_counter()
            base.summitry(env, "migrate", "--noinput", "-v", "0")
            base.summitry(env, "demo", "load", SLUG)
            base.summitry(env, "collectstatic", "--noinput", "-v", "0")
            os.environ.update(env)
            import django

            django.setup()
            django_ready = True
            from django.conf import settings
            from django.db import connections
            from django.test.utils import override_settings

            made = make_exhibition()
            setup = time.perf_counter() - prepared
            with override_settings(
                CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
            ):
                figures = base.in_process(args.lang, uncached=10, cached=300)
            connections.close_all()
            cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
            print(
                f"server      gunicorn {version_of_gunicorn()}, {args.workers} workers × "
                f"{args.threads} threads, CONN_MAX_AGE={args.conn_max_age}, settings.production"
            )
            print(f"database    {database}, {base.DATABASE_NAME}; demo {SLUG}; {made}")
            print(f"cache       {cache}")
            print(
                f"in-process  rendered: p50 {figures['uncached'][0]:.1f} ms, p99 "
                f"{figures['uncached'][1]:.1f} ms, {figures['uncached'][2]} SQL queries; "
                f"cached: p50 {figures['cached'][0]:.2f} ms, p99 {figures['cached'][1]:.2f} ms"
            )
            print(
                f"traffic     GET {base.PATH} ({args.lang}), {args.requests} requests from "
                f"{args.clients} closed-loop clients with keep-alive; set up in {setup:.1f} s"
            )
            with tempfile.TemporaryFile(mode="w+") as log:
                port = free_port()
                server = base.start_gunicorn(env, port, "gthread", args.workers, args.threads, log)
                try:
                    wait_until_up(server, port, base.PATH, timeout=60)
                    items = base.reference_items(port, args.lang)
                    warm = min(args.requests, max(500, 10 * args.clients))
                    base.load(port, args.lang, warm, args.clients, None, 30, items)
                    before = base.CpuSnapshot.take(server.pid)
                    results, t0, t1 = base.load(
                        port, args.lang, args.requests, args.clients, None,
                        args.duration_limit, items,
                    )  # fmt: skip
                    after = base.CpuSnapshot.take(server.pid)
                finally:
                    stop(server)
                status = base.report(args, results, t1 - t0, (before, after), items, warm, log)
                ok = [r for r in results if r.error is None]
                rps = len(ok) / (t1 - t0) if t1 > t0 else 0.0
                p99 = base.percentile(sorted(r.latency_ms for r in results), 99)
                met = rps >= 1000 and p99 < 100 and len(ok) == len(results)
                print(
                    f"goal (19)   ≥ 1,000 requests/s with p99 < 100 ms: "
                    f"{'met' if met else 'NOT met'} (the line above is the programme's goal)"
                )
                return status
        finally:
            if django_ready:
                from django.db import connections

                connections.close_all()
            base.drop_database()
            print(f"loadavg     {load_average()} (1, 5, 15 min) after the run")


if __name__ == "__main__":
    sys.exit(main())
