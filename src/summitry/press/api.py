"""REST API of the press room: press releases, read-only for now.

Public readers get the releases whose embargo has passed; a token of an accredited journalist
(or of the summit's press staff) also returns the embargoed ones, marked ``embargoed: true``.
Anything embargoed is answered ``Cache-Control: private, no-store``. Times are UTC.
"""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router, Schema, Status

from summitry.core.api import OptionalTokenAuth
from summitry.core.bilingual import LANGUAGE_CODES, values
from summitry.core.schemas import Bilingual, Problem, UtcDateTime, bilingual
from summitry.directory.models import person_name
from summitry.summits import queries as summit_queries

from . import policy, queries
from .caching import mark_private, mark_public
from .figures import fill
from .models import Edition, ReleaseStatus
from .richtext import sanitise

router = Router(tags=["press"])
ERRORS = {401: Problem, 404: Problem}
BASE = "/summits/{slug}/press/releases"


class ContactOut(Schema):
    name: Bilingual
    title: Bilingual = bilingual("title")
    phone: str
    email: str

    @staticmethod
    def resolve_name(contact):
        return {lang: person_name(contact.person, lang).text for lang in LANGUAGE_CODES}


class PressReleaseOut(Schema):
    id: int
    headline: Bilingual
    summary: dict[str, list[str]]
    body: Bilingual
    department: Bilingual
    original_language: str
    edition_date: datetime.date
    edition: Edition
    embargo_at: UtcDateTime
    embargoed: bool
    status: ReleaseStatus
    photos_enclosed: bool
    page_count: int | None
    figures_as_of: datetime.date | None
    approved_at: UtcDateTime | None
    contacts: list[ContactOut]


def _out(release, at: datetime.datetime) -> dict:
    counts = queries.figures_for(release)
    texts = {field: values(release, field) for field in ("headline", "summary", "body")}
    return {
        "id": release.pk,
        "headline": {k: fill(v, counts) for k, v in texts["headline"].items()},
        "summary": {
            k: [line.strip() for line in fill(v, counts).splitlines() if line.strip()]
            for k, v in texts["summary"].items()
        },
        "body": {k: sanitise(fill(v, counts, escape=True)) for k, v in texts["body"].items()},
        "department": values(release, "department"),
        "original_language": release.original_language,
        "edition_date": release.edition_date,
        "edition": release.edition,
        "embargo_at": release.embargo_at,
        "embargoed": not policy.is_public(release, at),
        "status": release.status,
        "photos_enclosed": release.photos_enclosed,
        "page_count": release.page_count,
        "figures_as_of": release.figures_as_of,
        "approved_at": release.approved_at,
        "contacts": list(release.contacts.all()),
    }


def _headers(response: HttpResponse, releases, at) -> None:
    if any(not policy.is_public(r, at) for r in releases):
        mark_private(response)
    else:
        mark_public(response)


@router.get(BASE, response={200: list[PressReleaseOut], **ERRORS}, auth=OptionalTokenAuth())
def list_press_releases(request: HttpRequest, response: HttpResponse, slug: str):
    """Public releases; with an accredited journalist's or press staff's token, also the
    embargoed ones (``embargoed: true``), and for staff drafts too."""
    at = timezone.now()
    summit = summit_queries.summit(slug, request.user)
    found = list(
        queries.visible_releases(summit, request.user, at).prefetch_related("contacts__person")
    )
    _headers(response, found, at)
    return [_out(release, at) for release in found]


@router.get(
    f"{BASE}/{{release_id}}", response={200: PressReleaseOut, **ERRORS}, auth=OptionalTokenAuth()
)
def get_press_release(request: HttpRequest, response: HttpResponse, slug: str, release_id: int):
    at = timezone.now()
    summit = summit_queries.summit(slug, request.user)
    try:
        release = queries.visible_release(summit, request.user, release_id, at)
    except Http404 as error:
        # Not (yet) public: no cache may keep the "not found" past the embargo instant.
        mark_private(response)
        return Status(404, {"detail": str(error)})
    _headers(response, [release], at)
    return _out(release, at)
