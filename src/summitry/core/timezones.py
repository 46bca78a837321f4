"""Time zones: everything is stored in UTC and shown in the summit's own zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The dates Summitry takes: a summit's business happens within these years, and every
# computation on them (a day's end, another zone) stays within what Python can represent.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)


def range_message() -> str:
    return gettext("Enter a date from %(earliest)s to %(latest)s.") % {
        "earliest": EARLIEST.isoformat(),
        "latest": LATEST.isoformat(),
    }


def check_day(value: dt.date, field: str) -> None:
    """A ValidationError at ``field`` for a date outside EARLIEST..LATEST."""
    if not EARLIEST <= value <= LATEST:
        raise ValidationError({field: [range_message()]})


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a known time zone (for example Asia/Seoul)."),
            code="invalid_time_zone",
            params={"value": value},
        )


def utc_offset_label(zone: str, moment: datetime | None = None) -> str:
    """A label such as 'UTC+09:00' for the zone at a moment (now by default)."""
    moment = moment or timezone.now()
    offset = moment.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    total = int(offset.total_seconds()) if offset else 0
    sign = "+" if total >= 0 else "-"
    hours, minutes = divmod(abs(total) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"
