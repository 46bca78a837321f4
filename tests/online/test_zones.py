"""Remote speakers' and participants' own time zones: their itinerary page, its PDF and their
calendar feed give an online or hybrid item's hours in the summit's zone and their own; a
participant gives their zone on their own page; nobody else's data, nowhere public."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from summitry.core import registry
from summitry.delegations import services as delegation_services
from summitry.online.models import OnlineItem, PersonZone, SpeakerPrep

from .conftest import client_of

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MOSCOW = "10:00–12:00 Seoul / 04:00–06:00 Moscow"
JAKARTA = "10:00–12:00 Seoul / 08:00–10:00 Jakarta"


@pytest.fixture
def remote(world):
    """The soon item held online 10:00–12:00 Seoul on 2 June 2020; the later one in person."""
    world.summit.time_zone = "Asia/Seoul"
    world.summit.start_date = datetime.date(2020, 6, 1)
    world.summit.end_date = datetime.date(2020, 6, 5)
    world.summit.save(update_fields=["time_zone", "start_date", "end_date"])
    world.soon.starts_at = datetime.datetime(2020, 6, 2, 1, 0, tzinfo=UTC)
    world.soon.ends_at = datetime.datetime(2020, 6, 2, 3, 0, tzinfo=UTC)
    world.soon.save(update_fields=["starts_at", "ends_at"])
    world.later.starts_at = datetime.datetime(2020, 6, 3, 1, 0, tzinfo=UTC)
    world.later.ends_at = datetime.datetime(2020, 6, 3, 2, 0, tzinfo=UTC)
    world.later.save(update_fields=["starts_at", "ends_at"])
    OnlineItem.objects.create(item=world.later, format="in_person")
    return OnlineItem.objects.create(item=world.soon, format="online")


def itinerary(world, delegate, user=None, language="en"):
    client = client_of(user or delegate.user, language)
    return client.get(reverse("programme:itinerary", args=["forum", delegate.pk]))


def feed(world, delegate):
    secret = delegation_services.calendar_secret(delegate)
    answer = client_of(None).get(reverse("programme:itinerary-feed", args=["forum", secret]))
    return Calendar.from_ical(answer.content)


def descriptions(calendar) -> dict[str, str]:
    return {
        str(event["summary"]): str(event.get("description", ""))
        for event in calendar.walk("VEVENT")
    }


def test_a_speakers_itinerary_and_feed_give_both_zones(world, remote):
    SpeakerPrep.objects.create(
        online=remote,
        person=world.speaker.person,
        time_zone="Europe/Moscow",
        zone_label_en="Moscow",
        zone_label_ko="모스크바",
    )
    page = itinerary(world, world.speaker).content.decode()
    assert MOSCOW in page
    assert "Seoul / " not in page.split("Climate session")[1]  # the item in person: one zone
    korean = itinerary(world, world.speaker, language="ko").content.decode()
    assert "10:00–12:00 Seoul / 04:00–06:00 모스크바" in korean
    events = descriptions(feed(world, world.speaker))
    assert MOSCOW in events["Mayors' meeting"]
    assert "Seoul /" not in events["Climate session"]
    pdf = client_of(world.speaker_user).get(
        reverse("programme:itinerary-pdf", args=["forum", world.speaker.pk])
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "04:00–06:00 Moscow" in " ".join(text.split())


def test_a_participant_gives_their_zone_and_sees_both(world, remote):
    attendee = client_of(world.attendee_user)
    url = reverse("online:my-zone", args=["forum"])
    assert attendee.get(url).status_code == 200
    answer = attendee.post(url, {"time_zone": "Asia/Jakarta", "zone_label_en": "Jakarta"})
    assert answer.status_code == 302
    zone = PersonZone.objects.get()
    assert (zone.person, zone.time_zone) == (world.attendee.person, "Asia/Jakarta")
    assert JAKARTA in itinerary(world, world.attendee).content.decode()
    assert JAKARTA in descriptions(feed(world, world.attendee))["Mayors' meeting"]
    # the participant's own zone is the one given for the summit, over a speaker's
    assert registry.item_times(world.summit, world.attendee.person_id, [world.soon]) == {
        world.soon.pk: JAKARTA
    }
    # an empty zone removes it
    attendee.post(url, {"time_zone": ""})
    assert not PersonZone.objects.exists()
    assert "Seoul / " not in itinerary(world, world.attendee).content.decode()


def test_the_summits_own_zone_or_none_gives_one_time(world, remote):
    assert registry.item_times(world.summit, world.attendee.person_id, [world.soon]) == {}
    PersonZone.objects.create(
        summit=world.summit, person=world.attendee.person, time_zone="Asia/Seoul"
    )
    assert registry.item_times(world.summit, world.attendee.person_id, [world.soon]) == {}


def test_a_bad_zone_is_refused_in_the_users_language_and_nothing_changes(world, remote):
    answer = client_of(world.attendee_user, "ko").post(
        reverse("online:my-zone", args=["forum"]), {"time_zone": "Mars/Olympus"}
    )
    assert answer.status_code == 200
    assert "Mars/Olympus" in answer.content.decode()
    assert "시간대" in answer.content.decode()
    assert not PersonZone.objects.exists()


def test_only_registered_people_set_their_own_zone(world, remote):
    url = reverse("online:my-zone", args=["forum"])
    assert client_of(None).get(url).status_code == 302
    assert client_of(None).post(url, {"time_zone": "Asia/Jakarta"}).status_code == 302
    for user in (world.outsider, world.elsewhere):
        assert client_of(user).post(url, {"time_zone": "Asia/Jakarta"}).status_code == 404
    assert not PersonZone.objects.exists()


def test_public_feeds_and_pages_show_no_ones_zone(world, remote):
    PersonZone.objects.create(
        summit=world.summit,
        person=world.attendee.person,
        time_zone="Asia/Jakarta",
        zone_label_en="Jakarta",
    )
    public = client_of(None).get(reverse("programme:calendar", args=["forum"])).content.decode()
    assert "Jakarta" not in public
    page = client_of(None).get(reverse("online:watch", args=["forum", world.soon.pk]))
    assert "Jakarta" not in page.content.decode()
    # another delegate's itinerary (not theirs) stays closed
    assert itinerary(world, world.attendee, user=world.outsider).status_code == 404


def test_a_speakers_page_uses_the_zone_given_for_the_summit(world, remote):
    PersonZone.objects.create(
        summit=world.summit,
        person=world.speaker.person,
        time_zone="Europe/Moscow",
        zone_label_en="Moscow",
    )
    page = client_of(world.speaker_user).get(
        reverse("online:speaker", args=["forum", world.soon.pk, world.speaker.person.pk])
    )
    assert "2020-06-02 10:00 Seoul / 04:00 Moscow" in page.content.decode()
