"""Meeting scheduler on business-to-business brokerage events: seeded instances, solved by the CLI.

    .venv/bin/python bench/meetings_b2b.py                          # 24 instances, 60 s each
    .venv/bin/python bench/meetings_b2b.py --instances 6 --time-limit 20
    .venv/bin/python bench/meetings_b2b.py --only 3,7 --keep var/b2b   # keep the JSON files
    .venv/bin/python bench/meetings_b2b.py --quick                  # 8 instances, 20 s each
    .venv/bin/python bench/meetings_b2b.py --restrict meetings      # each meeting restricted alone

The class (issue 20): one day of 8 to 22 slots in a morning and an afternoon part (one block,
so an idle stretch across lunch counts as a gap), 40 to 80 participants, 125 to 300 meetings of
two participants (each participant in at most about 10), 12 to 27 identical tables of capacity
1, many meetings allowed only in the morning or only in the afternoon (`allowed_slots`), some
participants unavailable in 1 to 3 slots, objective: fewest idle gaps with
`fairness_max_difference` 2.

Half-day restrictions (`--restrict`): by default 30-60% of the participants attend only the
morning or only the afternoon, and every meeting of such a participant is allowed only in that
half (as when a company comes for half the day); `--restrict meetings` instead restricts each
meeting on its own with that probability to the half its planted slot lies in, so that a
participant may have morning-only and afternoon-only meetings to join across lunch (a harder
and less usual shape; the instances of earlier runs of this bench).

Every instance is built around a planted schedule (meetings placed slot by slot on the tables,
each participant at most once per slot, never in a slot they are unavailable in, restrictions
to a half-day matching the planted slot), so every meeting can be placed; the planted schedule
is then forgotten. Instance k draws its size from `random.Random(seed * 1000 + k)`; every third
instance is tight: the tables (or, if the tables would exceed 27, the slots) are 90-97% full,
unless the class's fewest tables (12) are more than its meetings need. Meetings are optional
(priority 1) unless `--required`: the solver places as many as it can, then minimises gaps.

Times come from the solution's `progress`: the first and best schedules are recorded when a
phase ends (constructive, local search) or CP-SAT or the neighbourhood search reports one, so
"best" is at most that much late. The wall time includes starting the command (Django, OR-Tools,
the compiled search's cache), several seconds on a loaded machine.

Each instance is written as `summitry.meetings/1` JSON and solved with
`summitry meetings solve PROBLEM -o SOLUTION --time-limit S`; the answer is checked with the
verifier. Prints per instance: status, meetings placed, idle gaps, the best proven bound, the
gap to it, seconds to the first feasible schedule, to the best one and to the proof (as the
solver reports them in the solution's `progress`), and the wall time of the whole command.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from machine import cpu_model, cpus, load_average  # noqa: E402

from summitry.solvers.meetings import parse_problem, verify  # noqa: E402

MAX_DEGREE = 10  # meetings per participant at most (the class: "up to about 10")


@dataclass(frozen=True)
class Shape:
    slots: int
    participants: int
    meetings: int
    tables: int
    # Share of participants attending only half the day (or, with --restrict meetings, of
    # meetings allowed only in the morning or only the afternoon)
    restricted: float
    unavailable: float  # share of participants unavailable in 1 to 3 slots
    tight: bool


def shape(seed: int, k: int) -> Shape:
    """The size of instance k: drawn across the class's range; every third one tight."""
    rng = random.Random(seed * 1000 + k)
    tight = k % 3 == 2
    slots = rng.randint(8, 22)
    participants = rng.randint(40, 80)
    # Meetings: within 125..300, and no more than the participants can hold (~10 each, and
    # not more than the slots they have).
    most = min(300, participants * min(MAX_DEGREE, slots - 1) * 9 // 20)
    meetings = rng.randint(min(125, most), most)
    if tight:
        # Tables nearly full: the fewest tables that hold the meetings with a little room.
        tables = math.ceil(meetings / (slots * rng.uniform(0.9, 0.97)))
        if tables > 27:  # too many meetings for the day at 27 tables: fewer meetings
            tables = 27
            meetings = int(slots * tables * rng.uniform(0.9, 0.97))
        tables = max(tables, 12)
        meetings = min(meetings, int(slots * tables * 0.97))
    else:
        tables = max(12, min(27, math.ceil(meetings / (slots * rng.uniform(0.55, 0.85)))))
        meetings = min(meetings, int(slots * tables * 0.9))
    return Shape(
        slots=slots,
        participants=participants,
        meetings=meetings,
        tables=tables,
        restricted=rng.uniform(0.3, 0.6),
        unavailable=rng.uniform(0.1, 0.35),
        tight=tight,
    )


def generate(
    shape: Shape, seed: int, fairness: int | None, required: bool, restrict: str = "participants"
) -> dict:
    """A `summitry.meetings/1` event of this shape around a planted schedule (see above).
    `restrict`: "participants" (a share of the participants attend only the morning or only
    the afternoon; every meeting of theirs is allowed only in that half) or "meetings" (each
    meeting on its own, with that share, allowed only in the half its planted slot lies in)."""
    rng = random.Random(seed)
    n = shape.slots
    morning = (n + 1) // 2
    halves = (set(range(morning)), set(range(morning, n)))
    zone = datetime.timezone(datetime.timedelta(hours=9))
    slots = []
    for t in range(n):
        half, k = ("am", t) if t < morning else ("pm", t - morning)
        opening = datetime.datetime(2026, 10, 7, 9 if half == "am" else 14, 0, tzinfo=zone)
        start = opening + datetime.timedelta(minutes=20 * k)
        slots.append(
            {
                "id": f"{half}{k + 1:02d}",
                "start": start.isoformat(),
                "end": (start + datetime.timedelta(minutes=20)).isoformat(),
                "block": "day",
            }
        )
    # Unavailability first; the planted schedule respects it.
    unavailable: list[set[int]] = []
    for _ in range(shape.participants):
        if rng.random() < shape.unavailable:
            unavailable.append(set(rng.sample(range(n), rng.randint(1, 3))))
        else:
            unavailable.append(set())
    # Half-day participants: absent in the other half (not written as unavailability; their
    # meetings carry the half as allowed_slots).
    half_of: list[int | None] = [None] * shape.participants
    if restrict == "participants":
        for p in range(shape.participants):
            if rng.random() < shape.restricted:
                half_of[p] = rng.randrange(2)
    absent = [
        unavailable[p] | (set() if half_of[p] is None else halves[1 - half_of[p]])  # type: ignore[index]
        for p in range(shape.participants)
    ]
    # Wanted meetings per participant: a few popular ones, most with a handful.
    weights = [rng.lognormvariate(0, 0.5) for _ in range(shape.participants)]
    scale = 2 * shape.meetings / sum(weights)
    wanted = [
        max(1, min(MAX_DEGREE, n - len(absent[p]) - 1, round(w * scale)))
        for p, w in enumerate(weights)
    ]
    cap = [min(MAX_DEGREE, n - len(absent[p])) for p in range(shape.participants)]
    met: set[tuple[int, int]] = set()
    planted: list[tuple[int, int, int]] = []  # (a, b, slot)
    per_slot = [shape.meetings // n + (1 if t < shape.meetings % n else 0) for t in range(n)]
    filled = [0] * n
    busy_in: list[set[int]] = [set() for _ in range(n)]
    # First as wanted; then, to reach the target, anyone below their cap.
    for second in (False, True):
        if second:
            degree = [0] * shape.participants
            for a, b, _t in planted:
                degree[a] += 1
                degree[b] += 1
            wanted = [cap[p] - degree[p] for p in range(shape.participants)]
        for t in rng.sample(range(n), n):
            quota = min(per_slot[t] if not second else shape.tables, shape.tables) - filled[t]
            if second:
                quota = min(quota, shape.meetings - len(planted))
            free = [
                p
                for p in range(shape.participants)
                if t not in absent[p] and wanted[p] > 0 and p not in busy_in[t]
            ]
            rng.shuffle(free)
            free.sort(key=lambda p: -wanted[p])
            for a in free:
                if quota <= 0:
                    break
                if a in busy_in[t]:
                    continue
                partner = next(
                    (
                        b
                        for b in free
                        if b != a and b not in busy_in[t] and (min(a, b), max(a, b)) not in met
                    ),
                    None,
                )
                if partner is None:
                    continue
                busy_in[t] |= {a, partner}
                met.add((min(a, partner), max(a, partner)))
                wanted[a] -= 1
                wanted[partner] -= 1
                planted.append((a, partner, t))
                filled[t] += 1
                quota -= 1
    rng.shuffle(planted)
    meetings = []
    for i, (a, b, t) in enumerate(planted):
        meeting: dict = {"id": f"m{i + 1:03d}", "participants": [f"p{a + 1:02d}", f"p{b + 1:02d}"]}
        half = halves[0] if t < morning else halves[1]
        if (restrict == "meetings" and rng.random() < shape.restricted) or (
            half_of[a] is not None or half_of[b] is not None
        ):
            meeting["allowed_slots"] = [slots[s]["id"] for s in sorted(half)]
        if required:
            meeting["required"] = True
        meetings.append(meeting)
    busy = {p for a, b, _t in planted for p in (a, b)}
    return {
        "format": "summitry.meetings/1",
        "slots": slots,
        "locations": [{"id": f"table-{k + 1:02d}", "capacity": 1} for k in range(shape.tables)],
        "participants": [
            {"id": f"p{p + 1:02d}", "unavailable": [slots[s]["id"] for s in sorted(unavailable[p])]}
            for p in range(shape.participants)
            if p in busy
        ],
        "meetings": meetings,
        "objective": {"idle_gaps": "minimize", "fairness_max_difference": fairness},
    }


def solve_with_cli(problem_path: Path, solution_path: Path, time_limit: float) -> float:
    command = [
        str(ROOT / ".venv" / "bin" / "summitry"),
        "meetings",
        "solve",
        str(problem_path),
        "-o",
        str(solution_path),
        "--time-limit",
        f"{time_limit:g}",
    ]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True, text=True)
    return time.monotonic() - started


def _seconds(value) -> str:
    return "-" if value is None else f"{value:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=24, help="how many (default 24)")
    parser.add_argument("--only", default=None, help="comma-separated instance numbers")
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per instance")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--fairness", default="2", help='fairness_max_difference or "none"')
    parser.add_argument("--required", action="store_true", help="make every meeting required")
    parser.add_argument("--keep", default=None, help="a folder to keep problems and solutions in")
    parser.add_argument(
        "--restrict",
        choices=("participants", "meetings"),
        default="participants",
        help="half-day restrictions from half-day participants (default) or per meeting",
    )
    parser.add_argument(
        "--quick", action="store_true", help="8 instances (0-7), 20 s each unless told"
    )
    args = parser.parse_args()
    if args.quick:
        args.instances = min(args.instances, 8)
        if "--time-limit" not in " ".join(sys.argv):
            args.time_limit = 20.0
    fairness = None if args.fairness == "none" else int(args.fairness)
    numbers = [int(k) for k in args.only.split(",")] if args.only else list(range(args.instances))
    print(
        f"machine: nproc {cpus()}, {cpu_model()}, Python {sys.version.split()[0]}, "
        f"load average before {load_average()}"
    )
    print(
        f"seed {args.seed}, fairness {fairness}, time limit {args.time_limit:g} s, "
        f"{'required' if args.required else 'optional'} meetings, half-day restrictions per "
        f"{args.restrict[:-1]}"
    )
    header = (
        f"{'#':>3} {'slots':>5} {'part':>4} {'meet':>4} {'tab':>3} {'tight':>5} | "
        f"{'status':>8} {'placed':>7} {'gaps':>4} {'bound':>5} {'gap':>3} "
        f"{'first':>5} {'best':>5} {'proof':>5} {'wall':>5} {'viol':>4}"
    )
    print(header)
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="meetings-b2b-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for k in numbers:
        size = shape(args.seed, k)
        data = generate(size, args.seed * 1000 + k, fairness, args.required, args.restrict)
        problem_path = folder / f"b2b-{k:02d}.json"
        solution_path = folder / f"b2b-{k:02d}.solution.json"
        problem_path.write_text(json.dumps(data, indent=1), encoding="utf-8")
        wall = solve_with_cli(problem_path, solution_path, args.time_limit)
        answer = json.loads(solution_path.read_text(encoding="utf-8"))
        violations = verify(parse_problem(data), answer)
        objective = answer.get("objective") or {}
        progress = answer.get("progress") or {}
        row = {
            "status": answer["status"],
            "placed": len(answer["assignments"]),
            "gaps": objective.get("idle_gaps"),
            "bound": objective.get("bound"),
            "gap": objective.get("gap"),
            "first": progress.get("first_feasible"),
            "best": progress.get("best"),
            "proof": progress.get("proof"),
            "wall": wall,
        }
        rows.append(row)
        print(
            f"{k:>3} {size.slots:>5} {len(data['participants']):>4} {len(data['meetings']):>4} "
            f"{size.tables:>3} {'yes' if size.tight else '':>5} | "
            f"{row['status']:>8} {row['placed']:>3}/{len(data['meetings']):<3} "
            f"{_text(row['gaps']):>4} {_text(row['bound']):>5} {_text(row['gap']):>3} "
            f"{_seconds(row['first']):>5} {_seconds(row['best']):>5} {_seconds(row['proof']):>5} "
            f"{wall:>5.1f} {len(violations):>4}",
            flush=True,
        )
        for violation in violations[:3]:
            print(f"    ! {violation}")
    proven = [r["proof"] for r in rows if r["status"] == "optimal" and r["proof"] is not None]
    firsts = [r["first"] for r in rows if r["first"] is not None]
    print(
        f"summary: {len(rows)} instances, {sum(r['status'] == 'optimal' for r in rows)} proven "
        f"optimal, {sum(r['status'] == 'unknown' for r in rows)} unknown; first feasible at most "
        f"{_seconds(max(firsts) if firsts else None)} s; proof median "
        f"{_seconds(statistics.median(proven) if proven else None)} s, max "
        f"{_seconds(max(proven) if proven else None)} s; files in {folder}"
    )


def _text(value) -> str:
    return "-" if value is None else str(value)


if __name__ == "__main__":
    main()
