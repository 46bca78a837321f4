"""REST API of assemblies: assemblies with their quorum, polls and results (public, like the
projector), and casting a vote (a voting delegate's token; a secret ballot's receipt is in the
answer, once). A vote's request body is never logged."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from summitry.core.api import OptionalTokenAuth, TokenAuth
from summitry.core.schemas import Bilingual, Problem, UtcDateTime, bilingual
from summitry.summits import queries as summit_queries

from . import queries, services, tallies

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
        return tallies.rule(poll).to_dict() if poll.method == "motion" else {"seats": poll.seats}


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
    (or its run-off, `runoff_of`), one candidate member id (as text) or null to abstain.
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
