"""An adopted declaration and an assembly's minutes as PDFs (WeasyPrint, Korean text in
Nanum), both languages side by side."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML


def declaration_pdf(*, context: dict, base_url: str) -> bytes:
    html = render_to_string("assembly/declaration_pdf.html", context)
    return HTML(string=html, base_url=base_url).write_pdf()


def minutes_pdf(*, context: dict, base_url: str) -> bytes:
    html = render_to_string("assembly/minutes_pdf.html", context)
    return HTML(string=html, base_url=base_url).write_pdf()
