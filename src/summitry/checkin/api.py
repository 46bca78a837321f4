"""REST API of check-in, for scanners (ours and third parties'): the public key and the
revocations to verify codes offline, the zones and categories, and the scans.

Every operation needs the token of someone holding the "checkin" permission at the summit.
A scan is idempotent by its ``client_scan_id``: sent again, it answers the first decision
(200 instead of 201, ``duplicate`` true) and counts once.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, Router, Schema, Status

from summitry.core.api import TokenAuth
from summitry.core.schemas import (
    Bilingual,
    Problem,
    SummitDateTime,
    UtcDateTime,
    bilingual,
    bilingual_input,
)
from summitry.directory.models import person_name
from summitry.summits import queries as summit_queries

from . import access, queries, services, signing
from .models import Direction, LayoutKind, PageSize, Reason, ScanResult

router = Router(tags=["checkin"], auth=TokenAuth())
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}
BASE = "/summits/{slug}/checkin"


def _summit(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    access.require_staff(request.user, summit)
    return summit


class PublicKeyOut(Schema):
    algorithm: str = "Ed25519"
    key: str = Field(..., description="The raw 32-byte public key, base64.")
    pem: str
    code_prefix: str = Field(signing.PREFIX, description="Codes start with this.")


class RevocationsOut(Schema):
    revoked: list[int] = Field(..., description="Badges refused whatever their version.")
    versions: dict[str, int] = Field(
        ..., description="Current version of reprinted badges: a lower one is superseded."
    )
    as_of: UtcDateTime


class ZoneOut(Schema):
    id: int
    name: Bilingual = bilingual("name")


class AccreditationCategoryOut(Schema):
    id: int
    name: Bilingual = bilingual("name")
    colour: str
    zones: list[int]
    valid_days: list[datetime.date]

    @staticmethod
    def resolve_zones(category):
        return [zone.pk for zone in category.zones.all()]


class HolderOut(Schema):
    badge: int
    version: int
    name: str
    name_ko: str
    name_en: str
    organisation: Bilingual
    category: Bilingual | None
    colour: str
    photo: str | None = Field(None, description="The photo's address (staff and scanners).")


class ScanIn(Schema):
    code: str = Field(..., max_length=400)
    zone: int
    client_scan_id: str = Field(..., min_length=1, max_length=64)
    door: str = Field("", max_length=100)
    direction: Direction = Field(
        Direction.IN, description="in: an entrance (default); out: an exit of the zone."
    )
    at: SummitDateTime | None = Field(None, description="When scanned (offline scans).")


class ScanOut(Schema):
    id: int
    result: ScanResult
    reason: Reason | None
    message: str = Field(..., description="The decision in the request's language.")
    duplicate: bool
    zone: int
    direction: Direction
    at: UtcDateTime
    holder: HolderOut | None


def holder(slug: str, badge) -> dict | None:
    if badge is None:
        return None
    found = badge.holder
    person = found.person
    organisation = found.organisation
    category = badge.category
    return {
        "badge": badge.pk,
        "version": badge.version,
        "name": person_name(person).text,
        "name_ko": person.name_hangul,
        "name_en": person.latin_name,
        "organisation": organisation.name_i18n,
        "category": category.name_i18n if category else None,
        "colour": category.colour if category else "#6b7280",
        "photo": reverse("checkin:photo", args=[slug, badge.pk]) if found.photo else None,
    }


def scan_out(slug: str, scan, new: bool) -> dict:
    return {
        "id": scan.pk,
        "result": scan.result,
        "reason": scan.reason or None,
        "message": str(Reason(scan.reason).label)
        if scan.reason
        else str(ScanResult(scan.result).label),
        "duplicate": not new,
        "zone": scan.zone_id,
        "direction": scan.direction,
        "at": scan.at,
        "holder": holder(slug, scan.badge),
    }


@router.get(f"{BASE}/public-key", response={200: PublicKeyOut, **ERRORS})
def get_public_key(request: HttpRequest, slug: str):
    """The key that verifies badge codes offline (see the code format in the docs)."""
    _summit(request, slug)
    return {"key": signing.public_key_text(), "pem": signing.public_key_pem()}


@router.get(f"{BASE}/revocations", response={200: RevocationsOut, **ERRORS})
def get_revocations(request: HttpRequest, slug: str):
    """Revoked badges and current versions, for scanners working offline."""
    return queries.revocations(_summit(request, slug))


@router.get(f"{BASE}/zones", response={200: list[ZoneOut], **ERRORS})
def list_zones(request: HttpRequest, slug: str):
    return list(queries.zones(_summit(request, slug)))


@router.get(f"{BASE}/categories", response={200: list[AccreditationCategoryOut], **ERRORS})
def list_categories(request: HttpRequest, slug: str):
    return list(queries.categories(_summit(request, slug)))


@router.post(f"{BASE}/scans", response={200: ScanOut, 201: ScanOut, **ERRORS})
def create_scan(request: HttpRequest, slug: str, payload: ScanIn):
    """Decide a scan at a zone: enter, or refused with the reason. 201 for a new scan, 200
    (``duplicate``) for a ``client_scan_id`` already received."""
    summit = _summit(request, slug)
    scan, new = services.scan(
        actor=request.user,
        summit=summit,
        zone=queries.zone(summit, payload.zone),
        code=payload.code,
        client_scan_id=payload.client_scan_id,
        door=payload.door,
        at=payload.at,
        direction=payload.direction,
    )
    return Status(201 if new else 200, scan_out(slug, scan, new))


@router.post(f"{BASE}/badges/{{badge_id}}/revoke", response={200: HolderOut, **ERRORS})
def revoke_badge(request: HttpRequest, slug: str, badge_id: int):
    """A lost badge: refused at every door from now on."""
    summit = _summit(request, slug)
    badge = services.revoke(actor=request.user, badge=queries.badge(summit, badge_id))
    return holder(slug, queries.badge(summit, badge.pk))


# --- badge layouts (the designer) ---------------------------------------------------------------


class LayoutFieldIn(Schema):
    kind: str = Field(
        ...,
        description="photo, name_local, name_latin, name_both, position, organisation, "
        "city_country, category, band, qr, zones, days, text or logo.",
    )
    x: float = Field(..., description="From the card's left edge, mm.")
    y: float = Field(..., description="From the card's top edge, mm.")
    w: float = Field(..., description="Width, mm.")
    h: float = Field(..., description="Height, mm.")
    size: float = Field(10, description="Font size, pt (text fields).")
    align: str = Field("left", description="left, center or right.")
    language: str = Field("both", description="both, ko or en (fields in either language).")
    text_ko: str = Field("", max_length=200, description="A fixed text's Korean.")
    text_en: str = Field("", max_length=200, description="A fixed text's English.")


class BadgeLayoutIn(Schema):
    name: Bilingual = bilingual_input()
    kind: LayoutKind = LayoutKind.BADGE
    page_size: PageSize = PageSize.A6
    width_mm: float | None = Field(None, description="A custom page's width, mm.")
    height_mm: float | None = Field(None, description="A custom page's height, mm.")
    grid_mm: float = Field(5, description="The editor's grid step, mm.")
    fields: list[LayoutFieldIn] | None = Field(
        None, description="Left out on creation: the fixed badge drawn to the page size."
    )
    is_default: bool = False
    categories: list[int] = Field(
        default_factory=list, description="Categories printed in this layout."
    )


class BadgeLayoutOut(Schema):
    id: int
    name: Bilingual = bilingual("name")
    kind: LayoutKind
    page_size: PageSize
    width_mm: float
    height_mm: float
    grid_mm: float
    fields: list[LayoutFieldIn]
    is_default: bool
    categories: list[int]

    @staticmethod
    def resolve_width_mm(layout):
        return layout.size[0]

    @staticmethod
    def resolve_height_mm(layout):
        return layout.size[1]

    @staticmethod
    def resolve_categories(layout):
        return [category.pk for category in layout.categories.all()]


def _layout_values(summit, payload: BadgeLayoutIn) -> tuple[dict, list]:
    from decimal import Decimal

    data = payload.dict()
    ids = data.pop("categories")
    categories = list(queries.categories(summit).filter(pk__in=ids))
    if len(categories) != len(set(ids)):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext as _

        raise ValidationError({"categories": [_("Choose categories of this summit.")]})
    for key in ("width_mm", "height_mm", "grid_mm"):
        if data[key] is not None:
            data[key] = Decimal(str(round(data[key], 1)))
    return data, categories


@router.get(f"{BASE}/layouts", response={200: list[BadgeLayoutOut], **ERRORS})
def list_badge_layouts(request: HttpRequest, slug: str):
    """The badge designer's layouts (badges and name cards) and the categories using each."""
    return list(queries.layouts(_summit(request, slug)))


@router.post(f"{BASE}/layouts", response={201: BadgeLayoutOut, **ERRORS})
def create_badge_layout(request: HttpRequest, slug: str, payload: BadgeLayoutIn):
    """A new layout, checked like the designer's: every field inside the page, no overlap
    (text may lie on the colour band), a badge's QR at least 20 mm."""
    summit = _summit(request, slug)
    data, categories = _layout_values(summit, payload)
    layout = services.create_layout(
        actor=request.user, summit=summit, categories=categories, **data
    )
    return Status(201, queries.layout(summit, layout.pk))


@router.get(f"{BASE}/layouts/{{layout_id}}", response={200: BadgeLayoutOut, **ERRORS})
def get_badge_layout(request: HttpRequest, slug: str, layout_id: int):
    return queries.layout(_summit(request, slug), layout_id)


@router.put(f"{BASE}/layouts/{{layout_id}}", response={200: BadgeLayoutOut, **ERRORS})
def update_badge_layout(request: HttpRequest, slug: str, layout_id: int, payload: BadgeLayoutIn):
    """Replace the layout (its fields as given; left out, they stay as they are)."""
    summit = _summit(request, slug)
    found = queries.layout(summit, layout_id)
    data, categories = _layout_values(summit, payload)
    if data["fields"] is None:
        data.pop("fields")
    services.update_layout(actor=request.user, layout=found, changes=data, categories=categories)
    return queries.layout(summit, layout_id)


@router.delete(f"{BASE}/layouts/{{layout_id}}", response={204: None, **ERRORS})
def delete_badge_layout(request: HttpRequest, slug: str, layout_id: int):
    """Its categories print in the default layout (or the fixed one) from now on."""
    summit = _summit(request, slug)
    services.delete_layout(actor=request.user, layout=queries.layout(summit, layout_id))
    return Status(204, None)
