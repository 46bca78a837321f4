"""Export of the gift log (CSV, XLSX)."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from openpyxl import Workbook

GIFT_COLUMNS = [
    "date",
    "direction",
    "counterpart",
    "counterpart_ko",
    "country",
    "description_en",
    "description_ko",
    "value_krw",
    "kept_at",
    "recorded_by",
    "sample",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def gift_rows(gifts) -> list[list]:
    return [
        [
            gift.date.isoformat(),
            gift.direction,
            gift.counterpart.name_en or "",
            gift.counterpart.name_ko or "",
            gift.counterpart.country.code or "",
            gift.description_en or "",
            gift.description_ko or "",
            int(gift.value) if gift.value is not None else "",
            gift.kept_at,
            gift.recorded_by.username if gift.recorded_by else "",
            "yes" if gift.is_sample else "",
        ]
        for gift in gifts
    ]


def gifts_csv(gifts) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(GIFT_COLUMNS)
    writer.writerows(gift_rows(gifts))
    # The byte-order mark makes spreadsheet programs read Korean as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def gifts_workbook(gifts) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "gifts"
    sheet.append(GIFT_COLUMNS)
    for row in gift_rows(gifts):
        sheet.append(row)
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def gift_response(summit, gifts, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(gifts_workbook(gifts), content_type=XLSX)
    else:
        response = HttpResponse(gifts_csv(gifts), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{summit.slug}-gifts.{fmt}"'
    return response
