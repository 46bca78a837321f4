"""In a real browser: press staff see that a mailing leaves out a bounced and an unsubscribed
address, open the list of left-out addresses from the sidebar, search it, and take the
bounced address back after confirming."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.delegations.models import Delegate, DelegateRole, Delegation, DelegationStatus
from summitry.press import mailings
from summitry.press.models import BouncedAddress, Unsubscription
from tests.browser.test_press import PASSWORD, sign_in
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(organiser):
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    organiser.set_password(PASSWORD)
    organiser.save()
    for slug in ("busan", "lima", "oslo"):
        delegation = Delegation.objects.create(
            summit=summit,
            organisation=OrganisationFactory(slug=slug),
            status=DelegationStatus.CONFIRMED,
        )
        Delegate.objects.create(
            delegation=delegation,
            person=PersonFactory(given_name=slug.title(), family_name="Mayor"),
            role=DelegateRole.HEAD,
            email=f"{slug}@example.org",
        )
    first = mailings.create_mailing(
        actor=organiser,
        summit=summit,
        audiences=["heads"],
        subject={"ko": "안내", "en": "Notice"},
        message={"ko": "본문", "en": "Text"},
    )
    mailings.send(actor=organiser, mailing=first)
    row = first.recipients.get(email="busan@example.org")
    mailings.mark_bounced(actor=organiser, recipient=row, reason="550 mailbox unknown")
    Unsubscription.objects.create(summit=summit, email="lima@example.org")
    later = mailings.create_mailing(
        actor=organiser,
        summit=summit,
        audiences=["heads"],
        subject={"ko": "두 번째", "en": "Second"},
        message={"ko": "본문", "en": "Text"},
    )
    return summit, later


def test_staff_see_left_out_addresses_and_take_one_back(world, page, live_server, screenshot):
    summit, later = world
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/forum/manage/press/mailings/{later.pk}/")
    expect(page.locator(".mailing-skipped")).to_contain_text("수신 거부 1, 반송 이력 1")
    screenshot(page, "press-mailing-left-out-ko")
    page.locator("nav").get_by_role("link", name="수신 거부·반송 주소").click()
    expect(page.locator("table.left-out tbody tr")).to_have_count(2)
    expect(page.locator("table.left-out")).to_contain_text("550 mailbox unknown")
    screenshot(page, "press-left-out-ko")
    page.locator("input[type=search]").fill("busan")
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("table.left-out tbody tr")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="다시 발송 대상으로").click()
    expect(page.locator("table.left-out tbody tr")).to_have_count(1)
    expect(page.locator("table.left-out")).to_contain_text("lima@example.org")
    assert not BouncedAddress.objects.exists()
    assert [a.email for a in mailings.addresses_of(later)] == [
        "busan@example.org",
        "oslo@example.org",
    ]
