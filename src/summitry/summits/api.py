"""REST endpoints of summits: /api/v1/summits and each summit's venues, rooms and themes."""

import datetime

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from summitry.core import pagecache
from summitry.core.api import OptionalTokenAuth, TokenAuth
from summitry.core.pagination import Page
from summitry.core.schemas import Bilingual, Day, Problem, bilingual, bilingual_input
from summitry.directory.api import OrganisationRef

from . import queries, services
from .models import OrganisationRole, SummitFormat, SummitStatus

router = Router(tags=["summits"])
READ = {"auth": OptionalTokenAuth()}
WRITE = {"auth": TokenAuth()}
WRITE_ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


class OrganisationRoleOut(Schema):
    role: OrganisationRole
    organisation: OrganisationRef


class ThemeOut(Schema):
    number: int
    title: Bilingual = bilingual("title")


class SummitOut(Schema):
    slug: str
    edition: int
    name: Bilingual = bilingual("name")
    theme: Bilingual = bilingual("theme")
    description: Bilingual = bilingual("description")
    start_date: datetime.date
    end_date: datetime.date
    time_zone: str
    format: SummitFormat
    status: SummitStatus


class SummitDetailOut(SummitOut):
    organisations: list[OrganisationRoleOut]
    themes: list[ThemeOut]

    @staticmethod
    def resolve_organisations(summit):
        return list(queries.roles(summit))

    @staticmethod
    def resolve_themes(summit):
        return list(queries.themes(summit))


class SummitIn(Schema):
    slug: str
    edition: int
    name: Bilingual
    theme: Bilingual = bilingual_input()
    description: Bilingual = bilingual_input()
    start_date: Day
    end_date: Day
    time_zone: str = "Asia/Seoul"
    format: SummitFormat = SummitFormat.IN_PERSON
    status: SummitStatus = SummitStatus.DRAFT


class SummitPatch(Schema):
    edition: int | None = None
    name: Bilingual | None = None
    theme: Bilingual | None = None
    description: Bilingual | None = None
    start_date: Day | None = None
    end_date: Day | None = None
    time_zone: str | None = None
    format: SummitFormat | None = None
    status: SummitStatus | None = None


class RoomOut(Schema):
    id: int
    venue: int = Field(..., alias="venue_id")
    name: Bilingual = bilingual("name")
    floor: str
    capacity: int | None
    position: int


class VenueOut(Schema):
    id: int
    name: Bilingual = bilingual("name")
    address: Bilingual = bilingual("address")
    map_url: str
    is_main: bool
    position: int
    rooms: list[RoomOut]

    @staticmethod
    def resolve_rooms(venue):
        return list(venue.rooms.all())


class VenueIn(Schema):
    name: Bilingual
    address: Bilingual = bilingual_input()
    map_url: str = ""
    is_main: bool = False
    position: int = 0


class VenuePatch(Schema):
    name: Bilingual | None = None
    address: Bilingual | None = None
    map_url: str | None = None
    is_main: bool | None = None
    position: int | None = None


class RoomIn(Schema):
    venue: int
    name: Bilingual
    floor: str = ""
    capacity: int | None = None
    position: int = 0


class RoomPatch(Schema):
    venue: int | None = None
    name: Bilingual | None = None
    floor: str | None = None
    capacity: int | None = None
    position: int | None = None


def _changes(payload: Schema) -> dict:
    return payload.dict(exclude_unset=True)


@router.get("/summits", response=list[SummitOut], **READ)
@paginate(Page)
def list_summits(request: HttpRequest):
    """Summits, newest first. Drafts only for staff tokens."""
    return queries.visible_summits(request.user)


@router.get("/summits/{slug}", response={200: SummitDetailOut, 404: Problem}, **READ)
@decorate_view(pagecache.public_page)
def get_summit(request: HttpRequest, slug: str):
    return queries.summit(slug, request.user)


@router.post("/summits", response={201: SummitDetailOut, **WRITE_ERRORS}, **WRITE)
def create_summit(request: HttpRequest, payload: SummitIn):
    return Status(201, services.create_summit(actor=request.user, data=payload.dict()))


@router.patch("/summits/{slug}", response={200: SummitDetailOut, **WRITE_ERRORS}, **WRITE)
def update_summit(request: HttpRequest, slug: str, payload: SummitPatch):
    summit = queries.summit(slug, request.user)
    return services.update_summit(actor=request.user, summit=summit, changes=_changes(payload))


@router.delete("/summits/{slug}", response={204: None, **WRITE_ERRORS}, **WRITE)
def delete_summit(request: HttpRequest, slug: str):
    services.delete_summit(actor=request.user, summit=queries.summit(slug, request.user))
    return Status(204, None)


@router.get("/summits/{slug}/themes", response={200: list[ThemeOut], 404: Problem}, **READ)
@decorate_view(pagecache.public_page)
def list_summit_themes(request: HttpRequest, slug: str):
    """The summit's session themes, in order."""
    return list(queries.themes(queries.summit(slug, request.user)))


@router.get(
    "/summits/{slug}/organisations", response={200: list[OrganisationRoleOut], 404: Problem}, **READ
)
@decorate_view(pagecache.public_page)
def list_summit_organisations(
    request: HttpRequest, slug: str, role: OrganisationRole | None = None
):
    """Organisations at the summit: organisers, hosts, partners and participants."""
    return list(queries.roles(queries.summit(slug, request.user), role))


@router.get("/summits/{slug}/venues", response={200: list[VenueOut], 404: Problem}, **READ)
@decorate_view(pagecache.public_page)
def list_venues(request: HttpRequest, slug: str):
    return list(queries.venues(queries.summit(slug, request.user)))


@router.get("/summits/{slug}/venues/{venue_id}", response={200: VenueOut, 404: Problem}, **READ)
@decorate_view(pagecache.public_page)
def get_venue(request: HttpRequest, slug: str, venue_id: int):
    return queries.venue(queries.summit(slug, request.user), venue_id)


@router.post("/summits/{slug}/venues", response={201: VenueOut, **WRITE_ERRORS}, **WRITE)
def create_venue(request: HttpRequest, slug: str, payload: VenueIn):
    summit = queries.summit(slug, request.user)
    venue = services.create_venue(actor=request.user, summit=summit, data=payload.dict())
    return Status(201, queries.venue(summit, venue.pk))


@router.patch(
    "/summits/{slug}/venues/{venue_id}", response={200: VenueOut, **WRITE_ERRORS}, **WRITE
)
def update_venue(request: HttpRequest, slug: str, venue_id: int, payload: VenuePatch):
    summit = queries.summit(slug, request.user)
    services.update_venue(
        actor=request.user, venue=queries.venue(summit, venue_id), changes=_changes(payload)
    )
    return queries.venue(summit, venue_id)


@router.delete("/summits/{slug}/venues/{venue_id}", response={204: None, **WRITE_ERRORS}, **WRITE)
def delete_venue(request: HttpRequest, slug: str, venue_id: int):
    summit = queries.summit(slug, request.user)
    services.delete_venue(actor=request.user, venue=queries.venue(summit, venue_id))
    return Status(204, None)


@router.get("/summits/{slug}/rooms", response={200: list[RoomOut], 404: Problem}, **READ)
@decorate_view(pagecache.public_page)
def list_rooms(request: HttpRequest, slug: str):
    return list(queries.rooms(queries.summit(slug, request.user)))


@router.get("/summits/{slug}/rooms/{room_id}", response={200: RoomOut, 404: Problem}, **READ)
@decorate_view(pagecache.public_page)
def get_room(request: HttpRequest, slug: str, room_id: int):
    return queries.room(queries.summit(slug, request.user), room_id)


@router.post("/summits/{slug}/rooms", response={201: RoomOut, **WRITE_ERRORS}, **WRITE)
def create_room(request: HttpRequest, slug: str, payload: RoomIn):
    summit = queries.summit(slug, request.user)
    return Status(201, services.create_room(actor=request.user, summit=summit, data=payload.dict()))


@router.patch("/summits/{slug}/rooms/{room_id}", response={200: RoomOut, **WRITE_ERRORS}, **WRITE)
def update_room(request: HttpRequest, slug: str, room_id: int, payload: RoomPatch):
    summit = queries.summit(slug, request.user)
    return services.update_room(
        actor=request.user,
        summit=summit,
        room=queries.room(summit, room_id),
        changes=_changes(payload),
    )


@router.delete("/summits/{slug}/rooms/{room_id}", response={204: None, **WRITE_ERRORS}, **WRITE)
def delete_room(request: HttpRequest, slug: str, room_id: int):
    summit = queries.summit(slug, request.user)
    services.delete_room(actor=request.user, room=queries.room(summit, room_id))
    return Status(204, None)
