"""The interpretation roster problem: JSON in (`summitry.interpretation/1`), dataclasses out.

Errors name the offending item, interpreter or field, so that a caller can show them as they are.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

FORMAT = "summitry.interpretation/1"
CLASSES = ("A", "B", "C")


class ProblemError(ValueError):
    """The problem cannot be read as written; the message names what is wrong and where."""


@dataclass(frozen=True)
class Rules:
    """The rules' parameters. Defaults follow AIIC's team-strength guidance for simultaneous
    interpretation (see docs/INTERPRETATION.md): one interpreter alone up to 40 minutes of
    working time, two per booth up to 4 hours, three up to 6 hours, four beyond."""

    # An item lasting at most team_thresholds[k] minutes needs k + 1 interpreters per channel;
    # a longer item than the last threshold needs len(team_thresholds) + 1.
    team_thresholds: tuple[int, ...] = (40, 240, 360)
    min_rest_minutes: int = 30  # between the end of one assignment and the start of the next
    daily_max_minutes: int = 360  # when an interpreter states none
    # What one interpreter working from a relay (another booth) rather than the floor costs in
    # the objective, in the currency of the rates; None: the dearest interpreter's day.
    relay_penalty: int | None = None

    def team_size(self, minutes: int) -> int:
        for k, threshold in enumerate(self.team_thresholds):
            if minutes <= threshold:
                return k + 1
        return len(self.team_thresholds) + 1


@dataclass(frozen=True)
class Item:
    """A programme item to interpret: `floor` is its spoken language; `channels` the languages
    it must be interpreted into (one booth each)."""

    id: str
    start: datetime.datetime
    end: datetime.datetime
    floor: str
    channels: tuple[str, ...]

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def day(self) -> datetime.date:
        """The day the item counts for (daily maxima, day rates): its start's date in the offset
        it was written with."""
        return self.start.date()


@dataclass(frozen=True)
class Window:
    start: datetime.datetime
    end: datetime.datetime


@dataclass(frozen=True)
class Interpreter:
    """`languages` maps a language code to its AIIC class (A native, B active, C passive).
    `works_into_b` False: the interpreter does not work into their B language in the booth.
    `availability` None: always available. `rate` is an integer amount per `rate_per` ("hour"
    or "day")."""

    id: str
    languages: Mapping[str, str]
    works_into_b: bool = True
    availability: tuple[Window, ...] | None = None
    daily_max_minutes: int = 360
    rate: int = 0
    rate_per: str = "day"

    def can_interpret(self, source: str, target: str) -> bool:
        """From `source` into `target`: understands the source (any class) and works into the
        target (A, or B if the interpreter works into B)."""
        if source == target or source not in self.languages:
            return False
        into = self.languages.get(target)
        return into == "A" or (into == "B" and self.works_into_b)

    def available(self, start: datetime.datetime, end: datetime.datetime) -> bool:
        if self.availability is None:
            return True
        return any(w.start <= start and end <= w.end for w in self.availability)

    def day_cost(self) -> int:
        """What a full day of this interpreter costs (an hourly rate over 8 hours)."""
        return self.rate if self.rate_per == "day" else self.rate * 8


@dataclass(frozen=True)
class Previous:
    item: str
    channel: str
    interpreter: str


@dataclass(frozen=True)
class Problem:
    items: tuple[Item, ...]
    interpreters: tuple[Interpreter, ...]
    rules: Rules = Rules()
    # The published roster when re-solving; None: there is none (no changes are counted).
    # An empty tuple is an empty published roster: every assignment is then a change.
    previous: tuple[Previous, ...] | None = None

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {item.id: item for item in self.items}

    @cached_property
    def interpreter_by_id(self) -> dict[str, Interpreter]:
        return {p.id: p for p in self.interpreters}

    @cached_property
    def relay_penalty(self) -> int:
        if self.rules.relay_penalty is not None:
            return self.rules.relay_penalty
        return max((p.day_cost() for p in self.interpreters), default=0)


def hourly_cost(rate: int, minutes: int) -> int:
    """An hourly rate over `minutes`, rounded to the nearest unit (halves up)."""
    return (rate * minutes * 2 + 60) // 120


def load_problem(path: str | Path) -> Problem:
    """Read and check a problem file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ProblemError(f"not valid JSON ({error})") from error
    return parse_problem(data)


def _datetime(value: Any, where: str) -> datetime.datetime:
    if not isinstance(value, str):
        raise ProblemError(f"{where}: expected an ISO date and time with offset, got {value!r}")
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError as error:
        raise ProblemError(f"{where}: {value!r} is not an ISO date and time") from error
    if parsed.tzinfo is None:
        raise ProblemError(f"{where}: {value!r} has no UTC offset")
    return parsed


def _int(value: Any, where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ProblemError(f"{where}: expected an integer ≥ {minimum}, got {value!r}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ProblemError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _mapping(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProblemError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ProblemError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _known(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ProblemError(f"{where}: unknown field(s) {', '.join(unknown)}")


def _rules(data: Any) -> Rules:
    data = _mapping(data, "rules")
    _known(
        data,
        {"team_thresholds", "min_rest_minutes", "daily_max_minutes", "relay_penalty"},
        "rules",
    )
    defaults = Rules()
    thresholds = defaults.team_thresholds
    if "team_thresholds" in data:
        values = _list(data["team_thresholds"], "rules.team_thresholds")
        thresholds = tuple(_int(v, "rules.team_thresholds", 1) for v in values)
        if list(thresholds) != sorted(set(thresholds)):
            raise ProblemError("rules.team_thresholds: expected strictly increasing minutes")
    penalty = data.get("relay_penalty")
    return Rules(
        team_thresholds=thresholds,
        min_rest_minutes=_int(
            data.get("min_rest_minutes", defaults.min_rest_minutes), "rules.min_rest_minutes"
        ),
        daily_max_minutes=_int(
            data.get("daily_max_minutes", defaults.daily_max_minutes), "rules.daily_max_minutes"
        ),
        relay_penalty=None if penalty is None else _int(penalty, "rules.relay_penalty"),
    )


def _item(data: Any, k: int) -> Item:
    data = _mapping(data, f"items[{k}]")
    _known(data, {"id", "start", "end", "floor", "channels", "title"}, f"items[{k}]")
    item_id = _text(data.get("id"), f"items[{k}].id")
    where = f"item {item_id}"
    start = _datetime(data.get("start"), f"{where}: start")
    end = _datetime(data.get("end"), f"{where}: end")
    if end <= start:
        raise ProblemError(f"{where}: ends ({data['end']}) before or when it starts")
    floor = _text(data.get("floor"), f"{where}: floor")
    channels = tuple(_text(c, f"{where}: channels") for c in _list(data.get("channels"), where))
    if len(set(channels)) != len(channels):
        raise ProblemError(f"{where}: a channel is listed twice")
    if floor in channels:
        raise ProblemError(f"{where}: channel {floor} is the floor language; it needs no booth")
    return Item(item_id, start, end, floor, channels)


def _interpreter(data: Any, k: int, rules: Rules) -> Interpreter:
    data = _mapping(data, f"interpreters[{k}]")
    _known(
        data,
        {"id", "name", "languages", "works_into_b", "availability", "daily_max_minutes", "rate"},
        f"interpreters[{k}]",
    )
    ident = _text(data.get("id"), f"interpreters[{k}].id")
    where = f"interpreter {ident}"
    languages = _mapping(data.get("languages"), f"{where}: languages")
    if not languages:
        raise ProblemError(f"{where}: no languages")
    for language, klass in languages.items():
        if klass not in CLASSES:
            raise ProblemError(f"{where}: language {language} has class {klass!r}, not A, B or C")
    works_into_b = data.get("works_into_b", True)
    if not isinstance(works_into_b, bool):
        raise ProblemError(f"{where}: works_into_b must be true or false")
    availability = None
    if data.get("availability") is not None:
        windows = []
        for j, window in enumerate(_list(data["availability"], f"{where}: availability")):
            window = _mapping(window, f"{where}: availability[{j}]")
            _known(window, {"start", "end"}, f"{where}: availability[{j}]")
            start = _datetime(window.get("start"), f"{where}: availability[{j}].start")
            end = _datetime(window.get("end"), f"{where}: availability[{j}].end")
            if end <= start:
                raise ProblemError(f"{where}: availability[{j}] ends before it starts")
            windows.append(Window(start, end))
        availability = tuple(windows)
    daily = _int(
        data.get("daily_max_minutes", rules.daily_max_minutes), f"{where}: daily_max_minutes"
    )
    rate = _mapping(data.get("rate", {"amount": 0, "per": "day"}), f"{where}: rate")
    _known(rate, {"amount", "per", "currency"}, f"{where}: rate")
    per = rate.get("per", "day")
    if per not in ("hour", "day"):
        raise ProblemError(f"{where}: rate.per must be 'hour' or 'day', got {per!r}")
    amount = _int(rate.get("amount", 0), f"{where}: rate.amount")
    return Interpreter(ident, dict(languages), works_into_b, availability, daily, amount, per)


def parse_problem(data: Any) -> Problem:
    """Check a decoded JSON document and build the problem."""
    data = _mapping(data, "problem")
    if data.get("format") != FORMAT:
        raise ProblemError(f"format: expected {FORMAT!r}, got {data.get('format')!r}")
    _known(data, {"format", "rules", "items", "interpreters", "previous", "name"}, "problem")
    rules = _rules(data.get("rules", {}))
    items = tuple(_item(d, k) for k, d in enumerate(_list(data.get("items"), "items")))
    interpreters = tuple(
        _interpreter(d, k, rules)
        for k, d in enumerate(_list(data.get("interpreters"), "interpreters"))
    )
    named = (("item", [i.id for i in items]), ("interpreter", [p.id for p in interpreters]))
    for kind, ids in named:
        seen: set[str] = set()
        for ident in ids:
            if ident in seen:
                raise ProblemError(f"{kind} {ident}: the id is used twice")
            seen.add(ident)
    problem = Problem(items, interpreters, rules)
    if data.get("previous") is None:
        return problem
    previous = []
    for k, entry in enumerate(_list(data["previous"], "previous")):
        entry = _mapping(entry, f"previous[{k}]")
        _known(entry, {"item", "channel", "interpreter", "via"}, f"previous[{k}]")
        item = problem.item_by_id.get(entry.get("item"))
        if item is None:
            raise ProblemError(f"previous[{k}]: unknown item {entry.get('item')!r}")
        if entry.get("channel") not in item.channels:
            raise ProblemError(
                f"previous[{k}]: item {item.id} has no channel {entry.get('channel')!r}"
            )
        if entry.get("interpreter") not in problem.interpreter_by_id:
            raise ProblemError(f"previous[{k}]: unknown interpreter {entry.get('interpreter')!r}")
        previous.append(Previous(item.id, entry["channel"], entry["interpreter"]))
    if len(set(previous)) != len(previous):
        raise ProblemError("previous: an assignment is listed twice")
    return Problem(items, interpreters, rules, tuple(previous))
