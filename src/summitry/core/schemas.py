"""API schema pieces every capability shares."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator


def _in_utc(value: datetime.datetime | None) -> datetime.datetime | None:
    return value.astimezone(datetime.UTC) if value is not None and value.tzinfo else value


# An output datetime said in UTC ("…Z"), whatever zone the object in memory carries.
UtcDateTime = Annotated[datetime.datetime, AfterValidator(_in_utc)]


class Bilingual(Schema):
    """A content field in both languages; a missing one is an empty string."""

    ko: str = ""
    en: str = ""


def bilingual(field: str):
    """An output field read from the model's ``<field>_i18n`` (see core.bilingual)."""
    return Field(..., alias=f"{field}_i18n")


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None
