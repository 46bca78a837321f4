"""Winners' certificates: HTML rendered to PDF by WeasyPrint with Korean fonts (Nanum)."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML


def certificate_pdf(*, summit, award, winner, base_url: str) -> bytes:
    html = render_to_string(
        "awards/certificate.html", {"summit": summit, "award": award, "winner": winner}
    )
    return HTML(string=html, base_url=base_url).write_pdf()
