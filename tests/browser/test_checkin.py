"""In a real browser, on a phone: the door operator opens the scanner, chooses the door's zone,
scans a badge (a USB or Bluetooth scanner types the code into the field and presses Enter):
"enter"; the same badge again: "already inside"; a revoked badge: refused; a person found by
name. In Korean and in English; staff's badges page; the badge as laid out for print."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from summitry.checkin import badges as rendering
from summitry.checkin import services
from summitry.delegations.models import Delegate, Delegation
from summitry.demo.loader import ensure_team
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory, UserFactory
from tests.images import read_qr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a door passphrase 2023"  # noqa: S105 - a test's


@pytest.fixture
def doors(organiser):
    summit = SummitFactory(slug="forum", name_en="Mayors Forum 2023", name_ko="2023 시장포럼")
    hall = services.create_zone(
        actor=organiser, summit=summit, name={"ko": "포럼 홀", "en": "Forum hall"}
    )
    category = services.create_category(
        actor=organiser,
        summit=summit,
        name={"ko": "대표단원", "en": "Delegate"},
        colour="#1d4ed8",
        zones=[hall],
    )
    organisation = OrganisationFactory(
        slug="wellington", name_en="Wellington", name_ko="웰링턴", country="NZ"
    )
    delegation = Delegation.objects.create(summit=summit, organisation=organisation)
    badges = []
    for given, family, hangul in (
        ("Tory", "Whanau", "토리 화나우"),
        ("Ana", "Kowhai", "아나 코와이"),
    ):
        delegate = Delegate.objects.create(
            delegation=delegation,
            person=PersonFactory(
                organisation=organisation, given_name=given, family_name=family, name_hangul=hangul
            ),
        )
        services.assign_category(
            actor=organiser, summit=summit, delegates=[delegate], category=category
        )
        badges.append(services.issue(actor=organiser, delegate=delegate))
    badges[0].delegate.badge_photo.save("tory.png", ContentFile(portrait()), save=True)
    door = UserFactory(username="door")
    door.set_password(PASSWORD)
    door.save()
    ensure_team(summit, name_ko="출입", name_en="Doors", codes=["checkin"], members=[door])
    return summit, hall, badges


def portrait() -> bytes:
    """A sample portrait: a face-coloured oval on blue."""
    image = Image.new("RGB", (300, 400), "#9bb7d4")
    draw = ImageDraw.Draw(image)
    draw.ellipse((75, 60, 225, 250), fill="#e0b48c")
    draw.rectangle((40, 270, 260, 400), fill="#2f3e5c")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def scan(page, code: str) -> None:
    field = page.locator("#code")
    expect(field).to_be_focused()  # ready for the next badge without a tap
    field.fill(code)
    field.press("Enter")  # what a keyboard-like scanner sends


def test_the_door_operator_scans_in_korean(doors, phone, live_server, organiser, screenshot):
    summit, hall, (tory, _ana) = doors
    base = live_server.url
    sign_in(phone, base, "door", PASSWORD)
    phone.goto(f"{base}/forum/manage/checkin/scanner/")
    phone.locator("#zone").select_option(str(hall.pk))
    phone.locator("#door").fill("북문")
    phone.get_by_role("button", name="이 출입구 사용").click()
    code = services.code_for(tory)
    scan(phone, code)
    verdict = phone.locator(".scan-result")
    expect(verdict).to_have_class("scan-result scan-enter")
    expect(phone.locator(".scan-verdict")).to_have_text("입장")
    expect(phone.locator(".scan-name")).to_have_text("토리 화나우")
    expect(phone.locator(".scan-category")).to_have_text("대표단원")
    expect(phone.locator(".scan-photo")).to_be_visible()  # served to the door's operator
    screenshot(phone, "checkin-scanner-enter-ko")
    scan(phone, code)
    expect(verdict).to_have_class("scan-result scan-refused")
    expect(phone.locator(".scan-verdict")).to_have_text("거부: 이미 입장함")
    screenshot(phone, "checkin-scanner-inside-ko")
    services.revoke(actor=organiser, badge=tory)
    scan(phone, code)
    expect(phone.locator(".scan-verdict")).to_have_text("거부: 폐기된 명찰")
    screenshot(phone, "checkin-scanner-revoked-ko")
    scan(phone, "SB1FORGED")
    expect(phone.locator(".scan-verdict")).to_have_text(
        "거부: 유효하지 않은 명찰(위조되었거나 손상된 코드)"
    )


def test_the_door_operator_scans_in_english_and_finds_by_name(
    doors, browser, live_server, screenshot
):
    summit, hall, (_tory, ana) = doors
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    base = live_server.url
    sign_in(phone, base, "door", PASSWORD)
    phone.goto(f"{base}/forum/manage/checkin/scanner/?zone={hall.pk}&door=North")
    scan(phone, services.code_for(ana))
    expect(phone.locator(".scan-verdict")).to_have_text("Enter")
    expect(phone.locator(".scan-name")).to_have_text("Ana Kowhai")
    screenshot(phone, "checkin-scanner-enter-en")
    phone.locator("#q").fill("Kowhai")
    phone.get_by_role("button", name="Search").click()
    phone.get_by_role("button", name="Check this person").click()
    expect(phone.locator(".scan-verdict")).to_have_text("Refused: Already inside")
    screenshot(phone, "checkin-scanner-inside-en")
    context.close()


def test_staff_badges_page_and_the_printed_layout(doors, browser, page, live_server, screenshot):
    summit, _hall, (tory, _ana) = doors
    base = live_server.url
    sign_in(page, base, "organiser", "summitry-demo")
    page.goto(f"{base}/forum/manage/checkin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("명찰")
    expect(page.locator("tbody tr")).to_have_count(2)
    screenshot(page, "checkin-badges-ko")
    # The badge as WeasyPrint lays it out (the same HTML, drawn here by Chromium, outside the
    # site: the PDF's own styles are not the site's pages).
    context = browser.new_context(viewport={"width": 397, "height": 560})
    sheet = context.new_page()
    for lang in ("ko", "en"):
        with translation.override(lang):
            html = rendering_html(summit, tory)
        sheet.set_content(html)
        screenshot(sheet, f"checkin-badge-layout-{lang}")
    context.close()


def rendering_html(summit, badge) -> str:
    return render_to_string(
        "checkin/badges_pdf.html", {"summit": summit, "cards": [rendering.card(badge)]}
    )


def test_the_delegate_shows_their_badge_qr_on_their_phone(doors, browser, live_server, screenshot):
    """The QR on the delegate's own page, photographed from the screen, decodes (zxing-cpp)
    to the badge's signed code: what the phone shows is what the door reads."""
    _summit, _hall, (tory, _ana) = doors
    owner = UserFactory(username="tory")
    owner.set_password(PASSWORD)
    owner.save()
    tory.delegate.user = owner
    tory.delegate.save(update_fields=["user"])
    context = browser.new_context(
        locale="ko-KR", viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    phone = context.new_page()
    sign_in(phone, live_server.url, "tory", PASSWORD)
    phone.goto(f"{live_server.url}/accounts/me/")
    expect(phone.get_by_role("heading", name="내 명찰")).to_be_visible()
    path = screenshot(phone, "checkin-my-badge-ko")
    qr = phone.locator(".my-badge-qr svg")
    qr.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(qr.screenshot()))
    assert [r.text for r in read_qr(image)] == [services.code_for(tory)]
    assert path.exists()
    context.close()


def test_an_exit_door_and_who_is_inside_now(doors, browser, page, live_server, screenshot):
    """At the hall's exit the operator scans a badge that entered: "exit"; staff's page of who
    is inside each zone follows by itself (polling), in Korean and in English."""
    summit, hall, (tory, ana) = doors
    base = live_server.url
    sign_in(page, base, "organiser", "summitry-demo")
    page.goto(f"{base}/forum/manage/checkin/inside/")
    expect(page.get_by_role("heading", level=1)).to_have_text("지금 안에 있는 인원")
    count = page.locator(".inside-count").first
    expect(count).to_have_text("0")
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    sign_in(phone, base, "door", PASSWORD)
    phone.goto(f"{base}/forum/manage/checkin/scanner/")
    phone.locator("#zone").select_option(str(hall.pk))
    phone.locator("#direction").select_option("in")
    phone.get_by_role("button", name="Use this door").click()
    scan(phone, services.code_for(tory))
    scan(phone, services.code_for(ana))
    expect(phone.locator(".scan-verdict")).to_have_text("Enter")
    expect(count).to_have_text("2")  # the staff page moved by itself
    phone.goto(f"{base}/forum/manage/checkin/scanner/?zone={hall.pk}&direction=out")
    expect(phone.locator("label[for=code]")).to_have_text("Scan a badge leaving Forum hall")
    scan(phone, services.code_for(tory))
    expect(phone.locator(".scan-verdict")).to_have_text("Exit")
    screenshot(phone, "checkin-scanner-exit-en")
    scan(phone, services.code_for(tory))
    expect(phone.locator(".scan-verdict")).to_have_text(
        "Refused: Not inside (no entry to leave from)"
    )
    expect(count).to_have_text("1")
    screenshot(page, "checkin-inside-ko")
    english = context.new_page()
    english.set_viewport_size({"width": 1280, "height": 700})
    english.goto(f"{base}/forum/manage/checkin/inside/")
    expect(english.locator(".inside-count").first).to_have_text("1")
    expect(english.get_by_role("heading", level=1)).to_have_text("Inside now")
    screenshot(english, "checkin-inside-en")
    context.close()


def test_staff_read_attendance_in_korean_and_english(
    doors, door_scans, browser, page, live_server, screenshot
):
    """Who entered the hall, per delegation and per hour; a search by name narrows the rows."""
    base = live_server.url
    sign_in(page, base, "organiser", "summitry-demo")
    page.goto(f"{base}/forum/manage/checkin/attendance/")
    expect(page.get_by_role("heading", level=1)).to_have_text("출입 기록")
    expect(page.locator(".attendance-visits tbody tr")).to_have_count(2)
    expect(page.locator(".attendance-hours tbody tr")).to_have_count(2)
    screenshot(page, "checkin-attendance-ko")
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    english = context.new_page()
    sign_in(english, base, "organiser", "summitry-demo")
    english.goto(f"{base}/forum/manage/checkin/attendance/")
    english.locator("#att-q").fill("Kowhai")
    english.get_by_role("button", name="Show").click()
    expect(english.locator(".attendance-visits tbody tr")).to_have_count(1)
    expect(english.locator(".attendance-visits tbody tr")).to_contain_text("Ana Kowhai")
    screenshot(english, "checkin-attendance-en")
    with english.expect_download() as download:
        english.get_by_role("link", name="CSV").click()
    assert download.value.suggested_filename == "forum-attendance.csv"
    context.close()


@pytest.fixture
def door_scans(doors, organiser):
    """Both badges entered the hall on the summit's first morning; Tory left at 10:20."""
    import datetime

    summit, hall, badges = doors
    morning = datetime.datetime.combine(summit.start_date, datetime.time(9, 5), tzinfo=summit.zone)
    door = UserFactory._meta.model.objects.get(username="door")
    plan = [(badges[0], 0, "in"), (badges[1], 40, "in"), (badges[0], 75, "out")]
    for n, (badge, minutes, direction) in enumerate(plan):
        services.scan(
            actor=door,
            summit=summit,
            zone=hall,
            code=services.code_for(badge),
            client_scan_id=f"b{n}",
            at=morning + datetime.timedelta(minutes=minutes),
            direction=direction,
        )


def test_staff_print_cards_and_name_cards(doors, browser, page, live_server, screenshot):
    """Staff tick a delegation's people and print name cards for the tables (rendered in the
    background); the CR80 sheet and the name card as laid out, in Korean and English."""
    summit, _hall, badges = doors
    base = live_server.url
    sign_in(page, base, "organiser", "summitry-demo")
    page.goto(f"{base}/forum/manage/checkin/")
    for box in page.locator("tbody input[type=checkbox]").all():
        box.check()
    page.locator("#bulk-layout").select_option("tent")
    page.get_by_role("button", name="명찰 인쇄").click()
    expect(page.locator(".badge-prints li").first).to_contain_text("탁상 명패")
    expect(page.locator(".badge-prints li a").first).to_have_text("PDF")
    screenshot(page, "checkin-print-layouts-ko")
    context = browser.new_context(viewport={"width": 794, "height": 1123})
    sheet = context.new_page()
    for lang in ("ko", "en"):
        with translation.override(lang):
            cards = [rendering.card(badge) for badge in badges * 3]
            html = render_to_string(
                "checkin/cards_pdf.html",
                {
                    "summit": summit,
                    "cards": cards,
                    "sheets": [
                        [
                            {**c, "left": 19.4 + (n % 2) * 85.6, "top": 13.5 + (n // 2) * 54}
                            for n, c in enumerate(cards)
                        ]
                    ],
                    "columns": [19.4, 105.0, 190.6],
                    "rows": [13.5 + 54 * n for n in range(6)],
                },
            )
            sheet.set_content(html)
            screenshot(sheet, f"checkin-cr80-sheet-{lang}")
            tent = render_to_string(
                "checkin/tents_pdf.html",
                {"summit": summit, "cards": [rendering.card(badges[0], with_qr=False)]},
            )
        sheet.set_viewport_size({"width": 1123, "height": 794})
        sheet.set_content(tent)
        screenshot(sheet, f"checkin-name-card-{lang}")
        sheet.set_viewport_size({"width": 794, "height": 1123})
    context.close()


def test_scans_made_offline_sync_when_the_network_returns(doors, browser, live_server, screenshot):
    """The network drops at the door: scans are kept on the phone with their count shown;
    back online they are sent, decided as at the time they were made (the second scan of the
    same badge: already inside), and nothing is counted twice."""
    from summitry.checkin.models import Scan

    summit, hall, (tory, ana) = doors
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    base = live_server.url
    sign_in(phone, base, "door", PASSWORD)
    phone.goto(f"{base}/forum/manage/checkin/scanner/?zone={hall.pk}&door=North")
    context.set_offline(True)
    box = phone.locator("#scanner-offline")
    for code in (services.code_for(tory), services.code_for(ana), services.code_for(tory)):
        scan(phone, code)
    expect(box).to_be_visible()
    expect(box.locator(".offline-count")).to_have_text("3")
    expect(box.locator(".offline-state")).to_have_text("Offline: scans are kept on this device.")
    screenshot(phone, "checkin-scanner-offline-en")
    assert Scan.objects.count() == 0
    context.set_offline(False)
    expect(box.locator(".offline-count")).to_have_text("0")
    expect(box.locator(".offline-log li").first).to_have_text("Tory Whanau: Already inside")
    expect(box.locator(".offline-enter")).to_have_count(2)
    screenshot(phone, "checkin-scanner-synced-en")
    assert Scan.objects.filter(result="enter").count() == 2
    assert Scan.objects.filter(reason="already_inside").count() == 1
    context.close()


def test_offline_scanning_in_korean(doors, phone, live_server, screenshot):
    summit, hall, (tory, _ana) = doors
    base = live_server.url
    sign_in(phone, base, "door", PASSWORD)
    phone.goto(f"{base}/forum/manage/checkin/scanner/?zone={hall.pk}")
    phone.context.set_offline(True)
    scan(phone, services.code_for(tory))
    box = phone.locator("#scanner-offline")
    expect(box.locator(".offline-count")).to_have_text("1")
    screenshot(phone, "checkin-scanner-offline-ko")
    phone.context.set_offline(False)
    expect(box.locator(".offline-count")).to_have_text("0")
    expect(box.locator(".offline-enter")).to_have_text("토리 화나우: 입장")
    screenshot(phone, "checkin-scanner-synced-ko")
