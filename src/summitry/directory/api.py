"""REST endpoints of the directory: /api/v1/organisations and /api/v1/people."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from summitry.core.api import OptionalTokenAuth, TokenAuth, require_permission
from summitry.core.pagination import Page
from summitry.core.schemas import Bilingual, Problem, bilingual, bilingual_input

from . import queries, services
from .models import OrganisationKind, ProtocolRank, Region

router = Router(tags=["directory"])
WRITE_ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


class OrganisationRef(Schema):
    slug: str
    name: Bilingual = bilingual("name")


class OrganisationOut(Schema):
    slug: str
    kind: OrganisationKind
    name: Bilingual = bilingual("name")
    short_name: Bilingual = bilingual("short_name")
    country: str = Field(..., alias="country.code")
    country_name: Bilingual = Field(..., alias="country_i18n")
    region: Region | None = Field(None, alias="region_or_none")
    parent: OrganisationRef | None = None
    website: str


class OrganisationIn(Schema):
    slug: str
    kind: OrganisationKind
    name: Bilingual
    short_name: Bilingual = bilingual_input()
    country: str = ""
    region: Region | None = None
    parent: str | None = Field(None, description="The parent organisation's slug.")
    website: str = ""


class OrganisationPatch(Schema):
    kind: OrganisationKind | None = None
    name: Bilingual | None = None
    short_name: Bilingual | None = None
    country: str | None = None
    region: Region | None = None
    parent: str | None = None
    website: str | None = None


class PersonOut(Schema):
    slug: str
    given_name: str
    family_name: str
    family_name_first: bool
    latin_name: str
    name_hangul: str
    honorific: Bilingual = bilingual("honorific")
    position: Bilingual = bilingual("position")
    organisation: OrganisationRef | None = None
    protocol_rank: ProtocolRank


class PersonIn(Schema):
    slug: str
    given_name: str = ""
    family_name: str = ""
    family_name_first: bool = False
    name_hangul: str = ""
    honorific: Bilingual = bilingual_input()
    position: Bilingual = bilingual_input()
    organisation: str | None = Field(None, description="The organisation's slug.")
    protocol_rank: ProtocolRank = ProtocolRank.OTHER


class PersonPatch(Schema):
    given_name: str | None = None
    family_name: str | None = None
    family_name_first: bool | None = None
    name_hangul: str | None = None
    honorific: Bilingual | None = None
    position: Bilingual | None = None
    organisation: str | None = None
    protocol_rank: ProtocolRank | None = None


def _changes(payload: Schema) -> dict:
    return payload.dict(exclude_unset=True)


@router.get("/organisations", response=list[OrganisationOut], auth=OptionalTokenAuth())
@paginate(Page)
def list_organisations(
    request: HttpRequest,
    kind: OrganisationKind | None = None,
    country: str | None = None,
    q: str | None = None,
):
    """Organisations, optionally of one kind, in one country (ISO 3166-1 alpha-2), or by name."""
    return queries.organisations(kind=kind, country=country, search=q)


@router.get(
    "/organisations/{slug}", response={200: OrganisationOut, 404: Problem}, auth=OptionalTokenAuth()
)
def get_organisation(request: HttpRequest, slug: str):
    return queries.organisation(slug)


@router.post("/organisations", response={201: OrganisationOut, **WRITE_ERRORS}, auth=TokenAuth())
def create_organisation(request: HttpRequest, payload: OrganisationIn):
    require_permission(request, "directory.add_organisation")
    return Status(201, services.create_organisation(actor=request.user, data=payload.dict()))


@router.patch(
    "/organisations/{slug}", response={200: OrganisationOut, **WRITE_ERRORS}, auth=TokenAuth()
)
def update_organisation(request: HttpRequest, slug: str, payload: OrganisationPatch):
    require_permission(request, "directory.change_organisation")
    return services.update_organisation(
        actor=request.user, organisation=queries.organisation(slug), changes=_changes(payload)
    )


@router.delete("/organisations/{slug}", response={204: None, **WRITE_ERRORS}, auth=TokenAuth())
def delete_organisation(request: HttpRequest, slug: str):
    require_permission(request, "directory.delete_organisation")
    services.delete_organisation(actor=request.user, organisation=queries.organisation(slug))
    return Status(204, None)


@router.get("/people", response=list[PersonOut], auth=OptionalTokenAuth())
@paginate(Page)
def list_people(request: HttpRequest, organisation: str | None = None, q: str | None = None):
    """People with a public role (speakers, chairs and hosts of the public programme of a
    published summit); with a token also those the caller may see (staff: everyone; a
    delegation's contact: its members). Optionally of one organisation (its slug) or by name
    in either script."""
    return queries.people(request.user, organisation=organisation, search=q)


@router.get("/people/{slug}", response={200: PersonOut, 404: Problem}, auth=OptionalTokenAuth())
def get_person(request: HttpRequest, slug: str):
    return queries.person(slug, request.user)


@router.post("/people", response={201: PersonOut, **WRITE_ERRORS}, auth=TokenAuth())
def create_person(request: HttpRequest, payload: PersonIn):
    require_permission(request, "directory.add_person")
    return Status(201, services.create_person(actor=request.user, data=payload.dict()))


@router.patch("/people/{slug}", response={200: PersonOut, **WRITE_ERRORS}, auth=TokenAuth())
def update_person(request: HttpRequest, slug: str, payload: PersonPatch):
    require_permission(request, "directory.change_person")
    return services.update_person(
        actor=request.user, person=queries.person(slug), changes=_changes(payload)
    )


@router.delete("/people/{slug}", response={204: None, **WRITE_ERRORS}, auth=TokenAuth())
def delete_person(request: HttpRequest, slug: str):
    require_permission(request, "directory.delete_person")
    services.delete_person(actor=request.user, person=queries.person(slug))
    return Status(204, None)
