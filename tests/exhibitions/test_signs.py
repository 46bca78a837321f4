"""The booth signs' PDF: staff only (tested both ways), one page per booth with the booth's
code and its approved exhibitor's names, and a QR that decodes (zxing-cpp) to the booth's
public page."""

from __future__ import annotations

import io

import pypdf
import pytest
from django.conf import settings
from django.urls import reverse

from summitry.core.models import Run
from summitry.exhibitions import services, signs
from tests.images import read_qr

from .conftest import client_for
from .support import make_exhibitor

pytestmark = pytest.mark.django_db


def test_signs_pdf_has_a_decodable_qr_per_booth(
    exhibition, organiser, company, exhibition_staff, no_perm
):
    exhibitor = make_exhibitor(exhibition, company, name_en="Tmoney")
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.assign_booth(
        actor=organiser, booth=exhibition.booths.get(code="A-02"), exhibitor=exhibitor
    )
    path = reverse("exhibitions:booth-signs", args=[exhibition.summit.slug, exhibition.slug])
    assert client_for(no_perm).get(path).status_code == 403
    assert client_for(company).get(path).status_code == 404
    answer = client_for(exhibition_staff).get(path)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(answer.content))
    assert len(reader.pages) == 3
    site = settings.SUMMITRY_SITE_URL
    codes = ("A-01", "A-02", "A-03")
    for page, code in zip(reader.pages, codes, strict=True):
        assert code in page.extract_text()
    # WeasyPrint shares the images' resources between pages: decode them all at once.
    decoded = {
        r.text for page in reader.pages for image in page.images
        for r in read_qr(image.image)
    }  # fmt: skip
    assert decoded == {f"{site}/forum/exhibitions/lifestyle/booths/{code}/" for code in codes}
    second = reader.pages[1].extract_text()
    assert "Tmoney" in second and "로봇주식회사" in second
    # One floor plan's booths only.
    plan = exhibition.plans.get()
    one = client_for(exhibition_staff).get(f"{path}?plan={plan.pk}")
    assert len(pypdf.PdfReader(io.BytesIO(one.content)).pages) == 3
    assert client_for(exhibition_staff).get(f"{path}?plan=999").status_code == 404


def test_a_submitted_exhibitor_is_not_named_on_the_sign(
    exhibition, organiser, company, exhibition_staff
):
    exhibitor = make_exhibitor(exhibition, company, name_en="Secret Robots")
    services.assign_booth(
        actor=organiser, booth=exhibition.booths.get(code="A-01"), exhibitor=exhibitor
    )
    path = reverse("exhibitions:booth-signs", args=[exhibition.summit.slug, exhibition.slug])
    reader = pypdf.PdfReader(io.BytesIO(client_for(exhibition_staff).get(path).content))
    assert "Secret Robots" not in reader.pages[0].extract_text()


def test_many_booths_are_made_in_the_background(exhibition, exhibition_staff, no_perm, monkeypatch):
    monkeypatch.setattr(signs, "SYNC_MAX", 2)
    path = reverse("exhibitions:booth-signs", args=[exhibition.summit.slug, exhibition.slug])
    staff = client_for(exhibition_staff)
    page = staff.get(path)
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert client_for(no_perm).post(path).status_code == 403
    assert staff.post(path).status_code == 302  # the task runs at once (Celery eager)
    run = Run.objects.get(kind=signs.RUN_KIND)
    assert run.status == "done" and run.result["booths"] == 3
    page = staff.get(path).content.decode()
    pdf_url = reverse(
        "exhibitions:booth-signs-file", args=[exhibition.summit.slug, exhibition.slug, run.pk]
    )
    assert pdf_url in page
    assert client_for(no_perm).get(pdf_url).status_code == 403
    answer = staff.get(pdf_url)
    assert answer["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(answer.content))
    assert len(reader.pages) == 3
    decoded = {
        r.text for page in reader.pages for image in page.images
        for r in read_qr(image.image)
    }  # fmt: skip
    assert len(decoded) == 3
