"""The lower bounds on idle gaps are proven bounds: never above the fewest gaps of any schedule
that places every meeting it must, found here by exhaustive search or by the exact model."""

from __future__ import annotations

import time
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from summitry.solvers.meetings import ProblemError, parse_problem
from summitry.solvers.meetings.bounds import (
    alone_floors,
    gap_lower_bound,
    interaction_bound,
    must_meetings,
)
from summitry.solvers.meetings.instance import Instance, build_instance
from summitry.solvers.meetings.state import State
from tests.solvers.test_meetings_model import meeting, problem
from tests.solvers.test_meetings_properties import problems
from tests.solvers.test_meetings_solver import random_event, solved

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much]
)


def bounds(instance: Instance, must: list[bool]) -> tuple[int, int]:
    """The per-participant bound and the interaction bound, given ample time."""
    return (
        gap_lower_bound(instance, must),
        interaction_bound(instance, must, time.monotonic() + 60),
    )


def fewest_gaps(instance: Instance, must: list[bool]) -> int | None:
    """Exhaustive search: the fewest idle gaps over every schedule that keeps the rules (but
    fairness, which the bounds need not know) and places every `must` meeting; None if there
    is none. Locations counted per slot are exact unless the instance models them one by one."""
    assert not instance.explicit_locations
    state = State(instance)
    best: list[int | None] = [None]
    order = list(instance.topological)

    def visit(i: int) -> None:
        if i == len(order):
            gaps = sum(state.gaps(p) for p in range(instance.n_participants))
            if best[0] is None or gaps < best[0]:
                best[0] = gaps
            return
        m = order[i]
        for s in instance.domain[m]:
            if state.fits(m, s):
                state.place(m, s)
                visit(i + 1)
                state.remove(m)
        if not must[m]:
            visit(i + 1)

    visit(0)
    return best[0]


@st.composite
def events(draw) -> dict[str, Any]:
    """Up to six participants in one or two blocks of a few slots, with unavailability,
    allowed slots, fixed slots and a room or two: enough for meetings to get in each other's
    way, small enough to try every schedule."""
    n_slots = draw(st.integers(3, 6))
    slot_ids = [f"s{i + 1}" for i in range(n_slots)]
    names = [f"p{i}" for i in range(draw(st.integers(2, 6)))]
    participants = [
        {"id": name, "unavailable": draw(st.lists(st.sampled_from(slot_ids), max_size=2))}
        for name in names
    ]
    for p in participants:
        p["unavailable"] = sorted(set(p["unavailable"]))
    meetings = []
    for i in range(draw(st.integers(2, 7))):
        pair = draw(st.lists(st.sampled_from(names), min_size=2, max_size=2, unique=True))
        fields: dict[str, Any] = {"priority": draw(st.integers(0, 2))}
        if draw(st.booleans()):
            fields["allowed_slots"] = draw(
                st.lists(st.sampled_from(slot_ids), unique=True, min_size=1, max_size=3)
            )
        if draw(st.integers(0, 5)) == 0:
            fields["fixed_slot"] = draw(st.sampled_from(slot_ids))
        meetings.append(meeting(f"m{i + 1}", *pair, **fields))
    data = problem(
        n_slots=n_slots,
        blocks=draw(st.integers(1, 2)),
        locations=[{"id": "room", "capacity": draw(st.integers(1, 3))}],
        participants=tuple(participants),
        meetings=tuple(meetings),
    )
    try:
        parse_problem(data)
    except ProblemError:
        assume(False)
    return data


def check_bounds(data: dict[str, Any]) -> None:
    instance = build_instance(parse_problem(data))
    assume(not instance.explicit_locations)
    top = sum(p for p, d in zip(instance.priority, instance.domain, strict=True) if d)
    for priority in (top, 0):  # every placeable meeting of priority, or the required only
        must = must_meetings(instance, priority)
        per_participant, interaction = bounds(instance, must)
        assert interaction >= per_participant
        alone = sum(alone_floors(instance, must, time.monotonic() + 60))
        assert alone >= per_participant
        fewest = fewest_gaps(instance, must)
        if fewest is not None:
            assert interaction <= fewest
            assert alone <= fewest


@SETTINGS
@given(problems())
def test_the_bounds_never_exceed_the_fewest_gaps_of_tiny_problems(data):
    check_bounds(data)


@SETTINGS
@given(events())
def test_the_bounds_never_exceed_the_fewest_gaps_of_crowded_problems(data):
    check_bounds(data)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_the_bounds_never_exceed_the_exact_optimum(seed):
    data = random_event(seed=seed, participants=8, meetings=14, n_slots=8, rooms=3, fairness=None)
    solution = solved(data, strategy="exact", workers=1)
    assert solution.status == "optimal"
    instance = build_instance(parse_problem(data))
    placed = {a.meeting for a in solution.assignments}
    priority = sum(m.priority for m in instance.problem.meetings if m.id in placed)
    per_participant, interaction = bounds(instance, must_meetings(instance, priority))
    assert per_participant <= interaction <= solution.idle_gaps


def test_a_participants_narrow_meetings_count_where_the_others_do_not():
    """p0 meets p1 only in s1 and p2 only in s4, and p3 anywhere: three meetings among four
    slots, yet two of them pin p0 to both ends of the day, so p0 has a gap whatever happens.
    Alone, p0 could use any three slots in a row; Hall's condition per class sees the pins."""
    data = problem(
        n_slots=4,
        participants=("p0", "p1", "p2", "p3"),
        meetings=(
            meeting("m1", "p0", "p1", allowed_slots=["s1"]),
            meeting("m2", "p0", "p2", allowed_slots=["s4"]),
            meeting("m3", "p0", "p3"),
        ),
        locations=[{"id": "room", "capacity": 3}],
    )
    instance = build_instance(parse_problem(data))
    must = must_meetings(instance, 3)
    assert bounds(instance, must) == (0, 1)
    assert fewest_gaps(instance, must) == 1
    assert solved(data, strategy="large").bound == 1


def test_two_participants_who_cannot_both_close_up_count_one_gap():
    """a is held in s1 and s2, b in s5 and s6; their own meeting closes a's day only in s3 and
    b's only in s4 or s7. Each alone has no gap; together one of them has."""
    data = problem(
        n_slots=7,
        participants=("a", "b", "x1", "x2", "y1", "y2"),
        meetings=(
            meeting("ab", "a", "b"),
            meeting("a1", "a", "x1", fixed_slot="s1"),
            meeting("a2", "a", "x2", fixed_slot="s2"),
            meeting("b1", "b", "y1", fixed_slot="s5"),
            meeting("b2", "b", "y2", fixed_slot="s6"),
        ),
        locations=[{"id": "room", "capacity": 3}],
    )
    instance = build_instance(parse_problem(data))
    must = must_meetings(instance, 5)
    assert bounds(instance, must) == (0, 1)
    assert fewest_gaps(instance, must) == 1
    solution = solved(data, strategy="large")
    assert (solution.status, solution.idle_gaps, solution.bound) == ("optimal", 1, 1)
