"""The programme in the c3voc schedule formats that conference apps and recording teams read."""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - builds XML, parses nothing
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext

from summitry.core.bilingual import LANGUAGE_CODES, localise, values
from summitry.directory.models import person_name

from .models import ItemRole

# The published schemas (EUPL-1.2, see NOTICE there): the tests check the exports against them.
SCHEMAS = Path(__file__).parent / "schemas"
JSON_SCHEMA_ID = "https://c3voc.de/schedule/schema.json"

# Never change: apps and recording pipelines track events by guid across re-exports.
NAMESPACE = uuid.UUID("8f9e5fc8-71ff-4951-a2d2-f30f167b8994")

# The JSON schema's pattern for time_zone_name, which refuses some IANA names (US/Eastern).
_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")

# Sessions hold themed sessions, which hold talks: the depth queries.programme prefetches.
_LEVELS = 3


def item_guid(summit, pk: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"{summit.slug}/item/{pk}")


@dataclass
class _Room:
    name: str
    guid: uuid.UUID
    order: tuple
    capacity: int | None = None
    outside: bool = False

    def as_json(self) -> dict:
        room = {"name": self.name, "guid": str(self.guid)}
        if self.capacity:
            room["capacity"] = self.capacity
        if self.outside:
            room["type"] = "outside"
        return room


def _has_place(item) -> bool:
    return any(text.strip() for text in values(item, "place").values())


def _located(items, *, where=None, theme=None, level: int = 1):
    """(item, the item its location comes from, its theme) for every item and sub-item: a
    sub-item without a room or place takes place where its parent does, in its theme."""
    for item in items:
        here = item if item.room_id or _has_place(item) else where
        if item.theme_id is None or (theme is not None and item.theme_id == theme.pk):
            track = theme
        else:
            track = item.theme  # select_related above talks; a talk rarely has its own theme
        yield item, here, track
        if level < _LEVELS:
            yield from _located(item.children.all(), where=here, theme=track, level=level + 1)


def _room(summit, here, lang: str) -> _Room:
    if here is None:
        return _Room(gettext("Programme"), uuid.uuid5(NAMESPACE, f"{summit.slug}/programme"), (2,))
    if here.room_id:
        room = here.room
        return _Room(
            f"{localise(room.venue, 'name', lang)} · {localise(room, 'name', lang)}",
            uuid.uuid5(NAMESPACE, f"{summit.slug}/room/{room.pk}"),
            (0, room.venue_id, room.pk),
            capacity=room.capacity,
        )
    name = localise(here, "place", lang).text
    # The English name identifies the place, so its guid is the same in both languages.
    identity = localise(here, "place", "en").text
    return _Room(
        name, uuid.uuid5(NAMESPACE, f"{summit.slug}/place/{identity}"), (1, name), outside=True
    )


def _acronym(summit) -> str:
    # c3voc acronyms take no hyphen after the first character and have at least four.
    return summit.slug.replace("-", "_").ljust(4, "_")


def _slug(acronym: str, item) -> str:
    words = slugify(localise(item, "title", "en").text)[:50].strip("-_")
    if len(words) < 2:  # a title only in Hangul slugifies to nothing
        words = item.kind.replace("_", "-")
    return f"{acronym}-{item.pk}-{words}"


def _hours_minutes(delta: datetime.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _people(item, lang: str) -> tuple[list[dict], str, str]:
    """The persons (once each), the talks' titles, and who does what (the persons' roles have
    no place in the format)."""
    persons, titles, lines = {}, [], []
    for role in item.people.all():
        person = role.person
        name = person_name(person, lang).text
        persons.setdefault(person.pk, {"id": person.pk, "public_name": name})
        line = f"{ItemRole(role.role).label}: {name}"
        if person.organisation_id:
            line += f" ({localise(person.organisation, 'name', lang)})"
        talk = localise(role, "presentation_title", lang).text
        if talk:
            titles.append(talk)
            line += f" — {talk}"
        lines.append(line)
    return list(persons.values()), " · ".join(titles), "\n".join(lines)


def _event(summit, item, room: _Room, theme, *, acronym: str, base: str, lang: str) -> dict:
    starts = timezone.localtime(item.starts_at, summit.zone)
    ends = timezone.localtime(item.ends_at, summit.zone)
    title = localise(item, "title", lang)
    persons, subtitle, roles = _people(item, lang)
    return {
        "guid": str(item_guid(summit, item.pk)),
        "id": item.pk,
        "date": starts.isoformat(timespec="seconds"),
        "start": starts.strftime("%H:%M"),
        "end": ends.isoformat(timespec="seconds"),
        "duration": _hours_minutes(item.ends_at - item.starts_at),
        "room": room.name,
        "slug": _slug(acronym, item),
        "url": f"{base}/{summit.slug}/programme/{item.pk}/",
        "title": title.text,
        "subtitle": subtitle,
        "track": localise(theme, "title", lang).text if theme else None,
        "type": item.kind,
        # The language the title is written in; Summitry does not record the spoken one.
        "language": title.lang,
        "abstract": localise(item, "description", lang).text,
        "description": roles,
        "persons": persons,
        "links": [],
        "attachments": [],
    }


def _timeslot(events: list[dict]) -> str:
    """The largest step (at most an hour) on which every event starts and ends."""
    step = 0
    for event in events:
        starts = datetime.datetime.fromisoformat(event["date"])
        hours, minutes = map(int, event["duration"].split(":"))
        step = math.gcd(step, starts.hour * 60 + starts.minute, hours * 60 + minutes)
    step = min(step or 15, 60)
    return f"{step // 60:02d}:{step % 60:02d}"


def _midnight(day: datetime.date, zone, *, days: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day + datetime.timedelta(days=days), datetime.time(), zone)


def _schedule(summit, items, *, base_url: str, lang: str) -> dict:
    if lang not in LANGUAGE_CODES:
        raise ValueError(f"lang must be one of {LANGUAGE_CODES}, not {lang!r}")
    if not re.match(r"https?://", base_url):
        raise ValueError("base_url must be an absolute http(s) URL")
    base = base_url.rstrip("/")
    acronym = _acronym(summit)
    rooms: dict[str, _Room] = {}
    themes = {}
    by_day: dict[datetime.date, list[tuple[object, dict]]] = {}
    for item, here, theme in _located(items):
        room = _room(summit, here, lang)
        # Events name their room: places and rooms of the same name are one room.
        room = rooms.setdefault(room.name, room)
        if theme is not None:
            themes[theme.number] = theme
        event = _event(summit, item, room, theme, acronym=acronym, base=base, lang=lang)
        day = timezone.localtime(item.starts_at, summit.zone).date()
        by_day.setdefault(day, []).append((item, event))
    order = sorted(rooms.values(), key=lambda room: room.order)

    first = min([summit.start_date, *by_day])
    last = max([summit.end_date, *by_day])
    days = []
    for index in range((last - first).days + 1):
        date = first + datetime.timedelta(days=index)
        entries = sorted(by_day.get(date, []), key=lambda pair: (pair[0].starts_at, pair[0].pk))
        if entries:
            starts = min(item.starts_at for item, _event in entries)
            ends = max(item.ends_at for item, _event in entries)
        else:
            starts, ends = _midnight(date, summit.zone), _midnight(date, summit.zone, days=1)
        days.append(
            {
                "index": index + 1,
                "date": date.isoformat(),
                "day_start": timezone.localtime(starts, summit.zone).isoformat(timespec="seconds"),
                "day_end": timezone.localtime(ends, summit.zone).isoformat(timespec="seconds"),
                "rooms": {
                    room.name: [event for _item, event in entries if event["room"] == room.name]
                    for room in order
                },
            }
        )

    events = [event for entries in by_day.values() for _item, event in entries]
    conference = {
        "acronym": acronym,
        "title": localise(summit, "name", lang).text,
        "start": first.isoformat(),
        "end": last.isoformat(),
        "daysCount": len(days),
        "timeslot_duration": _timeslot(events),
        "url": f"{base}/{summit.slug}/programme/",
        "tracks": [
            {"name": localise(theme, "title", lang).text, "slug": f"theme-{number}"}
            for number, theme in sorted(themes.items())
        ],
        "rooms": [room.as_json() for room in order],
        "days": days,
    }
    if _ZONE_NAME.search(summit.time_zone):
        conference["time_zone_name"] = summit.time_zone
    # The version changes exactly when the content does, which is what importers compare.
    digest = hashlib.sha256(json.dumps(conference, sort_keys=True).encode()).hexdigest()
    return {
        "$schema": JSON_SCHEMA_ID,
        "generator": {"name": "Summitry"},
        "schedule": {"version": digest[:12], "base_url": f"{base}/", "conference": conference},
    }


def schedule_json(summit, items, *, base_url: str, lang: str = "en") -> dict:
    """The frab-style schedule.json of ``items`` (as ``queries.programme`` returns them, with
    their sub-items), texts in ``lang``; ``base_url`` is the site's absolute root URL."""
    with translation.override(lang):
        return _schedule(summit, items, base_url=base_url, lang=lang)


def _element(parent: ET.Element, tag: str, text=None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


# The event's elements in frab's order (the XSD takes them in any order).
_EVENT_ELEMENTS = (
    "date",
    "start",
    "duration",
    "room",
    "slug",
    "url",
    "title",
    "subtitle",
    "track",
    "type",
    "language",
    "abstract",
    "description",
)


def schedule_xml(summit, items, *, base_url: str, lang: str = "en") -> bytes:
    """The same schedule as ``schedule_json``, as schedule.xml (UTF-8)."""
    data = schedule_json(summit, items, base_url=base_url, lang=lang)
    conference = data["schedule"]["conference"]
    root = ET.Element("schedule")
    _element(root, "generator", name="Summitry")
    _element(root, "version", data["schedule"]["version"])
    head = _element(root, "conference")
    for tag in ("acronym", "title", "start", "end"):
        _element(head, tag, conference[tag])
    _element(head, "days", conference["daysCount"])
    _element(head, "timeslot_duration", conference["timeslot_duration"])
    _element(head, "base_url", data["schedule"]["base_url"])
    _element(head, "url", conference["url"])
    # Unlike the JSON schema, the XSD takes any zone name.
    _element(head, "time_zone_name", summit.time_zone)
    for track in conference["tracks"]:
        _element(head, "track", name=track["name"], slug=track["slug"])
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = _element(
            root,
            "day",
            index=day["index"],
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for name, events in day["rooms"].items():
            room = _element(day_element, "room", name=name, guid=guids[name])
            for event in events:
                element = _element(room, "event", id=event["id"], guid=event["guid"])
                for tag in _EVENT_ELEMENTS:
                    _element(element, tag, event[tag] or "")
                persons = _element(element, "persons")
                for person in event["persons"]:
                    _element(persons, "person", person["public_name"], id=person["id"])
                _element(element, "links")
                _element(element, "attachments")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
