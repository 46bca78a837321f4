"""In a real browser: a visitor on a phone opens a booth's page (what its QR opens), leaves
their contact, and the booth's exhibitor sees the lead on its leads page. Screenshots of the
contact form on the phone and of the exhibitor's leads."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.exhibitions import services
from tests.exhibitions.support import make_exhibition, make_exhibitor
from tests.factories import SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long visitor password"  # noqa: S105 - a test account


@pytest.fixture
def world(organiser):
    summit = SummitFactory(slug="forum", time_zone="Asia/Seoul")
    company = UserFactory(username="tmoney")
    visitor = UserFactory(username="mina", first_name="Mina", last_name="Kim")
    for user in (company, visitor):
        user.set_password(PASSWORD)
        user.save()
    exhibition = make_exhibition(summit, organiser)
    exhibitor = make_exhibitor(exhibition, company, "Tmoney")
    booth = exhibition.booths.get(code="A-01")
    services.assign_booth(actor=organiser, booth=booth, exhibitor=exhibitor)
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.publish(actor=organiser, exhibitor=exhibitor)
    return exhibition


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


def test_visitor_leaves_contact_exhibitor_sees_lead(world, page, phone, live_server, screenshot):
    base = live_server.url
    sign_in(phone, base, "mina")
    phone.goto(f"{base}/forum/exhibitions/lifestyle/booths/A-01/")
    phone.get_by_role("link", name="내 연락처 남기기").click()
    expect(phone.locator("#id_name")).to_have_value("Mina Kim")
    phone.locator("#id_organisation").fill("서울디지털재단")
    phone.locator("#id_email").fill("mina@example.org")
    screenshot(phone, "exhibitions-leave-contact-phone-ko")
    phone.locator("form.stacked button[type=submit]").click()
    expect(phone.get_by_text("연락처를 남겼습니다")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    sign_in(page, base, "tmoney")
    page.goto(f"{base}/forum/exhibitions/lifestyle/mine/leads/")
    row = page.locator("#leads tbody tr").first
    expect(row).to_contain_text("Mina Kim")
    expect(row).to_contain_text("서울디지털재단")
    expect(row).to_contain_text("A-01")
    screenshot(page, "exhibitions-leads-ko")
