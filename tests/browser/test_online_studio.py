"""In a real browser: staff keep the studio's control room open; the item's speaker presses
"I'm connected" on the item's page in another browser; the control room shows them connected
without a reload. Then staff attach a recording with WebVTT captions and the public library
lists it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from summitry.demo.loader import ORGANISER_PASSWORD
from summitry.online.models import OnlineItem
from tests.online.conftest import world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture
def speaker_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_the_control_room_sees_the_speaker_connect_and_recordings_reach_the_library(
    page,
    speaker_page,
    live_server,
    world,  # noqa: F811 - the fixture imported above
    screenshot,
    tmp_path: Path,
):
    base = live_server.url
    OnlineItem.objects.create(item=world.soon, format="online", rehearsal="done")
    sign_in(page, base, "organiser", ORGANISER_PASSWORD)
    page.goto(f"{base}/forum/manage/")
    page.get_by_role("link", name="스튜디오").click()
    row = page.locator(f"#studio-item-{world.soon.pk}")
    expect(row).to_contain_text("미접속")
    expect(page.locator("#next-item")).to_contain_text("도시정부 시장회의")
    page.evaluate("window.__notReloaded = true")

    sign_in(speaker_page, base, "speaker", PASSWORD)
    speaker_page.goto(f"{base}/forum/programme/{world.soon.pk}/online/")
    speaker_page.get_by_role("button", name="I'm connected").click()
    expect(speaker_page.locator("#connected-state")).to_be_visible()
    screenshot(speaker_page, "online-speaker-connected-en")

    expect(row.locator(".connected-yes")).to_have_text("접속함")
    assert page.evaluate("window.__notReloaded") is True
    screenshot(page, "online-studio-ko")

    captions = tmp_path / "mayors-ko.vtt"
    captions.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n서울선언을 채택합니다.\n", encoding="utf-8"
    )
    page.goto(f"{base}/forum/manage/online/items/{world.soon.pk}/")
    page.locator("#id_recording-channel").select_option("ko")
    page.locator("#id_recording-url").fill("https://tv.example/recordings/mayors-ko")
    page.locator("#id_recording-captions").set_input_files(str(captions))
    page.locator("#recording-form button[type=submit]").click()
    expect(page.locator("#recordings tbody")).to_contain_text("tv.example/recordings/mayors-ko")
    page.goto(f"{base}/forum/recordings/")
    expect(page.locator("#library")).to_contain_text("도시정부 시장회의")
    href = page.get_by_role("link", name="WebVTT").get_attribute("href")
    vtt = page.request.get(f"{base}{href}")
    assert vtt.headers["content-type"].startswith("text/vtt")
    assert "서울선언을 채택합니다." in vtt.text()
    screenshot(page, "online-recordings-library-ko")
