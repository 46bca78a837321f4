"""API schema pieces every capability shares."""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator, ValidationInfo
from pydantic_core import PydanticCustomError

from .timezones import EARLIEST, LATEST


def _in_utc(value: datetime.datetime | None) -> datetime.datetime | None:
    return value.astimezone(datetime.UTC) if value is not None and value.tzinfo else value


# An output datetime said in UTC ("…Z"), whatever zone the object in memory carries.
UtcDateTime = Annotated[datetime.datetime, AfterValidator(_in_utc)]


def _out_of_range() -> PydanticCustomError:
    return PydanticCustomError(
        "date_range",
        "Enter a date from {earliest} to {latest}.",
        {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
    )


def _day(value: datetime.date) -> datetime.date:
    if not EARLIEST <= value <= LATEST:
        raise _out_of_range()
    return value


def _summit_zone(info: ValidationInfo):
    """The time zone of the summit the request's path names (``{slug}``), else UTC."""
    from django.apps import apps

    request = (info.context or {}).get("request")
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("slug") if match else None
    if not isinstance(slug, str):
        return datetime.UTC
    if not hasattr(request, "_summit_zone"):
        summit = apps.get_model("summits", "Summit").objects.filter(slug=slug).first()
        request._summit_zone = summit.zone if summit else datetime.UTC
    return request._summit_zone


def _summit_time(value: datetime.datetime, info: ValidationInfo) -> datetime.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=_summit_zone(info))
    try:
        in_utc = value.astimezone(datetime.UTC)
    except OverflowError:
        raise _out_of_range() from None
    if not EARLIEST <= in_utc.date() <= LATEST or not EARLIEST <= value.date() <= LATEST:
        raise _out_of_range()
    return value


# An input date: from 1900-01-01 to 2999-12-31.
Day = Annotated[datetime.date, AfterValidator(_day)]
# An input time: with an offset, or without one in the summit's time zone.
SummitDateTime = Annotated[
    datetime.datetime,
    AfterValidator(_summit_time),
    Field(description="Without an offset: the summit's time zone."),
]


class Bilingual(Schema):
    """A content field in both languages; a missing one is an empty string."""

    ko: str = ""
    en: str = ""


def bilingual(field: str):
    """An output field read from the model's ``<field>_i18n`` (see core.bilingual)."""
    return Field(..., alias=f"{field}_i18n")


def bilingual_input(description: str | None = None):
    """An optional bilingual input: left out, it is empty in both languages. (No default
    value in the document: generators cannot give an object field one.)"""
    return Field(default_factory=Bilingual, description=description)


class Problem(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


class RunOut(Schema):
    """Slow work in the background (core.runs): queued, running (with its progress), done
    (with its result) or failed (with the reasons). Follow it at its address until done or
    failed."""

    id: int
    status: str
    attempts: int
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    progress: dict
    errors: list[str]


class ExportFileOut(Schema):
    filename: str
    content_type: str
    rows: int
    bytes: int
    expires_at: datetime.datetime = Field(..., description="The file is deleted after this.")
    download_url: str | None = Field(
        ..., description="GET it with the same token; null once the file has expired."
    )


class ExportRunOut(RunOut):
    """A staff export written in the background (core.exports). Follow it until done, then
    download `result.download_url` (only the token of whoever started it, while they may
    still make this export); after `result.expires_at` the file is gone (410)."""

    export: str
    progress: dict = Field(..., description="stage (reading, writing), done, total rows")
    result: ExportFileOut | None
