"""Fill the English catalogue from the source strings, which are written in English.

Django shows an empty msgstr as the msgid anyway; filling it keeps the catalogue complete and
lets a reviewer adjust an English wording without touching the code.
"""

from __future__ import annotations

from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po, write_po
from catalogues import po_file, roots


def main() -> None:
    for root, _left_out in roots():
        fill(po_file(root, "en"))


def fill(po: Path) -> None:
    with open(po, "rb") as handle:
        catalogue = read_po(handle, locale="en")
    catalogue.locale = Locale.parse("en")
    for message in catalogue:
        if not message.id:
            continue
        # A fuzzy entry holds a guess from a similar old string: start again from the source.
        if message.fuzzy:
            message.string = ("", "") if isinstance(message.id, tuple) else ""
            message.flags.discard("fuzzy")
            message.previous_id = []
        if isinstance(message.id, tuple):
            message.string = tuple(s or message.id[min(i, 1)] for i, s in enumerate(message.string))
        elif not message.string:
            message.string = message.id
    catalogue.fuzzy = False
    catalogue.project, catalogue.version = "Summitry", "1"
    catalogue.language_team = "Summitry <i18n@summitry.invalid>"
    catalogue.last_translator = "Summitry team"
    with open(po, "wb") as handle:
        write_po(handle, catalogue, width=100, omit_header=False, include_lineno=False)


if __name__ == "__main__":
    main()
