"""Rehearsal reminders: each speaker of an online item is mailed once per slot, a set time
before it, in their language, with the slot in the summit's zone and their own; the scheduled
job may run any number of times; staff set how long before, others may not."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail as outbox
from django.urls import reverse
from django.utils import timezone

from summitry.celery import app as celery_app
from summitry.core import mailtemplates
from summitry.core.models import OutboundMessage
from summitry.online import reminders
from summitry.online.models import OnlineItem, SpeakerPrep
from summitry.online.tasks import send_rehearsal_reminders

from .conftest import client_of

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def slot(world):
    """The soon item held online in two days, its rehearsal the day before at 09:00 Seoul, the
    speaker in Moscow; the reminder 24 hours before the rehearsal."""
    world.summit.time_zone = "Asia/Seoul"
    world.summit.save(update_fields=["time_zone"])
    now = timezone.now()
    start = (now + datetime.timedelta(days=2)).replace(hour=1, minute=0, second=0, microsecond=0)
    world.soon.starts_at, world.soon.ends_at = start, start + datetime.timedelta(hours=2)
    world.soon.save(update_fields=["starts_at", "ends_at"])
    online = OnlineItem.objects.create(
        item=world.soon,
        format="online",
        rehearsal="scheduled",
        rehearsal_starts_at=start - datetime.timedelta(hours=25),
        rehearsal_ends_at=start - datetime.timedelta(hours=24, minutes=30),
    )
    SpeakerPrep.objects.create(
        online=online,
        person=world.speaker.person,
        time_zone="Europe/Moscow",
        zone_label_en="Moscow",
        zone_label_ko="모스크바",
    )
    return online


def reminders_sent():
    return list(OutboundMessage.objects.filter(kind="rehearsal-reminder"))


def before(online, minutes):
    return online.rehearsal_starts_at - datetime.timedelta(minutes=minutes)


def test_the_reminder_is_sent_once_with_both_zones(world, slot):
    assert reminders.send_due(before(slot, 24 * 60 + 5)) == 0  # not yet
    assert reminders.send_due(before(slot, 24 * 60 - 5)) == 1
    assert reminders.send_due(before(slot, 60)) == 0  # a second run sends nothing
    assert send_rehearsal_reminders.apply().get() == 0  # nor the task delivered again
    (message,) = reminders_sent()
    assert message.recipient == "a@jakarta.example" and message.sent_at is not None
    starts = slot.rehearsal_starts_at
    seoul = starts.astimezone(world.summit.zone)
    moscow = starts.astimezone(datetime.timezone(datetime.timedelta(hours=3)))
    expected = f"{seoul:%Y-%m-%d %H:%M} Seoul / {moscow:%H:%M} Moscow"
    assert "Technical rehearsal for “Mayors' meeting”" in message.subject
    assert expected in message.body
    assert "Please confirm the rehearsal slot" in message.body
    assert f"/forum/programme/{world.soon.pk}/online/speakers/{world.speaker.person.pk}/" in (
        message.body
    )
    assert [m.to for m in outbox.outbox if "rehearsal" in m.subject] == [["a@jakarta.example"]]
    assert SpeakerPrep.objects.get().rehearsal_reminded_at is not None


def test_the_reminder_is_in_the_speakers_language(world, slot):
    world.speaker.interpretation_language = "ko"
    world.speaker.save(update_fields=["interpretation_language"])
    assert reminders.send_due(before(slot, 60)) == 1
    (message,) = reminders_sent()
    assert message.language == "ko"
    assert "기술 리허설" in message.subject and "도시정부 시장회의" in message.subject
    assert "모스크바" in message.body and "Moscow" not in message.body


def test_a_speaker_without_a_zone_is_given_the_summits(world, slot):
    SpeakerPrep.objects.all().delete()
    assert reminders.send_due(before(slot, 60)) == 1
    (message,) = reminders_sent()
    seoul = slot.rehearsal_starts_at.astimezone(world.summit.zone)
    assert f"{seoul:%Y-%m-%d %H:%M} Seoul\n" in message.body or (
        f"{seoul:%Y-%m-%d %H:%M} Seoul " in message.body
    )
    assert SpeakerPrep.objects.get().rehearsal_reminded_at is not None


def test_a_new_slot_is_reminded_anew_an_unchanged_one_is_not(world, slot, staff):
    assert reminders.send_due(before(slot, 60)) == 1
    zone = world.summit.zone
    starts = slot.rehearsal_starts_at.astimezone(zone)
    ends = slot.rehearsal_ends_at.astimezone(zone)
    form = {
        "rehearsal-starts_at": f"{starts:%Y-%m-%d %H:%M}",
        "rehearsal-ends_at": f"{ends:%Y-%m-%d %H:%M}",
        "rehearsal-reminder_hours": "24",
    }
    assert staff.post(reverse("online:rehearsal-slot", args=["forum", world.soon.pk]), form)
    assert reminders.send_due(before(slot, 30)) == 0
    earlier = starts - datetime.timedelta(hours=1)
    form["rehearsal-starts_at"] = f"{earlier:%Y-%m-%d %H:%M}"
    staff.post(reverse("online:rehearsal-slot", args=["forum", world.soon.pk]), form)
    slot.refresh_from_db()
    assert reminders.send_due(before(slot, 30)) == 1
    assert len(reminders_sent()) == 2


def test_past_rehearsals_and_reminders_set_to_none_send_nothing(world, slot):
    assert reminders.send_due(slot.rehearsal_starts_at + datetime.timedelta(minutes=1)) == 0
    slot.rehearsal_reminder_minutes = 0
    slot.save(update_fields=["rehearsal_reminder_minutes"])
    assert reminders.send_due(before(slot, 30)) == 0
    slot.rehearsal_reminder_minutes = 24 * 60
    slot.format = "in_person"
    slot.save(update_fields=["rehearsal_reminder_minutes", "format"])
    assert reminders.send_due(before(slot, 30)) == 0
    assert reminders_sent() == []


def test_the_summits_own_text_is_used(world, slot):
    mail = mailtemplates.catalogue()[reminders.TEMPLATE]
    assert mail.documented
    assert {"name", "title", "rehearsal_starts", "item_starts", "link"} <= set(
        mail.placeholder_names()
    )
    mailtemplates.save(
        actor=world.organiser,
        summit=world.summit,
        mail=mail,
        language="en",
        subject="Rehearsal: {{ title }}",
        body="{{ name }}, see you at {{ rehearsal_starts }}.{% if confirmed %} OK{% endif %}",
    )
    assert reminders.send_due(before(slot, 60)) == 1
    (message,) = reminders_sent()
    assert message.subject == "Rehearsal: Mayors' meeting"
    assert "Anies" in message.body and "Moscow" in message.body
    assert not message.body.endswith("OK")


def test_the_scheduled_job_is_on_the_beat_schedule(world, slot):
    entry = settings.CELERY_BEAT_SCHEDULE["rehearsal-reminders"]
    assert entry["task"] == send_rehearsal_reminders.name
    assert entry["task"] in celery_app.tasks


def test_staff_set_how_long_before_others_may_not(world, slot, staff):
    url = reverse("online:rehearsal-slot", args=["forum", world.soon.pk])
    zone = world.summit.zone
    form = {
        "rehearsal-starts_at": f"{slot.rehearsal_starts_at.astimezone(zone):%Y-%m-%d %H:%M}",
        "rehearsal-ends_at": f"{slot.rehearsal_ends_at.astimezone(zone):%Y-%m-%d %H:%M}",
        "rehearsal-reminder_hours": "2",
    }
    for user in (world.speaker_user, world.attendee_user, world.no_perm, world.elsewhere):
        assert client_of(user).post(url, form).status_code in (403, 404)
    slot.refresh_from_db()
    assert slot.rehearsal_reminder_minutes == 24 * 60
    bad = client_of(world.organiser, "ko").post(
        url, {**form, "rehearsal-reminder_hours": "-1"}, follow=True
    )
    assert "0보다 크거나 같은" in bad.content.decode() or "이상" in bad.content.decode()
    slot.refresh_from_db()
    assert slot.rehearsal_reminder_minutes == 24 * 60
    assert staff.post(url, form).status_code == 302
    slot.refresh_from_db()
    assert slot.rehearsal_reminder_minutes == 120
    assert reminders.send_due(before(slot, 150)) == 0
    assert reminders.send_due(before(slot, 90)) == 1
    page = staff.get(reverse("online:item", args=["forum", world.soon.pk])).content.decode()
    assert "Reminder sent" in page and 'value="2"' in page
