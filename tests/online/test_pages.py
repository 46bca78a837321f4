"""The console's "Online & interpretation" pages and an item's online page: formats, video
rooms and streams set by staff, refused to others; the join link only to those entitled and
only once the room opens; the roster planned through the task queue and adjusted by hand."""

from __future__ import annotations

import pytest
from django.urls import reverse

from summitry.online import roster, services
from summitry.online.models import Assignment, Interpreter, OnlineItem, RosterRun, Stream

from .conftest import client_of

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.org/cac-mayors"


def make_hybrid(staff, item, join_url=JOIN):
    answer = staff.post(
        reverse("online:item", args=["forum", item.pk]),
        {
            "format": "hybrid",
            "floor_language": "ko",
            "provider": "jitsi",
            "join_url": join_url,
            "opens_minutes": 30,
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    for channel, url in (
        ("floor", "https://youtube.example/floor"),
        ("en", "https://youtube.example/en"),
    ):
        staff.post(
            reverse("online:stream-add", args=["forum", item.pk]),
            {"stream-channel": channel, "stream-url": url},
        )


def test_staff_set_an_item_hybrid_with_a_room_and_two_streams(world, staff):
    make_hybrid(staff, world.soon)
    online = OnlineItem.objects.get(item=world.soon)
    assert (online.format, online.provider, online.join_url) == ("hybrid", "jitsi", JOIN)
    assert sorted(Stream.objects.values_list("channel", flat=True)) == ["en", "floor"]
    page = staff.get(reverse("online:item", args=["forum", world.soon.pk])).content.decode()
    assert "https://youtube.example/en" in page
    listing = staff.get(reverse("online:items", args=["forum"]) + "?q=Mayors").content.decode()
    assert "Hybrid" in listing and "Climate session" not in listing


def test_bad_input_is_refused_in_the_users_language_and_changes_nothing(world, organiser):
    korean = client_of(organiser, "ko")
    answer = korean.post(
        reverse("online:item", args=["forum", world.soon.pk]),
        {
            "format": "in_person",
            "floor_language": "ko",
            "provider": "zoom",
            "join_url": JOIN,
            "opens_minutes": 30,
        },
    )
    assert answer.status_code == 200
    assert "대면" in answer.content.decode()  # the message says: in person has no video room
    assert not OnlineItem.objects.exists()
    staff = client_of(organiser)
    answer = staff.post(
        reverse("online:item", args=["forum", world.soon.pk]),
        {
            "format": "online",
            "floor_language": "ko",
            "provider": "",
            "join_url": JOIN,
            "opens_minutes": 30,
        },
    )
    assert "Say which video service the room is on." in answer.content.decode()
    assert not OnlineItem.objects.exists()
    make_hybrid(staff, world.soon)
    answer = staff.post(
        reverse("online:stream-add", args=["forum", world.soon.pk]),
        {"stream-channel": "en", "stream-url": "https://other.example/en"},
        follow=True,
    )
    assert "already has a stream in this channel" in answer.content.decode()
    assert Stream.objects.count() == 2


@pytest.mark.parametrize("who", ["outsider", "no_perm", "elsewhere"])
def test_others_may_not_change_formats_streams_or_the_roster(world, who):
    client = client_of(getattr(world, who))
    expected = 403 if who == "no_perm" else 404
    for name, args in (
        ("online:items", ["forum"]),
        ("online:item", ["forum", world.soon.pk]),
        ("online:interpreters", ["forum"]),
        ("online:roster", ["forum"]),
    ):
        assert client.get(reverse(name, args=args)).status_code == expected
    data = {
        "format": "online",
        "floor_language": "ko",
        "provider": "zoom",
        "join_url": JOIN,
        "opens_minutes": 30,
    }
    assert (
        client.post(reverse("online:item", args=["forum", world.soon.pk]), data).status_code
        == expected
    )
    assert client.post(reverse("online:roster-plan", args=["forum"])).status_code == expected
    assert not OnlineItem.objects.exists() and not RosterRun.objects.exists()


def test_the_join_link_only_to_those_entitled_and_once_the_room_opens(world, staff):
    make_hybrid(staff, world.soon)
    make_hybrid(staff, world.later, "https://meet.example.org/climate")
    soon = reverse("online:watch", args=["forum", world.soon.pk])
    later = reverse("online:watch", args=["forum", world.later.pk])
    for user in (world.attendee_user, world.speaker_user):
        page = client_of(user).get(soon).content.decode()
        assert JOIN in page and "https://youtube.example/en" in page
    # The speaker of the first item is not registered: the second room is not theirs.
    speaker_later = client_of(world.speaker_user).get(later).content.decode()
    assert "meet.example.org/climate" not in speaker_later
    assert "registered attendees" in speaker_later
    # A registered attendee sees the second room only from 30 minutes before its start.
    attendee_later = client_of(world.attendee_user).get(later).content.decode()
    assert "meet.example.org/climate" not in attendee_later
    assert "appears here at" in attendee_later
    for user in (None, world.outsider):
        page = client_of(user).get(soon).content.decode()
        assert JOIN not in page
        assert "https://youtube.example/floor" in page  # the streams are public


def test_an_interpreter_assigned_to_the_item_is_entitled(world, staff):
    make_hybrid(staff, world.soon)
    interpreter = services.add_interpreter(
        actor=world.organiser,
        summit=world.summit,
        data={
            "family_name": "Kim",
            "given_name": "Jiyeon",
            "languages": "ko A, en B",
            "user": world.outsider,
        },
    )
    assert (
        JOIN
        not in client_of(world.outsider)
        .get(reverse("online:watch", args=["forum", world.soon.pk]))
        .content.decode()
    )
    services.assign(
        actor=world.organiser,
        summit=world.summit,
        item_id=world.soon.pk,
        channel="en",
        interpreter_id=interpreter.pk,
    )
    assert (
        JOIN
        in client_of(world.outsider)
        .get(reverse("online:watch", args=["forum", world.soon.pk]))
        .content.decode()
    )


def add_interpreters(staff):
    for family, given, languages in (
        ("Kim", "Jiyeon", "ko A, en B"),
        ("Lee", "Minho", "ko A, en B"),
        ("Park", "Sora", "ko B, en A"),
    ):
        answer = staff.post(
            reverse("online:interpreters", args=["forum"]),
            {
                "family_name": family,
                "given_name": given,
                "languages": languages,
                "works_into_b": "on",
                "daily_max_minutes": 360,
                "rate": 900000,
                "rate_per": "day",
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]


def test_staff_plan_the_roster_and_see_the_verifiers_verdict(world, staff):
    make_hybrid(staff, world.soon)
    add_interpreters(staff)
    answer = staff.post(reverse("online:roster-plan", args=["forum"]), follow=True)
    page = answer.content.decode()
    run = RosterRun.objects.get()
    assert (run.state, run.status, run.verdict) == ("done", "optimal", [])
    # Two hours: a team of two in the English booth, working directly from the floor.
    team = list(Assignment.objects.filter(channel="en"))
    assert len(team) == 2 and all(a.via == "" for a in team)
    assert "Every rule holds." in page and "Optimal" in page
    assert 'id="roster"' in page and str(team[0].interpreter) in page


def test_the_roster_shows_booth_times_in_the_summits_zone_and_readers_format(world, staff):
    """Not "2026-12-06 13:07": the date and time as the reader's language writes them, on
    the summit's clock."""
    from django.utils import formats, timezone, translation

    make_hybrid(staff, world.soon)
    add_interpreters(staff)
    staff.post(reverse("online:roster-plan", args=["forum"]))
    starts = timezone.localtime(world.soon.starts_at, world.summit.zone)
    for language in ("ko", "en"):
        page = client_of(world.organiser, language).get(reverse("online:roster", args=["forum"]))
        text = page.content.decode()
        with translation.override(language):
            shown = formats.date_format(starts, "DATETIME_FORMAT")
        assert shown in text, shown
        assert starts.strftime("%Y-%m-%d %H:%M") not in text
    assert "년" in formats.get_format("DATETIME_FORMAT", lang="ko")


def test_a_hand_change_that_breaks_a_rule_is_flagged(world, staff):
    make_hybrid(staff, world.soon)
    add_interpreters(staff)
    staff.post(reverse("online:roster-plan", args=["forum"]))
    spare = Interpreter.objects.exclude(assignments__isnull=False).first()
    # Kim cannot work into English directly? Kim has en B and works into B: qualified. A
    # third member makes the team too large; a Korean-only interpreter is unqualified.
    answer = staff.post(
        reverse("online:assign", args=["forum"]),
        {"item": world.soon.pk, "channel": "en", "interpreter": spare.pk, "via": ""},
        follow=True,
    )
    page = answer.content.decode()
    assert "3 interpreters, 2 needed" in page
    korean_only = services.add_interpreter(
        actor=world.organiser,
        summit=world.summit,
        data={"family_name": "Choi", "languages": "ko A"},
    )
    Assignment.objects.filter(interpreter=spare).delete()
    answer = staff.post(
        reverse("online:assign", args=["forum"]),
        {"item": world.soon.pk, "channel": "en", "interpreter": korean_only.pk, "via": ""},
        follow=True,
    )
    assert "cannot interpret from ko into en" in answer.content.decode()
    flags, _booths = roster.clashes(world.summit, list(Assignment.objects.all()))
    assert any(flags.values())
    # A booth that does not exist is refused.
    answer = staff.post(
        reverse("online:assign", args=["forum"]),
        {"item": world.soon.pk, "channel": "ja", "interpreter": korean_only.pk, "via": ""},
        follow=True,
    )
    assert Assignment.objects.filter(channel="ja").count() == 0


def test_planning_again_keeps_the_roster_when_nothing_changed(world, staff):
    make_hybrid(staff, world.soon)
    add_interpreters(staff)
    staff.post(reverse("online:roster-plan", args=["forum"]))
    first = set(Assignment.objects.values_list("interpreter_id", flat=True))
    staff.post(reverse("online:roster-plan", args=["forum"]))
    assert set(Assignment.objects.values_list("interpreter_id", flat=True)) == first
    assert RosterRun.objects.first().solution["changes"] == 0


def test_my_page_lists_my_sessions_online(world, staff):
    make_hybrid(staff, world.soon)
    page = client_of(world.attendee_user).get(reverse("me")).content.decode()
    assert "My sessions online" in page and "Mayors&#x27; meeting" in page
    assert "My sessions online" not in client_of(world.outsider).get(reverse("me")).content.decode()


def test_the_summit_home_lists_its_online_items_for_everyone(world, staff):
    home = reverse("summits:home", args=["forum"])
    assert "online-home" not in client_of(None).get(home).content.decode()
    make_hybrid(staff, world.soon)
    page = client_of(None, "ko").get(home).content.decode()
    assert (
        "도시정부 시장회의" in page
        and reverse("online:watch", args=["forum", world.soon.pk]) in page
    )
    assert JOIN not in page


def test_planning_without_interpreters_says_the_booths_cannot_be_covered(world, staff):
    answer = staff.post(reverse("online:roster-plan", args=["forum"]), follow=True)
    assert RosterRun.objects.get().status in ("optimal", "feasible")  # nothing to interpret
    assert "No item needs interpretation" in answer.content.decode()
    make_hybrid(staff, world.soon)
    answer = staff.post(reverse("online:roster-plan", args=["forum"]), follow=True)
    run = RosterRun.objects.first()
    assert run.status == "infeasible" and run.solution["uncovered"]
    page = answer.content.decode()
    assert "No roster can cover every booth" in page
    assert "0 interpreters, 2 needed" in page
    assert not Assignment.objects.exists()
