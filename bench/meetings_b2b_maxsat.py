"""Brokerage events (issue 20) as weighted MaxSAT for PySAT's RC2: how far its core-guided
bound gets, with and without the tables.

    pip install python-sat==1.9.dev24        # not a project dependency: this experiment only
    .venv/bin/python bench/meetings_b2b_maxsat.py --only 1,4,18 --time-limit 30
    .venv/bin/python bench/meetings_b2b_maxsat.py --tables off     # the table-free relaxation

The instances are `meetings_b2b.py`'s (same seed, same numbers). The encoding, pure SAT: x[m,s]
for each meeting and each slot of its domain, exactly one per meeting; per slot at most T
meetings (identical tables as a count; sequential counter), with `--tables off` left out;
busy[p,t] <-> some meeting of p in t, at most one per participant and slot, and (implied)
as many busy slots as p's meetings take; seen[p,t] "busy
earlier in the block" implied upward; gap[p,t] forced by busy[p,t], not busy[p,t-1] and
seen[p,t-1], so that the gaps of an optimal model are the verifier's (`verify._gaps`); soft
clause "no gap" of weight 1 per gap literal. Fairness is left out: the optimum without it is
a lower bound of the optimum with it. RC2 (glucose 4, core minimisation, exhaustion) runs in
a child process, ended at the time limit; printed: every cost it reached after a core with
its second, and the optimum (with the tables: the optimum without fairness; without: a lower
bound of it) when it ended in time.
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from machine import cpu_model, cpus, load_average  # noqa: E402
from meetings_b2b import generate, shape  # noqa: E402

from summitry.solvers.meetings import parse_problem  # noqa: E402
from summitry.solvers.meetings.instance import Instance, build_instance  # noqa: E402


def encode(instance: Instance, tables: bool):
    from pysat.card import CardEnc, EncType
    from pysat.formula import WCNF, IDPool

    pool, wcnf = IDPool(), WCNF()

    def at_most(lits: list[int], bound: int) -> None:
        if len(lits) > bound:
            kind = EncType.pairwise if bound == 1 and len(lits) < 7 else EncType.seqcounter
            wcnf.extend(CardEnc.atmost(lits, bound, vpool=pool, encoding=kind).clauses)

    occupies: dict[tuple[int, int], list[int]] = {}  # (meeting, slot) -> its x literals
    for m in range(instance.n_meetings):
        lits = []
        for s in instance.domain[m]:
            lits.append(pool.id(("x", m, s)))
            for t in instance.span(m, s):
                occupies.setdefault((m, t), []).append(lits[-1])
        if lits:
            wcnf.append(lits)
            at_most(lits, 1)
    if tables:
        for t in range(instance.n_slots):
            for locations, capacity in instance.unions:
                inside = [
                    m
                    for m in range(instance.n_meetings)
                    if instance.types[instance.location_type[m]] <= locations
                ]
                at_most([v for m in inside for v in occupies.get((m, t), [])], capacity)
    busy: dict[tuple[int, int], int] = {}
    for p, meetings in enumerate(instance.meetings_of):
        for t in range(instance.n_slots):
            lits = [v for m in meetings for v in occupies.get((m, t), [])]
            if lits:
                busy[p, t] = pool.id(("busy", p, t))
                at_most(lits, 1)
                wcnf.extend([[-v, busy[p, t]] for v in lits])
                wcnf.append([-busy[p, t], *lits])
        # Implied: p is busy in exactly as many slots as their meetings take.
        days = [busy[p, t] for t in range(instance.n_slots) if (p, t) in busy]
        taken = sum(instance.duration[m] for m in meetings if instance.domain[m])
        if taken < len(days):
            wcnf.extend(
                CardEnc.equals(days, taken, vpool=pool, encoding=EncType.seqcounter).clauses
            )
    for p in range(instance.n_participants):
        for slots in instance.block_slots:
            seen = previous = None  # "busy before the previous slot", "busy in it"
            for t in slots:
                now = busy.get((p, t))
                if now is not None and seen is not None:
                    gap = pool.id(("gap", p, t))
                    wcnf.append([-now, -seen, gap, *([previous] if previous else [])])
                    wcnf.append([-gap], weight=1)
                if previous is not None or seen is not None:
                    later = pool.id(("seen", p, t))
                    wcnf.extend([[-lit, later] for lit in (seen, previous) if lit is not None])
                    seen = later
                previous = now
    return wcnf


def run(wcnf, costs) -> None:
    from pysat.examples.rc2 import RC2

    class Reporting(RC2):
        def process_core(self):
            super().process_core()
            costs.put(("cost", self.cost))

    with Reporting(wcnf, solver="g4", adapt=True, exhaust=True, minz=True, trim=5) as rc2:
        rc2.compute()
        costs.put(("optimum", rc2.cost))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instances", type=int, default=24)
    parser.add_argument("--only", default=None, help="comma-separated instance numbers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per instance")
    parser.add_argument("--tables", choices=("on", "off"), default="on")
    args = parser.parse_args()
    numbers = [int(k) for k in args.only.split(",")] if args.only else range(args.instances)
    print(
        f"machine: nproc {cpus()}, {cpu_model()}, Python {sys.version.split()[0]}, "
        f"load average before {load_average()}; tables {args.tables}"
    )
    for k in numbers:
        data = generate(shape(args.seed, k), args.seed * 1000 + k, 2, False)
        instance = build_instance(parse_problem(data))
        started = time.monotonic()
        wcnf = encode(instance, args.tables == "on")
        costs: multiprocessing.Queue = multiprocessing.Queue()
        child = multiprocessing.Process(target=run, args=(wcnf, costs), daemon=True)
        child.start()
        reached, optimum = [], None
        while optimum is None and time.monotonic() < started + args.time_limit:
            try:
                kind, cost = costs.get(
                    timeout=max(0.01, started + args.time_limit - time.monotonic())
                )
            except queue.Empty:  # the time is up
                break
            second = round(time.monotonic() - started, 2)
            if kind == "optimum":
                optimum = (cost, second)
            else:
                reached.append(f"{cost}@{second}s")
        child.kill()
        child.join()
        ended = f"optimum {optimum[0]} at {optimum[1]} s" if optimum else "no optimum in time"
        print(
            f"#{k}: {len(wcnf.hard)} hard, {len(wcnf.soft)} soft; "
            f"costs {' '.join(reached) or '-'}; {ended}",
            flush=True,
        )


if __name__ == "__main__":
    main()
