"""CSV and XLSX exports that can neither attack nor break the spreadsheet program opening them.

Every export goes through here. A text cell starting with ``= + - @``, a tab or a carriage
return would be read as a formula (OWASP's "CSV injection"): in CSV it gets a leading
apostrophe, in XLSX it is stored as text with Excel's quote prefix (as if typed after an
apostrophe), so the value shows unchanged and is never evaluated. A character that
``core.text`` never stores but older rows may hold is shown as U+FFFD, so the export never
fails on stored data.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from itertools import chain

from openpyxl import Workbook

from .text import strip_never

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Rows = Iterable[Sequence[object]]


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: object) -> object:
    if not isinstance(value, str):
        return value
    value = strip_never(value)
    return "'" + value if is_formula_like(value) else value


def csv_bytes(header: Sequence[str], rows: Rows) -> bytes:
    """UTF-8 with a byte-order mark, which makes spreadsheet programs read Korean right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _write_row(sheet, number: int, row: Sequence[object]) -> None:
    for column, value in enumerate(row, start=1):
        text = strip_never(value) if isinstance(value, str) else value
        cell = sheet.cell(row=number, column=column, value=text)
        if is_formula_like(text):
            cell.data_type = "s"
            cell.quotePrefix = True


def xlsx_bytes(sheets: Iterable[tuple[str, Sequence[str], Rows]]) -> bytes:
    """A workbook of ``(title, header, rows)`` sheets, each with its header row frozen."""
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        for number, row in enumerate(chain([header], rows), start=1):
            _write_row(sheet, number, row)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
