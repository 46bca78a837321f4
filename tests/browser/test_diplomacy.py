"""In a real browser: Wellington's contact requests a meeting with Kyiv, Kyiv's contact
accepts, the protocol officer runs the scheduler and publishes; the meeting is in both heads'
itineraries, and Dublin's contact cannot see it. Screenshots of the officer's schedule, the
seating plan and name cards, the agreements register and the public partner cities, in Korean
and in English."""

import datetime

import pytest
from playwright.sync_api import expect

from summitry.celery import app as celery_app
from summitry.core.models import Run
from summitry.delegations.models import Delegate
from summitry.diplomacy import services
from summitry.diplomacy.tasks import schedule_meetings
from tests.diplomacy.conftest import at, world  # noqa: F401 - the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def context(browser, locale):
    return browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})


def sign_in(page, base, username, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_request_accept_schedule_publish_and_privacy(
    browser,
    live_server,
    world,  # noqa: F811
    screenshot,
    settings,
):
    base = live_server.url
    english = context(browser, "en-GB")
    korean = context(browser, "ko-KR")

    # Wellington's contact asks Kyiv for a meeting.
    page = english.new_page()
    sign_in(page, base, "wellington")
    page.goto(f"{base}/forum/diplomacy/meetings/new/")
    page.locator("#id_counterpart").select_option(label="Kyiv")
    page.locator("#id_topic_en").fill("Reconstruction and urban resilience")
    page.locator("#id_counterpart_language").select_option("en")
    page.get_by_label("Tory Whanau").check()
    screenshot(page, "diplomacy-request-en")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator(".messages")).to_contain_text("The meeting is requested")
    expect(page.locator("h1 .status")).to_have_text("Requested")
    request_url = page.url

    # Kyiv's contact sees it waiting and accepts.
    kyiv = context(browser, "en-GB").new_page()
    sign_in(kyiv, base, "kyiv")
    kyiv.goto(f"{base}/forum/diplomacy/meetings/")
    expect(kyiv.locator("#requests")).to_contain_text("Your answer is awaited")
    kyiv.get_by_role("link", name="Reconstruction and urban resilience").click()
    kyiv.get_by_label("Accept").check()
    kyiv.get_by_label("Volodymyr Prokopiv").check()
    kyiv.get_by_role("button", name="Send the answer").click()
    expect(kyiv.locator("h1 .status")).to_have_text("Accepted")

    # The protocol officer runs the scheduler and publishes (in Korean).
    officer = korean.new_page()
    sign_in(officer, base, "protocol", "summitry-demo")
    officer.goto(f"{base}/forum/diplomacy/schedule/")
    expect(officer.locator("#unplaced")).to_be_visible()
    # With a broker the scheduler runs in a worker: the page answers at once with the run
    # queued and polls it; this test plays the worker, and the page shows the new draft.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    broker = celery_app.conf.broker_url
    celery_app.conf.broker_url = "memory://"
    try:
        officer.locator("#run").click()
        expect(officer.locator("#scheduler-run .status")).to_have_text("대기 중")
        expect(officer.locator(".meeting-cell")).to_have_count(0)
        screenshot(officer, "diplomacy-run-queued-ko")
        run = Run.objects.get(kind="diplomacy.schedule")
        assert schedule_meetings.apply(args=[run.pk]).get() == "done"
    finally:
        celery_app.conf.broker_url = broker
        settings.CELERY_TASK_ALWAYS_EAGER = True
    cell = officer.locator(".meeting-cell")
    expect(cell).to_have_count(1)
    expect(officer.locator("#scheduler-run .status")).to_have_text("완료")
    expect(officer.locator("#run-quality")).to_be_visible()
    expect(cell).to_contain_text("웰링턴 – 키이우")
    screenshot(officer, "diplomacy-schedule-ko")
    officer.locator("#publish").click()
    expect(officer.locator(".messages")).to_be_visible()

    # Both heads' itineraries hold the meeting.
    title = "Bilateral meeting: Wellington – Kyiv"
    for user, person in (("wellington", world.whanau), ("kyiv", world.prokopiv)):
        delegate = Delegate.objects.get(person=person)
        viewer = page if user == "wellington" else kyiv
        viewer.goto(f"{base}/forum/itinerary/{delegate.pk}/")
        expect(viewer.locator("main")).to_contain_text(title)
    page.goto(request_url)
    expect(page.locator("#when")).to_contain_text("2023-09-25")

    # A third delegation cannot see it: not the request, not in its head's itinerary.
    dublin = context(browser, "en-GB").new_page()
    sign_in(dublin, base, "dublin")
    assert dublin.goto(request_url).status == 404
    dublin.goto(f"{base}/forum/diplomacy/meetings/")
    expect(dublin.locator("#requests")).not_to_contain_text("Reconstruction")
    head = Delegate.objects.get(person=world.roiste)
    dublin.goto(f"{base}/forum/itinerary/{head.pk}/")
    expect(dublin.locator("main")).not_to_contain_text(title)

    # The officer's screens, in English too.
    officer_en = english.new_page()
    page.context.clear_cookies()
    sign_in(officer_en, base, "protocol", "summitry-demo")
    officer_en.goto(f"{base}/forum/diplomacy/schedule/")
    screenshot(officer_en, "diplomacy-schedule-en")
    for name, view in (("ko", officer), ("en", officer_en)):
        view.goto(f"{request_url}seating/")
        expect(view.locator(".name-card")).to_have_count(2)
        screenshot(view, f"diplomacy-seating-{name}")

    agreement = services.create_agreement(
        actor=world.officer,
        summit=world.summit,
        data={
            "partner": world.wellington,
            "kind": "upgrade",
            "title": {
                "en": "MOU upgrading Seoul and Wellington to friendship cities",
                "ko": "서울-웰링턴 친선도시 격상 협약(MOU)",
            },
        },
        signatories=[world.mayor, world.whanau],
    )
    for step, extra in (
        ("negotiating", {}),
        ("approved", {"council_resolution": "2023-45"}),
        ("signed", {"signed_on": datetime.date(2023, 9, 25)}),
    ):
        services.advance(actor=world.officer, agreement=agreement, to=step, **extra)
    services.set_ceremony(
        actor=world.officer,
        agreement=agreement,
        starts_at=at(25, 16),
        ends_at=at(25, 16, 30),
        room=world.room_a,
    )
    for name, view in (("ko", officer), ("en", officer_en)):
        view.goto(f"{base}/forum/diplomacy/agreements/")
        expect(view.locator("#agreements tbody tr")).to_have_count(1)
        screenshot(view, f"diplomacy-agreements-{name}")
    officer.goto(f"{base}/forum/diplomacy/agreements/{agreement.pk}/seating/")
    expect(officer.locator(".seat.honour")).to_have_count(2)
    screenshot(officer, "diplomacy-ceremony-seating-ko")

    # The public partner cities, without signing in.
    for name, ctx in (("ko", context(browser, "ko-KR")), ("en", context(browser, "en-GB"))):
        visitor = ctx.new_page()
        visitor.goto(f"{base}/forum/partners/")
        expect(visitor.locator("#partners tbody tr")).to_have_count(1)
        screenshot(visitor, f"diplomacy-partners-{name}")
        ctx.close()
    english.close()
    korean.close()


def test_officer_sets_meeting_times_and_interpreters(browser, live_server, world, screenshot):  # noqa: F811
    base = live_server.url
    korean = context(browser, "ko-KR")
    page = korean.new_page()
    sign_in(page, base, "protocol", "summitry-demo")
    page.goto(f"{base}/forum/diplomacy/schedule/")
    page.locator("nav.console-nav a[href$='/diplomacy/settings/']").click()
    expect(page.locator("h1")).to_have_text("양자 회담 설정")
    expect(page.locator("#id_windows")).to_have_value("2023-09-25 09:00-11:00")

    # A window that ends before it starts: refused, in Korean, nothing saved.
    page.locator("#id_windows").fill("2023-09-25 11:00-09:00")
    page.locator("#settings-form button[type=submit]").click()
    expect(page.locator("#settings-form .field-errors")).to_be_visible()
    world.config.refresh_from_db()
    assert world.config.windows == [{"date": "2023-09-25", "start": "09:00", "end": "11:00"}]

    # Two windows on two days of 20-minute meetings.
    page.locator("#id_windows").fill("2023-09-25 09:00-10:00\n2023-09-26 14:00-15:00")
    page.locator("#id_meeting_minutes").fill("20")
    page.locator("#settings-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("설정을 저장했습니다")
    expect(page.locator("main")).to_contain_text("6개")
    world.config.refresh_from_db()
    assert world.config.meeting_minutes == 20 and len(world.config.windows) == 2

    # An interpreter for Ukrainian and Korean.
    page.locator("#interpreter-form #id_name").fill("Olena Kovalenko")
    page.locator("#interpreter-form #id_language_a").select_option("uk")
    page.locator("#interpreter-form #id_language_b").select_option("ko")
    page.locator("#interpreter-form button[type=submit]").click()
    expect(page.locator("#interpreter-list")).to_contain_text("Olena Kovalenko")
    screenshot(page, "diplomacy-settings-ko")
    korean.close()
