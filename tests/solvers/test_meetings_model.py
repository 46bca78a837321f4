"""The meeting problem format: what it reads, and a clear error naming each kind of bad input.

The builders here (`problem`, `meeting`, `slots`) serve the other meeting tests too.
"""

from __future__ import annotations

import copy
import datetime
from typing import Any

import pytest

from summitry.solvers.meetings import ProblemError, parse_problem
from summitry.solvers.meetings.model import Meeting, Objective, Participant


def slots(count: int, blocks: int = 1) -> list[dict[str, Any]]:
    """`count` 20-minute slots s1, s2, … one hour apart, split evenly into `blocks` days."""
    result = []
    for i in range(count):
        block = i * blocks // count
        result.append(
            {
                "id": f"s{i + 1}",
                "start": f"2023-09-{25 + block}T{9 + i:02d}:00:00+09:00",
                "end": f"2023-09-{25 + block}T{9 + i:02d}:20:00+09:00",
                "block": f"day{block + 1}",
            }
        )
    return result


def problem(
    *,
    n_slots: int = 3,
    blocks: int = 1,
    locations: list[dict[str, Any]] | None = None,
    participants: tuple[Any, ...] = ("seoul", "wellington", "kyiv"),
    meetings: tuple[dict[str, Any], ...] = (),
    fairness: int | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A problem as decoded JSON; participants are ids or whole objects."""
    data = {
        "format": "summitry.meetings/1",
        "slots": slots(n_slots, blocks),
        "locations": locations or [{"id": "room-1", "capacity": 1}],
        "participants": [p if isinstance(p, dict) else {"id": p} for p in participants],
        "meetings": list(meetings),
        "objective": {"idle_gaps": "minimize", "fairness_max_difference": fairness},
    }
    data.update(extra)
    return copy.deepcopy(data)


def meeting(id_: str, *participants: str, **fields: Any) -> dict[str, Any]:
    return {"id": id_, "participants": list(participants), **fields}


SPEC_EXAMPLE = {
    "format": "summitry.meetings/1",
    "slots": [
        {
            "id": "s01",
            "start": "2023-09-25T09:00:00+09:00",
            "end": "2023-09-25T09:20:00+09:00",
            "block": "day1",
        },
        {
            "id": "s02",
            "start": "2023-09-25T09:30:00+09:00",
            "end": "2023-09-25T09:50:00+09:00",
            "block": "day1",
        },
        {
            "id": "s03",
            "start": "2023-09-25T10:00:00+09:00",
            "end": "2023-09-25T10:20:00+09:00",
            "block": "day1",
        },
    ],
    "locations": [{"id": "room-1", "capacity": 1}],
    "participants": [{"id": "seoul", "unavailable": ["s03"]}, {"id": "wellington"}],
    "meetings": [
        {
            "id": "m001",
            "participants": ["seoul", "wellington"],
            "allowed_slots": None,
            "fixed_slot": None,
            "after": [],
            "priority": 1,
            "required": True,
        }
    ],
    "objective": {"idle_gaps": "minimize", "fairness_max_difference": 2},
}


def test_the_spec_example_reads_into_dataclasses():
    parsed = parse_problem(SPEC_EXAMPLE)
    assert [s.id for s in parsed.slots] == ["s01", "s02", "s03"]
    assert parsed.slots[0].start == datetime.datetime(
        2023, 9, 25, 9, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
    )
    assert parsed.participants[0] == Participant("seoul", frozenset({"s03"}))
    assert parsed.meetings == (
        Meeting(id="m001", participants=("seoul", "wellington"), required=True),
    )
    assert parsed.objective == Objective("minimize", 2)
    assert parsed.resources == ()


def test_optional_fields_take_their_defaults():
    parsed = parse_problem(problem(meetings=[meeting("m1", "seoul", "kyiv")], objective={}))
    assert parsed.meetings[0] == Meeting(
        id="m1",
        participants=("seoul", "kyiv"),
        allowed_slots=None,
        fixed_slot=None,
        after=(),
        priority=1,
        required=False,
        duration_slots=1,
        allowed_locations=None,
        needs=(),
    )
    assert parsed.objective == Objective("minimize", None)


def test_the_extensions_are_read():
    data = problem(
        locations=[{"id": "room-1", "capacity": 1}, {"id": "hall", "capacity": 3}],
        resources=[{"id": "interp-ko-en", "capacity": 2}],
        meetings=[
            meeting(
                "m1",
                "seoul",
                "kyiv",
                duration_slots=2,
                allowed_locations=["hall"],
                needs=["interp-ko-en"],
            )
        ],
    )
    parsed = parse_problem(data)
    assert parsed.meetings[0].duration_slots == 2
    assert parsed.meetings[0].allowed_locations == frozenset({"hall"})
    assert parsed.meetings[0].needs == ("interp-ko-en",)
    assert [(r.id, r.capacity) for r in parsed.resources] == [("interp-ko-en", 2)]


def _with(change) -> dict[str, Any]:
    data = problem(meetings=[meeting("m1", "seoul", "wellington"), meeting("m2", "seoul", "kyiv")])
    change(data)
    return data


BAD_INPUTS = {
    "wrong format": (
        lambda d: d.update(format="summitry.meetings/2"),
        'format must be "summitry.meetings/1", not "summitry.meetings/2"',
    ),
    "missing part": (lambda d: d.pop("slots"), "the problem: missing slots"),
    "unknown top-level field": (
        lambda d: d.update(rooms=[]),
        "the problem: unknown field rooms",
    ),
    "duplicate slot": (
        lambda d: d["slots"].append(dict(d["slots"][0])),
        'duplicate slot id "s1"',
    ),
    "duplicate participant": (
        lambda d: d["participants"].append({"id": "kyiv"}),
        'duplicate participant id "kyiv"',
    ),
    "duplicate meeting": (
        lambda d: d["meetings"].append(meeting("m1", "kyiv", "seoul")),
        'duplicate meeting id "m1"',
    ),
    "duplicate location": (
        lambda d: d["locations"].append({"id": "room-1", "capacity": 2}),
        'duplicate location id "room-1"',
    ),
    "location capacity 0": (
        lambda d: d["locations"][0].update(capacity=0),
        'location "room-1": capacity must be at least 1, not 0',
    ),
    "resource capacity 0": (
        lambda d: d.update(resources=[{"id": "interp", "capacity": 0}]),
        'resource "interp": capacity must be at least 1, not 0',
    ),
    "capacity not a number": (
        lambda d: d["locations"][0].update(capacity=True),
        'location "room-1": capacity must be an integer, not true',
    ),
    "unknown participant": (
        lambda d: d["meetings"][0].update(participants=["seoul", "tokyo"]),
        'meeting "m1": participants: unknown participant "tokyo"',
    ),
    "participant twice": (
        lambda d: d["meetings"][0].update(participants=["seoul", "seoul"]),
        'meeting "m1": participants: a participant is listed twice',
    ),
    "no participant": (
        lambda d: d["meetings"][0].update(participants=[]),
        'meeting "m1": participants must name at least one participant',
    ),
    "unknown unavailable slot": (
        lambda d: d["participants"][0].update(unavailable=["s9"]),
        'participant "seoul": unavailable: unknown slot "s9"',
    ),
    "unknown allowed slot": (
        lambda d: d["meetings"][0].update(allowed_slots=["s1", "s9"]),
        'meeting "m1": allowed_slots: unknown slot "s9"',
    ),
    "unknown fixed slot": (
        lambda d: d["meetings"][0].update(fixed_slot="s9"),
        'meeting "m1": fixed_slot: unknown slot "s9"',
    ),
    "fixed slot outside allowed slots": (
        lambda d: d["meetings"][0].update(fixed_slot="s2", allowed_slots=["s1", "s3"]),
        'meeting "m1": fixed_slot s2 is outside its allowed_slots (s2 not allowed)',
    ),
    "fixed slot without room for the duration": (
        lambda d: d["meetings"][0].update(fixed_slot="s3", duration_slots=2),
        'meeting "m1": fixed_slot s3 leaves no room for 2 consecutive slots of its block',
    ),
    "unknown meeting in after": (
        lambda d: d["meetings"][1].update(after=["m9"]),
        'meeting "m2": after: unknown meeting "m9"',
    ),
    "after cycle": (
        lambda d: (d["meetings"][0].update(after=["m2"]), d["meetings"][1].update(after=["m1"])),
        "after: cycle m1 → m2 → m1",
    ),
    "after itself": (
        lambda d: d["meetings"][1].update(after=["m2"]),
        "after: cycle m2 → m2",
    ),
    "unknown location": (
        lambda d: d["meetings"][0].update(allowed_locations=["room-9"]),
        'meeting "m1": allowed_locations: unknown location "room-9"',
    ),
    "unknown resource": (
        lambda d: d["meetings"][0].update(needs=["interp"]),
        'meeting "m1": needs: unknown resource "interp"',
    ),
    "misspelt field": (
        lambda d: d["meetings"][0].update(priorty=2),
        'meeting "m1": unknown field priorty',
    ),
    "negative priority": (
        lambda d: d["meetings"][0].update(priority=-1),
        'meeting "m1": priority must be at least 0, not -1',
    ),
    "duration 0": (
        lambda d: d["meetings"][0].update(duration_slots=0),
        'meeting "m1": duration_slots must be at least 1, not 0',
    ),
    "required not a boolean": (
        lambda d: d["meetings"][0].update(required="yes"),
        'meeting "m1": required must be true or false',
    ),
    "slots out of order": (
        lambda d: d["slots"].reverse(),
        'slot "s2": slots must be listed in time order without overlap; it starts before '
        'slot "s3" ends',
    ),
    "slot ending before it starts": (
        lambda d: d["slots"][0].update(end="2023-09-25T08:00:00+09:00"),
        'slot "s1": end must be after start',
    ),
    "time without offset": (
        lambda d: d["slots"][0].update(start="2023-09-25T09:00:00"),
        'slot "s1": start: 2023-09-25T09:00:00 lacks a UTC offset (e.g. +09:00)',
    ),
    "time not a time": (
        lambda d: d["slots"][0].update(start="nine"),
        'slot "s1": start: "nine" is not an ISO 8601 date and time',
    ),
    "block resumed": (
        lambda d: d["slots"][1].update(block="day2"),
        'slot "s3": block "day1" resumes after another block; a block\'s slots must be consecutive',
    ),
    "unknown objective": (
        lambda d: d["objective"].update(idle_gaps="maximize"),
        'objective: idle_gaps must be "minimize", not "maximize"',
    ),
    "negative fairness": (
        lambda d: d["objective"].update(fairness_max_difference=-1),
        "objective: fairness_max_difference must be at least 0, not -1",
    ),
    "slot without id": (
        lambda d: d["slots"][0].pop("id"),
        "slot number 1: missing id",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_refused_with_a_message_naming_it(case):
    change, message = BAD_INPUTS[case]
    with pytest.raises(ProblemError) as error:
        parse_problem(_with(change))
    assert str(error.value) == message


def test_a_problem_must_be_an_object():
    with pytest.raises(ProblemError, match="^the problem must be a JSON object$"):
        parse_problem([])


def test_slots_are_needed():
    with pytest.raises(ProblemError, match="^slots: at least one slot is needed$"):
        parse_problem(problem() | {"slots": []})
