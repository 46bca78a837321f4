"""A lower bound on a roster's cost from the linear relaxation, solved by GLOP (OR-Tools).

Built apart from the CP-SAT model, from the problem's rules: a fraction x per (item, channel,
interpreter) where the interpreter qualifies (directly or by relay), a fraction y per day-rated
interpreter and day. Teams are met exactly; per interpreter, every clique of items that overlap
or leave too little rest takes at most y (day rates) or 1 (hourly rates); a day's minutes stay
within the daily maximum times y (or the maximum); the cost counts hourly pay by the minute,
day rates by y, and the relay penalty for every relay place. The rule "a relay needs a direct
colleague in its pivot booth" is left out, which only lowers the bound.

Its optimum is below the cost (plus relay penalties) of every roster: `floor_bound` gives an
integer lower bound, `guide` the fractional x that the greedy roster follows.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from .problem import Problem, hourly_cost

# GLOP's tolerances: the optimum it reports may be off by a relative 1e-7 or so; the bound is
# lowered by this much more to stay on the safe side.
SAFETY = 1e-6


@dataclass(frozen=True)
class Relaxation:
    value: float  # the relaxation's optimum (cost + relay penalty), or +inf when infeasible
    guide: list[float]  # x per candidate
    reduced: list[float]  # x's reduced cost per candidate (0 on the support, ≥ 0 elsewhere)

    @property
    def floor_bound(self) -> int:
        """An integer at most the primary objective (cost + penalty × relays) of any roster."""
        if math.isinf(self.value):
            return 0
        return max(0, math.floor(self.value - SAFETY * max(1.0, abs(self.value))))


def relax(problem: Problem, candidates: Sequence, time_limit: float = 10.0) -> Relaxation | None:
    """The linear relaxation over `candidates` (item, channel, interpreter, pivots); None when
    GLOP does not finish (the caller then has no bound from it)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:  # pragma: no cover - GLOP ships with OR-Tools
        return None
    solver.SetTimeLimit(max(1, int(time_limit * 1000)))
    objective = solver.Objective()
    penalty = problem.relay_penalty
    x = [solver.NumVar(0.0, 1.0, "") for _ in candidates]
    y: dict[tuple[int, object], pywraplp.Variable] = {}
    booth: dict[tuple[int, str], list[int]] = defaultdict(list)
    person: dict[int, list[int]] = defaultdict(list)
    for k, cand in enumerate(candidates):
        booth[cand.item, cand.channel].append(k)
        person[cand.interpreter].append(k)
        item = problem.items[cand.item]
        who = problem.interpreters[cand.interpreter]
        coefficient = penalty if cand.pivots else 0
        if who.rate_per == "hour":
            coefficient += hourly_cost(who.rate, item.minutes)
        elif who.rate:
            key = (cand.interpreter, item.day)
            if key not in y:
                y[key] = solver.NumVar(0.0, 1.0, "")
                objective.SetCoefficient(y[key], who.rate)
        if coefficient:
            objective.SetCoefficient(x[k], coefficient)
    for i, item in enumerate(problem.items):
        need = problem.rules.team_size(item.minutes)
        for channel in item.channels:
            row = solver.Constraint(need, need)
            for k in booth.get((i, channel), []):
                row.SetCoefficient(x[k], 1)
    rest = problem.rules.min_rest_minutes * 60
    for p, ks in person.items():
        who = problem.interpreters[p]
        paid = who.rate_per == "day" and who.rate
        per_item: dict[int, list[int]] = defaultdict(list)
        for k in ks:
            per_item[candidates[k].item].append(k)
        seen: set[frozenset[int]] = set()
        for j in per_item:
            point = problem.items[j].start.timestamp()
            clique = frozenset(
                i
                for i in per_item
                if problem.items[i].start.timestamp() <= point
                and point < problem.items[i].end.timestamp() + rest
                and problem.items[i].day == problem.items[j].day
            )
            if clique in seen:
                continue
            seen.add(clique)
            row = solver.Constraint(-solver.infinity(), 0 if paid else 1)
            for i in clique:
                for k in per_item[i]:
                    row.SetCoefficient(x[k], 1)
            if paid:
                row.SetCoefficient(y[p, problem.items[j].day], -1)
        per_day: dict[object, list[int]] = defaultdict(list)
        for k in ks:
            per_day[problem.items[candidates[k].item].day].append(k)
        for day, day_ks in per_day.items():
            row = solver.Constraint(-solver.infinity(), 0 if paid else who.daily_max_minutes)
            for k in day_ks:
                row.SetCoefficient(x[k], problem.items[candidates[k].item].minutes)
            if paid:
                row.SetCoefficient(y[p, day], -who.daily_max_minutes)
    objective.SetMinimization()
    code = solver.Solve()
    if code == pywraplp.Solver.INFEASIBLE:
        return Relaxation(math.inf, [0.0] * len(candidates), [0.0] * len(candidates))
    if code != pywraplp.Solver.OPTIMAL:
        return None
    return Relaxation(
        objective.Value(), [v.solution_value() for v in x], [v.reduced_cost() for v in x]
    )
