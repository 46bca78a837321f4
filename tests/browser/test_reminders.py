"""In a real browser: staff set the registration deadline reminders in the console (in
Korean), a bad day is refused with a message, and the reminders the scheduled job sent are
listed with their delivery."""

import datetime

import pytest
from playwright.sync_api import expect

from summitry.delegations import reminders, services
from tests.factories import OrganisationFactory, SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEADLINE = datetime.datetime(2030, 8, 31, 14, 59, tzinfo=datetime.UTC)


def test_staff_set_reminders_and_see_what_was_sent(browser, live_server, screenshot):
    admin = UserFactory(username="chief", is_superuser=True, is_staff=True)
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    summit.registration_deadline = DEADLINE
    summit.save(update_fields=["registration_deadline"])
    services.invite(
        actor=admin,
        summit=summit,
        organisation=OrganisationFactory(slug="busan", name_en="Busan", name_ko="부산"),
        contact_name="김민지",
        contact_email="minji@busan.example",
        language="ko",
    )
    page = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("#id_username").fill("chief")
    page.locator("#id_password").fill("correct horse battery staple")
    page.locator("form.stacked button[type=submit]").click()
    page.goto(f"{live_server.url}/forum/manage/reminders/")
    expect(page.get_by_role("heading", level=1)).to_have_text("등록 마감 알림")
    page.get_by_label("등록 마감 알림 보내기").check()
    page.get_by_label("마감 며칠 전").fill("0")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".field-errors")).to_contain_text("마감 1일 전에서 365일 전 사이")
    page.get_by_label("마감 며칠 전").fill("14, 3")
    page.get_by_role("button", name="저장").click()
    expect(page.locator(".messages")).to_contain_text("알림 설정을 저장했습니다.")
    assert reminders.settings_of(summit).days_before == [14, 3]
    # The scheduled job, three days before the deadline.
    assert reminders.send_due(DEADLINE - datetime.timedelta(days=2)) == 1
    page.reload()
    expect(page.locator("table")).to_contain_text("부산")
    screenshot(page, "delegations-reminders-ko")
