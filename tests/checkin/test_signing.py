"""Signed badge codes: genuine codes verify, anything else is refused with a reason."""

import base64
import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from summitry.checkin import signing

PAYLOAD = signing.Payload(
    badge_id=42, version=3, category_id=7, first_day=datetime.date(2023, 9, 24), day_mask=0b101
)


def test_a_signed_code_verifies_and_reads_back():
    code = signing.sign(PAYLOAD)
    assert code.startswith("SB1")
    # QR alphanumeric mode: upper-case letters and digits only.
    assert code.isalnum() and code == code.upper()
    assert len(code) < 140
    assert signing.verify(code) == PAYLOAD
    assert signing.verify(code.lower()) == PAYLOAD  # a scanner that types in lower case


def test_validity_by_day():
    first, mask = signing.validity([datetime.date(2023, 9, 24), datetime.date(2023, 9, 26)])
    payload = signing.Payload(1, 1, 1, first, mask)
    assert payload.valid_on(datetime.date(2023, 9, 24))
    assert not payload.valid_on(datetime.date(2023, 9, 25))
    assert payload.valid_on(datetime.date(2023, 9, 26))
    assert not payload.valid_on(datetime.date(2023, 9, 23))
    assert signing.Payload(1, 1, 1, None, 0).valid_on(datetime.date(2030, 1, 1))


def test_a_tampered_code_is_refused():
    code = signing.sign(PAYLOAD)
    raw = bytearray(base64.b32decode(code[3:] + "=" * (-len(code[3:]) % 8)))
    raw[5] ^= 0x01  # the version
    tampered = "SB1" + base64.b32encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(signing.Forged, match="bad signature"):
        signing.verify(tampered)


def test_a_code_signed_with_another_key_is_refused():
    forged = signing.sign(PAYLOAD, key=Ed25519PrivateKey.generate())
    with pytest.raises(signing.Forged, match="bad signature"):
        signing.verify(forged)


@pytest.mark.parametrize("code", ["", "hello", "SB1", "SB1AAAA", "SB1!!!!", "XX" + "A" * 127])
def test_garbage_is_refused(code):
    with pytest.raises(signing.Forged):
        signing.verify(code)


def test_the_key_can_come_from_the_environment(monkeypatch, tmp_path):
    from cryptography.hazmat.primitives import serialization

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    monkeypatch.setenv(signing.ENVIRONMENT, pem)
    signing.forget_key()
    try:
        code = signing.sign(PAYLOAD)
        assert signing.verify(code, key.public_key()) == PAYLOAD
        path = tmp_path / "key.pem"
        path.write_text(pem)
        monkeypatch.setenv(signing.ENVIRONMENT, str(path))
        signing.forget_key()
        assert signing.verify(code) == PAYLOAD
        # Another key (a rotation): the codes signed with the old one no longer verify.
        other = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.write_bytes(other)
        signing.forget_key()
        with pytest.raises(signing.Forged):
            signing.verify(code)
    finally:
        monkeypatch.delenv(signing.ENVIRONMENT)
        signing.forget_key()
