"""In a real browser: an approved exhibitor registers its booth staff (names in both
scripts); the exhibitions team approves one, which issues their exhibitor badge; check-in's
page of press and exhibitors' badges lists it. Screenshots looked at."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.checkin.models import Badge
from summitry.exhibitions import services
from tests.exhibitions.support import make_exhibition, make_exhibitor
from tests.factories import SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long exhibitor password"  # noqa: S105 - a test account


@pytest.fixture
def world(organiser):
    summit = SummitFactory(slug="forum", time_zone="Asia/Seoul")
    company = UserFactory(username="tmoney")
    company.set_password(PASSWORD)
    company.save()
    exhibition = make_exhibition(summit, organiser)
    exhibitor = make_exhibitor(exhibition, company, "Tmoney")
    services.approve(actor=organiser, exhibitor=exhibitor)
    return exhibitor


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_exhibitor_registers_staff_and_staff_approve_their_badges(
    world, page, browser, live_server, screenshot
):
    base = live_server.url
    sign_in(page, base, "tmoney", PASSWORD)
    page.goto(f"{base}/forum/exhibitions/lifestyle/mine/")
    staff = page.locator("#booth-staff")
    staff.locator("#id_name_hangul").fill("김티머니")
    staff.locator("#id_given_name").fill("Timothy")
    staff.locator("#id_family_name").fill("Kim")
    staff.locator("#id_position_ko").fill("부스 매니저")
    staff.locator("#id_position_en").fill("Booth manager")
    staff.get_by_role("button", name="배지 신청").click()
    expect(page.locator(".booth-staff tbody tr").first).to_contain_text("김티머니")
    expect(page.locator(".booth-staff tbody tr").first).to_contain_text("승인 대기")
    screenshot(page, "exhibitions-booth-staff-ko")

    console = browser.new_context(locale="en-GB")
    desk = console.new_page()
    sign_in(desk, base, "organiser", "summitry-demo")
    desk.goto(f"{base}/forum/manage/exhibitions/lifestyle/exhibitors/{world.pk}/")
    desk.get_by_role("button", name="Approve and issue the badge").click()
    expect(desk.locator("#booth-staff tbody tr").first).to_contain_text("badge v1")
    screenshot(desk, "exhibitions-booth-staff-console-en")
    badge = Badge.objects.get(exhibitor_staff__exhibitor=world)
    assert badge.version == 1 and badge.category.name_en == "Exhibitor"
    desk.goto(f"{base}/forum/manage/checkin/holders/")
    row = desk.locator("tbody tr").first
    expect(row).to_contain_text("Timothy Kim")
    expect(row).to_contain_text("Tmoney")
    expect(row).to_contain_text("Exhibitor")
    screenshot(desk, "checkin-exhibitor-badges-en")
    console.close()
