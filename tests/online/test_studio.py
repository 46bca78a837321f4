"""The studio's control room: a day's online items, the ones on air and the next, their
rehearsal, speakers connected (the speaker's "I'm connected") and interpreters on duty; it
follows changes through core.live; staff holding ``online`` only."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from summitry.core import live
from summitry.directory.models import Person
from summitry.online import qa
from summitry.online import studio as board_of
from summitry.online.models import Assignment, Interpreter, OnlineItem, SpeakerConnection, Stream
from summitry.programme.models import ProgrammeItem

from .conftest import client_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(world):
    now = timezone.now()
    on_air = ProgrammeItem.objects.create(
        summit=world.summit,
        kind="forum_session",
        block="morning",
        title_en="Opening talk",
        title_ko="개막 대담",
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(minutes=5),
    )
    aired = OnlineItem.objects.create(item=on_air, format="online", rehearsal="done")
    soon = OnlineItem.objects.create(item=world.soon, format="hybrid", rehearsal="scheduled")
    Stream.objects.create(online=soon, channel="en", url="https://youtu.be/AAAAAAAAAAA")
    person = Person.objects.create(slug="interp-lee", family_name="Lee", given_name="Mina")
    interpreter = Interpreter.objects.create(
        summit=world.summit, person=person, languages={"ko": "A", "en": "B"}
    )
    Assignment.objects.create(online=soon, channel="en", interpreter=interpreter)
    return {"aired": aired, "soon": soon}


def studio(client, day=""):
    return client.get(reverse("online:studio", args=["forum"]) + (f"?day={day}" if day else ""))


def test_the_board_shows_on_air_next_rehearsal_speakers_and_interpreters(world, board, staff):
    page = studio(staff)
    assert page.status_code == 200
    text = page.content.decode()
    assert f'id="on-air-{board["aired"].item_id}"' in text
    assert 'id="next-item"' in text and "Mayors&#x27; meeting" in text
    row = text[text.index(f'id="studio-item-{world.soon.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Scheduled" in row and "Mina" in row and "not connected" in row
    assert "Baswedan" in row


def test_the_speaker_says_connected_and_the_board_follows(
    world, board, staff, django_capture_on_commit_callbacks
):
    live_url = studio(staff).context["live_url"]
    assert staff.get(live_url).status_code == 204
    watch = reverse("online:watch", args=["forum", world.soon.pk])
    speaker = client_of(world.speaker_user)
    assert 'id="connected-button"' in speaker.get(watch).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        answer = speaker.post(reverse("online:connected", args=["forum", world.soon.pk]))
    assert answer.status_code == 302
    assert SpeakerConnection.objects.filter(online=board["soon"]).count() == 1
    fresh = staff.get(live_url)
    assert fresh.status_code == 200
    row = fresh.content.decode()
    row = row[row.index(f'id="studio-item-{world.soon.pk}"') :]
    assert "connected-yes" in row[: row.index("</tr>")]


def test_only_the_items_speakers_say_they_are_connected(world, board):
    connect = reverse("online:connected", args=["forum", world.soon.pk])
    for user in (world.outsider, world.attendee_user, world.organiser):
        assert client_of(user).post(connect).status_code == 404
    assert client_of(None).post(connect).status_code == 302
    assert not SpeakerConnection.objects.exists()
    page = client_of(world.attendee_user).get(
        reverse("online:watch", args=["forum", world.soon.pk])
    )
    assert 'id="connected-button"' not in page.content.decode()


def test_the_studio_is_for_staff_holding_online(world, board):
    assert studio(client_of(world.no_perm)).status_code == 403
    assert studio(client_of(world.outsider)).status_code == 404
    assert studio(client_of(world.elsewhere)).status_code == 404
    assert studio(client_of(None)).status_code == 302


def test_time_alone_moving_an_item_off_the_air_bumps_the_board(world, board, staff):
    topic = qa.studio_topic(world.summit)
    live_url = studio(staff).context["live_url"]
    assert staff.get(live_url).status_code == 204
    before = live.version(topic)
    item = board["aired"].item
    item.ends_at = timezone.now() - datetime.timedelta(minutes=1)  # as if time had passed
    item.save()
    page = staff.get(live_url)  # the poller's version is the old one: it renders anew
    assert page.status_code == 200
    assert live.version(topic) > before
    assert f'id="on-air-{item.pk}"' not in page.content.decode()


def test_another_day_of_the_summit(world, board, staff):
    day = world.later.starts_at.astimezone(world.summit.zone).date()
    text = studio(staff, day.isoformat()).content.decode()
    assert "Opening talk" not in text and 'aria-current="page"' in text


def test_late_in_the_evening_the_next_item_after_midnight_is_on_the_board(world):
    """At 23:58 in the summit's zone, an online item at 00:10 is the next one (it used to be
    left off the day's board, and with it the whole "next" panel)."""
    seoul = ZoneInfo("Asia/Seoul")
    world.summit.time_zone = "Asia/Seoul"
    night = datetime.datetime(2030, 3, 6, 23, 58, tzinfo=seoul)
    item = ProgrammeItem.objects.create(
        summit=world.summit,
        kind="forum_session",
        block="morning",
        title_en="Night session",
        title_ko="심야 세션",
        starts_at=night + datetime.timedelta(minutes=12),
        ends_at=night + datetime.timedelta(minutes=72),
    )
    OnlineItem.objects.create(item=item, format="online")
    shown = board_of.board(world.summit, night.date(), night)
    assert shown["next"] is not None and shown["next"].item_id == item.pk
    assert [row.item_id for row in shown["rows"]] == [item.pk]
    # The next day's board at noon does not show it as to come.
    noon = datetime.datetime(2030, 3, 7, 12, 0, tzinfo=seoul)
    assert board_of.board(world.summit, noon.date(), noon)["next"] is None
