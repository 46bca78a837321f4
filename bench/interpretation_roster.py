"""Interpretation roster solver on seeded random events, solved and verified, with the machine.

    .venv/bin/python bench/interpretation_roster.py --sizes summit,congress

summit: a five-day online summit, 60 items, 4 languages (each item's floor and 3 channels),
40 interpreters with random language classes, availability and rates (goal: optimal in < 10 s).
congress: a 10-day congress, 400 items in 8 rooms, 6 languages (2–5 channels per item), 150
interpreters (goal: within 2% of the best bound in < 60 s).
Prints per size: status, objective, bound, gap, cost, relays, times, the verifier's verdict.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402

from summitry.solvers.interpretation import parse_problem, solve, verify  # noqa: E402

ZONE = datetime.timezone(datetime.timedelta(hours=9))


@dataclass(frozen=True)
class Size:
    days: int
    items: int
    rooms: int
    languages: tuple[str, ...]
    channels: tuple[int, int]  # fewest and most channels per item
    interpreters: int
    time_limit: float
    goal: str


SIZES = {
    "summit": Size(5, 60, 3, ("ko", "en", "zh", "ru"), (3, 3), 40, 10.0, "optimal in < 10 s"),
    "congress": Size(
        10, 400, 8, ("ko", "en", "zh", "ja", "ru", "es"), (2, 5), 150, 60.0, "gap ≤ 2% in < 60 s"
    ),
}


def generate(size: Size, seed: int) -> dict:
    """Items follow each other in every room from 09:00 to 19:00 with 15–30 minute breaks (the
    items are drawn from those places); floors are
    mostly Korean or English. Interpreters have one A language (sometimes two), often a B, a
    few C; they are there on most days, some only mornings; day or hourly rates in KRW."""
    rng = random.Random(seed)
    langs = size.languages
    floor_weights = [4, 3] + [1] * (len(langs) - 2)
    slots = []  # every room, every day: items one after the other from 09:00 to 19:00
    for day in range(size.days):
        for room in range(size.rooms):
            clock = datetime.datetime(2020, 6, 1 + day, 9, 0, tzinfo=ZONE)
            clock += datetime.timedelta(minutes=rng.choice((0, 15, 30)))
            while True:
                minutes = rng.choice((30, 45, 60, 60, 90, 90, 120, 180))
                end = clock + datetime.timedelta(minutes=minutes)
                if end > clock.replace(hour=19, minute=0):
                    break
                slots.append((day, room, clock, end))
                clock = end + datetime.timedelta(minutes=rng.choice((15, 30)))
    if len(slots) < size.items:
        raise SystemExit(f"only {len(slots)} places for {size.items} items")
    items = []
    for day, room, start, end in sorted(rng.sample(slots, size.items)):
        floor = rng.choices(langs, weights=floor_weights)[0]
        others = [x for x in langs if x != floor]
        count = rng.randint(*size.channels)
        items.append(
            {
                "id": f"d{day + 1}r{room + 1}-{len(items):03d}",
                "start": start.isoformat(),
                "end": end.isoformat(),
                "floor": floor,
                "channels": sorted(rng.sample(others, min(count, len(others)))),
            }
        )
    interpreters = []
    for k in range(size.interpreters):
        a = langs[k % len(langs)]
        languages = {a: "A"}
        rest = [x for x in langs if x != a]
        rng.shuffle(rest)
        if rng.random() < 0.7:
            languages[rest.pop()] = "B"
        elif rng.random() < 0.2:
            languages[rest.pop()] = "A"
        for _ in range(rng.choice((0, 1, 1, 2))):
            if rest:
                languages[rest.pop()] = "C"
        if len(languages) == 1:
            languages[rest.pop()] = "C"
        availability = []
        for day in range(size.days):
            roll = rng.random()
            if roll < 0.15:
                continue
            opening = datetime.datetime(2020, 6, 1 + day, 8, 0, tzinfo=ZONE)
            hours = 7 if roll < 0.3 else 14
            availability.append(
                {
                    "start": opening.isoformat(),
                    "end": (opening + datetime.timedelta(hours=hours)).isoformat(),
                }
            )
        if rng.random() < 0.6:
            rate = {"amount": rng.randrange(600_000, 1_200_001, 50_000), "per": "day"}
        else:
            rate = {"amount": rng.randrange(80_000, 160_001, 10_000), "per": "hour"}
        interpreters.append(
            {
                "id": f"i{k:03d}",
                "languages": languages,
                "works_into_b": rng.random() < 0.8,
                "availability": availability,
                "daily_max_minutes": rng.choice((300, 360, 360, 420)),
                "rate": rate,
            }
        )
    return {
        "format": "summitry.interpretation/1",
        "items": items,
        "interpreters": interpreters,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="summit,congress", help="summit,congress")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=None, help="override per size")
    args = parser.parse_args()
    print(
        f"machine: {cpus()} CPUs ({cpu_model()}), {memory_gib():.1f} GiB, "
        f"Python {sys.version.split()[0]}; load average before: {load_average()}"
    )
    for name in args.sizes.split(","):
        size = SIZES[name]
        limit = args.time_limit or size.time_limit
        data = generate(size, args.seed)
        started, cpu = time.monotonic(), time.process_time()
        problem = parse_problem(data)
        solution = solve(problem, time_limit=limit, workers=args.workers, seed=args.seed)
        wall, cpu = time.monotonic() - started, time.process_time() - cpu
        violations = verify(problem, solution.to_json())
        places = sum(problem.rules.team_size(i.minutes) * len(i.channels) for i in problem.items)
        stats = solution.stats
        gap = "n/a" if solution.gap is None else f"{100 * solution.gap:.2f}%"
        print(
            f"{name}: {len(problem.items)} items, {places} team places, "
            f"{len(problem.interpreters)} interpreters, seed {args.seed}, limit {limit:g} s, "
            f"{args.workers} workers (goal: {size.goal})\n"
            f"  status {solution.status}, objective {solution.objective}, "
            f"bound {solution.bound}, gap {gap}, cost {solution.cost}, relays {solution.relays}\n"
            f"  wall {wall:.1f} s, CPU {cpu:.1f} s (build {stats.get('build_seconds')} s, "
            f"CP-SAT {stats.get('solve_seconds', 0)} s, relaxation "
            f"{stats.get('relaxation_seconds', 0)} s, support model "
            f"{stats.get('support_seconds', 0)} s, neighbourhood search "
            f"{stats.get('search_seconds', 0)} s: {stats.get('neighbourhoods', 0)} tried, "
            f"{stats.get('improvements', 0)} better), variables {stats.get('variables')}, "
            "verifier: " + ("valid" if not violations else f"{len(violations)} violations")
        )
        if "group_statuses" in solution.stats:
            print(f"  groups: {', '.join(solution.stats['group_statuses'])}")
        for violation in violations[:5]:
            print(f"  ! {violation}")
        for u in solution.uncovered[:5]:
            print(f"  uncovered: {u.item} → {u.channel} ({u.assigned}/{u.needed})")
        print(f"  load average after: {load_average()}")


if __name__ == "__main__":
    main()
