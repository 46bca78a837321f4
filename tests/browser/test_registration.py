"""In a real browser: an invitation, the contact registers two members, staff confirm, the
counts change; a second contact cannot open the first delegation's page."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summitry.delegations import services
from tests.factories import OrganisationFactory, SummitFactory, SummitOrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def english_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def staff_page(browser):
    context = browser.new_context(locale="ko-KR", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def add_member(page, role, given, family, arrival):
    page.locator("#id_role").select_option(role)
    page.locator("#id_given_name").fill(given)
    page.locator("#id_family_name").fill(family)
    page.locator("#id_arrival_at").fill(arrival)
    page.get_by_role("button", name="Register this member").click()


def test_invitation_registration_review_and_counts(
    english_page, staff_page, live_server, organiser, screenshot
):
    base = live_server.url
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    SummitOrganisationFactory(
        summit=summit,
        role="host",
        organisation=OrganisationFactory(
            slug="seoul", name_en="Seoul", name_ko="서울", country="KR"
        ),
    )
    wellington = OrganisationFactory(
        slug="wellington", name_en="Wellington", name_ko="웰링턴", country="NZ"
    )
    _invitation, secret = services.invite(
        actor=organiser,
        summit=summit,
        organisation=wellington,
        contact_name="Aroha Smith",
        contact_email="aroha@wellington.example",
        language="en",
    )
    # "Today" where the summit is: counts are as registered until the end of its day there.
    today = timezone.localdate(timezone=summit.zone).isoformat()

    # Staff look at the counts before anyone registered.
    sign_in(staff_page, base, "organiser", "summitry-demo")
    staff_page.goto(f"{base}/forum/manage/counts/?as_of={today}")
    expect(staff_page.locator("#sentence")).to_contain_text("0")

    # The contact claims the link and registers two members.
    page = english_page
    page.goto(f"{base}/invitations/{secret}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register the delegation of Wellington"
    )
    page.locator("#id_password").fill("a sturdy passphrase 2023")
    page.locator("#id_password_again").fill("a sturdy passphrase 2023")
    screenshot(page, "registration-claim")
    page.get_by_role("button", name="Create my account").click()
    expect(page.locator(".messages")).to_contain_text("Your account is ready")
    add_member(page, "head", "Tory", "Whanau", "2023-09-23T14:30")
    expect(page.locator(".messages")).to_contain_text("Tory Whanau is registered.")
    add_member(page, "member", "Aroha", "Smith", "2023-09-24T09:00")
    expect(page.locator("table.data tbody tr")).to_have_count(2)
    expect(page.locator("h1 .status")).to_have_text("Registered")
    screenshot(page, "registration-members")
    delegation_url = page.url

    # Staff confirm the delegation; the counts now include it.
    staff_page.goto(delegation_url)
    staff_page.locator("#id_status").select_option("confirmed")
    staff_page.get_by_role("button", name="상태 변경").click()
    expect(staff_page.locator("h1 .status")).to_have_text("확정")
    staff_page.goto(f"{base}/forum/manage/counts/?as_of={today}")
    expect(staff_page.locator("#sentence")).to_contain_text("1개국 1개 해외도시 대표단")
    expect(staff_page.locator(".figure-grid")).to_contain_text("2")
    screenshot(staff_page, "registration-counts-ko")

    # A second delegation's contact cannot open the first delegation's page.
    kyiv = OrganisationFactory(slug="kyiv", name_en="Kyiv", country="UA")
    invitation, _ = services.invite(
        actor=organiser,
        summit=summit,
        organisation=kyiv,
        contact_name="K",
        contact_email="k@kyiv.example",
        language="en",
    )
    services.claim_invitation(
        invitation=invitation,
        name="K",
        email="k@kyiv.example",
        password="another sturdy passphrase",
    )
    page.context.clear_cookies()
    sign_in(page, base, "k@kyiv.example", "another sturdy passphrase")
    response = page.goto(delegation_url)
    assert response.status == 404
