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
from summitry.core.schemas import Bilingual, Problem, SummitDateTime, UtcDateTime, bilingual
from summitry.directory.models import person_name
from summitry.summits import queries as summit_queries

from . import access, queries, services, signing
from .models import Direction, Reason, ScanResult

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
    delegate = badge.delegate
    person = delegate.person
    organisation = delegate.delegation.organisation
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
        "photo": reverse("checkin:photo", args=[slug, badge.pk]) if delegate.badge_photo else None,
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
