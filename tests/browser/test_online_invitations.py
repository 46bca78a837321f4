"""In a real browser: staff send the invitations of an online item's speakers (the browser asks
first); the speaker opens their page from the mail's link, sees the invitation and accepts; the
console then shows the answer."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summitry.core.models import OutboundMessage
from summitry.demo.loader import ORGANISER_PASSWORD
from summitry.online.models import OnlineItem, SpeakerInvitation, SpeakerPrep
from tests.online.conftest import world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_staff_invite_and_the_speaker_accepts(browser, page, live_server, world, screenshot):  # noqa: F811
    base = live_server.url
    world.summit.time_zone = "Asia/Seoul"
    world.summit.save(update_fields=["time_zone"])
    start = (timezone.now() + datetime.timedelta(days=3)).replace(
        hour=1, minute=0, second=0, microsecond=0
    )
    world.soon.starts_at, world.soon.ends_at = start, start + datetime.timedelta(hours=2)
    world.soon.save(update_fields=["starts_at", "ends_at"])
    online = OnlineItem.objects.create(
        item=world.soon, format="online", provider="jitsi", join_url="https://meet.jit.si/x"
    )
    SpeakerPrep.objects.create(
        online=online,
        person=world.speaker.person,
        time_zone="Europe/Moscow",
        zone_label_ko="모스크바",
    )

    sign_in(page, base, "organiser", ORGANISER_PASSWORD)
    page.goto(f"{base}/forum/manage/online/items/{world.soon.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#invite-all button[type=submit]").click()
    row = page.locator("#speaker-preps tbody tr").first
    expect(row.locator(".invitation-state")).to_have_attribute("data-state", "invited")
    screenshot(page, "online-invitations-console-ko")
    message = OutboundMessage.objects.get(kind="speaker-invitation")
    seoul = start.astimezone(world.summit.zone)
    assert f"{seoul:%Y-%m-%d %H:%M}–" in message.body and " Seoul / " in message.body
    link = message.body.split("http://", 1)[1].split("\n", 1)[0]
    path = "/" + link.split("/", 1)[1]

    speaker = browser.new_context(locale="ko-KR", viewport={"width": 390, "height": 844})
    phone = speaker.new_page()
    sign_in(phone, base, "speaker", "correct horse battery staple")
    phone.goto(f"{base}{path}")
    expect(phone.locator("#invitation")).to_be_visible()
    phone.locator("#accept-invitation").click()
    expect(phone.locator("#invitation-state .connected-yes")).to_be_visible()
    screenshot(phone, "online-invitation-accepted-speaker-ko")
    speaker.close()
    assert SpeakerInvitation.objects.get().answer == "accepted"

    page.reload()
    expect(row.locator(".invitation-state")).to_have_attribute("data-state", "accepted")
