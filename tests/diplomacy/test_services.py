"""Meeting requests and answers: who may, what is checked, who is told."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from summitry.diplomacy import queries, services
from summitry.diplomacy.models import MeetingRequest
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

from .conftest import accepted, at, request


def test_a_contact_requests_a_meeting_with_the_host_and_the_host_is_asked(world):
    meeting = request(
        world,
        preferred_times=[{"start": at(25, 9), "end": at(25, 10)}],
        impossible_times=[{"start": at(25, 10, 30), "end": at(25, 11)}],
    )
    assert meeting.status == "requested"
    assert list(meeting.attendees.all()) == [world.whanau]
    assert meeting.preferred_times == [
        {"start": "2023-09-25T00:00:00+00:00", "end": "2023-09-25T01:00:00+00:00"}
    ]
    # The host has no delegation and no contact: its protocol officers answer.
    assert queries.pending_for(world.summit, world.officer) == [meeting]
    assert queries.pending_for(world.summit, world.wellington_contact) == []


def test_a_request_to_a_delegation_e_mails_its_contact_in_its_language(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request(world, counterpart=world.kyiv)
    assert [m.to for m in mail.outbox] == [["contact@kyiv.example"]]
    assert "Wellington requests a bilateral meeting" in mail.outbox[0].subject


def test_a_contact_cannot_request_for_another_delegation(world):
    with pytest.raises(PermissionDenied):
        request(world, requester=world.kyiv, actor=world.wellington_contact)
    with pytest.raises(PermissionDenied):
        request(world, actor=UserFactory(username="stranger"))
    assert MeetingRequest.objects.count() == 0


def test_staff_may_request_on_behalf_of_a_delegation(world):
    meeting = request(world, requester=world.dublin, actor=world.officer)
    assert meeting.requester == world.dublin


@pytest.mark.parametrize(
    "change, message",
    [
        ({"counterpart": "self"}, "two different sides"),
        ({"counterpart": "unregistered"}, "has no registered delegation"),
        ({"attendees": "other"}, "belongs to neither side"),
        ({"topic": {"en": "", "ko": ""}}, "Fill in the topic"),
        ({"impossible_times": [{"start": at(25, 11), "end": at(25, 10)}]}, "end after it starts"),
        ({"preferred_times": [{"start": at(28, 9), "end": at(28, 10)}]}, "summit's days"),
        (
            {
                "preferred_times": [{"start": at(25, 9), "end": at(25, 10)}],
                "impossible_times": [{"start": at(25, 9, 30), "end": at(25, 11)}],
            },
            "both preferred and impossible",
        ),
    ],
)
def test_bad_requests_are_refused_and_change_nothing(world, change, message):
    kwargs = dict(change)
    if kwargs.get("counterpart") == "self":
        kwargs["counterpart"] = world.wellington
    elif kwargs.get("counterpart") == "unregistered":
        kwargs["counterpart"] = OrganisationFactory(slug="nowhere")
    if kwargs.get("attendees") == "other":
        kwargs["attendees"] = [world.prokopiv]
    with pytest.raises(ValidationError) as error:
        request(world, **kwargs)
    assert message in str(error.value)
    assert MeetingRequest.objects.count() == 0


def test_an_attendee_must_be_a_registered_member(world):
    outsider = PersonFactory(slug="outsider", organisation=world.wellington)
    with pytest.raises(ValidationError, match="not a registered member"):
        request(world, attendees=[outsider])


def test_the_counterpart_accepts_and_adds_its_attendees(world, django_capture_on_commit_callbacks):
    meeting = request(world, counterpart=world.kyiv)
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(
            actor=world.kyiv_contact,
            meeting=meeting,
            answer="accept",
            attendees=[world.prokopiv],
            impossible_times=[{"start": at(25, 9), "end": at(25, 9, 30)}],
        )
    meeting.refresh_from_db()
    assert meeting.status == "accepted"
    assert set(meeting.attendees.all()) == {world.whanau, world.prokopiv}
    assert len(meeting.counterpart_impossible) == 1
    # The requester's contact, and its attending head (who has an address).
    assert [m.to for m in mail.outbox] == [
        ["contact@wellington.example"],
        ["head@wellington.example"],
    ]
    assert "Accepted" in mail.outbox[0].subject


def test_only_the_other_side_answers(world):
    meeting = request(world, counterpart=world.kyiv)
    for user in (world.wellington_contact, world.dublin_contact):
        with pytest.raises(PermissionDenied):
            services.respond(actor=user, meeting=meeting, answer="accept")
    meeting.refresh_from_db()
    assert meeting.status == "requested"


def test_a_proposal_of_other_times_goes_back_to_the_requester(world):
    meeting = request(world, counterpart=world.kyiv)
    with pytest.raises(ValidationError, match="at least one time"):
        services.respond(actor=world.kyiv_contact, meeting=meeting, answer="propose")
    services.respond(
        actor=world.kyiv_contact,
        meeting=meeting,
        answer="propose",
        times=[{"start": at(25, 10), "end": at(25, 10, 30)}],
    )
    meeting.refresh_from_db()
    assert meeting.status == "proposed"
    # Now the requester answers, not the counterpart.
    with pytest.raises(PermissionDenied):
        services.respond(actor=world.kyiv_contact, meeting=meeting, answer="accept")
    services.respond(actor=world.wellington_contact, meeting=meeting, answer="accept")
    meeting.refresh_from_db()
    assert meeting.status == "accepted"
    assert meeting.preferred_times == meeting.proposed_times


def test_an_answered_request_cannot_be_answered_again(world):
    meeting = request(world, counterpart=world.kyiv)
    services.respond(actor=world.kyiv_contact, meeting=meeting, answer="decline")
    with pytest.raises(ValidationError, match="already been answered"):
        services.respond(actor=world.kyiv_contact, meeting=meeting, answer="accept")


def test_either_side_may_call_a_meeting_off_but_not_a_third(world):
    meeting = accepted(world)
    with pytest.raises(PermissionDenied):
        services.cancel(actor=world.dublin_contact, meeting=meeting)
    services.cancel(actor=world.wellington_contact, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    with pytest.raises(ValidationError):
        services.cancel(actor=world.wellington_contact, meeting=meeting)


def test_each_side_sees_its_own_requests_only(world):
    mine = request(world, counterpart=world.kyiv)
    other = request(world, requester=world.dublin)
    assert set(queries.requests(world.summit, world.wellington_contact)) == {mine}
    assert set(queries.requests(world.summit, world.kyiv_contact)) == {mine}
    assert set(queries.requests(world.summit, world.dublin_contact)) == {other}
    assert set(queries.requests(world.summit, world.officer)) == {mine, other}
    assert list(queries.requests(world.summit, UserFactory(username="nobody"))) == []


def test_a_request_to_the_host_e_mails_its_protocol_officers_in_korean(
    world, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    UserFactory(email="not-an-officer@example.org", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = request(world)
    # The host's side: those who may act for it in bilateral meetings at this summit (the
    # protocol team, and the organisers' team, which holds every right).
    assert sorted(m.to[0] for m in mail.outbox) == ["organiser@example.org", world.officer.email]
    assert "웰링턴" in mail.outbox[0].subject
    # The host accepts: Wellington's contact is told, the officers are not told of their own act.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.respond(
            actor=world.officer, meeting=meeting, answer="accept", attendees=[world.mayor]
        )
    assert world.officer.email not in [address for m in mail.outbox for address in m.to]
    assert mail.outbox
