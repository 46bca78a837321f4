"""Booth signs' PDF: how long WeasyPrint takes to make the sheet of N booth signs (one A5 page
each, with its QR code) in the request, to check the synchronous limit (signs.SYNC_MAX) keeps
it under 2 s. No database: unsaved rows are drawn. Prints seconds per sheet and pages/s."""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from machine import cpu_model, cpus, load_average  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--booths", type=int, nargs="*", default=[30, 100, 300])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summitry.settings.development")
    import django

    django.setup()
    from summitry.exhibitions import signs
    from summitry.exhibitions.models import Booth, Exhibition, Exhibitor, ExhibitorStatus
    from summitry.summits.models import Summit

    summit = Summit(slug="wcsmf2023")
    exhibition = Exhibition(summit=summit, slug="lifestyle")
    exhibition.title_ko, exhibition.title_en = "첨단 라이프스타일 전시", "Advanced Lifestyle"
    print(f"machine: {cpu_model()}, nproc {cpus()}, Python {platform.python_version()}")
    print(f"load before: {load_average()}")
    print("booths | seconds per sheet (best / median) | pages/s | PDF KiB")
    for count in args.booths:
        booths = []
        for n in range(count):
            exhibitor = Exhibitor(status=ExhibitorStatus.PUBLISHED)
            exhibitor.name_ko, exhibitor.name_en = f"혁신기업 {n}", f"Innovative company {n}"
            booth = Booth(code=f"A-{n:03d}", size="3 × 3 m")
            booth.exhibitor = exhibitor
            booths.append(booth)
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            pdf = signs.signs_pdf(summit, exhibition, booths, base_url="http://localhost/")
            times.append(time.perf_counter() - started)
        times.sort()
        median = times[len(times) // 2]
        print(
            f"{count} | {times[0]:.2f} / {median:.2f} | {count / median:.0f} | {len(pdf) // 1024}"
        )


if __name__ == "__main__":
    main()
