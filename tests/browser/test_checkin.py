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
    import zxingcpp

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
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [services.code_for(tory)]
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
