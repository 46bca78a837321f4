"""REST endpoints of delegations: invitations, delegations, members, statuses and counts.

Everything here holds personal data, so every endpoint needs a token: staff see a summit's
delegations, a delegation contact only their own (the same services and rules as the pages).
"""

import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from summitry.core.api import TokenAuth
from summitry.core.schemas import (
    Bilingual,
    Day,
    ExportRunOut,
    Problem,
    RunOut,
    SummitDateTime,
    UtcDateTime,
    bilingual,
    bilingual_input,
)
from summitry.directory import queries as directory_queries
from summitry.directory.api import OrganisationRef
from summitry.directory.models import ProtocolRank
from summitry.summits import queries as summit_queries

from . import exchange, imports, queries, rules, services
from .models import DelegateRole, DelegationStatus, DietaryNeed, PlaceStatus

router = Router(tags=["delegations"], auth=TokenAuth())
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class InvitationIn(Schema):
    organisation: str = Field(..., description="The organisation's slug.")
    contact_name: str
    contact_email: str
    language: str = Field("en", pattern="^(ko|en)$")
    expires_at: SummitDateTime | None = None


class InvitationOut(Schema):
    id: int
    organisation: OrganisationRef
    contact_name: str
    contact_email: str
    language: str
    expires_at: datetime.datetime
    claimed_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class NewInvitationOut(InvitationOut):
    link: str = Field(..., description="The personal link; shown this once only.")


class PersonName(Schema):
    id: int = Field(..., description="The person's id (meeting attendees, signatories).")
    given_name: str
    family_name: str
    latin_name: str
    name_hangul: str
    position: Bilingual = bilingual("position")
    protocol_rank: ProtocolRank


class MemberOut(Schema):
    id: int
    person: PersonName
    role: DelegateRole
    place: PlaceStatus
    email: str
    phone: str
    arrival_at: UtcDateTime | None
    arrival_flight: str
    departure_at: UtcDateTime | None
    departure_flight: str
    hotel: str
    interpretation_language: str
    dietary_needs: str = Field(description="A dietary need's code (empty: none).")
    dietary_notes: str
    access_needs: str
    has_photo: bool

    @staticmethod
    def resolve_has_photo(member) -> bool:
        return bool(member.badge_photo)


class AccessOut(Schema):
    sent: Literal["link", "confirm", "linked"]
    member: MemberOut


class MemberIn(Schema):
    role: DelegateRole = DelegateRole.MEMBER
    given_name: str = ""
    family_name: str = ""
    family_name_first: bool = False
    name_hangul: str = ""
    position: Bilingual = bilingual_input()
    protocol_rank: ProtocolRank = ProtocolRank.OTHER
    email: str = ""
    phone: str = ""
    arrival_at: SummitDateTime | None = None
    arrival_flight: str = ""
    departure_at: SummitDateTime | None = None
    departure_flight: str = ""
    hotel: str = ""
    interpretation_language: str = ""
    dietary_needs: DietaryNeed | Literal[""] = ""
    dietary_notes: str = ""
    access_needs: str = ""


class MemberPatch(Schema):
    role: DelegateRole | None = None
    given_name: str | None = None
    family_name: str | None = None
    family_name_first: bool | None = None
    name_hangul: str | None = None
    position: Bilingual | None = None
    protocol_rank: ProtocolRank | None = None
    email: str | None = None
    phone: str | None = None
    arrival_at: SummitDateTime | None = None
    arrival_flight: str | None = None
    departure_at: SummitDateTime | None = None
    departure_flight: str | None = None
    hotel: str | None = None
    interpretation_language: str | None = None
    dietary_needs: DietaryNeed | Literal[""] | None = None
    dietary_notes: str | None = None
    access_needs: str | None = None


class DelegationOut(Schema):
    id: int
    organisation: OrganisationRef
    status: DelegationStatus
    registered_at: datetime.datetime | None
    is_sample: bool


class StatusChangeOut(Schema):
    from_status: DelegationStatus
    to_status: DelegationStatus
    at: datetime.datetime
    by: str | None = Field(None, alias="actor.username")
    note: str


class DelegationDetailOut(DelegationOut):
    members: list[MemberOut]
    history: list[StatusChangeOut]

    @staticmethod
    def resolve_members(delegation):
        return list(delegation.members.all())

    @staticmethod
    def resolve_history(delegation):
        return list(delegation.history.all())


class StatusIn(Schema):
    status: DelegationStatus
    note: str = ""


class SnapshotIn(Schema):
    as_of: Day


class CountsOut(Schema):
    as_of: datetime.date
    sentence: Bilingual
    delegations: int
    delegations_by_kind: dict[str, int]
    foreign_cities: int
    countries: int
    organisations: int
    people: int
    heads_by_rank: dict[str, int]
    arrivals_by_day: dict[str, int]
    departures_by_day: dict[str, int]
    dietary_needs: dict[str, int]
    interpretation: dict[str, int]
    waiting_list: int


class SnapshotOut(Schema):
    id: int
    as_of: datetime.date
    frozen_at: datetime.datetime
    counts: CountsOut


def _counts_out(summit, figures: dict) -> dict:
    from django.utils import translation

    sentence = {}
    for lang in ("ko", "en"):
        with translation.override(lang):
            sentence[lang] = queries.counts_sentence(summit, figures)
    return {**figures, "sentence": sentence}


@router.get("/summits/{slug}/invitations", response={200: list[InvitationOut], **ERRORS})
def list_invitations(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    return list(queries.invitations(summit))


@router.post("/summits/{slug}/invitations", response={201: NewInvitationOut, **ERRORS})
def create_invitation(request: HttpRequest, slug: str, payload: InvitationIn):
    """Invite an organisation; the e-mail goes out in `language`. The link is returned once."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    data = payload.dict()
    organisation = directory_queries.organisation(data.pop("organisation"))
    invitation, secret = services.invite(
        actor=request.user, summit=summit, organisation=organisation, **data
    )
    invitation.link = services.invitation_link(secret)
    return Status(201, invitation)


@router.post(
    "/summits/{slug}/invitations/{invitation_id}/revoke", response={200: InvitationOut, **ERRORS}
)
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    invitation = queries.invitation(summit, invitation_id)
    return services.revoke_invitation(actor=request.user, invitation=invitation)


@router.get("/summits/{slug}/delegations", response={200: list[DelegationOut], **ERRORS})
def list_delegations(request: HttpRequest, slug: str, status: DelegationStatus | None = None):
    """All delegations for staff; a contact's own delegation for a contact."""
    return list(
        queries.delegations(summit_queries.in_its_zone(request, slug), request.user, status)
    )


@router.get(
    "/summits/{slug}/delegations/{delegation_id}", response={200: DelegationDetailOut, **ERRORS}
)
def get_delegation(request: HttpRequest, slug: str, delegation_id: int):
    return queries.delegation(
        summit_queries.in_its_zone(request, slug), request.user, delegation_id
    )


@router.post(
    "/summits/{slug}/delegations/{delegation_id}/status",
    response={200: DelegationDetailOut, **ERRORS},
)
def change_delegation_status(
    request: HttpRequest, slug: str, delegation_id: int, payload: StatusIn
):
    summit = summit_queries.in_its_zone(request, slug)
    delegation = queries.delegation(summit, request.user, delegation_id)
    services.change_status(
        actor=request.user, delegation=delegation, to=payload.status, note=payload.note
    )
    return queries.delegation(summit, request.user, delegation_id)


@router.post(
    "/summits/{slug}/delegations/{delegation_id}/members", response={201: MemberOut, **ERRORS}
)
def add_member(request: HttpRequest, slug: str, delegation_id: int, payload: MemberIn):
    delegation = queries.delegation_to_change(
        summit_queries.in_its_zone(request, slug), request.user, delegation_id
    )
    member = services.add_member(actor=request.user, delegation=delegation, data=payload.dict())
    return Status(201, member)


@router.patch(
    "/summits/{slug}/delegations/{delegation_id}/members/{member_id}",
    response={200: MemberOut, **ERRORS},
)
def update_member(
    request: HttpRequest, slug: str, delegation_id: int, member_id: int, payload: MemberPatch
):
    delegation = queries.delegation(
        summit_queries.in_its_zone(request, slug), request.user, delegation_id
    )
    member = queries.member(delegation, member_id)
    services.update_member(
        actor=request.user, member=member, changes=payload.dict(exclude_unset=True)
    )
    return queries.member(delegation, member_id)


@router.post(
    "/summits/{slug}/delegations/{delegation_id}/members/{member_id}/cancel",
    response={200: MemberOut, **ERRORS},
)
def cancel_member(request: HttpRequest, slug: str, delegation_id: int, member_id: int):
    delegation = queries.delegation(
        summit_queries.in_its_zone(request, slug), request.user, delegation_id
    )
    return services.cancel_member(actor=request.user, member=queries.member(delegation, member_id))


@router.get("/summits/{slug}/counts", response={200: CountsOut, **ERRORS})
def get_counts(request: HttpRequest, slug: str, as_of: Day):
    """The counts as registered on `as_of` (until the end of that day in the summit's zone)."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    return _counts_out(summit, queries.counts(summit, as_of))


@router.get("/summits/{slug}/counts/snapshots", response={200: list[SnapshotOut], **ERRORS})
def list_count_snapshots(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    return [
        {
            "id": s.id,
            "as_of": s.as_of,
            "frozen_at": s.frozen_at,
            "counts": _counts_out(summit, s.counts),
        }
        for s in queries.snapshots(summit)
    ]


@router.post("/summits/{slug}/counts/snapshots", response={201: SnapshotOut, **ERRORS})
def freeze_counts(request: HttpRequest, slug: str, payload: SnapshotIn):
    summit = summit_queries.in_its_zone(request, slug)
    snapshot = services.freeze_counts(actor=request.user, summit=summit, as_of=payload.as_of)
    return Status(
        201,
        {
            "id": snapshot.id,
            "as_of": snapshot.as_of,
            "frozen_at": snapshot.frozen_at,
            "counts": _counts_out(summit, snapshot.counts),
        },
    )


class ProblemRow(Schema):
    row: int
    column: str
    message: str


class ImportOut(Schema):
    organisations_created: int
    organisations_updated: int
    invitations_sent: int


class ImportProblemsOut(Schema):
    detail: str
    problems: list[ProblemRow]


def _export(request: HttpRequest, slug: str, name: str):
    """The file at once when small; a large export is started in the background and the
    answer is its run (202, as POST …/exports answers)."""
    from summitry.core import exports

    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    found = exports.request(actor=request.user, summit=summit, name=name)
    if isinstance(found, exports.Ready):
        return HttpResponse(found.content, content_type=found.content_type)
    return Status(202, exports.api_out(request, slug, found))


@router.get(
    "/summits/{slug}/exports/delegations.xlsx", response={200: None, 202: ExportRunOut, **ERRORS}
)
def export_delegations_xlsx(request: HttpRequest, slug: str):
    """Delegations and people as an XLSX workbook (two sheets). A large one (more rows than
    the server answers at once) is written in the background: 202 with the export's run."""
    return _export(request, slug, exchange.WORKBOOK_EXPORT)


@router.get("/summits/{slug}/exports/people.csv", response={200: None, 202: ExportRunOut, **ERRORS})
def export_people_csv(request: HttpRequest, slug: str):
    """People as CSV (UTF-8 with a byte-order mark), times in the summit's zone. A large one is
    written in the background: 202 with the export's run."""
    return _export(request, slug, exchange.PEOPLE_EXPORT)


class ImportRunOut(RunOut):
    """A background import: follow it at its address until its status is done or failed.
    Done: `result` holds the counts, or `problems` every problem by row and column (then
    nothing was imported). Failed: `errors` says why."""

    progress: dict = Field(..., description="stage (checking, importing), done, total rows")
    result: ImportOut | None
    problems: list[ProblemRow]


def _import_run_out(run) -> dict:
    from summitry.core import runs

    done = run.status == "done"
    problems = run.result.get("problems", []) if done else []
    return {
        **runs.described(run),
        "result": run.result
        if done and "invitations_sent" in run.result and not problems
        else None,
        "problems": problems,
    }


@router.post(
    "/summits/{slug}/imports/contacts",
    response={202: ImportRunOut, 400: ImportProblemsOut, 401: Problem, 403: Problem, 404: Problem},
)
def import_contacts(
    request: HttpRequest, slug: str, file: File[UploadedFile], invite: Form[bool] = False
):
    """Organisations and contacts from CSV; with `invite`, each contact is invited. The file's
    shape (encoding, CSV, header) is checked at once (400 with the problems); its rows are
    checked and imported in the background: the answer is the run (202). All or nothing."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    data = file.read()
    problems = exchange.check_file(data, invite)
    if problems:
        return Status(400, {"detail": _("Nothing was imported."), "problems": problems})
    run = imports.start(actor=request.user, summit=summit, data=data, invite=invite)
    run.refresh_from_db()
    return Status(202, _import_run_out(run))


@router.get(
    "/summits/{slug}/imports/contacts/runs/{run_id}", response={200: ImportRunOut, **ERRORS}
)
def get_contacts_import_run(request: HttpRequest, slug: str, run_id: int):
    """An import's progress and, once done, its result."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    return _import_run_out(imports.import_run(summit, run_id))


@router.post(
    "/summits/{slug}/delegations/{delegation_id}/members/{member_id}/erase",
    response={200: MemberOut, **ERRORS},
)
def erase_member(request: HttpRequest, slug: str, delegation_id: int, member_id: int):
    """Erase a member's personal data on request; the record still counts."""
    delegation = queries.delegation(
        summit_queries.in_its_zone(request, slug), request.user, delegation_id
    )
    return services.erase_personal_data(
        actor=request.user, member=queries.member(delegation, member_id)
    )


@router.post(
    "/summits/{slug}/delegations/{delegation_id}/members/{member_id}/access",
    response={200: AccessOut, **ERRORS},
)
def give_member_access(request: HttpRequest, slug: str, delegation_id: int, member_id: int):
    """Let the member see and correct their own data. `sent` says what happened: `link` (a
    link to set the password of an account made for the member went to the member's address),
    `confirm` (an account with that address exists; its owner was asked to confirm at the
    account's own address) or `linked` (the member already uses their own account)."""
    delegation = queries.delegation(
        summit_queries.in_its_zone(request, slug), request.user, delegation_id
    )
    member = queries.member(delegation, member_id)
    sent = services.give_member_access(actor=request.user, member=member)
    return {"sent": sent, "member": queries.member(delegation, member_id)}


@router.post(
    "/summits/{slug}/delegations/{delegation_id}/members/{member_id}/photo",
    response={200: MemberOut, **ERRORS},
)
def upload_member_photo(
    request: HttpRequest,
    slug: str,
    delegation_id: int,
    member_id: int,
    photo: File[UploadedFile],
):
    """Set the member's badge photo: a JPEG or PNG image of at most 5 MB."""
    delegation = queries.delegation(
        summit_queries.in_its_zone(request, slug), request.user, delegation_id
    )
    member = queries.member(delegation, member_id)
    services.update_member(actor=request.user, member=member, changes={"badge_photo": photo})
    return queries.member(delegation, member_id)
