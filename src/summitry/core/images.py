"""Reading an uploaded image safely: really an image, and not a decompression bomb; and
showing it upright as the camera held it."""

from __future__ import annotations

import warnings

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# A badge photo or a scanned document needs far fewer pixels; Pillow's own warning comes at
# some 89 million, and decoding that many would hold a server thread for seconds.
MAX_PIXELS = 40_000_000


def image_format(upload) -> str:
    """The format Pillow reads in ``upload`` (``"PNG"``, ``"JPEG"``, ...), or a ValidationError
    if it is no image or one of more than MAX_PIXELS pixels (a small file that would
    decompress to gigabytes). Only the header and a verification pass are read."""
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    raise Image.DecompressionBombError
                kind = image.format
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            _("This image has too many pixels (at most %(megapixels)s million).")
            % {"megapixels": MAX_PIXELS // 1_000_000}
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(_("This file is not an image.")) from error
    finally:
        upload.seek(0)
    return kind


# The EXIF orientation tag, and how each of its values is turned to show upright.
ORIENTATION = 0x0112
_TURNS = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE"}
_TURNS |= {6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}


def upright(image):
    """A copy of a Pillow ``image`` turned as its EXIF orientation says, without its EXIF
    data. ``ImageOps.exif_transpose`` also writes the rest of the EXIF data back, and fails on
    a tag stored with the wrong type (a camera's maker as a number), which the upload's check
    (``image_format``: verify) does not read: such a photo is turned by its orientation
    alone, as any other."""
    from PIL import Image

    turn = _TURNS.get(image.getexif().get(ORIENTATION))
    turned = image.transpose(Image.Transpose[turn]) if turn is not None else image.copy()
    turned.info.pop("exif", None)
    return turned
