"""In a real browser: staff create a site visit with 2 places; three delegates sign up; the
third is on the waiting list; one cancels and the third is promoted; the itinerary shows it."""

import pytest
from playwright.sync_api import expect

from summitry.delegations.models import Delegate, Delegation
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_site_visit_signups_waiting_list_and_promotion(
    page, browser, live_server, organiser, screenshot
):
    base = live_server.url
    summit = SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="시장포럼")
    contact = UserFactory(username="contact@wellington.example")
    contact.set_password("a sturdy passphrase 2023")
    contact.save()
    delegation = Delegation.objects.create(
        summit=summit,
        organisation=OrganisationFactory(name_en="Wellington", country="NZ"),
        contact=contact,
        status="registered",
    )
    names = ["Ana", "Ben", "Cho"]
    members = [
        Delegate.objects.create(
            delegation=delegation,
            person=PersonFactory(given_name=n, family_name="Kim", name_hangul=""),
        )
        for n in names
    ]

    # Staff create the site visit in the back office (in Korean).
    sign_in(page, base, "organiser", "summitry-demo")
    page.goto(f"{base}/admin/programme/programmeitem/add/")
    page.locator("#id_summit").select_option(str(summit.pk))
    page.locator("#id_kind").select_option("site_visit")
    page.locator("#id_block").select_option("morning")
    page.locator("#id_title_ko").fill("현장 방문 I")
    page.locator("#id_title_en").fill("Site visit I")
    page.locator("#id_starts_at_0").fill("2023-09-25")
    page.locator("#id_starts_at_1").fill("00:00:00")
    page.locator("#id_ends_at_0").fill("2023-09-25")
    page.locator("#id_ends_at_1").fill("03:00:00")
    page.locator("#id_capacity").fill("2")
    page.locator("#id_signup").check()
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text("현장 방문 I")
    page.goto(f"{base}/forum/programme/")
    expect(page.locator("p.badge")).to_have_text("초안: 아직 공개되지 않음")
    page.get_by_role("link", name="운영 콘솔에서 편집").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="현재 프로그램 공개").click()
    expect(page.locator(".messages")).to_contain_text("버전 1")
    page.goto(f"{base}/forum/programme/")
    expect(page.locator("#version")).to_contain_text("버전 1")

    # The contact signs up three members: the third waits.
    context = browser.new_context(locale="en-GB")
    contact_page = context.new_page()
    sign_in(contact_page, base, "contact@wellington.example", "a sturdy passphrase 2023")
    contact_page.goto(f"{base}/forum/programme/")
    contact_page.get_by_role("link", name="Sign up").click()
    expect(contact_page.locator("#places")).to_have_text("2 places left.")
    for name in names:
        contact_page.locator("#delegate").select_option(label=f"{name} Kim")
        contact_page.get_by_role("button", name="Sign up").click()
    expect(contact_page.locator(".messages")).to_contain_text(
        "Full: Cho Kim is on the waiting list."
    )
    rows = contact_page.locator("table.data tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(2)).to_contain_text("On the waiting list")
    screenshot(contact_page, "signup-waiting")

    # Ana cancels; Cho is promoted.
    rows.nth(0).get_by_role("button", name="Cancel").click()
    expect(contact_page.locator("table.data tbody tr").nth(2)).to_contain_text("Has a place")
    expect(contact_page.locator("#places")).to_have_text("0 places left.")
    screenshot(contact_page, "signup-promoted")

    # Cho's itinerary shows the visit.
    contact_page.goto(f"{base}/forum/itinerary/{members[2].pk}/")
    expect(contact_page.locator(".agenda")).to_contain_text("Site visit I")
    screenshot(contact_page, "itinerary")
    context.close()

    # Staff find the visit's sign-ups in the console, tick Ben and cancel after confirming.
    page.goto(f"{base}/forum/manage/programme/sign-ups/")
    page.get_by_role("link", name="현장 방문 I").click()
    expect(page.locator("#signups tbody tr")).to_have_count(3)
    page.locator("#q").fill("Ben")
    page.get_by_role("button", name="보기").click()
    expect(page.locator("#signups tbody tr")).to_have_count(1)
    page.locator("#signups tbody input[type=checkbox]").check()
    screenshot(page, "signup-list-staff")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="선택한 신청 취소").click()
    expect(page.locator(".messages")).to_contain_text("신청 1건을 취소했습니다.")
    expect(page.locator("#signups tbody tr")).to_contain_text("취소")
    screenshot(page, "signup-list-after")
