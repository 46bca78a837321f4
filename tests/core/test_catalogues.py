"""Every catalogue of ours speaks Korean for every count: a plural message reads the same
Korean for one badge and for two (Korean has one plural form)."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.utils import translation
from django.utils.translation import ngettext

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "summitry"
KOREAN = sorted(PACKAGE.glob("**/locale/ko/LC_MESSAGES/django.po"))


def plural_messages(po: Path):
    with open(po, "rb") as handle:
        catalogue = read_po(handle, locale="ko")
    return [m for m in catalogue if m.id and isinstance(m.id, tuple) and m.string[0]]


@pytest.mark.parametrize("po", KOREAN, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_plural_messages_are_korean_for_every_count(po):
    messages = plural_messages(po)
    if not messages:
        pytest.skip("no plural message in this catalogue")
    with translation.override("ko"):
        for message in messages:
            singular, plural = message.id
            for count in (1, 2, 7):
                assert ngettext(singular, plural, count) == message.string[0], (singular, count)


def test_every_korean_catalogue_is_checked():
    assert len(KOREAN) >= 7
