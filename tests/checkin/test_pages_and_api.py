"""The API for scanners, the console's pages, the badge PDF (its QR read back by an
independent decoder) and the delegate's own page."""

import io

import pypdf
import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from summitry.checkin import services, signing
from summitry.checkin.models import Badge, BadgePrint, Scan
from summitry.core.tokens import issue_token
from tests.conftest import ApiClient
from tests.factories import UserFactory
from tests.images import read_qr, sideways_jpeg, small_png

from .conftest import make_delegate


def client_for(user) -> Client:
    client = Client(headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def door_api(door):
    return ApiClient(issue_token(user=door, name="scanner")[1])


def test_a_scanner_verifies_offline_with_the_public_key(door_api, badge):
    key = door_api.get("/summits/forum/checkin/public-key").json()
    from cryptography.hazmat.primitives import serialization

    public = serialization.load_pem_public_key(key["pem"].encode())
    payload = signing.verify(services.code_for(badge), public)
    assert (payload.badge_id, payload.version) == (badge.pk, 1)
    assert key["algorithm"] == "Ed25519" and len(key["key"]) == 44


def test_scans_through_the_api(door_api, organiser, summit, hall, badge):
    body = {"code": services.code_for(badge), "zone": hall.pk, "client_scan_id": "a1"}
    first = door_api.post("/summits/forum/checkin/scans", body)
    assert first.status_code == 201, first.json()
    assert first.json()["result"] == "enter"
    assert first.json()["holder"]["name"] == "Tory Whanau"
    assert first.json()["holder"]["category"] == {"ko": "대표단", "en": "Delegate"}
    again = door_api.post("/summits/forum/checkin/scans", body)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["id"] == first.json()["id"]
    inside = door_api.post("/summits/forum/checkin/scans", {**body, "client_scan_id": "a2"})
    assert inside.json()["reason"] == "already_inside"
    assert inside.json()["message"] == "Already inside"
    revoked = door_api.post(f"/summits/forum/checkin/badges/{badge.pk}/revoke", {})
    assert revoked.status_code == 200
    assert door_api.get("/summits/forum/checkin/revocations").json()["revoked"] == [badge.pk]
    refused = door_api.post("/summits/forum/checkin/scans", {**body, "client_scan_id": "a3"})
    assert (refused.json()["result"], refused.json()["reason"]) == ("refused", "revoked")
    forged = door_api.post(
        "/summits/forum/checkin/scans", {**body, "code": "SB1XYZ", "client_scan_id": "a4"}
    )
    assert forged.json()["reason"] == "forged" and forged.json()["holder"] is None
    assert Scan.objects.count() == 4


def test_the_refusal_in_korean(door, summit, hall, badge):
    api = ApiClient(issue_token(user=door, name="scanner")[1], language="ko")
    services.revoke(actor=door, badge=badge)
    body = {"code": services.code_for(badge), "zone": hall.pk, "client_scan_id": "k1"}
    assert api.post("/summits/forum/checkin/scans", body).json()["message"] == "폐기된 명찰"


def test_the_api_needs_the_permission_at_this_summit(summit, hall, badge, staff_api):
    outsider = ApiClient(issue_token(user=UserFactory(username="x"), name="t")[1])
    body = {"code": services.code_for(badge), "zone": hall.pk, "client_scan_id": "x"}
    assert outsider.post("/summits/forum/checkin/scans", body).status_code == 403
    assert outsider.get("/summits/forum/checkin/public-key").status_code == 403
    assert ApiClient().get("/summits/forum/checkin/revocations").status_code == 401
    assert staff_api.get("/summits/forum/checkin/zones").json()[0]["name"]["en"] == "Forum hall"
    categories = staff_api.get("/summits/forum/checkin/categories").json()
    assert categories[0]["zones"] == [hall.pk]
    assert Scan.objects.count() == 0


def test_the_badge_pdf_prints_the_code_the_scanner_reads(
    organiser, summit, delegation, delegate_category, badge
):
    """Every QR in the PDF is read back out of the PDF and decoded with zxing-cpp."""
    badge.delegate.badge_photo.save("tory.png", ContentFile(small_png((60, 80))), save=True)
    other = make_delegate(delegation, given_name="Ana", family_name="Kowhai", name_hangul="")
    services.assign_category(
        actor=organiser, summit=summit, delegates=[other], category=delegate_category
    )
    second = services.issue(actor=organiser, delegate=other)
    response = client_for(organiser).get(
        reverse("checkin:delegation-pdf", args=[summit.slug, delegation.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 2
    width, height = (float(v) * 25.4 / 72 for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (105, 148)  # A6
    decoded = []
    for page in reader.pages:
        for image in page.images:
            decoded += [r.text for r in read_qr(image.image)]
    # (WeasyPrint shares the images' resources between pages: each page lists them all.)
    assert set(decoded) == {services.code_for(badge), services.code_for(second)}
    text = reader.pages[0].extract_text()
    assert "토리 화나우" in text and "Tory Whanau" in text and "Wellington" in text
    sizes = {(i.image.width, i.image.height) for i in reader.pages[0].images}
    assert (60, 80) in sizes  # the photo
    assert Badge.objects.filter(printed_at__isnull=False).count() == 2


def test_a_photo_from_a_phone_prints_upright_small_and_without_its_exif(
    organiser, summit, delegation, badge
):
    """A phone's photo (megabytes, held upright but stored sideways with EXIF orientation 6,
    with the camera's EXIF data) goes into the badge PDF and to the scanner upright, at most
    600 pixels tall and without its EXIF: not whole into every badge printed."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to show
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    Image.effect_noise((2400, 1800), 80).convert("RGB").save(out, "JPEG", quality=95, exif=exif)
    assert len(out.getvalue()) > 2_000_000
    badge.delegate.badge_photo.save("phone.jpg", ContentFile(out.getvalue()), save=True)
    response = client_for(organiser).get(
        reverse("checkin:delegation-pdf", args=[summit.slug, delegation.pk])
    )
    assert response.status_code == 200
    assert len(response.content) < 500_000
    page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    photos = [i for i in page.images if i.image.width != i.image.height]  # the QR is square
    assert [(p.image.width, p.image.height) for p in photos] == [(450, 600)]
    assert not Image.open(io.BytesIO(photos[0].data)).getexif()
    # The scanner at the door gets the same, not the upload.
    shown = client_for(organiser).get(reverse("checkin:photo", args=[summit.slug, badge.pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/jpeg"
    image = Image.open(io.BytesIO(shown.content))
    assert image.size == (450, 600) and not image.getexif()


def test_a_photo_whose_exif_has_a_tag_of_the_wrong_type_still_prints_upright(
    organiser, summit, delegation, badge
):
    """The upload's check reads no EXIF, so a photo whose camera wrote a tag with the wrong
    type (here the maker's name as a number) is accepted. Its badge PDF and its photo at the
    door failed (500: Pillow's exif_transpose writes the EXIF back); now it is turned by its
    orientation and printed without the EXIF, as any other."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from summitry.core.images import image_format

    data = sideways_jpeg((800, 600))
    assert image_format(SimpleUploadedFile("odd.jpg", data)) == "JPEG"
    badge.delegate.badge_photo.save("odd.jpg", ContentFile(data), save=True)
    client = client_for(organiser)
    response = client.get(reverse("checkin:delegation-pdf", args=[summit.slug, delegation.pk]))
    assert response.status_code == 200
    page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    photos = [i for i in page.images if i.image.width != i.image.height]
    assert [(p.image.width, p.image.height) for p in photos] == [(450, 600)]
    shown = client.get(reverse("checkin:photo", args=[summit.slug, badge.pk]))
    assert shown.status_code == 200
    image = Image.open(io.BytesIO(shown.content))
    assert image.size == (450, 600) and not image.getexif()


def test_the_badges_page_assigns_issues_and_revokes(organiser, summit, delegate_category, delegate):
    client = client_for(organiser)
    url = reverse("checkin:bulk", args=[summit.slug])
    client.post(
        url, {"delegate": [delegate.pk], "category": delegate_category.pk, "action": "assign"}
    )
    client.post(url, {"delegate": [delegate.pk], "action": "issue"})
    badge = Badge.objects.get()
    assert (badge.category, badge.version) == (delegate_category, 1)
    page = client.get(reverse("checkin:badges", args=[summit.slug]))
    assert b"Version 1" in page.content
    revoke = reverse("checkin:revoke", args=[summit.slug, badge.pk])
    asked = client.post(revoke)
    assert b"Revoke this badge?" in asked.content
    badge.refresh_from_db()
    assert badge.revoked_at is None
    client.post(revoke, {"confirmed": "1"})
    badge.refresh_from_db()
    assert badge.revoked_at is not None


def test_the_scanner_page(door, summit, hall, badge):
    client = client_for(door)
    url = reverse("checkin:scanner", args=[summit.slug]) + f"?zone={hall.pk}&door=North"
    page = client.get(url)
    assert b'name="code"' in page.content
    code = services.code_for(badge)
    entered = client.post(url, {"code": code, "client_scan_id": "p1"})
    assert b"scan-enter" in entered.content and b"Tory Whanau" in entered.content
    inside = client.post(url, {"code": code, "client_scan_id": "p2"})
    assert b"scan-refused" in inside.content and b"Already inside" in inside.content
    found = client.get(url + "&q=Whanau")
    assert b"Check this person" in found.content
    by_name = client.post(url, {"badge": badge.pk, "client_scan_id": "p3"})
    assert b"Already inside" in by_name.content
    assert Scan.objects.filter(door="North").count() == 3
    assert client.post(url, {"badge": "x", "client_scan_id": "p4"}).status_code == 404


def test_the_delegate_sees_their_badge_qr(organiser, summit, badge):
    owner = UserFactory(username="tory")
    badge.delegate.user = owner
    badge.delegate.save(update_fields=["user"])
    page = client_for(owner).get(reverse("me"))
    assert b"My badge" in page.content and b"<svg" in page.content
    services.revoke(actor=organiser, badge=badge)
    assert b"My badge" not in client_for(owner).get(reverse("me")).content


def test_every_unprinted_badge_in_one_pdf_made_in_the_background(
    organiser, summit, delegation, delegate_category, badge
):
    other = make_delegate(delegation, given_name="Ana", family_name="Kowhai")
    services.assign_category(
        actor=organiser, summit=summit, delegates=[other], category=delegate_category
    )
    services.issue(actor=organiser, delegate=other)
    client = client_for(organiser)
    page = client.post(reverse("checkin:print", args=[summit.slug]), follow=True)
    assert b"2 badges are being rendered" in page.content
    batch = BadgePrint.objects.get()
    assert batch.finished_at is not None  # no broker in the tests: the task ran at once
    pdf = client.get(reverse("checkin:print-file", args=[summit.slug, batch.pk]))
    reader = pypdf.PdfReader(io.BytesIO(b"".join(pdf.streaming_content)))
    assert len(reader.pages) == 2
    assert not Badge.objects.filter(printed_at__isnull=True).exists()
    again = client.post(reverse("checkin:print", args=[summit.slug]), follow=True)
    assert b"Every issued badge is printed." in again.content
    assert BadgePrint.objects.count() == 1
    # A second run of the task (a retry) changes nothing.
    from summitry.checkin.tasks import render_print

    assert render_print(batch.pk) == "already rendered"
