"""Check a roster against every hard rule and recompute its objective, without the model.

This module shares only the parsed problem with the solver: qualification, team sizes, rest,
daily maxima, relays and costs are worked out again here, from the rules as documented in
docs/INTERPRETATION.md.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from .problem import Problem
from .solution import SOLUTION_FORMAT, STATUSES


def _works_into(languages: dict[str, str], works_into_b: bool, source: str, target: str) -> bool:
    if source == target or source not in languages:
        return False
    return languages.get(target) == "A" or (languages.get(target) == "B" and works_into_b)


def _team(problem: Problem, minutes: int) -> int:
    size = 1
    for threshold in problem.rules.team_thresholds:
        if minutes > threshold:
            size += 1
    return size


def evaluate(problem: Problem, assignments: list[dict[str, Any]]) -> dict[str, int]:
    """Cost, relays, changes and the objective of a roster, from its assignments alone."""
    items = {item.id: item for item in problem.items}
    people = {p.id: p for p in problem.interpreters}
    cost = relays = 0
    days: set[tuple[str, datetime.date]] = set()
    for a in assignments:
        item, person = items[a["item"]], people[a["interpreter"]]
        minutes = int((item.end - item.start).total_seconds() // 60)
        if person.rate_per == "hour":
            cost += round_half_up(person.rate * minutes, 60)
        else:
            days.add((person.id, item.start.date()))
        if a.get("via") is not None:
            relays += 1
    cost += sum(people[pid].rate for pid, _ in days)
    if problem.rules.relay_penalty is not None:
        penalty = problem.rules.relay_penalty
    else:
        penalty = max(
            (p.rate if p.rate_per == "day" else 8 * p.rate for p in problem.interpreters),
            default=0,
        )
    now = {(a["item"], a["channel"], a["interpreter"]) for a in assignments}
    before = {(e.item, e.channel, e.interpreter) for e in problem.previous or ()}
    changes = 0 if problem.previous is None else len(now ^ before)
    weight = 1
    if problem.previous is not None:
        places = sum(
            _team(problem, int((i.end - i.start).total_seconds() // 60)) * len(i.channels)
            for i in problem.items
        )
        weight = len(before) + places + 1
    return {
        "cost": cost,
        "relays": relays,
        "changes": changes,
        "objective": weight * (cost + penalty * relays) + changes,
    }


def round_half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


def verify(problem: Problem, solution: dict[str, Any]) -> list[str]:
    """Every broken rule, as a sentence; an empty list when the solution is valid."""
    errors: list[str] = []
    if solution.get("format") != SOLUTION_FORMAT:
        errors.append(f"format is {solution.get('format')!r}, not {SOLUTION_FORMAT!r}")
    status = solution.get("status")
    if status not in STATUSES:
        return [*errors, f"unknown status {status!r}"]
    assignments = solution.get("assignments") or []
    if status in ("infeasible", "unknown"):
        if assignments:
            errors.append(f"a {status} solution lists assignments")
        if status == "infeasible" and not solution.get("uncovered") and not solution.get("reason"):
            errors.append("an infeasible solution names no uncovered channel and no reason")
        return errors
    items = {item.id: item for item in problem.items}
    people = {p.id: p for p in problem.interpreters}
    valid = []
    for a in assignments:
        label = f"{a.get('interpreter')} in {a.get('item')} → {a.get('channel')}"
        item, person = items.get(a.get("item")), people.get(a.get("interpreter"))
        if item is None or person is None or a.get("channel") not in item.channels:
            errors.append(f"{label}: unknown item, channel or interpreter")
            continue
        valid.append(a)
        if person.availability is not None and not any(
            w.start <= item.start and item.end <= w.end for w in person.availability
        ):
            errors.append(f"{label}: not available for the whole item")
        via = a.get("via")
        source = item.floor if via is None else via
        if via is not None and (via not in item.channels or via == a["channel"]):
            errors.append(f"{label}: relay from {via!r}, not another channel of the item")
        elif not _works_into(dict(person.languages), person.works_into_b, source, a["channel"]):
            errors.append(f"{label}: cannot interpret {source} into {a['channel']}")
    # Teams.
    teams: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for a in valid:
        teams[a["item"], a["channel"]].append(a)
    for item in problem.items:
        need = _team(problem, int((item.end - item.start).total_seconds() // 60))
        for channel in item.channels:
            team = teams.get((item.id, channel), [])
            if len(team) != need:
                errors.append(f"{item.id} → {channel}: team of {len(team)}, needs {need}")
            for a in team:
                if a.get("via") is not None and not any(
                    b.get("via") is None for b in teams.get((item.id, a["via"]), [])
                ):
                    errors.append(
                        f"{a['interpreter']} in {item.id} → {channel}: relay from {a['via']}, "
                        "whose booth has nobody working from the floor"
                    )
    # Per interpreter: one place at a time, rest between, daily maximum.
    rest = datetime.timedelta(minutes=problem.rules.min_rest_minutes)
    by_person: dict[str, list[Any]] = defaultdict(list)
    for a in valid:
        by_person[a["interpreter"]].append(items[a["item"]])
    for pid, worked in by_person.items():
        worked.sort(key=lambda i: (i.start, i.id))
        for n, first in enumerate(worked):
            for second in worked[n + 1 :]:
                if second.start < first.end + rest:
                    errors.append(
                        f"{pid}: {first.id} and {second.id} overlap or leave less than "
                        f"{problem.rules.min_rest_minutes} minutes of rest"
                    )
        minutes: dict[datetime.date, int] = defaultdict(int)
        for i in worked:
            minutes[i.start.date()] += int((i.end - i.start).total_seconds() // 60)
        limit = people[pid].daily_max_minutes
        for day, total in sorted(minutes.items()):
            if total > limit:
                errors.append(f"{pid}: {total} minutes on {day}, more than {limit}")
    if errors:
        return errors
    # The objective, recomputed.
    figures = evaluate(problem, valid)
    for key, value in figures.items():
        if solution.get(key) != value:
            errors.append(f"{key} is {solution.get(key)!r}; recomputed {value}")
    bound = solution.get("bound")
    if bound is not None and bound > figures["objective"]:
        errors.append(f"bound {bound} is above the objective {figures['objective']}")
    if status == "optimal" and bound != figures["objective"]:
        errors.append(f"optimal, but the bound {bound!r} is not the objective")
    return errors
