"""Property tests: on small random problems the scheduler's optimum equals brute force's.

Brute force tries every placement (a slot and a location, or none, per meeting) and keeps the
valid ones by the verifier's rules; the best is the most priority scheduled, then the fewest
idle gaps. The solver's answers must pass the verifier and reach that optimum, by either
strategy.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from summitry.solvers.meetings import Problem, ProblemError, evaluate, parse_problem, solve, verify
from tests.solvers.test_meetings_model import problem

NAMES = ("a", "b", "c")


@st.composite
def problems(draw) -> dict[str, Any]:
    n_slots = draw(st.integers(1, 4))
    blocks = draw(st.integers(1, min(2, n_slots)))
    slot_ids = [f"s{i + 1}" for i in range(n_slots)]
    locations = [
        {"id": f"room-{k + 1}", "capacity": draw(st.integers(1, 2))}
        for k in range(draw(st.integers(1, 2)))
    ]
    resources = (
        [{"id": "interp", "capacity": draw(st.integers(1, 2))}] if draw(st.booleans()) else []
    )
    names = NAMES[: draw(st.integers(1, 3))]
    participants = [
        {
            "id": name,
            "unavailable": draw(st.lists(st.sampled_from(slot_ids), unique=True, max_size=2)),
        }
        for name in names
    ]
    meetings = []
    for i in range(draw(st.integers(0, 4))):
        fields: dict[str, Any] = {
            "id": f"m{i + 1}",
            "participants": draw(
                st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True)
            ),
            "priority": draw(st.integers(0, 3)),
            "required": draw(st.booleans()),
        }
        if draw(st.integers(0, 4)) == 0:
            fields["duration_slots"] = 2
        if draw(st.booleans()):
            fields["allowed_slots"] = draw(
                st.lists(st.sampled_from(slot_ids), unique=True, min_size=1)
            )
        if draw(st.integers(0, 5)) == 0:
            fields["fixed_slot"] = draw(st.sampled_from(slot_ids))
        if i and draw(st.integers(0, 3)) == 0:
            fields["after"] = [f"m{draw(st.integers(1, i))}"]
        if len(locations) > 1 and draw(st.booleans()):
            fields["allowed_locations"] = [draw(st.sampled_from([x["id"] for x in locations]))]
        if resources and draw(st.booleans()):
            fields["needs"] = ["interp"]
        meetings.append(fields)
    data = problem(
        n_slots=n_slots,
        blocks=blocks,
        locations=locations,
        participants=tuple(participants),
        meetings=tuple(meetings),
        fairness=draw(st.none() | st.integers(0, 2)),
        resources=resources,
    )
    try:
        parse_problem(data)
    except ProblemError:
        assume(False)  # e.g. a fixed slot outside the allowed ones: refused, tested elsewhere
    return data


def brute_force(parsed: Problem) -> tuple[int, int] | None:
    """The best (scheduled priority, idle gaps) over every placement, or None if none is
    valid."""
    options = [
        [None, *itertools.product(range(len(parsed.slots)), [x.id for x in parsed.locations])]
        for _ in parsed.meetings
    ]
    return best_of(
        parsed,
        (
            {
                m.id: option
                for m, option in zip(parsed.meetings, combination, strict=True)
                if option is not None
            }
            for combination in itertools.product(*options)
        ),
    )


def best_of(parsed: Problem, candidates: Iterable[dict]) -> tuple[int, int] | None:
    """The best (scheduled priority, idle gaps) among the valid placements, or None."""
    best = None
    for placements in candidates:
        evaluation = evaluate(parsed, placements)
        if not evaluation.violations:
            key = (evaluation.scheduled_priority, -evaluation.idle_gaps)
            if best is None or key > best:
                best = key
    return None if best is None else (best[0], -best[1])


def check(
    data: dict[str, Any], strategy: str, brute: Callable = brute_force
) -> dict[str, Any] | None:
    """Solve and compare with brute force; the answer's JSON when there is an optimum."""
    parsed = parse_problem(data)
    expected = brute(parsed)
    solution = solve(parsed, time_limit=20, workers=1, strategy=strategy)
    assert verify(parsed, solution.to_json()) == []
    if expected is None:
        assert solution.status == "infeasible"
        return None
    assert solution.status == "optimal"
    placements = {a.meeting: (parsed.slot_index[a.slot], a.location) for a in solution.assignments}
    evaluation = evaluate(parsed, placements)
    assert (evaluation.scheduled_priority, evaluation.idle_gaps) == expected
    assert solution.bound == solution.idle_gaps
    return solution.to_json()


SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


@SETTINGS
@given(problems())
def test_the_exact_model_finds_the_brute_force_optimum(data):
    check(data, "exact")


@SETTINGS
@given(problems())
def test_greedy_and_neighbourhoods_find_the_brute_force_optimum(data):
    check(data, "large")
