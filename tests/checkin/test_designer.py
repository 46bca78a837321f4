"""The badge designer: layouts checked (inside the page, no overlap, a QR large enough, in the
reader's language), badges drawn from their category's layout (text read back with pypdf, the
QR decoded with zxing-cpp where the layout puts it), the fixed layout as the fallback."""

import io

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from summitry.checkin import badges as rendering
from summitry.checkin import layouts, services
from summitry.checkin.models import BadgeLayout
from tests.conftest import ApiClient
from tests.images import read_qr

from .conftest import make_delegate

PT = 72 / 25.4  # points per mm


def field(kind, x, y, w, h, **more):
    return {"kind": kind, "x": x, "y": y, "w": w, "h": h, "size": 10, **more}


def badge_fields():
    return [
        field("name_both", 5, 5, 60, 20, size=14),
        field("organisation", 5, 26, 60, 8),
        field("qr", 60, 60, 30, 30),
        field("band", 0, 120, 105, 28),
        field("category", 5, 125, 95, 15, size=16, align="center"),
    ]


def test_starter_layouts_are_valid_for_every_named_size():
    for kind in ("badge", "name_card"):
        for size, (width, height) in layouts.PAGE_SIZES.items():
            if kind == "badge" and size == "tent":
                continue
            fields = layouts.starter_fields(kind, width, height)
            assert layouts.check(kind=kind, width=width, height=height, fields=fields) == []


@pytest.mark.parametrize(
    ("fields", "english", "korean"),
    [
        (
            [field("qr", 90, 5, 30, 30)],
            "Field 1 (QR code) goes outside the page (105 × 148 mm).",
            "1번 항목(QR 코드): 페이지(105 × 148 mm) 밖으로 나갑니다.",
        ),
        (
            [field("qr", 5, 5, 15, 15)],
            "Field 1 (QR code): a QR code needs at least 20 × 20 mm to scan.",
            "1번 항목(QR 코드): QR 코드는 스캔되려면 최소 20 × 20 mm가 필요합니다.",
        ),
        (
            [field("qr", 5, 5, 30, 30), field("photo", 20, 20, 20, 20)],
            "Fields 1 (QR code) and 2 (Photo) overlap; move one of them.",
            "1번 항목(QR 코드)과 2번 항목(사진)이 겹칩니다. 하나를 옮기십시오.",
        ),
        (
            [field("band", 0, 0, 105, 40), field("qr", 5, 5, 30, 30)],
            "Fields 1 (Colour band of the category) and 2 (QR code) overlap; move one of them.",
            "1번 항목(등급 색 띠)과 2번 항목(QR 코드)이 겹칩니다. 하나를 옮기십시오.",
        ),
        (
            [field("photo", 5, 5, 30, 30)],
            "A badge needs exactly one QR code: the doors read it.",
            "명찰에는 QR 코드가 정확히 하나 있어야 합니다. 출입구에서 이 코드를 읽습니다.",
        ),
        (
            [field("qr", 5, 5, 30, 30), field("text", 5, 40, 50, 10)],
            "Field 2 (Fixed text): give its text in Korean or English.",
            "2번 항목(고정 문구): 문구를 한국어나 영어로 입력하십시오.",
        ),
        (
            [field("qr", 5, 5, 30, 30), field("position", 5, 40, 50, 10, size=200)],
            "Field 2 (Position): give a font size from 4 to 120 pt.",
            "2번 항목(직위): 글자 크기를 4~120 pt 사이로 입력하십시오.",
        ),
    ],
)
def test_a_bad_layout_is_refused_with_a_clear_message(fields, english, korean):
    for lang, message in (("en", english), ("ko", korean)):
        with translation.override(lang):
            assert message in layouts.check(kind="badge", width=105, height=148, fields=fields)


def test_text_may_lie_on_the_colour_band():
    assert layouts.check(kind="badge", width=105, height=148, fields=badge_fields()) == []


def test_sheets_hold_several_small_cards_with_cut_marks():
    cr80 = layouts.sheet_plan("badge", 85.6, 54)
    assert (cr80.per_sheet, cr80.page, cr80.cut) == (10, (210.0, 297.0), True)
    a7 = layouts.sheet_plan("badge", 74, 105)
    assert (a7.columns, a7.rows, a7.cut) == (2, 2, True)
    a6 = layouts.sheet_plan("badge", 105, 148)
    assert (a6.per_sheet, a6.page, a6.cut) == (1, (105, 148), False)
    tent = layouts.sheet_plan("name_card", 297, 105)
    assert (tent.page, tent.fold) == ((297, 210), True)


def test_a_layout_is_saved_only_when_valid(organiser, summit):
    layout = services.create_layout(
        actor=organiser, summit=summit, name={"ko": "기본 명찰", "en": "Standard"}
    )
    assert any(f["kind"] == "qr" for f in layout.fields)
    bad = [field("qr", 5, 5, 10, 10)]
    with translation.override("ko"), pytest.raises(ValidationError) as refused:
        services.update_layout(actor=organiser, layout=layout, changes={"fields": bad})
    assert "QR 코드는 스캔되려면 최소 20 × 20 mm가 필요합니다" in str(refused.value)
    layout.refresh_from_db()
    assert layout.fields != bad
    with pytest.raises(ValidationError):
        services.create_layout(
            actor=organiser, summit=summit, name={"ko": "", "en": "x"}, page_size="custom"
        )


def test_a_category_has_one_layout_of_each_kind(organiser, summit, delegate_category):
    first = services.create_layout(
        actor=organiser, summit=summit, name={"en": "One"}, categories=[delegate_category]
    )
    second = services.create_layout(
        actor=organiser, summit=summit, name={"en": "Two"}, categories=[delegate_category]
    )
    card = services.create_layout(
        actor=organiser,
        summit=summit,
        name={"en": "Card"},
        kind="name_card",
        page_size="tent",
        categories=[delegate_category],
    )
    assert list(first.categories.all()) == []
    assert list(second.categories.all()) == [delegate_category]
    assert list(card.categories.all()) == [delegate_category]
    services.update_layout(actor=organiser, layout=first, changes={"is_default": True})
    services.update_layout(actor=organiser, layout=second, changes={"is_default": True})
    assert list(BadgeLayout.objects.filter(is_default=True, kind="badge")) == [second]


def images_at(page):
    """Each image drawn on ``page``: (name, x, y from the top, width, height) in mm."""
    height = float(page.mediabox[3])
    found = []
    stack = [[1, 0, 0, 1, 0, 0]]
    content = pypdf.generic.ContentStream(page.get_contents(), page.pdf)

    def times(m, n):
        a, b, c, d, e, f = m
        A, B, C, D, E, F = n
        return [
            a * A + b * C,
            a * B + b * D,
            c * A + d * C,
            c * B + d * D,
            e * A + f * C + E,
            e * B + f * D + F,
        ]

    for operands, operator in content.operations:
        if operator == b"q":
            stack.append(list(stack[-1]))
        elif operator == b"Q":
            stack.pop()
        elif operator == b"cm":
            stack[-1] = times([float(v) for v in operands], stack[-1])
        elif operator == b"Do":
            a, _b, _c, d, e, f = stack[-1]
            found.append(
                (str(operands[0]), e / PT, (height - f - abs(d)) / PT, a / PT, abs(d) / PT)
            )
    return found


def test_the_badge_is_drawn_from_its_category_layout(organiser, summit, badge):
    services.create_layout(
        actor=organiser,
        summit=summit,
        name={"ko": "대표단 명찰", "en": "Delegates"},
        fields=badge_fields(),
        categories=[badge.category],
    )
    pdf = rendering.badges_pdf(summit=summit, badges=[badge])
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    text = page.extract_text()
    # Wellington is not in Korea: the Latin name first, then the Korean one.
    assert text.index("Tory Whanau") < text.index("토리 화나우")
    assert "Wellington" in text and "웰링턴" in text and "대표단" in text
    assert "시장포럼" not in text  # the fixed layout's summit line: not in this layout
    [image] = page.images
    assert [r.text for r in read_qr(image.image)] == [services.code_for(badge)]
    [(_name, x, y, w, h)] = images_at(page)
    assert (round(x), round(y), round(w), round(h)) == (60, 60, 30, 30)


def test_without_a_layout_the_fixed_badge_is_printed(summit, badge):
    pdf = rendering.badges_pdf(summit=summit, badges=[badge])
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
    assert "시장포럼" in page.extract_text() or "Mayors Forum" in page.extract_text()
    assert round(float(page.mediabox[2]) / PT) == 105


def test_small_cards_several_per_sheet_and_name_cards(organiser, summit, delegation, badge):
    people = [
        make_delegate(delegation, given_name=f"P{n}", family_name="Kim", name_hangul=f"김{n}")
        for n in range(4)
    ]
    services.assign_category(
        actor=organiser, summit=summit, delegates=people, category=badge.category
    )
    issued = [badge] + [services.issue(actor=organiser, delegate=p) for p in people]
    services.create_layout(
        actor=organiser,
        summit=summit,
        name={"en": "A7"},
        page_size="a7",
        categories=[badge.category],
    )
    services.create_layout(
        actor=organiser,
        summit=summit,
        name={"en": "Tables"},
        kind="name_card",
        page_size="tent",
        is_default=True,
    )
    reader = pypdf.PdfReader(io.BytesIO(rendering.badges_pdf(summit=summit, badges=issued)))
    assert len(reader.pages) == 2  # four A7 badges on the first A4 sheet, one on the second
    assert round(float(reader.pages[0].mediabox[2]) / PT) == 210
    codes = {r.text for page in reader.pages for i in page.images for r in read_qr(i.image)}
    assert codes == {services.code_for(b) for b in issued}
    cards = pypdf.PdfReader(
        io.BytesIO(rendering.badges_pdf(summit=summit, badges=issued[:2], layout="cards"))
    )
    assert len(cards.pages) == 2
    assert cards.pages[0].extract_text().count("Tory Whanau") == 2  # both sides of the fold


def test_the_preview_shows_a_sample_badge_without_any(organiser, summit):
    layout = services.create_layout(actor=organiser, summit=summit, name={"en": "New"})
    pdf = rendering.preview_pdf(summit=summit, layout=layout)
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "홍길동" in text and "Hong Gildong" in text


# --- the designer's pages ---------------------------------------------------------------------


def client_for(user, language="en"):
    from django.test import Client

    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def form_of(layout, **more) -> dict:
    data = {
        "name_ko": layout.name_ko or "",
        "name_en": layout.name_en or "",
        "kind": layout.kind,
        "page_size": layout.page_size,
        "grid_mm": "5",
        "count": str(len(layout.fields)),
    }
    for n, f in enumerate(layout.fields):
        for key, value in f.items():
            data[f"f{n}-{key}"] = value
    data.update(more)
    return data


def test_staff_create_move_and_preview_a_layout(organiser, summit, badge):
    from django.urls import reverse
    from PIL import Image

    client = client_for(organiser)
    listing = reverse("checkin:layouts", args=[summit.slug])
    created = client.post(
        listing, {"name_ko": "카드", "name_en": "Cards", "kind": "badge", "page_size": "cr80"}
    )
    layout = BadgeLayout.objects.get()
    assert created.url == reverse("checkin:layout", args=[summit.slug, layout.pk])
    assert b"Cards" in client.get(listing).content
    editor = reverse("checkin:layout", args=[summit.slug, layout.pk])
    qr = next(n for n, f in enumerate(layout.fields) if f["kind"] == "qr")
    before = layout.fields[qr]
    # The QR one grid step (5 mm) down; sent by htmx, the designer's part comes back.
    moved = client.post(
        editor,
        form_of(layout, move=f"{qr}:0:1", categories=[badge.category_id]),
        headers={"HX-Request": "true"},
    )
    assert moved.status_code == 200 and b'id="designer"' in moved.content
    assert b"<html" not in moved.content
    layout.refresh_from_db()
    assert layout.fields[qr]["y"] == round(before["y"] + 5, 1)
    assert list(layout.categories.all()) == [badge.category]
    # An overlap is refused with the reason; nothing changes.
    overlapping = form_of(layout)
    overlapping[f"f{qr}-x"] = layout.fields[1]["x"]
    overlapping[f"f{qr}-y"] = layout.fields[1]["y"]
    refused = client.post(editor, overlapping)
    assert refused.status_code == 400
    assert b"overlap; move one of them." in refused.content
    layout.refresh_from_db()
    assert layout.fields[qr]["y"] == round(before["y"] + 5, 1)
    png = client.get(reverse("checkin:layout-preview", args=[summit.slug, layout.pk, "png"]))
    assert png["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(png.content))
    assert image.size == (round(85.6 * 6), 54 * 6)
    pdf = client.get(reverse("checkin:layout-preview", args=[summit.slug, layout.pk, "pdf"]))
    page = pypdf.PdfReader(io.BytesIO(pdf.content)).pages[0]
    assert "Tory Whanau" in page.extract_text()  # a real badge of its category
    assert badge.printed_at is None  # a preview prints nothing
    # The delegation's badges print in it: CR80 cards on an A4 sheet.
    sheet = client.get(
        reverse("checkin:delegation-pdf", args=[summit.slug, badge.delegate.delegation_id])
    )
    printed = pypdf.PdfReader(io.BytesIO(sheet.content)).pages[0]
    assert round(float(printed.mediabox[2]) / PT) == 210
    [(_n, x, y, w, _h)] = images_at(printed)[-1:]
    plan = layouts.sheet_plan("badge", 85.6, 54)
    assert round(x - plan.left) == round(layout.fields[qr]["x"])
    assert round(y - plan.top) == round(layout.fields[qr]["y"])


def test_the_designer_stores_what_the_api_reads(organiser, summit, staff_api):
    """A size left empty for a QR (it has none) is stored as a number: the API answers."""
    from django.urls import reverse

    layout = services.create_layout(actor=organiser, summit=summit, name={"en": "Main"})
    data = form_of(layout)
    qr = next(n for n, f in enumerate(layout.fields) if f["kind"] == "qr")
    data[f"f{qr}-size"] = ""
    data[f"f{qr}-x"] = "31.54"
    assert (
        client_for(organiser)
        .post(reverse("checkin:layout", args=[summit.slug, layout.pk]), data)
        .status_code
        == 200
    )
    layout.refresh_from_db()
    assert (layout.fields[qr]["size"], layout.fields[qr]["x"]) == (10, 31.5)
    answer = staff_api.get(f"/summits/forum/checkin/layouts/{layout.pk}")
    assert answer.status_code == 200 and answer.json()["fields"][qr]["x"] == 31.5


def test_fields_added_and_removed_and_korean_messages(organiser, summit):
    from django.urls import reverse

    layout = services.create_layout(actor=organiser, summit=summit, name={"ko": "명찰"})
    client = client_for(organiser, "ko")
    editor = reverse("checkin:layout", args=[summit.slug, layout.pk])
    count = len(layout.fields)
    client.post(editor, form_of(layout, add="1", add_kind="position"))
    layout.refresh_from_db()
    # Added at the top left, over the logo line: refused until placed.
    assert len(layout.fields) == count
    added = client.post(editor, form_of(layout, add="1", add_kind="position"))
    assert "겹칩니다".encode() in added.content
    removed = client.post(editor, form_of(layout, remove="0"))
    assert removed.status_code == 200
    layout.refresh_from_db()
    assert len(layout.fields) == count - 1 and layout.fields[0]["kind"] != "logo"
    bad = client.post(editor, form_of(layout, grid_mm="abc"))
    assert bad.status_code == 400 and "밀리미터".encode() in bad.content


def test_duplicate_and_delete_after_confirming(organiser, summit, delegate_category):
    from django.urls import reverse

    layout = services.create_layout(
        actor=organiser, summit=summit, name={"en": "Main"}, categories=[delegate_category]
    )
    client = client_for(organiser)
    client.post(reverse("checkin:layout-duplicate", args=[summit.slug, layout.pk]))
    copy = BadgeLayout.objects.exclude(pk=layout.pk).get()
    assert copy.name_en == "Main (copy)" and not copy.categories.exists()
    assert copy.fields == layout.fields
    url = reverse("checkin:layout-delete", args=[summit.slug, layout.pk])
    asked = client.post(url)
    assert b"Delete the layout" in asked.content and BadgeLayout.objects.count() == 2
    client.post(url, {"confirmed": "1"})
    assert not BadgeLayout.objects.filter(pk=layout.pk).exists()


def test_only_checkin_staff_reach_the_designer(organiser, door, summit):
    from django.urls import reverse

    from tests.factories import UserFactory

    layout = services.create_layout(actor=organiser, summit=summit, name={"en": "Main"})
    outsider = client_for(UserFactory(username="nobody"))
    urls = [
        ("get", reverse("checkin:layouts", args=[summit.slug])),
        ("get", reverse("checkin:layout", args=[summit.slug, layout.pk])),
        ("get", reverse("checkin:layout-preview", args=[summit.slug, layout.pk, "png"])),
        ("post", reverse("checkin:layout-duplicate", args=[summit.slug, layout.pk])),
        ("post", reverse("checkin:layout-delete", args=[summit.slug, layout.pk])),
    ]
    for method, url in urls:
        assert getattr(outsider, method)(url, {"confirmed": "1"}).status_code in (403, 404)
    assert BadgeLayout.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.create_layout(actor=outsider_user(), summit=summit, name={"en": "x"})
    staff = client_for(door)  # a door operator holds "checkin": the designer is theirs too
    assert staff.get(urls[1][1]).status_code == 200


def outsider_user():
    from tests.factories import UserFactory

    return UserFactory(username="another")


# --- the API ----------------------------------------------------------------------------------


def test_layouts_through_the_api(staff_api, summit, delegate_category):
    base = "/summits/forum/checkin/layouts"
    created = staff_api.post(
        base,
        {
            "name": {"ko": "카드", "en": "Cards"},
            "page_size": "cr80",
            "categories": [delegate_category.pk],
            "is_default": True,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["width_mm"], body["height_mm"]) == (85.6, 54.0)
    assert body["categories"] == [delegate_category.pk] and body["is_default"]
    assert any(f["kind"] == "qr" for f in body["fields"])
    url = f"{base}/{body['id']}"
    assert staff_api.get(url).json()["name"] == {"ko": "카드", "en": "Cards"}
    fields = [field("qr", 2, 2, 25, 25), field("name_both", 30, 2, 50, 20)]
    changed = staff_api._send("put", url, {**body, "fields": fields, "categories": []})
    assert changed.status_code == 200, changed.content
    assert [f["kind"] for f in changed.json()["fields"]] == ["qr", "name_both"]
    assert changed.json()["categories"] == []
    small = staff_api._send("put", url, {**body, "fields": [field("qr", 2, 2, 12, 12)]})
    assert small.status_code == 400
    assert "at least 20 × 20 mm" in str(small.json())
    ko = ApiClient(staff_api.headers["Authorization"].split()[1], language="ko")
    outside = ko.post(base, {"name": {"en": "x"}, "fields": [field("qr", 80, 40, 30, 30)]})
    assert outside.status_code == 400 and "페이지(105 × 148 mm) 밖으로" in str(outside.json())
    assert [x["id"] for x in staff_api.get(base).json()] == [body["id"]]
    assert staff_api.delete(url).status_code == 204
    assert staff_api.get(url).status_code == 404


def test_the_layouts_api_needs_the_permission(summit, organiser, staff_api):
    from summitry.core.tokens import issue_token
    from tests.factories import UserFactory

    layout = services.create_layout(actor=organiser, summit=summit, name={"en": "Main"})
    outsider = ApiClient(issue_token(user=UserFactory(username="x"), name="t")[1])
    base = "/summits/forum/checkin/layouts"
    assert outsider.get(base).status_code == 403
    assert outsider.post(base, {"name": {"en": "x"}}).status_code == 403
    assert outsider.delete(f"{base}/{layout.pk}").status_code == 403
    assert ApiClient().get(f"{base}/{layout.pk}").status_code == 401
    assert BadgeLayout.objects.count() == 1
