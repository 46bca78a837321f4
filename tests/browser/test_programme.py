"""In a real browser: the public programme in Korean and English, and on a phone."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from summitry.programme.models import ProgrammeItem
from summitry.programme.services import save_item
from tests.factories import PersonFactory, SessionThemeFactory, SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SEOUL = ZoneInfo("Asia/Seoul")


def at(day, hour, minute=0):
    return datetime.datetime(2023, 9, day, hour, minute, tzinfo=SEOUL)


@pytest.fixture
def programme_url(live_server, organiser):
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    theme = SessionThemeFactory(summit=summit, number=1, title_en="Inclusion", title_ko="포용")
    forum = save_item(
        actor=organiser,
        item=ProgrammeItem(
            summit=summit,
            kind="forum_session",
            block="afternoon",
            title_en="Mayors Forum I",
            title_ko="시장포럼 I",
            place_en="DDP",
            place_ko="DDP",
            theme=theme,
            starts_at=at(25, 14),
            ends_at=at(25, 17),
        ),
    )
    speaker = PersonFactory(given_name="Tory", family_name="Whanau", name_hangul="토리 화나우")
    save_item(
        actor=organiser,
        item=ProgrammeItem(
            summit=summit,
            parent=forum,
            kind="presentation",
            block="afternoon",
            title_en="Policy case: Wellington",
            title_ko="정책 사례: 웰링턴",
            starts_at=at(25, 15),
            ends_at=at(25, 15, 15),
        ),
        people=[{"person": speaker, "role": "speaker"}],
    )
    save_item(
        actor=organiser,
        item=ProgrammeItem(
            summit=summit,
            kind="reception",
            block="dinner",
            title_en="Pre-event at Sebitseom",
            title_ko="세빛섬 사전행사",
            starts_at=at(24, 18),
            ends_at=at(24, 20),
        ),
    )
    from summitry.programme.releases import publish

    publish(actor=organiser, summit=summit)
    return f"{live_server.url}/forum/programme/"


def test_programme_in_korean_then_english(page, programme_url, screenshot):
    page.goto(programme_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("프로그램")
    expect(page.locator("#day-1")).to_contain_text("1일차")
    expect(page.locator(".agenda").nth(1)).to_contain_text("시장포럼 I")
    expect(page.locator(".agenda").nth(1)).to_contain_text("토리 화나우")
    screenshot(page, "programme-ko")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme")
    expect(page.locator(".agenda").nth(1)).to_contain_text("Policy case: Wellington")
    page.locator("#type").select_option("reception")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".agenda-item")).to_have_count(1)
    expect(page.locator(".agenda-item")).to_contain_text("Pre-event at Sebitseom")
    screenshot(page, "programme-en-filtered")


def test_programme_on_a_phone(phone, programme_url, screenshot):
    phone.goto(programme_url)
    expect(phone.locator(".agenda-item").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(phone, "programme-ko-phone")


def test_staff_open_the_clash_report_from_the_programme(page, programme_url, organiser, screenshot):
    from summitry.summits.models import Summit

    summit = Summit.objects.get(slug="forum")
    speaker = ProgrammeItem.objects.get(title_en="Policy case: Wellington").people.get().person
    # The same speaker at a lunch elsewhere during their talk: forced in, so it is a clash.
    save_item(
        actor=organiser,
        item=ProgrammeItem(
            summit=summit,
            kind="meal",
            block="lunch",
            title_en="Working lunch",
            title_ko="업무 오찬",
            place_en="City Hall",
            place_ko="서울시청",
            starts_at=at(25, 15),
            ends_at=at(25, 16),
        ),
        people=[{"person": speaker, "role": "host"}],
        force=True,
    )
    page.goto(programme_url.replace("/forum/programme/", "/accounts/login/"))
    page.locator("#id_username").fill("organiser")
    page.locator("#id_password").fill("summitry-demo")
    page.locator("form.stacked button[type=submit]").click()
    page.goto(programme_url)
    page.get_by_role("link", name="운영 콘솔에서 편집").click()
    page.locator("nav.console-nav").get_by_role("link", name="충돌 보고서").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("충돌 보고서")
    expect(page.locator("#clash-count")).to_have_text("충돌 1건")
    expect(page.locator("#clashes")).to_contain_text("업무 오찬")
    expect(page.locator("#clashes")).to_contain_text("정책 사례: 웰링턴")
    screenshot(page, "programme-clashes-ko")
