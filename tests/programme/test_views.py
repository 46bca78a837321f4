"""The public programme: bilingual, by day, filterable, invite-only items hidden, fixed
queries, and the iCalendar feed."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from summitry.delegations.models import Delegation
from summitry.programme.services import save_item
from tests.factories import PersonFactory, UserFactory

from .conftest import at, item, publish


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def grid(summit, hall, theme, whanau, bilbao, organiser):
    forum = save_item(
        actor=organiser,
        item=item(summit, room=hall, theme=theme),
        people=[
            {
                "person": whanau,
                "role": "speaker",
                "presentation_title": {"en": "Wellington's way", "ko": "웰링턴의 길"},
            }
        ],
    )
    save_item(
        actor=organiser,
        item=item(
            summit,
            parent=forum,
            kind="keynote",
            title_en="Keynote",
            title_ko="기조연설",
            starts_at=at(25, 14),
            ends_at=at(25, 14, 30),
        ),
    )
    save_item(
        actor=organiser,
        item=item(
            summit,
            kind="meal",
            block="morning",
            title_en="Laureates' breakfast",
            title_ko="리콴유상 수상도시 조찬",
            audience="invited",
            starts_at=at(25, 8),
            ends_at=at(25, 9),
        ),
        invitees=[bilbao],
    )
    save_item(
        actor=organiser,
        item=item(
            summit,
            kind="reception",
            block="dinner",
            title_en="Pre-event",
            title_ko="사전행사",
            starts_at=at(24, 18),
            ends_at=at(24, 20),
        ),
    )
    publish(summit, organiser)
    return forum


def test_the_programme_in_korean_and_english_by_day(grid, client):
    korean = text(client.get("/forum/programme/"))
    assert "1일차 · 2023년 9월 24일 (일요일)" in korean
    assert "사전행사" in korean and "시장포럼 I" in korean and "기조연설" in korean
    assert "웰링턴의 길" in korean
    client.cookies["django_language"] = "en"
    english = text(client.get("/forum/programme/"))
    agenda = english[english.index("Day 1") :]
    assert agenda.index("Pre-event") < agenda.index("Forum I") < agenda.index("Keynote")
    assert "Day 1 · 24 September 2023 (Sun)" in english
    assert "14:00 – 16:00" in english
    assert "Wellington's way" in english.replace("&#x27;", "'")


def test_invite_only_items_are_invisible_to_the_public(grid, client):
    assert "Laureates" not in text(
        client.get("/forum/programme/", headers={"Accept-Language": "en"})
    )
    feed = Calendar.from_ical(client.get("/forum/programme.ics").content)
    titles = {str(e["summary"]) for e in feed.walk("VEVENT")}
    assert "리콴유상 수상도시 조찬" not in titles
    listed = client.get("/api/v1/summits/forum/programme").json()
    assert [i["title"]["en"] for i in listed] == ["Pre-event", "Forum I"]


def test_invite_only_items_are_visible_to_the_invited(grid, bilbao, summit):
    contact = UserFactory(username="bilbao-contact")
    Delegation.objects.create(summit=summit, organisation=bilbao, contact=contact)
    client = Client()
    client.force_login(contact)
    assert "리콴유상 수상도시 조찬" in text(client.get("/forum/programme/"))
    stranger = Client()
    stranger.force_login(UserFactory(username="someone"))
    assert "리콴유상 수상도시 조찬" not in text(stranger.get("/forum/programme/"))


def test_filters_by_theme_and_type(grid, theme, client):
    client.cookies["django_language"] = "en"
    by_theme = text(client.get(f"/forum/programme/?theme={theme.pk}"))
    assert "Forum I" in by_theme and "Pre-event" not in by_theme
    by_type = text(client.get("/forum/programme/?type=reception"))
    assert "Pre-event" in by_type and "Forum I" not in by_type


def test_the_calendar_feed(grid, client):
    feed = Calendar.from_ical(
        client.get("/forum/programme.ics", headers={"Accept-Language": "en"}).content
    )
    events = {str(e["summary"]): e for e in feed.walk("VEVENT")}
    assert set(events) == {"Forum I", "Keynote", "Pre-event"}
    assert events["Forum I"].decoded("dtstart") == at(25, 14)
    assert str(events["Forum I"]["location"]) == "DDP, Art Hall 2"


@pytest.mark.parametrize("sessions", [10, 100])
def test_the_page_makes_a_fixed_number_of_queries(summit, hall, organiser, sessions, client):
    speakers = [PersonFactory() for _ in range(3)]
    for n in range(sessions):
        minute = n % 50
        forum = save_item(
            actor=organiser,
            force=True,
            item=item(
                summit,
                title_en=f"Session {n}",
                starts_at=at(25, 9, minute),
                ends_at=at(25, 10, minute),
            ),
            people=[{"person": speakers[n % 3], "role": "speaker"}],
        )
        # Three levels, as in the forum: session, themed session, talk.
        themed = save_item(
            actor=organiser,
            force=True,
            item=item(
                summit,
                parent=forum,
                title_en=f"Subsession {n}",
                kind="themed_session",
                starts_at=at(25, 9, minute),
                ends_at=at(25, 9, minute + 8),
            ),
        )
        save_item(
            actor=organiser,
            force=True,
            item=item(
                summit,
                parent=themed,
                title_en=f"Talk {n}",
                kind="presentation",
                starts_at=at(25, 9, minute),
                ends_at=at(25, 9, minute + 5),
            ),
            people=[{"person": speakers[(n + 1) % 3], "role": "speaker"}],
        )
    publish(summit, organiser)
    client.cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/forum/programme/")
    assert response.status_code == 200
    page = text(response)
    assert (page.count("Session "), page.count("Subsession "), page.count("Talk ")) == (
        sessions,
        sessions,
        sessions,
    )
    assert len(queries) == 10, [q["sql"][:80] for q in queries]
