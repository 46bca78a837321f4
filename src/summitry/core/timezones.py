"""Time zones: everything is stored in UTC and shown in the summit's own zone."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
