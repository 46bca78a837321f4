"""The summit's interpretation as a `summitry.interpretation/1` problem for the solver, the
solver's answer read back, and the clashes of a roster as staff left it (hand edits included),
said in the reader's language. Items and interpreters are named ``item-<pk>`` and
``interpreter-<pk>`` in the problem."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from summitry.solvers.interpretation import FORMAT, Rules, parse_problem, verify

from . import queries
from .models import Assignment, Interpreter, OnlineItem

RULES = Rules()
# Turns in a booth: team members take over from one another every TURN minutes.
TURN_MINUTES = 30


def item_key(online: OnlineItem) -> str:
    return f"item-{online.pk}"


def interpreter_key(interpreter: Interpreter) -> str:
    return f"interpreter-{interpreter.pk}"


def availability(interpreter: Interpreter, items, zone) -> list[dict[str, str]] | None:
    """The solver's windows of availability: the gaps between the interpreter's unavailable
    periods, across the items' span (None: always available)."""
    if not interpreter.unavailable or not items:
        return None
    low = min(o.item.starts_at for o in items)
    high = max(o.item.ends_at for o in items)
    busy = sorted(
        (datetime.datetime.fromisoformat(p["start"]), datetime.datetime.fromisoformat(p["end"]))
        for p in interpreter.unavailable
    )
    windows, cursor = [], low
    for start, end in busy:
        if start > cursor:
            windows.append((cursor, min(start, high)))
        cursor = max(cursor, end)
    if cursor < high:
        windows.append((cursor, high))
    return [
        {"start": a.astimezone(zone).isoformat(), "end": b.astimezone(zone).isoformat()}
        for a, b in windows
        if a < b
    ]


def problem_data(summit, current: list[Assignment] | None = None) -> dict[str, Any]:
    """The problem in JSON form: every item with a booth (times in the summit's zone, so an
    item's day is the summit's day), every interpreter, and the current roster as the one to
    change as little as possible."""
    zone = summit.zone
    items = queries.interpreted_items(summit)
    data: dict[str, Any] = {
        "format": FORMAT,
        "items": [
            {
                "id": item_key(online),
                "start": online.item.starts_at.astimezone(zone).isoformat(),
                "end": online.item.ends_at.astimezone(zone).isoformat(),
                "floor": online.floor_language,
                "channels": queries.booths(online),
            }
            for online in items
        ],
        "interpreters": [
            {
                "id": interpreter_key(person),
                "languages": dict(person.languages),
                "works_into_b": person.works_into_b,
                "availability": availability(person, items, zone),
                "daily_max_minutes": person.daily_max_minutes,
                "rate": {
                    "amount": person.rate,
                    "per": person.rate_per,
                    "currency": person.currency,
                },
            }
            for person in queries.interpreters(summit)
        ],
    }
    if current:
        keys = {item_key(online) for online in items}
        channels = {item_key(o): set(queries.booths(o)) for o in items}
        previous = [
            {
                "item": item_key(a.online),
                "channel": a.channel,
                "interpreter": interpreter_key(a.interpreter),
            }
            for a in current
            if item_key(a.online) in keys and a.channel in channels[item_key(a.online)]
        ]
        data["previous"] = list({tuple(p.values()): p for p in previous}.values())
    return data


def roster_json(assignments: list[Assignment]) -> list[dict[str, Any]]:
    return [
        {
            "item": item_key(a.online),
            "channel": a.channel,
            "interpreter": interpreter_key(a.interpreter),
            "via": a.via or None,
        }
        for a in assignments
    ]


def verdict(summit, assignments: list[Assignment]) -> list[str]:
    """The solver's verifier on a roster as it stands (the solver's own words)."""
    problem = parse_problem(problem_data(summit))
    return verify(
        problem,
        {
            "format": "summitry.interpretation.solution/1",
            "status": "feasible",
            "assignments": roster_json(assignments),
        },
    )


def _can(interpreter: Interpreter, source: str, target: str) -> bool:
    languages = interpreter.languages
    if source == target or source not in languages:
        return False
    into = languages.get(target)
    return into == "A" or (into == "B" and interpreter.works_into_b)


def clashes(summit, assignments: list[Assignment]) -> tuple[dict[int, list[str]], list[str]]:
    """Per assignment, what is wrong with it (qualification, one booth at a time, rest, daily
    maximum); and per booth, a team too small or too large. In the reader's language."""
    flags: dict[int, list[str]] = defaultdict(list)
    booth_flags: list[str] = []
    rest = datetime.timedelta(minutes=RULES.min_rest_minutes)
    zone = summit.zone
    by_person: dict[int, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_person[a.interpreter_id].append(a)
        source = a.via or a.online.floor_language
        if not _can(a.interpreter, source, a.channel):
            flags[a.pk].append(
                _("%(name)s cannot interpret from %(source)s into %(target)s.")
                % {"name": a.interpreter, "source": source, "target": a.channel}
            )
    for rows in by_person.values():
        rows.sort(key=lambda a: a.online.item.starts_at)
        minutes: dict[datetime.date, int] = defaultdict(int)
        for n, first in enumerate(rows):
            item = first.online.item
            minutes[item.starts_at.astimezone(zone).date()] += _minutes(item)
            for second in rows[n + 1 :]:
                other = second.online.item
                if second.online_id == first.online_id:
                    flags[second.pk].append(
                        _("%(name)s is in two booths of the same item.")
                        % {"name": first.interpreter}
                    )
                elif other.starts_at < item.ends_at:
                    for a, b in ((first, second), (second, first)):
                        flags[a.pk].append(_("Overlaps with %(item)s.") % {"item": b.online.item})
                elif other.starts_at < item.ends_at + rest:
                    flags[second.pk].append(
                        _("Less than %(minutes)d minutes of rest after %(item)s.")
                        % {"minutes": RULES.min_rest_minutes, "item": item}
                    )
        for day, total in minutes.items():
            if total > rows[0].interpreter.daily_max_minutes:
                for a in rows:
                    if a.online.item.starts_at.astimezone(zone).date() == day:
                        flags[a.pk].append(
                            _("Over the daily maximum: %(total)d of %(max)d minutes.")
                            % {"total": total, "max": rows[0].interpreter.daily_max_minutes}
                        )
    teams: dict[tuple[int, str], int] = defaultdict(int)
    for a in assignments:
        teams[a.online_id, a.channel] += 1
    for online in queries.interpreted_items(summit):
        need = RULES.team_size(_minutes(online.item))
        for channel in queries.booths(online):
            have = teams.get((online.pk, channel), 0)
            if have != need:
                booth_flags.append(
                    _("%(item)s, %(channel)s booth: %(have)d interpreters, %(need)d needed.")
                    % {"item": online.item, "channel": channel, "have": have, "need": need}
                )
    return dict(flags), booth_flags


def _minutes(item) -> int:
    return int((item.ends_at - item.starts_at).total_seconds() // 60)


def turns(online: OnlineItem, team: list[Assignment]) -> list[dict[str, Any]]:
    """Who is at the microphone when: the team takes over from one another every
    TURN_MINUTES, in the team's order."""
    if not team:
        return []
    start, end = online.item.starts_at, online.item.ends_at
    result = []
    n = 0
    while start < end:
        stop = min(start + datetime.timedelta(minutes=TURN_MINUTES), end)
        result.append({"start": start, "end": stop, "interpreter": team[n % len(team)].interpreter})
        start, n = stop, n + 1
    return result
