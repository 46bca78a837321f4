"""The after-event report's charts: how long matplotlib takes to draw them (both languages, the
four charts) for a summit of a given size, and the size of the SVG kept with the report — the
reason they are drawn once by the builder (task queue) and never in a page request. No
database: the figures are made up. Prints seconds per drawing and KiB per language."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from machine import cpu_model, cpus, load_average  # noqa: E402


def figures(countries: int) -> dict:
    from django_countries import countries as known

    codes = [code for code, _name in known][:countries]
    return {
        "by_region": {"asia": 40, "europe": 25, "africa": 12, "americas": 9, "oceania": 4},
        "by_country": {code: countries - i for i, code in enumerate(codes)},
        "programme": {
            "by_type": {"session": 18, "plenary": 4, "site_visit": 6, "reception": 3, "other": 2}
        },
        "checkin": {
            "people": 900,
            "by_day": {"2023-09-24": 640, "2023-09-25": 870, "2023-09-26": 512},
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--countries", type=int, nargs="*", default=[10, 50])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summitry.settings.development")
    import django

    django.setup()
    print(f"machine: {cpu_model()}, nproc {cpus()}, Python {platform.python_version()}")
    print(f"load before: {load_average()}")
    started = time.perf_counter()
    from summitry.press import charts, report

    font = charts.fonts()[0]
    print(f"font: {font} (matplotlib import and font lookup {time.perf_counter() - started:.2f} s)")
    print("countries | seconds to draw 4 charts x 2 languages (best / median) | SVG KiB (ko + en)")
    for count in args.countries:
        data = figures(count)
        times, drawn = [], {}
        for _ in range(args.repeat):
            started = time.perf_counter()
            drawn = report.draw_charts(data)
            times.append(time.perf_counter() - started)
        size = sum(len(svg.encode()) for lang in drawn.values() for _title, svg in lang) / 1024
        print(f"{count:9} | {min(times):.3f} / {statistics.median(times):.3f} | {size:.0f}")
    print(f"load after: {load_average()}")


if __name__ == "__main__":
    main()
