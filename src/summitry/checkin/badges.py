"""Badges as a print-ready PDF (WeasyPrint, Korean fonts: A6, CR80 cards on A4 sheets, name
cards for tables) and their QR codes (segno).

In the PDF the QR is a PNG drawn at whole modules (crisp at any print size); the tests read it
back out of the PDF and decode it with an independent decoder (zxing-cpp). On a person's own
page the QR is an SVG.
"""

from __future__ import annotations

import base64
import io

import segno
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from summitry.directory.models import person_name


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


def _photo_uri(delegate) -> str:
    """The photo as a data address, read through the storage (whichever it is)."""
    photo = delegate.badge_photo
    if not photo:
        return ""
    try:
        with photo.open("rb") as source:
            data = source.read()
    except OSError:
        return ""
    kind = "png" if data.startswith(b"\x89PNG") else "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(data).decode()


def card(badge, with_qr: bool = True) -> dict:
    """What one badge shows."""
    delegate = badge.delegate
    person = delegate.person
    organisation = delegate.delegation.organisation
    return {
        "badge": badge,
        "korean_name": person_name(person, "ko").text if person.name_hangul else "",
        "latin_name": person.latin_name,
        "organisation": organisation,
        "country": organisation.country_i18n.get(translation.get_language() or "en", ""),
        "photo": _photo_uri(delegate),
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


def badges_pdf(*, summit, badges, base_url: str = "/", layout: str = "a6") -> bytes:
    """The badges laid out for print: ``a6`` one A6 page per badge; ``cr80`` ISO ID-1 cards,
    ten per A4 sheet with cut marks; ``tent`` a name card per A4 page to fold for a table
    (the name twice, the upper half upside down)."""
    if layout not in TEMPLATES:
        raise ValueError(layout)
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
    html = render_to_string(TEMPLATES[layout], context)
    return HTML(string=html, base_url=base_url).write_pdf()
