"""Printable itineraries: HTML rendered to PDF by WeasyPrint, with Korean fonts (Nanum)."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML


def itinerary_pdf(*, summit, delegate, days, base_url: str) -> bytes:
    html = render_to_string(
        "programme/itinerary_print.html", {"summit": summit, "delegate": delegate, "days": days}
    )
    return HTML(string=html, base_url=base_url).write_pdf()
