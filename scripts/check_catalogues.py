"""Check that the Korean and English catalogues hold every UI string of the code, translated.

Extracts the strings afresh (Django's makemessages, in a scratch copy of the package) and
compares them with the committed catalogues. Exits non-zero with the missing or untranslated
strings listed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po
from catalogues import LANGUAGES, PACKAGE, po_file, roots


def catalogue(po: Path, lang: str):
    with open(po, "rb") as handle:
        return read_po(handle, locale=lang)


def check(root: Path, left_out: list[str]) -> list[str]:
    """The strings of the code under ``root`` (but ``left_out``) missing or untranslated in
    ``root``'s catalogues."""
    problems: list[str] = []
    name = root.relative_to(PACKAGE.parent)
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "copy"
        shutil.copytree(root, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
            [
                sys.executable,
                # -P: the folder's own modules (summitry/celery.py) must not shadow packages.
                "-P",
                "-m",
                "django",
                "makemessages",
                "--no-location",
                *[arg for lang in LANGUAGES for arg in ("-l", lang)],
                *[f"--ignore={app}" for app in left_out],
            ],
            cwd=copy,
            check=True,
            capture_output=True,
            env={"DJANGO_SETTINGS_MODULE": "summitry.settings.test", "PATH": "/usr/bin:/bin"},
        )
        for lang in LANGUAGES:
            fresh = {key(m) for m in catalogue(po_file(copy, lang), lang) if m.id}
            committed = catalogue(po_file(root, lang), lang)
            # A fuzzy header or none: the compiled catalogue loses its plural rule and Korean
            # plural messages fall back to English for two or more.
            headers = dict(committed.mime_headers)
            if committed.fuzzy or "Plural-Forms" not in headers:
                problems.append(f"{name} {lang}: the header is fuzzy or has no Plural-Forms")
            known = {key(m) for m in committed if m.id}
            for missing in sorted(fresh - known, key=str):
                problems.append(f"{name} {lang}: not in the catalogue: {missing[1]!r}")
            for message in committed:
                if not message.id:
                    continue
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if message.fuzzy or not all(strings):
                    problems.append(f"{name} {lang}: untranslated or fuzzy: {message.id!r}")
    return problems


def key(message) -> tuple:
    msgid = message.id if isinstance(message.id, str) else tuple(message.id)
    return (message.context, msgid)


def main() -> int:
    problems: list[str] = []
    for root, left_out in roots():
        problems += check(root, left_out)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} catalogue problems; run `make messages` and translate.")
        return 1
    print("Catalogues complete: every UI string is translated in " + " and ".join(LANGUAGES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
