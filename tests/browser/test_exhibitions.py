"""In a real browser: a company applies for a booth and submits its bilingual profile; staff
click a booth on the floor plan to give it to the company, approve and publish; the company
accepts the booth; a visitor on a phone scans the booth's QR code (decoded from the rendered
image) and lands on the company's page. Screenshots of the floor plan and the exhibitor page
in Korean and English."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from summitry.exhibitions.models import ExhibitorStatus
from tests.exhibitions.support import make_exhibition
from tests.factories import SummitFactory, UserFactory
from tests.images import read_qr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long exhibitor password"  # noqa: S105 - a test account


@pytest.fixture
def world(organiser):
    summit = SummitFactory(
        slug="forum",
        name_en="World Cities Summit Mayors Forum 2023",
        name_ko="2023 세계도시정상회의 시장포럼",
        time_zone="Asia/Seoul",
    )
    organiser.set_password(PASSWORD)
    organiser.save()
    company = UserFactory(username="tmoney", email="tmoney@example.org")
    company.set_password(PASSWORD)
    company.save()
    return make_exhibition(summit, organiser)


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


def test_apply_assign_publish_and_scan(world, browser, page, phone, live_server, screenshot):
    base = live_server.url
    guide = f"{base}/forum/exhibitions/lifestyle/"

    # The company applies and fills its profile in both languages.
    company = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    mine = company.new_page()
    sign_in(mine, base, "tmoney")
    mine.goto(guide)
    mine.get_by_role("link", name="부스 참가 신청").click()
    mine.locator("#id_name_ko").fill("티머니")
    mine.locator("#id_name_en").fill("Tmoney")
    mine.locator("#id_summary_ko").fill("수도권 대중교통의 카드 정산을 책임지는 통합정산사업자")
    mine.locator("#id_summary_en").fill("The capital region's integrated fare-settlement operator")
    mine.locator("#id_description_ko").fill("통과하는 것만으로도 결제 가능한 차세대 자동결제 기술")
    mine.locator("#id_description_en").fill("Pay just by walking through the gate.")
    mine.locator("#id_theme").select_option(label="로봇기업")
    mine.locator("#id_website").fill("https://www.tmoney.co.kr")
    mine.locator("button[value=save], form.stacked button[type=submit]").first.click()
    expect(mine.locator("#exhibitor-status")).to_have_text("작성 중")
    mine.locator("#id_name_ko").last.fill("태그리스 결제")
    mine.locator("#id_name_en").last.fill("Tagless payment")
    mine.locator("form[action$='/mine/products/'] button").click()
    expect(mine.locator("ul.products")).to_contain_text("태그리스 결제")
    mine.locator("button[value=submit]").click()
    expect(mine.locator("#exhibitor-status")).to_have_text("제출됨")
    # Not public yet.
    visitor = browser.new_context(locale="ko-KR")
    early = visitor.new_page()
    early.goto(guide)
    expect(early.locator("main")).not_to_contain_text("티머니")
    visitor.close()

    # Staff click booth A-02 on the plan, give it to the company, approve and publish.
    sign_in(page, base, "organiser")
    page.goto(f"{base}/forum/manage/exhibitions/lifestyle/")
    page.locator('svg.floor-plan g[data-booth="A-02"]').click()
    expect(page.locator("h1")).to_have_text("부스 A-02")
    page.locator("select[name=exhibitor]").select_option(label="티머니 · 제출됨")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("#booth-holder")).to_have_text("티머니")
    page.locator("#booth-holder a").click()
    page.locator("button[value=approve]").click()
    expect(page.locator("#exhibitor-status")).to_have_text("승인됨")
    page.locator("button[value=publish]").click()
    expect(page.locator("#exhibitor-status")).to_have_text("공개됨")
    assert world.exhibitors.get().status == ExhibitorStatus.PUBLISHED

    mine.reload()
    expect(mine.locator(".facts")).to_contain_text("A-02")
    # The company accepts the booth; staff see it on the exhibitor's page.
    accept = mine.get_by_role("button", name="A-02 부스 수락")
    accept.click()
    expect(accept).to_have_count(0)
    expect(mine.locator("#my-booths")).to_contain_text("A-02 수락")
    screenshot(mine, "exhibitions-booth-accepted-ko")
    page.reload()
    expect(page.locator(".booth-acceptance")).to_have_text("참가사 수락")
    company.close()

    # A visitor with a phone scans the QR at booth A-02.
    phone.goto(f"{guide}booths/A-02/qr.svg")
    image = Image.open(io.BytesIO(phone.screenshot()))
    found = [r.text for r in read_qr(image)]
    assert found == [f"{guide}booths/A-02/"]
    phone.goto(found[0])
    expect(phone.locator("h1")).to_contain_text("티머니")
    expect(phone.locator("ul.products")).to_contain_text("태그리스 결제")
    expect(phone.locator('svg.floor-plan g.booth-here[data-booth="A-02"]')).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the booth page must not scroll sideways on a phone"
    screenshot(phone, "exhibitions-booth-phone-ko")

    # The guide and the exhibitor page in Korean and English.
    phone.goto(guide)
    expect(phone.locator("main")).to_contain_text("티머니")
    screenshot(phone, "exhibitions-guide-phone-ko")
    page.goto(guide)
    screenshot(page, "exhibitions-floor-plan-ko")
    page.locator('svg.floor-plan a[aria-label^="A-02"]').click()
    expect(page.locator("h1")).to_contain_text("티머니")
    screenshot(page, "exhibitions-exhibitor-ko")
    english = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page_en = english.new_page()
    page_en.goto(guide)
    expect(page_en.locator("main")).to_contain_text("Tmoney")
    expect(page_en.locator("main")).to_contain_text("Robot Enterprise")
    screenshot(page_en, "exhibitions-floor-plan-en")
    page_en.get_by_role("link", name="Tmoney", exact=True).click()
    expect(page_en.locator("h1")).to_contain_text("Tmoney")
    expect(page_en.locator("main")).to_contain_text("Tagless payment")
    screenshot(page_en, "exhibitions-exhibitor-en")
    english.close()
