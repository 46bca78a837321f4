"""Optimal judge assignment of one round.

The hard rules: every application gets exactly k distinct judges; no judge is given more
applications than its `max_load` nor fewer than its `min_load`; no judge judges an
application it is in conflict with (declared pairs, plus the automatic rules switched on in
`Problem.rules`: same organisation, same city, same country); and, when
`rules.require_common_language` is on, judge and application share a language.

The match score of a pair (`model.pair_score`) is

    weights.expertise × |application tags ∩ judge tags|
    + weights.language × [they share at least one language]
    + weights.category × [the application's category is among the judge's tags]

(names compared without case or extra spaces), and the total score is its sum over the
assigned pairs. Among the assignments that keep every hard rule the solver returns one that
is optimal for the lexicographic order (`model.objective_key`):

    priority "score" (default): 1. maximise the total score, 2. minimise the maximum judge
                                load, 3. minimise the sum of squared judge loads;
    priority "load":            1. minimise the maximum judge load, 2. maximise the total
                                score, 3. minimise the sum of squared judge loads.

The load of a judge is the number of applications it judges (limits are per judge, the
maximum is over absolute loads). Step 3 evens out the remaining loads and lifts light ones.

How: a min-cost flow (`flow.Network`) gives, for a load cap L, the exact optimum of (score,
then Σ load²) with every load ≤ min(L, own limit). The smallest L that keeps the best score
("score") or keeps the rules feasible ("load") is found by a search over L that is monotone,
each probe one exact flow; a probe optimal under cap L is also optimal under its own lower
maximum load, so the last successful probe is the answer. Large rounds start each flow from
a few best judges per application and add the other pairs by pricing, which keeps the result
exact. When no assignment keeps the rules, the solution is "infeasible", with reasons in words
naming the applications and judges concerned.
"""

from __future__ import annotations

import time

import numpy as np

from summitry.solvers.judging.flow import FlowResult, Network
from summitry.solvers.judging.matrix import score_matrix
from summitry.solvers.judging.model import (
    INFEASIBLE,
    OPTIMAL,
    Objective,
    Problem,
    Solution,
    conflict_reasons,
    shares_language,
)

# Above this many pairs, start from a few candidate judges per application and price the rest.
FULL_NETWORK_PAIRS = 200_000
_LISTED = 8


def default_candidates(problem: Problem) -> int | None:
    """How many candidate judges per application the first flow gets (None: all)."""
    pairs = len(problem.applications) * len(problem.judges)
    if pairs <= FULL_NETWORK_PAIRS:
        return None
    return max(4 * problem.k, 12)


def solve(problem: Problem, *, candidates: int | None | str = "auto") -> Solution:
    """The optimal assignment of `problem` (see the module docstring for the objective).

    `candidates` is how many judges per application the first flow considers ("auto": all
    for small rounds); the result is optimal whatever it is, only the speed changes.
    """
    started = time.perf_counter()
    if candidates == "auto":
        candidates = default_candidates(problem)
    scores = score_matrix(problem)
    k = problem.k
    stats: dict[str, int | float] = {"eligible_pairs": int((scores >= 0).sum())}
    reasons = _counting_reasons(problem, scores)
    if reasons:
        return _infeasible(reasons, stats, started)
    if not problem.applications:
        return _solution(problem, scores, None, stats, started)
    max_loads = np.array([j.max_load for j in problem.judges], dtype=np.int64)
    min_loads = np.array([j.min_load for j in problem.judges], dtype=np.int64)
    network = Network(scores, k, max_loads, min_loads, candidates)
    high = int(network.cap_hi.max(initial=0))
    # No assignment has a maximum load below `low`: counting places, and the minimum loads.
    low = int(min_loads.max(initial=0))
    while low < high and int(np.minimum(network.cap_hi, low).sum()) < k * len(problem.applications):
        low += 1
    if problem.priority == "load" and low < high:
        # The counting bound is usually reachable: then one flow settles it.
        best = network.solve(low)
        if best.feasible:
            stats.update(_network_stats(network))
            return _solution(problem, scores, best, stats, started)
        low += 1
    best = network.solve(high)
    if problem.priority == "score":
        stats["unbalanced_score"] = best.score
    if not best.feasible:
        stats.update(_network_stats(network))
        return _infeasible(_flow_reasons(problem, scores, network, best), stats, started)
    top = best.max_load
    # With priority "score" the best score usually needs the full caps: try just below first.
    first = problem.priority == "score"
    while low < top:
        middle = top - 1 if first else (low + top) // 2
        first = False
        probe = network.solve(middle)
        keeps = probe.feasible and (problem.priority == "load" or probe.score == best.score)
        if keeps:
            # Optimal under cap `middle`, hence also under its own (lower) maximum load.
            best, top = probe, probe.max_load
        else:
            low = middle + 1
    stats.update(_network_stats(network))
    return _solution(problem, scores, best, stats, started)


def _network_stats(network: Network) -> dict[str, int]:
    return {
        "flow_solves": network.solves,
        "pricing_rounds": network.pricing_rounds,
        "candidate_pairs": int(network.chosen.sum()),
        "load_balancing": int(network.balance),
    }


def _solution(
    problem: Problem,
    scores: np.ndarray,
    result: FlowResult | None,
    stats: dict[str, int | float],
    started: float,
) -> Solution:
    judges = problem.judges
    chosen: dict[int, list[int]] = {i: [] for i in range(len(problem.applications))}
    loads = np.zeros(len(judges), dtype=np.int64)
    if result is not None:
        for a, j in sorted(zip(result.apps.tolist(), result.judges.tolist(), strict=True)):
            chosen[a].append(j)
        loads = result.loads
    assignments = {
        problem.applications[a].id: tuple(judges[j].id for j in js) for a, js in chosen.items()
    }
    objective = Objective(
        total_score=0 if result is None else result.score,
        max_load=int(loads.max(initial=0)),
        min_load=int(loads.min()) if len(loads) else 0,
        load_sum_of_squares=int((loads**2).sum()),
    )
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return Solution(
        status=OPTIMAL,
        assignments=assignments,
        objective=objective,
        loads={j.id: int(load) for j, load in zip(judges, loads, strict=True)},
        stats=stats,
    )


def _infeasible(reasons: list[str], stats: dict[str, int | float], started: float) -> Solution:
    stats["seconds"] = round(time.perf_counter() - started, 3)
    return Solution(status=INFEASIBLE, assignments={}, reasons=tuple(reasons), stats=stats)


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:_LISTED])
    return shown + (f" and {len(ids) - _LISTED} more" if len(ids) > _LISTED else "")


def _counting_reasons(problem: Problem, scores: np.ndarray) -> list[str]:
    """Infeasibility that simple counting proves: too few eligible judges, too little room."""
    k, apps, judges = problem.k, problem.applications, problem.judges
    reasons = []
    per_app = (scores >= 0).sum(axis=1)
    for a in np.flatnonzero(per_app < k).tolist():
        application = apps[a]
        conflicted = sum(bool(conflict_reasons(problem, application, j)) for j in judges)
        silent = 0
        if problem.rules.require_common_language:
            silent = sum(not shares_language(application, j) for j in judges)
        reasons.append(
            f"application {application.id} has {int(per_app[a])} eligible judge(s) but needs "
            f"{k} (of {len(judges)} judges, {conflicted} in conflict, {silent} without a "
            "common language)"
        )
    needed = k * len(apps)
    capacity = sum(j.max_load for j in judges)
    if capacity < needed:
        reasons.append(
            f"the judges' load limits add up to {capacity}, fewer than the {needed} places "
            f"needed ({len(apps)} applications × {k} judges)"
        )
    floor = sum(j.min_load for j in judges)
    if floor > needed:
        reasons.append(
            f"the judges' minimum loads add up to {floor}, more than the {needed} places "
            f"({len(apps)} applications × {k} judges)"
        )
    per_judge = (scores >= 0).sum(axis=0)
    for j in np.flatnonzero(per_judge < [judge.min_load for judge in judges]).tolist():
        reasons.append(
            f"judge {judges[j].id} needs at least {judges[j].min_load} applications but only "
            f"{int(per_judge[j])} are eligible for them"
        )
    return reasons


def _flow_reasons(
    problem: Problem, scores: np.ndarray, network: Network, result: FlowResult
) -> list[str]:
    """Explain an infeasible round: a group of applications and the only judges they can use."""
    k, apps, judges = problem.k, problem.applications, problem.judges
    reasons = []
    if result.unplaced.any():
        # Grow the group as alternating paths do: eligible judges, then the applications those
        # judges already hold. The optimum leaves these judges full, so their room is too small.
        group = result.unplaced > 0
        reach = np.zeros(len(judges), dtype=bool)
        while True:
            new = (scores[group] >= 0).any(axis=0) & ~reach
            if not new.any():
                break
            reach |= new
            group[result.apps[new[result.judges]]] = True
        group_ids = [apps[a].id for a in np.flatnonzero(group).tolist()]
        judge_ids = [judges[j].id for j in np.flatnonzero(reach).tolist()]
        room = int(network.cap_hi[reach].sum())
        reasons.append(
            f"applications {_ids(group_ids)} need {k * len(group_ids)} judge places in total, "
            f"but the only judges eligible for them ({_ids(judge_ids) or 'none'}) can take "
            f"{room} at most"
        )
    for j in np.flatnonzero(result.short).tolist():
        judge = judges[j]
        reasons.append(
            f"judge {judge.id} cannot reach the minimum load of {judge.min_load} together with "
            f"the other rules (short by {int(result.short[j])})"
        )
    return reasons
