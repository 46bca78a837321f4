"""In a real browser: an investor asks a pitching company for a meeting, the company accepts,
staff (from the console's sidebar) run the scheduler and publish, and both see the meeting in
their schedules. Screenshots of each step."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.demo.loader import ORGANISER_PASSWORD, ORGANISER_USERNAME
from tests.exhibitions.ir_support import ir_world
from tests.factories import SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long investor password"  # noqa: S105 - a test account


@pytest.fixture
def world(organiser):
    summit = SummitFactory(slug="forum", time_zone="Asia/Seoul")
    ana = UserFactory(username="ana")
    robots = UserFactory(username="robots")
    for user in (ana, robots):
        user.set_password(PASSWORD)
        user.save()
    return ir_world(summit, organiser, investor_user=ana, company_user=robots)


def sign_in(page, base, username, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_investor_asks_company_accepts_staff_schedule_both_see_it(
    world, page, phone, browser, live_server, screenshot
):
    base = live_server.url
    ir = f"{base}/forum/ir/{world.session.pk}"

    # The investor finds the IR session on the summit's home page and asks Robots.
    sign_in(page, base, "ana")
    page.goto(f"{base}/forum/")
    page.get_by_role("link", name="투자유치(IR): 혁신기업 IR").click()
    card = page.locator(f"#company-{world.robots.pk}")
    expect(card).to_contain_text("로봇주식회사")
    card.locator("textarea[name=message]").fill("배달 로봇 시범사업에 관심이 있습니다.")
    screenshot(page, "ir-investor-asks-ko")
    card.get_by_role("button", name="상담 요청").click()
    expect(page.get_by_text("요청을 보냈습니다")).to_be_visible()
    expect(page.locator("#requests")).to_contain_text("답변 대기")

    # The company, on a phone, accepts.
    sign_in(phone, base, "robots")
    phone.goto(f"{ir}/")
    row = phone.locator("#requests tbody tr").first
    expect(row).to_contain_text("Ana Investor")
    expect(row).to_contain_text("배달 로봇 시범사업")
    screenshot(phone, "ir-company-request-phone-ko")
    row.get_by_role("button", name="수락").click()
    expect(phone.locator("#requests tbody tr").first).to_contain_text("수락됨")

    # Staff open the session from the console's sidebar, run the scheduler and publish.
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    sign_in(staff, base, ORGANISER_USERNAME, ORGANISER_PASSWORD)
    staff.goto(f"{base}/forum/manage/exhibitions/")
    staff.locator(".console-nav").get_by_role("link", name="투자유치(IR)").click()
    staff.get_by_role("link", name="혁신기업 IR").click()
    staff.locator("#run-scheduler").click()
    expect(staff.locator("#run-result")).to_contain_text("1건을 배정")
    expect(staff.locator(".ir-grid")).to_contain_text("Ana Investor · 로봇주식회사")
    staff.locator("#publish-schedule").click()
    staff.locator("button.danger").click()
    expect(staff.locator("#schedule-state")).to_have_text("공개")
    screenshot(staff, "ir-console-schedule-ko")
    context.close()

    # Both see the meeting in their schedules (the meetings run 15:00–16:00), at a table.
    page.goto(f"{ir}/schedule/")
    expect(page.locator("#schedule")).to_contain_text("로봇주식회사")
    expect(page.locator("#schedule")).to_contain_text("T1")
    screenshot(page, "ir-investor-schedule-ko")
    phone.goto(f"{ir}/schedule/")
    expect(phone.locator("#schedule")).to_contain_text("Ana Investor")
    screenshot(phone, "ir-company-schedule-phone-ko")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # In English, the same schedule, the company's English name.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Your meeting schedule")).to_be_visible()
    expect(page.locator("#schedule")).to_contain_text("Robots Inc")
    screenshot(page, "ir-investor-schedule-en")
    page.goto(f"{ir}/")
    expect(page.locator("#requests")).to_contain_text("Accepted")
    screenshot(page, "ir-investor-home-en")
