"""Signed badge codes: a compact payload signed with Ed25519, verifiable offline.

The code printed in a badge's QR (and typed by a USB or Bluetooth scanner) is
``SB1`` followed by the base-32 text of 15 bytes of payload and the 64-byte signature, so
that the QR uses its compact alphanumeric mode. The payload (big-endian):

=====  =====  ===========================================================
bytes  type   meaning
=====  =====  ===========================================================
4      u32    badge id
2      u16    badge version (a reprint raises it: older codes are superseded)
4      u32    accreditation category id (0: none)
2      u16    first valid day, days since 1970-01-01 (0: no limit)
2      u16    bit mask of valid days from the first (bit 0: the first day)
1      u8     format (1)
=====  =====  ===========================================================

The private key stays on the server: ``SUMMITRY_CHECKIN_SIGNING_KEY`` (the PEM text of an
Ed25519 private key, or a path to such a file), else a key generated once into
``var/checkin-signing-key.pem`` for development. In production set the variable, so that
every server signs with the same key. Scanners get the public key from the API.
"""

from __future__ import annotations

import base64
import datetime
import os
import struct
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings

PREFIX = "SB1"
FORMAT = 1
_PAYLOAD = struct.Struct(">IHIHHB")
SIGNATURE_BYTES = 64
EPOCH = datetime.date(1970, 1, 1)
ENVIRONMENT = "SUMMITRY_CHECKIN_SIGNING_KEY"
_lock = threading.Lock()
_cache: dict[str, Ed25519PrivateKey] = {}


@dataclass(frozen=True)
class Payload:
    badge_id: int
    version: int
    category_id: int
    first_day: datetime.date | None
    day_mask: int

    def valid_on(self, day: datetime.date) -> bool:
        if self.first_day is None:
            return True
        offset = (day - self.first_day).days
        return 0 <= offset < 16 and bool(self.day_mask >> offset & 1)


def key_file() -> Path:
    return Path(settings.PROJECT_DIR) / "var" / "checkin-signing-key.pem"


def _load() -> Ed25519PrivateKey:
    configured = os.environ.get(ENVIRONMENT, "").strip()
    if configured:
        pem = configured.encode() if "BEGIN" in configured else Path(configured).read_bytes()
    else:
        path = key_file()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            generated = Ed25519PrivateKey.generate().private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "wb") as out:
                out.write(generated)
        pem = path.read_bytes()
    key = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{ENVIRONMENT} must hold an Ed25519 private key")
    return key


def private_key() -> Ed25519PrivateKey:
    with _lock:
        if "key" not in _cache:
            _cache["key"] = _load()
        return _cache["key"]


def forget_key() -> None:
    """Read the key afresh (after it changed: tests, a rotation)."""
    with _lock:
        _cache.clear()


def public_key() -> Ed25519PublicKey:
    """Derived once per key: each scan verifies with it (deriving was a fifth of a check)."""
    found = _cache.get("public")
    if found is None:
        found = _cache["public"] = private_key().public_key()
    return found


def public_key_text() -> str:
    """The raw 32-byte public key, base64 (what a scanner needs)."""
    raw = public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def validity(days: list[datetime.date]) -> tuple[datetime.date | None, int]:
    """The first day and the mask of ``days`` (at most 16 days from the first)."""
    if not days:
        return None, 0
    first = min(days)
    mask = 0
    for day in days:
        offset = (day - first).days
        if offset >= 16:
            raise ValueError("a badge is valid for at most 16 consecutive days")
        mask |= 1 << offset
    return first, mask


def pack(payload: Payload) -> bytes:
    first = (payload.first_day - EPOCH).days if payload.first_day else 0
    return _PAYLOAD.pack(
        payload.badge_id, payload.version, payload.category_id, first, payload.day_mask, FORMAT
    )


def sign(payload: Payload, key: Ed25519PrivateKey | None = None) -> str:
    data = pack(payload)
    signature = (key or private_key()).sign(data)
    return PREFIX + base64.b32encode(data + signature).decode().rstrip("=")


class Forged(ValueError):
    """The code is not one we signed (forged, tampered with, damaged or not ours)."""


def verify(code: str, key: Ed25519PublicKey | None = None) -> Payload:
    """The payload of a genuine code, else ``Forged``. State (revoked, superseded) is the
    caller's: see ``services.check``."""
    text = (code or "").strip().upper()
    if not text.startswith(PREFIX):
        raise Forged("not a badge code")
    body = text[len(PREFIX) :]
    try:
        raw = base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError as error:
        raise Forged("not base 32") from error
    if len(raw) != _PAYLOAD.size + SIGNATURE_BYTES:
        raise Forged("wrong length")
    data, signature = raw[: _PAYLOAD.size], raw[_PAYLOAD.size :]
    try:
        (key or public_key()).verify(signature, data)
    except InvalidSignature as error:
        raise Forged("bad signature") from error
    badge_id, version, category_id, first, mask, form = _PAYLOAD.unpack(data)
    if form != FORMAT:
        raise Forged("unknown format")
    first_day = EPOCH + datetime.timedelta(days=first) if first else None
    return Payload(badge_id, version, category_id, first_day, mask)
