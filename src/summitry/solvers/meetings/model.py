"""The meeting problem: JSON in, validated dataclasses out (errors name the offending id)."""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

FORMAT = "summitry.meetings/1"


class ProblemError(ValueError):
    """The problem cannot be read as written; the message names the offending id."""


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime.datetime
    end: datetime.datetime
    block: str


@dataclass(frozen=True)
class Location:
    id: str
    capacity: int


@dataclass(frozen=True)
class Resource:
    id: str
    capacity: int


@dataclass(frozen=True)
class Participant:
    id: str
    unavailable: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Meeting:
    """A requested meeting. A multi-slot meeting occupies `duration_slots` consecutive slots of
    one block, each in `allowed_slots` and free for every participant, in one location;
    `fixed_slot` is its first slot. A meeting may be scheduled only if every meeting in
    `after` is scheduled and ends before it starts."""

    id: str
    participants: tuple[str, ...]
    allowed_slots: frozenset[str] | None = None
    fixed_slot: str | None = None
    after: tuple[str, ...] = ()
    priority: int = 1
    required: bool = False
    duration_slots: int = 1
    allowed_locations: frozenset[str] | None = None
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Objective:
    idle_gaps: str = "minimize"
    fairness_max_difference: int | None = None


@dataclass(frozen=True)
class Problem:
    slots: tuple[Slot, ...]
    locations: tuple[Location, ...]
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    resources: tuple[Resource, ...] = ()
    objective: Objective = Objective()

    @cached_property
    def slot_index(self) -> dict[str, int]:
        return {slot.id: i for i, slot in enumerate(self.slots)}

    @cached_property
    def meeting_by_id(self) -> dict[str, Meeting]:
        return {meeting.id: meeting for meeting in self.meetings}

    @cached_property
    def participant_by_id(self) -> dict[str, Participant]:
        return {participant.id: participant for participant in self.participants}

    @cached_property
    def location_by_id(self) -> dict[str, Location]:
        return {location.id: location for location in self.locations}

    @cached_property
    def resource_by_id(self) -> dict[str, Resource]:
        return {resource.id: resource for resource in self.resources}

    def occupied(self, meeting: Meeting, first: int) -> list[int] | None:
        """The slot indices a meeting starting at `first` occupies, or None if it does not fit:
        `duration_slots` consecutive slots of one block."""
        last = first + meeting.duration_slots - 1
        if first < 0 or last >= len(self.slots):
            return None
        block = self.slots[first].block
        if any(self.slots[i].block != block for i in range(first, last + 1)):
            return None
        return list(range(first, last + 1))


def load_problem(path: str | Path) -> Problem:
    """Read and validate a problem file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ProblemError(f"not valid JSON ({error})") from error
    return parse_problem(data)


def parse_problem(data: Any) -> Problem:
    """Validate a decoded JSON problem; raise ProblemError naming the first problem found."""
    top = _object(data, "the problem")
    _keys(
        top,
        "the problem",
        required={"format", "slots", "locations", "participants", "meetings"},
        optional={"objective", "resources"},
    )
    if top["format"] != FORMAT:
        raise ProblemError(f'format must be "{FORMAT}", not {json.dumps(top["format"])}')
    slots = _slots(top["slots"])
    slot_ids = {slot.id for slot in slots}
    locations = tuple(
        Location(id_, capacity)
        for id_, capacity in _capacities(top["locations"], "location", "locations")
    )
    resources = tuple(
        Resource(id_, capacity)
        for id_, capacity in _capacities(top.get("resources", []), "resource", "resources")
    )
    participants = _participants(top["participants"], slot_ids)
    problem = Problem(
        slots=slots,
        locations=locations,
        participants=participants,
        meetings=(),
        resources=resources,
        objective=_objective(top.get("objective", {})),
    )
    meetings = _meetings(top["meetings"], problem)
    problem = Problem(
        slots=slots,
        locations=locations,
        participants=participants,
        meetings=meetings,
        resources=resources,
        objective=problem.objective,
    )
    _check_fixed_slots(problem)
    _check_after_acyclic(meetings)
    return problem


def _object(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProblemError(f"{what} must be a JSON object")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProblemError(f"{what} must be a list")
    return value


def _keys(obj: Mapping[str, Any], what: str, *, required: set[str], optional: set[str]) -> None:
    missing = sorted(required - obj.keys())
    if missing:
        raise ProblemError(f"{what}: missing {', '.join(missing)}")
    unknown = sorted(obj.keys() - required - optional)
    if unknown:
        raise ProblemError(f"{what}: unknown field {', '.join(unknown)}")


def _string(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ProblemError(f"{what} must be a non-empty string")
    return value


def _integer(value: Any, what: str, *, minimum: int) -> int:
    # bool is an int in Python; `true` is never a count in JSON.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ProblemError(f"{what} must be an integer, not {json.dumps(value)}")
    if value < minimum:
        raise ProblemError(f"{what} must be at least {minimum}, not {value}")
    return value


def _ids(items: list[Any], kind: str) -> list[tuple[str, Mapping[str, Any]]]:
    """Each item's id and object, refusing a missing or duplicate id."""
    seen: set[str] = set()
    result = []
    for position, item in enumerate(items, start=1):
        obj = _object(item, f"{kind} number {position}")
        if "id" not in obj:
            raise ProblemError(f"{kind} number {position}: missing id")
        id_ = _string(obj["id"], f"{kind} number {position}: id")
        if id_ in seen:
            raise ProblemError(f'duplicate {kind} id "{id_}"')
        seen.add(id_)
        result.append((id_, obj))
    return result


def _time(value: Any, what: str) -> datetime.datetime:
    text = _string(value, what)
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError as error:
        raise ProblemError(
            f"{what}: {json.dumps(text)} is not an ISO 8601 date and time"
        ) from error
    if moment.tzinfo is None:
        # Naive and aware times cannot be ordered; slots of a summit carry its UTC offset.
        raise ProblemError(f"{what}: {text} lacks a UTC offset (e.g. +09:00)")
    return moment


def _slots(value: Any) -> tuple[Slot, ...]:
    slots: list[Slot] = []
    closed_blocks: set[str] = set()
    for id_, obj in _ids(_list(value, "slots"), "slot"):
        what = f'slot "{id_}"'
        _keys(obj, what, required={"id", "start", "end", "block"}, optional=set())
        slot = Slot(
            id=id_,
            start=_time(obj["start"], f"{what}: start"),
            end=_time(obj["end"], f"{what}: end"),
            block=_string(obj["block"], f"{what}: block"),
        )
        if slot.end <= slot.start:
            raise ProblemError(f"{what}: end must be after start")
        if slots:
            previous = slots[-1]
            if slot.start < previous.end:
                raise ProblemError(
                    f"{what}: slots must be listed in time order without overlap; it starts "
                    f'before slot "{previous.id}" ends'
                )
            if slot.block != previous.block:
                closed_blocks.add(previous.block)
        if slot.block in closed_blocks:
            raise ProblemError(
                f'{what}: block "{slot.block}" resumes after another block; '
                "a block's slots must be consecutive"
            )
        slots.append(slot)
    if not slots:
        raise ProblemError("slots: at least one slot is needed")
    return tuple(slots)


def _capacities(value: Any, kind: str, key: str) -> list[tuple[str, int]]:
    result = []
    for id_, obj in _ids(_list(value, key), kind):
        what = f'{kind} "{id_}"'
        _keys(obj, what, required={"id", "capacity"}, optional=set())
        result.append((id_, _integer(obj["capacity"], f"{what}: capacity", minimum=1)))
    return result


def _slot_refs(value: Any, what: str, slot_ids: set[str]) -> frozenset[str]:
    refs = _list(value, what)
    for ref in refs:
        if ref not in slot_ids:
            raise ProblemError(f"{what}: unknown slot {json.dumps(ref)}")
    if len(set(refs)) != len(refs):
        raise ProblemError(f"{what}: a slot is listed twice")
    return frozenset(refs)


def _participants(value: Any, slot_ids: set[str]) -> tuple[Participant, ...]:
    result = []
    for id_, obj in _ids(_list(value, "participants"), "participant"):
        what = f'participant "{id_}"'
        _keys(obj, what, required={"id"}, optional={"unavailable"})
        unavailable = _slot_refs(obj.get("unavailable", []), f"{what}: unavailable", slot_ids)
        result.append(Participant(id_, unavailable))
    return tuple(result)


def _objective(value: Any) -> Objective:
    obj = _object(value, "objective")
    _keys(obj, "objective", required=set(), optional={"idle_gaps", "fairness_max_difference"})
    idle_gaps = obj.get("idle_gaps", "minimize")
    if idle_gaps != "minimize":
        raise ProblemError(f'objective: idle_gaps must be "minimize", not {json.dumps(idle_gaps)}')
    fairness = obj.get("fairness_max_difference")
    if fairness is not None:
        fairness = _integer(fairness, "objective: fairness_max_difference", minimum=0)
    return Objective(idle_gaps=idle_gaps, fairness_max_difference=fairness)


_MEETING_FIELDS = {
    "allowed_slots",
    "fixed_slot",
    "after",
    "priority",
    "required",
    "duration_slots",
    "allowed_locations",
    "needs",
}


def _refs(value: Any, what: str, known: Mapping[str, Any] | set[str], kind: str) -> list[str]:
    refs = _list(value, what)
    for ref in refs:
        if ref not in known:
            raise ProblemError(f"{what}: unknown {kind} {json.dumps(ref)}")
    if len(set(refs)) != len(refs):
        raise ProblemError(f"{what}: a {kind} is listed twice")
    return refs


def _meetings(value: Any, problem: Problem) -> tuple[Meeting, ...]:
    items = _ids(_list(value, "meetings"), "meeting")
    meeting_ids = {id_ for id_, _obj in items}
    slot_ids = set(problem.slot_index)
    result = []
    for id_, obj in items:
        what = f'meeting "{id_}"'
        _keys(obj, what, required={"id", "participants"}, optional=_MEETING_FIELDS)
        participants = _refs(
            obj["participants"], f"{what}: participants", problem.participant_by_id, "participant"
        )
        if not participants:
            raise ProblemError(f"{what}: participants must name at least one participant")
        allowed_slots = obj.get("allowed_slots")
        if allowed_slots is not None:
            allowed_slots = _slot_refs(allowed_slots, f"{what}: allowed_slots", slot_ids)
        fixed_slot = obj.get("fixed_slot")
        if fixed_slot is not None and fixed_slot not in slot_ids:
            raise ProblemError(f"{what}: fixed_slot: unknown slot {json.dumps(fixed_slot)}")
        after = _refs(obj.get("after", []), f"{what}: after", meeting_ids, "meeting")
        allowed_locations = obj.get("allowed_locations")
        if allowed_locations is not None:
            allowed_locations = frozenset(
                _refs(
                    allowed_locations,
                    f"{what}: allowed_locations",
                    problem.location_by_id,
                    "location",
                )
            )
        required = obj.get("required", False)
        if not isinstance(required, bool):
            raise ProblemError(f"{what}: required must be true or false")
        result.append(
            Meeting(
                id=id_,
                participants=tuple(participants),
                allowed_slots=allowed_slots,
                fixed_slot=fixed_slot,
                after=tuple(after),
                priority=_integer(obj.get("priority", 1), f"{what}: priority", minimum=0),
                required=required,
                duration_slots=_integer(
                    obj.get("duration_slots", 1), f"{what}: duration_slots", minimum=1
                ),
                allowed_locations=allowed_locations,
                needs=tuple(
                    _refs(
                        obj.get("needs", []), f"{what}: needs", problem.resource_by_id, "resource"
                    )
                ),
            )
        )
    return tuple(result)


def _check_fixed_slots(problem: Problem) -> None:
    for meeting in problem.meetings:
        if meeting.fixed_slot is None:
            continue
        what = f'meeting "{meeting.id}"'
        span = problem.occupied(meeting, problem.slot_index[meeting.fixed_slot])
        if span is None:
            raise ProblemError(
                f"{what}: fixed_slot {meeting.fixed_slot} leaves no room for "
                f"{meeting.duration_slots} consecutive slots of its block"
            )
        if meeting.allowed_slots is not None:
            outside = [
                problem.slots[i].id
                for i in span
                if problem.slots[i].id not in meeting.allowed_slots
            ]
            if outside:
                raise ProblemError(
                    f"{what}: fixed_slot {meeting.fixed_slot} is outside its allowed_slots "
                    f"({', '.join(outside)} not allowed)"
                )


def _check_after_acyclic(meetings: tuple[Meeting, ...]) -> None:
    after = {meeting.id: meeting.after for meeting in meetings}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in after:
        if root in state:
            continue
        # Iterative depth-first search: long `after` chains must not hit the recursion limit.
        path = [root]
        stack = [iter(after[root])]
        state[root] = 1
        while stack:
            following = next(stack[-1], None)
            if following is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(following) == 1:
                cycle = path[path.index(following) :] + [following]
                raise ProblemError("after: cycle " + " → ".join(cycle))
            elif following not in state:
                state[following] = 1
                path.append(following)
                stack.append(iter(after[following]))
