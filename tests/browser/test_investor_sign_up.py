"""In a real browser: an investor signs up for an IR session on the public form (Korean, on a
phone), staff approve them in the console; at the IR tables staff scan the investor's badge
and the meeting shows them present. Screenshots looked at."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summitry.checkin import services as checkin
from summitry.delegations.models import Delegate, Delegation
from summitry.exhibitions.ir_models import Investor, IRMeeting
from tests.exhibitions.ir_support import ir_world
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long investor password"  # noqa: S105 - a test account


@pytest.fixture
def world(organiser):
    summit = SummitFactory(slug="forum", time_zone="Asia/Seoul")
    angel = UserFactory(username="angel")
    angel.set_password(PASSWORD)
    angel.save()
    w = ir_world(summit, organiser)
    w.summit, w.angel = summit, angel
    return w


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_an_investor_signs_up_staff_approve_and_check_her_in_at_the_table(
    world, phone, browser, live_server, screenshot, organiser
):
    base = live_server.url
    sign_in(phone, base, "angel", PASSWORD)
    phone.goto(f"{base}/forum/ir/{world.session.pk}/register/")
    phone.locator("#id_name").fill("김엔젤, 서울벤처스")
    phone.locator("input[name=sectors][value=smart_city]").check()
    phone.locator("input[name=stages][value=seed]").check()
    phone.locator("#id_profile_ko").fill("도시 기술 스타트업에 초기 투자합니다.")
    phone.locator("#id_profile_en").fill("Early money for city technology.")
    screenshot(phone, "ir-sign-up-phone-ko")
    phone.locator("form.stacked button[type=submit]").click()
    expect(phone.locator("#registration .status-pending")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(phone, "ir-sign-up-pending-ko")

    console = browser.new_context(locale="en-GB")
    desk = console.new_page()
    sign_in(desk, base, "organiser", "summitry-demo")
    desk.goto(f"{base}/forum/manage/ir/{world.session.pk}/")
    row = desk.locator("tbody tr", has_text="김엔젤").first
    expect(row).to_contain_text("Waiting for approval")
    row.get_by_role("button", name="Approve").click()
    investor = Investor.objects.get(user=world.angel)
    assert investor.status == "approved"

    # Her badge (a delegate's) and a meeting at table 1 now.
    delegation = Delegation.objects.create(
        summit=world.summit, organisation=OrganisationFactory(slug="fund")
    )
    delegate = Delegate.objects.create(
        delegation=delegation,
        person=PersonFactory(name_hangul="김엔젤", given_name="Angel", family_name="Kim"),
        user=world.angel,
    )
    zone = checkin.create_zone(
        actor=organiser, summit=world.summit, name={"ko": "홀", "en": "Hall"}
    )
    category = checkin.create_category(
        actor=organiser, summit=world.summit, name={"ko": "대표단", "en": "Delegate"}, zones=[zone]
    )
    checkin.assign_category(
        actor=organiser, summit=world.summit, delegates=[delegate], category=category
    )
    badge = checkin.issue(actor=organiser, delegate=delegate)
    now = timezone.now().replace(second=0, microsecond=0)
    meeting = IRMeeting.objects.create(
        session=world.session,
        investor=investor,
        company=world.robots,
        requested_by="investor",
        status="accepted",
        investor_agreed=True,
        company_agreed=True,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(minutes=15),
        table=1,
    )
    desk.goto(f"{base}/forum/manage/ir/{world.session.pk}/tables/")
    desk.locator("#table").select_option("1")
    desk.locator("#code").fill(checkin.code_for(badge))
    desk.locator("#code").press("Enter")
    expect(desk.locator("#table-result")).to_contain_text("checked in at table 1")
    screenshot(desk, "ir-tables-checked-in-en")
    meeting.refresh_from_db()
    assert meeting.investor_attendance == "present"
    desk.locator("#code").fill("SB1FORGED")
    desk.locator("#code").press("Enter")
    expect(desk.locator("#table-result")).to_contain_text("not a valid badge code")
    console.close()
