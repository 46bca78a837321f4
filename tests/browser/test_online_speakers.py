"""In a real browser: a remote speaker in Moscow gives their time zone on their preparation
page, sees their session and rehearsal in Seoul's time and their own, confirms the rehearsal
and ticks the checklist; staff see it on the item's console page."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from summitry.demo.loader import ORGANISER_PASSWORD
from summitry.online.models import OnlineItem, SpeakerPrep
from tests.online.conftest import world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"
UTC = datetime.UTC


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_a_remote_speaker_sees_both_times_and_ticks_the_checklist(
    page,
    browser,
    live_server,
    world,  # noqa: F811 - the fixture imported above
    screenshot,
):
    base = live_server.url
    world.summit.start_date, world.summit.end_date = (
        datetime.date(2020, 6, 1),
        datetime.date(2020, 6, 5),
    )
    world.summit.save(update_fields=["start_date", "end_date"])
    world.soon.starts_at = datetime.datetime(2020, 6, 2, 1, 0, tzinfo=UTC)
    world.soon.ends_at = datetime.datetime(2020, 6, 2, 3, 0, tzinfo=UTC)
    world.soon.save(update_fields=["starts_at", "ends_at"])
    OnlineItem.objects.create(item=world.soon, format="online")

    # staff set the rehearsal slot on the item's console page (in Korean)
    sign_in(page, base, "organiser", ORGANISER_PASSWORD)
    page.goto(f"{base}/forum/manage/online/items/{world.soon.pk}/")
    page.locator("#id_rehearsal-starts_at").fill("2020-06-02 09:00")
    page.locator("#id_rehearsal-ends_at").fill("2020-06-02 09:30")
    page.locator("#rehearsal-form button[type=submit]").click()
    expect(page.locator("#speaker-preps")).to_contain_text("Baswedan")

    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    speaker = context.new_page()
    sign_in(speaker, base, "speaker", PASSWORD)
    speaker.goto(f"{base}/forum/programme/{world.soon.pk}/online/")
    speaker.locator("#speaker-prep-link").click()
    speaker.locator("#id_time_zone").fill("Europe/Moscow")
    speaker.locator("#id_zone_label_ko").fill("모스크바")
    speaker.locator("#id_zone_label_en").fill("Moscow")
    speaker.locator("#id_slides_url").fill("https://slides.example/mayors")
    speaker.locator("#id_consent").check()
    speaker.locator("#checklist-form button[type=submit]").click()
    expect(speaker.locator("#item-time")).to_contain_text("10:00 Seoul / 04:00 Moscow")
    expect(speaker.locator("#rehearsal-time")).to_contain_text("09:00 Seoul / 03:00 Moscow")
    speaker.get_by_role("button", name="I confirm the rehearsal slot").click()
    expect(speaker.locator("#check-rehearsal .connected-yes")).to_be_visible()
    expect(speaker.locator("#check-slides .connected-yes")).to_be_visible()
    expect(speaker.locator("#check-consent .connected-yes")).to_be_visible()
    screenshot(speaker, "online-speaker-preparation-en")
    context.close()

    prep = SpeakerPrep.objects.get()
    assert prep.consent_at is not None and prep.rehearsal_confirmed_at is not None
    page.goto(f"{base}/forum/manage/online/items/{world.soon.pk}/")
    expect(page.locator("#speaker-preps")).to_contain_text("Europe/Moscow")
    screenshot(page, "online-speaker-preps-console-ko")
