"""The CP-SAT model of a roster, its solve, and the diagnosis of an impossible one.

A boolean x[i, c, p] puts interpreter p in item i's booth for channel c. It exists only where p
is available for the whole item and can work into c, from the floor (direct) or from another
channel of the item (relay). Constraints:

- each channel's team has exactly the size its item's working time calls for;
- per interpreter, items that overlap or leave less than the minimum rest between them form
  cliques of an interval graph (every start point gives one): at most one per clique;
- per interpreter and day, the minutes of their items stay within their daily maximum;
- a relay interpreter needs a pivot channel (one they can work from) whose team has someone
  working directly from the floor.

Objective, one integer: W × (cost + relay penalty × relay assignments) + changes, where W is
larger than any possible number of changes, so changes to the previous roster only break ties
(lexicographic). Day rates are paid once per day worked (y[p, day] ≥ every x of that day).

`solve` splits the items into independent groups (days), hints a greedy roster, and falls back
to a coverage model (fewest missing places) when the greedy roster is incomplete; see
docs/INTERPRETATION.md.
"""

from __future__ import annotations

import datetime
import math
import time
from collections import defaultdict
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from .neighbourhood import improve, objective
from .problem import Previous, Problem, hourly_cost
from .relaxation import relax
from .solution import Assignment, Solution, Uncovered


@dataclass(frozen=True)
class Candidate:
    item: int
    channel: str
    interpreter: int
    pivots: tuple[str, ...]  # empty: direct from the floor

    @property
    def relay(self) -> bool:
        return bool(self.pivots)


def candidates(problem: Problem) -> list[Candidate]:
    found = []
    for i, item in enumerate(problem.items):
        for p, person in enumerate(problem.interpreters):
            if not person.available(item.start, item.end):
                continue
            for channel in item.channels:
                if person.can_interpret(item.floor, channel):
                    found.append(Candidate(i, channel, p, ()))
                    continue
                pivots = tuple(
                    x for x in item.channels if x != channel and person.can_interpret(x, channel)
                )
                if pivots:
                    found.append(Candidate(i, channel, p, pivots))
    return found


def change_weight(problem: Problem) -> int:
    """W: more than the most changes a roster can have (all previous dropped, all new)."""
    if problem.previous is None:
        return 1
    slots = sum(
        problem.rules.team_size(item.minutes) * len(item.channels) for item in problem.items
    )
    return len(problem.previous) + slots + 1


class RosterModel:
    """The roster's model. `coverage_only`: teams may fall short, and the objective is the
    number of missing places (the diagnosis, and the search for a first complete roster)."""

    def __init__(
        self,
        problem: Problem,
        coverage_only: bool = False,
        among: list[Candidate] | None = None,
    ) -> None:
        self.coverage_only = coverage_only
        self.problem = problem
        self.model = cp_model.CpModel()
        # `among`: only these candidates (a restricted model), else every qualified one.
        self.candidates = candidates(problem) if among is None else among
        self.x = [self.model.new_bool_var(f"x{k}") for k in range(len(self.candidates))]
        self.shortage: dict[tuple[int, str], cp_model.IntVar] = {}
        by_booth: dict[tuple[int, str], list[int]] = defaultdict(list)
        by_person: dict[int, list[int]] = defaultdict(list)
        for k, cand in enumerate(self.candidates):
            by_booth[cand.item, cand.channel].append(k)
            by_person[cand.interpreter].append(k)
        self.by_booth = by_booth
        rules = problem.rules
        # Coverage: exactly the team each channel needs (or fewer, counted, for coverage_only).
        for i, item in enumerate(problem.items):
            need = rules.team_size(item.minutes)
            for channel in item.channels:
                team = [self.x[k] for k in by_booth.get((i, channel), [])]
                if coverage_only:
                    short = self.model.new_int_var(0, need, f"short{i}{channel}")
                    self.shortage[i, channel] = short
                    self.model.add(sum(team) + short == need)
                else:
                    self.model.add(sum(team) == need)
        # Rest and overlap, per interpreter: cliques of the interval graph on [start, end+rest).
        # A clique's items all start on one day; when the interpreter is paid by the day, the
        # clique's sum is at most the day's "paid" literal (stronger than at most one).
        self.days: dict[tuple[int, object], cp_model.IntVar] = {}
        rest = rules.min_rest_minutes * 60
        starts = [item.start.timestamp() for item in problem.items]
        ends = [item.end.timestamp() for item in problem.items]
        longest = max((e - s for s, e in zip(starts, ends, strict=True)), default=0)
        for p, ks in by_person.items():
            person = problem.interpreters[p]
            per_item: dict[int, list[int]] = defaultdict(list)
            for k in ks:
                per_item[self.candidates[k].item].append(k)
            items = sorted(per_item, key=lambda i: starts[i])
            seen: set[frozenset[int]] = set()
            lo = 0
            for n, j in enumerate(items):
                point = starts[j]
                while starts[items[lo]] + longest + rest <= point:
                    lo += 1
                clique = frozenset(i for i in items[lo : n + 1] if point < ends[i] + rest)
                if clique in seen:
                    continue
                seen.add(clique)
                literals = [self.x[k] for i in clique for k in per_item[i]]
                day_key = (p, problem.items[j].day)
                if (
                    person.rate_per == "day"
                    and person.rate
                    and all(problem.items[i].day == day_key[1] for i in clique)
                ):
                    self.model.add(sum(literals) <= self._paid(day_key))
                elif len(literals) > 1:
                    self.model.add_at_most_one(literals)
            # Daily maximum.
            per_day: dict[object, list[int]] = defaultdict(list)
            for k in ks:
                per_day[problem.items[self.candidates[k].item].day].append(k)
            # Daily maximum; with a day rate, the minutes fit in the paid day (the capacity
            # times the "paid" literal: a much tighter relaxation than the implications alone).
            for day, day_ks in per_day.items():
                minutes = [problem.items[self.candidates[k].item].minutes for k in day_ks]
                capacity = min(sum(minutes), person.daily_max_minutes)
                worked = cp_model.LinearExpr.weighted_sum([self.x[k] for k in day_ks], minutes)
                if person.rate_per == "day" and person.rate:
                    self.model.add(worked <= capacity * self._paid((p, day)))
                elif sum(minutes) > capacity:
                    self.model.add(worked <= capacity)
        # Relay: a pivot channel with someone working directly from the floor.
        direct_in: dict[tuple[int, str], cp_model.IntVar] = {}
        for k, cand in enumerate(self.candidates):
            if not cand.relay:
                continue
            options = []
            for pivot in cand.pivots:
                key = (cand.item, pivot)
                if key not in direct_in:
                    directs = [
                        self.x[q] for q in by_booth.get(key, []) if not self.candidates[q].relay
                    ]
                    has = self.model.new_bool_var(f"direct{key}")
                    self.model.add(sum(directs) >= has)
                    direct_in[key] = has
                options.append(direct_in[key])
            self.model.add_bool_or(options).only_enforce_if(self.x[k])
        self.direct_in = direct_in
        # Objective.
        variables: list = []
        coefficients: list[int] = []
        weight = change_weight(problem)
        self.weight = weight
        penalty = problem.relay_penalty
        for k, cand in enumerate(self.candidates):
            item = problem.items[cand.item]
            person = problem.interpreters[cand.interpreter]
            coefficient = penalty if cand.relay else 0
            if person.rate_per == "hour":
                coefficient += hourly_cost(person.rate, item.minutes)
            elif person.rate:
                self.model.add_implication(self.x[k], self._paid((cand.interpreter, item.day)))
            if coefficient:
                variables.append(self.x[k])
                coefficients.append(weight * coefficient)
        for (p, _day), paid in self.days.items():
            variables.append(paid)
            coefficients.append(weight * problem.interpreters[p].rate)
        constant = 0
        if problem.previous is not None:
            index = {
                (problem.items[c.item].id, c.channel, problem.interpreters[c.interpreter].id): k
                for k, c in enumerate(self.candidates)
            }
            before = set()
            for entry in problem.previous:
                k = index.get((entry.item, entry.channel, entry.interpreter))
                if k is None:
                    constant += 1  # cannot be kept
                else:
                    before.add(k)
            for k in range(len(self.candidates)):
                # Kept: no change; dropped: 1 - x; added: x.
                if k in before:
                    constant += 1
                    variables.append(self.x[k])
                    coefficients.append(-1)
                else:
                    variables.append(self.x[k])
                    coefficients.append(1)
        if coverage_only:
            self.model.minimize(sum(self.shortage.values()))
        else:
            self.model.minimize(
                cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant
            )

    def greedy(self, guide: list[float] | None = None) -> set[int]:
        """A roster built item by item (scarcest booth first): each channel takes the interpreters
        who add least to the cost and still keep rest and daily maxima, direct ones first,
        relays where a pivot booth has a direct interpreter. Some places may stay empty.
        `guide` (a value per candidate, the linear relaxation's x) ranks a booth's candidates
        before their cost does."""
        problem = self.problem
        starts = [item.start.timestamp() for item in problem.items]
        ends = [item.end.timestamp() for item in problem.items]
        rest = problem.rules.min_rest_minutes * 60
        busy: dict[int, list[int]] = defaultdict(list)
        minutes: dict[tuple[int, object], int] = defaultdict(int)
        paid: set[tuple[int, object]] = set()
        chosen: set[int] = set()

        def fits(k: int) -> bool:
            cand = self.candidates[k]
            i, p = cand.item, cand.interpreter
            item = problem.items[i]
            if minutes[p, item.day] + item.minutes > problem.interpreters[p].daily_max_minutes:
                return False
            return all(ends[i] + rest <= starts[j] or ends[j] + rest <= starts[i] for j in busy[p])

        def price(k: int) -> int:
            cand = self.candidates[k]
            person = problem.interpreters[cand.interpreter]
            item = problem.items[cand.item]
            if person.rate_per == "hour":
                return hourly_cost(person.rate, item.minutes)
            if (cand.interpreter, item.day) in paid:
                return 0
            # A day not yet paid: its rate shared over the minutes the day could hold.
            return person.rate * item.minutes // max(person.daily_max_minutes, item.minutes)

        def rank(k: int) -> tuple[float, int]:
            # With a guide (the relaxation's x), its largest values first.
            return (0.0 if guide is None else -round(guide[k], 3), price(k))

        def supply(i: int, channel: str) -> float:
            need = problem.rules.team_size(problem.items[i].minutes)
            return len(self.by_booth.get((i, channel), [])) / need

        order = sorted(
            range(len(problem.items)),
            key=lambda i: (min(supply(i, c) for c in problem.items[i].channels), starts[i]),
        )
        direct_booths: set[tuple[int, str]] = set()
        # Two passes over every booth: interpreters working from the floor first, so that a
        # relay never takes the place of a direct interpreter another booth needs; relays then
        # fill what is left.
        for relay in (False, True):
            for i in order:
                item = problem.items[i]
                need = problem.rules.team_size(item.minutes)
                for channel in sorted(item.channels, key=lambda c: supply(i, c)):
                    have = sum(1 for k in self.by_booth.get((i, channel), []) if k in chosen)
                    options = [
                        k
                        for k in self.by_booth.get((i, channel), [])
                        if self.candidates[k].relay == relay
                        and (
                            not relay
                            or any((i, x) in direct_booths for x in self.candidates[k].pivots)
                        )
                    ]
                    for k in sorted(options, key=rank):
                        if have >= need:
                            break
                        if k in chosen or not fits(k):
                            continue
                        cand = self.candidates[k]
                        chosen.add(k)
                        have += 1
                        busy[cand.interpreter].append(i)
                        minutes[cand.interpreter, item.day] += item.minutes
                        paid.add((cand.interpreter, item.day))
                        if not relay:
                            direct_booths.add((i, channel))
        return chosen

    def valid(self, chosen: set[int]) -> bool:
        """`chosen` keeps every rule: full teams, relays through a direct booth, rest and
        daily maxima (availability and qualification hold for every candidate)."""
        problem = self.problem
        team: dict[tuple[int, str], int] = defaultdict(int)
        direct = set()
        by_person: dict[int, list[int]] = defaultdict(list)
        for k in chosen:
            cand = self.candidates[k]
            team[cand.item, cand.channel] += 1
            if not cand.relay:
                direct.add((cand.item, cand.channel))
            by_person[cand.interpreter].append(cand.item)
        for i, item in enumerate(problem.items):
            for channel in item.channels:
                if team[i, channel] != problem.rules.team_size(item.minutes):
                    return False
        for k in chosen:
            cand = self.candidates[k]
            if cand.relay and not any((cand.item, x) in direct for x in cand.pivots):
                return False
        rest = datetime.timedelta(minutes=problem.rules.min_rest_minutes)
        for p, worked in by_person.items():
            worked.sort(key=lambda i: problem.items[i].start)
            minutes: dict[object, int] = defaultdict(int)
            for n, i in enumerate(worked):
                minutes[problem.items[i].day] += problem.items[i].minutes
                if n and problem.items[i].start < problem.items[worked[n - 1]].end + rest:
                    return False
            if max(minutes.values()) > problem.interpreters[p].daily_max_minutes:
                return False
        return True

    def hint(self, chosen: set[int]) -> int:
        """Hint the roster `chosen` (candidate indices); returns its missing places."""
        self.model.clear_hints()
        for k, var in enumerate(self.x):
            self.model.add_hint(var, k in chosen)
        team: dict[tuple[int, str], int] = defaultdict(int)
        for k in chosen:
            team[self.candidates[k].item, self.candidates[k].channel] += 1
        missing = 0
        for i, item in enumerate(self.problem.items):
            need = self.problem.rules.team_size(item.minutes)
            for channel in item.channels:
                missing += need - team[i, channel]
                if (i, channel) in self.shortage:
                    self.model.add_hint(self.shortage[i, channel], need - team[i, channel])
        paid = {
            (self.candidates[k].interpreter, self.problem.items[self.candidates[k].item].day)
            for k in chosen
        }
        for key, var in self.days.items():
            self.model.add_hint(var, key in paid)
        direct = {
            (self.candidates[k].item, self.candidates[k].channel)
            for k in chosen
            if not self.candidates[k].relay
        }
        for key, var in self.direct_in.items():
            self.model.add_hint(var, key in direct)
        return missing

    def _paid(self, key: tuple[int, object]) -> cp_model.IntVar:
        """The literal "interpreter p is paid for this day" (day rates)."""
        if key not in self.days:
            self.days[key] = self.model.new_bool_var(f"day{key}")
        return self.days[key]


LINEARIZATION = 2
# Groups with at most this many candidates are left to CP-SAT alone (it proves them optimal
# quickly); larger ones go to the relaxation and large neighbourhood search.
SMALL = 2500
# Of a large group's time left after the relaxation, the share of the model restricted to the
# relaxation's support (the rest goes to large neighbourhood search).
SUPPORT_SHARE = 0.5
# With several groups, a large group first searches until this share of its time; the time
# left goes to the groups furthest from their bounds, SLICE seconds at a time.
FIRST_PASS = 0.7
SLICE = 2.0


def _solver(time_limit: float, workers: int, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.linearization_level = LINEARIZATION
    if 1 < workers < 8:
        # Few workers: CP-SAT's default full-problem worker uses a lighter linear relaxation;
        # this model's bound (day rates as fixed charges) needs the full one ("max_lp").
        solver.parameters.subsolvers.append("max_lp")
    return solver


def components(problem: Problem) -> list[list[int]]:
    """Groups of items that share no rule with other groups: items of one day (daily maxima,
    day rates) and items too close for rest (an evening item and the next morning's) go
    together. The objective is a sum over assignments and interpreter-days, so the best
    roster is the union of each group's best roster."""
    parent = list(range(len(problem.items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first_of_day: dict[object, int] = {}
    for i, item in enumerate(problem.items):
        parent[root(i)] = root(first_of_day.setdefault(item.day, i))
    rest = problem.rules.min_rest_minutes * 60
    reach, holder = float("-inf"), -1
    for i in sorted(range(len(problem.items)), key=lambda i: problem.items[i].start):
        item = problem.items[i]
        if item.start.timestamp() < reach:
            parent[root(i)] = root(holder)
        if item.end.timestamp() + rest > reach:
            reach, holder = item.end.timestamp() + rest, i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(problem.items)):
        groups[root(i)].append(i)
    return sorted(groups.values())


def solve(
    problem: Problem,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    exact_up_to: int = SMALL,
) -> Solution:
    """Solve each independent group of items (usually: each day) in turn, sharing the time
    in proportion to their size, and join the answers: optimal only when every group is.
    Groups of at most `exact_up_to` candidates go to CP-SAT's whole model; larger ones to the
    linear relaxation (the bound), the model restricted to its support and large neighbourhood
    search (see `_solve_one`)."""
    started = time.monotonic()
    groups = components(problem)
    if len(groups) <= 1:
        return _solve_one(problem, time_limit, workers, seed, exact_up_to)
    rules = replace(problem.rules, relay_penalty=problem.relay_penalty)
    sizes = [sum(len(problem.items[i].channels) for i in group) for group in groups]
    parts = []
    pending: dict[int, list] = {}
    reserve = 0.0  # kept for the groups furthest from their bounds
    for n, group in enumerate(groups):
        ids = {problem.items[i].id for i in group}
        part = Problem(
            tuple(problem.items[i] for i in group),
            problem.interpreters,
            rules,
            None
            if problem.previous is None
            else tuple(e for e in problem.previous if e.item in ids),
        )
        left = max(time_limit - (time.monotonic() - started) - reserve, 0.1)
        share = left * sizes[n] / sum(sizes[n:])
        later: dict[str, object] = {}
        solution = _solve_one(part, share, workers, seed, exact_up_to, FIRST_PASS, later)
        parts.append((part, solution))
        if later:
            pending[n] = [later["roster"], later["best"], later["bound"]]
            reserve += share * (1 - FIRST_PASS)
    # What the large groups left of the time goes, a slice at a time, to the group furthest
    # from its bound.
    rounds = 0
    while pending and time.monotonic() < started + time_limit - 0.2:
        n = max(pending, key=lambda n: parts[n][1].objective - pending[n][2])
        roster, best, bound = pending[n]
        part, solution = parts[n]
        end = min(started + time_limit, time.monotonic() + SLICE)
        rounds += 1
        searching = time.monotonic()
        best, proven, searched = improve(
            part, roster, best, end, workers, seed + rounds, RosterModel, bound
        )
        stats = dict(solution.stats)
        for key in ("neighbourhoods", "improvements"):
            stats[key] = stats.get(key, 0) + searched[key]
        stats["search_seconds"] = round(
            stats.get("search_seconds", 0) + time.monotonic() - searching, 3
        )
        value = objective(part, roster, best, roster.weight)
        parts[n] = (part, _answer(part, roster, best, value if proven else bound, proven, stats))
        pending[n][1] = best
        if proven:
            del pending[n]
    return _join(problem, parts, time.monotonic() - started)


def _join(problem: Problem, parts: list[tuple[Problem, Solution]], wall: float) -> Solution:
    solutions = [solution for _, solution in parts]
    stats = {
        "groups": len(parts),
        "group_statuses": [
            f"{s.status} {100 * s.gap:.1f}%" if s.gap is not None else s.status for s in solutions
        ],
        "variables": sum(s.stats.get("variables", 0) for s in solutions),
        "build_seconds": round(sum(s.stats.get("build_seconds", 0) for s in solutions), 3),
        "wall_seconds": round(wall, 3),
    }
    for key in ("solve_seconds", "relaxation_seconds", "support_seconds", "search_seconds"):
        stats[key] = round(sum(s.stats.get(key, 0) for s in solutions), 3)
    for key in ("neighbourhoods", "improvements"):
        stats[key] = sum(s.stats.get(key, 0) for s in solutions)
    statuses = {s.status for s in solutions}
    if "infeasible" in statuses:
        uncovered = [u for s in solutions if s.status == "infeasible" for u in s.uncovered]
        reasons = [s.reason for s in solutions if s.status == "infeasible" and s.reason]
        return Solution("infeasible", uncovered=uncovered, reason="; ".join(reasons), stats=stats)
    if "unknown" in statuses:
        return Solution("unknown", reason="no roster found within the time limit", stats=stats)
    weight = change_weight(problem)
    cost = sum(s.cost or 0 for s in solutions)
    relays = sum(s.relays or 0 for s in solutions)
    changes = sum(s.changes or 0 for s in solutions)
    primary = cost + problem.relay_penalty * relays
    # Each group's bound is on W_g × primary_g + changes_g with changes_g < W_g.
    lower = 0
    for part, s in parts:
        w = change_weight(part)
        lower += max(0, -(-((s.bound or 0) - (w - 1)) // w)) if w > 1 else (s.bound or 0)
    optimal = statuses == {"optimal"}
    objective = weight * primary + changes
    return Solution(
        "optimal" if optimal else "feasible",
        assignments=[a for s in solutions for a in s.assignments],
        objective=objective,
        bound=objective if optimal else min(weight * lower, objective),
        cost=cost,
        relays=relays,
        changes=changes,
        stats=stats,
    )


def _solve_one(
    problem: Problem,
    time_limit: float,
    workers: int,
    seed: int,
    exact_up_to: int = SMALL,
    search_share: float = 1.0,
    later: dict[str, object] | None = None,
) -> Solution:
    """Solve one group to optimality or to the time limit.

    A greedy roster (or the previous one) is the hint. When it leaves places empty, a first
    model looks for a complete roster (fewest missing places) within up to a third of the
    time: if none exists, the answer is infeasible with the channels left short; if it finds
    one, that roster is the hint of the cost model. (Large groups try the relaxation's
    rosters first and run that model only when those are incomplete too.)

    A group of at most `exact_up_to` candidates: CP-SAT's whole model gets the rest of the
    time. A larger one: the linear relaxation (GLOP) gives the bound and a guide for a second
    greedy roster; CP-SAT solves the model restricted to the relaxation's support (plus the
    best roster so far) for half the time left; large neighbourhood search improves the best
    roster until the time is up. Optimal only when the bound proves it.

    `search_share`, `later`: a large group searches only until that share of its time is
    used, and leaves its state in `later` (roster, best, bound) for more search (`solve`)."""
    started = time.monotonic()
    roster = RosterModel(problem)
    if problem.previous:  # a published roster to keep as far as possible
        chosen = {
            k
            for k, c in enumerate(roster.candidates)
            if Previous(problem.items[c.item].id, c.channel, problem.interpreters[c.interpreter].id)
            in set(problem.previous)
        }
    else:
        chosen = roster.greedy()
    missing = roster.hint(chosen)
    stats: dict[str, object] = {
        "build_seconds": round(time.monotonic() - started, 3),
        "variables": len(roster.x),
        "workers": workers,
        "hint_missing": missing,
    }
    deadline = started + time_limit
    large = len(roster.x) > exact_up_to
    if missing and not large:
        answer, chosen = _cover(problem, roster, chosen, time_limit / 3, workers, seed, stats)
        if answer is not None:
            stats["wall_seconds"] = round(time.monotonic() - started, 3)
            return answer
    if not large:
        # CP-SAT alone: it proves groups of this size optimal in well under a second.
        answer, found = _whole(roster, deadline - time.monotonic(), workers, seed, stats)
        stats["wall_seconds"] = round(time.monotonic() - started, 3)
        if answer is not None:
            return answer
        best, bound, optimal = found
        return _answer(problem, roster, best, bound, optimal, stats)
    # A large group: the linear relaxation gives the bound and guides a greedy roster; the best
    # complete roster at hand is then improved by large neighbourhood search.
    bound = 0
    lp_started = time.monotonic()
    relaxed = relax(problem, roster.candidates, max(deadline - time.monotonic(), 0.1))
    stats["relaxation_seconds"] = round(time.monotonic() - lp_started, 3)
    starts = [chosen, roster.greedy()]
    if relaxed is not None:
        stats["relaxation_bound"] = relaxed.floor_bound
        bound = roster.weight * relaxed.floor_bound
        starts.append(roster.greedy(relaxed.guide))
    valid = [s for s in starts if roster.valid(s)]
    if relaxed is not None and not math.isinf(relaxed.value):
        # The relaxation's support (with the best start): a small model CP-SAT solves fast,
        # whose best roster is usually within a few percent of the bound.
        hint = min(
            valid, key=lambda s: objective(problem, roster, s, roster.weight), default=chosen
        )
        support = {k for k, v in enumerate(relaxed.guide) if v > 1e-6} | hint
        # When the support alone holds no complete roster, the candidates whose reduced cost
        # is zero too (as cheap as the support at the relaxation's prices).
        tight = {k for k, v in enumerate(relaxed.reduced) if v <= 1e-6 * max(1.0, relaxed.value)}
        for keep in (sorted(support), sorted(support | tight)):
            among = RosterModel(problem, among=[roster.candidates[k] for k in keep])
            for n, k in enumerate(keep):
                among.model.add_hint(among.x[n], k in hint)
            limit = max((deadline - time.monotonic()) * SUPPORT_SHARE, 0.1)
            solver = _solver(limit, workers, seed)
            code = solver.solve(among.model)
            stats["support"] = f"{len(keep)} candidates, {solver.status_name(code).lower()}"
            stats["support_seconds"] = round(stats.get("support_seconds", 0) + solver.wall_time, 3)
            if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                valid.append(
                    {keep[n] for n, var in enumerate(among.x) if solver.boolean_value(var)}
                )
            if code != cp_model.INFEASIBLE:
                break
    if not valid and missing:
        # Still no complete roster: the coverage model (fewest missing places) for a third of
        # the time left: it proves which channels cannot be covered, or finds a roster.
        limit = (deadline - time.monotonic()) / 3
        answer, chosen = _cover(problem, roster, chosen, limit, workers, seed, stats)
        if answer is not None:
            stats["wall_seconds"] = round(time.monotonic() - started, 3)
            return answer
        if roster.valid(chosen):
            valid = [chosen]
    if not valid:
        # No complete roster yet: the whole model, hinted, for half the time left.
        limit = (deadline - time.monotonic()) / 2
        answer, found = _whole(roster, limit, workers, seed, stats)
        stats["wall_seconds"] = round(time.monotonic() - started, 3)
        if answer is not None:
            return answer
        first, whole_bound, optimal = found
        bound = max(bound, whole_bound)
        if optimal:
            return _answer(problem, roster, first, bound, True, stats)
        valid = [first]
    best = min(valid, key=lambda s: objective(problem, roster, s, roster.weight))
    stats["start_objective"] = objective(problem, roster, best, roster.weight)
    searching = time.monotonic()
    first = min(deadline, started + time_limit * search_share)
    best, proven, searched = improve(
        problem, roster, best, first, workers, seed, RosterModel, bound
    )
    stats |= searched
    stats["search_seconds"] = round(time.monotonic() - searching, 3)
    stats["wall_seconds"] = round(time.monotonic() - started, 3)
    value = objective(problem, roster, best, roster.weight)
    if not proven and later is not None:
        later |= {"roster": roster, "best": best, "bound": bound}
    return _answer(problem, roster, best, value if proven else min(bound, value), proven, stats)


def _whole(
    roster: RosterModel, time_limit: float, workers: int, seed: int, stats: dict[str, object]
) -> tuple[Solution | None, tuple[set[int], int, bool]]:
    """CP-SAT on the whole model: an answer when there is no roster (infeasible or unknown),
    else None and the roster found, CP-SAT's bound and whether it is proven optimal."""
    solver = _solver(max(time_limit, 0.1), workers, seed)
    code = solver.solve(roster.model)
    stats["solve_seconds"] = round(solver.wall_time, 3)
    if code == cp_model.INFEASIBLE:
        answer = Solution("infeasible", reason="no roster meets every rule", stats=stats)
        return answer, (set(), 0, False)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        answer = Solution("unknown", reason="no roster found within the time limit", stats=stats)
        return answer, (set(), 0, False)
    best = {k for k in range(len(roster.x)) if solver.boolean_value(roster.x[k])}
    bound = math.ceil(solver.best_objective_bound - 1e-6)
    return None, (best, bound, code == cp_model.OPTIMAL)


def _cover(
    problem: Problem,
    roster: RosterModel,
    chosen: set[int],
    time_limit: float,
    workers: int,
    seed: int,
    stats: dict[str, object],
) -> tuple[Solution | None, set[int]]:
    """The coverage model (teams may fall short; fewest missing places), hinted with `chosen`:
    an infeasible answer naming the short channels when it proves some must stay short, else
    None and its complete roster (hinted into `roster`), or `chosen` when it found none."""
    cover = RosterModel(problem, coverage_only=True)
    cover.hint(chosen)
    solver = _solver(max(time_limit, 0.1), workers, seed)
    code = solver.solve(cover.model)
    stats["coverage_seconds"] = round(solver.wall_time, 3)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, chosen
    short = {key: solver.value(var) for key, var in cover.shortage.items()}
    if not any(short.values()):
        chosen = {k for k in range(len(cover.x)) if solver.boolean_value(cover.x[k])}
        roster.hint(chosen)
        return None, chosen
    if code != cp_model.OPTIMAL:
        return None, chosen  # not proven: the cost model tries with the time left
    uncovered = []
    for (i, channel), gap in short.items():
        if gap:
            need = problem.rules.team_size(problem.items[i].minutes)
            uncovered.append(Uncovered(problem.items[i].id, channel, need, need - gap))
    listed = "; ".join(f"{u.item} → {u.channel} ({u.assigned}/{u.needed})" for u in uncovered)
    return (
        Solution(
            "infeasible",
            uncovered=uncovered,
            reason=f"these channels cannot all be covered together: {listed}",
            stats=stats,
        ),
        chosen,
    )


def _answer(
    problem: Problem,
    roster: RosterModel,
    chosen: set[int],
    bound: int,
    optimal: bool,
    stats: dict[str, object],
) -> Solution:
    """The solution for the roster `chosen`, its figures recomputed from the assignments."""
    value = objective(problem, roster, chosen, roster.weight)
    cost = relays = 0
    days = set()
    for k in chosen:
        cand = roster.candidates[k]
        relays += cand.relay
        person = problem.interpreters[cand.interpreter]
        if person.rate_per == "hour":
            cost += hourly_cost(person.rate, problem.items[cand.item].minutes)
        elif person.rate:
            days.add((cand.interpreter, problem.items[cand.item].day))
    cost += sum(problem.interpreters[p].rate for p, _ in days)
    changes = value - roster.weight * (cost + problem.relay_penalty * relays)
    return Solution(
        "optimal" if optimal else "feasible",
        assignments=_assignments(problem, roster, chosen),
        objective=value,
        bound=value if optimal else min(bound, value),
        cost=cost,
        relays=relays,
        changes=changes,
        stats=stats,
    )


def _assignments(problem: Problem, roster: RosterModel, chosen: set[int]) -> list[Assignment]:
    direct = {
        (roster.candidates[k].item, roster.candidates[k].channel)
        for k in chosen
        if not roster.candidates[k].relay
    }
    result = []
    for k in chosen:
        cand = roster.candidates[k]
        via = next((x for x in cand.pivots if (cand.item, x) in direct), None)
        result.append(
            Assignment(
                problem.items[cand.item].id,
                cand.channel,
                problem.interpreters[cand.interpreter].id,
                via,
            )
        )
    order = {item.id: n for n, item in enumerate(problem.items)}
    result.sort(key=lambda a: (order[a.item], a.channel, a.interpreter))
    return result
