"""The item form in the console (times typed in the summit's zone, clashes shown and forced,
people, talks added in place, deletion that asks first) and each item's public page (its
permalink, visible as the item is, cached for anonymous visitors, with a calendar file)."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from summitry.programme.models import ProgrammeItem
from summitry.programme.services import save_item
from tests.factories import PersonFactory, UserFactory

from .conftest import at, item, publish

UTC = datetime.UTC
NEW = "/forum/manage/programme/items/new/"


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def staff(organiser):
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(organiser)
    return client


def form_data(**values) -> dict:
    data = {
        "kind": "meal",
        "block": "lunch",
        "title_ko": "오찬",
        "title_en": "Lunch",
        "starts_at": "2023-09-25T12:00",
        "ends_at": "2023-09-25T13:00",
        "audience": "public",
        "people-TOTAL_FORMS": "0",
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "60",
    }
    data.update(values)
    return data


@pytest.fixture
def session(summit, hall, organiser, whanau):
    forum = save_item(
        actor=organiser,
        item=item(summit, kind="themed_session", room=hall, title_en="Session 1"),
        people=[{"person": whanau, "role": "chair"}],
    )
    save_item(
        actor=organiser,
        item=item(
            summit,
            parent=forum,
            kind="presentation",
            title_en="Wellington's way",
            title_ko="웰링턴의 길",
            starts_at=at(25, 14, 10),
            ends_at=at(25, 14, 25),
        ),
        people=[
            {
                "person": whanau,
                "role": "speaker",
                "presentation_title": {"en": "A city for all", "ko": "모두의 도시"},
            }
        ],
    )
    return forum


# --- the item form ---------------------------------------------------------------------------


def test_the_form_takes_and_shows_times_in_the_summits_zone(staff, summit):
    page = staff.get(NEW + "?day=2023-09-25&start=12:00").content.decode()
    assert "Starts (Asia/Seoul)" in page
    assert "In the summit&#x27;s time zone (Asia/Seoul, UTC+09:00)." in page
    assert 'value="2023-09-25T12:00"' in page  # proposed from the grid's link
    response = staff.post(NEW, form_data())
    assert response.status_code == 302
    lunch = ProgrammeItem.objects.get(title_en="Lunch")
    assert lunch.starts_at == datetime.datetime(2023, 9, 25, 3, 0, tzinfo=UTC)
    assert response["Location"] == f"/forum/manage/programme/?day=2023-09-25#item-{lunch.pk}"
    edit = staff.get(f"/forum/manage/programme/items/{lunch.pk}/").content.decode()
    assert 'value="2023-09-25T12:00"' in edit and 'value="2023-09-25T13:00"' in edit


def test_a_clash_in_the_form_is_shown_and_saved_only_when_forced(staff, session, hall):
    data = form_data(room=str(hall.pk), starts_at="2023-09-25T15:00", ends_at="2023-09-25T16:00")
    refused = staff.post(NEW, data)
    assert refused.status_code == 200
    assert "DDP · Art Hall 2 is already booked for “Session 1” at that time." in text(refused)
    assert "Save even though it clashes" in text(refused)
    assert not ProgrammeItem.objects.filter(title_en="Lunch").exists()
    assert staff.post(NEW, {**data, "force": "on"}).status_code == 302
    assert ProgrammeItem.objects.get(title_en="Lunch").room == hall


def test_bad_input_in_the_form_saves_nothing(staff, summit):
    response = staff.post(
        NEW, form_data(title_ko="", title_en="", ends_at="2023-09-25T11:00", starts_at="x")
    )
    assert response.status_code == 200
    page = text(response)
    assert "Give the item a title in Korean or English." in page
    assert "Enter a valid date/time." in page
    assert not ProgrammeItem.objects.exists()


def test_people_are_edited_with_the_item(staff, session, whanau):
    guest = PersonFactory(given_name="Daithi", family_name="de Roiste")
    session.people.all().delete()
    url = f"/forum/manage/programme/items/{session.pk}/"
    data = form_data(
        kind="themed_session",
        block="afternoon",
        title_en="Session 1",
        title_ko="세션 1",
        starts_at="2023-09-25T14:00",
        ends_at="2023-09-25T16:00",
        room=str(session.room_id),
        **{
            "people-TOTAL_FORMS": "2",
            "people-0-person": str(whanau.pk),
            "people-0-role": "chair",
            "people-1-person": str(guest.pk),
            "people-1-role": "moderator",
        },
    )
    assert staff.post(url, data).status_code == 302
    roles = {(p.person_id, p.role) for p in session.people.all()}
    assert roles == {(whanau.pk, "chair"), (guest.pk, "moderator")}


def test_a_talk_is_added_to_its_session_in_place(staff, session):
    speaker = PersonFactory(given_name="Ji", family_name="Jing", name_hangul="지징")
    response = staff.post(
        f"/forum/manage/programme/items/{session.pk}/talks/",
        {
            "talk-title_en": "Policy case: Chengdu",
            "talk-title_ko": "정책 사례: 청두",
            "talk-starts_at": "2023-09-25T14:30",
            "talk-ends_at": "2023-09-25T14:45",
            "talk-speaker": str(speaker.pk),
            "talk-presentation_title_en": "Parks for everyone",
        },
    )
    assert response.status_code == 302
    talk = session.children.get(title_en="Policy case: Chengdu")
    assert (talk.kind, talk.room, talk.starts_at) == ("presentation", session.room, at(25, 14, 30))
    role = talk.people.get()
    assert (role.person, role.role, role.presentation_title_en) == (
        speaker,
        "speaker",
        "Parks for everyone",
    )
    page = text(staff.get(f"/forum/manage/programme/items/{session.pk}/"))
    assert "14:30–14:45 Policy case: Chengdu" in page
    # A talk outside its session's time is refused, nothing saved.
    late = staff.post(
        f"/forum/manage/programme/items/{session.pk}/talks/",
        {
            "talk-title_en": "Too late",
            "talk-starts_at": "2023-09-25T16:30",
            "talk-ends_at": "2023-09-25T16:45",
        },
    )
    assert "A sub-item must fit within its parent&#x27;s time." in late.content.decode()
    assert not ProgrammeItem.objects.filter(title_en="Too late").exists()


def test_deleting_an_item_asks_first(staff, session):
    url = f"/forum/manage/programme/items/{session.pk}/delete/"
    asked = staff.post(url)
    assert asked.status_code == 200
    assert "Delete “Session 1” from the programme?" in text(asked)
    assert "Its 1 sub-items" in text(asked)
    assert ProgrammeItem.objects.filter(pk=session.pk).exists()
    done = staff.post(url, {"confirmed": "1"})
    assert done.status_code == 302 and done["Location"] == "/forum/manage/programme/?day=2023-09-25"
    assert not ProgrammeItem.objects.exists()  # with its talk


def test_the_form_is_the_programme_teams_only(session):
    stranger = Client()
    stranger.force_login(UserFactory(username="stranger"))
    url = f"/forum/manage/programme/items/{session.pk}/"
    assert stranger.get(url).status_code == 404
    assert stranger.post(f"{url}delete/", {"confirmed": "1"}).status_code == 404
    assert ProgrammeItem.objects.filter(pk=session.pk).exists()


# --- the public page of an item --------------------------------------------------------------


def test_an_items_page_shows_its_time_place_people_and_sub_items(session, summit, organiser):
    publish(summit, organiser)
    client = Client(headers={"Accept-Language": "en"})
    page = text(client.get(f"/forum/programme/{session.pk}/"))
    assert "25 September 2023 (Mon) 14:00 – 16:00 (Asia/Seoul time)" in page
    assert "Art Hall 2, DDP" in page
    assert "Chair: Tory Whanau" in page
    assert "Wellington&#x27;s way" in page or "Wellington's way" in page
    talk = session.children.get()
    talk_page = text(client.get(f"/forum/programme/{talk.pk}/"))
    assert "Speaker: Tory Whanau" in talk_page and "A city for all" in talk_page
    korean = text(Client(headers={"Accept-Language": "ko"}).get(f"/forum/programme/{talk.pk}/"))
    assert "웰링턴의 길" in korean and "모두의 도시" in korean and "토리 화나우" in korean


def test_an_item_is_visible_only_as_in_the_programme(summit, organiser, bilbao):
    breakfast = save_item(
        actor=organiser,
        item=item(summit, title_en="Breakfast", audience="invited"),
        invitees=[bilbao],
    )
    public = save_item(actor=organiser, item=item(summit, title_en="Forum", starts_at=at(25, 9)))
    anonymous = Client()
    assert anonymous.get(f"/forum/programme/{public.pk}/").status_code == 404  # a draft
    publish(summit, organiser)
    assert anonymous.get(f"/forum/programme/{public.pk}/").status_code == 200
    assert anonymous.get(f"/forum/programme/{breakfast.pk}/").status_code == 404
    assert anonymous.get(f"/forum/programme/{breakfast.pk}.ics").status_code == 404
    staff = Client()
    staff.force_login(organiser)
    assert staff.get(f"/forum/programme/{breakfast.pk}/").status_code == 200


def test_add_to_calendar_gives_the_item_alone_with_its_permalink(session, summit, organiser):
    publish(summit, organiser)
    response = Client().get(f"/forum/programme/{session.pk}.ics")
    assert response["Content-Type"] == "text/calendar"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 1
    assert events[0]["dtstart"].dt == at(25, 14)
    assert str(events[0]["url"]).endswith(f"/forum/programme/{session.pk}/")


def test_the_programme_and_its_feeds_link_to_each_items_page(session, summit, organiser):
    publish(summit, organiser)
    client = Client()
    talk = session.children.get()
    programme = client.get("/forum/programme/").content.decode()
    assert f'href="/forum/programme/{session.pk}/"' in programme
    assert f'href="/forum/programme/{talk.pk}/"' in programme
    feed = Calendar.from_ical(client.get("/forum/programme.ics").content)
    urls = {str(e["url"]) for e in feed.walk("VEVENT")}
    assert {u.rsplit("/forum/", 1)[1] for u in urls} == {
        f"programme/{session.pk}/",
        f"programme/{talk.pk}/",
    }


def test_an_items_page_is_cached_for_anonymous_visitors_until_it_changes(
    session, summit, organiser
):
    publish(summit, organiser)
    client = Client(headers={"Accept-Language": "en"})
    url = f"/forum/programme/{session.pk}/"
    first = client.get(url).content
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).content == first
    assert len(queries) == 0
    session.ends_at = at(25, 16, 30)
    save_item(actor=organiser, item=session)
    assert "14:00 – 16:30" in text(client.get(url))
