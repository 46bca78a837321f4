"""REST API of the press room: press releases.

Public readers get the releases whose embargo has passed; a token of an accredited journalist
(or of the summit's press staff) also returns the embargoed ones, marked ``embargoed: true``.
Anything embargoed is answered ``Cache-Control: private, no-store``. Times are UTC.

Writes (token of a user with the summit's press permission) call press.services: create and
change a draft, submit it for review, approve, schedule with an embargo, publish now. An
embargo must carry its offset: a naive time is refused (422), never guessed.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from pydantic import AfterValidator, PositiveInt
from pydantic_core import PydanticCustomError

from summitry.core.api import OptionalTokenAuth, TokenAuth
from summitry.core.bilingual import LANGUAGE_CODES, values
from summitry.core.schemas import Bilingual, Day, Problem, UtcDateTime, bilingual
from summitry.core.timezones import EARLIEST, LATEST
from summitry.directory.models import person_name
from summitry.summits import queries as summit_queries

from . import policy, queries, services
from .caching import mark_private, mark_public
from .figures import fill
from .models import Edition, ReleaseStatus
from .richtext import sanitise

router = Router(tags=["press"])
ERRORS = {401: Problem, 404: Problem}
WRITE_ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem}
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


# --- writes -----------------------------------------------------------------------------------


def _aware(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise PydanticCustomError(
            "naive_datetime",
            _(
                "Give the embargo with its offset, for example 2026-09-24T16:20:00+09:00: "
                "a time without an offset is refused."
            ),
        )
    try:
        in_utc = value.astimezone(datetime.UTC)
    except OverflowError:
        in_utc = None
    if in_utc is None or not EARLIEST <= in_utc.date() <= LATEST:
        raise PydanticCustomError(
            "date_range",
            "Enter a date from {earliest} to {latest}.",
            {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
        )
    return value


# An embargo instant: with its offset (naive times are refused, not guessed).
AwareDateTime = Annotated[
    datetime.datetime,
    AfterValidator(_aware),
    Field(description="With an offset, e.g. 2026-09-24T16:20:00+09:00; without one: 422."),
]


class PressSummaryIn(Schema):
    """The summary bullets per language, one string a bullet."""

    ko: list[str] = []
    en: list[str] = []


class PressReleaseIn(Schema):
    headline: Bilingual
    summary: PressSummaryIn | None = None
    body: Bilingual | None = None
    department: Bilingual | None = None
    original_language: str = "ko"
    edition_date: Day
    edition: Edition = Edition.MORNING
    embargo_at: AwareDateTime
    photos_enclosed: bool = False
    page_count: PositiveInt | None = None
    figures_as_of: Day | None = None


class PressReleasePatch(Schema):
    """Only the fields sent change; a bilingual field may send one language."""

    headline: Bilingual | None = None
    summary: PressSummaryIn | None = None
    body: Bilingual | None = None
    department: Bilingual | None = None
    original_language: str | None = None
    edition_date: Day | None = None
    edition: Edition | None = None
    embargo_at: AwareDateTime | None = None
    photos_enclosed: bool | None = None
    page_count: PositiveInt | None = None
    figures_as_of: Day | None = None


class PressScheduleIn(Schema):
    """Schedule an approved release; ``embargo_at`` (optional) moves the embargo first."""

    embargo_at: AwareDateTime | None = None


def _release_data(payload: Schema, *, partial: bool) -> dict:
    # A null (or a field left out) means "unchanged" (on creation: empty), but for the two
    # fields whose null is a value: no page count, figures as of the day of approval.
    data = {
        k: v
        for k, v in payload.dict(exclude_unset=partial).items()
        if v is not None or k in ("page_count", "figures_as_of")
    }
    if data.get("summary") is not None:
        data["summary"] = {
            lang: "\n".join(line.strip() for line in lines if line.strip())
            for lang, lines in data["summary"].items()
        }
    return data


def _staff_release(request: HttpRequest, slug: str, release_id: int):
    summit = summit_queries.summit(slug, request.user)
    policy.require_staff(request.user, summit)
    return queries.staff_release(summit, release_id)


def _fresh(release):
    return _out(queries.staff_release(release.summit, release.pk), timezone.now())


@router.post(BASE, response={201: PressReleaseOut, **WRITE_ERRORS}, auth=TokenAuth())
def create_press_release(
    request: HttpRequest, response: HttpResponse, slug: str, payload: PressReleaseIn
):
    """Press staff write a draft release in both languages."""
    summit = summit_queries.summit(slug, request.user)
    policy.require_staff(request.user, summit)
    release = services.create_release(
        actor=request.user, summit=summit, data=_release_data(payload, partial=False)
    )
    mark_private(response)
    return Status(201, _fresh(release))


@router.patch(
    f"{BASE}/{{release_id}}", response={200: PressReleaseOut, **WRITE_ERRORS}, auth=TokenAuth()
)
def update_press_release(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    release_id: int,
    payload: PressReleasePatch,
):
    """Change a draft (or a release in review); the embargo may move at any stage."""
    release = _staff_release(request, slug, release_id)
    services.update_release(
        actor=request.user, release=release, data=_release_data(payload, partial=True)
    )
    mark_private(response)
    return _fresh(release)


def _step(service):
    def run(request: HttpRequest, response: HttpResponse, slug: str, release_id: int):
        release = _staff_release(request, slug, release_id)
        service(actor=request.user, release=release)
        mark_private(response)
        return _fresh(release)

    return run


_WORKFLOW = {"response": {200: PressReleaseOut, **WRITE_ERRORS}, "auth": TokenAuth()}
submit_press_release = router.post(
    f"{BASE}/{{release_id}}/submit",
    operation_id="submit_press_release",
    summary="Submit a draft release for review",
    **_WORKFLOW,
)(_step(services.submit_for_review))
approve_press_release = router.post(
    f"{BASE}/{{release_id}}/approve",
    operation_id="approve_press_release",
    summary="Approve a release in review (its cited figures are frozen now)",
    **_WORKFLOW,
)(_step(services.approve))


@router.post(f"{BASE}/{{release_id}}/schedule", **_WORKFLOW)
def schedule_press_release(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    release_id: int,
    payload: PressScheduleIn,
):
    """Schedule an approved release: accredited press see it at once, everyone from its
    embargo instant on. ``embargo_at`` (with its offset) moves the embargo first."""
    release = _staff_release(request, slug, release_id)
    with transaction.atomic():  # a refused step leaves the embargo where it was
        _schedule(request, release, payload.embargo_at)
    mark_private(response)
    return _fresh(release)


def _schedule(request: HttpRequest, release, embargo_at) -> None:
    if embargo_at is not None:
        services.change_embargo(actor=request.user, release=release, embargo_at=embargo_at)
    services.schedule(actor=request.user, release=release)


@router.post(f"{BASE}/{{release_id}}/publish", **_WORKFLOW)
def publish_press_release(request: HttpRequest, response: HttpResponse, slug: str, release_id: int):
    """Publish an approved or scheduled release now: its embargo moves to this instant and it
    is public at once (the same steps as scheduling, then the clock's publication)."""
    release = _staff_release(request, slug, release_id)
    with transaction.atomic():
        if release.status != ReleaseStatus.SCHEDULED:
            # Approved: scheduled first; any other stage is refused there, saying why.
            services.schedule(actor=request.user, release=release)
        at = timezone.now()
        services.change_embargo(actor=request.user, release=release, embargo_at=at, at=at)
    services.publish_due(at=at)
    mark_private(response)
    return _fresh(release)


# --- bounces (a mail provider's webhook) ------------------------------------------------------


class BounceIn(Schema):
    email: str = Field("", max_length=254, description="The address that bounced.")
    message_id: PositiveInt | None = Field(
        None, description="The outbox message's id, when the provider reports it."
    )
    reason: str = Field("", max_length=300, description="The provider's reason, as given.")


class BounceOut(Schema):
    recorded: int
    recipients: list[int]


@router.post(
    "/summits/{slug}/press/bounces",
    response={200: BounceOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def record_press_bounce(request: HttpRequest, response: HttpResponse, slug: str, payload: BounceIn):
    """A mail provider reports that an e-mail of the summit's mailings bounced (its webhook,
    with the API token of a user with the summit's press permission): the recipient of that
    message (``message_id``), or every recipient at that address, is marked bounced."""
    from . import mailings

    summit = summit_queries.summit(slug, request.user)
    found = mailings.record_bounce(
        actor=request.user,
        summit=summit,
        email=payload.email,
        message_id=payload.message_id,
        reason=payload.reason,
    )
    mark_private(response)
    return {"recorded": len(found), "recipients": [row.pk for row in found]}
