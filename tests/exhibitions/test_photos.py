"""Product photos: checked by content (JPEG or PNG, size limit), re-encoded with a thumbnail,
bilingual captions; served to everyone only once the exhibitor is public (a draft's or an
unpublished exhibitor's photo is a 404 to the public, tested both ways); the exhibitor edits
them in its portal and through the API."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from summitry.exhibitions import photos, services
from summitry.exhibitions.models import ProductPhoto
from tests.factories import UserFactory
from tests.images import sideways_jpeg

from .conftest import client_for
from .support import make_exhibitor

pytestmark = pytest.mark.django_db
API = "/api/v1/summits/forum/exhibitions/lifestyle"


def picture(kind="JPEG", size=(2400, 1200), name="robot.jpg") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(out, format=kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def url(name, exhibition, **kwargs):
    return reverse(
        name, kwargs={"slug": exhibition.summit.slug, "exhibition_slug": exhibition.slug, **kwargs}
    )


def photo_url(exhibition, photo, size="thumb"):
    return url("exhibitions:photo", exhibition, photo_id=photo.pk, size=size)


@pytest.fixture
def draft(exhibition, company):
    exhibitor = make_exhibitor(exhibition, company, submit=False)
    product = services.add_product(
        actor=company, exhibitor=exhibitor, name={"ko": "4족 로봇", "en": "Quadruped"}
    )
    return exhibitor, product


def test_portal_adds_a_photo_resized_with_thumbnail(exhibition, company, draft):
    exhibitor, product = draft
    client = client_for(company)
    answer = client.post(
        url("exhibitions:photo-add", exhibition, product_id=product.pk),
        {"image": picture(), "caption_ko": "보행 시연", "caption_en": "Walking demo"},
    )
    assert answer.status_code == 302
    photo = ProductPhoto.objects.get()
    assert (photo.caption_ko, photo.caption_en) == ("보행 시연", "Walking demo")
    assert (photo.width, photo.height) == (1600, 800)
    with Image.open(photo.thumbnail) as thumb:
        assert max(thumb.size) == photos.THUMB_SIDE and thumb.format == "JPEG"
    mine = client.get(url("exhibitions:mine", exhibition)).content.decode()
    assert photo_url(exhibition, photo) in mine and "Walking demo" in mine
    # The caption is edited; then the photo removed (asked first).
    edit = url("exhibitions:photo-edit", exhibition, photo_id=photo.pk)
    client.post(edit, {"action": "caption", "caption_ko": "시연", "caption_en": "Demo"})
    photo.refresh_from_db()
    assert photo.caption_en == "Demo"
    asked = client.post(edit, {"action": "remove"})
    assert asked.status_code == 200 and ProductPhoto.objects.count() == 1
    client.post(edit, {"action": "remove", "confirmed": "1"})
    assert not ProductPhoto.objects.exists()


def test_a_phones_photo_is_kept_upright_and_without_its_exif(exhibition, company, draft):
    """Stored sideways with its orientation in the EXIF data, and a tag of the wrong type
    there (the upload failed: Pillow's exif_transpose writes the EXIF back): turned upright,
    the EXIF dropped, in the photo and its thumbnail."""
    exhibitor, product = draft
    upload = SimpleUploadedFile("phone.jpg", sideways_jpeg((2400, 1200)), "image/jpeg")
    answer = client_for(company).post(
        url("exhibitions:photo-add", exhibition, product_id=product.pk), {"image": upload}
    )
    assert answer.status_code == 302
    photo = ProductPhoto.objects.get()
    assert (photo.width, photo.height) == (800, 1600)
    for stored in (photo.image, photo.thumbnail):
        with Image.open(stored) as image:
            assert image.height > image.width and not image.getexif()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("fake.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"),
         "이미지 파일이 아닙니다"),
        (picture("GIF", (20, 20), "x.gif"), "JPEG나 PNG"),
    ],
)  # fmt: skip
def test_bad_uploads_are_refused_with_a_message(exhibition, company, draft, upload, message):
    exhibitor, product = draft
    client = client_for(company)
    client.cookies["django_language"] = "ko"
    answer = client.post(
        url("exhibitions:photo-add", exhibition, product_id=product.pk),
        {"image": upload},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert message in answer.content.decode()
    assert not ProductPhoto.objects.exists()


def test_size_limit(exhibition, company, draft):
    exhibitor, product = draft
    big = picture()
    big.size = photos.PHOTO_MAX_MB * 1024 * 1024 + 1
    with pytest.raises(ValidationError, match="5 MB"):
        services.add_photo(actor=company, product=product, upload=big)
    assert not ProductPhoto.objects.exists()


def test_photo_is_public_only_once_published(exhibition, organiser, company, exhibition_staff):
    exhibitor = make_exhibitor(exhibition, company, submit=False)
    product = services.add_product(actor=company, exhibitor=exhibitor, name={"en": "Robot"})
    photo = services.add_photo(
        actor=company, product=product, upload=picture(), caption={"en": "On stage"}
    )
    public = client_for()
    other = client_for(UserFactory(username="rival"))
    for size in ("thumb", "full"):
        # Draft: the public and another account get 404; the exhibitor and staff see it.
        assert public.get(photo_url(exhibition, photo, size)).status_code == 404
        assert other.get(photo_url(exhibition, photo, size)).status_code == 404
        own = client_for(company).get(photo_url(exhibition, photo, size))
        assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
        assert (
            client_for(exhibition_staff).get(photo_url(exhibition, photo, size)).status_code == 200
        )
    services.submit(actor=company, exhibitor=exhibitor)
    services.approve(actor=organiser, exhibitor=exhibitor)
    # Approved but not published: still private.
    assert public.get(photo_url(exhibition, photo)).status_code == 404
    services.publish(actor=organiser, exhibitor=exhibitor)
    assert public.get(photo_url(exhibition, photo)).status_code == 200
    page = public.get(url("exhibitions:exhibitor", exhibition, exhibitor_id=exhibitor.pk))
    assert photo_url(exhibition, photo) in page.content.decode()
    assert "On stage" in page.content.decode()
    # Withdrawn: private again (the cached copy is stale at once).
    services.unpublish(actor=organiser, exhibitor=exhibitor)
    assert public.get(photo_url(exhibition, photo)).status_code == 404
    # Under review (approved) the exhibitor cannot change its photos.
    with pytest.raises(ValidationError, match="검토 중"):
        services.remove_photo(actor=company, photo=photo)


def test_api_read_and_write(exhibition, organiser, company, tokens):
    exhibitor = make_exhibitor(exhibition, company, submit=False)
    product = services.add_product(actor=company, exhibitor=exhibitor, name={"en": "Robot"})
    auth = {"HTTP_AUTHORIZATION": f"Bearer {tokens['company']}"}
    path = f"{API}/mine/products/{product.pk}/photos"
    # Another account (no exhibitor of this exhibition) cannot add one.
    other = {"HTTP_AUTHORIZATION": f"Bearer {tokens['no_perm']}"}
    assert Client().post(path, {"image": picture()}, **other).status_code == 404
    bad = SimpleUploadedFile("x.png", b"not an image")
    assert Client().post(path, {"image": bad}, **auth).status_code == 400
    made = Client().post(
        path, {"image": picture("PNG", (300, 200), "r.png"), "caption_en": "Side"}, **auth
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["caption"] == {"ko": "", "en": "Side"} and (body["width"], body["height"]) == (
        300,
        200,
    )
    changed = Client().put(
        f"{API}/mine/photos/{body['id']}",
        {"caption": {"ko": "옆모습", "en": "Side view"}},
        content_type="application/json",
        **auth,
    )
    assert changed.status_code == 200 and changed.json()["caption"]["ko"] == "옆모습"
    mine = Client().get(f"{API}/mine/products", **auth).json()
    assert mine[0]["photos"][0]["thumbnail_url"] == body["thumbnail_url"]
    # Not in the public list until published; then with its photo.
    assert Client().get(f"{API}/exhibitors").json() == []
    services.submit(actor=company, exhibitor=exhibitor)
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.publish(actor=organiser, exhibitor=exhibitor)
    listed = Client().get(f"{API}/exhibitors").json()
    assert listed[0]["products"][0]["photos"][0]["caption"]["en"] == "Side view"
    assert Client().get(body["url"]).status_code == 200
    # Published (locked): the exhibitor cannot delete it now.
    assert Client().delete(f"{API}/mine/photos/{body['id']}", **auth).status_code == 400
    assert ProductPhoto.objects.count() == 1
