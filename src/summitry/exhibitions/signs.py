"""The sheet of booth signs as a PDF (WeasyPrint, Korean text in Nanum): one A5 page per booth
with its code, its exhibitor's name in Korean and English (once approved) and the QR code
(segno) that opens the booth's public page, to print and set up at each booth."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from . import drawing
from .models import ExhibitorStatus

# Up to this many booths the sheet is made in the request; more are made in the background
# (core.runs). WeasyPrint makes some 5 to 25 signs a second (bench/booth_signs.py), so 300
# would hold a request for far more than 2 s.
SYNC_MAX = 12
RUN_KIND = "exhibitions.booth-signs"
NAMED = (ExhibitorStatus.APPROVED, ExhibitorStatus.PUBLISHED)


def booth_url(summit, exhibition, booth) -> str:
    """The absolute address the booth's QR opens."""
    return settings.SUMMITRY_SITE_URL.rstrip("/") + drawing.booth_path(summit, exhibition, booth)


def qr_png_uri(url: str) -> str:
    return segno.make(url, error="m").png_data_uri(scale=6, border=2)


def signs_pdf(summit, exhibition, booths, *, base_url: str = "") -> bytes:
    """The PDF of ``booths``' signs. An exhibitor's name shows once it is approved (a draft's
    or one under review stays off the printed sign)."""
    rows = []
    for booth in booths:
        exhibitor = booth.exhibitor
        if exhibitor is not None and exhibitor.status not in NAMED:
            exhibitor = None
        url = booth_url(summit, exhibition, booth)
        rows.append({"booth": booth, "exhibitor": exhibitor, "url": url, "qr": qr_png_uri(url)})
    html = render_to_string(
        "exhibitions/booth_signs_pdf.html",
        {"summit": summit, "exhibition": exhibition, "rows": rows},
    )
    return HTML(string=html, base_url=base_url or settings.SUMMITRY_SITE_URL).write_pdf()


def subject(exhibition, plan=None) -> str:
    return f"signs:{exhibition.pk}:{plan.pk if plan is not None else 0}"


def stored_name(run) -> str:
    return f"exhibitions/signs/booth-signs-{run.pk}.pdf"
