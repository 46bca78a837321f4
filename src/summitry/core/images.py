"""Reading an uploaded image safely: really an image, and not a decompression bomb."""

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
