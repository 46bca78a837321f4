"""The online capability's rows and pages for tests/test_permission_matrix.py: a hybrid item
with a video room, a stream, an interpreter and an assignment."""

from __future__ import annotations

from summitry.directory.models import Person
from summitry.online.models import Assignment, Interpreter, OnlineItem, Stream


def online_pages(w, s) -> dict:
    from tests.test_permission_matrix import CONSOLE, PUBLIC

    online, _ = OnlineItem.objects.get_or_create(
        item=w.item,
        defaults={"format": "hybrid", "provider": "jitsi", "join_url": "https://meet.invalid/x"},
    )
    stream, _ = Stream.objects.get_or_create(
        online=online, channel="en", url="https://tv.invalid/en"
    )
    person, _ = Person.objects.get_or_create(
        slug="interpreter-kim", defaults={"family_name": "Kim"}
    )
    interpreter, _ = Interpreter.objects.get_or_create(
        summit=w.summit, person=person, defaults={"languages": {"ko": "A", "en": "B"}}
    )
    assignment, _ = Assignment.objects.get_or_create(
        online=online, channel="en", interpreter=interpreter
    )
    i = {**s, "item_id": w.item.pk}
    return {
        "online:items": (s, CONSOLE, "get"),
        "online:item": (i, CONSOLE, "get"),
        "online:stream-add": (i, CONSOLE, "post"),
        "online:stream-delete": ({**s, "stream_id": stream.pk}, CONSOLE, "post"),
        "online:interpreters": (s, CONSOLE, "get"),
        "online:interpreter-delete": ({**s, "interpreter_id": interpreter.pk}, CONSOLE, "post"),
        "online:roster": (s, CONSOLE, "get"),
        "online:roster-plan": (s, CONSOLE, "post"),
        "online:assign": (s, CONSOLE, "post"),
        "online:unassign": ({**s, "assignment_id": assignment.pk}, CONSOLE, "post"),
        "online:watch": (i, PUBLIC, "get"),
    }


def online_reads(w, f) -> dict:
    from tests.test_permission_matrix import API_PUBLIC, API_STAFF

    return {
        "list_online_items": (f"{f}/online/items", API_PUBLIC),
        "get_online_item": (f"{f}/online/items/{w.item.pk}", API_PUBLIC),
        "get_online_room": (f"{f}/online/items/{w.item.pk}/room", API_PUBLIC),
        "get_online_roster": (f"{f}/online/roster", API_STAFF),
    }
