"""In a real browser: staff set a rehearsal slot and how many hours before it the speakers are
reminded; when the scheduled job has run, the console shows the reminder sent, and the mail in
the outbox gives the slot in Seoul's time and the speaker's own."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summitry.core.models import OutboundMessage
from summitry.demo.loader import ORGANISER_PASSWORD
from summitry.online import reminders
from summitry.online.models import OnlineItem, SpeakerPrep
from tests.online.conftest import world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_set_the_reminder_and_see_it_sent(page, live_server, world, screenshot):  # noqa: F811
    base = live_server.url
    world.summit.time_zone = "Asia/Seoul"
    world.summit.save(update_fields=["time_zone"])
    start = (timezone.now() + datetime.timedelta(days=3)).replace(
        hour=1, minute=0, second=0, microsecond=0
    )
    world.soon.starts_at, world.soon.ends_at = start, start + datetime.timedelta(hours=2)
    world.soon.save(update_fields=["starts_at", "ends_at"])
    online = OnlineItem.objects.create(item=world.soon, format="online")
    SpeakerPrep.objects.create(
        online=online,
        person=world.speaker.person,
        time_zone="Europe/Moscow",
        zone_label_en="Moscow",
    )
    # 47 hours ahead whatever the hour now, so that a 48-hour reminder is due (a rehearsal a
    # day before the item at 01:00 UTC fell more than 48 hours ahead between 00:00 and 01:00)
    rehearsal = (timezone.now() + datetime.timedelta(hours=47)).replace(second=0, microsecond=0)
    rehearsal = rehearsal.astimezone(world.summit.zone)
    assert rehearsal + datetime.timedelta(minutes=30) < start

    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("organiser")
    page.locator("#id_password").fill(ORGANISER_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.goto(f"{base}/forum/manage/online/items/{world.soon.pk}/")
    page.locator("#id_rehearsal-starts_at").fill(f"{rehearsal:%Y-%m-%d %H:%M}")
    page.locator("#id_rehearsal-ends_at").fill(
        f"{rehearsal + datetime.timedelta(minutes=30):%Y-%m-%d %H:%M}"
    )
    page.locator("#id_rehearsal-reminder_hours").fill("48")
    page.locator("#rehearsal-form button[type=submit]").click()
    expect(page.locator("#id_rehearsal-reminder_hours")).to_have_value("48")

    # the scheduled job (celery beat, every five minutes) runs
    assert reminders.send_due() == 1
    page.reload()
    row = page.locator("#speaker-preps tbody tr").first
    expect(row).to_contain_text(f"{timezone.now().astimezone(world.summit.zone):%Y-%m-%d}")
    screenshot(page, "online-rehearsal-reminder-console-ko")
    message = OutboundMessage.objects.get(kind="rehearsal-reminder")
    assert f"{rehearsal:%Y-%m-%d %H:%M} Seoul / " in message.body and "Moscow" in message.body
