"""Badges as a print-ready PDF (WeasyPrint, Korean fonts: A6, CR80 cards on A4 sheets, name
cards for tables) and their QR codes (segno).

In the PDF the QR is a PNG drawn at whole modules (crisp at any print size); the tests read it
back out of the PDF and decode it with an independent decoder (zxing-cpp). On a person's own
page the QR is an SVG.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import segno
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from summitry.core.images import upright
from summitry.directory.models import person_name

from .models import HOLDER_RELATED


def qr(badge) -> segno.QRCode:
    from .services import code_for

    return segno.make_qr(code_for(badge), error="m")


def qr_svg(badge) -> str:
    """The QR as inline SVG markup (no script, no style)."""
    out = io.BytesIO()
    qr(badge).save(out, kind="svg", scale=4, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode()


def qr_png(badge, scale: int = 8) -> bytes:
    out = io.BytesIO()
    qr(badge).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


# A printed photo's pixels on its longer side at most: a badge's photo box is at most some
# 40 mm tall, where 600 pixels are 380 dpi. A photo straight from a phone (up to 5 MB and 40
# million pixels) would otherwise go into the PDF whole, every badge adding megabytes.
PHOTO_PIXELS = 600


def _photo_uri(photo) -> str:
    """The holder's photo (a file or None) as a data address, read through the storage
    (whichever it is), as it prints (`printable_photo`)."""
    if not photo:
        return ""
    try:
        with photo.open("rb") as source:
            data, kind = printable_photo(source.read())
    except OSError:
        return ""
    return f"data:image/{kind};base64," + base64.b64encode(data).decode()


def printable_photo(data: bytes) -> tuple[bytes, str]:
    """A photo as the badge prints it (and the scanner shows it), and its kind ("jpeg" or
    "png"): upright as the camera held it, at most PHOTO_PIXELS on its longer side, without
    its EXIF data (which may hold where it was taken). A small photo without EXIF data is
    kept as uploaded. An unreadable one raises OSError."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        kind = "png" if image.format == "PNG" else "jpeg"
        if max(image.size) <= PHOTO_PIXELS and not image.getexif():
            return data, kind
        # A JPEG is then decoded at the smallest scale still as large (far quicker).
        image.draft("RGB", (PHOTO_PIXELS, PHOTO_PIXELS))
        turned = upright(image)
        turned.thumbnail((PHOTO_PIXELS, PHOTO_PIXELS))
        out = io.BytesIO()
        if kind == "png":
            turned.save(out, "PNG")
        else:
            turned.convert("RGB").save(out, "JPEG", quality=88)
    return out.getvalue(), kind


def card(badge, with_qr: bool = True) -> dict:
    """What one badge shows."""
    holder = badge.holder
    person = holder.person
    organisation = holder.organisation
    return {
        "badge": badge,
        "korean_name": person_name(person, "ko").text if person.name_hangul else "",
        "latin_name": person.latin_name,
        "organisation": organisation,
        "country": organisation.country_i18n.get(translation.get_language() or "en", ""),
        "photo": _photo_uri(holder.photo),
        "qr": "data:image/png;base64," + base64.b64encode(qr_png(badge)).decode()
        if with_qr
        else "",
    }


TEMPLATES = {
    "a6": "checkin/badges_pdf.html",
    "cr80": "checkin/cards_pdf.html",
    "tent": "checkin/tents_pdf.html",
}
CARDS_PER_SHEET = 10  # CR80 (85.6 x 54 mm): 2 columns x 5 rows on A4


def sheets(cards: list[dict], size: int) -> list[list[dict]]:
    return [cards[n : n + size] for n in range(0, len(cards), size)]


FIXED = {"designed": "a6", "cards": "tent"}  # the fixed layout a designed print falls back on
KIND_OF = {"designed": "badge", "cards": "name_card"}


def fixed_html(*, summit, badges, layout: str) -> str:
    """The badges in one of the fixed layouts, as the HTML WeasyPrint lays out."""
    cards = [card(badge, with_qr=layout != "tent") for badge in badges]
    context = {"summit": summit, "cards": cards}
    if layout == "cr80":
        context["sheets"] = [
            [
                {**c, "left": 19.4 + (n % 2) * 85.6, "top": 13.5 + (n // 2) * 54}
                for n, c in enumerate(sheet)
            ]
            for sheet in sheets(cards, CARDS_PER_SHEET)
        ]
        context["columns"] = [19.4, 105.0, 190.6]
        context["rows"] = [13.5 + 54 * n for n in range(6)]
    return render_to_string(TEMPLATES[layout], context)


def badges_pdf(*, summit, badges, base_url: str = "/", layout="designed") -> bytes:
    """The badges laid out for print: ``designed`` each badge in its category's layout of the
    designer (else the summit's default badge layout, else the fixed A6 badge); ``cards`` name
    cards for tables the same way (else the fixed folded A4); a ``BadgeLayout`` every badge in
    that layout; or a fixed layout: ``a6`` one A6 page per badge; ``cr80`` ISO ID-1 cards,
    ten per A4 sheet with cut marks; ``tent`` a name card per A4 page to fold for a table
    (the name twice, the upper half upside down)."""
    badges = list(badges)
    if not isinstance(layout, str):
        return _write(
            [layout_html(summit=summit, layout=layout, holders=holders(badges))], base_url
        )
    if layout in KIND_OF:
        return _write(designed_html(summit=summit, badges=badges, kind=KIND_OF[layout]), base_url)
    if layout not in TEMPLATES:
        raise ValueError(layout)
    return _write([fixed_html(summit=summit, badges=badges, layout=layout)], base_url)


def preview_pdf(*, summit, layout, base_url: str = "/") -> bytes:
    """One sample badge (or name card) in ``layout`` on a page of its own size, for the
    designer's preview."""
    html = layout_html(
        summit=summit, layout=layout, holders=[sample_holder(summit, layout)], single=True
    )
    return _write([html], base_url)


PREVIEW_PX_PER_MM = 6  # about 150 dpi


def preview_png(*, summit, layout, base_url: str = "/") -> bytes:
    """The preview PDF drawn as a PNG (PDFium), with the editor's grid and each field's
    outline and number over it (on the lower, readable face of a name card)."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    from .layouts import clean_field

    document = pdfium.PdfDocument(preview_pdf(summit=summit, layout=layout, base_url=base_url))
    try:
        image = document[0].render(scale=PREVIEW_PX_PER_MM * 25.4 / 72).to_pil().convert("RGB")
    finally:
        document.close()
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = layout.size
    top = height if layout.kind == "name_card" else 0
    px = PREVIEW_PX_PER_MM
    step = float(layout.grid_mm or 5)
    lines = (0, 90, 200, 70)
    n = 1
    while n * step < width:
        draw.line([(n * step * px, top * px), (n * step * px, (top + height) * px)], fill=lines)
        n += 1
    n = 1
    while n * step < height:
        y = (top + n * step) * px
        draw.line([(0, y), (width * px, y)], fill=lines)
        n += 1
    for number, raw in enumerate(layout.fields, start=1):
        field = clean_field(raw)
        if None in (field["x"], field["y"], field["w"], field["h"]):
            continue
        x0, y0 = field["x"] * px, (top + field["y"]) * px
        x1, y1 = x0 + field["w"] * px, y0 + field["h"] * px
        draw.rectangle([x0, y0, x1, y1], outline=(220, 38, 38, 230), width=2)
        draw.rectangle([x0, y0, x0 + 22, y0 + 16], fill=(220, 38, 38, 230))
        draw.text((x0 + 4, y0 + 2), str(number), fill=(255, 255, 255, 255))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _write(htmls: list[str], base_url: str) -> bytes:
    """One PDF of several documents (each with its own page size)."""
    documents = [HTML(string=html, base_url=base_url).render() for html in htmls]
    if len(documents) == 1:
        return documents[0].write_pdf()
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def designed_html(*, summit, badges, kind: str) -> list[str]:
    """The badges grouped by the layout each takes (its category's, else the default, else
    the fixed one), each group as one HTML document, in the order of their first badge."""
    from .queries import layouts_for

    by_category, default = layouts_for(summit, kind)
    groups: dict = {}
    for badge in badges:
        chosen = by_category.get(badge.category_id, default)
        groups.setdefault(chosen, []).append(badge)
    fixed = FIXED["cards" if kind == "name_card" else "designed"]
    return [
        layout_html(summit=summit, layout=chosen, holders=holders(group))
        if chosen is not None
        else fixed_html(summit=summit, badges=group, layout=fixed)
        for chosen, group in groups.items()
    ]


# --- the designer's layouts -------------------------------------------------------------


@dataclass
class Holder:
    """What a designed badge can show of its holder (a real badge or the preview's sample)."""

    person: object
    organisation: object
    category: object
    zones: list
    days: list
    photo: str
    qr: str
    label: str = ""


def holder(badge, with_qr: bool = True) -> Holder:
    from .services import days_of

    found = badge.holder
    category = badge.category
    return Holder(
        person=found.person,
        organisation=found.organisation,
        category=category,
        zones=list(category.zones.all()) if category else [],
        days=days_of(category),
        photo=_photo_uri(found.photo),
        qr="data:image/png;base64," + base64.b64encode(qr_png(badge)).decode() if with_qr else "",
        label=f"#{badge.pk} v{badge.version}",
    )


def holders(badges) -> list[Holder]:
    return [holder(badge) for badge in badges]


def sample_holder(summit, layout) -> Holder:
    """The preview's badge: the first issued badge of the layout's categories (or of the
    summit), else a sample person of Seoul."""
    from summitry.core.scoping import in_summit
    from summitry.directory.models import Organisation, Person

    from .models import AccreditationCategory, Badge

    found = (
        in_summit(Badge, summit).filter(version__gt=0).select_related("category", *HOLDER_RELATED)
    )
    chosen = list(layout.categories.all()) if layout.pk else []
    real = (found.filter(category__in=chosen).first() if chosen else None) or found.first()
    if real is not None:
        return holder(real)
    category = (
        chosen[0]
        if chosen
        else AccreditationCategory(name_ko="대표단원", name_en="Delegate", colour="#1d4ed8")
    )
    code = segno.make_qr("SB1-SAMPLE-BADGE-NOT-VALID", error="m")
    out = io.BytesIO()
    code.save(out, kind="png", scale=8, border=4)
    return Holder(
        person=Person(
            given_name="Gildong",
            family_name="Hong",
            family_name_first=True,
            name_hangul="홍길동",
            position_ko="시장",
            position_en="Mayor",
        ),
        organisation=Organisation(
            kind="city", name_ko="서울특별시", name_en="Seoul Metropolitan Government", country="KR"
        ),
        category=category,
        zones=list(category.zones.all()) if category.pk else [],
        days=[],
        photo="",
        qr="data:image/png;base64," + base64.b64encode(out.getvalue()).decode(),
        label="#0 v1",
    )


def _in(lang: str, field: dict) -> list[str]:
    return ["ko", "en"] if field.get("language", "both") == "both" else [field["language"]]


def _value(obj, name: str, lang: str) -> str:
    return (getattr(obj, f"{name}_{lang}", "") or "").strip() if obj is not None else ""


def _day(day, lang: str) -> str:
    return f"{day.month}월 {day.day}일" if lang == "ko" else f"{day.day} {day:%b}"


def _lines(kind: str, field: dict, who: Holder, summit) -> list[tuple[str, str]]:
    """The lines a text field prints: (text, language)."""
    person, organisation, category = who.person, who.organisation, who.category
    hangul, latin = (person.name_hangul or "").strip(), person.latin_name
    if kind == "name_local":
        return [(hangul, "ko")]
    if kind == "name_latin":
        return [(latin, "en")]
    if kind == "name_both":
        korean_first = getattr(organisation, "country", "") == "KR" or not latin
        pair = [(hangul, "ko"), (latin, "en")]
        return pair if korean_first else pair[::-1]
    langs = _in("", field)
    if kind == "position":
        return [(_value(person, "position", lang), lang) for lang in langs]
    if kind == "organisation":
        return [(_value(organisation, "name", lang), lang) for lang in langs]
    if kind == "city_country":
        countries = organisation.country_i18n if organisation is not None else {}
        lines = []
        for lang in langs:
            parts = [_value(organisation, "name", lang)] if organisation.kind == "city" else []
            parts.append(countries.get(lang, ""))
            lines.append((", ".join(p for p in parts if p), lang))
        return lines
    if kind == "category":
        return [(_value(category, "name", lang), lang) for lang in langs]
    if kind == "zones":
        return [(" · ".join(_value(z, "name", lang) for z in who.zones), lang) for lang in langs]
    if kind == "days":
        every = {"ko": "모든 날", "en": "Every day"}
        return [
            (", ".join(_day(d, lang) for d in who.days) if who.days else every[lang], lang)
            for lang in langs
        ]
    if kind == "text":
        return [(field.get(f"text_{lang}", ""), lang) for lang in langs]
    if kind == "logo":
        return [(_value(summit, "name", lang), lang) for lang in langs]
    return []


def boxes(layout, who: Holder, summit) -> list[dict]:
    """Each field of ``layout`` as a box to draw for ``who`` (millimetres, points)."""
    from .layouts import TEXT_KINDS, clean_field

    drawn = []
    for n, raw in enumerate(layout.fields, start=1):
        field = clean_field(raw)
        kind = field["kind"]
        x, y, w, h = field["x"] or 0, field["y"] or 0, field["w"] or 0, field["h"] or 0
        box = {"n": n, "kind": kind, "x": x, "y": y, "w": w, "h": h}
        if kind == "qr":
            side = min(w, h)
            box.update(w=side, h=side, src=who.qr)
        elif kind == "photo":
            box["src"] = who.photo
        elif kind == "band":
            box["colour"] = who.category.colour if who.category is not None else "#6b7280"
        elif kind in TEXT_KINDS:
            box.update(
                size=field["size"] or 10,
                align=field["align"],
                lines=[(text, lang) for text, lang in _lines(kind, field, who, summit) if text],
                bold=kind.startswith("name_"),
                on_band=False,
            )
        drawn.append(box)
    bands = [b for b in drawn if b["kind"] == "band"]
    for box in drawn:
        if "lines" in box:
            box["on_band"] = any(
                b["x"] <= box["x"] + 0.01
                and b["y"] <= box["y"] + 0.01
                and box["x"] + box["w"] <= b["x"] + b["w"] + 0.01
                and box["y"] + box["h"] <= b["y"] + b["h"] + 0.01
                for b in bands
            )
    return drawn


def layout_html(*, summit, layout, holders: list[Holder], single: bool = False) -> str:
    """The cards of ``holders`` in ``layout``: several per A4 sheet with cut marks when they
    fit, else one per page; a name card's face twice on its page (the upper upside down)."""
    from .layouts import SheetPlan, sheet_plan

    width, height = layout.size
    plan = sheet_plan(layout.kind, width, height)
    if single and not plan.fold:
        plan = SheetPlan((width, height), 1, 1, 0, 0, (width, height), cut=False)
    cards = [{"boxes": boxes(layout, who, summit), "label": who.label} for who in holders]
    pages = [
        [{**c, "left": plan.place(n)[0], "top": plan.place(n)[1]} for n, c in enumerate(group)]
        for group in sheets(cards, plan.per_sheet)
    ]
    return render_to_string(
        "checkin/layout_pdf.html",
        {"summit": summit, "layout": layout, "plan": plan, "pages": pages},
    )
