"""Test images as phones and cameras write them."""

from __future__ import annotations

import io
import struct

from PIL import Image


def sideways_jpeg(size: tuple[int, int], colour: str = "navy") -> bytes:
    """A JPEG stored sideways with EXIF orientation 6 (turn 90° clockwise to show), whose
    camera wrote its maker's name (a text tag) as a number: Pillow reads it, but its
    ``ImageOps.exif_transpose`` fails to write it back. An upload's check accepts it."""
    tiff = b"II*\x00" + struct.pack("<IH", 8, 2)
    tiff += struct.pack("<HHIHH", 0x0112, 3, 1, 6, 0)  # orientation 6, a SHORT
    tiff += struct.pack("<HHIf", 0x010F, 11, 1, 1.5)  # the maker, a FLOAT
    tiff += struct.pack("<I", 0)
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", exif=b"Exif\x00\x00" + tiff)
    return out.getvalue()


def small_png(size: tuple[int, int] = (40, 25), colour: str = "white") -> bytes:
    """A real, small PNG (pages that read a photo or a press card open it)."""
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def png_upload(name: str = "card.png", size: tuple[int, int] = (40, 25)):
    """``small_png`` as a browser uploads it."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, small_png(size), content_type="image/png")


def read_qr(image):
    """zxing-cpp's results for the QR codes in an image (a PIL image or an array), and no other
    format: read as every format, a QR code's modules now and then also decode as a short
    linear barcode (CI once read a "1313" beside a badge's code)."""
    import zxingcpp

    return zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
