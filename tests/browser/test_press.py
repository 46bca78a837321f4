"""In a real browser: staff write a press release with an embargo ahead and release it; an
accredited journalist sees it marked embargoed (Korean and English), an anonymous visitor gets
a 404 and the feed does not list it; once the instant has passed (the embargo moved to a
minute ago: no clock is patched) both see it and the feed lists it."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from summitry.press import services
from tests.factories import PersonFactory, SummitFactory, UserFactory
from tests.images import png_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a long journalist password"  # noqa: S105 - a test account


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
    journalist = UserFactory(username="reporter", email="reporter@example.org")
    journalist.set_password(PASSWORD)
    journalist.save()
    found = services.apply_for_accreditation(
        actor=journalist,
        summit=summit,
        data={"name": "Reporter", "outlet": "Seoul Daily", "role": "reporter", "country": "KR"},
        press_card=png_upload(),
    )
    services.decide_accreditation(actor=organiser, accreditation=found, approve=True)
    PersonFactory(slug="cho", given_name="", family_name="", name_hangul="조혜정")
    return summit


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()


def context_page(browser, locale):
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    return context, context.new_page()


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment, datetime.timezone(datetime.timedelta(hours=9))).strftime(
        "%Y-%m-%dT%H:%M"
    )


def test_an_embargo_that_never_leaks(world, browser, page, live_server, screenshot):
    base = live_server.url
    sign_in(page, base, "organiser")
    page.goto(f"{base}/forum/manage/press/new/")
    page.locator("#id_headline_ko").fill("시장포럼 개막·{{ counts.foreign_cities }}개 도시 대표단")
    page.locator("#id_headline_en").fill("Mayors Forum opens")
    page.locator("#id_summary_ko").fill("50개 도시 시장단 서울 집결\n주제별 논의")
    page.locator("#id_body_ko").fill("<p>살기 좋고 지속가능한 도시.</p><script>alert(1)</script>")
    page.locator("#id_body_en").fill("<p>Liveable and sustainable cities.</p>")
    page.locator("#id_department_ko").fill("경제정책실 국제교류과")
    page.locator("#id_edition_date").fill("2030-09-25")
    page.locator("#id_embargo_at").fill(local(timezone.now() + datetime.timedelta(minutes=5)))
    page.locator("#id_page_count").fill("10")
    page.locator("form[novalidate] button[type=submit]").click()
    expect(page.locator(".press-preview")).to_contain_text("0개 도시 대표단")
    page.locator("#id_person").select_option(label="조혜정")
    page.locator("#id_title_ko").fill("국제교류과장")
    page.locator("#id_phone").fill("02-2133-5260")
    page.get_by_role("button", name="문의처 추가").click()
    for button in (
        "검토 요청",
        "승인(수치 고정)",
        "배포 예약: 등록 기자에게 지금, 모두에게 엠바고 시각에",
    ):
        page.get_by_role("button", name=button).click()
    expect(page.locator(".status-scheduled").first).to_be_visible()
    screenshot(page, "press-console-release-ko")
    release_url = page.get_by_role("link", name="보도자료 페이지 열기").get_attribute("href")

    # The accredited journalist, in Korean and in English: there, and marked embargoed.
    for locale, marker, name in (("ko-KR", "엠바고", "ko"), ("en-GB", "EMBARGOED", "en")):
        context, reader = context_page(browser, locale)
        sign_in(reader, base, "reporter")
        reader.goto(f"{base}/forum/press/")
        expect(reader.locator(".press-item.is-embargoed")).to_have_count(1)
        reader.goto(f"{base}{release_url}")
        expect(reader.locator(".embargo")).to_contain_text(marker)
        expect(reader.locator(".press-meta")).to_contain_text("02-2133-5260")
        screenshot(reader, f"press-release-embargoed-{name}")
        context.close()

    # Anyone else: nothing, anywhere.
    context, visitor = context_page(browser, "en-GB")
    answer = visitor.goto(f"{base}{release_url}")
    assert answer.status == 404
    visitor.goto(f"{base}/forum/press/")
    expect(visitor.locator(".press-item")).to_have_count(0)
    feed = visitor.request.get(f"{base}/forum/press/feed.atom")
    assert "<entry>" not in feed.text()

    # The instant passes (the embargo moved to a minute ago): both see it, the feed lists it.
    page.locator("#id_embargo_at").fill(local(timezone.now() - datetime.timedelta(minutes=1)))
    page.locator("form[novalidate] button[type=submit]").click()
    answer = visitor.goto(f"{base}{release_url}")
    assert answer.status == 200 and answer.headers["cache-control"] == "no-cache"
    expect(visitor.locator(".embargo")).to_have_count(0)
    expect(visitor.locator(".press-headline")).to_have_text("Mayors Forum opens")
    screenshot(visitor, "press-release-public-en")
    feed = visitor.request.get(f"{base}/forum/press/feed.atom").text()
    assert feed.count("<entry>") == 1 and "시장포럼 개막·0개 도시 대표단" in feed
    context.close()
    context, visitor = context_page(browser, "ko-KR")
    visitor.goto(f"{base}{release_url}")
    expect(visitor.locator(".press-headline")).to_contain_text("시장포럼 개막·0개 도시 대표단")
    screenshot(visitor, "press-release-public-ko")
    visitor.goto(f"{base}/forum/press/")
    expect(visitor.locator(".press-item")).to_have_count(1)
    context.close()


def test_the_forums_press_room_as_printed(organiser, browser, page, live_server, screenshot):
    """The demo: seed 001's release in Korean as written and in English (a translation), the
    figures from the counts; the press team's accreditation list with the sample journalists."""
    from django.core.management import call_command

    from summitry.press.models import PressRelease

    call_command("demo", "load", "wcsmf2023", verbosity=0)
    opening = PressRelease.objects.order_by("edition_date").first()
    base = live_server.url
    page.goto(f"{base}/wcsmf2023/press/")
    expect(page.locator(".press-item")).to_have_count(2)
    screenshot(page, "press-demo-index-ko")
    page.goto(f"{base}/wcsmf2023/press/{opening.pk}/")
    expect(page.locator(".press-body")).to_contain_text("세계 30개국 50개 도시 대표단")
    expect(page.locator(".press-meta")).to_contain_text("02-2133-5273")
    screenshot(page, "press-demo-release-ko")
    context, english = context_page(browser, "en-GB")
    english.goto(f"{base}/wcsmf2023/press/{opening.pk}/")
    expect(english.locator(".press-body")).to_contain_text("50 cities from 30 countries")
    expect(english.get_by_text("This version is a translation")).to_be_visible()
    screenshot(english, "press-demo-release-en")
    context.close()
    organiser.set_password(PASSWORD)
    organiser.save()
    sign_in(page, base, "organiser")
    page.goto(f"{base}/wcsmf2023/manage/press/accreditations/")
    expect(page.locator("tbody tr")).to_have_count(2)
    screenshot(page, "press-demo-accreditations-ko")
