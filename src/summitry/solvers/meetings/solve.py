"""The scheduler: one exact CP-SAT model for small and medium problems, greedy + local search
+ CP-SAT neighbourhoods for large ones.

Objective, lexicographic: every required meeting scheduled (else "infeasible", with a
reason naming the meetings that cannot all be placed); then the total priority of scheduled
meetings maximised; then the total of idle gaps minimised, subject to fairness.

Fairness counts only participants with at least one scheduled meeting: over them, the
largest number of idle gaps minus the smallest must not exceed `fairness_max_difference`.
A participant without a meeting has no day to be idle in; counting them as 0 would hold
everyone else to the bound and turn "give Seoul one more meeting" into a fairness question.
Fairness is a hard rule, so it may cost priority (an optional meeting left out) too.

Both paths begin with a constructive schedule (`constructive`: greedy, then every meeting
inserted that fits) and its copy within the fairness bound (`made_fair`: optional meetings
dropped until it holds), so that an answer is never "unknown" when optional meetings could
simply be left out. `progress` records when the first schedule keeping every rule, the best
one and the proof were found; answers say `optimal` only when proven, with the bound and the
gap to it otherwise.

The exact path: the constructive schedule first; then the bound (`_floors`: the interaction
bound of `bounds.interaction_bound`, joint models of a few participants, or the sum of each
participant's exact floor alone raised by the fairness bound, whichever is larger). When the
constructive schedule leaves meetings out, CP-SAT without the LP is asked "can every
placeable meeting be placed, fairness kept?" (`place_all`; a yes is the priority optimum,
far sooner than maximising the priority with the LP). Where that is refused, CP-SAT with the
LP is asked for a schedule one meeting short (`_one_short`): found, it is the priority
optimum, and the search aims at it with its own bound (`_floors_at`: for each meeting that
may be the one left out, everyone's floor with every other meeting placed, the smallest
total; without it no meeting counts as placed and the bound is 0); the cores and the tables'
bound below are for placing every meeting and are then not asked. Then, for EARLY_SHARE of
the time, the bound rises by unsatisfiable cores (`core_bound`: everyone at their floor is
assumed; each core CP-SAT names merges its participants' terms and adds one gap), which on
many events finds a schedule at the bound in a few seconds (the optimum, proven). The cores
take one worker: meanwhile the second core anneals aside (`local.Aside`, at one
temperature), told the bound as the cores raise it; a schedule there within the rules is the
optimum, and the cores stop. The local search (compiled annealing in parallel processes when
it applies, then Python annealing and polishing) gets HINT_SHARE of the time and stops on
reaching the bound, which proves the optimum. The tables' bound (`bounds.busy_bound`: each
participant's busy slots, twice the tables per slot at most, with the floors and the cores)
sees what the tables cost, which the cores (CDCL without counting) do not reach. When the
first schedule is above the bound, it is asked very briefly before the cores
(FIRST_BUSY_SHARE of the time: a fair schedule at it is the optimum at once; above the
floors, a short search aims at it first, EARLY_SEARCH_SHARE), and again after them
(EARLY_BUSY_SHARE, with the cores found), so that the search stops as soon as it reaches it;
when the search ends above the bound and those tries did not finish, again for BUSY_SHARE of
the time left; reaching a schedule's gaps, it proves it optimal. Otherwise the priority
stage if still needed, then `_raise_floor` asks CP-SAT (without the LP relaxation) "at most
K gaps?" for K = the floor, the floor + 1, ...: each "no" raises the proven bound, a "yes"
is the optimum, proven; at the sum of the participants' floors everyone is held to their
floor, and those with none to spare meet in one run; each participant's day is also read by
an automaton of runs, busy slots and gaps (`ScheduleModel.limit_gaps`, `run_automaton`). The
gaps stage (CP-SAT with the LP, hinted) gets what is left and stops at the bound. Identical
tables are counted per slot (`Instance.unions`), tables assigned afterwards (`locations`);
interchangeable meetings are ordered (`ScheduleModel._break_symmetry`).

The large path: the constructive schedule (up to QUESTION_MEETINGS meetings, `place_all`
when it leaves meetings out), then the same bound (BOUND_SHARE of the time for each part),
up to QUESTION_MEETINGS meetings the cores' bound (the search aside beside them) and the
same questions "at most K gaps?" (at most QUESTION_SHARE of the time), then local search:
simulated annealing over Kempe chains. Plain instances (one kind of location, no resources,
no order) anneal compiled (`kernel`), the whole schedule in each process from its own seed,
and the best is kept (in one process inside a daemon process, such as a pool's worker, which
may not fork); up to QUESTION_MEETINGS meetings, as on the exact path, for
PARALLEL_HINT_SHARE of the search's time, then annealed again from a cooler start and
polished. Under a fairness bound the compiled search anneals the gaps and Python then the
spread of gaps. Otherwise the annealing runs in Python, followed by steepest descent for the
participants with gaps (`LocalSearch.polish`), re-annealed from a lower temperature and
polished again while time is left; without fairness, each block in its own process once
meetings have settled into blocks. Above the bound with every meeting placed (up to
QUESTION_MEETINGS), the tables' bound as on the exact path; CP-SAT neighbourhoods get what
is left."""

from __future__ import annotations

import contextlib
import math
import multiprocessing
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from . import verify
from .bounds import (
    alone_floors,
    busy_bound,
    fair_floors,
    gap_lower_bound,
    interaction_bound,
    must_meetings,
    one_short_floors,
)
from .cpsat import Options, ScheduleModel, make_solver
from .diagnose import explain_infeasibility
from .greedy import greedy_order, place_greedily
from .instance import Instance, build_instance
from .lns import Search
from .local import HOT, REHEAT, Aside, LocalSearch, anneal_blocks, anneal_in_parallel, move
from .locations import assign_locations
from .model import Problem
from .progress import Progress, Recorder
from .solution import Assignment, Solution
from .state import State

# Up to this many (meeting, start slot) candidates one CP-SAT model handles the whole problem.
EXACT_CANDIDATES = 2_500
# Share of a large instance's time for local search; CP-SAT neighbourhoods get the rest.
LOCAL_SHARE = 0.95
# The exact path's first schedule: local search for at most this share of the time; not
# below HINT_MEETINGS meetings, which CP-SAT settles at once anyway.
HINT_SHARE, HINT_MEETINGS = 0.6, 20
# Of that time, the share for compiled annealing in parallel processes (when it applies).
PARALLEL_HINT_SHARE = 0.7
# From this many movable meetings (and without fairness), blocks anneal in parallel after the
# first GLOBAL_SHARE of the local search, in which meetings may still change blocks.
PARALLEL_MEETINGS = 1_000
GLOBAL_SHARE = 0.3
# Share of the time left for each of the exact path's questions "at most K gaps?".
FLOOR_SHARE = 0.7
# Share of the time for the exact path's core-guided bound (`core_bound`), before the local
# search.
EARLY_SHARE = 0.25
# Share of the time left after the local search for the tables' bound (`busy_bound`), and of
# the time left before it for a first, short try (which often settles it).
BUSY_SHARE, EARLY_BUSY_SHARE = 0.25, 0.05
# Share of the time for the tables' bound before the cores: what it settles at once (a fair
# schedule at it), without holding up the cores, which settle other events in a second or two.
# On b2b #4 it needs 0.9-1.6 s (2 cores, Intel Xeon): 2 % (1.2 s) missed it in two runs of three.
FIRST_BUSY_SHARE = 0.03
# Share of the time for a short search before the cores when the tables' bound is above the
# floors (everyone at their floor is then impossible): on brokerage events it often reaches
# that bound at once, where the cores find nothing for their whole share. Not below
# EARLY_SEARCH_MEETINGS meetings, where the cores settle the event in a fraction of a second.
EARLY_SEARCH_SHARE, EARLY_SEARCH_MEETINGS = 0.05, 100
# Large events up to this many meetings (brokerage events) ask the questions first, for at
# most this share of the time.
QUESTION_MEETINGS, QUESTION_SHARE = 1_000, 0.15
# Share of the time left for the question "can every placeable meeting be placed?" when the
# constructive schedule leaves some out.
PLACE_ALL_SHARE = 0.3
# Share of a large instance's time for the interaction bound (joint models of few participants).
BOUND_SHARE = 0.05
# Share of the time left for the floors of schedules one meeting short (`one_short_floors`:
# a tiny model per participant of a meeting that may be left out, a second or two).
SHORT_SHARE = 0.1


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    workers: int = 2,
    seed: int = 0,
    strategy: str = "auto",
    on_progress: Callable[[dict], None] | None = None,
) -> Solution:
    """Schedule the problem's meetings within `time_limit` seconds (wall clock, roughly).
    `strategy` is "auto", "exact" (one CP-SAT model) or "large" (greedy, local search and
    CP-SAT neighbourhoods; exact anyway when locations must be modelled one by one).
    `on_progress` hears of each better schedule and bound as they are found (`Progress`)."""
    progress = Progress(on_progress)
    deadline = time.monotonic() + time_limit
    instance = build_instance(problem)
    stuck = [
        m for m in range(instance.n_meetings) if instance.required[m] and m in instance.empty_reason
    ]
    if stuck:
        m = stuck[0]
        reason = (
            f'required meeting "{problem.meetings[m].id}" cannot be placed: '
            f"{instance.empty_reason[m]}"
        )
        return _without_schedule(problem, "infeasible", reason)
    candidates = sum(len(d) for d in instance.domain)
    # Locations modelled one by one (multi-slot meetings among differently restricted
    # locations) only fit the exact model.
    if (
        strategy == "exact"
        or instance.explicit_locations
        or (strategy == "auto" and candidates <= EXACT_CANDIDATES)
    ):
        return _exact(instance, deadline, workers, seed, progress)
    return _large(instance, deadline, workers, seed, progress)


def _without_schedule(
    problem: Problem, status: str, reason: str, stats: dict | None = None
) -> Solution:
    return Solution(
        status=status,
        unscheduled=[m.id for m in problem.meetings],
        reason=reason,
        stats=stats or {},
    )


def constructive(instance: Instance, seed: int) -> State:
    """A schedule at once, always: greedy, then every unplaced meeting inserted where it fits
    (moving one blocker aside if need be). It may exceed the fairness bound (`made_fair`)."""
    state = State(instance)
    place_greedily(instance, state, greedy_order(instance))
    LocalSearch(instance, state, seed).insert_unplaced(keep_fair=False)
    return state


def made_fair(
    instance: Instance, state: State, seed: int, progress: Progress | None = None
) -> State:
    """A copy of the schedule within the fairness bound: optional meetings dropped until it
    holds. Recorded in `progress` when it keeps every rule."""
    fair = _copy(instance, state.starts)
    local = LocalSearch(instance, fair, seed)
    if local.excess():
        local.drop_for_fairness()
        local.force_fairness()
    _record(progress, fair)
    return fair


def _record(progress: Progress | None, state: State) -> None:
    score = state.score()
    if progress is not None and not score.missing_required and not score.excess:
        progress.found(score.priority, score.gaps)


def _copy(instance: Instance, starts: list[int | None]) -> State:
    state = State(instance)
    for m in instance.topological:
        if starts[m] is not None:
            state.place(m, starts[m])  # type: ignore[arg-type]
    return state


def _exact(
    instance: Instance, deadline: float, workers: int, seed: int, progress: Progress
) -> Solution:
    problem = instance.problem
    fairness = "hard" if problem.objective.fairness_max_difference is not None else None
    free = list(range(instance.n_meetings))
    model = ScheduleModel(instance, State(instance), free, Options(fairness=fairness))
    stats: dict = {
        "strategy": "exact",
        "candidates": sum(len(d) for d in instance.domain),
    }
    top = sum(instance.priority[m] for m in range(instance.n_meetings) if instance.domain[m])
    # The priority the search aims at: every meeting placed, until that is refused and a
    # schedule one meeting short is found (`_one_short`: then the priority optimum).
    goal = top
    priority = model.priority.expr()
    starts: dict[int, int | None] = {}
    locations: dict[int, int] = {}
    priority_optimal = False
    fallback: list[int | None] | None = None  # a schedule keeping every rule, if any
    # Per priority held: the bound on gaps and each participant's fewest gaps alone.
    known_floors: dict[int, tuple[int, list[int]]] = {}
    # The cores' bound for placing every meeting: used once such a schedule is known.
    cored = 0
    cores: list[tuple[frozenset[int], int]] = []
    tables_final = False  # the tables' bound known (asking again cannot raise it)
    if not instance.explicit_locations:
        # A constructive schedule and a short local search find good schedules far sooner
        # than CP-SAT does; the model then starts from one, to prove it optimal or improve it.
        first = constructive(instance, seed)
        fair = made_fair(instance, first, seed, progress)
        if not fair.score().missing_required:
            fallback = list(fair.starts)
        # The bound first (a few seconds at most), so that the search stops when it reaches it.
        floor, alone = _floors(instance, must_meetings(instance, top), deadline, workers)
        known_floors[top] = (floor, alone)
        progress.bounded(floor, top)
        if first.score().priority < top:
            # Meetings left out: ask whether every placeable one fits (a feasibility question
            # without the LP, far quicker than maximising the priority with it), first
            # without fairness (quicker still; the annealing below restores the bound).
            found = place_all(
                instance,
                dict(enumerate(first.starts)),
                deadline,
                workers,
                seed,
                stats,
                fair=False,
            )
            if found is not None:
                first = _copy(instance, [found.get(m) for m in range(instance.n_meetings)])
                if first.score().excess:
                    # Outside the fairness bound: CP-SAT with fairness, from this schedule.
                    kept = place_all(instance, found, deadline, workers, seed, stats)
                    if kept is not None:
                        first = _copy(instance, [kept.get(m) for m in range(instance.n_meetings)])
                    elif _refused(stats):  # not every meeting fits within fairness
                        first = _copy(instance, fair.starts)
                        short = _one_short(
                            instance, found, stats, deadline=deadline, workers=workers, seed=seed
                        )
                        if short is not None:
                            goal, first, known_floors[goal] = short
                            floor = known_floors[goal][0]
                if not first.score().excess:
                    fair = _copy(instance, first.starts)
                    fallback = list(first.starts)
                _record(progress, first)
        if instance.n_meetings >= HINT_MEETINGS and not _refused(stats):
            # Above the bound, the tables' bound first, very briefly: reaching the fair
            # schedule's gaps, it proves it optimal at once.
            tables = 0
            placed_all, kept = first.score(), fair.score()
            if placed_all.priority == top and placed_all.gaps > floor:
                tables, tables_final = _tables_bound(
                    instance, top, alone, cores, deadline, workers, stats, FIRST_BUSY_SHARE
                )
                if (
                    tables > floor
                    and instance.n_meetings >= EARLY_SEARCH_MEETINGS
                    and not (_keeps_all(kept, top) and kept.gaps <= tables)
                ):
                    # The tables see more than the floors: everyone at their floor is
                    # impossible, so the cores below could only raise the bound (slowly, where
                    # they find nothing for their whole share); a short search first may
                    # reach the tables' bound.
                    now = time.monotonic()
                    end = now + EARLY_SEARCH_SHARE * (deadline - now)
                    _search(instance, first, fair, seed, end, workers, tables, progress)
                for state in (fair, first):
                    if _keeps_all(state.score(), top) and state.score().gaps <= tables:
                        floor = _raised(known_floors, top, tables, progress)
                        stats["local_search"] = "optimal"
                        progress.proved()
                        return _answer(instance, state.starts, {}, True, floor, stats, progress)
            # The bound for placing every meeting, raised by cores, briefly, before the
            # local search: on many events a schedule with every participant at their floor
            # exists and CP-SAT finds it in a second or two (the optimum, proven), or proves
            # that a few participants cannot all be there (the bound rises by one each);
            # far sooner than the local search gets there. When no schedule places every
            # meeting within fairness, the bound is not used (nor claimed).
            cored, applies, answer = _cores_first(
                instance,
                first,
                fair,
                alone,
                top,
                max(floor, tables),
                deadline,
                workers,
                seed,
                stats,
                progress,
                cores,
            )
            if answer is not None:
                return answer
            if (
                (cores or not tables_final)
                and placed_all.priority == top
                and placed_all.gaps > max(floor, cored, tables)
            ):
                # Again, longer and with the cores found: where it reaches the optimum, the
                # search below stops as soon as it finds a schedule there.
                again, tables_final = _tables_bound(
                    instance, top, alone, cores, deadline, workers, stats, EARLY_BUSY_SHARE
                )
                tables = max(tables, again)
            cored = max(cored, tables)
            if applies:
                floor = _raised(known_floors, top, cored, progress)
        hint_end = time.monotonic() + HINT_SHARE * (deadline - time.monotonic())
        # The bound holds for schedules placing everything; with fewer, the search goes on.
        target = floor if first.score().priority == goal else 0
        if instance.n_meetings >= HINT_MEETINGS:
            _search(instance, first, fair, seed, hint_end, workers, target, progress)
        kept = first.score()
        if (kept.excess or kept.missing_required or kept.priority < goal) and not _refused(stats):
            # The annealing did not bring everything within the rules: ask CP-SAT with
            # fairness, from the best schedule known.
            found = place_all(
                instance, dict(enumerate(first.starts)), deadline, workers, seed, stats
            )
            if found is not None:
                first = _copy(instance, [found.get(m) for m in range(instance.n_meetings)])
                _record(progress, first)
                closed = _closed_gaps(instance, dict(enumerate(first.starts)), deadline, seed)
                first = _copy(instance, [closed.get(m) for m in range(instance.n_meetings)])
                _record(progress, first)
            elif _refused(stats):  # not every meeting fits within fairness: one short?
                short = _one_short(
                    instance,
                    dict(enumerate(first.starts)),
                    stats,
                    deadline=deadline,
                    workers=workers,
                    seed=seed,
                )
                if short is not None:
                    goal, first, known_floors[goal] = short
                    _record(progress, first)
        if first.score().key() > fair.score().key():
            first = fair
        score = first.score()
        stats["hint"] = {
            "seconds": round(progress.now(), 2),
            "placed": sum(s is not None for s in first.starts),
            "gaps": score.gaps,
            "excess": score.excess,
        }
        if not score.missing_required and not score.excess:
            fallback = list(first.starts)
        starts = dict(enumerate(first.starts))
        if not score.missing_required and not score.excess and score.priority == goal:
            # Every placeable meeting placed within the rules (or all but one, where placing
            # all is refused): the priority optimum, and a feasible hint for the gaps stage.
            priority_optimal = True
            # The cores' bound is for placing every meeting.
            floor = _raised(known_floors, goal, cored if goal == top else 0, progress)
            if (
                goal == top
                and score.gaps > floor
                and instance.n_meetings >= HINT_MEETINGS
                and not tables_final
            ):
                tables, tables_final = _tables_bound(
                    instance, top, alone, cores, deadline, workers, stats, BUSY_SHARE
                )
                floor = _raised(known_floors, top, tables, progress)
            if score.gaps <= floor:
                stats["local_search"] = "optimal"
                progress.proved()
                return _answer(instance, first.starts, {}, True, floor, stats, progress)
    if not priority_optimal:
        if starts:
            model.hint(starts)  # CP-SAT repairs what the greedy schedule gets wrong
        model.model.maximize(priority)
        if _refused(stats):
            # Not every meeting fits: one short is the most there can be, and CP-SAT stops
            # as soon as it finds that.
            model.model.add(priority <= _short_of(instance, top))
        solver = make_solver((deadline - time.monotonic()) / 2, workers, seed)
        status = solver.solve(model.model, Recorder(progress, "priority"))
        if status == cp_model.INFEASIBLE:
            return _without_schedule(
                problem, "infeasible", explain_infeasibility(instance, deadline, seed)
            )
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            if fallback is not None:
                # CP-SAT found nothing in time: the constructive schedule is the answer.
                stats["cp_sat"] = "no schedule in time; the constructive one kept"
                everything = all(
                    fallback[m] is not None
                    for m in range(instance.n_meetings)
                    if instance.domain[m]
                )
                # Every placeable meeting placed: the per-participant bound holds.
                bound = (
                    gap_lower_bound(instance, must_meetings(instance, top)) if everything else None
                )
                return _answer(instance, fallback, {}, False, bound, stats, progress)
            return _without_schedule(
                problem, "unknown", "no schedule was found within the time limit"
            )
        # Every placeable meeting placed is the optimum even when CP-SAT has not proven it.
        priority_optimal = status == cp_model.OPTIMAL or round(solver.objective_value) == top
        starts = model.chosen_starts(solver)
        locations = model.chosen_locations(solver)
        if not instance.explicit_locations:
            starts = _closed_gaps(instance, starts, deadline, seed)
        best_priority = round(solver.objective_value)
    else:
        best_priority = goal
    # Gaps every schedule of this priority has anyway: lets CP-SAT stop once it reaches them.
    floor = 0
    alone: list[int] | None = None
    if priority_optimal:
        if best_priority not in known_floors:
            known_floors[best_priority] = _floors_at(instance, best_priority, deadline, workers)
        floor, alone = known_floors[best_priority]
        progress.bounded(floor, best_priority)
    if priority_optimal and not instance.explicit_locations:
        raised = _raise_floor(
            instance,
            starts,
            floor,
            best_priority,
            deadline,
            workers,
            seed,
            progress,
            stats,
            alone,
        )
        floor, starts, proven = raised
        progress.bounded(floor, best_priority)
        if proven:
            ordered = [starts.get(m) for m in range(instance.n_meetings)]
            return _answer(instance, ordered, {}, True, floor, stats, progress)
    model.model.add(priority >= best_priority)
    model.model.add(model.gaps.expr() >= floor)
    model.model.minimize(model.gaps.expr())
    model.hint(starts)
    for m, zs in model.z.items():
        for (s, loc), z in zs.items():
            model.model.add_hint(z, starts.get(m) == s and locations.get(m) == loc)
    solver = make_solver(deadline - time.monotonic(), workers, seed)
    status = solver.solve(model.model, Recorder(progress, "gaps", best_priority))
    gaps_optimal = status == cp_model.OPTIMAL
    bound = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        starts = model.chosen_starts(solver)
        locations = model.chosen_locations(solver)
        if priority_optimal:
            bound = math.ceil(solver.best_objective_bound - 1e-6)
    if priority_optimal:
        bound = max(bound or 0, floor)
    ordered = [starts.get(m) for m in range(instance.n_meetings)]
    return _answer(
        instance,
        ordered,
        locations,
        priority_optimal and gaps_optimal,
        bound,
        stats,
        progress,
    )


def _search(
    instance: Instance,
    first: State,
    fair: State,
    seed: int,
    end: float,
    workers: int,
    target: int,
    progress: Progress,
) -> None:
    """The local search from `first` (the schedule placing the most; `fair` its copy within
    the fairness bound) until `end` or `target` gaps, in place: annealing brings it within
    fairness, compiled annealing in parallel processes when it applies."""
    search = LocalSearch(instance, first, seed)
    kept = fair.score()
    if kept.missing_required or kept.excess or kept.key() > first.score().key():
        # The fair copy breaks a rule or leaves meetings out: anneal only until the fairness
        # bound holds (any number of gaps will do), for an earlier schedule keeping every rule.
        search.anneal(end, instance.n_participants * instance.n_slots, HOT)
        _record(progress, first)
    if search.compiled and _may_fork(workers) and (search.excess() or search.total_gaps() > target):
        _anneal_in_parallel_then_polish(instance, first, seed, end, workers, target, progress)
    else:
        search.improve(end, target, HOT)
    _record(progress, first)


def _may_fork(workers: int) -> bool:
    """Whether the search may anneal in several processes: more than one worker, and not
    inside a daemon process (a pool's worker), which may not start processes."""
    return workers > 1 and not multiprocessing.current_process().daemon


def _anneal_in_parallel_then_polish(
    instance: Instance,
    state: State,
    seed: int,
    end: float,
    workers: int,
    floor: int,
    progress: Progress | None = None,
) -> tuple[list[int], int, int]:
    """Compiled annealing of the whole schedule in each process, each from its own seed, the
    best kept (PARALLEL_HINT_SHARE of the time to `end`); then annealed again from a cooler
    start and polished until `end`. Returns what `anneal_in_parallel` does."""
    now = time.monotonic()
    result = anneal_in_parallel(
        instance, state, seed, now + PARALLEL_HINT_SHARE * (end - now), workers, floor
    )
    _record(progress, state)
    LocalSearch(instance, state, seed).improve(end, floor, HOT * REHEAT)
    return result


def _cores_first(
    instance: Instance,
    state: State,
    fair: State,
    alone: list[int],
    top: int,
    bound: int,
    deadline: float,
    workers: int,
    seed: int,
    stats: dict,
    progress: Progress,
    cores: list[tuple[frozenset[int], int]],
) -> tuple[int, bool, Solution | None]:
    """The cores' bound for placing every meeting (`core_bound`, EARLY_SHARE of the time
    left, hinted with `state`; the cores found added to `cores`): the bound; whether it
    applies already (`fair` keeps every rule and places every meeting, so schedules of that
    priority exist); and the answer, optimal, when CP-SAT found a schedule at the bound (else
    None). The cores take one worker: meanwhile the second core anneals `state` (`Aside`,
    when it places every meeting), aiming at `bound` (the bound known for placing every
    meeting) raised by the cores; a schedule there within the rules is the answer, and the
    cores stop at once. Its schedule replaces `state` when it is better."""
    early_end = time.monotonic() + EARLY_SHARE * (deadline - time.monotonic())
    aside = None
    first = state.score()
    if (
        _may_fork(workers)
        and first.priority == top
        and not first.missing_required
        and LocalSearch(instance, state, seed).compiled
    ):
        aside = Aside(instance, state, seed, early_end, bound)
    result = None
    hint = dict(enumerate(state.starts))
    try:
        cored, found = core_bound(instance, hint, alone, top, early_end, seed, stats, cores, aside)
    finally:  # the search aside ends with the cores, whatever their end
        if aside is not None:
            result = aside.finish()
    if found is not None:
        ordered = [found.get(m) for m in range(instance.n_meetings)]
        return cored, True, _answer(instance, ordered, {}, True, cored, stats, progress)
    if aside is not None:
        reached = aside.reached()  # also when it got there as it was told to stop
        if result is not None:
            gaps, starts, excess = result
            stats["aside"] = {
                "gaps": gaps,
                "excess": excess,
                "reached": reached,
                "seconds": round(time.monotonic() - aside.started, 2),
            }
            if reached:
                progress.proved()
                return (
                    cored,
                    True,
                    _answer(instance, starts, {}, True, max(bound, cored), stats, progress),
                )
            if _copy(instance, starts).score().key() < first.key():
                move(state, {m: s for m, s in enumerate(starts) if s is not None})
                _record(progress, state)
    return cored, _keeps_all(fair.score(), top), None


def _keeps_all(score, top: int) -> bool:
    """Whether a schedule of this score keeps every rule and places every placeable meeting
    (so that the bound for placing every meeting applies)."""
    return not score.missing_required and not score.excess and score.priority == top


def _tables_bound(
    instance: Instance,
    top: int,
    alone: list[int],
    cores: list[tuple[frozenset[int], int]],
    deadline: float,
    workers: int,
    stats: dict,
    share: float,
) -> tuple[int, bool]:
    """The tables' bound for placing every meeting (`bounds.busy_bound`, with the floors and
    the cores found, `share` of the time left) and whether it is final. Asked only when the
    best schedule is above the bound known: where the search reaches it, the time goes to
    the search."""
    started = time.monotonic()
    bound, final = busy_bound(
        instance,
        must_meetings(instance, top),
        alone,
        cores,
        started + share * (deadline - started),
        workers=workers,
    )
    stats.setdefault("busy_bound", []).append(
        {"bound": bound, "final": final, "seconds": round(time.monotonic() - started, 2)}
    )
    return bound, final


def _raised(
    known_floors: dict[int, tuple[int, list[int]]], priority: int, cored: int, progress: Progress
) -> int:
    """The bound for schedules of this priority raised to the cores' (`core_bound`, 0 when
    they were not asked), now that a schedule of it within the rules is known (so the bound
    applies)."""
    floor, alone = known_floors[priority]
    known_floors[priority] = (max(floor, cored), alone)
    progress.bounded(max(floor, cored), priority)
    return max(floor, cored)


def _floors(
    instance: Instance, must: list[bool], deadline: float, workers: int
) -> tuple[int, list[int]]:
    """A lower bound on the gaps of every schedule placing the `must` meetings (the
    interaction bound, or the participants' exact floors alone, whichever is larger) and
    those floors; BOUND_SHARE of the time left for each."""
    share = BOUND_SHARE * (deadline - time.monotonic())
    bound = interaction_bound(instance, must, time.monotonic() + share, workers=workers)
    alone = fair_floors(instance, must, alone_floors(instance, must, time.monotonic() + share))
    return max(bound, sum(alone)), alone


def _floors_at(
    instance: Instance, priority: int, deadline: float, workers: int
) -> tuple[int, list[int]]:
    """`_floors` for schedules of this priority; below the top, where such a schedule leaves
    out at most one meeting, raised by `bounds.one_short_floors` (which sees that every
    other meeting is placed, where `must_meetings` counts only the required ones)."""
    bound, alone = _floors(instance, must_meetings(instance, priority), deadline, workers)
    short = one_short_floors(
        instance, priority, time.monotonic() + SHORT_SHARE * (deadline - time.monotonic())
    )
    if short is not None:
        total, floors = short
        alone = [max(a, b) for a, b in zip(alone, floors, strict=True)]
        bound = max(bound, total, sum(alone))
    return bound, alone


def _short_of(instance: Instance, top: int) -> int:
    """The most priority a schedule can have when not every meeting fits: one meeting of
    the least positive priority left out (the top itself when every meeting is required or
    of priority 0)."""
    optional = [
        instance.priority[m]
        for m in range(instance.n_meetings)
        if instance.domain[m] and not instance.required[m] and instance.priority[m] > 0
    ]
    return top - min(optional, default=0)


def _one_short(
    instance: Instance,
    starts: dict[int, int | None],
    stats: dict,
    *,
    deadline: float,
    workers: int,
    seed: int,
) -> tuple[int, State, tuple[int, list[int]]] | None:
    """Where placing every meeting within the rules is refused: a schedule one meeting
    short (`_short_of`) within the rules, if CP-SAT finds one (`place_all` with the LP,
    hinted with `starts`, best a schedule of every meeting outside the rules); with its
    priority, then the optimum, and the floors of that priority (`_floors_at`)."""
    top = sum(instance.priority[m] for m in range(instance.n_meetings) if instance.domain[m])
    goal = _short_of(instance, top)
    if goal == top:
        return None
    found = place_all(instance, starts, deadline, workers, seed, stats, priority=goal, linear=True)
    if found is None:
        return None
    short = _copy(instance, [found.get(m) for m in range(instance.n_meetings)])
    score = short.score()
    if score.missing_required or score.excess or score.priority < goal:
        return None
    return goal, short, _floors_at(instance, goal, deadline, workers)


def _closed_gaps(
    instance: Instance, starts: dict[int, int | None], deadline: float, seed: int
) -> dict[int, int | None]:
    """CP-SAT placed more than the local search did, with little care for gaps: the
    annealing (which never unplaces) closes gaps before the gaps stage starts."""
    if instance.n_meetings < HINT_MEETINGS:
        return starts
    ordered = [starts.get(m) for m in range(instance.n_meetings)]
    placed = _copy(instance, ordered)
    end = time.monotonic() + HINT_SHARE * (deadline - time.monotonic())
    LocalSearch(instance, placed, seed).improve(end, 0, HOT)
    if placed.score().key() <= _copy(instance, ordered).score().key():
        return dict(enumerate(placed.starts))
    return starts


def _refused(stats: dict) -> bool:
    """Whether CP-SAT proved that not every meeting can be placed within fairness."""
    return any(
        a["fair"] and a["answer"] == "INFEASIBLE" and "priority" not in a
        for a in stats.get("place_all", [])
    )


def place_all(
    instance: Instance,
    starts: dict[int, int | None],
    deadline: float,
    workers: int,
    seed: int,
    stats: dict,
    *,
    fair: bool = True,
    priority: int | None = None,
    linear: bool = False,
) -> dict[int, int | None] | None:
    """A schedule placing every placeable meeting within the rules (fairness included unless
    not `fair`), or, given a `priority`, a schedule of at least that priority, if CP-SAT finds
    one within PLACE_ALL_SHARE of the time left; None otherwise. CP-SAT (with the LP
    relaxation only when `linear`), hinted with `starts`."""
    fairness = (
        "hard" if fair and instance.problem.objective.fairness_max_difference is not None else None
    )
    model = ScheduleModel(
        instance,
        State(instance),
        list(range(instance.n_meetings)),
        Options(fairness=fairness),
    )
    top = sum(instance.priority[m] for m in range(instance.n_meetings) if instance.domain[m])
    must = must_meetings(instance, top if priority is None else priority)
    for m, xs in model.x.items():
        if xs and must[m]:
            model.model.add_exactly_one(xs.values())
    if priority is not None:
        model.model.add(model.priority.expr() >= priority)
    if starts:
        model.hint(starts)
    solver = make_solver(
        PLACE_ALL_SHARE * (deadline - time.monotonic()), workers, seed, linear=linear
    )
    status = solver.solve(model.model)
    asked = {"fair": fair, "answer": solver.status_name(status)}
    if priority is not None:
        asked["priority"] = priority
    stats.setdefault("place_all", []).append(asked | {"seconds": round(solver.wall_time, 2)})
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return model.chosen_starts(solver)
    return None


def _gaps_of(instance: Instance, starts: dict[int, int | None], priority: int) -> tuple[bool, int]:
    """Whether a schedule keeps every rule and has this priority, and its gaps."""
    score = _copy(instance, [starts.get(m) for m in range(instance.n_meetings)]).score()
    keeps = not score.missing_required and not score.excess and score.priority >= priority
    return keeps, score.gaps


def core_bound(
    instance: Instance,
    starts: dict[int, int | None],
    floors: list[int],
    priority: int,
    deadline: float,
    seed: int,
    stats: dict,
    found_cores: list[tuple[frozenset[int], int]] | None = None,
    aside: Aside | None = None,
) -> tuple[int, dict[int, int | None] | None]:
    """A lower bound on the gaps of schedules of this priority from unsatisfiable cores, and
    the optimum when it is reached (else None). Each participant's gaps above their floor,
    e_p >= 0, is a soft term assumed at its proven least (0): "everyone at their floor" (and
    in one run when the floor is 0). When CP-SAT proves the assumptions inconsistent, the
    terms of the core it names cannot all be at their least, so their sum is at least one
    more than their leasts' sum: they merge into one term, assumed at that new least, and the
    bound rises by one. The bound is always the floors plus the sum of the terms' leasts;
    when the assumptions hold together, the schedule found has exactly that many gaps: the
    optimum, proven (the core-guided search of MaxSAT solvers, OLL-like with merged sums).
    One worker (cores need assumptions); without the LP relaxation. Each core is added to
    `found_cores` as its participants and their least gaps above their floors together.
    With a search `aside`, the bound raises its floor, and the cores stop as soon as it
    reaches it (the caller takes its schedule)."""
    fairness = "hard" if instance.problem.objective.fairness_max_difference is not None else None
    must = must_meetings(instance, priority)
    model = ScheduleModel(
        instance, State(instance), list(range(instance.n_meetings)), Options(fairness=fairness)
    )
    cp = model.model
    cp.add(model.priority.expr() >= priority)
    for m, xs in model.x.items():
        if must[m]:
            cp.add_exactly_one(xs.values())
    # Soft terms: (their expression above the floors, their proven least, the assumption).
    terms: dict[int, tuple[cp_model.LinearExprT, int, cp_model.IntVar]] = {}
    members: dict[int, frozenset[int]] = {}  # each term's participants
    for p, gaps in model.gaps_of.items():
        above = gaps.expr() - floors[p]
        cp.add(above >= 0)
        assumed = cp.new_bool_var("")
        cp.add(above <= 0).only_enforce_if(assumed)
        if floors[p] == 0:
            model._one_run(p, must, assumed)
        terms[assumed.index] = (above, 0, assumed)
        members[assumed.index] = frozenset([p])
    model.hint(starts)
    cores: list[int] = []
    stats["cores"] = cores
    while time.monotonic() < deadline - 0.2:
        if aside is not None and aside.reached():
            break
        cp.clear_assumptions()
        cp.add_assumptions([assumed for _e, _l, assumed in terms.values()])
        solver = make_solver(deadline - time.monotonic(), 1, seed, linear=False)
        with aside.stopping(solver) if aside is not None else contextlib.nullcontext():
            status = solver.solve(cp)
        if status == cp_model.INFEASIBLE:
            core = [i for i in solver.sufficient_assumptions_for_infeasibility() if i in terms]
            if not core:
                break  # infeasible without any assumption: nothing to claim
            merged = [terms.pop(i) for i in core]
            expr = sum(e for e, _l, _a in merged)
            least = sum(least for _e, least, _a in merged) + 1
            assumed = cp.new_bool_var("")
            cp.add(expr <= least).only_enforce_if(assumed)
            cp.add(expr >= least)
            terms[assumed.index] = (expr, least, assumed)
            members[assumed.index] = frozenset().union(*(members.pop(i) for i in core))
            if found_cores is not None:
                found_cores.append((members[assumed.index], least))
            cores.append(len(core))
            if aside is not None:
                aside.raise_floor(sum(floors) + len(cores))
            continue
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return sum(floors) + len(cores), model.chosen_starts(solver)
        break
    return sum(floors) + len(cores), None


def _raise_floor(
    instance: Instance,
    starts: dict[int, int | None],
    floor: int,
    priority: int,
    deadline: float,
    workers: int,
    seed: int,
    progress: Progress,
    stats: dict,
    floors: list[int] | None = None,
) -> tuple[int, dict[int, int | None], bool]:
    """Asks CP-SAT, for K = floor, floor + 1, ...: is there a schedule of this priority with
    at most K gaps (`ScheduleModel.limit_gaps`)? "No" raises the proven floor to K + 1; "yes"
    is a schedule of at most K gaps where none has fewer than K: the optimum. Stops at the
    first question not answered within its share of the time (FLOOR_SHARE of what is left),
    or when the floor meets the best schedule known. Without a schedule of this priority
    known, the first question is whether there is one at all: "no" ends the questions (each
    would be "no" too, and prove nothing). Returns the floor, the best schedule and whether
    it is proven optimal."""
    fairness = "hard" if instance.problem.objective.fairness_max_difference is not None else None
    must = must_meetings(instance, priority)
    if floors is None:
        floors = fair_floors(
            instance,
            must,
            alone_floors(instance, must, time.monotonic() + 0.1 * (deadline - time.monotonic())),
        )
    floor = max(floor, sum(floors))
    known, best = _gaps_of(instance, starts, priority)
    asked: list[dict] = stats.setdefault("floor_questions", [])
    while time.monotonic() < deadline - 0.5:
        if known and best <= floor:
            progress.proved()
            return floor, starts, True
        model = ScheduleModel(
            instance,
            State(instance),
            list(range(instance.n_meetings)),
            Options(fairness=fairness),
        )
        model.model.add(model.priority.expr() >= priority)
        if known:
            model.limit_gaps(floors, must, floor)
        model.hint(starts)  # the best schedule known: a "yes" is often near it
        share = FLOOR_SHARE * (deadline - time.monotonic())
        solver = make_solver(share, workers, seed, linear=False)
        status = solver.solve(model.model)
        answer = solver.status_name(status)
        seconds = round(solver.wall_time, 2)
        asked.append(
            {"gaps_at_most": floor if known else None, "answer": answer, "seconds": seconds}
        )
        if status == cp_model.INFEASIBLE and known:
            floor += 1
            continue
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = model.chosen_starts(solver)
            keeps, gaps = _gaps_of(instance, found, priority)
            if keeps and not known:
                starts, known, best = found, True, gaps
                continue
            if keeps and gaps <= floor:
                progress.found(priority, gaps)
                progress.proved()
                return gaps, found, True
        break
    return floor, starts, False


def _large(
    instance: Instance, deadline: float, workers: int, seed: int, progress: Progress
) -> Solution:
    problem = instance.problem
    started = time.monotonic()
    # Everything placed that can be; the search starts from it. Within fairness (meetings
    # dropped if need be), it is kept in case the search ends without a schedule.
    state = constructive(instance, seed)
    placed = state.score()
    seconds = round(time.monotonic() - started, 2)
    fallback = made_fair(instance, state, seed, progress)
    stats: dict = {
        "strategy": "large",
        "candidates": sum(len(d) for d in instance.domain),
        "greedy": {
            "seconds": seconds,
            "gaps": placed.gaps,
            "placed": sum(s is not None for s in state.starts),
        },
        "fair": {
            "seconds": round(time.monotonic() - started, 2),
            "gaps": fallback.score().gaps,
            "placed": sum(s is not None for s in fallback.starts),
        },
    }
    placeable = [m for m in range(instance.n_meetings) if instance.domain[m]]
    top = sum(instance.priority[m] for m in placeable)
    must = must_meetings(instance, top)
    if instance.n_meetings <= QUESTION_MEETINGS and state.score().priority < top:
        # A brokerage-sized event with meetings left out: can every one be placed? (Without
        # fairness, quicker; the search restores the bound.)
        found = place_all(
            instance,
            dict(enumerate(state.starts)),
            deadline,
            workers,
            seed,
            stats,
            fair=False,
        )
        if found is not None:
            state = _copy(instance, [found.get(m) for m in range(instance.n_meetings)])
            fair = made_fair(instance, state, seed, progress)
            if fair.score().key() <= fallback.score().key():
                fallback = fair
    started = time.monotonic()
    bound, alone = _floors(instance, must, deadline, workers)
    progress.bounded(bound, top)
    stats["bound"] = {
        "seconds": round(time.monotonic() - started, 2),
        "per_participant": gap_lower_bound(instance, must),
        "interaction_or_alone": bound,
    }
    cores: list[tuple[frozenset[int], int]] = []
    if instance.n_meetings <= QUESTION_MEETINGS:
        # A brokerage-sized event placed whole: first the questions "at most K gaps?", which
        # may prove the optimum or raise the bound, then the search with what is left.
        # First the cores' bound, as on the exact path.
        cored, applies, answer = _cores_first(
            instance,
            state,
            fallback,
            alone,
            top,
            bound,
            deadline,
            workers,
            seed,
            stats,
            progress,
            cores,
        )
        if answer is not None:
            return answer
        if applies:
            bound = max(bound, cored)
            progress.bounded(bound, top)
        question_end = time.monotonic() + QUESTION_SHARE * (deadline - time.monotonic())
        bound, found, proven = _raise_floor(
            instance,
            dict(enumerate(fallback.starts)),
            bound,
            top,
            question_end,
            workers,
            seed,
            progress,
            stats,
            alone,
        )
        if proven:
            ordered = [found.get(m) for m in range(instance.n_meetings)]
            return _answer(instance, ordered, {}, True, bound, stats, progress)
    started = time.monotonic()
    local = LocalSearch(instance, state, seed)
    local.insert_unplaced()
    local_end = started + LOCAL_SHARE * (deadline - started)
    blocks = len(instance.block_slots)
    forks = _may_fork(workers)
    if local.compiled and forks and instance.n_meetings <= QUESTION_MEETINGS:
        # At brokerage size (where one process left the second core idle), as on the exact
        # path.
        stats["parallel_anneals"], local.moves, local.accepted = _anneal_in_parallel_then_polish(
            instance, state, seed, local_end, workers, bound
        )
    elif local.compiled and forks and len(local.movable_placed()) >= PARALLEL_MEETINGS:
        # Compiled annealing is fast enough for whole schedules: one per process, each from
        # its own seed, the best kept.
        stats["parallel_anneals"], local.moves, local.accepted = anneal_in_parallel(
            instance, state, seed, local_end, workers, bound
        )
    elif (
        forks
        and blocks > 1
        and problem.objective.fairness_max_difference is None
        and len(local.movable_placed()) >= PARALLEL_MEETINGS
    ):
        # Meetings settle into blocks first; then each block anneals in its own process.
        local.anneal(started + GLOBAL_SHARE * (local_end - started), bound, HOT)
        stats["gaps_before_blocks"] = local.total_gaps()
        if local.total_gaps() > bound:
            anneal_blocks(instance, state, seed, local_end, workers)
            stats["blocks_in_parallel"] = blocks
    else:
        local.improve(local_end, bound, HOT)
    if problem.objective.fairness_max_difference is not None:
        fair = LocalSearch(instance, state, seed)
        stats["dropped_for_fairness"] = fair.drop_for_fairness() + fair.force_fairness()
    _record(progress, state)
    stats["local"] = {
        "seconds": round(time.monotonic() - started, 2),
        "moves": local.moves,
        "accepted": local.accepted,
        "gaps": state.score().gaps,
    }
    found = state.score()
    if (
        instance.n_meetings <= QUESTION_MEETINGS
        and not found.missing_required
        and not found.excess
        and found.priority == top
        and found.gaps > bound
    ):
        # Every meeting placed within the rules, above the bound: the tables' bound.
        tables, _final = _tables_bound(
            instance, top, alone, cores, deadline, workers, stats, BUSY_SHARE
        )
        bound = max(bound, tables)
        progress.bounded(bound, top)
    search = Search(instance, state, workers=workers, seed=seed)

    def better(score) -> None:
        if not score.missing_required and not score.excess:
            progress.found(score.priority, score.gaps)

    search.on_better = better
    # Keep time to assign locations and recount the answer (a few seconds at 70,000 meetings).
    search.run(deadline - 0.5 - instance.n_meetings / 20_000, stop_at_gaps=bound)
    stats["lns"] = {"calls": search.calls, "improvements": search.improvements}
    score = search.score()
    kept = fallback.score()
    if (score.missing_required, score.excess) > (
        kept.missing_required,
        kept.excess,
    ) or (not kept.missing_required and not kept.excess and score.key() > kept.key()):
        # The search ended worse than the constructive schedule (or outside the rules).
        stats["constructive_kept"] = True
        state, score = fallback, kept
    else:
        _record(progress, state)
    if score.missing_required or score.excess:
        if search.proven:
            return _without_schedule(
                problem, "infeasible", explain_infeasibility(instance, deadline, seed)
            )
        missing = [
            problem.meetings[m].id
            for m in placeable
            if instance.required[m] and state.starts[m] is None
        ]
        reason = (
            "no schedule placing every required meeting was found in time; missing: "
            + ", ".join(missing[:10])
            if missing
            else "no schedule within the fairness bound was found in time"
        )
        return _without_schedule(problem, "unknown", reason, stats)
    if search.proven and "constructive_kept" not in stats:
        progress.proved()
        return _answer(instance, state.starts, {}, True, score.gaps, stats, progress)
    priority_optimal = score.priority == top
    return _answer(
        instance,
        state.starts,
        {},
        priority_optimal and score.gaps <= bound,
        bound if priority_optimal else None,
        stats,
        progress,
    )


def _answer(
    instance: Instance,
    starts: list[int | None],
    locations: dict[int, int],
    optimal: bool,
    bound: int | None,
    stats: dict,
    progress: Progress,
) -> Solution:
    problem = instance.problem
    if not instance.explicit_locations:
        locations = assign_locations(instance, starts)
    placed = sorted(
        (m for m, s in enumerate(starts) if s is not None), key=lambda m: (starts[m], m)
    )
    assignments = [
        Assignment(
            meeting=problem.meetings[m].id,
            slot=problem.slots[starts[m]].id,  # type: ignore[index]
            location=problem.locations[locations[m]].id,
        )
        for m in placed
    ]
    evaluation = verify.evaluate(
        problem,
        {a.meeting: (problem.slot_index[a.slot], a.location) for a in assignments},
    )
    if bound is not None and evaluation.idle_gaps <= bound:
        optimal = True
    progress.bounded(bound, evaluation.scheduled_priority)
    if optimal:
        progress.proved()
    if not evaluation.violations:
        progress.found(evaluation.scheduled_priority, evaluation.idle_gaps)
    return Solution(
        status="optimal" if optimal else "feasible",
        assignments=assignments,
        unscheduled=[problem.meetings[m].id for m, s in enumerate(starts) if s is None],
        idle_gaps=evaluation.idle_gaps,
        max_gap_difference=evaluation.max_gap_difference,
        bound=bound,
        reason=None,
        stats=stats | {"violations": len(evaluation.violations)},
        progress=progress.to_json(evaluation.scheduled_priority, evaluation.idle_gaps),
    )
