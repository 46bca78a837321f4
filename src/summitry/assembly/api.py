"""REST API of assemblies: assemblies with their quorum, polls and results (public, like the
projector), and casting a vote (a voting delegate's token; a secret ballot's receipt is in the
answer, once). A vote's request body is never logged."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from summitry.core.api import OptionalTokenAuth, TokenAuth
from summitry.core.schemas import Bilingual, Problem, UtcDateTime, bilingual, bilingual_input
from summitry.summits import queries as summit_queries

from . import access, queries, services, tallies
from . import declarations as declaration_files
from . import documents as document_files

router = Router(tags=["assembly"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}
BASE = "/summits/{slug}/assemblies"


class QuorumOut(Schema):
    present: int
    members: int
    required: int
    met: bool
    rule: dict


class AssemblyOut(Schema):
    id: int
    slug: str
    title: Bilingual = bilingual("title")
    starts_at: UtcDateTime | None
    max_proxies: int
    quorum_to_open: str
    votes_changeable: bool
    quorum: QuorumOut

    @staticmethod
    def resolve_quorum(assembly):
        return queries.attendance(assembly).quorum.to_dict()


class PollOut(Schema):
    id: int
    agenda_item: int
    motion: int | None
    title: Bilingual = bilingual("title")
    kind: str
    method: str
    state: str
    rule: dict
    opens_at: UtcDateTime | None
    closed_at: UtcDateTime | None
    override_reason: str
    result: dict | None
    bulletin_digest: str
    runoff_of: int | None

    @staticmethod
    def resolve_runoff_of(poll):
        return poll.runoff_of_id

    @staticmethod
    def resolve_agenda_item(poll):
        return poll.agenda_item_id

    @staticmethod
    def resolve_motion(poll):
        return poll.motion_id

    @staticmethod
    def resolve_rule(poll):
        if poll.method in ("motion", "list"):
            return tallies.rule(poll).to_dict()
        return {"seats": poll.seats}


class VoteIn(Schema):
    member: int
    choice: Any
    receipt: str = ""


class VoteOut(Schema):
    receipt: str | None


def _assembly(request: HttpRequest, slug: str, assembly_slug: str):
    return queries.assembly(summit_queries.summit(slug, request.user), assembly_slug)


@router.get(BASE, response={200: list[AssemblyOut], **ERRORS}, auth=OptionalTokenAuth())
def list_assemblies(request: HttpRequest, slug: str):
    return list(queries.assemblies(summit_queries.summit(slug, request.user)))


@router.get(
    f"{BASE}/{{assembly_slug}}/polls",
    response={200: list[PollOut], **ERRORS},
    auth=OptionalTokenAuth(),
)
def list_polls(request: HttpRequest, slug: str, assembly_slug: str):
    """Every vote with its majority rule and, once closed, its result with the rule stated."""
    return list(queries.polls(_assembly(request, slug, assembly_slug)))


@router.get(
    f"{BASE}/{{assembly_slug}}/polls/{{poll_id}}",
    response={200: PollOut, **ERRORS},
    auth=OptionalTokenAuth(),
)
def get_poll(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int):
    return queries.poll(_assembly(request, slug, assembly_slug), poll_id)


@router.post(
    f"{BASE}/{{assembly_slug}}/polls/{{poll_id}}/votes",
    response={201: VoteOut, **ERRORS},
    auth=TokenAuth(),
)
def cast_vote(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int, payload: VoteIn):
    """A voting delegate (or an alternate) casts the vote of their member, or of a member whose
    proxy theirs holds: once per member, whoever casts it. `choice`: "yes", "no" or "abstain";
    for a block election, a list of candidate member ids (as text); for a single-seat election
    (or its run-off, `runoff_of`), one candidate member id (as text) or null to abstain; for a
    ranked election (single transferable vote), the candidate member ids (as text) in order of
    preference, the first first, each once (an empty list: a blank ballot); for a vote on a
    single list of candidates, "yes", "no" or "abstain" on the whole list.
    Where the assembly lets votes change until the close, casting again replaces the member's
    vote; a secret ballot is replaced by giving its `receipt` (the answer then holds the new
    ballot's receipt)."""
    poll = queries.poll(_assembly(request, slug, assembly_slug), poll_id)
    receipt = services.cast(
        actor=request.user,
        poll=poll,
        member_id=payload.member,
        choice=payload.choice,
        receipt=payload.receipt,
    )
    return Status(201, {"receipt": receipt})


# --- documents of the agenda ------------------------------------------------------------------


class DocumentOut(Schema):
    id: int
    title: Bilingual = bilingual("title")
    language: str
    file_name: str
    size: int
    sha256: str
    agenda_item: int | None
    motion: int | None
    circulated_in_version: int | None
    download: str

    @staticmethod
    def resolve_agenda_item(document):
        return document.agenda_item_id

    @staticmethod
    def resolve_motion(document):
        return document.motion_id

    @staticmethod
    def resolve_circulated_in_version(document):
        return document.circulated_in.version if document.circulated_in_id else None

    @staticmethod
    def resolve_download(document):
        return reverse(
            "api:get_assembly_document_file",
            kwargs={
                "slug": document.assembly.summit.slug,
                "assembly_slug": document.assembly.slug,
                "document_id": document.pk,
            },
        )


def _readable(request, slug: str, assembly_slug: str):
    assembly = _assembly(request, slug, assembly_slug)
    if not access.is_staff_for(request.user, assembly.summit) and not queries.reads_agenda(
        request.user, assembly
    ):
        raise Http404(_("You are not one of this assembly's members."))
    return assembly


@router.get(
    f"{BASE}/{{assembly_slug}}/documents",
    response={200: list[DocumentOut], **ERRORS},
    auth=TokenAuth(),
)
def list_assembly_documents(request: HttpRequest, slug: str, assembly_slug: str):
    """The agenda's documents: every one for the assembly's staff, the circulated ones for
    the members (voting delegates, alternates, the delegates and contact of a member's
    delegation); 404 for anyone else."""
    assembly = _readable(request, slug, assembly_slug)
    return list(queries.readable_documents(request.user, assembly))


@router.get(
    f"{BASE}/{{assembly_slug}}/documents/{{document_id}}/file",
    response={200: None, **ERRORS},
    auth=TokenAuth(),
)
def get_assembly_document_file(
    request: HttpRequest, slug: str, assembly_slug: str, document_id: int
):
    """The document's file, to whoever may read it (as the list)."""
    assembly = _readable(request, slug, assembly_slug)
    found = queries.readable_document(request.user, assembly, document_id)
    return document_files.download(found)


@router.post(
    f"{BASE}/{{assembly_slug}}/documents",
    response={201: DocumentOut, **ERRORS},
    auth=TokenAuth(),
)
def add_assembly_document(
    request: HttpRequest,
    slug: str,
    assembly_slug: str,
    file: File[UploadedFile],
    language: Form[str] = "both",
    title_ko: Form[str] = "",
    title_en: Form[str] = "",
    agenda_item: Form[int | None] = None,
    motion: Form[int | None] = None,
):
    """The assembly's staff attach a document (PDF, DOCX, XLSX, PPTX, HWP, HWPX or ODT, checked
    by content, at most 20 MB) to an agenda item or a motion (one of them); members read it
    once the agenda is next circulated. `language`: "ko", "en" or "both"."""
    assembly = _assembly(request, slug, assembly_slug)
    target = {}
    if agenda_item is not None:
        target["agenda_item"] = queries.agenda(assembly).filter(pk=agenda_item).first()
    if motion is not None:
        target["motion"] = queries.motions(assembly).filter(pk=motion).first()
    if None in target.values():
        raise Http404(_("Choose an item or a motion of this assembly."))
    document = document_files.attach(
        actor=request.user,
        assembly=assembly,
        upload=file,
        title={"ko": title_ko, "en": title_en},
        language=language,
        **target,
    )
    return Status(201, document)


@router.delete(
    f"{BASE}/{{assembly_slug}}/documents/{{document_id}}",
    response={204: None, **ERRORS},
    auth=TokenAuth(),
)
def delete_assembly_document(request: HttpRequest, slug: str, assembly_slug: str, document_id: int):
    """The assembly's staff remove a document."""
    assembly = _assembly(request, slug, assembly_slug)
    if not access.is_staff_for(request.user, assembly.summit):
        raise Http404(_("This assembly has no such document."))
    found = queries.documents(assembly).filter(pk=document_id).first()
    if found is None:
        raise Http404(_("This assembly has no such document."))
    document_files.remove(actor=request.user, document=found)
    return Status(204, None)


# --- declarations and their signatories -------------------------------------------------------


class SignatoryOut(Schema):
    id: int
    organisation: int
    organisation_name: Bilingual
    signer_name: Bilingual = bilingual("signer_name")
    signer_title: Bilingual = bilingual("signer_title")
    signed_on: datetime.date

    @staticmethod
    def resolve_organisation(signatory):
        return signatory.organisation_id

    @staticmethod
    def resolve_organisation_name(signatory):
        return signatory.organisation.name_i18n


class DeclarationOut(Schema):
    id: int
    title: Bilingual = bilingual("title")
    text: Bilingual = bilingual("text")
    signatories: list[SignatoryOut]

    @staticmethod
    def resolve_signatories(motion):
        return list(queries.signatories(motion))


class SignatoryIn(Schema):
    organisation: int
    signer_name: Bilingual
    signer_title: Bilingual = bilingual_input("The signer's title (e.g. Mayor)")
    signed_on: datetime.date


@router.get(
    f"{BASE}/{{assembly_slug}}/declarations",
    response={200: list[DeclarationOut], **ERRORS},
    auth=OptionalTokenAuth(),
)
def list_declarations(request: HttpRequest, slug: str, assembly_slug: str):
    """The assembly's adopted declarations, in both languages, each with its signatories
    (organisation, who signed with their title, the day): public."""
    return queries.declarations(_assembly(request, slug, assembly_slug))


@router.post(
    f"{BASE}/{{assembly_slug}}/declarations/{{motion_id}}/signatories",
    response={201: SignatoryOut, **ERRORS},
    auth=TokenAuth(),
)
def add_signatory(
    request: HttpRequest, slug: str, assembly_slug: str, motion_id: int, payload: SignatoryIn
):
    """The assembly's staff record a signatory of an adopted declaration: a member of the
    assembly's body or an organisation with a delegation at the summit, once each; the day in
    the summit's calendar, not before the adoption nor after today."""
    assembly = _assembly(request, slug, assembly_slug)
    motion = queries.adopted_declaration(assembly, motion_id)
    organisation = next(
        (o for o in queries.signing_organisations(assembly) if o.pk == payload.organisation),
        None,
    )
    found = declaration_files.add_signatory(
        actor=request.user,
        motion=motion,
        organisation=organisation,
        signer_name=payload.signer_name.model_dump(),
        signer_title=payload.signer_title.model_dump(),
        signed_on=payload.signed_on,
    )
    return Status(201, found)


@router.delete(
    f"{BASE}/{{assembly_slug}}/declarations/{{motion_id}}/signatories/{{signatory_id}}",
    response={204: None, **ERRORS},
    auth=TokenAuth(),
)
def delete_signatory(
    request: HttpRequest, slug: str, assembly_slug: str, motion_id: int, signatory_id: int
):
    """The assembly's staff remove a signatory."""
    assembly = _assembly(request, slug, assembly_slug)
    motion = queries.adopted_declaration(assembly, motion_id)
    declaration_files.remove_signatory(
        actor=request.user, signatory=queries.signatory(motion, signatory_id)
    )
    return Status(204, None)
