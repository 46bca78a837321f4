"""The scheduler: commitments, rooms, interpreters, impossible and preferred times, pinned
meetings, hand moves, and publication into the programme."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from summitry.delegations.models import Delegate
from summitry.diplomacy import scheduling, services
from summitry.diplomacy.models import Interpreter
from summitry.programme import feeds
from summitry.programme import queries as programme_queries
from summitry.programme.models import ItemPerson, ProgrammeItem, SignUp
from summitry.programme.services import save_item
from summitry.solvers.meetings import parse_problem
from tests.factories import PersonFactory

from .conftest import accepted, at


def item(w, title, start, end, **kwargs):
    invitees = kwargs.pop("invitees", None)
    people = kwargs.pop("people", None)
    return save_item(
        actor=None,
        item=ProgrammeItem(
            summit=w.summit,
            kind="meal",
            block="morning",
            title_en=title,
            starts_at=start,
            ends_at=end,
            **kwargs,
        ),
        invitees=invitees,
        people=people,
        force=True,
    )


def slot_ids(problem, participant):
    return next(p["unavailable"] for p in problem["participants"] if p["id"] == participant)


def test_the_slots_come_from_the_windows(world):
    slots = scheduling.slots(world.summit)
    assert [s.id for s in slots] == [
        "2023-09-25T09:00",
        "2023-09-25T09:30",
        "2023-09-25T10:00",
        "2023-09-25T10:30",
    ]
    assert slots[0].start == at(25, 9) and slots[0].end == at(25, 9, 30)


def test_programme_commitments_make_people_unavailable(world):
    meeting = accepted(world)
    # The mayor speaks at 09:00; Wellington is invited to a breakfast until 09:45.
    item(
        world,
        "Welcome",
        at(25, 9),
        at(25, 9, 20),
        people=[{"person": world.mayor, "role": "speaker"}],
    )
    item(
        world,
        "Breakfast",
        at(25, 8),
        at(25, 9, 45),
        audience="invited",
        invitees=[world.wellington],
    )
    visit = item(world, "Visit", at(25, 10, 30), at(25, 12), signup=True)
    head = Delegate.objects.get(person=world.whanau)
    SignUp.objects.create(item=visit, delegate=head, status="registered")
    problem, context = scheduling.build_problem(world.summit)
    parse_problem(problem)
    assert slot_ids(problem, f"p{world.mayor.pk}") == ["2023-09-25T09:00"]
    assert slot_ids(problem, f"p{world.whanau.pk}") == [
        "2023-09-25T09:00",
        "2023-09-25T09:30",
        "2023-09-25T10:30",
    ]
    draft = services.run_scheduler(actor=world.officer, summit=world.summit)
    meeting.refresh_from_db()
    assert meeting.starts_at == at(25, 10)
    assert draft.unscheduled == {}


def test_a_room_used_by_the_programme_is_not_given_to_a_meeting(world):
    item(world, "Press", at(25, 9), at(25, 11), room=world.room_a)
    accepted(world)
    services.run_scheduler(actor=world.officer, summit=world.summit)
    meeting = scheduling.accepted(world.summit).get()
    assert meeting.room == world.room_b


def test_impossible_times_are_respected_and_preferred_ones_tried_first(world):
    first = accepted(
        world,
        impossible_times=[{"start": at(25, 9), "end": at(25, 10)}],
    )
    second = accepted(
        world,
        requester=world.dublin,
        preferred_times=[{"start": at(25, 10, 30), "end": at(25, 11)}],
    )
    services.run_scheduler(actor=world.officer, summit=world.summit)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.starts_at >= at(25, 10)
    assert second.starts_at == at(25, 10, 30)
    assert first.starts_at != second.starts_at  # the mayor attends both


def test_an_interpreter_is_a_shared_resource(world):
    vice = PersonFactory(slug="vice", organisation=world.seoul, name_hangul="부시장")
    one = accepted(world)
    two = accepted(world, requester=world.dublin)
    # Different host attendees, so only the one interpreter keeps them apart.
    two.attendees.set([world.roiste, vice])
    world.config.windows = [{"date": "2023-09-25", "start": "09:00", "end": "10:00"}]
    world.config.save()
    problem, _context = scheduling.build_problem(world.summit)
    assert problem["resources"] == [{"id": "i:en+ko", "capacity": 1}]
    services.run_scheduler(actor=world.officer, summit=world.summit)
    one.refresh_from_db()
    two.refresh_from_db()
    assert {one.starts_at, two.starts_at} == {at(25, 9), at(25, 9, 30)}
    assert one.interpreter == two.interpreter == world.interpreter
    # With a second interpreter they may run at once.
    Interpreter.objects.create(summit=world.summit, name="Lee", language_a="en", language_b="ko")
    problem, _context = scheduling.build_problem(world.summit)
    assert problem["resources"] == [{"id": "i:en+ko", "capacity": 2}]


def test_a_meeting_without_an_interpreter_for_its_languages_is_left_out(world):
    meeting = accepted(world, requester=world.kyiv, requester_language="uk")
    draft = services.run_scheduler(actor=world.officer, summit=world.summit)
    assert "No interpreter for ko–uk" in draft.unscheduled[meeting.pk]
    meeting.refresh_from_db()
    assert not meeting.is_scheduled


def test_a_pinned_meeting_stays_when_the_scheduler_runs_again(world):
    meeting = accepted(world)
    services.move(actor=world.officer, meeting=meeting, starts_at=at(25, 10, 30), room=world.room_b)
    meeting.refresh_from_db()
    assert meeting.pinned
    accepted(world, requester=world.dublin)
    services.run_scheduler(actor=world.officer, summit=world.summit)
    meeting.refresh_from_db()
    assert (meeting.starts_at, meeting.room) == (at(25, 10, 30), world.room_b)
    problem, _context = scheduling.build_problem(world.summit)
    pinned = next(m for m in problem["meetings"] if m["id"] == f"m{meeting.pk}")
    assert pinned["fixed_slot"] == "2023-09-25T10:30"
    assert pinned["allowed_locations"] == [f"r{world.room_b.pk}"]
    services.pin(actor=world.officer, meeting=meeting, pinned=False)
    meeting.refresh_from_db()
    assert not meeting.pinned


@pytest.mark.parametrize(
    "case, message",
    [
        ("room", "Room A is already taken"),
        ("person", "is at “Welcome” at that time"),
        ("impossible", "One side cannot meet at that time"),
        ("slot", "not one of the times"),
        ("attendee", "already in the meeting"),
    ],
)
def test_a_hand_move_is_checked_against_the_same_rules(world, case, message):
    meeting = accepted(world, impossible_times=[{"start": at(25, 10), "end": at(25, 10, 30)}])
    other = accepted(world, requester=world.dublin)
    services.move(actor=world.officer, meeting=other, starts_at=at(25, 9), room=world.room_a)
    item(
        world,
        "Welcome",
        at(25, 9, 30),
        at(25, 9, 45),
        people=[{"person": world.whanau, "role": "speaker"}],
    )
    target = {
        "room": (at(25, 9), world.room_a),
        "person": (at(25, 9, 30), world.room_b),
        "impossible": (at(25, 10), world.room_b),
        "slot": (at(25, 9, 10), world.room_b),
        "attendee": (at(25, 9), world.room_b),
    }[case]
    with pytest.raises(ValidationError) as error:
        services.move(actor=world.officer, meeting=meeting, starts_at=target[0], room=target[1])
    assert message in " ".join(error.value.messages)
    meeting.refresh_from_db()
    assert not meeting.is_scheduled


def test_only_protocol_officers_schedule(world):
    meeting = accepted(world)
    for action in (
        lambda u: services.run_scheduler(actor=u, summit=world.summit),
        lambda u: services.move(actor=u, meeting=meeting, starts_at=at(25, 9), room=world.room_a),
        lambda u: services.publish(actor=u, summit=world.summit),
    ):
        with pytest.raises(PermissionDenied):
            action(world.wellington_contact)


def test_publishing_puts_the_meeting_in_both_itineraries_only(
    world, django_capture_on_commit_callbacks
):
    meeting = accepted(world, requester=world.wellington)
    dublin = accepted(world, requester=world.dublin)
    services.cancel(actor=world.dublin_contact, meeting=dublin)
    services.move(actor=world.officer, meeting=meeting, starts_at=at(25, 9), room=world.room_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.publish(actor=world.officer, summit=world.summit)
    assert counts == {"added": 1, "changed": 0, "removed": 0}
    meeting.refresh_from_db()
    published = meeting.item
    assert (published.kind, published.audience, published.room) == (
        "meeting",
        "invited",
        world.room_a,
    )
    assert set(published.invitees.all()) == {world.wellington, world.seoul}
    head = Delegate.objects.get(person=world.whanau)
    other = Delegate.objects.get(person=world.roiste)
    assert published in programme_queries.itinerary(world.summit, head)
    assert published not in programme_queries.itinerary(world.summit, other)
    feed = feeds.itinerary_calendar(
        world.summit, head, programme_queries.itinerary(world.summit, head), "en"
    ).decode()
    assert "Bilateral meeting: Wellington – Seoul" in feed
    # Both sides are told: Wellington's contact and head, and for the host its officers.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "contact@wellington.example",
        "head@wellington.example",
        "organiser@example.org",
        "protocol@example.org",
    ]
    assert "is scheduled" in mail.outbox[0].subject
    # Publishing again changes nothing; a move is published as a change and told.
    assert services.publish(actor=world.officer, summit=world.summit)["added"] == 0
    services.move(actor=world.officer, meeting=meeting, starts_at=at(25, 10), room=world.room_b)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.publish(actor=world.officer, summit=world.summit)
    assert counts == {"added": 0, "changed": 1, "removed": 0}
    published.refresh_from_db()
    assert (published.starts_at, published.room) == (at(25, 10), world.room_b)
    assert "has moved" in mail.outbox[0].subject
    # Called off: it leaves the programme at the next publication.
    services.cancel(actor=world.officer, meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.publish(actor=world.officer, summit=world.summit)
    assert counts["removed"] == 1
    assert not ProgrammeItem.objects.filter(pk=published.pk).exists()
    assert ItemPerson.objects.count() == 0


def test_the_solver_answer_is_verified_and_the_draft_keeps_every_rule(world):
    accepted(world)
    accepted(world, requester=world.dublin)
    accepted(world, requester=world.kyiv)
    services.run_scheduler(actor=world.officer, summit=world.summit)
    assert scheduling.verify_draft(world.summit) == []
    starts = [m.starts_at for m in scheduling.accepted(world.summit)]
    assert len(set(starts)) == 3  # the mayor is in each


def test_without_windows_or_rooms_the_scheduler_says_what_is_missing(world):
    accepted(world)
    world.config.rooms.clear()
    with pytest.raises(ValidationError, match="rooms for bilateral meetings"):
        services.run_scheduler(actor=world.officer, summit=world.summit)
    world.config.windows = []
    world.config.save()
    with pytest.raises(ValidationError, match="time windows"):
        services.run_scheduler(actor=world.officer, summit=world.summit)
