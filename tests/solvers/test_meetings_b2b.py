"""Brokerage-shaped problems (issue 20): identical tables, one day with a morning and an
afternoon, meetings allowed only in one half, participants unavailable in some slots, and a
fairness bound. On small ones the solver's optimum equals brute force's by every strategy; on
any, an answer keeps every rule and says how good it is."""

from __future__ import annotations

import itertools
import multiprocessing
import random
import runpy
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from summitry.solvers.meetings import Problem, evaluate, parse_problem, solve, verify
from summitry.solvers.meetings.bounds import (
    alone_floors,
    busy_bound,
    fair_floors,
    must_meetings,
    one_short_floors,
    participant_floors,
)
from summitry.solvers.meetings.cpsat import Options, ScheduleModel, make_solver
from summitry.solvers.meetings.instance import build_instance
from summitry.solvers.meetings.local import Aside
from summitry.solvers.meetings.locations import assign_locations
from summitry.solvers.meetings.solve import constructive, core_bound, made_fair, place_all
from summitry.solvers.meetings.state import State
from tests.solvers.test_meetings_model import problem
from tests.solvers.test_meetings_properties import SETTINGS, best_of
from tests.solvers.test_meetings_properties import check as check_optimum

NAMES = ("a", "b", "c", "d")


@st.composite
def brokerages(draw) -> dict[str, Any]:
    n_slots = draw(st.integers(2, 5))
    slot_ids = [f"s{i + 1}" for i in range(n_slots)]
    morning = slot_ids[: (n_slots + 1) // 2]
    afternoon = slot_ids[(n_slots + 1) // 2 :]
    tables = [{"id": f"table-{k + 1}", "capacity": 1} for k in range(draw(st.integers(1, 2)))]
    names = NAMES[: draw(st.integers(2, 4))]
    participants = [
        {
            "id": name,
            "unavailable": draw(st.lists(st.sampled_from(slot_ids), unique=True, max_size=2)),
        }
        for name in names
    ]
    pairs = list(itertools.combinations(names, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=4, unique=True))
    meetings = []
    for i, pair in enumerate(chosen):
        fields: dict[str, Any] = {"id": f"m{i + 1}", "participants": list(pair)}
        half = draw(st.sampled_from(("any", "morning", "afternoon")))
        if half == "morning":
            fields["allowed_slots"] = morning
        elif half == "afternoon" and afternoon:
            fields["allowed_slots"] = afternoon
        fields["required"] = draw(st.integers(0, 3)) == 0
        meetings.append(fields)
    return problem(
        n_slots=n_slots,
        locations=tables,
        participants=tuple(participants),
        meetings=tuple(meetings),
        fairness=draw(st.sampled_from((0, 1, 2))),
    )


def every_schedule(parsed: Problem):
    """Every choice of slot (or none) per meeting among its allowed slots, tables taken in
    order within a slot (they are interchangeable), as placements for the verifier."""
    tables = [x.id for x in parsed.locations]
    choices = [
        [
            None,
            *(
                t
                for t, slot in enumerate(parsed.slots)
                if meeting.allowed_slots is None or slot.id in meeting.allowed_slots
            ),
        ]
        for meeting in parsed.meetings
    ]

    def placements(combination):
        used: dict[int, int] = {}
        chosen = {}
        for meeting, slot in zip(parsed.meetings, combination, strict=True):
            if slot is not None:
                k = used[slot] = used.get(slot, -1) + 1
                # One table too many shows up as the last table over its capacity.
                chosen[meeting.id] = (slot, tables[min(k, len(tables) - 1)])
        return chosen

    return map(placements, itertools.product(*choices))


@st.composite
def pinned_brokerages(draw) -> dict[str, Any]:
    """Longer days where each meeting may use one or two slots (so that brute force stays
    quick with more meetings): participants with gaps they cannot avoid, and with a fairness
    bound, meetings that cannot all be placed."""
    n_slots = draw(st.integers(4, 7))
    names = [f"p{k}" for k in range(draw(st.integers(4, 5)))]
    pairs = list(itertools.combinations(names, 2))
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=4, max_size=8, unique=True))
    slot_ids = [f"s{i + 1}" for i in range(n_slots)]
    meetings = [
        {
            "id": f"m{i + 1}",
            "participants": list(pair),
            "allowed_slots": draw(
                st.lists(st.sampled_from(slot_ids), min_size=1, max_size=2, unique=True)
            ),
        }
        for i, pair in enumerate(chosen)
    ]
    return problem(
        n_slots=n_slots,
        locations=[{"id": f"table-{k + 1}", "capacity": 1} for k in range(draw(st.integers(1, 2)))],
        participants=tuple(names),
        meetings=tuple(meetings),
        fairness=2,
    )


def brute_force(parsed: Problem) -> tuple[int, int] | None:
    """The best (scheduled priority, idle gaps) over every schedule."""
    return best_of(parsed, every_schedule(parsed))


def fewest_gaps_from(parsed: Problem, priority: int) -> int | None:
    """The fewest idle gaps of a schedule keeping every rule with at least this priority."""
    evaluations = (evaluate(parsed, placements) for placements in every_schedule(parsed))
    return min(
        (e.idle_gaps for e in evaluations if not e.violations and e.scheduled_priority >= priority),
        default=None,
    )


def evaluated(parsed: Problem, instance, chosen: dict[int, int | None]):
    """The verifier's evaluation of a model's chosen start slots, tables assigned."""
    starts = [chosen.get(m) for m in range(instance.n_meetings)]
    tables = assign_locations(instance, starts)
    placements = {
        parsed.meetings[m].id: (s, parsed.locations[tables[m]].id)
        for m, s in enumerate(starts)
        if s is not None
    }
    return evaluate(parsed, placements)


def check(data: dict[str, Any], strategy: str) -> None:
    answer = check_optimum(data, strategy, brute_force)
    if answer is not None:
        assert answer["objective"]["gap"] == 0
        assert answer["progress"]["proof"] is not None


@pytest.mark.parametrize("strategy", ["exact", "large"])
@settings(SETTINGS, max_examples=50)
@given(data=brokerages())
def test_every_strategy_finds_the_brute_force_optimum_of_a_brokerage(strategy, data):
    check(data, strategy)


def random_brokerage(seed: int, *, participants: int, meetings: int, slots: int, tables: int):
    """A bigger brokerage with optional meetings, for the rules of answers (not optima)."""
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(participants)]
    slot_ids = [f"s{i + 1}" for i in range(slots)]
    halves = (slot_ids[: slots // 2], slot_ids[slots // 2 :])
    pairs = rng.sample(list(itertools.combinations(names, 2)), meetings)
    requested = []
    for i, pair in enumerate(pairs):
        fields: dict[str, Any] = {"id": f"m{i + 1}", "participants": list(pair)}
        if rng.random() < 0.4:
            fields["allowed_slots"] = rng.choice(halves)
        requested.append(fields)
    people = tuple(
        {"id": name, "unavailable": rng.sample(slot_ids, rng.randint(0, 2))} for name in names
    )
    return problem(
        n_slots=slots,
        locations=[{"id": f"table-{k + 1}", "capacity": 1} for k in range(tables)],
        participants=people,
        meetings=tuple(requested),
        fairness=0,
    )


def test_every_strategy_answers_with_a_schedule_within_fairness_and_says_how_good_it_is():
    # Fairness 0 (everyone the same number of gaps) with many meetings: the searches may not
    # find a schedule placing everything, but a schedule keeping every rule always exists
    # (dropping optional meetings), so the answer is never "unknown".
    data = random_brokerage(7, participants=24, meetings=70, slots=10, tables=6)
    parsed = parse_problem(data)
    for strategy in ("exact", "large"):
        solution = solve(parsed, time_limit=4, workers=1, strategy=strategy)
        answer = solution.to_json()
        assert verify(parsed, answer) == []
        assert solution.status in ("optimal", "feasible")
        assert answer["assignments"]
        assert answer["objective"]["max_gap_difference"] == 0
        progress = answer["progress"]
        assert progress["first_feasible"] <= progress["best"]
        if solution.status == "optimal":
            assert answer["objective"]["gap"] == 0
            assert progress["proof"] is not None
        else:
            assert progress["proof"] is None
            if solution.bound is not None:
                assert answer["objective"]["gap"] == solution.idle_gaps - solution.bound


def test_where_not_every_meeting_fits_the_large_strategy_asks_no_question_in_vain():
    # c meets d and a in the morning at the one table; the optional a-b meeting has no slot
    # left (b is away at 9:00). "At most K gaps, every meeting placed?" is "no" for every K:
    # asked, it raised a meaningless floor until its share of the time ran out.
    data = problem(
        n_slots=4,
        participants=(
            {"id": "a", "unavailable": ["s4"]},
            {"id": "b", "unavailable": ["s1", "s4"]},
            "c",
            "d",
        ),
        meetings=(
            {"id": "m1", "participants": ["c", "d"], "allowed_slots": ["s1", "s2"]},
            {"id": "m2", "participants": ["a", "b"], "allowed_slots": ["s1", "s2"]},
            {"id": "m3", "participants": ["b", "c"], "allowed_slots": ["s3", "s4"]},
            {"id": "m4", "participants": ["a", "c"], "allowed_slots": ["s1", "s2"]},
        ),
        fairness=0,
    )
    data["meetings"][1]["required"] = False
    check(data, "large")
    solution = solve(parse_problem(data), time_limit=20, workers=1, strategy="large")
    assert solution.status == "optimal"
    assert len(solution.stats.get("floor_questions", [])) <= 1


def brokerage_of_130() -> dict[str, Any]:
    data = random_brokerage(1, participants=40, meetings=130, slots=12, tables=10)
    data["objective"]["fairness_max_difference"] = 2
    return data


def test_the_large_strategy_anneals_a_brokerage_in_a_process_per_worker():
    # At brokerage size (130 meetings, annealed compiled) the second core anneals too, from
    # its own seed, and the better schedule is kept; it used to anneal in one process only.
    parsed = parse_problem(brokerage_of_130())
    solution = solve(parsed, time_limit=6, workers=2, strategy="large")
    assert len(solution.stats["parallel_anneals"]) == 2
    assert verify(parsed, solution.to_json()) == []


def solve_in_a_daemon(data: dict[str, Any], answers) -> None:
    parsed = parse_problem(data)
    solution = solve(parsed, time_limit=6, workers=2, strategy="large")
    answers.put(("parallel_anneals" in solution.stats, verify(parsed, solution.to_json())))


def test_a_daemon_process_anneals_a_brokerage_in_itself():
    # A daemon process (a pool's worker) may not start processes: there the large strategy
    # anneals in the one process it has, and answers with a schedule keeping every rule.
    context = multiprocessing.get_context("fork")
    answers = context.Queue()
    worker = context.Process(
        target=solve_in_a_daemon, args=(brokerage_of_130(), answers), daemon=True
    )
    worker.start()
    try:
        assert answers.get(timeout=120) == (False, [])
    finally:
        worker.join(timeout=10)


def test_the_verifier_refuses_a_gap_that_does_not_match_the_bound():
    data = random_brokerage(3, participants=6, meetings=5, slots=4, tables=2)
    parsed = parse_problem(data)
    answer = solve(parsed, time_limit=4, workers=1).to_json()
    assert answer["objective"]["gap"] == 0  # small: proven
    answer["objective"]["gap"] += 1
    assert any("gap" in violation for violation in verify(parsed, answer))


def test_interchangeable_meetings_are_ordered_in_the_model_and_all_placed():
    # Three requests of the same pair with the same restrictions: one group in the model,
    # placed in slot order; the optimum (every meeting, no gap) is still found and proven.
    same = {"participants": ["a", "b"], "allowed_slots": ["s1", "s2", "s3", "s4"]}
    data = problem(
        n_slots=5,
        locations=[{"id": "table-1", "capacity": 1}, {"id": "table-2", "capacity": 1}],
        participants=("a", "b", "c"),
        meetings=(
            {"id": "m1", **same},
            {"id": "m2", **same},
            {"id": "m3", "participants": ["a", "c"]},
            {"id": "m4", **same},
        ),
        fairness=2,
    )
    parsed = parse_problem(data)
    instance = build_instance(parsed)
    model = ScheduleModel(instance, State(instance), list(range(4)), Options(fairness="hard"))
    assert model.groups == [[0, 1, 3]]
    assert model.canonical({0: 3, 1: None, 2: 0, 3: 1}) == {0: 1, 1: 3, 2: 0, 3: None}
    solution = solve(parsed, time_limit=10, workers=1, strategy="exact")
    assert verify(parsed, solution.to_json()) == []
    assert (solution.status, solution.unscheduled, solution.idle_gaps) == ("optimal", [], 0)


def solved_by_brute_force(data: dict[str, Any], fairness: int | None):
    """The brokerage under this fairness bound: parsed, its instance, brute force's optimum
    (priority, gaps; None when no schedule keeps every rule) and the top priority (every
    placeable meeting placed)."""
    data["objective"]["fairness_max_difference"] = fairness
    parsed = parse_problem(data)
    instance = build_instance(parsed)
    top = sum(instance.priority[m] for m in range(instance.n_meetings) if instance.domain[m])
    return parsed, instance, brute_force(parsed), top


@settings(SETTINGS, max_examples=80)
@given(data=brokerages(), fairness=st.sampled_from((None, 0, 1, 2)))
def test_the_question_at_most_k_gaps_answers_as_brute_force_does(data, fairness):
    # The exact path's feasibility questions (`ScheduleModel.limit_gaps`, run without the LP
    # relaxation): "every placeable meeting placed, at most K gaps?" is answered yes exactly
    # when brute force has such a schedule, for K from the participants' floors (where the
    # one-run encoding of zero-floor participants is on) upwards; every yes passes the verifier.
    parsed, instance, expected, top = solved_by_brute_force(data, fairness)
    must = must_meetings(instance, top)
    floors = alone_floors(instance, must, time.monotonic() + 10)
    assert all(a >= b for a, b in zip(floors, participant_floors(instance, must), strict=True))
    # Raised by the fairness bound, the floors stay below the optimum.
    floors = fair_floors(instance, must, floors)
    if expected is not None and expected[0] == top:
        assert sum(floors) <= expected[1]
    for total in range(sum(floors), sum(floors) + 3):
        model = ScheduleModel(
            instance,
            State(instance),
            list(range(instance.n_meetings)),
            Options(fairness=None if fairness is None else "hard"),
        )
        model.model.add(model.priority.expr() >= top)
        model.limit_gaps(floors, must, total)
        solver = make_solver(10, 1, linear=False)
        status = solver.solve(model.model)
        possible = expected is not None and expected[0] == top and expected[1] <= total
        if not possible:
            assert status == cp_model.INFEASIBLE
            continue
        assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        evaluation = evaluated(parsed, instance, model.chosen_starts(solver))
        assert evaluation.violations == []
        assert evaluation.scheduled_priority == top
        assert expected[1] <= evaluation.idle_gaps <= total


@settings(SETTINGS, max_examples=80)
@given(data=brokerages(), fairness=st.sampled_from((None, 0, 1, 2)))
def test_the_bound_from_cores_never_passes_the_optimum_and_its_schedule_is_one(data, fairness):
    # The core-guided bound (`solve.core_bound`: everyone at their floor, the participants of
    # each core CP-SAT names merged and allowed one gap more) against brute force: when every
    # meeting can be placed within the rules, the bound is at most the optimum, and the
    # schedule it returns (when the assumptions hold together) keeps every rule, places every
    # meeting and has exactly the optimum's gaps; given time, it always returns one.
    parsed, instance, expected, top = solved_by_brute_force(data, fairness)
    must = must_meetings(instance, top)
    floors = fair_floors(instance, must, alone_floors(instance, must, time.monotonic() + 10))
    stats: dict = {}
    bound, found = core_bound(instance, {}, floors, top, time.monotonic() + 20, 0, stats)
    if expected is None or expected[0] < top:
        assert found is None  # no schedule places every meeting within the rules
        return
    assert bound <= expected[1]
    assert found is not None
    evaluation = evaluated(parsed, instance, found)
    assert evaluation.violations == []
    assert evaluation.scheduled_priority == top
    assert evaluation.idle_gaps == bound == expected[1]
    assert len(stats["cores"]) == bound - sum(floors)


@settings(SETTINGS, max_examples=80)
@given(data=brokerages(), fairness=st.sampled_from((None, 0, 1, 2)))
def test_the_tables_bound_never_passes_the_optimum(data, fairness):
    # The tables' bound (`bounds.busy_bound`: each participant's busy slots, twice the
    # tables per slot at most, with the floors and the cores found) against brute force:
    # when every meeting can be placed within the rules, it is at most the optimum.
    parsed, instance, expected, top = solved_by_brute_force(data, fairness)
    if expected is None or expected[0] < top:
        return
    must = must_meetings(instance, top)
    floors = fair_floors(instance, must, alone_floors(instance, must, time.monotonic() + 10))
    cores: list = []
    core_bound(instance, {}, floors, top, time.monotonic() + 20, 0, {}, cores)
    assert busy_bound(instance, must, floors, cores, time.monotonic() + 10)[0] <= expected[1]


@settings(SETTINGS, max_examples=80)
@given(data=st.one_of(brokerages(), pinned_brokerages()), fairness=st.sampled_from((None, 0, 1, 2)))
def test_the_floors_one_meeting_short_never_pass_the_optimum(data, fairness):
    # For schedules leaving out at most one meeting (`bounds.one_short_floors`: for each
    # meeting that may be left out, the floors of everyone else with it optional): the total
    # is at most the fewest gaps brute force finds among them, and the question "at most
    # that many, everyone at least their floor?" is a yes (each floor holds in the optimum).
    parsed, instance, _expected, top = solved_by_brute_force(data, fairness)
    short = one_short_floors(instance, top - 1, time.monotonic() + 10)
    optional = [
        m for m in range(instance.n_meetings) if instance.domain[m] and not instance.required[m]
    ]
    assert (short is None) == (not optional)
    fewest = fewest_gaps_from(parsed, top - 1)
    if short is None or fewest is None:
        return
    total, floors = short
    assert total <= fewest
    model = ScheduleModel(
        instance,
        State(instance),
        list(range(instance.n_meetings)),
        Options(fairness=None if fairness is None else "hard"),
    )
    model.model.add(model.priority.expr() >= top - 1)
    model.limit_gaps(floors, must_meetings(instance, top - 1), fewest)
    assert make_solver(10, 1, linear=False).solve(model.model) in (
        cp_model.OPTIMAL,
        cp_model.FEASIBLE,
    )


def one_host_too_many() -> dict[str, Any]:
    """A host meets four guests at 9:00, 9:40, 10:20 and 11:00 (each guest's one slot), 3 gaps
    alone; another meets two at 9:00 and 9:40, 1 gap; the guests meet once. Within fairness
    2, not every meeting fits (a guest without a gap against the host's 3): the optimum
    leaves out one of the host's meetings, 2 + 1 gaps."""
    host = [("h", f"g{k}", f"s{2 * k + 1}") for k in range(4)]
    other = [("o", "x", "s1"), ("o", "y", "s3")]
    return problem(
        n_slots=7,
        locations=[{"id": f"table-{k}", "capacity": 1} for k in (1, 2)],
        participants=("h", "g0", "g1", "g2", "g3", "o", "x", "y"),
        meetings=tuple(
            {"id": f"m{i}", "participants": [a, b], "allowed_slots": [slot]}
            for i, (a, b, slot) in enumerate(host + other)
        ),
        fairness=2,
    )


def test_where_every_meeting_but_one_fits_the_bound_sees_all_the_others_placed():
    # The bound for schedules one meeting short was 0: with any meeting possibly the one
    # left out, no meeting counted as placed. It is the host's 2 gaps with one guest left
    # out and the other host's 1, and the question at it proves the optimum.
    parsed = parse_problem(one_host_too_many())
    instance = build_instance(parsed)
    assert one_short_floors(instance, 5, time.monotonic() + 10) == (3, [2, 0, 0, 0, 0, 1, 0, 0])
    heard: list[dict] = []
    solution = solve(parsed, time_limit=20, workers=1, strategy="exact", on_progress=heard.append)
    assert verify(parsed, solution.to_json()) == []
    assert (solution.status, len(solution.unscheduled), solution.idle_gaps) == ("optimal", 1, 3)
    assert solution.bound == 3
    # CP-SAT refused every meeting within fairness, then found a schedule one short.
    assert [ask["answer"] for ask in solution.stats["place_all"]] == ["INFEASIBLE", "OPTIMAL"]
    assert [ask.get("priority") for ask in solution.stats["place_all"]] == [None, 5]
    assert all(ask["gaps_at_most"] >= 3 for ask in solution.stats.get("floor_questions", []))
    # What the page hears: never a bound above the best schedule's gaps. The bound of
    # placing every meeting (the host's 3 gaps, everyone else raised to 1: 10) was told
    # beside schedules one short, which have fewer.
    told = [e for e in heard if e["gaps"] is not None and e["bound"] is not None]
    assert told
    assert all(e["bound"] <= e["gaps"] for e in told)


def hosts(n: int, tables: int) -> dict[str, Any]:
    """n hosts meet two guests each, all in slots 1-3 of four: 2n meetings."""
    return problem(
        n_slots=4,
        locations=[{"id": f"table-{k + 1}", "capacity": 1} for k in range(tables)],
        participants=tuple(
            [f"h{i}" for i in range(n)] + [f"g{i}-{j}" for i in range(n) for j in (1, 2)]
        ),
        meetings=tuple(
            {
                "id": f"h{i}-g{j}",
                "participants": [f"h{i}", f"g{i}-{j}"],
                "allowed_slots": ["s1", "s2", "s3"],
            }
            for i in range(n)
            for j in (1, 2)
        ),
        fairness=2,
    )


def test_the_tables_bound_sees_that_the_tables_part_a_host_s_meetings():
    # Three hosts meet two guests each in slots 1-3. Without a gap each host meets in slot 2,
    # and so does a guest of each: six in slot 2, where two tables hold four. So one host has
    # a gap, though each participant alone has none (floors 0) and with three tables there
    # is none. The bound sees it: a host busy in slot 2 needs a guest busy there too.
    for tables, least in ((2, 1), (3, 0)):
        parsed = parse_problem(hosts(3, tables))
        instance = build_instance(parsed)
        must = must_meetings(instance, 6)
        floors = participant_floors(instance, must)
        assert sum(floors) == 0
        assert busy_bound(instance, must, floors, [], time.monotonic() + 10) == (least, True)
        assert brute_force(parsed) == (6, least)


def test_a_schedule_at_the_tables_bound_is_answered_before_the_cores():
    # Ten hosts, two guests each, slots 1-3, seven tables: a host without a gap meets in
    # slot 2, which holds seven meetings, so three hosts have a gap (floors 0). The tables'
    # bound is asked first: it proves the first fair schedule optimal in a fraction of a
    # second, where the cores (up to a quarter of the time) would come first otherwise.
    # The first try has 1 % of the time: a long limit gives it seconds, so that a loaded
    # machine answers it too (at 20 s, 0.2 s was not enough there); the solve ends at the
    # proof.
    solution = solve(parse_problem(hosts(10, 7)), time_limit=300)
    assert solution.status == "optimal"
    assert (solution.idle_gaps, solution.bound) == (3, 3)
    assert [ask["bound"] for ask in solution.stats["busy_bound"]] == [3]
    assert "cores" not in solution.stats


def bench_event(k: int) -> dict[str, Any]:
    """Brokerage event k of `bench/meetings_b2b.py` (seed 1), as the benchmark writes it."""
    bench = runpy.run_path(str(Path(__file__).resolve().parents[2] / "bench" / "meetings_b2b.py"))
    return bench["generate"](bench["shape"](1, k), 1000 + k, 2, False, "participants")


def test_where_the_tables_see_more_than_the_floors_a_short_search_comes_before_the_cores():
    # The benchmark's event #15 (187 meetings, 27 tables, fairness 2): the floors total 7,
    # the tables' bound is 10 and the first fair schedule has 15 gaps. Everyone at their
    # floor is then impossible, and the cores found nothing for their whole quarter of the
    # time (15 s of 60) before the search reached 10 in a fraction of a second. Now a short
    # search comes first and reaches the bound: the optimum, proven, without the cores.
    parsed = parse_problem(bench_event(15))
    solution = solve(parsed, time_limit=60)
    assert verify(parsed, solution.to_json()) == []
    assert (solution.status, solution.idle_gaps, solution.bound) == ("optimal", 10, 10)
    assert "cores" not in solution.stats


def test_the_cores_stop_as_soon_as_the_search_aside_reaches_their_bound():
    # The benchmark's event #0 (296 meetings; the floors total 1). The cores ask CP-SAT on one
    # worker "everyone at their floor?", which it leaves unanswered for their whole quarter
    # of the time, and the second core would stay idle: now a search anneals there, told the
    # bound. Told a floor it is at already (its own gaps), it reaches it at once, and the
    # cores stop, though CP-SAT had a minute: no core, no schedule of theirs.
    instance = build_instance(parse_problem(bench_event(0)))
    fair = made_fair(instance, constructive(instance, 0), 0, None)
    top = sum(instance.priority)
    must = must_meetings(instance, top)
    floors = fair_floors(instance, must, alone_floors(instance, must, time.monotonic() + 10))
    started = time.monotonic()
    aside = Aside(instance, fair, 0, started + 60, fair.score().gaps)
    stats: dict = {}
    starts = dict(enumerate(fair.starts))
    assert core_bound(instance, starts, floors, top, started + 60, 0, stats, None, aside) == (
        sum(floors),
        None,
    )
    assert stats["cores"] == []
    assert time.monotonic() - started < 30  # stopped, not out of time
    assert aside.reached()
    gaps, schedule, excess = aside.finish()
    assert (gaps, excess) == (fair.score().gaps, 0)
    assert schedule == fair.starts


def test_a_search_aside_told_to_stop_answers_with_its_schedule_at_once():
    # Aiming at no gap at all (event #0 cannot: the floors total 1), the search would anneal
    # for its whole minute; told to stop, it answers at once with its best schedule, which
    # places what the first schedule did and keeps every rule but fairness (the caller
    # weighs it), and has not reached its floor.
    parsed = parse_problem(bench_event(0))
    instance = build_instance(parsed)
    first = constructive(instance, 0)
    started = time.monotonic()
    aside = Aside(instance, first, 0, started + 60, 0)
    result = aside.finish()
    assert result is not None and time.monotonic() - started < 30
    gaps, schedule, _excess = result
    assert not aside.reached()
    assert [s is None for s in schedule] == [s is None for s in first.starts]
    chosen = dict(enumerate(schedule))
    assert gaps == evaluated(parsed, instance, chosen).idle_gaps >= 1


def test_a_participant_with_no_gap_to_spare_meets_in_one_run():
    # At the floors' total, "a" (floor 0: four slots, three meetings) must meet in one run:
    # the one-run encoding leaves only runs of three slots, and the schedule found has none
    # of a's meetings apart.
    data = problem(
        n_slots=4,
        locations=[{"id": "table-1", "capacity": 1}, {"id": "table-2", "capacity": 1}],
        participants=("a", "b", "c", "d"),
        meetings=(
            {"id": "m1", "participants": ["a", "b"]},
            {"id": "m2", "participants": ["a", "c"]},
            {"id": "m3", "participants": ["a", "d"], "allowed_slots": ["s1", "s4"]},
        ),
        fairness=2,
    )
    parsed = parse_problem(data)
    instance = build_instance(parsed)
    must = must_meetings(instance, 3)
    floors = participant_floors(instance, must)
    assert floors == [0, 0, 0, 0]
    model = ScheduleModel(instance, State(instance), [0, 1, 2], Options(fairness="hard"))
    model.limit_gaps(floors, must, 0)
    solver = make_solver(10, 1, linear=False)
    assert solver.solve(model.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    slots = sorted(model.chosen_starts(solver).values())
    assert slots in ([0, 1, 2], [1, 2, 3])


@settings(SETTINGS, max_examples=40)
@given(data=brokerages(), fairness=st.sampled_from((None, 0, 1, 2)), fair=st.booleans())
def test_every_meeting_is_placed_by_the_first_question_exactly_when_brute_force_can(
    data, fairness, fair
):
    # The question asked when the constructive schedule leaves meetings out ("can every
    # placeable meeting be placed, fairness kept or not?"): a schedule exactly when brute
    # force places them all, and that schedule keeps every rule (fairness when asked).
    data["objective"]["fairness_max_difference"] = fairness
    instance = build_instance(parse_problem(data))
    data["objective"]["fairness_max_difference"] = fairness if fair else None
    parsed = parse_problem(data)
    expected = brute_force(parsed)
    top = sum(instance.priority[m] for m in range(instance.n_meetings) if instance.domain[m])
    found = place_all(instance, {}, time.monotonic() + 10, 1, 0, {}, fair=fair)
    if expected is None or expected[0] < top:
        assert found is None
        return
    assert found is not None
    evaluation = evaluated(parsed, instance, found)
    assert evaluation.violations == []
    assert evaluation.scheduled_priority == top
