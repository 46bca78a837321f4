"""In a real browser: press staff approve a journalist; check-in staff find the journalist's
badge among the press and exhibitors' badges and open its PDF (drawn as a picture and looked
at); the journalist shows the badge's QR on their phone, and it decodes to the signed code."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from PIL import Image
from playwright.sync_api import expect

from summitry.checkin import services as checkin
from summitry.checkin.models import Badge
from summitry.press import services as press
from tests.factories import SummitFactory, UserFactory
from tests.images import png_upload, read_qr

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a reporter passphrase 2023"  # noqa: S105 - a test's


@pytest.fixture
def applied(organiser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    summit = SummitFactory(slug="forum", name_en="Mayors Forum 2023", name_ko="2023 시장포럼")
    hall = checkin.create_zone(
        actor=organiser, summit=summit, name={"ko": "프레스 센터", "en": "Press centre"}
    )
    checkin.create_category(
        actor=organiser,
        summit=summit,
        name={"ko": "취재진", "en": "Press"},
        colour="#15803d",
        zones=[hall],
    )
    reporter = UserFactory(username="reporter")
    reporter.set_password(PASSWORD)
    reporter.save()
    accreditation = press.apply_for_accreditation(
        actor=reporter,
        summit=summit,
        data={"name": "김기자", "outlet": "서울일보", "role": "기자", "country": "KR"},
        press_card=png_upload(),
    )
    return summit, accreditation


def sign_in(page, base, username, password):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form.stacked button[type=submit]").click()


def test_staff_approve_a_journalist_and_print_the_press_badge(
    applied, page, browser, live_server, screenshot
):
    summit, accreditation = applied
    base = live_server.url
    sign_in(page, base, "organiser", "summitry-demo")
    page.goto(f"{base}/forum/manage/press/accreditations/")
    page.locator("td details summary").first.click()
    page.locator("td details form.stacked button[type=submit]").first.click()
    expect(page.locator(".status-approved").first).to_be_visible()
    badge = Badge.objects.get(press_accreditation=accreditation)
    assert badge.version == 1
    # Check-in's page of the journalists' and booth staff's badges.
    page.goto(f"{base}/forum/manage/checkin/holders/")
    expect(page.get_by_role("heading", level=1)).to_have_text("언론·전시 참가사 배지")
    row = page.locator("tbody tr").first
    expect(row).to_contain_text("김기자")
    expect(row).to_contain_text("서울일보")
    expect(row).to_contain_text("취재진")
    screenshot(page, "checkin-press-badges-ko")
    # The badge's PDF, as printed: drawn to a picture to look at.
    response = page.request.get(f"{base}/forum/manage/checkin/badges/{badge.pk}/badge.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    document = pdfium.PdfDocument(response.body())
    try:
        picture = document[0].render(scale=3).to_pil()
    finally:
        document.close()
    sheet = browser.new_context(viewport={"width": picture.width, "height": picture.height})
    view = sheet.new_page()
    out = io.BytesIO()
    picture.save(out, "PNG")
    import base64

    view.set_content(
        '<img style="display:block" src="data:image/png;base64,'
        + base64.b64encode(out.getvalue()).decode()
        + '">'
    )
    screenshot(view, "press-badge-pdf")
    sheet.close()
    assert [r.text for r in read_qr(picture)] == [checkin.code_for(badge)]


def test_the_journalist_shows_the_badge_qr_on_their_phone(
    applied, organiser, browser, live_server, screenshot
):
    summit, accreditation = applied
    press.decide_accreditation(actor=organiser, accreditation=accreditation, approve=True)
    badge = Badge.objects.get(press_accreditation=accreditation)
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    phone = context.new_page()
    sign_in(phone, live_server.url, "reporter", PASSWORD)
    phone.goto(f"{live_server.url}/forum/press/accreditation/")
    expect(phone.get_by_role("heading", name="Your press badge")).to_be_visible()
    screenshot(phone, "press-my-badge-en")
    qr = phone.locator(".press-badge-qr svg")
    qr.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(qr.screenshot()))
    assert [r.text for r in read_qr(image)] == [checkin.code_for(badge)]
    # Refused afterwards: the page shows no code any more.
    press.decide_accreditation(
        actor=organiser,
        accreditation=accreditation,
        approve=False,
        reason={"ko": "취소", "en": "Withdrawn"},
    )
    phone.reload()
    expect(phone.locator(".press-badge-qr")).to_have_count(0)
    context.close()
