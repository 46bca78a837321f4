"""Product photos: an upload checked by its content (a real JPEG or PNG, not a decompression
bomb, not too large), re-encoded without its metadata (no camera or GPS data leaves with it)
at most PHOTO_MAX_SIDE pixels a side, and a thumbnail of THUMB_SIDE pixels a side."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from summitry.core.images import image_format, upright

PHOTO_MAX_MB = 5
PHOTO_MAX_SIDE = 1600
THUMB_SIDE = 400
KINDS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG")}


def check(upload) -> str:
    """The upload's format (``"JPEG"`` or ``"PNG"``) or a ValidationError."""
    if upload.size > PHOTO_MAX_MB * 1024 * 1024:
        raise ValidationError(_("The photo is larger than %(mb)s MB.") % {"mb": PHOTO_MAX_MB})
    kind = image_format(upload)
    if kind not in KINDS:
        raise ValidationError(_("Upload the photo as JPEG or PNG."))
    return kind


def _encode(image, kind: str, side: int) -> bytes:
    """``image`` (changed: shrunk in place) encoded at most ``side`` pixels a side."""
    image.thumbnail((side, side))
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, format=KINDS[kind][1], **({"quality": 85} if kind == "JPEG" else {}))
    return out.getvalue()


def renditions(upload) -> tuple[ContentFile, ContentFile, int, int]:
    """The checked upload as (photo, thumbnail, width, height) of the photo."""
    from PIL import Image

    kind = check(upload)
    upload.seek(0)
    with Image.open(upload) as image:
        image.load()
        shown = upright(image)  # a copy, turned as the camera was held
    full = _encode(shown.copy(), kind, PHOTO_MAX_SIDE)
    thumb = _encode(shown, kind, THUMB_SIDE)
    with Image.open(io.BytesIO(full)) as done:
        width, height = done.size
    ext = KINDS[kind][0]
    return (
        ContentFile(full, name=f"photo.{ext}"),
        ContentFile(thumb, name=f"thumb.{ext}"),
        width,
        height,
    )
