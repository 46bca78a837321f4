"""The badge designer's rules, without the database: page sizes, the kinds of field a layout
places, how a layout is checked (every field inside the page, no overlap where it would spoil
the print, a QR large enough to scan) and how cards go on a sheet (several per A4 sheet with
cut marks when they fit, else one per page).

A layout's fields are a list of dicts (``BadgeLayout.fields``), each placed in millimetres
from the top left corner of the card: ``{"kind", "x", "y", "w", "h", "size", "align",
"language", "text_ko", "text_en"}``. The editor moves them on a grid of ``grid_mm``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

QR_MIN_MM = 20.0  # below this a phone at arm's length misses the code
FONT_MIN, FONT_MAX = 4, 120  # points
SHEET = (210.0, 297.0)  # A4 portrait, where small cards are laid out
SHEET_MARGIN = 8.0  # room for the cut marks around the cards

# Page sizes (width, height in mm); a name card's size is its face: the page holds it twice,
# the upper one upside down, to fold into a tent on the table.
PAGE_SIZES = {
    "a6": (105.0, 148.0),
    "a7": (74.0, 105.0),
    "cr80": (85.6, 54.0),
    "tent": (297.0, 105.0),
}

FIELD_KINDS = {
    "photo": gettext_lazy("Photo"),
    "name_local": gettext_lazy("Name in Korean script"),
    "name_latin": gettext_lazy("Name in Latin script"),
    "name_both": gettext_lazy("Name in both scripts (the person's own first)"),
    "position": gettext_lazy("Position"),
    "organisation": gettext_lazy("Organisation"),
    "city_country": gettext_lazy("City and country"),
    "category": gettext_lazy("Category name"),
    "band": gettext_lazy("Colour band of the category"),
    "qr": gettext_lazy("QR code"),
    "zones": gettext_lazy("Zones"),
    "days": gettext_lazy("Valid days"),
    "text": gettext_lazy("Fixed text"),
    "logo": gettext_lazy("Summit name (logo line)"),
}
TEXT_KINDS = {
    "name_local",
    "name_latin",
    "name_both",
    "position",
    "organisation",
    "city_country",
    "category",
    "zones",
    "days",
    "text",
    "logo",
}
ALIGNS = {
    "left": gettext_lazy("Left"),
    "center": gettext_lazy("Centre"),
    "right": gettext_lazy("Right"),
}
LANGUAGES = {
    "both": gettext_lazy("Korean and English"),
    "ko": gettext_lazy("Korean"),
    "en": gettext_lazy("English"),
}


def page_mm(page_size: str, width: float | None = None, height: float | None = None):
    """The card's (width, height) in mm: a named size, or the custom one given."""
    if page_size in PAGE_SIZES:
        return PAGE_SIZES[page_size]
    return (float(width or 0), float(height or 0))


def field_label(kind: str) -> str:
    return str(FIELD_KINDS.get(kind, kind))


def _number(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def clean_field(raw: dict) -> dict:
    """A field with its numbers as numbers and its choices defaulted (for checking)."""
    return {
        "kind": str(raw.get("kind", "")),
        "x": _number(raw.get("x")),
        "y": _number(raw.get("y")),
        "w": _number(raw.get("w")),
        "h": _number(raw.get("h")),
        "size": _number(raw.get("size", 10)),
        "align": str(raw.get("align") or "left"),
        "language": str(raw.get("language") or "both"),
        "text_ko": str(raw.get("text_ko") or "")[:200],
        "text_en": str(raw.get("text_en") or "")[:200],
    }


def normalise(fields: list[dict]) -> list[dict]:
    """Checked fields as stored: numbers rounded to 0.1 mm, a size for every field (a photo's
    or a QR's is not used), only the known keys."""
    stored = []
    for raw in fields:
        field = clean_field(raw)
        for key in ("x", "y", "w", "h"):
            field[key] = round(field[key], 1)
        field["size"] = round(field["size"], 1) if field["size"] is not None else 10
        stored.append(field)
    return stored


def _overlap(a: dict, b: dict) -> bool:
    eps = 0.01
    return (
        a["x"] < b["x"] + b["w"] - eps
        and b["x"] < a["x"] + a["w"] - eps
        and a["y"] < b["y"] + b["h"] - eps
        and b["y"] < a["y"] + a["h"] - eps
    )


def may_overlap(a: dict, b: dict) -> bool:
    """A colour band is a background: text and the photo may lie on it, not the QR (a code
    on colour scans badly). Nothing else may cover another field."""
    kinds = {a["kind"], b["kind"]}
    return "band" in kinds and "qr" not in kinds and kinds != {"band"}


def check(*, kind: str, width: float, height: float, fields: list[dict]) -> list[str]:
    """Every problem of a layout, in the reader's language (empty: the layout is good)."""
    problems = []
    if not (20 <= width <= 297 and 20 <= height <= 297):
        problems.append(_("Give the page a width and a height between 20 and 297 mm."))
        return problems
    cleaned = [clean_field(f) for f in fields]
    for n, field in enumerate(cleaned, start=1):
        name = {"n": n, "kind": field_label(field["kind"])}
        if field["kind"] not in FIELD_KINDS:
            problems.append(_("Field %(n)d: choose what it shows.") % {"n": n})
            continue
        if None in (field["x"], field["y"], field["w"], field["h"]):
            problems.append(_("Field %(n)d (%(kind)s): give its place and size in mm.") % name)
            continue
        if field["w"] <= 0 or field["h"] <= 0:
            problems.append(
                _("Field %(n)d (%(kind)s): its width and height must be above 0.") % name
            )
            continue
        if (
            field["x"] < 0
            or field["y"] < 0
            or field["x"] + field["w"] > width + 0.01
            or field["y"] + field["h"] > height + 0.01
        ):
            problems.append(
                _("Field %(n)d (%(kind)s) goes outside the page (%(w)s × %(h)s mm).")
                % {**name, "w": f"{width:g}", "h": f"{height:g}"}
            )
        if field["kind"] in TEXT_KINDS and (
            field["size"] is None or not FONT_MIN <= field["size"] <= FONT_MAX
        ):
            problems.append(
                _("Field %(n)d (%(kind)s): give a font size from %(min)d to %(max)d pt.")
                % {**name, "min": FONT_MIN, "max": FONT_MAX}
            )
        if field["align"] not in ALIGNS or field["language"] not in LANGUAGES:
            problems.append(_("Field %(n)d (%(kind)s): choose an alignment and a language.") % name)
        if field["kind"] == "text" and not (field["text_ko"] or field["text_en"]):
            problems.append(_("Field %(n)d (%(kind)s): give its text in Korean or English.") % name)
        if field["kind"] == "qr" and min(field["w"], field["h"]) < QR_MIN_MM:
            problems.append(
                _("Field %(n)d (%(kind)s): a QR code needs at least %(mm)g × %(mm)g mm to scan.")
                % {**name, "mm": QR_MIN_MM}
            )
    if problems:
        return problems
    for i, a in enumerate(cleaned):
        for j in range(i + 1, len(cleaned)):
            b = cleaned[j]
            if _overlap(a, b) and not may_overlap(a, b):
                problems.append(
                    _("Fields %(a)d (%(ka)s) and %(b)d (%(kb)s) overlap; move one of them.")
                    % {
                        "a": i + 1,
                        "ka": field_label(a["kind"]),
                        "b": j + 1,
                        "kb": field_label(b["kind"]),
                    }
                )
    qrs = sum(1 for f in cleaned if f["kind"] == "qr")
    if kind == "badge" and qrs != 1:
        problems.append(_("A badge needs exactly one QR code: the doors read it."))
    elif qrs > 1:
        problems.append(_("Place at most one QR code."))
    return problems


@dataclass(frozen=True)
class SheetPlan:
    """How cards of ``card`` size go on paper: ``page`` size, ``columns`` × ``rows`` cards
    from ``left``/``top``; ``cut`` when the sheet is cut (marks in the margins)."""

    page: tuple[float, float]
    columns: int
    rows: int
    left: float
    top: float
    card: tuple[float, float]
    cut: bool
    fold: bool = False

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    def place(self, n: int) -> tuple[float, float]:
        col, row = n % self.columns, n // self.columns
        return (self.left + col * self.card[0], self.top + row * self.card[1])

    def cut_columns(self) -> list[float]:
        return [self.left + self.card[0] * n for n in range(self.columns + 1)]

    def cut_rows(self) -> list[float]:
        return [self.top + self.card[1] * n for n in range(self.rows + 1)]


def sheet_plan(kind: str, width: float, height: float) -> SheetPlan:
    """Name cards: one per page, the face twice (folded). Badges: as many as fit on an A4
    sheet with room for cut marks, when two or more fit; else one card per page of its size."""
    if kind == "name_card":
        return SheetPlan((width, height * 2), 1, 1, 0, 0, (width, height), cut=False, fold=True)
    columns = int((SHEET[0] - 2 * SHEET_MARGIN) // width)
    rows = int((SHEET[1] - 2 * SHEET_MARGIN) // height)
    if columns * rows >= 2:
        left = round((SHEET[0] - columns * width) / 2, 2)
        top = round((SHEET[1] - rows * height) / 2, 2)
        return SheetPlan(SHEET, columns, rows, left, top, (width, height), cut=True)
    return SheetPlan((width, height), 1, 1, 0, 0, (width, height), cut=False)


def starter_fields(kind: str, width: float, height: float) -> list[dict]:
    """A new layout's fields: today's fixed badge scaled to the page (photo and names at the
    top, the QR in the middle, the colour band at the bottom), or a name card's names."""
    if kind == "name_card":
        return [
            _f("name_both", 10, height * 0.2, width - 20, height * 0.45, size=30, align="center"),
            _f(
                "organisation",
                10,
                height * 0.68,
                width - 20,
                height * 0.15,
                size=14,
                align="center",
            ),
            _f("band", 0, height - 6, width, 6),
        ]
    m = round(min(width, height) * 0.05, 1)
    band = round(height * 0.15, 1)
    if width > height:  # a card on its side: photo, names, the QR on the right
        pw = round(width * 0.2, 1)
        ph = round(pw * 4 / 3, 1)
        q = max(QR_MIN_MM, round(height * 0.45, 1))
        top = m + 8
        names_w = width - 4 * m - pw - q
        return [
            _f("logo", m, m, width - 2 * m, 7, size=6),
            _f("photo", m, top, pw, ph),
            _f("name_both", 2 * m + pw, top, names_w, ph * 0.6, size=9),
            _f("organisation", 2 * m + pw, top + ph * 0.62, names_w, ph * 0.38, size=6),
            _f("qr", width - m - q, top, q, q),
            _f("band", 0, height - band, width, band),
            _f("category", m, height - band + 0.5, width - 2 * m, band - 1, size=9, align="center"),
        ]
    qr = max(QR_MIN_MM, round(min(width * 0.4, height * 0.3), 1))
    photo_w = round(width * 0.27, 1)
    photo_h = round(photo_w * 4 / 3, 1)
    top = m + 10
    return [
        _f("logo", m, m, width - 2 * m, 9, size=7),
        _f("photo", m, top, photo_w, photo_h),
        _f("name_both", m * 2 + photo_w, top, width - 3 * m - photo_w, photo_h * 0.55, size=14),
        _f(
            "organisation",
            m * 2 + photo_w,
            top + photo_h * 0.6,
            width - 3 * m - photo_w,
            photo_h * 0.4,
            size=9,
        ),
        _f(
            "qr", round((width - qr) / 2, 1), min(top + photo_h + m, height - band - qr - 1), qr, qr
        ),
        _f("band", 0, height - band, width, band),
        _f("category", m, height - band + 1, width - 2 * m, band - 2, size=14, align="center"),
    ]


def _f(kind, x, y, w, h, size=10, align="left", language="both") -> dict:
    return {
        "kind": kind,
        "x": round(x, 1),
        "y": round(y, 1),
        "w": round(w, 1),
        "h": round(h, 1),
        "size": size,
        "align": align,
        "language": language,
        "text_ko": "",
        "text_en": "",
    }
