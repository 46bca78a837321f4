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


def singular_messages(po: Path, language: str):
    with open(po, "rb") as handle:
        catalogue = read_po(handle, locale=language)
    return [m for m in catalogue if m.id and isinstance(m.id, str) and m.string]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_each_catalogue_is_shown_as_written(language):
    """Django merges every catalogue into one: where two catalogues translate the same message
    (same context) differently, one silently wins everywhere. Each capability's Korean must be
    what its pages show: a word used in two senses gets a context (the exhibitor's leads'
    "Left" is a time, the badge designer's a side)."""
    shown_otherwise = []
    with translation.override(language):
        for po in sorted(PACKAGE.glob(f"**/locale/{language}/LC_MESSAGES/django.po")):
            for message in singular_messages(po, language):
                if message.context:
                    shown = translation.pgettext(message.context, message.id)
                else:
                    shown = translation.gettext(message.id)
                if shown != message.string:
                    where = po.relative_to(PACKAGE).parts[0]
                    shown_otherwise.append((where, message.context, message.id, shown))
    assert not shown_otherwise, shown_otherwise[:20]
