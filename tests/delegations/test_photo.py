"""Badge photos: real images only, stored outside the web root, shown only to those allowed."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from summitry.core.tokens import issue_token
from summitry.delegations import services
from summitry.delegations.models import Delegate
from tests.conftest import ApiClient
from tests.images import small_png

from .conftest import member_data


@pytest.fixture
def member(delegation, contact):
    return services.add_member(actor=contact, delegation=delegation, data=member_data())


def test_the_contact_uploads_a_photo_on_the_page_and_only_they_and_staff_see_it(
    member, delegation, contact, organiser, stranger
):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(contact)
    url = f"/forum/delegations/{delegation.pk}/members/{member.pk}/"
    client.post(
        url,
        {
            "given_name": "Tory",
            "family_name": "Whanau",
            "role": "member",
            "badge_photo": SimpleUploadedFile("tory.png", small_png((60, 80)), "image/png"),
        },
    )
    member.refresh_from_db()
    assert member.badge_photo.name.startswith("badge-photos/")
    photo_url = f"/forum/delegations/{delegation.pk}/members/{member.pk}/photo"
    response = client.get(photo_url)
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    assert b"".join(response.streaming_content) == small_png((60, 80))
    staff = Client()
    staff.force_login(organiser)
    assert staff.get(photo_url).status_code == 200
    other = Client()
    other.force_login(stranger)
    assert other.get(photo_url).status_code == 404
    assert Client().get(photo_url).status_code == 302  # to sign in


def test_a_file_that_is_not_an_image_is_refused_on_the_page(member, delegation, contact):
    client = Client()
    client.cookies["django_language"] = "en"
    client.force_login(contact)
    response = client.post(
        f"/forum/delegations/{delegation.pk}/members/{member.pk}/",
        {
            "given_name": "Tory",
            "family_name": "Whanau",
            "role": "member",
            "badge_photo": SimpleUploadedFile("tory.png", b"%PDF-1.4 not an image", "image/png"),
        },
    )
    assert response.status_code == 200
    assert "This file is not an image." in response.content.decode()
    assert not Delegate.objects.get(pk=member.pk).badge_photo


def test_photos_through_the_api(member, delegation, contact):
    api = ApiClient(issue_token(user=contact, name="t")[1])
    path = f"/api/v1/summits/forum/delegations/{delegation.pk}/members/{member.pk}/photo"
    bad = api.client.post(
        path, {"photo": SimpleUploadedFile("x.jpg", b"hello", "image/jpeg")}, headers=api.headers
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == {"badge_photo": ["This file is not an image."]}
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, format="GIF")
    wrong_kind = api.client.post(
        path,
        {"photo": SimpleUploadedFile("x.png", gif.getvalue(), "image/png")},
        headers=api.headers,
    )
    assert wrong_kind.json()["errors"] == {"badge_photo": ["Send a JPEG or PNG image."]}
    good = api.client.post(
        path,
        {"photo": SimpleUploadedFile("x.png", small_png((60, 80)), "image/png")},
        headers=api.headers,
    )
    assert (good.status_code, good.json()["has_photo"]) == (200, True)


def test_replaced_and_erased_photos_leave_the_storage(
    member, contact, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.update_member(
            actor=contact,
            member=member,
            changes={"badge_photo": SimpleUploadedFile("a.png", small_png((60, 80)), "image/png")},
        )
    first = Delegate.objects.get(pk=member.pk).badge_photo
    storage, first_name = first.storage, first.name
    assert storage.exists(first_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_member(
            actor=contact,
            member=Delegate.objects.get(pk=member.pk),
            changes={"badge_photo": SimpleUploadedFile("b.png", small_png((70, 90)), "image/png")},
        )
    second_name = Delegate.objects.get(pk=member.pk).badge_photo.name
    assert not storage.exists(first_name)
    assert storage.exists(second_name)
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_personal_data(actor=organiser, member=Delegate.objects.get(pk=member.pk))
    assert not storage.exists(second_name)
    assert not Delegate.objects.get(pk=member.pk).badge_photo
