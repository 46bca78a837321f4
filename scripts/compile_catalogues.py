"""Compile every catalogue (.po → .mo) that changed since it was last compiled, with Babel (no
system gettext needed to run Summitry)."""

from __future__ import annotations

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from catalogues import LANGUAGES, po_file, roots


def main() -> None:
    for root, _left_out in roots():
        for lang in LANGUAGES:
            po = po_file(root, lang)
            mo = po.with_suffix(".mo")
            if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            with open(po, "rb") as handle:
                catalogue = read_po(handle, locale=lang)
            with open(mo, "wb") as handle:
                write_mo(handle, catalogue, use_fuzzy=False)
            print(f"compiled {mo}")


if __name__ == "__main__":
    main()
