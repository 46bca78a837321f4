"""Clash rules: rooms, people and invitees; sub-items share with their parents."""

import pytest
from django.core.exceptions import ValidationError

from summitry.programme.models import ProgrammeItem
from summitry.programme.services import ClashError, clash_report, save_item

from .conftest import at, item


def test_a_room_booked_twice_is_refused_unless_forced(summit, hall, organiser):
    save_item(actor=organiser, item=item(summit, room=hall))
    with pytest.raises(ClashError) as caught:
        save_item(
            actor=organiser,
            item=item(
                summit, room=hall, title_en="Dinner", starts_at=at(25, 15), ends_at=at(25, 17)
            ),
        )
    assert caught.value.messages == [
        "DDP · Art Hall 2 is already booked for “Forum I” at that time."
    ]
    assert ProgrammeItem.objects.count() == 1
    save_item(
        actor=organiser,
        item=item(summit, room=hall, title_en="Dinner", starts_at=at(25, 15), ends_at=at(25, 17)),
        force=True,
    )
    assert [(c.kind, c.subject) for c in clash_report(summit)] == [("room", "DDP · Art Hall 2")]


def test_back_to_back_is_no_clash(summit, hall, organiser):
    save_item(actor=organiser, item=item(summit, room=hall))
    save_item(
        actor=organiser, item=item(summit, room=hall, starts_at=at(25, 16), ends_at=at(25, 17))
    )
    assert clash_report(summit) == []


def test_a_speaker_in_two_places_at_once(summit, whanau, organiser):
    save_item(actor=organiser, item=item(summit), people=[{"person": whanau, "role": "speaker"}])
    with pytest.raises(ClashError) as caught:
        save_item(
            actor=organiser,
            item=item(
                summit, title_en="Breakfast", kind="meal", starts_at=at(25, 15), ends_at=at(25, 17)
            ),
            people=[{"person": whanau, "role": "host"}],
        )
    assert caught.value.messages == [f"{whanau} is at “Forum I” at that time."]


def test_a_talk_inside_its_session_shares_room_and_speaker(summit, hall, whanau, organiser):
    forum = save_item(
        actor=organiser, item=item(summit, room=hall), people=[{"person": whanau, "role": "chair"}]
    )
    save_item(
        actor=organiser,
        item=item(
            summit,
            parent=forum,
            room=hall,
            kind="presentation",
            title_en="Policy case",
            starts_at=at(25, 14, 30),
            ends_at=at(25, 14, 45),
        ),
        people=[
            {
                "person": whanau,
                "role": "speaker",
                "presentation_title": {"en": "Wellington", "ko": "웰링턴"},
            }
        ],
    )
    assert clash_report(summit) == []


def test_an_invited_delegation_committed_elsewhere(summit, bilbao, organiser):
    save_item(
        actor=organiser,
        item=item(summit, audience="invited", title_en="Breakfast"),
        invitees=[bilbao],
    )
    with pytest.raises(ClashError) as caught:
        save_item(
            actor=organiser,
            item=item(
                summit,
                audience="invited",
                title_en="Tour",
                starts_at=at(25, 15),
                ends_at=at(25, 17),
            ),
            invitees=[bilbao],
        )
    assert caught.value.messages == [
        "An invited delegation is committed to “Breakfast” at that time."
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"ends_at": at(25, 13)}, "__all__", "The end must be after the start."),
        (
            {"starts_at": at(27, 9), "ends_at": at(27, 10)},
            "starts_at",
            "The item must take place within the summit's days (2023-09-24 to 2023-09-26).",
        ),
    ],
)
def test_bad_times_change_nothing(summit, organiser, fields, field, message):
    with pytest.raises(ValidationError) as caught:
        save_item(actor=organiser, item=item(summit, **fields))
    assert caught.value.message_dict[field] == [message]
    assert not ProgrammeItem.objects.exists()


def test_a_sub_item_fits_within_its_parent(summit, organiser):
    forum = save_item(actor=organiser, item=item(summit))
    with pytest.raises(ValidationError) as caught:
        save_item(
            actor=organiser,
            item=item(summit, parent=forum, starts_at=at(25, 15), ends_at=at(25, 17)),
        )
    assert caught.value.message_dict["parent"] == ["A sub-item must fit within its parent's time."]
