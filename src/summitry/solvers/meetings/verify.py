"""The verifier: every rule of a solution checked against its problem, independently of the solver.

Fairness counts only participants with at least one scheduled meeting: the largest number of
idle gaps minus the smallest, over those participants, must not exceed
`fairness_max_difference` (0 when nobody has a meeting). A participant without a meeting has
no day to be idle in, so counting them would pin the minimum at 0 and punish everyone else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import Problem
from .solution import SOLUTION_FORMAT, STATUSES

# meeting id → (index of its first slot, location id)
Placements = Mapping[str, tuple[int, str]]


@dataclass(frozen=True)
class Evaluation:
    violations: list[str]
    gaps: dict[str, int]  # per participant with at least one scheduled meeting
    idle_gaps: int
    max_gap_difference: int
    scheduled_priority: int


def evaluate(problem: Problem, placements: Placements) -> Evaluation:
    """The rule violations and the objective figures of a placement of meetings."""
    violations: list[str] = []
    spans: dict[str, list[int]] = {}
    busy: dict[tuple[str, int], str] = {}
    location_load: Counter[tuple[str, int]] = Counter()
    resource_load: Counter[tuple[str, int]] = Counter()
    slots = problem.slots
    for meeting_id, (first, location) in placements.items():
        meeting = problem.meeting_by_id[meeting_id]
        what = f'meeting "{meeting_id}"'
        span = problem.occupied(meeting, first)
        if span is None:
            violations.append(
                f"{what}: {meeting.duration_slots} consecutive slots of one block do not fit "
                f"from slot {slots[first].id}"
            )
            continue
        spans[meeting_id] = span
        if meeting.fixed_slot is not None and slots[first].id != meeting.fixed_slot:
            violations.append(f"{what}: fixed to {meeting.fixed_slot}, placed at {slots[first].id}")
        for t in span:
            if meeting.allowed_slots is not None and slots[t].id not in meeting.allowed_slots:
                violations.append(f"{what}: slot {slots[t].id} is not in its allowed_slots")
            location_load[location, t] += 1
            for resource in meeting.needs:
                resource_load[resource, t] += 1
            for participant in meeting.participants:
                if slots[t].id in problem.participant_by_id[participant].unavailable:
                    violations.append(
                        f'{what}: participant "{participant}" is unavailable in slot {slots[t].id}'
                    )
                other = busy.setdefault((participant, t), meeting_id)
                if other != meeting_id:
                    violations.append(
                        f'participant "{participant}" is in meetings "{other}" and '
                        f'"{meeting_id}" in slot {slots[t].id}'
                    )
        if meeting.allowed_locations is not None and location not in meeting.allowed_locations:
            violations.append(f'{what}: location "{location}" is not in its allowed_locations')
    for (location, t), load in sorted(location_load.items()):
        capacity = problem.location_by_id[location].capacity
        if load > capacity:
            violations.append(
                f'location "{location}" holds {load} meetings in slot {slots[t].id}, '
                f"capacity {capacity}"
            )
    for (resource, t), load in sorted(resource_load.items()):
        capacity = problem.resource_by_id[resource].capacity
        if load > capacity:
            violations.append(
                f'resource "{resource}" is needed by {load} meetings in slot {slots[t].id}, '
                f"capacity {capacity}"
            )
    for meeting_id, span in spans.items():
        for earlier in problem.meeting_by_id[meeting_id].after:
            if earlier not in placements:
                violations.append(
                    f'meeting "{meeting_id}" is scheduled but "{earlier}", which must come '
                    "before it, is not"
                )
            elif earlier in spans and spans[earlier][-1] >= span[0]:
                violations.append(
                    f'meeting "{meeting_id}" must come after "{earlier}" but starts in slot '
                    f"{slots[span[0]].id}"
                )
    for meeting in problem.meetings:
        if meeting.required and meeting.id not in placements:
            violations.append(f'meeting "{meeting.id}" is required but not scheduled')
    gaps = _gaps(problem, set(busy))
    counts = list(gaps.values())
    difference = max(counts) - min(counts) if counts else 0
    limit = problem.objective.fairness_max_difference
    if limit is not None and difference > limit:
        violations.append(
            f"fairness: idle gaps range from {min(counts)} to {max(counts)}, a difference of "
            f"{difference} above the allowed {limit}"
        )
    return Evaluation(
        violations=violations,
        gaps=gaps,
        idle_gaps=sum(counts),
        max_gap_difference=difference,
        scheduled_priority=sum(problem.meeting_by_id[m].priority for m in placements),
    )


def _gaps(problem: Problem, busy: set[tuple[str, int]]) -> dict[str, int]:
    """Idle gaps per participant with a meeting: maximal idle runs between two of their
    meetings in one block."""
    gaps: dict[str, int] = {}
    for participant in problem.participants:
        if not any((participant.id, t) in busy for t in range(len(problem.slots))):
            continue
        count = 0
        block = None
        met = idle = False  # met: a meeting earlier in this block; idle: since the last one
        for t, slot in enumerate(problem.slots):
            if slot.block != block:
                block, met, idle = slot.block, False, False
            if (participant.id, t) in busy:
                if met and idle:
                    count += 1
                met, idle = True, False
            else:
                idle = True
        gaps[participant.id] = count
    return gaps


def verify(problem: Problem, solution: Any) -> list[str]:
    """Every violation of the problem's rules by a decoded JSON solution; [] when it is valid."""
    if not isinstance(solution, Mapping):
        return ["the solution must be a JSON object"]
    violations: list[str] = []
    if solution.get("format") != SOLUTION_FORMAT:
        violations.append(f'format must be "{SOLUTION_FORMAT}"')
    status = solution.get("status")
    if status not in STATUSES:
        violations.append(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    malformed = [
        f"{key} must be a list"
        for key in ("assignments", "unscheduled")
        if not isinstance(solution.get(key), list)
    ]
    if malformed:
        return violations + malformed  # nothing further can be checked
    placements, structure = _placements(problem, solution)
    violations += structure
    if status in ("infeasible", "unknown"):
        if placements:
            violations.append(f"an {status} answer assigns no meeting")
        if status == "infeasible" and not solution.get("reason"):
            violations.append("an infeasible answer gives its reason")
        return violations
    evaluation = evaluate(problem, placements)
    violations += evaluation.violations
    violations += _objective(solution.get("objective"), evaluation, status)
    return violations


def _placements(problem: Problem, solution: Mapping[str, Any]) -> tuple[dict, list[str]]:
    violations: list[str] = []
    placements: dict[str, tuple[int, str]] = {}
    seen: Counter[str] = Counter()
    for position, item in enumerate(solution["assignments"], start=1):
        if not isinstance(item, Mapping) or set(item) != {"meeting", "slot", "location"}:
            violations.append(f"assignment {position}: needs exactly meeting, slot and location")
            continue
        meeting, slot, location = item["meeting"], item["slot"], item["location"]
        unknown = [
            f"{kind} {value!r}"
            for kind, value, known in (
                ("meeting", meeting, problem.meeting_by_id),
                ("slot", slot, problem.slot_index),
                ("location", location, problem.location_by_id),
            )
            if not isinstance(value, str) or value not in known
        ]
        if unknown:
            violations.append(f"assignment {position}: unknown {', '.join(unknown)}")
            continue
        seen[meeting] += 1
        placements.setdefault(meeting, (problem.slot_index[slot], location))
    for meeting in solution["unscheduled"]:
        if not isinstance(meeting, str) or meeting not in problem.meeting_by_id:
            violations.append(f"unscheduled: unknown meeting {meeting!r}")
        else:
            seen[meeting] += 1
    for meeting in problem.meetings:
        if seen[meeting.id] != 1:
            violations.append(
                f'meeting "{meeting.id}" appears {seen[meeting.id]} times in assignments and '
                "unscheduled, not once"
            )
    return placements, violations


def _objective(objective: Any, evaluation: Evaluation, status: str) -> list[str]:
    if not isinstance(objective, Mapping):
        return ["objective must be an object with idle_gaps and max_gap_difference"]
    violations = []
    for key, actual in (
        ("idle_gaps", evaluation.idle_gaps),
        ("max_gap_difference", evaluation.max_gap_difference),
    ):
        if objective.get(key) != actual:
            violations.append(f"objective: {key} is {objective.get(key)!r}, recomputed {actual}")
    bound = objective.get("bound")
    if bound is not None:
        if isinstance(bound, bool) or not isinstance(bound, int) or bound > evaluation.idle_gaps:
            violations.append(
                f"objective: bound {bound!r} is not a lower bound of {evaluation.idle_gaps} gaps"
            )
        elif status == "optimal" and bound != evaluation.idle_gaps:
            violations.append(f"objective: optimal but the bound {bound} is below the gaps")
        gap = objective.get("gap")
        if isinstance(bound, int) and gap is not None and gap != evaluation.idle_gaps - bound:
            violations.append(
                f"objective: gap {gap!r} is not the gaps minus the bound "
                f"({evaluation.idle_gaps - bound})"
            )
    return violations
