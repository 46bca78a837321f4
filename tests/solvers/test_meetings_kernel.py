"""The compiled annealing (`kernel`): its tables, when it is used, and that it keeps its state
true to the schedule while it moves meetings around."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest

from summitry.solvers.meetings import kernel, local, parse_problem
from summitry.solvers.meetings.greedy import greedy_order, place_greedily
from summitry.solvers.meetings.instance import build_instance
from summitry.solvers.meetings.local import GAP_WEIGHT, MAX_CHAIN, LocalSearch, cost_of_mask
from summitry.solvers.meetings.state import State, gaps_of_mask
from tests.solvers.test_meetings_model import meeting, problem
from tests.solvers.test_meetings_solver import evaluated, random_event


def spelled_cost(pattern: str) -> int:
    """The search's cost of one block, from its pattern ("#" busy, "." not): GAP_WEIGHT per
    gap, plus the slots of the busy stretch outside its longest run."""
    stretch = pattern.strip(".")
    runs = [len(run) for run in stretch.split(".") if run]
    return GAP_WEIGHT * (len(runs) - 1) + len(stretch) - max(runs) if runs else 0


def spelled_ends(pattern: str) -> set[int]:
    """The slots a meeting leaves a run from to close a gap: the first and last of each run
    shorter than the longest, or of every run when all are equally long."""
    runs = [(m.start(), m.end() - 1) for m in re.finditer("#+", pattern)]
    longest = max((last - first + 1 for first, last in runs), default=0)
    short = [run for run in runs if run[1] - run[0] + 1 < longest] or runs
    return {slot for run in short for slot in run}


def bits_of(pattern: str) -> int:
    return sum(1 << i for i, c in enumerate(pattern) if c == "#")


def test_the_tables_hold_every_patterns_cost_gaps_and_ends():
    length = 9
    cost, gaps, ends = local.block_tables(length)
    block = [(1 << length) - 1]
    for bits in range(1 << length):
        pattern = "".join("#" if bits >> i & 1 else "." for i in range(length))
        assert cost[bits] == spelled_cost(pattern) == cost_of_mask(bits, block)
        assert gaps[bits] == gaps_of_mask(bits, block)
        assert ends[bits] == sum(1 << i for i in spelled_ends(pattern))
    assert (cost[0b101], gaps[0b101]) == (GAP_WEIGHT + 2, 1)  # one idle slot, a run of one


def test_each_step_of_moving_a_short_run_to_the_long_one_costs_less():
    # A participant away in the fourth slot: their first two meetings move one by one to the
    # end of the longer run. Each step costs less, so the search is led to the schedule
    # without a gap, which hole-filling cannot reach (the hole is the slot they are away).
    steps = ["##.####..", ".#.#####.", "...######"]
    costs = [local.cost_of_mask(bits_of(step), [0b111111111]) for step in steps]
    assert costs == [GAP_WEIGHT + 3, GAP_WEIGHT + 2, 0]


def arrays_of(search: LocalSearch, longest_block: int) -> kernel.Search:
    """The compiled search's arrays for a local search's schedule."""
    return kernel.build(
        search.instance,
        search.state,
        search.movable,
        search.allowed,
        search.usable,
        search.plain_unions,
        MAX_CHAIN,
        local.block_tables(longest_block),
    )


def stranded():
    """Participant P, away in slot s4, meets A–E in s2, s3 and s5, s6, s7 (a gap across s4);
    day 1 is s1–s7, day 2 s8–s14, where P has nothing yet."""
    data = problem(
        n_slots=14,
        blocks=2,
        locations=[{"id": "table", "capacity": 4}],
        participants=({"id": "P", "unavailable": ["s4"]}, "A", "B", "C", "D", "E"),
        meetings=tuple(meeting(f"m{q}", "P", q) for q in "ABCDE"),
    )
    instance = instance_of(data)
    state = State(instance)
    for m, s in enumerate((1, 2, 4, 5, 6)):
        state.place(m, s)
    return instance, state


# What may move for P: the meetings of the shorter run (in s2 and s3), next to a run (s1;
# never s4, where P is away) or anywhere on day 2, where P has no meeting.
MOVES = {(m, b) for m in (0, 1) for b in (0, *range(7, 14))}


def test_the_compiled_search_moves_a_runs_end_next_to_a_run_or_to_an_empty_day():
    instance, state = stranded()
    search = LocalSearch(instance, state, 0)
    arrays = arrays_of(search, 7)  # blocks of seven slots
    kernel.seed(5)
    drawn = set()
    for _ in range(2_000):
        m, b = kernel._extend(
            arrays.who,
            arrays.busyb,
            arrays.usable,
            arrays.block_slot,
            arrays.block_len,
            arrays.gap_table,
            arrays.ends_table,
            0,
            -1,
        )
        drawn.add((int(m), int(b)))
    assert drawn == MOVES


def test_the_python_search_moves_a_runs_end_next_to_a_run_or_to_an_empty_day():
    instance, state = stranded()
    search = LocalSearch(instance, state, 0)
    drawn = set()
    for _ in range(2_000):
        moves = search._extend(0)
        assert moves is not None  # A–E are free everywhere: one meeting moves
        ((m, a, b),) = moves
        assert state.starts[m] == a
        drawn.add((m, b))
    assert drawn == MOVES
    # Without a gap, there is nothing to extend.
    state.remove(0)
    state.remove(1)
    assert LocalSearch(instance, state, 0)._extend(0) is None


def instance_of(data):
    return build_instance(parse_problem(data))


@pytest.fixture
def small_events_compiled(monkeypatch):
    """Compile the search for events of any size (by default only from COMPILED_MEETINGS)."""
    monkeypatch.setattr(local, "COMPILED_MEETINGS", 0)


def test_large_plain_events_without_fairness_are_compiled_others_are_not():
    large = random_event(
        seed=1,
        participants=400,
        meetings=local.COMPILED_MEETINGS,
        n_slots=12,
        rooms=60,
        fairness=None,
    )
    assert LocalSearch(instance_of(large), State(instance_of(large)), 0).compiled
    plain = random_event(seed=1, participants=20, meetings=30, n_slots=12, rooms=5, fairness=None)
    assert not LocalSearch(instance_of(plain), State(instance_of(plain)), 0).compiled  # small


def test_plain_events_are_compiled_with_or_without_fairness_others_are_not(
    small_events_compiled,
):
    plain = random_event(seed=1, participants=20, meetings=30, n_slots=12, rooms=5, fairness=None)
    assert LocalSearch(instance_of(plain), State(instance_of(plain)), 0).compiled
    # Under a fairness bound the compiled search anneals the gaps, then Python the spread.
    fair = random_event(seed=1, participants=20, meetings=30, n_slots=12, rooms=5, fairness=2)
    assert LocalSearch(instance_of(fair), State(instance_of(fair)), 0).compiled
    resource = random_event(
        seed=1, participants=20, meetings=30, n_slots=12, rooms=5, fairness=None
    )
    resource["resources"] = [{"id": "interp", "capacity": 1}]
    resource["meetings"][0]["needs"] = ["interp"]
    assert not LocalSearch(instance_of(resource), State(instance_of(resource)), 0).compiled


def test_long_blocks_and_other_rules_stay_in_python():
    data = random_event(seed=1, participants=10, meetings=10, n_slots=12, rooms=5, fairness=None)
    instance = instance_of(data)
    assert kernel.usable(instance, True)
    assert not kernel.usable(instance, False)  # resources, order or several kinds
    # More slots in a block than the tables hold.
    instance.block_slots = [list(range(kernel.MAX_BLOCK + 1))]
    assert not kernel.usable(instance, True)


def consistent(arrays: kernel.Search, instance) -> None:
    """Everything the arrays keep follows from their current starts."""
    state = State(instance)
    for m, s in enumerate(arrays.starts):
        if s >= 0:
            assert state.fits(m, int(s)), f"meeting {m} clashes in slot {s}"
            state.place(m, int(s))
    who = np.full_like(arrays.who, -1)
    for m, s in enumerate(arrays.starts):
        if s >= 0:
            who[instance.parts[m], s] = m
    assert (who == arrays.who).all()
    for p in range(instance.n_participants):
        for k, slots in enumerate(instance.block_slots):
            assert arrays.busyb[p, k] == (state.busy[p] >> slots[0]) & ((1 << len(slots)) - 1)
        assert arrays.gaps[p] == state.gaps(p)
    assert arrays.total[0] == sum(state.gaps(p) for p in range(instance.n_participants))
    assert (arrays.load[0] == np.array(state.union_load[0])).all()
    assert (arrays.load[0] <= arrays.capacity[0]).all()


@pytest.mark.parametrize("temperature", [5.0, 0.05])
def test_annealing_keeps_its_state_true_and_remembers_the_best(temperature, small_events_compiled):
    data = random_event(seed=4, participants=150, meetings=240, n_slots=12, rooms=25, fairness=None)
    # Some meetings may not move: a fixed one, and the compiled chains must go round them.
    data["meetings"][0]["fixed_slot"] = "s2"
    data["participants"][0]["unavailable"] = []
    data["participants"][1]["unavailable"] = []
    instance = instance_of(data)
    state = State(instance)
    place_greedily(instance, state, greedy_order(instance))
    search = LocalSearch(instance, state, 1)
    assert search.compiled
    arrays = arrays_of(search, 6)  # two blocks of six slots
    fixed_at = arrays.starts[0]
    before = int(arrays.total[0])
    pool = np.array(search.movable_placed(), dtype=np.int64)
    kernel.seed(7)
    steps = kernel.anneal(arrays, 20_000, temperature, 0, -1, pool, MAX_CHAIN)
    assert steps >= 256
    assert arrays.counters[1] > 0  # moves were made
    consistent(arrays, instance)
    assert arrays.starts[0] == fixed_at
    assert arrays.best[0] <= min(before, int(arrays.total[0]))
    # The best schedule seen is a valid schedule with the gaps it claims.
    best = State(instance)
    for m, s in enumerate(kernel.best_schedule(arrays)):
        if s is not None:
            best.place(m, s)
    evaluation = evaluated(instance, best)
    assert evaluation.violations == []
    assert evaluation.idle_gaps == arrays.best[0]


def test_the_compiled_annealing_closes_gaps_within_a_block(small_events_compiled):
    data = random_event(seed=6, participants=40, meetings=90, n_slots=12, rooms=12, fairness=None)
    instance = instance_of(data)
    state = State(instance)
    place_greedily(instance, state, greedy_order(instance))
    search = LocalSearch(instance, state, 3)
    search.block = 1
    outside = {m: s for m, s in enumerate(state.starts) if s is not None and s < 6}
    before = search.total_gaps()
    search.anneal(time.monotonic() + 5, 0, 5.0, per_meeting=2_000)
    assert search.total_gaps() <= before
    # Meetings of the other block stayed where they were.
    assert {m: s for m, s in enumerate(state.starts) if s is not None and s < 6} == outside
    evaluation = evaluated(instance, state)
    assert evaluation.violations == []
    assert evaluation.idle_gaps == search.total_gaps()
