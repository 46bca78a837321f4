"""Large neighbourhood search on a complete roster: free a few items, keep everything else, and
let CP-SAT re-roster the freed items exactly.

The freed items form a problem of their own: each interpreter keeps only the time their kept
assignments leave free (rest included), the minutes left of their daily maximum, and costs
nothing more for a day they are already paid for. Every roster of that small problem joined
with the kept assignments is a roster of the whole; it replaces the current one when the whole
objective, recomputed, is no worse.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from dataclasses import replace

from ortools.sat.python import cp_model

from .problem import Interpreter, Problem, Window, hourly_cost

Key = tuple[str, str, str]  # item id, channel, interpreter id


def objective(problem: Problem, roster: object, chosen: set[int], weight: int) -> int:
    """W × (cost + relay penalty × relays) + changes, as the CP-SAT model counts it."""
    cost = relays = 0
    days = set()
    for k in chosen:
        cand = roster.candidates[k]
        person = problem.interpreters[cand.interpreter]
        item = problem.items[cand.item]
        relays += cand.relay
        if person.rate_per == "hour":
            cost += hourly_cost(person.rate, item.minutes)
        elif person.rate:
            days.add((cand.interpreter, item.day))
    cost += sum(problem.interpreters[p].rate for p, _ in days)
    changes = 0
    if problem.previous is not None:
        now = {_key(problem, roster.candidates[k]) for k in chosen}
        before = {(e.item, e.channel, e.interpreter) for e in problem.previous}
        changes = len(now ^ before)
    return weight * (cost + problem.relay_penalty * relays) + changes


def _key(problem: Problem, cand: object) -> Key:
    return (
        problem.items[cand.item].id,
        cand.channel,
        problem.interpreters[cand.interpreter].id,
    )


def _free_windows(
    person: Interpreter, busy: list[tuple[datetime.datetime, datetime.datetime]], group_span
) -> tuple[Window, ...] | None:
    """`person`'s availability minus the busy stretches (kept items widened by the rest)."""
    if not busy:
        return person.availability
    windows = (
        list(person.availability)
        if person.availability is not None
        else [Window(group_span[0], group_span[1])]
    )
    for start, end in sorted(busy):
        cut = []
        for w in windows:
            if end <= w.start or w.end <= start:
                cut.append(w)
                continue
            if w.start < start:
                cut.append(Window(w.start, start))
            if end < w.end:
                cut.append(Window(end, w.end))
        windows = cut
    return tuple(windows)


def subproblem(
    problem: Problem, roster: object, chosen: set[int], free: set[int]
) -> tuple[Problem, set[Key]]:
    """The problem of the items `free` with the rest of `chosen` kept, and the freed part of
    the current roster (as keys) to hint."""
    rest = datetime.timedelta(minutes=problem.rules.min_rest_minutes)
    free_days = {problem.items[i].day for i in free}
    busy: dict[int, list] = defaultdict(list)
    worked: dict[tuple[int, object], int] = defaultdict(int)
    hinted: set[Key] = set()
    for k in chosen:
        cand = roster.candidates[k]
        item = problem.items[cand.item]
        if cand.item in free:
            hinted.add(_key(problem, cand))
            continue
        busy[cand.interpreter].append((item.start - rest, item.end + rest))
        worked[cand.interpreter, item.day] += item.minutes
    first = min(problem.items[i].start for i in free)
    last = max(problem.items[i].end for i in free)
    span = (first - datetime.timedelta(days=1), last + datetime.timedelta(days=1))
    people = []
    for p, person in enumerate(problem.interpreters):
        left = min(person.daily_max_minutes - worked[p, day] for day in free_days)
        if left <= 0:
            continue
        rate = person.rate
        if person.rate_per == "day" and all(worked[p, day] for day in free_days):
            rate = 0  # already paid for the day
        people.append(
            replace(
                person,
                availability=_free_windows(person, busy[p], span),
                daily_max_minutes=left,
                rate=rate,
            )
        )
    items = tuple(problem.items[i] for i in sorted(free))
    ids = {item.id for item in items}
    previous = (
        None if problem.previous is None else tuple(e for e in problem.previous if e.item in ids)
    )
    rules = replace(problem.rules, relay_penalty=problem.relay_penalty)
    return Problem(items, tuple(people), rules, previous), hinted


def _dearest(
    problem: Problem, roster: object, chosen: set[int], size: int, rng: random.Random
) -> set[int]:
    """Items of interpreters drawn with a chance growing with their cost per minute worked
    (a day rate over few minutes is dear), until there are `size` items."""
    minutes: dict[tuple[int, object], int] = defaultdict(int)
    items: dict[tuple[int, object], list[int]] = defaultdict(list)
    for k in chosen:
        cand = roster.candidates[k]
        item = problem.items[cand.item]
        minutes[cand.interpreter, item.day] += item.minutes
        items[cand.interpreter, item.day].append(cand.item)
    keys = sorted(minutes, key=repr)
    weights = []
    for p, day in keys:
        person = problem.interpreters[p]
        rate = person.rate if person.rate_per == "day" else person.rate * minutes[p, day] / 60
        weights.append(1 + rate / minutes[p, day])
    free: set[int] = set()
    while keys and len(free) < size:
        n = rng.choices(range(len(keys)), weights=weights)[0]
        free.update(items[keys[n]])
        keys.pop(n)
        weights.pop(n)
    return free


def _around(problem: Problem, order: list[int], centre: int, size: int) -> set[int]:
    """`centre` and the `size` - 1 items nearest to it in time (their interpreters are the
    ones who could take its booths directly)."""
    middle = (
        problem.items[centre].start + (problem.items[centre].end - problem.items[centre].start) / 2
    )

    def distance(i: int) -> float:
        item = problem.items[i]
        return abs((item.start + (item.end - item.start) / 2 - middle).total_seconds())

    return {centre, *sorted((i for i in order if i != centre), key=distance)[: size - 1]}


def improve(
    problem: Problem,
    roster: object,
    chosen: set[int],
    deadline: float,
    workers: int,
    seed: int,
    model_class: type,
    bound: int = 0,
) -> tuple[set[int], bool, dict[str, int]]:
    """Re-roster neighbourhoods of items until `deadline` (time.monotonic()) or until the
    roster reaches `bound`; returns the best roster found (candidate indices of `roster`),
    whether it is proven optimal (it meets the bound, or a neighbourhood of every item was
    solved to optimality), and counts of what was tried."""
    rng = random.Random(seed)  # noqa: S311 - a search order, not a secret
    weight = roster.weight
    current = set(chosen)
    value = objective(problem, roster, current, weight)
    index = {_key(problem, c): k for k, c in enumerate(roster.candidates)}
    order = sorted(range(len(problem.items)), key=lambda i: problem.items[i].start)
    size = min(8, len(order))
    stats = {"neighbourhoods": 0, "improvements": 0}
    proven = value <= bound
    while not proven and time.monotonic() < deadline - 0.05:
        stats["neighbourhoods"] += 1
        roll = rng.random()
        relayed = sorted({roster.candidates[k].item for k in current if roster.candidates[k].relay})
        if relayed and roll < 0.25:  # an item worked by relay, and the items around it
            free = _around(problem, order, rng.choice(relayed), size)
        elif roll < 0.5:  # the items of interpreters who cost most per minute worked
            free = _dearest(problem, roster, current, size, rng)
        elif roll < 0.8:  # consecutive items in time
            at = rng.randrange(len(order))
            lo = max(0, min(at - size // 2, len(order) - size))
            free = set(order[lo : lo + size])
        else:  # items scattered over the group
            free = set(rng.sample(order, size))
        part, hinted = subproblem(problem, roster, current, free)
        sub = model_class(part)
        for k, var in enumerate(sub.x):
            sub.model.add_hint(var, _key(part, sub.candidates[k]) in hinted)
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = rng.randrange(1 << 30)
        limit = min(2.0, deadline - time.monotonic())
        if limit <= 0.05:
            break
        solver.parameters.max_time_in_seconds = limit
        code = solver.solve(sub.model)
        if code == cp_model.OPTIMAL and solver.wall_time < 0.5 * limit:
            size = min(size + 1, len(order))
        elif code != cp_model.OPTIMAL:
            size = max(min(3, len(order)), size - 1)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            continue
        trial = {k for k in current if roster.candidates[k].item not in free}
        for k, var in enumerate(sub.x):
            if solver.boolean_value(var):
                trial.add(index[_key(part, sub.candidates[k])])
        score = objective(problem, roster, trial, weight)
        if score <= value:
            if score < value:
                stats["improvements"] += 1
            current, value = trial, score
        proven = value <= bound or (len(free) == len(order) and code == cp_model.OPTIMAL)
    return current, proven, stats
