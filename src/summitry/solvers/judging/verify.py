"""Check any assignment (the solver's or a hand-edited one) against every rule, in words."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from summitry.solvers.judging.model import (
    OPTIMAL,
    Objective,
    Problem,
    Solution,
    conflict_reasons,
    pair_score,
    shares_language,
)

Assignment = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Violation:
    """One broken rule, with the application and/or judge it concerns."""

    rule: str  # count, duplicate, unknown, conflict, language, max_load or min_load
    message: str
    application_id: str | None = None
    judge_id: str | None = None


@dataclass(frozen=True)
class Change:
    """A hand edit of one application: take `remove` off it and/or put `add` on it."""

    application_id: str
    remove: str | None = None
    add: str | None = None


def replace(application_id: str, old_judge: str, new_judge: str) -> list[Change]:
    """Replace one judge of an application by another."""
    return [Change(application_id, remove=old_judge, add=new_judge)]


def move(judge_id: str, from_application: str, to_application: str) -> list[Change]:
    """Move a judge from one application to another (both counts change)."""
    return [Change(from_application, remove=judge_id), Change(to_application, add=judge_id)]


def swap(app_a: str, judge_a: str, app_b: str, judge_b: str) -> list[Change]:
    """Exchange two judges between two applications (counts and loads stay)."""
    return [Change(app_a, remove=judge_a, add=judge_b), Change(app_b, remove=judge_b, add=judge_a)]


def _pairs(assignment: Assignment | Solution) -> Assignment:
    return assignment.assignments if isinstance(assignment, Solution) else assignment


def violations(problem: Problem, assignment: Assignment | Solution) -> list[Violation]:
    """Every rule the assignment breaks (empty when it keeps them all)."""
    pairs = _pairs(assignment)
    apps, judges = problem.index()
    k = problem.k
    found: list[Violation] = []
    for application_id in pairs:
        if application_id not in apps:
            found.append(
                Violation("unknown", f"unknown application {application_id}", application_id)
            )
    loads: Counter[str] = Counter()
    for application in problem.applications:
        given = list(pairs.get(application.id, ()))
        if len(given) != k:
            found.append(
                Violation(
                    "count",
                    f"application {application.id} has {len(given)} judge(s), needs exactly {k}",
                    application.id,
                )
            )
        for judge_id, times in Counter(given).items():
            if times > 1:
                found.append(
                    Violation(
                        "duplicate",
                        f"judge {judge_id} is assigned {times} times to application "
                        f"{application.id}",
                        application.id,
                        judge_id,
                    )
                )
        for judge_id in dict.fromkeys(given):
            judge = judges.get(judge_id)
            if judge is None:
                found.append(
                    Violation(
                        "unknown",
                        f"application {application.id} names unknown judge {judge_id}",
                        application.id,
                        judge_id,
                    )
                )
                continue
            loads[judge_id] += 1
            why = conflict_reasons(problem, application, judge)
            if why:
                found.append(
                    Violation(
                        "conflict",
                        f"judge {judge_id} is in conflict with application {application.id}: "
                        + "; ".join(why),
                        application.id,
                        judge_id,
                    )
                )
            if problem.rules.require_common_language and not shares_language(application, judge):
                found.append(
                    Violation(
                        "language",
                        f"judge {judge_id} shares no language with application "
                        f"{application.id} (application: {', '.join(application.languages)}; "
                        f"judge: {', '.join(judge.languages)})",
                        application.id,
                        judge_id,
                    )
                )
    for judge in problem.judges:
        load = loads[judge.id]
        if load > judge.max_load:
            found.append(
                Violation(
                    "max_load",
                    f"judge {judge.id} has {load} applications, above the load limit of "
                    f"{judge.max_load}",
                    judge_id=judge.id,
                )
            )
        if load < judge.min_load:
            found.append(
                Violation(
                    "min_load",
                    f"judge {judge.id} has {load} applications, below the minimum load of "
                    f"{judge.min_load}",
                    judge_id=judge.id,
                )
            )
    return found


def evaluate(problem: Problem, assignment: Assignment | Solution) -> Objective:
    """Recompute the objective from the pairs (unknown ids and repeats count once or not)."""
    pairs = _pairs(assignment)
    apps, judges = problem.index()
    loads = dict.fromkeys(judges, 0)
    total = 0
    for application_id, given in pairs.items():
        application = apps.get(application_id)
        for judge_id in dict.fromkeys(given):
            if application is None or judge_id not in judges:
                continue
            loads[judge_id] += 1
            total += pair_score(problem, application, judges[judge_id])
    values = list(loads.values())
    return Objective(
        total_score=total,
        max_load=max(values, default=0),
        min_load=min(values, default=0),
        load_sum_of_squares=sum(v * v for v in values),
    )


def verify(problem: Problem, assignment: Assignment | Solution) -> list[str]:
    """The broken rules in words; for a Solution, also a reported objective that is wrong."""
    messages = [v.message for v in violations(problem, assignment)]
    if isinstance(assignment, Solution):
        if assignment.status != OPTIMAL:
            messages.append(
                f"the solution is {assignment.status}: " + "; ".join(assignment.reasons)
            )
            return messages
        actual = evaluate(problem, assignment)
        if assignment.objective != actual:
            messages.append(f"the reported objective {assignment.objective} is not {actual}")
        if dict(assignment.loads) != _loads(problem, assignment):
            messages.append("the reported judge loads differ from the assignment")
    return messages


def _loads(problem: Problem, assignment: Assignment | Solution) -> dict[str, int]:
    loads = {j.id: 0 for j in problem.judges}
    for given in _pairs(assignment).values():
        for judge_id in dict.fromkeys(given):
            if judge_id in loads:
                loads[judge_id] += 1
    return loads


def apply_changes(
    assignment: Assignment | Solution, changes: Iterable[Change]
) -> dict[str, tuple[str, ...]]:
    """A new assignment with the changes made (the input is left as it was)."""
    result = {a: list(js) for a, js in _pairs(assignment).items()}
    for change in changes:
        given = result.setdefault(change.application_id, [])
        if change.remove is not None and change.remove in given:
            given.remove(change.remove)
        if change.add is not None:
            given.append(change.add)
    return {a: tuple(js) for a, js in result.items()}


def check_change(
    problem: Problem, assignment: Assignment | Solution, changes: Iterable[Change]
) -> list[str]:
    """What a hand edit breaks, in words: edits that do not apply, then every rule broken
    after it by an application or judge the edit touched (other problems are not repeated)."""
    changes = list(changes)
    pairs = _pairs(assignment)
    messages = []
    current = {a: list(js) for a, js in pairs.items()}
    for change in changes:
        given = current.setdefault(change.application_id, [])
        if change.remove is not None:
            if change.remove in given:
                given.remove(change.remove)
            else:
                messages.append(
                    f"judge {change.remove} is not assigned to application "
                    f"{change.application_id}, so it cannot be removed"
                )
        if change.add is not None:
            if change.add in given:
                messages.append(
                    f"judge {change.add} is already assigned to application {change.application_id}"
                )
            given.append(change.add)
    touched_apps = {c.application_id for c in changes}
    touched_judges = {j for c in changes for j in (c.remove, c.add) if j is not None}
    after = {a: tuple(js) for a, js in current.items()}
    for violation in violations(problem, after):
        if violation.rule == "duplicate":
            continue  # already said above, in the edit's own words
        if violation.application_id is not None and violation.judge_id is not None:
            relevant = violation.application_id in touched_apps and (
                violation.judge_id in touched_judges
            )
        else:
            relevant = (
                violation.application_id in touched_apps or violation.judge_id in touched_judges
            )
        if relevant:
            messages.append(violation.message)
    return messages
