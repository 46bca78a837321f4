"""The console's programme grid and its JSON endpoint: who may use them, times in the summit's
zone, clashes refused unless forced, bad input answered 400 with a message, sub-items moving
with their session."""

import datetime
import json

import pytest
from django.test import Client

from summitry.demo.loader import ensure_team
from summitry.programme import grid
from summitry.programme.models import ProgrammeItem
from summitry.programme.services import save_item
from tests.factories import RoomFactory, SummitFactory, UserFactory, VenueFactory

from .conftest import SEOUL, at, item

UTC = datetime.UTC
GRID = "/forum/manage/programme/"


def move_url(pk: int) -> str:
    return f"/forum/manage/programme/items/{pk}/move/"


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    return client


def post_json(client, url, body):
    raw = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, raw, content_type="application/json")


@pytest.fixture
def side_hall(hall):
    return RoomFactory(venue=hall.venue, name_en="Art Hall 1", name_ko="아트홀 1관")


@pytest.fixture
def forum(summit, hall, organiser, whanau):
    """Forum I, 14:00–16:00 in Art Hall 2, with a talk 15:00–15:15 by Tory Whanau."""
    session = save_item(actor=organiser, item=item(summit, room=hall))
    save_item(
        actor=organiser,
        item=item(
            summit,
            parent=session,
            kind="presentation",
            title_en="Wellington's way",
            title_ko="웰링턴의 길",
            room=hall,
            starts_at=at(25, 15),
            ends_at=at(25, 15, 15),
        ),
        people=[{"person": whanau, "role": "speaker"}],
    )
    return session


@pytest.fixture
def dinner(summit, side_hall, organiser):
    return save_item(
        actor=organiser,
        item=item(
            summit,
            kind="meal",
            block="dinner",
            title_en="Dinner",
            title_ko="만찬",
            room=side_hall,
            starts_at=at(25, 18),
            ends_at=at(25, 20),
        ),
    )


# --- who may ---------------------------------------------------------------------------------


def test_only_the_summits_programme_team_opens_the_grid_and_moves_items(summit, dinner):
    other_summit = SummitFactory(slug="prize")
    outsider = UserFactory(username="prize-team")
    ensure_team(
        other_summit, name_ko="상", name_en="Prize", codes={"programme"}, members=[outsider]
    )
    desk = UserFactory(username="desk")
    ensure_team(summit, name_ko="등록", name_en="Desk", codes={"delegations"}, members=[desk])
    editor = UserFactory(username="editor")
    ensure_team(
        summit, name_ko="프로그램", name_en="Programme", codes={"programme"}, members=[editor]
    )
    body = {"starts_at": "2023-09-25T17:00", "ends_at": "2023-09-25T19:00"}

    anonymous = client_for(None)
    assert anonymous.get(GRID).status_code == 302  # to the sign-in page
    assert post_json(anonymous, move_url(dinner.pk), body).status_code == 401
    for user, status in ((outsider, 404), (desk, 403)):
        assert client_for(user).get(GRID).status_code == status
        answer = post_json(client_for(user), move_url(dinner.pk), body)
        assert answer.status_code == status
        assert answer.json()["detail"]
    dinner.refresh_from_db()
    assert dinner.starts_at == at(25, 18)  # nobody above moved it

    assert client_for(editor).get(GRID).status_code == 200
    assert post_json(client_for(editor), move_url(dinner.pk), body).status_code == 200
    dinner.refresh_from_db()
    assert dinner.starts_at == at(25, 17)


def test_another_summits_item_is_not_found_through_this_summits_grid(summit, organiser):
    other = SummitFactory(slug="prize")
    theirs = save_item(actor=organiser, item=item(other, title_en="Theirs"))
    answer = post_json(
        client_for(organiser),
        move_url(theirs.pk),
        {"starts_at": "2023-09-25T10:00", "ends_at": "2023-09-25T11:00"},
    )
    assert answer.status_code == 404


# --- moves -----------------------------------------------------------------------------------


def test_times_are_the_summits_local_times(dinner, organiser):
    answer = post_json(
        client_for(organiser),
        move_url(dinner.pk),
        {"starts_at": "2023-09-25T17:30", "ends_at": "2023-09-25T19:00"},
    )
    assert answer.status_code == 200, answer.content
    dinner.refresh_from_db()
    assert dinner.starts_at == datetime.datetime(2023, 9, 25, 8, 30, tzinfo=UTC)
    assert answer.json()["item"]["starts_at"] == "2023-09-25T17:30+09:00"
    assert "17:30–19:00 (Asia/Seoul)" in answer.json()["detail"]
    # A time with its own offset is taken as it says.
    post_json(
        client_for(organiser),
        move_url(dinner.pk),
        {"starts_at": "2023-09-25T09:00Z", "ends_at": "2023-09-25T10:00Z"},
    )
    dinner.refresh_from_db()
    assert dinner.starts_at.astimezone(SEOUL).hour == 18


def test_a_clash_is_refused_unless_forced(forum, dinner, hall, organiser):
    client = client_for(organiser)
    into_the_forum = {
        "starts_at": "2023-09-25T15:00",
        "ends_at": "2023-09-25T17:00",
        "room": hall.pk,
    }
    refused = post_json(client, move_url(dinner.pk), into_the_forum)
    assert refused.status_code == 409
    clash = refused.json()["clashes"][0]
    assert clash["other"] == forum.pk and clash["other_block"] == forum.pk
    assert "Forum I" in clash["message"] and clash["other_title"] == "Forum I"
    dinner.refresh_from_db()
    assert (dinner.starts_at, dinner.room_id) == (at(25, 18), dinner.room_id)
    assert dinner.room != hall  # nothing saved

    kept = post_json(client, move_url(dinner.pk), {**into_the_forum, "force": True})
    assert kept.status_code == 200
    dinner.refresh_from_db()
    assert (dinner.starts_at, dinner.room) == (at(25, 15), hall)
    # Kept there, the clash stays marked on both blocks until it is resolved.
    page = client.get(GRID + "?day=2023-09-25").content.decode()
    assert page.count("Art Hall 2 is already booked for “Dinner” at that time.") == 1
    assert "Clashes with “Forum I”." in page


def test_a_clash_message_names_the_sub_item_and_marks_its_session(forum, dinner, organiser, whanau):
    # Tory Whanau speaks at 15:00 in the forum; a dinner where she hosts cannot move there.
    save_item(actor=organiser, item=dinner, people=[{"person": whanau, "role": "host"}])
    answer = post_json(
        client_for(organiser),
        move_url(dinner.pk),
        {"starts_at": "2023-09-25T15:00", "ends_at": "2023-09-25T16:00"},
    )
    assert answer.status_code == 409
    clash = answer.json()["clashes"][0]
    assert clash["kind"] == "person" and "Wellington's way" in clash["message"]
    assert clash["other_block"] == forum.pk  # the talk is shown inside its session


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ("not json", "__all__", "Send a JSON object with starts_at and ends_at."),
        ([1, 2], "__all__", "Send a JSON object with starts_at and ends_at."),
        (
            {"starts_at": "tomorrow", "ends_at": "2023-09-25T19:00"},
            "starts_at",
            "Send a date and time such as 2023-09-25T14:00 (in Asia/Seoul).",
        ),
        (
            {"starts_at": "2023-09-25T19:00", "ends_at": "2023-09-25T18:00"},
            "__all__",
            "The end must be after the start.",
        ),
        (
            {"starts_at": "2023-09-28T18:00", "ends_at": "2023-09-28T19:00"},
            "starts_at",
            "The item must take place within the summit's days",
        ),
        (
            {"starts_at": "2023-09-25T18:00", "ends_at": "2023-09-25T19:00", "room": "hall"},
            "room",
            "A room is its number, or null for no room.",
        ),
        (
            {"starts_at": "2023-09-25T18:00", "ends_at": "2023-09-25T19:00", "force": "yes"},
            "force",
            "force is true or false.",
        ),
    ],
)
def test_bad_input_is_answered_400_with_a_message(dinner, organiser, body, field, message):
    answer = post_json(client_for(organiser), move_url(dinner.pk), body)
    assert answer.status_code == 400
    data = answer.json()
    assert message in data["detail"]
    assert field in data.get("errors", {"__all__": []})
    dinner.refresh_from_db()
    assert dinner.starts_at == at(25, 18)


def test_another_summits_room_is_refused(dinner, organiser):
    elsewhere = RoomFactory(venue=VenueFactory(summit=SummitFactory(slug="prize")))
    answer = post_json(
        client_for(organiser),
        move_url(dinner.pk),
        {"starts_at": "2023-09-25T18:00", "ends_at": "2023-09-25T19:00", "room": elsewhere.pk},
    )
    assert (answer.status_code, answer.json()["errors"]) == (
        400,
        {"room": ["This summit has no such room."]},
    )


def test_the_messages_follow_the_language_of_the_request(dinner, organiser):
    answer = post_json(
        client_for(organiser, "ko"),
        move_url(dinner.pk),
        {"starts_at": "2023-09-25T19:00", "ends_at": "2023-09-25T18:00"},
    )
    assert answer.status_code == 400
    assert answer.json()["detail"] != "The end must be after the start."


def test_a_session_moves_with_its_talks_and_cannot_shrink_below_them(forum, side_hall, organiser):
    talk = forum.children.get()
    client = client_for(organiser)
    moved = post_json(
        client,
        move_url(forum.pk),
        {"starts_at": "2023-09-25T10:00", "ends_at": "2023-09-25T12:00", "room": side_hall.pk},
    )
    assert moved.status_code == 200, moved.content
    talk.refresh_from_db()
    assert (talk.starts_at, talk.ends_at, talk.room) == (at(25, 11), at(25, 11, 15), side_hall)
    shrunk = post_json(
        client,
        move_url(forum.pk),
        {"starts_at": "2023-09-25T10:00", "ends_at": "2023-09-25T11:00"},
    )
    assert shrunk.status_code == 400
    assert "“Wellington's way” would no longer fit in “Forum I”" in shrunk.json()["detail"]


# --- the grid's layout -----------------------------------------------------------------------


def test_the_grid_lays_out_a_day_by_room_and_quarter_hour(summit, hall, forum, dinner, organiser):
    breakfast = save_item(
        actor=organiser,
        item=item(summit, title_en="Breakfast", starts_at=at(25, 8), ends_at=at(25, 9)),
    )
    walk = save_item(
        actor=organiser,
        item=item(summit, title_en="Walk", starts_at=at(25, 8, 30), ends_at=at(25, 9, 30)),
    )
    items = list(ProgrammeItem.objects.filter(summit=summit))
    rooms = [hall, dinner.room]
    day = grid.day_grid(datetime.date(2023, 9, 25), items, rooms, SEOUL, {})
    assert day.first == 7 * 60 and day.rows == (21 - 7) * 4  # an hour around the items
    assert day.hours[0] == (1, "07:00") and day.hours[-1] == (53, "20:00")
    in_hall, in_side, off_site = day.columns
    (block,) = in_hall.blocks  # the talk is not a block of its own: it is in the forum
    assert (block.item, block.row, block.span) == (forum, 29, 8)  # 14:00 is row 29
    assert [b.item for b in in_side.blocks] == [dinner]
    # Two items overlap off-site: side by side, in two lanes.
    assert off_site.lanes == 2
    assert {(b.item.pk, b.lane, b.width) for b in off_site.blocks} == {
        (breakfast.pk, 1, 1),
        (walk.pk, 2, 1),
    }


def test_the_grid_page_says_its_zone_and_links_every_block_to_its_form(forum, organiser):
    page = client_for(organiser).get(GRID + "?day=2023-09-25").content.decode()
    assert "Times in Asia/Seoul." in page
    assert 'class="pg-block pg-kind-forum_session pg-r-' in page
    assert f'href="/forum/manage/programme/items/{forum.pk}/"' in page
    assert '<time datetime="2023-09-25T14:00:00+09:00">14:00</time>' in page
    talk = forum.children.get()
    assert f'href="/forum/manage/programme/items/{talk.pk}/"' in page  # listed in its block
    fragment = client_for(organiser).get(GRID + "?day=2023-09-25&fragment=1").content.decode()
    assert fragment.startswith('<div class="pg-scroll" id="pg-grid"')
    assert "<html" not in fragment
