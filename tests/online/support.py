"""The online capability's rows and pages for tests/test_permission_matrix.py: a hybrid item
with a video room, a stream, an interpreter and an assignment."""

from __future__ import annotations

from summitry.directory.models import Person
from summitry.online.models import (
    Assignment,
    Interpreter,
    OnlineItem,
    PollOption,
    Question,
    QuickPoll,
    Recording,
    Stream,
)


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
    question, _ = Question.objects.get_or_create(
        online=online, text="Q?", defaults={"author_name": "V", "viewer": "viewer:x"}
    )
    poll, _ = QuickPoll.objects.get_or_create(online=online, text_en="Poll?", text_ko="설문?")
    PollOption.objects.get_or_create(poll=poll, label_en="Yes", label_ko="예")
    recording, _ = Recording.objects.get_or_create(
        online=online,
        channel="en",
        defaults={
            "url": "https://tv.invalid/rec-en",
            "captions": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n",
        },
    )
    from summitry.programme.models import ItemPerson

    remote, _ = Person.objects.get_or_create(
        slug="speaker-remote", defaults={"family_name": "Ivanov"}
    )
    ItemPerson.objects.get_or_create(item=w.item, person=remote, role="speaker")
    i = {**s, "item_id": w.item.pk}
    sp = {**i, "person_id": remote.pk}
    q = {**i, "question_id": question.pk}
    p = {**i, "poll_id": poll.pk}
    everyone = dict(PUBLIC)
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
        "online:recording-add": (i, CONSOLE, "post"),
        "online:recording-delete": ({**s, "recording_id": recording.pk}, CONSOLE, "post"),
        "online:library": (s, PUBLIC, "get"),
        "online:captions": ({**s, "recording_id": recording.pk}, PUBLIC, "get"),
        "online:studio": (s, CONSOLE, "get"),
        "online:studio-live": (s, CONSOLE, "get"),
        "online:qa": (i, PUBLIC, "get"),
        "online:qa-live": (i, PUBLIC, "get"),
        # Empty questions are refused (400) to everyone; votes for a question not approved and
        # answers to a poll not open are refused on the page they come back to (302).
        "online:qa-ask": (i, dict.fromkeys(everyone, 400), "post"),
        "online:qa-vote": (q, dict.fromkeys(everyone, 302), "post"),
        "online:poll-answer": (p, dict.fromkeys(everyone, 302), "post"),
        # The item's own speakers only (the matrix's roles are none of them).
        "online:connected": (i, {**dict.fromkeys(everyone, 404), "anonymous": 302}, "post"),
        # The speaker themself (none of the matrix's roles) and staff holding ``online``.
        "online:speaker": (
            sp,
            {**dict.fromkeys(everyone, 404), "anonymous": 302, "staff": 200},
            "get",
        ),
        "online:speaker-confirm": (
            sp,
            {**dict.fromkeys(everyone, 404), "anonymous": 302, "staff": 302},
            "post",
        ),
        "online:rehearsal-slot": (i, CONSOLE, "post"),
        "online:invite": (i, CONSOLE, "post"),
        # The speaker themself answers (none of the matrix's roles); staff may not for them.
        "online:speaker-answer": (
            sp,
            {**dict.fromkeys(everyone, 404), "anonymous": 302, "staff": 403},
            "post",
        ),
        "online:viewing": (s, CONSOLE, "get"),
        # A count anyone watching sends; without a channel it is refused (400).
        "online:watching": (i, dict.fromkeys(everyone, 400), "post"),
        # A registered person's own zone: those with a registration at the summit only.
        "online:my-zone": (s, {**dict.fromkeys(everyone, 404), "anonymous": 302}, "get"),
        "online:stage": (i, CONSOLE, "get"),
        "online:stage-live": (i, CONSOLE, "get"),
        "online:qa-moderate": (q, CONSOLE, "post"),
        "online:poll-add": (i, CONSOLE, "post"),
        "online:poll-state": (p, CONSOLE, "post"),
    }


def online_reads(w, f) -> dict:
    from tests.test_permission_matrix import API_PUBLIC, API_STAFF

    OnlineItem.objects.get_or_create(
        item=w.item,
        defaults={"format": "hybrid", "provider": "jitsi", "join_url": "https://meet.invalid/x"},
    )
    return {
        "list_online_items": (f"{f}/online/items", API_PUBLIC),
        "get_online_item": (f"{f}/online/items/{w.item.pk}", API_PUBLIC),
        "get_online_room": (f"{f}/online/items/{w.item.pk}/room", API_PUBLIC),
        "get_online_roster": (f"{f}/online/roster", API_STAFF),
        "list_online_viewing": (f"{f}/online/viewing", API_STAFF),
        "list_online_recordings": (f"{f}/online/items/{w.item.pk}/recordings", API_PUBLIC),
        "get_online_viewing": (f"{f}/online/items/{w.item.pk}/viewing", API_STAFF),
        "list_online_questions": (f"{f}/online/items/{w.item.pk}/questions", API_PUBLIC),
        "list_online_polls": (f"{f}/online/items/{w.item.pk}/polls", API_PUBLIC),
        # Staff of the summit holding ``online``; a team without it 403, anyone else 404.
        "list_online_invitations": (
            f"{f}/online/items/{w.item.pk}/invitations",
            {**dict.fromkeys(API_PUBLIC, 404), "anonymous": 401, "no_perm": 403, "staff": 200},
        ),
    }
