"""Planning an interpretation roster through the app: the CAC Global Summit 2020 demo (five
online items, Korean and English channels, five interpreters), then a larger made-up summit of
N online items over five days; prints the time of "Plan roster" (building the problem from
the database, the solver, its verifier, writing the roster) and the solver's answer.

    .venv/bin/python bench/online_roster.py [--items 60] [--interpreters 40]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_model, cpus, load_average  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=60)
    parser.add_argument("--interpreters", type=int, default=40)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="summitry-online-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summitry.settings.development")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from summitry.demo import cac2020
    from summitry.demo.loader import ensure_organiser
    from summitry.online import services
    from summitry.online.models import OnlineItem, RosterRun, Stream
    from summitry.programme.models import ProgrammeItem
    from summitry.summits.models import Summit

    print(f"machine: {cpu_model()}, {cpus()} CPUs, load average {load_average()}")
    cac2020.load()
    organiser, _ = ensure_organiser()
    summit = Summit.objects.get(slug="cac2020")
    started = time.perf_counter()
    services.plan_roster(actor=organiser, summit=summit)
    run = RosterRun.objects.filter(summit=summit).first()
    print(
        f"cac2020 (5 items, 5 interpreters): {time.perf_counter() - started:.2f} s, "
        f"{run.status}, cost {run.cost}, verifier findings {len(run.verdict)}"
    )
    # A larger summit: items of 30 to 150 minutes over five days, channels en/zh/ja/ru.
    rng = random.Random(7)
    seoul = summit.zone
    for n in range(args.items):
        day, hour = n % 5, 9 + (n // 5) % 9
        start = datetime.datetime(2020, 6, 1 + day, hour, 0, tzinfo=seoul)
        item = ProgrammeItem.objects.create(
            summit=summit,
            kind="forum_session",
            block="morning" if hour < 12 else "afternoon",
            title_en=f"Bench item {n}",
            starts_at=start,
            ends_at=start + datetime.timedelta(minutes=rng.choice([30, 45, 60, 90, 150])),
        )
        online = OnlineItem.objects.create(item=item, format="online", floor_language="ko")
        for channel in rng.sample(["en", "zh", "ja"], 2):
            Stream.objects.create(online=online, channel=channel, url=f"https://x.invalid/{n}")
    codes = ["en", "zh", "ja"]
    for k in range(args.interpreters):
        other = codes[k % 3]
        services.add_interpreter(
            actor=organiser,
            summit=summit,
            data={
                "family_name": f"Bench {k}",
                "languages": {"ko": "A" if k % 2 else "B", other: "B" if k % 2 else "A"},
                "rate": rng.choice([700000, 900000, 1100000]),
            },
        )
    started = time.perf_counter()
    services.plan_roster(actor=organiser, summit=summit)
    run = RosterRun.objects.filter(summit=summit).first()
    print(
        f"{args.items + 5} items, {args.interpreters + 5} interpreters: "
        f"{time.perf_counter() - started:.2f} s, {run.status}, cost {run.cost}, "
        f"gap {run.solution.get('gap')}, verifier findings {len(run.verdict)}"
    )


if __name__ == "__main__":
    main()
