"""In a real browser: staff create a webhook from the console (events as checkboxes), see
its secret once, send a test ping and find the delivery in the log with the receiver's
answer; the same page in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summitry.demo.loader import ORGANISER_PASSWORD
from summitry.webhooks.models import Subscription
from tests.factories import SummitFactory
from tests.webhooks.receiver import Receiver, verified

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def receiver(settings):
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = True
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def english_page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def sign_in(page, base):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill("organiser")
    page.locator("#id_password").fill(ORGANISER_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


def test_staff_create_a_webhook_ping_it_and_see_the_delivery(
    page, english_page, live_server, organiser, receiver, screenshot
):
    SummitFactory(slug="forum", name_en="Mayors Forum", name_ko="세계도시정상회의")
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/forum/manage/")
    page.get_by_role("link", name="웹훅").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("웹훅")
    page.get_by_role("link", name="새 웹훅").click()
    page.locator("#id_name_ko").fill("시청 CRM")
    page.locator("#id_name_en").fill("City CRM")
    page.locator("#id_url").fill(receiver.url)
    page.get_by_label("대표단 등록").check()
    page.get_by_label("대표단원 추가").check()
    screenshot(page, "webhooks-form-ko")
    page.get_by_role("button", name="웹훅 만들기").click()

    subscription = Subscription.objects.get()
    expect(page.locator("#webhook-secret")).to_have_text(subscription.secret)
    expect(page.locator("#deliveries")).to_contain_text("아직 보낸 것이 없습니다.")
    screenshot(page, "webhooks-secret-ko")
    page.get_by_role("button", name="테스트 핑 보내기").click()
    expect(page.locator(".messages, [role=status]").first).to_be_visible()
    expect(page.locator("#deliveries tbody tr")).to_have_count(1)
    expect(page.locator("#deliveries")).to_contain_text("HTTP 200")
    expect(page.locator("#deliveries")).to_contain_text("전달됨")
    # Shown once: the secret is gone after the ping's reload.
    expect(page.locator("#webhook-secret")).to_have_count(0)
    screenshot(page, "webhooks-subscription-ko")
    (request,) = receiver.received
    assert verified(request, subscription.secret)

    page.locator("#deliveries tbody a").first.click()
    expect(page.locator("pre").first).to_contain_text('"event":"ping"')
    screenshot(page, "webhooks-delivery-ko")

    sign_in(english_page, base)
    english_page.goto(f"{base}/forum/manage/webhooks/{subscription.pk}/")
    expect(english_page.get_by_role("heading", level=1)).to_contain_text("City CRM")
    expect(english_page.locator("#deliveries")).to_contain_text("Delivered")
    screenshot(english_page, "webhooks-subscription-en")
    english_page.goto(f"{base}/forum/manage/webhooks/{subscription.pk}/edit/")
    expect(english_page.get_by_label("Delegation registered")).to_be_checked()
    screenshot(english_page, "webhooks-form-en")
