"""A press release as a PDF (WeasyPrint, Korean text in Nanum): the edition line, the
embargo, contacts, headline, bullets and body; "EMBARGOED until …" on every page while the
embargo holds."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML


def release_pdf(*, summit, item, base_url: str) -> bytes:
    html = render_to_string("press/release_pdf.html", {"summit": summit, "item": item})
    return HTML(string=html, base_url=base_url).write_pdf()
