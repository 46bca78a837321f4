"""In a real browser: an anonymous viewer opens an online item's page, watches the Korean
channel and switches to English; the page's "I'm watching" signal counts them; staff open
"Viewing figures" from the console's sidebar and see the item's peak and unique viewers per
channel and over time; a participant in Jakarta sets their zone and finds both times on
their itinerary."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from summitry.demo.loader import ORGANISER_PASSWORD
from summitry.online.models import OnlineItem, Stream, ViewerMinute
from tests.online.conftest import world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
UTC = datetime.UTC


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_a_viewer_is_counted_and_staff_see_the_figures(
    page,
    browser,
    live_server,
    world,  # noqa: F811 - the fixture imported above
    screenshot,
):
    base = live_server.url
    online = OnlineItem.objects.create(item=world.soon, format="online")
    Stream.objects.create(online=online, channel="ko", url="https://tv.invalid/ko.m3u8")
    Stream.objects.create(online=online, channel="en", url="https://tv.invalid/en.m3u8")

    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    viewer = context.new_page()
    with viewer.expect_response(lambda r: "/watching/" in r.url and r.status == 204):
        viewer.goto(f"{base}/forum/programme/{world.soon.pk}/online/?channel=ko")
    with viewer.expect_response(lambda r: "/watching/" in r.url and r.status == 204):
        viewer.locator("#channel-switch a[data-channel=en]").click()
    context.close()
    assert set(ViewerMinute.objects.values_list("channel", flat=True)) == {"ko", "en"}
    assert ViewerMinute.objects.values("viewer").distinct().count() == 1  # one viewer

    sign_in(page, base, "organiser", ORGANISER_PASSWORD)
    page.goto(f"{base}/forum/manage/")
    page.get_by_role("link", name="시청 통계").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("시청 통계")
    page.get_by_role("link", name="도시정부 시장회의").click()
    expect(page.locator("#viewing-channels")).to_contain_text("한국어")
    expect(page.locator("#viewing-channels")).to_contain_text("영어")
    expect(page.locator("#viewing tbody tr").first).to_contain_text("1 (")
    screenshot(page, "online-viewing-figures-ko")


def test_a_participant_sets_their_zone_and_sees_both_times(
    page,
    live_server,
    world,  # noqa: F811 - the fixture imported above
    screenshot,
):
    base = live_server.url
    world.summit.time_zone = "Asia/Seoul"
    world.summit.save(update_fields=["time_zone"])
    world.soon.starts_at = datetime.datetime(2020, 6, 2, 1, 0, tzinfo=UTC)
    world.soon.ends_at = datetime.datetime(2020, 6, 2, 3, 0, tzinfo=UTC)
    world.soon.save(update_fields=["starts_at", "ends_at"])
    OnlineItem.objects.create(item=world.soon, format="online")
    sign_in(page, base, "attendee", PASSWORD)
    page.goto(f"{base}/forum/online/my-zone/")
    page.locator("#id_time_zone").fill("Asia/Jakarta")
    page.locator("#id_zone_label_ko").fill("자카르타")
    page.locator("#id_zone_label_en").fill("Jakarta")
    page.locator("#zone-form button[type=submit]").click()
    expect(page.locator("#id_time_zone")).to_have_value("Asia/Jakarta")
    page.locator("#itinerary-link").click()
    expect(page.locator(".own-time").first).to_contain_text("10:00–12:00 Seoul / 08:00–10:00")
    screenshot(page, "online-itinerary-own-zone-ko")
