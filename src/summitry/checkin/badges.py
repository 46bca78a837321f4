"""Badges as a print-ready PDF (WeasyPrint, A6, Korean fonts) and their QR codes (segno).

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


def card(badge) -> dict:
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
        "qr": "data:image/png;base64," + base64.b64encode(qr_png(badge)).decode(),
    }


def badges_pdf(*, summit, badges, base_url: str = "/") -> bytes:
    """One A6 page per badge."""
    html = render_to_string(
        "checkin/badges_pdf.html",
        {"summit": summit, "cards": [card(badge) for badge in badges]},
    )
    return HTML(string=html, base_url=base_url).write_pdf()
