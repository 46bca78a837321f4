"""Where Summitry's catalogues are: the central one (src/summitry/locale) and those of
capabilities that keep their own (src/summitry/<app>/locale), which the central one leaves
out. Shared by the scripts that fill, compile and check them."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "summitry"
LANGUAGES = ("ko", "en")


def own_catalogue_apps() -> list[str]:
    """The apps with a catalogue of their own."""
    return sorted(p.parent.name for p in PACKAGE.glob("*/locale") if p.is_dir())


def roots() -> list[tuple[Path, list[str]]]:
    """(the folder to extract from, the folders to leave out of it), for every catalogue."""
    apps = own_catalogue_apps()
    return [(PACKAGE, apps), *[(PACKAGE / app, []) for app in apps]]


def po_file(root: Path, lang: str) -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / "django.po"
