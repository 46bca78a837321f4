"""Photos and documents of a release: added and removed by press staff (checked: type, size,
really an image or a PDF), read through the release's own visibility — an embargoed release's
files only by staff and accredited press, at an address that names the release and the file's
number, answered 404 to anyone else (nothing guessable is public)."""

from __future__ import annotations

import datetime
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from summitry.core import audit
from summitry.core import services as core
from summitry.core.images import image_format

from . import policy, queries
from .models import PressRelease, ReleaseAttachment

IMAGE_TYPES = {"png", "jpg", "jpeg"}
TYPES = IMAGE_TYPES | {"pdf"}
MAX_MB = 10


def _check(upload) -> tuple[str, bool]:
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in TYPES:
        raise ValidationError(
            {"file": _("Attach a file of type %(types)s.") % {"types": ", ".join(sorted(TYPES))}}
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > MAX_MB * 1024 * 1024:
        raise ValidationError({"file": _("The file is larger than %(mb)s MB.") % {"mb": MAX_MB}})
    if extension == "pdf":
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError({"file": _("This file is not a PDF.")})
        return extension, False
    try:
        image_format(upload)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    upload.seek(0)
    return extension, True


@transaction.atomic
def add(
    *, actor, release: PressRelease, upload, caption: dict | None = None, credit: str = ""
) -> ReleaseAttachment:
    policy.require_staff(actor, release.summit)
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    extension, is_image = _check(upload)
    found = ReleaseAttachment(
        release=release,
        file_name=PurePath(upload.name or "").name[:200],
        is_image=is_image,
        credit=credit.strip()[:200],
        position=release.attachments.count(),
        **core.flatten_bilingual({"caption": caption or {}}),
    )
    found.full_clean(exclude=["file"])
    found.save()
    found.file.save(f"{release.pk}-{found.pk}.{extension}", upload, save=True)
    audit.record(actor=actor, obj=found, action="added")
    return found


@transaction.atomic
def remove(*, actor, attachment: ReleaseAttachment) -> None:
    policy.require_staff(actor, attachment.release.summit)
    stored = attachment.file.name
    core.delete(actor=actor, instance=attachment)
    if stored:
        transaction.on_commit(lambda: attachment.file.storage.delete(stored))


def readable(summit, user, release_id: int, attachment_id: int, at: datetime.datetime):
    """The attachment if ``user`` may read its release at ``at``, else 404."""
    release = queries.visible_release(summit, user, release_id, at)
    found = release.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404(_("This release has no such file."))
    return release, found


def of_release(release: PressRelease, attachment_id: int) -> ReleaseAttachment:
    found = release.attachments.filter(pk=attachment_id).first()
    if found is None:
        raise Http404(_("This release has no such file."))
    return found


@transaction.atomic
def mark_press_material(*, actor, attachment: ReleaseAttachment, value: bool) -> None:
    """Offer the file in the media kit (once its release is public), or stop offering it."""
    policy.require_staff(actor, attachment.release.summit)
    attachment.is_press_material = bool(value)
    attachment.save(update_fields=["is_press_material"])
    audit.record(actor=actor, obj=attachment, action="changed", fields=["is_press_material"])
