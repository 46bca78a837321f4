"""The demo's programme: the 2023 forum's three-day grid from the seeds, without clashes."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from summitry.programme.models import ItemPerson, ProgrammeItem
from summitry.programme.services import clash_report
from summitry.summits.models import Summit
from tests.demo_data import demo_for_the_module

SEOUL = ZoneInfo("Asia/Seoul")


demo_loaded = demo_for_the_module("wcsmf2023")


@pytest.fixture
def summit(demo_loaded, db):
    return Summit.objects.get(slug="wcsmf2023")


def top_level_by_day(summit) -> dict[datetime.date, list[str]]:
    days: dict[datetime.date, list[str]] = {}
    for item in ProgrammeItem.objects.filter(
        summit=summit, parent=None, bilateral__isnull=True, agreement__isnull=True
    ).order_by("starts_at", "ends_at", "pk"):
        days.setdefault(item.starts_at.astimezone(SEOUL).date(), []).append(item.title_en)
    return days


def test_the_three_days_hold_the_seeds_grid(summit):
    assert top_level_by_day(summit) == {
        datetime.date(2023, 9, 24): [
            "Arrival of foreign participants",
            "Pre-event at Sebitseom",
        ],
        datetime.date(2023, 9, 25): [
            "Lee Kuan Yew World City Prize laureate cities' breakfast",
            "Site visit I: Seoul Biennale and Seoul Museum of Craft Art",
            "Young Leaders Dialogue",
            "Lunch",
            "Mayors Forum I",
            "Seoul Smart City Prize award ceremony dinner",
        ],
        datetime.date(2023, 9, 26): [
            "Mayors Forum II",
            "Farewell lunch",
            "Site visit II: Cheonggyecheon Museum and Seoul Sewerage Science Museum",
            "Departure of foreign participants",
        ],
    }
    pre_event = ProgrammeItem.objects.get(title_en="Pre-event at Sebitseom")
    assert pre_event.place_ko == "세빛섬"
    dinner = ProgrammeItem.objects.get(title_en="Seoul Smart City Prize award ceremony dinner")
    assert (dinner.room.name_en, dinner.room.venue.name_en) == (
        "Art Hall 2",
        "Dongdaemun Design Plaza (DDP)",
    )
    assert dinner.starts_at == datetime.datetime(2023, 9, 25, 17, 30, tzinfo=SEOUL)
    audiences = {item.title_en: item.audience for item in ProgrammeItem.objects.filter(parent=None)}
    assert audiences["Mayors Forum I"] == audiences["Mayors Forum II"] == "public"
    assert audiences["Farewell lunch"] == audiences["Pre-event at Sebitseom"] == "registered"

    breakfast = ProgrammeItem.objects.get(
        summit=summit, title_en="Lee Kuan Yew World City Prize laureate cities' breakfast"
    )
    assert breakfast.audience == "invited"
    assert sorted(o.slug for o in breakfast.invitees.all()) == ["bilbao", "vienna"]


def test_forum_i_opens_at_14_and_12_presentations_in_4_themed_sessions(summit):
    forum = ProgrammeItem.objects.get(summit=summit, title_en="Mayors Forum I")
    assert forum.starts_at == datetime.datetime(2023, 9, 25, 14, 0, tzinfo=SEOUL)
    assert forum.starts_at.isoformat() == "2023-09-25T05:00:00+00:00"
    assert (forum.room, forum.place_en) == (None, "DDP")
    children = list(forum.children.order_by("starts_at", "pk"))
    assert [c.kind for c in children] == ["ceremony", "keynote", "themed_session", "themed_session"]
    assert children[0].starts_at == forum.starts_at
    for opening in children[:2]:
        assert [(p.person.slug, p.role) for p in opening.people.all()] == [
            ("oh-se-hoon", "speaker")
        ]
    assert "약자와의 동행" in children[1].title_ko

    sessions = ProgrammeItem.objects.filter(summit=summit, kind="themed_session").order_by(
        "starts_at"
    )
    assert [s.theme.number for s in sessions] == [1, 2, 3, 4]
    assert [s.parent.title_en for s in sessions] == ["Mayors Forum I"] * 2 + ["Mayors Forum II"] * 2
    for session in sessions:
        assert session.theme.title_en in session.title_en
        assert [p.role for p in session.people.all()] == ["chair"]
        assert session.people.get().person.slug.startswith("sample-person-")
        talks = list(session.children.order_by("starts_at"))
        assert [t.kind for t in talks] == ["presentation"] * 3
        for talk in talks:
            assert session.starts_at <= talk.starts_at < talk.ends_at <= session.ends_at
            assert talk.audience == "public"
    talks = ItemPerson.objects.filter(item__kind="presentation", role="speaker")
    assert ProgrammeItem.objects.filter(summit=summit, kind="presentation").count() == 12
    assert talks.count() == 12
    presenters = {t.person.slug for t in talks}
    named = {"tory-whanau", "daithi-de-roiste", "ji-jing", "chiang-wan-an"}
    assert named <= presenters
    assert all(slug.startswith("sample-person-") for slug in presenters - named)
    whanau = talks.get(person__slug="tory-whanau")
    assert (whanau.presentation_title_en, whanau.presentation_title_ko) == (
        "Policy case: Wellington (sample title)",
        "정책 사례: 웰링턴 (예시 제목)",
    )
    assert whanau.item.title_en == whanau.presentation_title_en


def test_site_visits_and_a_grid_without_clashes(summit):
    visits = ProgrammeItem.objects.filter(summit=summit, kind="site_visit").order_by("starts_at")
    stops = [[s.place_en for s in v.children.order_by("starts_at")] for v in visits]
    assert stops == [
        [
            "Songhyeon Green Plaza (Seoul Biennale of Architecture and Urbanism)",
            "Seoul Museum of Craft Art",
        ],
        ["Cheonggyecheon Museum", "Seoul Sewerage Science Museum"],
    ]
    assert [v.capacity for v in visits] == [100, 100]
    assert [v.starts_at.astimezone(SEOUL) for v in visits] == [
        datetime.datetime(2023, 9, 25, 9, 0, tzinfo=SEOUL),
        datetime.datetime(2023, 9, 26, 14, 0, tzinfo=SEOUL),
    ]
    assert {s.kind for v in visits for s in v.children.all()} == {"visit_stop"}
    guides = [
        [(p.person.slug, p.role) for p in stop.people.all()]
        for stop in visits[0].children.order_by("starts_at")
    ]
    assert guides == [
        [("seoul-biennale-general-director", "guide")],
        [("seoul-museum-of-craft-art-director", "guide")],
    ]

    assert clash_report(summit) == []
    for item in ProgrammeItem.objects.filter(summit=summit).exclude(parent=None):
        assert item.parent.starts_at <= item.starts_at < item.ends_at <= item.parent.ends_at


def test_loading_twice_changes_nothing(summit):
    def snapshot():
        return (
            list(ProgrammeItem.objects.order_by("pk").values()),
            list(ItemPerson.objects.order_by("pk").values()),
            sorted(ProgrammeItem.invitees.through.objects.values_list("pk", flat=True)),
        )

    before = snapshot()
    call_command("demo", "load", "wcsmf2023")
    assert snapshot() == before
    counts = (ProgrammeItem.objects.count(), ItemPerson.objects.count())

    # An item changed by hand is brought back in line, without duplicates.
    forum = ProgrammeItem.objects.get(title_en="Mayors Forum II")
    ProgrammeItem.objects.filter(pk=forum.pk).update(description_en="Changed", capacity=5)
    ItemPerson.objects.filter(person__slug="tory-whanau").update(role="moderator")
    call_command("demo", "load", "wcsmf2023")
    forum.refresh_from_db()
    assert (forum.description_en, forum.capacity) == ("Themed sessions 3 and 4.", None)
    assert ItemPerson.objects.get(person__slug="tory-whanau").role == "speaker"
    assert (ProgrammeItem.objects.count(), ItemPerson.objects.count()) == counts
    assert clash_report(forum.summit) == []


def test_filters_find_nested_items_and_keep_the_days_numbers(summit, organiser):
    from django.test import Client

    from summitry.programme.releases import publish
    from summitry.summits.models import SessionTheme

    if not summit.programme_releases.exists():
        publish(actor=organiser, summit=summit)
    client = Client(headers={"Accept-Language": "en"})
    theme = SessionTheme.objects.get(summit=summit, number=1)
    by_theme = client.get(f"/wcsmf2023/programme/?theme={theme.pk}").content.decode()
    assert "How can Mayors forge inclusive societies" in by_theme
    assert "Policy case: Taipei" in by_theme  # the themed session's talks come with it
    # The forum's first themed session is on its second day, and says so.
    assert "Day 2 · " in by_theme and "Day 1 · " not in by_theme
    assert "Young Leaders Dialogue" not in by_theme
    keynotes = client.get("/wcsmf2023/programme/?type=keynote").content.decode()
    assert "Keynote: Companionship with the vulnerable" in keynotes
    assert "Mayors Forum I" in keynotes and "Day 2 · " in keynotes
    assert "Site visit I" not in keynotes
