"""Property tests: on tiny random rosters the solver's optimum equals brute force's.

Brute force tries every team for every channel (each a subset of the right size of the
interpreters, each member direct or through one relay channel) and keeps the rosters the
verifier accepts; the best has the smallest recomputed objective. The solver must agree:
optimal with the same objective when a roster exists, infeasible when none does, and every
answer passes the verifier.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from summitry.solvers.interpretation import evaluate, parse_problem, solve, verify
from summitry.solvers.interpretation.cpsat import candidates, change_weight
from summitry.solvers.interpretation.relaxation import relax

LANGUAGES = ("ko", "en", "ru")
TIMES = (("09:00", "09:30"), ("09:20", "10:00"), ("10:10", "10:40"), ("10:10", "11:00"))


@st.composite
def problems(draw) -> dict[str, Any]:
    items = []
    for k in range(draw(st.integers(1, 2))):
        start, end = draw(st.sampled_from(TIMES))
        day = draw(st.sampled_from(("01", "02")))
        floor = draw(st.sampled_from(LANGUAGES))
        others = [x for x in LANGUAGES if x != floor]
        channels = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
        if draw(st.integers(0, 3)):
            channels = channels[:1]
        items.append(
            {
                "id": f"item{k}",
                "start": f"2020-06-{day}T{start}:00+09:00",
                "end": f"2020-06-{day}T{end}:00+09:00",
                "floor": floor,
                "channels": channels,
            }
        )
    interpreters = []
    for k in range(draw(st.integers(2, 4))):
        known = draw(st.lists(st.sampled_from(LANGUAGES), min_size=2, max_size=3, unique=True))
        languages = {x: draw(st.sampled_from(("A", "A", "B", "C"))) for x in known}
        entry: dict[str, Any] = {
            "id": f"p{k}",
            "languages": languages,
            "works_into_b": draw(st.booleans()),
            "daily_max_minutes": draw(st.sampled_from((60, 120, 360))),
            "rate": {
                "amount": draw(st.integers(0, 5)) * 10,
                "per": draw(st.sampled_from(("hour", "day"))),
            },
        }
        if draw(st.booleans()):
            entry["availability"] = [
                {"start": "2020-06-01T09:00:00+09:00", "end": "2020-06-01T12:00:00+09:00"}
            ]
        interpreters.append(entry)
    data: dict[str, Any] = {
        "format": "summitry.interpretation/1",
        "items": items,
        "interpreters": interpreters,
        "rules": {
            "min_rest_minutes": draw(st.sampled_from((0, 15))),
            "relay_penalty": draw(st.sampled_from((None, 0, 25))),
        },
    }
    if draw(st.booleans()):
        item = items[0]
        data["previous"] = [
            {"item": item["id"], "channel": item["channels"][0], "interpreter": p["id"]}
            for p in interpreters[: draw(st.integers(1, 2))]
        ]
    return data


def brute_force(problem) -> int | None:
    """The smallest objective over every roster the verifier accepts, or None."""
    people = [p.id for p in problem.interpreters]
    booths = []
    for item in problem.items:
        need = problem.rules.team_size(item.minutes)
        for channel in item.channels:
            sources = [None, *(x for x in item.channels if x != channel)]
            options = []
            for team in itertools.combinations(people, need):
                for vias in itertools.product(sources, repeat=need):
                    options.append(
                        [
                            {"item": item.id, "channel": channel, "interpreter": p, "via": v}
                            for p, v in zip(team, vias, strict=True)
                        ]
                    )
            booths.append(options)
    best = None
    for choice in itertools.product(*booths):
        assignments = [a for team in choice for a in team]
        figures = evaluate(problem, assignments)
        claim = {"format": "summitry.interpretation.solution/1", "status": "feasible"}
        claim |= {"assignments": assignments, **figures, "bound": None}
        if verify(problem, claim):
            continue
        if best is None or figures["objective"] < best:
            best = figures["objective"]
    return best


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_solver_finds_brute_forces_optimum(data):
    problem = parse_problem(data)
    solution = solve(problem, time_limit=20, workers=1)
    assert verify(problem, solution.to_json()) == []
    best = brute_force(problem)
    event(f"{solution.status}, {solution.relays or 0} relays, {solution.changes or 0} changes")
    if best is None:
        assert solution.status == "infeasible"
        assert solution.uncovered or solution.reason
    else:
        assert solution.status == "optimal"
        assert solution.objective == best == solution.bound


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_relaxation_bound_is_never_above_the_optimum(data):
    problem = parse_problem(data)
    best = brute_force(problem)
    relaxed = relax(problem, candidates(problem))
    if best is None:
        return
    assert relaxed is not None
    assert change_weight(problem) * relaxed.floor_bound <= best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_large_group_path_finds_brute_forces_optimum(data):
    """With every group treated as large (relaxation, support model, neighbourhood search), the
    answers stay valid, the bound stays below the optimum, and a neighbourhood of every item
    proves the optimum."""
    problem = parse_problem(data)
    solution = solve(problem, time_limit=20, workers=1, exact_up_to=0)
    assert verify(problem, solution.to_json()) == []
    best = brute_force(problem)
    if best is None:
        assert solution.status == "infeasible"
    else:
        assert solution.bound is not None and solution.bound <= best
        assert solution.status == "optimal"
        assert solution.objective == best == solution.bound
