"""In a real browser: staff open the badge designer from the console's sidebar, move the QR
one grid step (htmx swaps the designer, the preview drawn by WeasyPrint follows), are refused a
QR too small (in Korean), then print a delegation's badges and open the PDF (its first page
drawn as an image: Korean and English names, the photo, the category's colour band)."""

from __future__ import annotations

import base64
import io

import pypdf
import pypdfium2 as pdfium
import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from summitry.checkin import services
from summitry.checkin.models import BadgeLayout
from summitry.delegations.models import Delegate, Delegation
from tests.factories import OrganisationFactory, PersonFactory, SummitFactory

from .test_checkin import portrait, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def forum(organiser):
    summit = SummitFactory(slug="forum", name_en="Mayors Forum 2023", name_ko="2023 시장포럼")
    hall = services.create_zone(
        actor=organiser, summit=summit, name={"ko": "포럼 홀", "en": "Forum hall"}
    )
    category = services.create_category(
        actor=organiser,
        summit=summit,
        name={"ko": "대표단장", "en": "Head of delegation"},
        colour="#b91c1c",
        zones=[hall],
    )
    seoul = OrganisationFactory(
        slug="seoul", kind="city", name_en="Seoul", name_ko="서울특별시", country="KR"
    )
    delegation = Delegation.objects.create(summit=summit, organisation=seoul)
    person = PersonFactory(
        organisation=seoul,
        given_name="Se-hoon",
        family_name="Oh",
        family_name_first=True,
        name_hangul="오세훈",
        position_ko="서울특별시장",
        position_en="Mayor of Seoul",
    )
    delegate = Delegate.objects.create(delegation=delegation, person=person)
    services.assign_category(
        actor=organiser, summit=summit, delegates=[delegate], category=category
    )
    badge = services.issue(actor=organiser, delegate=delegate)
    delegate.badge_photo.save("oh.png", ContentFile(portrait()), save=True)
    layout = services.create_layout(
        actor=organiser,
        summit=summit,
        name={"ko": "대표단장 명찰", "en": "Heads' badge"},
        categories=[category],
    )
    return summit, delegation, badge, layout


def qr_row(page):
    return page.locator("tr.designer-field[data-kind=qr]")


def test_staff_design_a_badge_and_print_a_delegation(forum, browser, page, live_server, screenshot):
    summit, delegation, badge, layout = forum
    base = live_server.url
    sign_in(page, base, "organiser", "summitry-demo")
    page.goto(f"{base}/forum/manage/checkin/")
    page.get_by_role("link", name="명찰 배치").first.click()  # the console's sidebar
    expect(page.get_by_role("heading", level=1)).to_have_text("명찰 배치")
    page.get_by_role("link", name="대표단장 명찰").click()
    preview = page.locator("#designer-preview-image")
    expect(preview).to_be_visible()
    # The picture the server drew: 6 px a millimetre.
    assert preview.evaluate("image => image.decode().then(() => image.naturalWidth)") == 105 * 6
    screenshot(page, "checkin-designer-ko")

    y = qr_row(page).locator("input[name$='-y']")
    before = float(y.input_value())
    old_preview = page.locator("#designer-preview-image").get_attribute("src")
    qr_row(page).get_by_role("button", name="아래로").click()  # one grid step (5 mm) down
    expect(page.locator(".designer-saved")).to_be_visible()
    expect(y).to_have_value(f"{before + 5:g}")
    assert page.locator("#designer-preview-image").get_attribute("src") != old_preview
    layout.refresh_from_db()
    assert next(f for f in layout.fields if f["kind"] == "qr")["y"] == before + 5
    assert preview.evaluate("image => image.decode().then(() => image.naturalWidth)") == 630
    screenshot(page, "checkin-designer-moved-ko")

    qr_row(page).locator("input[name$='-w']").fill("12")
    qr_row(page).locator("input[name$='-h']").fill("12")
    page.get_by_role("button", name="저장하고 미리보기").click()
    expect(page.locator(".designer-problems")).to_contain_text(
        "QR 코드는 스캔되려면 최소 20 × 20 mm가 필요합니다."
    )
    screenshot(page, "checkin-designer-refused-ko")
    assert BadgeLayout.objects.get().fields == layout.fields  # nothing changed

    # A delegation's badges, printed in the layout of their category, opened as a PDF.
    page.goto(f"{base}/forum/manage/checkin/")
    link = page.locator(f"a[href$='/delegations/{delegation.pk}/badges.pdf']")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    pdf = response.body()
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    # Seoul's mayor: the Korean name first, then the Latin one (family name first).
    assert text.index("오세훈") < text.index("Oh Se-hoon")
    assert "서울특별시" in text and "대표단장" in text and "Head of delegation" in text
    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=3).to_pil()
    document.close()
    out = io.BytesIO()
    image.save(out, "PNG")
    sheet = browser.new_context(viewport={"width": image.width, "height": image.height})
    opened = sheet.new_page()
    opened.set_content(
        '<img alt="" src="data:image/png;base64,' + base64.b64encode(out.getvalue()).decode() + '">'
    )
    screenshot(opened, "checkin-designer-printed-badge")
    sheet.close()


def test_the_designer_in_english(forum, browser, live_server, screenshot):
    _summit, _delegation, _badge, layout = forum
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "organiser", "summitry-demo")
    page.goto(f"{live_server.url}/forum/manage/checkin/layouts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Badge layouts")
    expect(page.locator(".layouts-table tbody tr")).to_have_count(1)
    screenshot(page, "checkin-layouts-en")
    page.get_by_role("button", name="Duplicate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Badge layout: Heads' badge (copy)")
    page.locator("#add-kind").select_option("text")
    page.get_by_role("button", name="Add the field").click()
    expect(page.locator(".designer-problems")).to_contain_text(
        "Field 8 (Fixed text): give its text in Korean or English."
    )
    image = page.locator("#designer-preview-image")
    assert image.evaluate("image => image.decode().then(() => image.naturalWidth)") == 630
    screenshot(page, "checkin-designer-en")
    context.close()


def test_staff_drag_a_field_on_the_preview(forum, browser, live_server, screenshot):
    """Dragging a field's box moves it by whole grid steps into the same x and y inputs;
    saving stores it; the arrows (keyboard) still move it after the designer is swapped."""
    _summit, _delegation, _badge, layout = forum
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "organiser", "summitry-demo")
    page.goto(f"{live_server.url}/forum/manage/checkin/layouts/{layout.pk}/")
    qr = next(n for n, f in enumerate(layout.fields) if f["kind"] == "qr")
    box = page.locator(f".designer-box[data-field='{qr}']")
    expect(box).to_be_visible()
    x, y = qr_row(page).locator("input[name$='-x']"), qr_row(page).locator("input[name$='-y']")
    before = float(x.input_value()), float(y.input_value())
    canvas = page.locator(".designer-canvas").bounding_box()
    per_mm = canvas["width"] / 105  # an A6 page
    start = box.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    # 11 mm left and 6 mm up: two grid steps left, one up (5 mm steps).
    page.mouse.move(
        start["x"] + start["width"] / 2 - 11 * per_mm,
        start["y"] + start["height"] / 2 - 6 * per_mm,
        steps=8,
    )
    screenshot(page, "checkin-designer-dragging-en")
    page.mouse.up()
    expect(x).to_have_value(f"{before[0] - 10:g}")
    expect(y).to_have_value(f"{before[1] - 5:g}")
    moved = box.bounding_box()
    assert moved["x"] < start["x"] - 9 * per_mm and moved["y"] < start["y"] - 4 * per_mm
    page.get_by_role("button", name="Save and preview").click()
    expect(page.locator(".designer-saved")).to_be_visible()
    layout.refresh_from_db()
    field = layout.fields[qr]
    assert (field["x"], field["y"]) == (before[0] - 10, before[1] - 5)
    # The designer was swapped by htmx: its boxes are drawn again, and the arrows still work.
    expect(page.locator(f".designer-box[data-field='{qr}']")).to_be_visible()
    qr_row(page).get_by_role("button", name=f"Move field {qr + 1} right").click()
    expect(qr_row(page).locator("input[name$='-x']")).to_have_value(f"{before[0] - 5:g}")
    page.locator("#designer-preview-image").evaluate("image => image.decode()")
    moved = page.locator(f".designer-box[data-field='{qr}']").bounding_box()
    canvas = page.locator(".designer-canvas").bounding_box()
    assert abs(moved["x"] - canvas["x"] - (before[0] - 5) * per_mm) < 3  # where it prints
    screenshot(page, "checkin-designer-dragged-en")
    context.close()


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_field_table_fits_the_console(forum, browser, live_server, screenshot, width):
    """The designer's table of fields fits the console's panel at a laptop's width: no column
    (Alignment, Language, the texts, Remove) is cut off on the right, and the page itself does
    not scroll sideways."""
    _summit, _delegation, _badge, layout = forum
    context = browser.new_context(locale="en-GB", viewport={"width": width, "height": 900})
    page = context.new_page()
    sign_in(page, live_server.url, "organiser", "summitry-demo")
    page.goto(f"{live_server.url}/forum/manage/checkin/layouts/{layout.pk}/")
    expect(page.locator(".designer-fields")).to_be_visible()
    screenshot(page, f"checkin-designer-fields-{width}-en")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    panel = page.locator(".console-main").bounding_box()
    right = panel["x"] + panel["width"]
    for name in ("Alignment", "Language", "Text (English)"):
        header = page.locator(".designer-fields thead th", has_text=name).bounding_box()
        assert header["x"] + header["width"] <= right + 1, (name, header, panel)
    remove = page.locator(".designer-fields tbody tr").first.locator("button.danger")
    box = remove.bounding_box()
    assert box["x"] + box["width"] <= right + 1
    context.close()
