"""Meeting scheduler at scale: seeded random events, solved and verified, with the machine.

    .venv/bin/python bench/meetings_scale.py --sizes summit,brokerage --time-limit 60

Prints, per size: meetings placed, idle gaps, the best bound, status and wall time.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from summitry.solvers.meetings import parse_problem, solve, verify  # noqa: E402


@dataclass(frozen=True)
class Size:
    participants: int
    meetings: int
    days: int
    slots_per_day: int
    locations: int
    summit: bool  # a summit: few requests, plenaries, required meetings, follow-ups


SIZES = {
    "summit": Size(60, 40, 3, 8, 4, True),
    "brokerage": Size(1_000, 6_000, 2, 18, 200, False),
    "huge": Size(12_000, 73_000, 2, 18, 2_400, False),
}


def generate(size: Size, seed: int, fairness: int | None) -> dict:
    """A random event. Brokerage: 20-minute slots over whole days, one table per meeting;
    most participants stay throughout, some come for one day, some miss a few slots; a few
    are popular and get many requests."""
    rng = random.Random(seed)
    zone = datetime.timezone(datetime.timedelta(hours=9))
    slots = []
    for day in range(size.days):
        opening = datetime.datetime(2023, 9, 25 + day, 9, 0, tzinfo=zone)
        for k in range(size.slots_per_day):
            start = opening + datetime.timedelta(minutes=30 * k)
            slots.append(
                {
                    "id": f"d{day + 1}s{k + 1:02d}",
                    "start": start.isoformat(),
                    "end": (start + datetime.timedelta(minutes=20)).isoformat(),
                    "block": f"day{day + 1}",
                }
            )
    ids = [s["id"] for s in slots]
    per_day = size.slots_per_day
    participants = []
    free_slots = []
    free_masks = []
    for i in range(size.participants):
        roll = rng.random()
        if size.summit:
            # Delegations sit in plenaries and tours: a quarter of the slots, at random.
            unavailable = rng.sample(ids, len(ids) // 4)
        elif roll < 0.6:
            unavailable = []
        elif roll < 0.8:
            day = rng.randrange(size.days)
            unavailable = [s for j, s in enumerate(ids) if j // per_day != day]
        else:
            unavailable = rng.sample(ids, rng.randint(2, 5))
        participants.append({"id": f"p{i:05d}", "unavailable": sorted(unavailable)})
        free_slots.append(len(ids) - len(unavailable))
        free_masks.append(sum(1 << j for j, s in enumerate(ids) if s not in set(unavailable)))
    weight = list(itertools.accumulate(rng.lognormvariate(0, 0.6) for _ in participants))
    degree = [0] * size.participants
    pairs: set[tuple[int, int]] = set()
    meetings = []
    while len(meetings) < size.meetings:
        a, b = rng.choices(range(size.participants), cum_weights=weight, k=2)
        pair = (min(a, b), max(a, b))
        # Requests stay below what a participant can attend, with some room to spare, and
        # pair only participants who are both there at some time (as matchmaking does).
        if (
            a == b
            or pair in pairs
            or max(degree[a] - free_slots[a], degree[b] - free_slots[b]) > -4
            or not free_masks[a] & free_masks[b]
        ):
            continue
        pairs.add(pair)
        degree[a] += 1
        degree[b] += 1
        meeting = {
            "id": f"m{len(meetings):06d}",
            "participants": [participants[a]["id"], participants[b]["id"]],
            "priority": rng.choice((1, 2, 3)),
        }
        if size.summit:
            meeting["required"] = rng.random() < 0.3
            if meetings and rng.random() < 0.1:
                earlier = rng.choice(meetings)
                meeting["after"] = [earlier["id"]]
        meetings.append(meeting)
    return {
        "format": "summitry.meetings/1",
        "slots": slots,
        "locations": [{"id": f"table-{k + 1:04d}", "capacity": 1} for k in range(size.locations)],
        "participants": participants,
        "meetings": meetings,
        "objective": {"idle_gaps": "minimize", "fairness_max_difference": fairness},
    }


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"nproc {cores or os.cpu_count()}, {cpu}, Python {sys.version.split()[0]}, "
        f"load average before the run {load}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="summit,brokerage", help="summit,brokerage,huge")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fairness", type=int, default=None, help="fairness_max_difference")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    for name in args.sizes.split(","):
        size = SIZES[name]
        data = generate(size, args.seed, args.fairness)
        started = time.monotonic()
        problem = parse_problem(data)
        solution = solve(problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed)
        wall = time.monotonic() - started
        violations = verify(problem, solution.to_json())
        placed = len(solution.assignments)
        bound = solution.bound
        within = ""
        if bound is not None and solution.idle_gaps is not None:
            excess = solution.idle_gaps - bound
            within = f" ({excess} above the bound, {100 * excess / max(bound, 1):.1f}%)"
        print(
            f"{name}: {size.participants} participants, {size.meetings} meetings, "
            f"{len(data['slots'])} slots, {size.locations} locations, "
            f"limit {args.time_limit:g} s\n"
            f"  status {solution.status}, placed {placed}/{size.meetings}, "
            f"idle gaps {solution.idle_gaps}, bound {bound}{within}, "
            f"wall {wall:.1f} s, violations {len(violations)}\n"
            f"  {solution.stats}"
        )
        for violation in violations[:5]:
            print(f"  ! {violation}")


if __name__ == "__main__":
    main()
