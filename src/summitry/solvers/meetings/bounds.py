"""Lower bounds on idle gaps, valid for large instances too: each participant alone
(`gap_lower_bound`), and small joint models of a few participants (`interaction_bound`)."""

from __future__ import annotations

import itertools
import math
import time

from ortools.sat.python import cp_model

from .instance import Instance


def gap_lower_bound(instance: Instance, must: list[bool]) -> int:
    """Sum over participants of their fewest possible gaps, counting the meetings in `must`
    (those scheduled in every optimal schedule). A participant who must spend k slots in
    meetings, all within the slots their meetings may use, needs at least this many gaps: in
    each block the longest run of usable slots is free, each further run costs one gap, and
    the longest runs go first."""
    return sum(participant_floors(instance, must))


def participant_floors(instance: Instance, must: list[bool]) -> list[int]:
    """Each participant's fewest possible gaps alone (see `gap_lower_bound`)."""
    floors = []
    for meetings in instance.meetings_of:
        needed = sum(instance.duration[m] for m in meetings if must[m])
        if not needed:
            floors.append(0)
            continue
        usable = 0
        for m in meetings:
            for s in instance.domain[m]:
                usable |= instance.mask(m, s)
        floors.append(_fewest_gaps(instance, usable, needed))
    return floors


def _fewest_gaps(instance: Instance, usable: int, needed: int) -> int:
    free_room = 0
    extra_runs: list[int] = []
    for slots in instance.block_slots:
        runs = []
        length = 0
        for t in slots:
            if usable >> t & 1:
                length += 1
            elif length:
                runs.append(length)
                length = 0
        if length:
            runs.append(length)
        if runs:
            runs.sort(reverse=True)
            free_room += runs[0]
            extra_runs += runs[1:]
    if free_room >= needed:
        return 0
    gaps = 0
    for run in sorted(extra_runs, reverse=True):
        free_room += run
        gaps += 1
        if free_room >= needed:
            return gaps
    return gaps  # cannot fit at all: the schedule is infeasible anyway


def alone_floors(instance: Instance, must: list[bool], deadline: float) -> list[int]:
    """Each participant's fewest gaps alone, exactly (`alone_floor`); participants not solved
    by `deadline` keep `participant_floors` (which only looks at the union of the domains)."""
    floors = participant_floors(instance, must)
    for p in range(instance.n_participants):
        floors[p] = max(floors[p], alone_floor(instance, p, must, deadline))
    return floors


def alone_floor(instance: Instance, p: int, must: list[bool], deadline: float) -> int:
    """p's fewest gaps alone: a tiny CP-SAT model of p's `must` meetings (and their other
    meetings, which may fill a hole), each in a slot of its own domain (which holds the
    partner's unavailability and the meeting's half-day), one meeting per slot, gaps counted
    per block as in the rules. 0 when p has fewer than two `must` meetings or `deadline` has
    passed (nothing proven)."""
    mine = [m for m in instance.meetings_of[p] if instance.domain[m]]
    if sum(must[m] for m in mine) < 2 or time.monotonic() > deadline:
        return 0
    model = cp_model.CpModel()
    by_slot: dict[int, list] = {}
    for m in mine:
        xs = []
        for s in instance.domain[m]:
            x = model.new_bool_var("")
            xs.append(x)
            for t in instance.span(m, s):
                by_slot.setdefault(t, []).append(x)
        if must[m]:
            model.add_exactly_one(xs)
        else:  # optional: may fill a hole
            model.add_at_most_one(xs)
    for terms in by_slot.values():
        model.add_at_most_one(terms)
    runs = []  # run starts, per block in time order
    for slots in instance.block_slots:
        previous: list = []
        for t in slots:
            terms = by_slot.get(t, [])
            if terms:
                start = model.new_bool_var("")
                model.add(start >= sum(terms) - sum(previous))
                runs.append(start)
            previous = terms
    used = sum(1 for slots in instance.block_slots if any(t in by_slot for t in slots))
    model.minimize(sum(runs))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = max(0.01, min(0.5, deadline - time.monotonic()))
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0
    # Gaps are runs minus the blocks p meets in, at most the blocks p could use.
    return max(0, math.ceil(solver.best_objective_bound - 1e-6) - used)


def fair_floors(instance: Instance, must: list[bool], floors: list[int]) -> list[int]:
    """The floors raised by the fairness bound: everyone who meets in every schedule (a
    `must` meeting) has at least the largest floor minus the bound."""
    limit = instance.problem.objective.fairness_max_difference
    if limit is None:
        return floors
    meets = [any(must[m] for m in ms) for ms in instance.meetings_of]
    raised = max((f for f, yes in zip(floors, meets, strict=True) if yes), default=0) - limit
    return [max(f, raised) if yes else f for f, yes in zip(floors, meets, strict=True)]


def must_meetings(instance: Instance, priority: int) -> list[bool]:
    """Meetings in every schedule of optimal priority: the required ones, and every placeable
    meeting of positive priority when the optimum places them all."""
    placeable = [bool(d) for d in instance.domain]
    top = sum(p for p, ok in zip(instance.priority, placeable, strict=True) if ok)
    return [
        instance.required[m] or (priority >= top and placeable[m] and instance.priority[m] > 0)
        for m in range(instance.n_meetings)
    ]


def one_short_floors(
    instance: Instance, priority: int, deadline: float
) -> tuple[int, list[int]] | None:
    """A lower bound on the gaps of every schedule of at least `priority` when such a
    schedule leaves out at most one meeting of positive priority (any two would cost more
    than the top priority less `priority`), and each participant's floor in every such
    schedule; None otherwise. `must_meetings` counts only the required meetings there, since
    any one optional meeting may be the one left out: every floor is 0.

    For each meeting m that may be left out, the schedules leaving out m or none: every
    other meeting of positive priority is placed, so each participant has their floor alone
    with m optional (`alone_floor`; only m's two participants differ from the floors of
    placing every meeting), raised by the fairness bound (`fair_floors`). The bound is the
    smallest total over the meetings m, each participant's floor the smallest over them. A
    participant's floor not found by `deadline` is 0 there (it stays a bound)."""
    placeable = [m for m in range(instance.n_meetings) if instance.domain[m]]
    top = sum(instance.priority[m] for m in placeable)
    spare = top - priority
    droppable = [
        m for m in placeable if not instance.required[m] and 0 < instance.priority[m] <= spare
    ]
    if not droppable or 2 * min(instance.priority[m] for m in droppable) <= spare:
        return None
    every = must_meetings(instance, top)
    floors = alone_floors(instance, every, deadline)
    totals = []
    least = list(floors)
    for m in droppable:
        must = list(every)
        must[m] = False
        scenario = list(floors)
        for p in instance.parts[m]:
            # With m optional, p has at most the gaps they have with m placed.
            if floors[p]:
                scenario[p] = min(floors[p], alone_floor(instance, p, must, deadline))
        scenario = fair_floors(instance, must, scenario)
        totals.append(sum(scenario))
        least = [min(a, b) for a, b in zip(least, scenario, strict=True)]
    return min(totals), least


# --- interaction bound --------------------------------------------------------------------

# Hall's condition is written for every union of a participant's meeting classes while there
# are at most this many classes; beyond, for each class and for all of them together.
MAX_HALL_CLASSES = 6
GROUP_SIZE = 3  # participants in one joint model
GROUP_SECONDS = 1.0  # CP-SAT time for one joint model at most


def interaction_bound(
    instance: Instance, must: list[bool], deadline: float, *, workers: int = 1
) -> int:
    """A lower bound on the idle gaps of every schedule that places the `must` meetings,
    at least `gap_lower_bound`, from small joint models of a few participants each.

    The participants are split into disjoint groups (the tightest first, each with tight
    partners it shares meetings with). A participant's gaps depend only on the slots where
    they meet, so total gaps = Σ over groups of the group's gaps, and any schedule restricted
    to a group is a solution of the group's *relaxation* below; each group's CP-SAT bound
    (or its members' `gap_lower_bound` share, whichever is larger) bounds that group's gaps,
    and the sum bounds the total.

    The relaxation of group G: participant p in G has a busy bit per slot their meetings can
    use. A must meeting between two members of G gets a start variable, as in the full model,
    and makes both busy where it lies. Every other must meeting of p (its partners outside G,
    whose other meetings are ignored) only needs some busy slot of p that no meeting inside G
    takes: by Hall's theorem such slots exist for all of them at once only if, for every set
    U of slots that is a union of those meetings' possible slots, p has at least as many such
    free busy slots in U as those meetings need slots inside U; we require it for the unions
    of at most MAX_HALL_CLASSES classes, else for each class and for all together, which is
    weaker and still necessary. p meets in exactly the slots of p's meetings, so p is busy
    in at least as many slots as p's must meetings take, and in at most that many plus what
    p's other (optional) meetings could take. Capacities, resources, `after` and fairness
    are left out (fewer rules, fewer gaps). Gaps are counted exactly as in the rules: per
    block, the busy runs minus one if there is any (an unusable slot is never busy, so it
    breaks a run, as an unavailable slot inside a run is idle).
    Optional meetings get no variables: p may be busy in any usable slot, within the count.

    Groups are solved until `deadline`; participants left over keep `gap_lower_bound`."""
    n = instance.n_participants
    usable = [0] * n
    needed = [0] * n
    for p, meetings in enumerate(instance.meetings_of):
        for m in meetings:
            for s in instance.domain[m]:
                usable[p] |= instance.mask(m, s)
            if must[m]:
                needed[p] += instance.duration[m]
    single = [_fewest_gaps(instance, usable[p], needed[p]) if needed[p] else 0 for p in range(n)]
    # Tightness: how few usable slots are left over, relative to what must fit.
    slack = [usable[p].bit_count() - needed[p] for p in range(n)]
    # Fewer than two meetings, no gap: such participants add nothing to a group.
    may_gap = [sum(1 for m in ms if instance.domain[m]) > 1 for ms in instance.meetings_of]
    order = sorted(
        (p for p in range(n) if needed[p] and may_gap[p]), key=lambda p: (-single[p], slack[p], p)
    )
    grouped = [False] * n
    total = sum(single)
    for p in order:
        if time.monotonic() >= deadline:
            break
        if grouped[p]:
            continue
        group = [p]
        grouped[p] = True
        partners = sorted(
            {
                q
                for m in instance.meetings_of[p]
                if must[m]
                for q in instance.parts[m]
                if not grouped[q] and needed[q] and may_gap[q]
            },
            key=lambda q: (-single[q], slack[q], q),
        )
        for q in partners[: GROUP_SIZE - 1]:
            grouped[q] = True
            group.append(q)
        found = _group_bound(instance, must, group, usable, needed, deadline, workers)
        base = sum(single[q] for q in group)
        total += max(0, found - base)
    return total


def _group_bound(
    instance: Instance,
    must: list[bool],
    group: list[int],
    usable: list[int],
    needed: list[int],
    deadline: float,
    workers: int,
) -> int:
    """The CP-SAT lower bound of group's relaxed gaps (see interaction_bound)."""
    members = set(group)
    model = cp_model.CpModel()
    busy: dict[tuple[int, int], cp_model.IntVar] = {}
    for p in group:
        for t in range(instance.n_slots):
            if usable[p] >> t & 1:
                busy[p, t] = model.new_bool_var("")
    inside: dict[tuple[int, int], list[cp_model.IntVar]] = {}  # (p, t) → start variables covering t
    outside: dict[int, list[int]] = {p: [] for p in group}  # p → masks of outside meetings
    outside_need: dict[int, list[int]] = {p: [] for p in group}
    done: set[int] = set()
    for p in group:
        for m in instance.meetings_of[p]:
            if not must[m] or m in done:
                continue
            done.add(m)
            in_group = [q for q in instance.parts[m] if q in members]
            if len(in_group) > 1:
                xs = []
                for s in instance.domain[m]:
                    x = model.new_bool_var("")
                    xs.append(x)
                    for t in instance.span(m, s):
                        for q in in_group:
                            inside.setdefault((q, t), []).append(x)
                model.add_exactly_one(xs)
            else:
                mask = 0
                for s in instance.domain[m]:
                    mask |= instance.mask(m, s)
                outside[p].append(mask)
                outside_need[p].append(instance.duration[m])
    objective = []
    for p in group:
        # p meets in exactly the slots of p's meetings: all the must ones, maybe others.
        extra = sum(
            instance.duration[m]
            for m in instance.meetings_of[p]
            if instance.domain[m] and not must[m]
        )
        mine = [busy[p, t] for t in range(instance.n_slots) if (p, t) in busy]
        model.add(sum(mine) <= needed[p] + extra)
        free: dict[int, cp_model.IntVar] = {}  # busy and not taken by a meeting inside the group
        for t in range(instance.n_slots):
            if (p, t) not in busy:
                continue
            taken = inside.get((p, t), [])
            if taken:
                model.add(sum(taken) <= busy[p, t])
                f = model.new_bool_var("")
                model.add(f + sum(taken) == busy[p, t])
                free[t] = f
            else:
                free[t] = busy[p, t]
        for union, need in _hall_sets(outside[p], outside_need[p]):
            terms = [free[t] for t in _bits(union) if t in free]
            if need > len(terms):
                return 0  # no room at all: the schedule is impossible; claim nothing
            model.add(sum(terms) >= need)
        for slots in instance.block_slots:
            if any((p, t) in busy for t in slots):
                objective.append(_block_gaps(model, [busy.get((p, t)) for t in slots]))
    if not objective:
        return 0
    model.minimize(sum(objective))
    solver = cp_model.CpSolver()
    seconds = min(GROUP_SECONDS, deadline - time.monotonic())
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return 0  # the schedule is impossible anyway; claim nothing
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0
    return max(0, math.ceil(solver.best_objective_bound - 1e-6))


def _hall_sets(masks: list[int], needs: list[int]) -> list[tuple[int, int]]:
    """(union of slots, slots needed by the meetings that can only use slots in it)."""
    classes: dict[int, int] = {}
    for mask, need in zip(masks, needs, strict=True):
        classes[mask] = classes.get(mask, 0) + need
    keys = list(classes)
    unions: set[int] = set()
    if len(keys) <= MAX_HALL_CLASSES:
        for size in range(1, len(keys) + 1):
            for combo in itertools.combinations(keys, size):
                union = 0
                for k in combo:
                    union |= k
                unions.add(union)
    else:
        unions.update(keys)
        union = 0
        for k in keys:
            union |= k
        unions.add(union)
    return [
        (union, sum(need for mask, need in classes.items() if mask | union == union))
        for union in unions
    ]


def _bits(mask: int) -> list[int]:
    result = []
    while mask:
        low = mask & -mask
        result.append(low.bit_length() - 1)
        mask ^= low
    return result


# --- the tables' bound ----------------------------------------------------------------------


def busy_bound(
    instance: Instance,
    must: list[bool],
    floors: list[int],
    cores: list[tuple[frozenset[int], int]],
    deadline: float,
    *,
    workers: int = 1,
) -> tuple[int, bool]:
    """A lower bound on the idle gaps of every schedule placing the `must` meetings that sees
    the tables (or whatever caps the meetings of one slot), where the participants' floors and
    the cores see each participant apart or the meetings without the tables.

    The relaxation: which meeting goes where is forgotten; only each participant's busy slots
    are kept. p is busy in a slot their meetings can use, in as many slots as p has
    meetings, and the busy slots leave room for them all (Hall's condition over the unions
    of their possible slots, as in `interaction_bound`). A slot's busy participants are twice
    its meetings (every meeting has two participants and one slot), so at most twice the
    locations' capacity, and an even number; one busy there has a partner who can meet them
    there busy too. Gaps are counted as in the rules; each participant has at least their
    floor (`floors`), each core's participants (`cores`: the participants and how many gaps
    above their floors they have together, from `core_bound`) at least that, and the
    fairness bound holds among the participants who meet. Only when every placeable meeting
    is a `must` one, of two participants and one slot (0 otherwise: nothing claimed), until
    `deadline`; and whether it is the relaxation's optimum (asking again cannot raise it)."""
    if not instance.problem.locations or any(
        len(instance.parts[m]) != 2 or instance.duration[m] != 1 or not must[m]
        for m in range(instance.n_meetings)
        if instance.domain[m]
    ):
        return 0, True  # a slot's busy participants would not be twice its meetings
    capacity = sum(instance.location_capacity)
    model = cp_model.CpModel()
    busy: dict[tuple[int, int], cp_model.IntVar] = {}
    gaps_of: dict[int, cp_model.IntVar] = {}
    for p, meetings in enumerate(instance.meetings_of):
        placeable = [m for m in meetings if instance.domain[m]]
        if not placeable:
            continue
        usable = sorted({s for m in placeable for s in instance.domain[m]})
        for t in usable:
            busy[p, t] = model.new_bool_var("")
        model.add(sum(busy[p, t] for t in usable) == len(placeable))
        masks = [sum(1 << s for s in instance.domain[m]) for m in placeable]
        for union, need in _hall_sets(masks, [1] * len(masks)):
            model.add(sum(busy[p, t] for t in _bits(union)) >= need)
        gaps = model.new_int_var(floors[p], instance.n_slots, "")
        model.add(
            gaps
            == sum(
                _block_gaps(model, [busy.get((p, t)) for t in slots])
                for slots in instance.block_slots
            )
        )
        gaps_of[p] = gaps
    if not gaps_of:
        return 0, True
    for t in range(instance.n_slots):
        here = [(p, x) for (p, s), x in busy.items() if s == t]
        if not here:
            continue
        pairs = model.new_int_var(0, capacity, "")
        model.add(sum(x for _p, x in here) == 2 * pairs)
        for p, x in here:
            partners = {
                q
                for m in instance.meetings_of[p]
                if t in instance.domain[m]
                for q in instance.parts[m]
                if q != p
            }
            model.add(x <= sum(busy[q, t] for q in partners))
    for members, least in cores:
        model.add(sum(gaps_of[p] - floors[p] for p in members if p in gaps_of) >= least)
    limit = instance.problem.objective.fairness_max_difference
    if limit is not None:
        largest = model.new_int_var(0, instance.n_slots, "")
        smallest = model.new_int_var(0, instance.n_slots, "")
        for gaps in gaps_of.values():
            model.add(gaps <= largest)
            model.add(gaps >= smallest)
        model.add(largest - smallest <= limit)
    model.minimize(sum(gaps_of.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, deadline - time.monotonic())
    solver.parameters.num_workers = workers
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return 0, True  # no schedule places them all: claim nothing
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0, False  # not answered in time
    return max(0, math.ceil(solver.best_objective_bound - 1e-6)), status == cp_model.OPTIMAL


def _block_gaps(model: cp_model.CpModel, busy: list) -> cp_model.LinearExprT:
    """A participant's idle gaps in one block, given a busy bit per slot (None: never busy):
    the runs of busy slots, less one when there is any."""
    present = [x for x in busy if x is not None]
    if not present:
        return 0
    starts = []
    previous = None
    for now in busy:
        if now is not None:
            if previous is None:
                starts.append(now)
            else:
                start = model.new_bool_var("")
                model.add(start >= now - previous)
                model.add(start <= now)
                model.add(start <= 1 - previous)
                starts.append(start)
        previous = now
    meets = model.new_bool_var("")
    model.add_max_equality(meets, present)
    return sum(starts) - meets
