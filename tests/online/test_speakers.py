"""Remote speakers: their own time zone, every time in the summit's zone and theirs, the
rehearsal slot staff set and the speaker confirms, and the speaker's checklist; the speaker
themself and staff only."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from summitry.online.models import OnlineItem, SpeakerPrep

from .conftest import client_of

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def remote(world):
    """The soon item held online at 10:00 Seoul (01:00 UTC) on a fixed day."""
    world.summit.time_zone = "Asia/Seoul"
    world.summit.start_date = datetime.date(2020, 6, 1)
    world.summit.end_date = datetime.date(2020, 6, 5)
    world.summit.save(update_fields=["time_zone", "start_date", "end_date"])
    world.soon.starts_at = datetime.datetime(2020, 6, 2, 1, 0, tzinfo=UTC)
    world.soon.ends_at = datetime.datetime(2020, 6, 2, 3, 0, tzinfo=UTC)
    world.soon.save(update_fields=["starts_at", "ends_at"])
    return OnlineItem.objects.create(item=world.soon, format="online")


def page_url(world, person=None):
    person = person or world.speaker.person
    return reverse("online:speaker", args=["forum", world.soon.pk, person.pk])


def confirm_url(world):
    return reverse("online:speaker-confirm", args=["forum", world.soon.pk, world.speaker.person.pk])


def slot_url(world):
    return reverse("online:rehearsal-slot", args=["forum", world.soon.pk])


def checklist(**extra):
    return {
        "time_zone": "Europe/Moscow",
        "zone_label_ko": "모스크바",
        "zone_label_en": "Moscow",
        "slides_url": "https://slides.invalid/deck",
        **extra,
    }


def test_times_are_shown_in_the_summits_zone_and_the_speakers(world, remote, staff):
    speaker = client_of(world.speaker_user)
    assert speaker.post(page_url(world), checklist()).status_code == 302
    staff.post(
        slot_url(world),
        {"rehearsal-starts_at": "2020-06-02 09:00", "rehearsal-ends_at": "2020-06-02 09:30"},
    )
    text = speaker.get(page_url(world)).content.decode()
    assert "2020-06-02 10:00 Seoul / 04:00 Moscow" in text
    assert "2020-06-02 12:00 Seoul / 06:00 Moscow" in text
    assert "2020-06-02 09:00 Seoul / 03:00 Moscow" in text  # the rehearsal
    korean = client_of(world.speaker_user, "ko").get(page_url(world)).content.decode()
    assert "10:00 Seoul / 04:00 모스크바" in korean


def test_the_speakers_date_is_given_when_it_is_another_day(world, remote):
    speaker = client_of(world.speaker_user)
    speaker.post(
        page_url(world), checklist(time_zone="America/New_York", zone_label_en="", zone_label_ko="")
    )
    text = speaker.get(page_url(world)).content.decode()
    assert "2020-06-02 10:00 Seoul / 2020-06-01 21:00 New York" in text


def test_an_unknown_zone_is_refused_and_nothing_changes(world, remote):
    speaker = client_of(world.speaker_user)
    answer = speaker.post(page_url(world), checklist(time_zone="Mars/Olympus"))
    assert answer.status_code == 200
    assert "is not a known time zone" in answer.content.decode()
    assert not SpeakerPrep.objects.exists()


def test_the_speaker_confirms_the_rehearsal_and_saves_the_checklist(world, remote, staff):
    speaker = client_of(world.speaker_user)
    speaker.post(confirm_url(world))
    assert not SpeakerPrep.objects.filter(rehearsal_confirmed_at__isnull=False).exists()
    answer = staff.post(
        slot_url(world),
        {"rehearsal-starts_at": "2020-06-02 09:00", "rehearsal-ends_at": "2020-06-02 09:30"},
    )
    assert answer.status_code == 302
    remote.refresh_from_db()
    assert remote.rehearsal_starts_at == datetime.datetime(2020, 6, 2, 0, 0, tzinfo=UTC)
    assert remote.rehearsal == "scheduled"
    assert speaker.post(confirm_url(world)).status_code == 302
    assert speaker.post(page_url(world), checklist(consent="on")).status_code == 302
    prep = SpeakerPrep.objects.get(online=remote, person=world.speaker.person)
    assert prep.rehearsal_confirmed_at is not None
    assert prep.consent_at is not None and prep.slides_url == "https://slides.invalid/deck"
    assert prep.time_zone == "Europe/Moscow"
    given = prep.consent_at
    speaker.post(page_url(world), checklist(consent="on"))
    prep.refresh_from_db()
    assert prep.consent_at == given  # the moment first given is kept
    # staff see it on the console's item page and on the studio board
    console = staff.get(reverse("online:item", args=["forum", world.soon.pk])).content.decode()
    assert "Europe/Moscow" in console and "https://slides.invalid/deck" in console
    board = staff.get(reverse("online:studio", args=["forum"]) + "?day=2020-06-02")
    assert "rehearsal confirmed" in board.content.decode()
    # a new slot asks the speaker to confirm again
    staff.post(
        slot_url(world),
        {"rehearsal-starts_at": "2020-06-02 08:00", "rehearsal-ends_at": "2020-06-02 08:30"},
    )
    prep.refresh_from_db()
    assert prep.rehearsal_confirmed_at is None


def test_a_rehearsal_after_the_start_is_refused(world, remote, staff):
    staff.post(
        slot_url(world),
        {"rehearsal-starts_at": "2020-06-02 11:00", "rehearsal-ends_at": "2020-06-02 11:30"},
    )
    remote.refresh_from_db()
    assert remote.rehearsal_starts_at is None


def test_staff_set_the_speakers_zone(world, remote, staff):
    assert staff.post(page_url(world), checklist()).status_code == 302
    assert SpeakerPrep.objects.get().time_zone == "Europe/Moscow"


def test_others_may_not(world, remote):
    for user in (world.attendee_user, world.outsider, world.no_perm, world.elsewhere):
        client = client_of(user)
        assert client.get(page_url(world)).status_code == 404
        assert client.post(page_url(world), checklist()).status_code == 404
        assert client.post(confirm_url(world)).status_code == 404
    anonymous = client_of(None)
    assert anonymous.get(page_url(world)).status_code == 302
    assert anonymous.post(page_url(world), checklist()).status_code == 302
    # the speaker may not open another person's page, nor set the slot
    speaker = client_of(world.speaker_user)
    assert speaker.get(page_url(world, world.attendee.person)).status_code == 404
    assert speaker.post(slot_url(world), {}).status_code in (403, 404)
    assert not SpeakerPrep.objects.exists()


def test_the_watch_page_links_the_speaker_to_their_page(world, remote):
    text = (
        client_of(world.speaker_user)
        .get(reverse("online:watch", args=["forum", world.soon.pk]))
        .content.decode()
    )
    assert page_url(world) in text
