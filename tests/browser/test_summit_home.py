"""In a real browser: the demo summit's home page in Korean, switched to English, on a phone,
and reached by keyboard."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THEME_KO = "살기 좋고 지속가능한 도시: 포용적이고 회복력있는 미래를 선도하다"
THEME_EN = "Liveable and Sustainable Cities: Forging an Inclusive and Resilient Future"


@pytest.fixture
def demo_url(live_server):
    call_command("demo", "load", "wcsmf2023")
    return f"{live_server.url}/wcsmf2023/"


def test_home_in_korean_then_english(page, demo_url, screenshot):
    page.goto(demo_url)
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator(".theme")).to_contain_text(THEME_KO)
    expect(page.get_by_role("heading", level=1)).to_have_text("2023 세계도시정상회의 시장포럼")
    expect(page.locator("#cities ~ .city-list")).to_contain_text("웰링턴 · 뉴질랜드")
    screenshot(page, "home-ko")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".theme")).to_contain_text(THEME_EN)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "World Cities Summit Mayors Forum 2023"
    )
    expect(page.get_by_role("list").filter(has_text="Wellington")).to_contain_text(
        "Wellington · New Zealand"
    )
    screenshot(page, "home-en")

    # The choice is remembered on the next visit.
    page.goto(demo_url)
    expect(page.locator(".theme")).to_contain_text(THEME_EN)


def test_home_on_a_phone(phone, demo_url, screenshot):
    phone.goto(demo_url)
    expect(phone.locator(".theme")).to_contain_text(THEME_KO)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(phone, "home-ko-phone")


def test_keyboard_reaches_the_skip_link_and_the_language_switch(page, demo_url, screenshot):
    page.goto(demo_url)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    english = page.get_by_role("button", name="English")
    expect(english).to_be_focused()
    screenshot(page, "focus-language-switch")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
