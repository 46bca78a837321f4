"""Printable seating plans and name cards: HTML rendered to PDF by WeasyPrint (Nanum fonts)."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from weasyprint import HTML

CSS = Path(__file__).parent / "static" / "diplomacy" / "diplomacy.css"


def seating_pdf(context: dict, base_url: str) -> bytes:
    html = render_to_string(
        "diplomacy/seating.html",
        {**context, "for_pdf": True, "css": CSS.read_text(encoding="utf-8")},
    )
    return HTML(string=html, base_url=base_url).write_pdf()
