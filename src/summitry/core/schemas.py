"""API schema pieces every capability shares."""

from __future__ import annotations

from ninja import Field, Schema


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
