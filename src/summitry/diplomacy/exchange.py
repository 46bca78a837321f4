"""Export of the gift log (CSV, XLSX)."""

from __future__ import annotations

from django.http import HttpResponse

from summitry.core import spreadsheets

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
XLSX = spreadsheets.XLSX


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
    return spreadsheets.csv_bytes(GIFT_COLUMNS, gift_rows(gifts))


def gifts_workbook(gifts) -> bytes:
    return spreadsheets.xlsx_bytes([("gifts", GIFT_COLUMNS, gift_rows(gifts))])


def gift_response(summit, gifts, fmt: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(gifts_workbook(gifts), content_type=XLSX)
    else:
        response = HttpResponse(gifts_csv(gifts), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{summit.slug}-gifts.{fmt}"'
    return response


# --- as an export of any size (core.exports: large ones are written in the background) -------

GIFTS_EXPORT = "diplomacy.gifts.{fmt}"


def _gifts(user, summit):
    from . import queries

    return queries.gifts(summit)


def register_exports() -> None:
    from django.utils.translation import gettext_lazy

    from summitry.core import exports

    from . import rules

    for fmt in ("xlsx", "csv"):
        exports.register(
            exports.Exporter(
                name=GIFTS_EXPORT.format(fmt=fmt),
                label=gettext_lazy("Gift log"),
                fmt=fmt,
                allowed=rules.is_gift_keeper,
                count=lambda user, summit, params: _gifts(user, summit).count(),
                sheets=lambda user, summit, params: [
                    ("gifts", GIFT_COLUMNS, gift_rows(_gifts(user, summit)))
                ],
                filename=lambda summit, params, fmt=fmt: f"{summit.slug}-gifts.{fmt}",
            )
        )
