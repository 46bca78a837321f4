"""The meeting scheduler on hand-made problems with known optima, and the verifier's rules."""

from __future__ import annotations

import random
import time

import pytest

from summitry.solvers.meetings import Solution, evaluate, parse_problem, solve, verify
from summitry.solvers.meetings.greedy import greedy_order, place_greedily
from summitry.solvers.meetings.instance import build_instance
from summitry.solvers.meetings.local import anneal_blocks
from summitry.solvers.meetings.locations import assign_locations
from summitry.solvers.meetings.state import State
from tests.solvers.test_meetings_model import meeting, problem

SEOUL, WELLINGTON, KYIV, BUSAN = "seoul", "wellington", "kyiv", "busan"


def solved(data, **options) -> Solution:
    """Solve and check the answer with the verifier, as every solver test does."""
    parsed = parse_problem(data)
    solution = solve(parsed, time_limit=options.pop("time_limit", 20), **options)
    assert verify(parsed, solution.to_json()) == []
    return solution


def placed(solution: Solution) -> dict[str, tuple[str, str]]:
    return {a.meeting: (a.slot, a.location) for a in solution.assignments}


def test_a_participants_meetings_run_back_to_back():
    solution = solved(
        problem(
            n_slots=3,
            meetings=[
                meeting("m1", SEOUL, WELLINGTON, allowed_slots=["s1", "s3"]),
                meeting("m2", SEOUL, KYIV),
            ],
        )
    )
    assert solution.to_json()["objective"] == {
        "idle_gaps": 0,
        "max_gap_difference": 0,
        "bound": 0,
        "gap": 0,
    }
    assert solution.status == "optimal"
    slots = sorted(slot for slot, _location in placed(solution).values())
    assert slots in (["s1", "s2"], ["s2", "s3"])
    assert placed(solution)["m1"][0] in ("s1", "s3")


def test_an_unavailable_slot_inside_a_run_is_still_a_gap():
    solution = solved(
        problem(
            n_slots=3,
            participants=({"id": SEOUL, "unavailable": ["s2"]}, WELLINGTON, KYIV),
            meetings=[meeting("m1", SEOUL, WELLINGTON), meeting("m2", SEOUL, KYIV)],
        )
    )
    assert solution.status == "optimal"
    assert {slot for slot, _location in placed(solution).values()} == {"s1", "s3"}
    assert solution.to_json()["objective"] == {
        "idle_gaps": 1,
        "max_gap_difference": 1,
        "bound": 1,
        "gap": 0,
    }


@pytest.mark.parametrize(
    ("slots", "gaps"),
    [
        ((1, 2), 0),  # back to back
        ((1, 3), 1),
        ((1, 3, 5), 2),
        ((1, 6), 1),  # one gap, however long
        ((1, 3, 4), 1),
        ((2, 7), 0),  # day 1 then day 2: the night is no gap
        ((1, 3, 7, 9), 2),
    ],
)
def test_a_gap_is_an_idle_run_between_meetings_of_one_block(slots, gaps):
    """Seoul meets someone in each of the given slots of 6 + 6 slots over two days."""
    others = [f"city{i}" for i in range(len(slots))]
    parsed = parse_problem(
        problem(
            n_slots=12,
            blocks=2,
            participants=(SEOUL, *others),
            meetings=[meeting(f"m{i}", SEOUL, o) for i, o in enumerate(others)],
        )
    )
    placements = {f"m{i}": (slot - 1, "room-1") for i, slot in enumerate(slots)}
    evaluation = evaluate(parsed, placements)
    assert evaluation.violations == []
    assert evaluation.gaps == {SEOUL: gaps} | dict.fromkeys(others, 0)
    assert evaluation.idle_gaps == gaps


def test_priority_comes_before_gaps():
    meetings = [
        meeting("m1", SEOUL, WELLINGTON, allowed_slots=["s1"]),
        meeting("m2", SEOUL, KYIV, allowed_slots=["s3"]),
    ]
    solution = solved(problem(meetings=meetings))
    assert (solution.status, solution.unscheduled, solution.idle_gaps) == ("optimal", [], 1)
    meetings[1]["priority"] = 0  # worth nothing: not worth a gap
    solution = solved(problem(meetings=meetings))
    assert (solution.status, solution.unscheduled, solution.idle_gaps) == ("optimal", ["m2"], 0)


def test_higher_priority_wins_the_last_room():
    solution = solved(
        problem(
            n_slots=1,
            participants=(SEOUL, WELLINGTON, KYIV, BUSAN),
            meetings=[
                meeting("m1", SEOUL, WELLINGTON, priority=1),
                meeting("m2", KYIV, BUSAN, priority=2),
            ],
        )
    )
    assert placed(solution) == {"m2": ("s1", "room-1")}
    assert solution.unscheduled == ["m1"]


def test_required_meetings_that_cannot_all_be_scheduled_make_it_infeasible():
    solution = solved(
        problem(
            n_slots=1,
            meetings=[
                meeting("m1", SEOUL, WELLINGTON, required=True),
                meeting("m2", SEOUL, KYIV, required=True),
                meeting("m3", WELLINGTON, KYIV),
            ],
        )
    )
    assert solution.to_json() == {
        "format": "summitry.meetings.solution/1",
        "status": "infeasible",
        "assignments": [],
        "unscheduled": ["m1", "m2", "m3"],
        "objective": None,
        "reason": 'required meetings "m1", "m2" cannot all be scheduled together: they need '
        "more slots, participants, locations or resources than there are (all involve seoul)",
    }


def test_a_required_meeting_without_a_possible_slot_is_named():
    solution = solved(
        problem(
            participants=({"id": SEOUL, "unavailable": ["s1", "s2"]}, WELLINGTON, KYIV),
            meetings=[meeting("m1", SEOUL, WELLINGTON, required=True, allowed_slots=["s1", "s2"])],
        )
    )
    assert solution.status == "infeasible"
    assert solution.reason == (
        'required meeting "m1" cannot be placed: its participants (seoul, wellington) are not '
        "all available in any slot it may use"
    )


def test_fairness_can_cost_priority():
    def data(fairness, required=False):
        return problem(
            participants=({"id": SEOUL, "unavailable": ["s2"]}, WELLINGTON, KYIV),
            meetings=[
                meeting("m1", SEOUL, WELLINGTON, fixed_slot="s1", required=True),
                meeting("m2", SEOUL, KYIV, fixed_slot="s3", required=required),
            ],
            fairness=fairness,
        )

    loose = solved(data(1))
    assert (loose.status, loose.unscheduled, loose.idle_gaps, loose.max_gap_difference) == (
        "optimal",
        [],
        1,
        1,
    )
    strict = solved(data(0))
    assert (strict.status, strict.unscheduled, strict.idle_gaps) == ("optimal", ["m2"], 0)
    impossible = solved(data(0, required=True))
    assert impossible.status == "infeasible"
    assert impossible.reason == (
        'required meetings "m1", "m2" cannot all be scheduled within the fairness bound '
        "(max difference 0) (all involve seoul)"
    )


def test_participants_without_meetings_do_not_count_for_fairness():
    solution = solved(
        problem(
            participants=(SEOUL, WELLINGTON, KYIV),
            meetings=[
                meeting("m1", SEOUL, WELLINGTON, fixed_slot="s1", required=True),
                meeting("m2", SEOUL, WELLINGTON, fixed_slot="s3", required=True),
            ],
            fairness=0,
        )
    )
    # Seoul and Wellington have one gap each; Kyiv, without a meeting, is not a 0.
    assert (solution.status, solution.idle_gaps, solution.max_gap_difference) == ("optimal", 2, 0)


def test_after_puts_meetings_in_order():
    solution = solved(
        problem(
            meetings=[
                meeting("m2", SEOUL, WELLINGTON, after=["m1"], required=True),
                meeting("m1", SEOUL, KYIV, allowed_slots=["s2", "s3"]),
            ],
        )
    )
    assert placed(solution) == {"m1": ("s2", "room-1"), "m2": ("s3", "room-1")}


def test_a_meeting_after_one_that_cannot_happen_does_not_happen():
    solution = solved(
        problem(
            participants=({"id": KYIV, "unavailable": ["s1", "s2", "s3"]}, SEOUL, WELLINGTON),
            meetings=[
                meeting("m1", SEOUL, KYIV),
                meeting("m2", SEOUL, WELLINGTON, after=["m1"]),
            ],
        )
    )
    assert (solution.status, solution.unscheduled) == ("optimal", ["m1", "m2"])


def test_a_multi_slot_meeting_stays_in_one_block():
    solution = solved(
        problem(
            n_slots=4,
            blocks=2,
            participants=({"id": SEOUL, "unavailable": ["s1"]}, WELLINGTON, KYIV),
            meetings=[meeting("m1", SEOUL, WELLINGTON, duration_slots=2, required=True)],
        )
    )
    # s2 and s3 are consecutive but on two days; day 2 holds it, reported by its first slot.
    assert placed(solution) == {"m1": ("s3", "room-1")}


def test_a_shared_resource_limits_meetings_per_slot():
    solution = solved(
        problem(
            n_slots=1,
            locations=[{"id": "room-1", "capacity": 1}, {"id": "room-2", "capacity": 1}],
            resources=[{"id": "interp-ko-en", "capacity": 1}],
            participants=(SEOUL, WELLINGTON, KYIV, BUSAN),
            meetings=[
                meeting("m1", SEOUL, WELLINGTON, needs=["interp-ko-en"]),
                meeting("m2", KYIV, BUSAN, needs=["interp-ko-en"], priority=2),
            ],
        )
    )
    assert list(placed(solution)) == ["m2"]
    assert solution.unscheduled == ["m1"]


def test_allowed_locations_are_respected():
    solution = solved(
        problem(
            n_slots=1,
            locations=[{"id": "room-1", "capacity": 1}, {"id": "hall", "capacity": 1}],
            participants=(SEOUL, WELLINGTON, KYIV, BUSAN),
            meetings=[
                meeting("m1", SEOUL, WELLINGTON),
                meeting("m2", KYIV, BUSAN, allowed_locations=["room-1"]),
            ],
        )
    )
    assert placed(solution) == {"m1": ("s1", "hall"), "m2": ("s1", "room-1")}


def test_a_multi_slot_meeting_keeps_one_location_among_restricted_ones():
    # Per-slot counting would allow m1 in s1-s2 (hall in s1, room-1 in s2); one location for
    # both slots does not exist then, so m1 must start in s2, in room-1.
    solution = solved(
        problem(
            n_slots=3,
            locations=[{"id": "room-1", "capacity": 1}, {"id": "hall", "capacity": 1}],
            participants=(SEOUL, WELLINGTON, KYIV, BUSAN, "dublin", "odense"),
            meetings=[
                meeting(
                    "m1",
                    SEOUL,
                    WELLINGTON,
                    duration_slots=2,
                    allowed_slots=["s1", "s2", "s3"],
                    required=True,
                    after=[],
                ),
                meeting(
                    "m2", KYIV, BUSAN, fixed_slot="s1", allowed_locations=["room-1"], required=True
                ),
                meeting(
                    "m3",
                    "dublin",
                    "odense",
                    fixed_slot="s2",
                    allowed_locations=["hall"],
                    required=True,
                ),
                meeting(
                    "m4", KYIV, "dublin", fixed_slot="s3", allowed_locations=["hall"], required=True
                ),
            ],
        )
    )
    assert placed(solution)["m1"] == ("s2", "room-1")


def random_event(
    seed: int, participants: int, meetings: int, n_slots: int, rooms: int, fairness: int | None = 2
):
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(participants)]
    pairs: set[tuple[str, str]] = set()
    degree = dict.fromkeys(names, 0)
    while len(pairs) < meetings:
        a, b = sorted(rng.sample(names, 2))
        # At most half the slots each: every meeting fits, there is room to move.
        if (a, b) not in pairs and max(degree[a], degree[b]) < n_slots // 2:
            pairs.add((a, b))
            degree[a] += 1
            degree[b] += 1
    return problem(
        n_slots=n_slots,
        blocks=2,
        locations=[{"id": f"table-{k}", "capacity": 1} for k in range(rooms)],
        participants=tuple(
            {"id": n, "unavailable": [f"s{rng.randint(1, n_slots)}"]} for n in names
        ),
        meetings=[
            meeting(f"m{i}", a, b, priority=rng.randint(1, 3))
            for i, (a, b) in enumerate(sorted(pairs))
        ],
        fairness=fairness,
    )


def test_the_large_strategy_reaches_the_exact_optimum_on_a_small_event():
    data = random_event(seed=3, participants=8, meetings=10, n_slots=6, rooms=2)
    exact = solved(data, strategy="exact")
    large = solved(data, strategy="large")
    assert exact.status == large.status == "optimal"
    assert (exact.idle_gaps, len(exact.unscheduled)) == (large.idle_gaps, len(large.unscheduled))


def test_the_large_strategy_places_a_medium_event_validly():
    data = random_event(seed=5, participants=60, meetings=150, n_slots=12, rooms=14)
    solution = solved(data, strategy="large", time_limit=2)
    assert solution.status in ("optimal", "feasible")
    assert solution.unscheduled == []
    assert solution.bound is not None and solution.bound <= solution.idle_gaps


def test_whole_schedules_annealed_in_parallel_give_the_best_of_them():
    # Above QUESTION_MEETINGS (1,000) no question comes first: the whole time anneals.
    data = random_event(
        seed=2, participants=400, meetings=1_100, n_slots=12, rooms=100, fairness=None
    )
    solution = solved(data, strategy="large", time_limit=3)
    reached = solution.stats["parallel_anneals"]  # compiled: one whole schedule per process
    assert len(reached) == 2
    assert solution.idle_gaps == min(reached)
    assert solution.unscheduled == []


def test_whole_schedules_annealed_compiled_keep_the_fairness_bound():
    # The compiled search counts gaps only; Python brings the spread back within the bound.
    data = random_event(seed=2, participants=400, meetings=1_100, n_slots=12, rooms=100, fairness=1)
    parsed = parse_problem(data)
    solution = solve(parsed, time_limit=4, workers=2, strategy="large")
    assert len(solution.stats["parallel_anneals"]) == 2
    assert verify(parsed, solution.to_json()) == []
    assert solution.status in ("optimal", "feasible")
    assert solution.max_gap_difference is not None and solution.max_gap_difference <= 1
    assert len(solution.assignments) > 900


def test_blocks_annealed_in_parallel_make_one_valid_schedule():
    # A shared resource is more than the compiled search takes: Python anneals the whole
    # event first, then (when gaps are left) each block in its own process.
    data = random_event(
        seed=2, participants=400, meetings=1_000, n_slots=12, rooms=100, fairness=None
    )
    data["resources"] = [{"id": "interp", "capacity": 5}]
    data["meetings"][0]["needs"] = ["interp"]
    solution = solved(data, strategy="large", time_limit=3)
    assert "gaps_before_blocks" in solution.stats
    assert "parallel_anneals" not in solution.stats
    assert solution.unscheduled == []
    # The blocks' processes, from the greedy schedule (which has gaps to close).
    instance = build_instance(parse_problem(data))
    state = State(instance)
    place_greedily(instance, state, greedy_order(instance))
    before = {m: instance.block_of[s] for m, s in enumerate(state.starts) if s is not None}
    gaps = sum(state.gaps(p) for p in range(instance.n_participants))
    anneal_blocks(instance, state, 1, time.monotonic() + 2, 2)
    assert {m: instance.block_of[s] for m, s in enumerate(state.starts) if s is not None} == before
    assert sum(state.gaps(p) for p in range(instance.n_participants)) < gaps
    assert evaluated(instance, state).violations == []


def evaluated(instance, state):
    """The verifier's evaluation of a schedule, with locations assigned as the solver does."""
    problem = instance.problem
    locations = assign_locations(instance, state.starts)
    return evaluate(
        problem,
        {
            problem.meetings[m].id: (s, problem.locations[locations[m]].id)
            for m, s in enumerate(state.starts)
            if s is not None
        },
    )


def test_the_large_strategy_keeps_every_rule_of_a_rich_event():
    """Resources, restricted locations, follow-ups and fairness, moved around by local search
    and neighbourhoods: the verifier must find nothing wrong."""
    data = random_event(seed=8, participants=40, meetings=100, n_slots=12, rooms=10)
    data["locations"].append({"id": "hall", "capacity": 2})
    data["resources"] = [{"id": "interp", "capacity": 2}]
    for i, m in enumerate(data["meetings"]):
        if i % 5 == 0:
            m["needs"] = ["interp"]
        if i % 7 == 0:
            m["allowed_locations"] = ["hall", "table-0"]
        if i % 11 == 10:
            m["after"] = [data["meetings"][i - 3]["id"]]
    solution = solved(data, strategy="large", time_limit=2)
    assert solution.status in ("optimal", "feasible")


# --- the verifier ---------------------------------------------------------------------------


@pytest.fixture
def two_meetings():
    return parse_problem(
        problem(
            participants=({"id": SEOUL, "unavailable": ["s3"]}, WELLINGTON, KYIV),
            resources=[{"id": "interp", "capacity": 1}],
            meetings=[
                meeting("m1", SEOUL, WELLINGTON, required=True, needs=["interp"]),
                meeting(
                    "m2",
                    SEOUL,
                    KYIV,
                    allowed_slots=["s1", "s2"],
                    after=["m1"],
                    needs=["interp"],
                    allowed_locations=["room-1"],
                ),
            ],
            fairness=0,
            locations=[{"id": "room-1", "capacity": 1}, {"id": "hall", "capacity": 1}],
        )
    )


def answer(assignments, unscheduled=(), objective=None, status="feasible", **extra):
    return {
        "format": "summitry.meetings.solution/1",
        "status": status,
        "assignments": [{"meeting": m, "slot": s, "location": loc} for m, s, loc in assignments],
        "unscheduled": list(unscheduled),
        "objective": objective or {"idle_gaps": 0, "max_gap_difference": 0},
        **extra,
    }


def test_the_verifier_accepts_a_valid_answer(two_meetings):
    assert verify(two_meetings, answer([("m1", "s1", "hall"), ("m2", "s2", "room-1")])) == []


def test_the_verifier_reports_every_broken_rule(two_meetings):
    violations = verify(
        two_meetings,
        answer(
            [("m2", "s3", "hall"), ("m1", "s3", "hall")],
            objective={"idle_gaps": 2, "max_gap_difference": 0, "bound": 3},
            status="optimal",
        ),
    )
    assert violations == [
        'meeting "m2": slot s3 is not in its allowed_slots',
        'meeting "m2": participant "seoul" is unavailable in slot s3',
        'meeting "m2": location "hall" is not in its allowed_locations',
        'meeting "m1": participant "seoul" is unavailable in slot s3',
        'participant "seoul" is in meetings "m2" and "m1" in slot s3',
        'location "hall" holds 2 meetings in slot s3, capacity 1',
        'resource "interp" is needed by 2 meetings in slot s3, capacity 1',
        'meeting "m2" must come after "m1" but starts in slot s3',
        "objective: idle_gaps is 2, recomputed 0",
        "objective: bound 3 is not a lower bound of 0 gaps",
    ]


def test_the_verifier_checks_completeness_and_ids(two_meetings):
    violations = verify(
        two_meetings,
        answer(
            [("m2", "s2", "room-1"), ("m9", "s1", "hall"), ("m2", "s2", "room-1")],
            unscheduled=["m2"],
        ),
    )
    assert violations == [
        "assignment 2: unknown meeting 'm9'",
        'meeting "m1" appears 0 times in assignments and unscheduled, not once',
        'meeting "m2" appears 3 times in assignments and unscheduled, not once',
        'meeting "m2" is scheduled but "m1", which must come before it, is not',
        'meeting "m1" is required but not scheduled',
    ]


def test_the_verifier_checks_fairness_and_the_figures():
    parsed = parse_problem(
        problem(
            n_slots=3,
            participants=(SEOUL, WELLINGTON, KYIV),
            meetings=[meeting("m1", SEOUL, WELLINGTON), meeting("m2", SEOUL, KYIV)],
            fairness=0,
        )
    )
    violations = verify(
        parsed,
        answer(
            [("m1", "s1", "room-1"), ("m2", "s3", "room-1")],
            objective={"idle_gaps": 1, "max_gap_difference": 0},
        ),
    )
    assert violations == [
        "fairness: idle gaps range from 0 to 1, a difference of 1 above the allowed 0",
        "objective: max_gap_difference is 0, recomputed 1",
    ]


def test_the_verifier_checks_fixed_slots_and_multi_slot_fit():
    parsed = parse_problem(
        problem(
            n_slots=4,
            blocks=2,
            meetings=[
                meeting("m1", SEOUL, WELLINGTON, fixed_slot="s1"),
                meeting("m2", KYIV, SEOUL, duration_slots=2),
            ],
        )
    )
    violations = verify(parsed, answer([("m1", "s3", "room-1"), ("m2", "s2", "room-1")]))
    assert violations == [
        'meeting "m1": fixed to s1, placed at s3',
        'meeting "m2": 2 consecutive slots of one block do not fit from slot s2',
    ]


def test_the_verifier_checks_infeasible_answers(two_meetings):
    assert verify(
        two_meetings, answer([("m1", "s1", "hall")], unscheduled=["m2"], status="infeasible")
    ) == ["an infeasible answer assigns no meeting", "an infeasible answer gives its reason"]
    assert verify(two_meetings, {"format": "x", "status": "done"}) == [
        'format must be "summitry.meetings.solution/1"',
        "status must be one of optimal, feasible, infeasible, unknown, not 'done'",
        "assignments must be a list",
        "unscheduled must be a list",
    ]
