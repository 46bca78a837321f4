"""A release's photos and files: added by press staff (checked), served only to who may read
the release now — before the embargo staff and accredited press, from the instant everyone."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from summitry.press import attachments, services
from summitry.press.models import ReleaseAttachment
from tests.images import png_upload
from tests.press.conftest import make_release, release_it

pytestmark = pytest.mark.django_db


def test_an_embargoed_releases_photo_is_served_only_to_those_allowed(summit, organiser, clients):
    embargo = timezone.now() + datetime.timedelta(hours=1)
    release = release_it(make_release(summit, organiser, embargo_at=embargo), organiser)
    photo = attachments.add(
        actor=organiser,
        release=release,
        upload=png_upload("opening.png"),
        caption={"ko": "개막식", "en": "The opening"},
        credit="Seoul",
    )
    assert photo.is_image
    url = reverse("press:attachment", args=["forum", release.pk, photo.pk])
    for who in ("anonymous", "no_perm"):
        answer = clients[who].get(url)
        assert answer.status_code == 404 and "no-store" in answer["Cache-Control"]
    for who in ("staff", "journalist"):
        answer = clients[who].get(url)
        assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
        assert "private" in answer["Cache-Control"]
    page = clients["journalist"].get(reverse("press:release", args=["forum", release.pk]))
    assert url in page.content.decode() and "Seoul" in page.content.decode()

    # The embargo passes: everyone; moved later again: hidden again.
    services.change_embargo(
        actor=organiser, release=release, embargo_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    answer = clients["anonymous"].get(url)
    assert answer.status_code == 200 and answer["Cache-Control"] == "no-cache"
    services.change_embargo(actor=organiser, release=release, embargo_at=embargo)
    assert clients["anonymous"].get(url).status_code == 404


def test_a_draft_releases_file_is_staffs_only(summit, organiser, clients):
    release = make_release(summit, organiser)
    pdf = SimpleUploadedFile("facts.pdf", b"%PDF-1.4 facts", content_type="application/pdf")
    found = attachments.add(actor=organiser, release=release, upload=pdf)
    assert not found.is_image
    url = reverse("press:attachment", args=["forum", release.pk, found.pk])
    assert clients["journalist"].get(url).status_code == 404
    assert clients["staff"].get(url).status_code == 200


def test_bad_files_are_refused_and_change_nothing(summit, organiser, no_perm, clients):
    release = make_release(summit, organiser)
    for upload, words in (
        (SimpleUploadedFile("x.exe", b"MZ"), "type"),
        (SimpleUploadedFile("x.pdf", b"not a pdf"), "not a PDF"),
        (SimpleUploadedFile("x.png", b"not an image"), None),
        (SimpleUploadedFile("x.png", b""), "empty"),
    ):
        with pytest.raises(ValidationError, match=words):
            attachments.add(actor=organiser, release=release, upload=upload)
    with pytest.raises(PermissionDenied):
        attachments.add(actor=no_perm, release=release, upload=png_upload())
    answer = clients["staff"].post(
        reverse("press:attachment-add", args=["forum", release.pk]),
        {"file": SimpleUploadedFile("x.exe", b"MZ")},
        follow=True,
    )
    assert "jpeg, jpg, pdf, png" in answer.content.decode()
    assert not ReleaseAttachment.objects.exists()


def test_staff_attach_and_remove_from_the_console(summit, organiser, clients):
    release = make_release(summit, organiser)
    add = reverse("press:attachment-add", args=["forum", release.pk])
    clients["staff"].post(add, {"file": png_upload("p.png"), "caption_en": "Hall", "credit": "SMG"})
    found = ReleaseAttachment.objects.get()
    assert (found.caption_en, found.credit) == ("Hall", "SMG")
    remove = reverse("press:attachment-remove", args=["forum", release.pk, found.pk])
    assert clients["no_perm"].post(remove, {"confirmed": "1"}).status_code == 403
    assert clients["staff"].post(remove).status_code == 200  # asks first
    assert ReleaseAttachment.objects.exists()
    clients["staff"].post(remove, {"confirmed": "1"})
    assert not ReleaseAttachment.objects.exists()
