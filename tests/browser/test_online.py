"""In a real browser: staff make an item hybrid with a video room and two language streams,
add two interpreters, plan the roster (the solver's answer and its verifier's verdict on the
page); a registered attendee opens the item's online page and finds the join link and both
streams, in English; an anonymous visitor finds the streams and no link, in Korean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.demo.loader import ORGANISER_PASSWORD
from summitry.online.models import Assignment, RosterRun
from tests.online.conftest import world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JOIN = "https://meet.jit.si/summitry-forum-mayors"


@pytest.fixture
def english_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def anonymous_page(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_staff_set_a_hybrid_item_plan_the_roster_and_an_attendee_joins(
    page,
    english_page,
    anonymous_page,
    live_server,
    world,  # noqa: F811 - the fixture imported above
    screenshot,
):
    base = live_server.url
    sign_in(page, base, "organiser", ORGANISER_PASSWORD)
    page.goto(f"{base}/forum/manage/")
    page.get_by_role("link", name="온라인 세션").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("온라인 세션")
    page.get_by_role("link", name="도시정부 시장회의").click()
    page.locator("#id_format").select_option("hybrid")
    page.locator("#id_provider").select_option("jitsi")
    page.locator("#id_join_url").fill(JOIN)
    page.locator("#format-form button[type=submit]").click()
    expect(page.locator("#id_format")).to_have_value("hybrid")
    for channel, url in (
        ("floor", "https://www.youtube.com/watch?v=floor"),
        ("en", "https://www.youtube.com/watch?v=english"),
    ):
        page.locator("#id_stream-channel").select_option(channel)
        page.locator("#id_stream-url").fill(url)
        page.locator("#stream-form button[type=submit]").click()
    expect(page.locator("#streams tbody tr")).to_have_count(2)
    screenshot(page, "online-item-ko")

    page.get_by_role("link", name="통역사").click()
    for family, given, languages in (
        ("Kim", "Jiyeon", "ko A, en B"),
        ("Park", "Sora", "en A, ko B"),
    ):
        page.locator("#id_family_name").fill(family)
        page.locator("#id_given_name").fill(given)
        page.locator("#id_languages").fill(languages)
        page.locator("#id_rate").fill("900000")
        page.locator("#interpreter-form button[type=submit]").click()
        expect(page.locator("#interpreters")).to_contain_text(family)
    # Bad input: a clear message in Korean, nothing added.
    page.locator("#id_family_name").fill("Lee")
    page.locator("#id_languages").fill("korean fluent")
    page.locator("#interpreter-form button[type=submit]").click()
    expect(page.locator(".field-errors")).to_contain_text("형식이 아닙니다")
    expect(page.locator("#interpreters tbody tr")).to_have_count(2)
    screenshot(page, "online-interpreters-ko")

    page.get_by_role("link", name="통역 배치표").click()
    page.locator("#plan-roster").click()
    expect(page.locator("#run-verdict")).to_contain_text("모든 규칙을 지킵니다.")
    expect(page.locator("#run-status")).to_contain_text("최적")
    expect(page.locator("#roster .roster-member")).to_have_count(2)
    assert RosterRun.objects.get().status == "optimal"
    assert Assignment.objects.count() == 2
    screenshot(page, "online-roster-ko")

    world.attendee_user.set_password("attendee-pass")
    world.attendee_user.save()
    sign_in(english_page, base, "attendee", "attendee-pass")
    english_page.goto(f"{base}/forum/programme/{world.soon.pk}/online/")
    expect(english_page.locator("#item-format")).to_have_text("Hybrid")
    expect(english_page.locator("#join-link")).to_have_attribute("href", JOIN)
    expect(english_page.locator("#streams a[data-channel]")).to_have_count(2)
    expect(english_page.locator("#streams")).to_contain_text("English")
    screenshot(english_page, "online-watch-attendee-en")
    english_page.goto(f"{base}/accounts/me/")
    expect(english_page.locator("#my-online")).to_contain_text("Mayors' meeting")
    screenshot(english_page, "online-my-page-en")

    # The programme's item page links to the online page (through core.registry).
    anonymous_page.goto(f"{base}/forum/programme/{world.soon.pk}/")
    screenshot(anonymous_page, "online-programme-item-link-ko")
    anonymous_page.get_by_role("link", name="온라인 시청 / 참여").click()
    expect(anonymous_page).to_have_url(f"{base}/forum/programme/{world.soon.pk}/online/")
    anonymous_page.goto(f"{base}/forum/programme/{world.soon.pk}/online/")
    expect(anonymous_page.locator("#streams a[data-channel]")).to_have_count(2)
    expect(anonymous_page.locator("#join-link")).to_have_count(0)
    assert JOIN not in anonymous_page.content()
    screenshot(anonymous_page, "online-watch-anonymous-ko")
