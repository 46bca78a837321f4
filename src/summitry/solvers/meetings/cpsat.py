"""The CP-SAT model of a schedule: some meetings free, the others fixed in a State."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .instance import Instance
from .state import State, gaps_of_mask

Expr = cp_model.LinearExprT


@dataclass
class Linear:
    """A linear expression built up as terms (cheaper than operator overloading at scale)."""

    variables: list[cp_model.IntVar] = field(default_factory=list)
    coefficients: list[int] = field(default_factory=list)
    constant: int = 0

    def add(self, variables: list, coefficient: int = 1) -> None:
        self.variables += variables
        self.coefficients += [coefficient] * len(variables)

    def expr(self) -> Expr:
        return cp_model.LinearExpr.weighted_sum(self.variables, self.coefficients) + self.constant

    def value(self, values: dict[int, int]) -> int:
        return self.constant + sum(
            c * values[v.index] for v, c in zip(self.variables, self.coefficients, strict=True)
        )


def _total(variables: list, values: dict[int, int]) -> int:
    return sum(values[v.index] for v in variables)


@dataclass
class Options:
    fairness: str | None = None  # "hard", "soft" (minimised excess) or None
    soft_required: bool = False  # required meetings weighed in the objective, not enforced
    assumptions: bool = False  # required meetings and fairness behind assumption literals
    # Over the participants not in this model: the largest and smallest gap counts.
    outside_gaps: tuple[int, int] | None = None


class ScheduleModel:
    """CP-SAT model of the free meetings; everything in `state` is fixed background.

    A boolean x[m, s] says that meeting m starts in slot s. Locations are counted per slot
    (see `Instance.unions`) unless the instance needs them one by one; then z[m, s, l] picks
    the location too. A participant's idle gaps in a block are their run starts minus one
    when they meet there at all; a run start in slot t is "busy in t and not in t - 1".
    """

    def __init__(
        self,
        instance: Instance,
        state: State,
        free: list[int],
        options: Options,
        domains: dict[int, list[int]] | None = None,
    ) -> None:
        self.instance = instance
        self.state = state
        self.free = free
        self.options = options
        self.model = cp_model.CpModel()
        self.x: dict[int, dict[int, cp_model.IntVar]] = {}
        self.z: dict[int, dict[tuple[int, int], cp_model.IntVar]] = {}
        self.required_literals: dict[int, cp_model.IntVar] = {}
        self.fairness_literal: cp_model.IntVar | None = None
        self.priority = Linear()
        self.missing_required = Linear()
        self.gaps = Linear()
        self.excess: cp_model.IntVar | None = None
        # Auxiliary variables and how to compute them from the others, for complete hints.
        self._derived: list[tuple[cp_model.IntVar, Callable[[dict[int, int]], int]]] = []
        self._candidates(domains or {})
        self._variables()
        self._capacities()
        self._order()
        self._gaps_and_fairness()
        self._break_symmetry()

    # --- variables -------------------------------------------------------------------------

    def _candidates(self, domains: dict[int, list[int]]) -> None:
        """Start slots of each free meeting that fit the fixed background."""
        inst, state = self.instance, self.state
        free = set(self.free)
        self.must: set[int] = set()  # free meetings a fixed, scheduled meeting comes after
        self.starts: dict[int, list[int]] = {}
        for m in self.free:
            candidates = domains.get(m, inst.domain[m])
            for earlier in inst.preds[m]:
                if earlier in free:
                    continue
                first = state.starts[earlier]
                if first is None:
                    candidates = []
                else:
                    candidates = [s for s in candidates if s >= first + inst.duration[earlier]]
            for later in inst.succs[m]:
                first = state.starts[later]
                if later not in free and first is not None:
                    self.must.add(m)
                    candidates = [s for s in candidates if s + inst.duration[m] <= first]
            self.starts[m] = [s for s in candidates if self._fits_background(m, s)]

    def _fits_background(self, m: int, s: int) -> bool:
        inst, state = self.instance, self.state
        bits = inst.mask(m, s)
        if any(state.busy[p] & bits for p in inst.parts[m]):
            return False
        span = inst.span(m, s)
        for u in inst.type_unions[inst.location_type[m]]:
            load, capacity = state.union_load[u], inst.unions[u][1]
            if any(load[t] >= capacity for t in span):
                return False
        for r in inst.needs[m]:
            load, capacity = state.resource_load[r], inst.resource_capacity[r]
            if any(load[t] >= capacity for t in span):
                return False
        return True

    def _variables(self) -> None:
        inst, model = self.instance, self.model
        for m in self.free:
            xs = {s: model.new_bool_var("") for s in self.starts[m]}
            self.x[m] = xs
            if inst.explicit_locations:
                locations = sorted(inst.types[inst.location_type[m]])
                zs = {(s, loc): model.new_bool_var("") for s in xs for loc in locations}
                self.z[m] = zs
                for s, x in xs.items():
                    model.add(sum(zs[s, loc] for loc in locations) == x)
            chosen = list(xs.values())
            if inst.required[m] and self.options.assumptions:
                literal = model.new_bool_var(f"required {m}")
                self.required_literals[m] = literal
                model.add(sum(chosen) == 1).only_enforce_if(literal)
                model.add_at_most_one(chosen)
            elif (inst.required[m] and not self.options.soft_required) or m in self.must:
                model.add(sum(chosen) == 1)
            else:
                model.add_at_most_one(chosen)
                if inst.required[m]:
                    self.missing_required.constant += 1
                    self.missing_required.add(chosen, -1)
            self.priority.add(chosen, inst.priority[m])

    def _capacities(self) -> None:
        inst, state, model = self.instance, self.state, self.model
        by_participant: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
        by_union: dict[tuple[int, int], list] = defaultdict(list)
        by_resource: dict[tuple[int, int], list] = defaultdict(list)
        by_location: dict[tuple[int, int], list] = defaultdict(list)
        for m in self.free:
            unions = inst.type_unions[inst.location_type[m]]
            for s, x in self.x[m].items():
                for t in inst.span(m, s):
                    for p in inst.parts[m]:
                        by_participant[p][t].append(x)
                    for u in unions:
                        by_union[u, t].append(x)
                    for r in inst.needs[m]:
                        by_resource[r, t].append(x)
            for (s, loc), z in self.z.get(m, {}).items():
                for t in inst.span(m, s):
                    by_location[loc, t].append(z)
        self.by_participant = by_participant
        for slots in by_participant.values():
            for terms in slots.values():
                if len(terms) > 1:
                    model.add_at_most_one(terms)
        for (u, t), terms in by_union.items():
            room = inst.unions[u][1] - state.union_load[u][t]
            if len(terms) > room:
                model.add(sum(terms) <= room)
        for (r, t), terms in by_resource.items():
            room = inst.resource_capacity[r] - state.resource_load[r][t]
            if len(terms) > room:
                model.add(sum(terms) <= room)
        for (loc, _t), terms in by_location.items():
            if len(terms) > inst.location_capacity[loc]:
                model.add(sum(terms) <= inst.location_capacity[loc])

    def _order(self) -> None:
        """A meeting starts only after each of its `after` meetings has ended."""
        inst, model = self.instance, self.model
        for later in self.free:
            for earlier in inst.preds[later]:
                if earlier not in self.x:
                    continue  # fixed: already reflected in the candidates
                for s, x in self.x[later].items():
                    before = [
                        y for e, y in self.x[earlier].items() if e + inst.duration[earlier] <= s
                    ]
                    model.add(sum(before) >= x)

    def _symmetric_groups(self) -> list[list[int]]:
        """Free meetings interchangeable with one another: the same participants, candidate
        slots, priority, duration, locations and needs, required alike, and no order."""
        inst = self.instance
        groups: dict[tuple, list[int]] = defaultdict(list)
        if inst.explicit_locations:
            return []  # the location variables would need reordering too
        for m in self.free:
            if inst.preds[m] or inst.succs[m] or m in self.must or m in self.required_literals:
                continue
            key = (
                tuple(sorted(inst.parts[m])),
                tuple(self.starts[m]),
                inst.priority[m],
                inst.required[m],
                inst.duration[m],
                inst.location_type[m],
                tuple(sorted(inst.needs[m])),
            )
            groups[key].append(m)
        return [sorted(group) for group in groups.values() if len(group) > 1]

    def _break_symmetry(self) -> None:
        """Interchangeable meetings are placed in order: each one placed only if the one
        before it is, and in a later slot. (Tables are counted, not chosen, so the tables'
        symmetry is gone already.)"""
        self.groups = self._symmetric_groups()
        n = self.instance.n_slots
        for group in self.groups:
            for a, b in itertools.pairwise(group):
                placed_a = sum(self.x[a].values())
                placed_b = sum(self.x[b].values())
                start_a = sum(s * x for s, x in self.x[a].items())
                start_b = sum(s * x for s, x in self.x[b].items())
                self.model.add(placed_b <= placed_a)
                self.model.add(start_b - start_a >= (n + 1) * placed_b - n)

    def canonical(self, starts: dict[int, int | None]) -> dict[int, int | None]:
        """The same schedule with interchangeable meetings in the order the model wants."""
        result = dict(starts)
        for group in self.groups:
            chosen = sorted(
                (starts.get(m) for m in group), key=lambda s: (s is None, s if s is not None else 0)
            )
            result.update(zip(group, chosen, strict=True))
        return result

    # --- gaps and fairness -----------------------------------------------------------------

    def _gaps_and_fairness(self) -> None:
        inst, model, options = self.instance, self.model, self.options
        self.gaps_of: dict[int, Linear] = {}
        for p in sorted(self.by_participant):
            self.gaps_of[p] = self._participant_gaps(p)
            gaps = self.gaps_of[p]
            self.gaps.variables += gaps.variables
            self.gaps.coefficients += gaps.coefficients
            self.gaps.constant += gaps.constant
        if options.fairness is None:
            return
        limit = inst.problem.objective.fairness_max_difference
        assert limit is not None
        top = inst.n_slots
        largest = model.new_int_var(0, top, "largest gaps")
        smallest = model.new_int_var(0, top, "smallest gaps")
        if options.outside_gaps is not None:
            high, low = options.outside_gaps
            model.add(largest >= high)
            model.add(smallest <= low)
        for p, gaps in self.gaps_of.items():
            expr = gaps.expr()
            model.add(expr <= largest)
            if self.state.busy[p]:
                model.add(expr >= smallest)
                continue
            # Only participants with a scheduled meeting count for the smallest.
            meets = model.new_bool_var("")
            scheduled = [x for m in inst.meetings_of[p] for x in self.x.get(m, {}).values()]
            model.add(sum(scheduled) >= meets)
            model.add(sum(scheduled) <= len(scheduled) * meets)
            model.add(expr >= smallest).only_enforce_if(meets)
            self._derived.append((meets, lambda v, xs=scheduled: min(1, _total(xs, v))))
        self._derived.append((largest, lambda v: self._extreme(v, max)))
        self._derived.append((smallest, lambda v: self._extreme(v, min)))
        if options.fairness == "hard":
            constraint = model.add(largest - smallest <= limit)
            if options.assumptions:
                self.fairness_literal = model.new_bool_var("fairness")
                constraint.only_enforce_if(self.fairness_literal)
        else:
            self.excess = model.new_int_var(0, top, "fairness excess")
            model.add(self.excess >= largest - smallest - limit)
            self._derived.append(
                (self.excess, lambda v: max(0, v[largest.index] - v[smallest.index] - limit))
            )

    def _extreme(self, values: dict[int, int], pick: Callable) -> int:
        """The largest or smallest gap count among counted participants, given values."""
        counted = [
            gaps.value(values)
            for p, gaps in self.gaps_of.items()
            if self.state.busy[p]
            or any(
                values[x.index]
                for m in self.instance.meetings_of[p]
                for x in self.x.get(m, {}).values()
            )
        ]
        if self.options.outside_gaps is not None:
            counted.append(self.options.outside_gaps[0 if pick is max else 1])
        return pick(counted) if counted else 0

    def _participant_gaps(self, p: int) -> Linear:
        inst, model = self.instance, self.model
        # Fairness compares gap counts, so they must be exact in every solution, not only at
        # the optimum (where minimising makes them exact anyway).
        exact = self.options.fairness is not None
        terms = self.by_participant[p]
        fixed = self.state.busy[p]
        gaps = Linear()
        for block, slots in enumerate(inst.block_slots):
            if not any(t in terms for t in slots):
                gaps.constant += gaps_of_mask(fixed & inst.block_masks[block], inst.block_masks)
                continue
            block_gaps = Linear()
            previous: list = []
            previous_busy = 0
            every: list = []
            for t in slots:
                now = terms.get(t, [])
                busy = fixed >> t & 1
                every += now
                # The run start in t, as an expression where the fixed part allows it.
                if busy:
                    block_gaps.constant += 1 - previous_busy
                    block_gaps.add(previous, -1)
                elif now and not previous_busy:
                    if not previous:
                        block_gaps.add(now)
                    else:
                        start = model.new_bool_var("")
                        model.add(start >= sum(now) - sum(previous))
                        if exact:
                            model.add(start <= sum(now))
                            model.add(start <= 1 - sum(previous))
                        block_gaps.add([start])
                        self._derived.append(
                            (
                                start,
                                lambda v, a=now, b=previous: max(0, _total(a, v) - _total(b, v)),
                            )
                        )
                previous, previous_busy = now, busy
            if fixed & inst.block_masks[block]:
                block_gaps.constant -= 1
            else:
                meets = model.new_bool_var("")
                model.add(sum(every) >= meets)
                if exact:
                    model.add(sum(every) <= len(slots) * meets)
                block_gaps.add([meets], -1)
                self._derived.append((meets, lambda v, xs=every: min(1, _total(xs, v))))
            # One non-negative variable per block: a run-start count minus one could go
            # negative in the relaxation and leave the objective bound far below zero.
            count = model.new_int_var(0, len(slots) // 2 + 1, "")
            model.add(count == block_gaps.expr())
            gaps.add([count])
            self._derived.append((count, block_gaps.value))
        return gaps

    # --- the gaps as a hard limit ----------------------------------------------------------

    def limit_gaps(self, floors: list[int], must: list[bool], total: int) -> None:
        """A feasibility question: at most `total` gaps in all, each participant at least their
        floor (the fewest they can have alone, `bounds.participant_floors`). When `total` is
        the sum of the floors, everyone has exactly their floor, and a participant whose floor
        is 0 meets in one unbroken run: in a one-block day, a run of as many slots as their
        meetings take, starting in some slot u (one boolean per u; busy in t exactly when the
        run covers t). This strengthens what the run starts alone propagate.

        Valid for a model of every meeting (nothing fixed in the state): the floors count the
        `must` meetings only, which every schedule of the priority held places."""
        model = self.model
        for m, xs in self.x.items():
            if must[m]:
                model.add_exactly_one(xs.values())
        exact = total <= sum(floors[p] for p in self.gaps_of)
        spare = max(0, total - sum(floors[p] for p in self.gaps_of))
        for p, gaps in self.gaps_of.items():
            expr = gaps.expr()
            if exact:
                model.add(expr == floors[p])
            elif floors[p]:
                model.add(expr >= floors[p])
            if exact and floors[p] == 0:
                self._one_run(p, must)
            self.run_automaton(p, must, floors[p], floors[p] + spare)
        model.add(self.gaps.expr() <= total)

    def run_automaton(self, p: int, must: list[bool], fewest: int, most: int) -> None:
        """p's day as a word read by an automaton: per slot busy (1) or not (0), a 2 between
        blocks, and last p's gap count (3 + gaps). The automaton counts runs per block and
        busy slots, and accepts only words whose busy count p's meetings can fill and whose
        last letter is the gaps it counted (between `fewest` and `most`). CP-SAT propagates
        it along the whole day at once: which patterns are left once some meetings are
        placed, where the run-start inequalities see one slot at a time. Only for a model of
        every meeting of p (nothing of p's fixed in the state)."""
        inst, model = self.instance, self.model
        meetings = [m for m in inst.meetings_of[p] if inst.domain[m]]
        if self.state.busy[p] or any(m not in self.x for m in meetings) or most < fewest:
            return
        least = sum(inst.duration[m] for m in meetings if must[m])
        largest = sum(inst.duration[m] for m in meetings)
        terms = self.by_participant[p]
        word: list = []
        for block, slots in enumerate(inst.block_slots):
            if block:
                word.append(2)
            for t in slots:
                here = terms.get(t, [])
                if not here:
                    word.append(0)
                elif len(here) == 1:
                    word.append(here[0])
                else:
                    busy = model.new_bool_var("")
                    model.add(busy == sum(here))
                    word.append(busy)
                    self._derived.append((busy, lambda v, xs=here: _total(xs, v)))
        gaps = model.new_int_var(fewest, most, "")
        model.add(gaps == self.gaps_of[p].expr())
        self._derived.append((gaps, self.gaps_of[p].value))
        word.append(gaps + 3)
        # States: (gaps so far, in a run, met in this block, busy slots so far), numbered.
        number: dict[tuple[int, int, int, int], int] = {}

        def state(key: tuple[int, int, int, int]) -> int:
            return number.setdefault(key, len(number))

        start = state((0, 0, 0, 0))
        transitions = set()
        final = state((-1, 0, 0, 0))
        todo = [(0, 0, 0, 0)]
        seen = {todo[0]}
        while todo:
            key = todo.pop()
            g, running, met, count = key
            here = state(key)
            following = [
                (0, (g, 0, met, count)),
                (2, (g, 0, 0, count)),
            ]
            if count < largest:
                opened = g + 1 if met and not running else g
                if opened <= most:
                    following.append((1, (opened, 1, 1, count + 1)))
            for label, after in following:
                transitions.add((here, label, state(after)))
                if after not in seen:
                    seen.add(after)
                    todo.append(after)
            if least <= count and fewest <= g:
                transitions.add((here, 3 + g, final))
        model.add_automaton(word, start, [final], sorted(transitions))

    def _one_run(self, p: int, must: list[bool], when=None) -> None:
        """p meets in one unbroken run (only when the literal `when` holds, if given)."""
        inst = self.instance
        enforce = [] if when is None else [when]
        if len(inst.block_slots) != 1 or self.state.busy[p]:
            return
        meetings = inst.meetings_of[p]
        if any(m not in self.x or not must[m] for m in meetings if inst.domain[m]):
            return
        length = sum(inst.duration[m] for m in meetings if inst.domain[m])
        terms = self.by_participant[p]
        slots = inst.block_slots[0]
        starts = {
            u: self.model.new_bool_var("")
            for i, u in enumerate(slots[: len(slots) - length + 1])
            if all(terms.get(t) for t in slots[i : i + length])
        }
        if when is None:
            self.model.add_exactly_one(starts.values())
        else:
            self.model.add_at_most_one(starts.values())
            self.model.add(sum(starts.values()) == 1).only_enforce_if(enforce)
        position = {t: i for i, t in enumerate(slots)}
        for t in slots:
            here = position[t]
            covering = [y for u, y in starts.items() if position[u] <= here < position[u] + length]
            if terms.get(t):
                self.model.add(sum(terms[t]) == sum(covering)).only_enforce_if(enforce)
            elif covering:
                self.model.add(sum(covering) == 0)

    # --- objectives and answers ------------------------------------------------------------

    def weighted_objective(self) -> None:
        """Lexicographic in one sum: required placed, then fairness excess, then priority,
        then gaps."""
        gaps_top = len(self.gaps_of) * self.instance.n_slots + 1
        priority_top = sum(self.instance.priority[m] for m in self.free) + 1
        excess_weight = gaps_top * priority_top
        required_weight = excess_weight * (self.instance.n_slots + 1)
        objective = self.gaps.expr() - gaps_top * self.priority.expr()
        if self.excess is not None:
            objective += excess_weight * self.excess
        if self.missing_required.variables:
            objective += required_weight * self.missing_required.expr()
        self.model.minimize(objective)

    def hint(self, starts: dict[int, int | None]) -> None:
        """Hint a schedule of the free meetings, auxiliary variables included, so that CP-SAT
        takes it as its first solution when it is feasible."""
        self.model.clear_hints()
        starts = self.canonical(starts)
        values: dict[int, int] = {}
        for m, xs in self.x.items():
            for s, x in xs.items():
                values[x.index] = int(s == starts.get(m))
                self.model.add_hint(x, values[x.index])
        for variable, compute in self._derived:
            values[variable.index] = compute(values)
            self.model.add_hint(variable, values[variable.index])

    def chosen_starts(self, solver: cp_model.CpSolver) -> dict[int, int | None]:
        result: dict[int, int | None] = {}
        for m, xs in self.x.items():
            result[m] = next((s for s, x in xs.items() if solver.boolean_value(x)), None)
        return result

    def chosen_locations(self, solver: cp_model.CpSolver) -> dict[int, int]:
        return {
            m: loc
            for m, zs in self.z.items()
            for (_s, loc), z in zs.items()
            if solver.boolean_value(z)
        }


def make_solver(
    time_limit: float, workers: int, seed: int = 0, *, linear: bool = True
) -> cp_model.CpSolver:
    """A CP-SAT solver. `linear=False` runs only workers without the LP relaxation: on the
    feasibility questions of `ScheduleModel.limit_gaps` the relaxation is weak and slow, and
    plain clause learning with restarts answers far sooner (measured on bench/meetings_b2b)."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(time_limit, 0.01)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if not linear and workers <= 1:
        solver.parameters.linearization_level = 0
    elif not linear:
        names = ["no_lp", "quick_restart_no_lp", "fixed", "quick_restart"]
        solver.parameters.subsolvers.extend(names[: max(workers, 1)])
    return solver
