"""REST API of speakers' invitations (on the online router): staff read the invitations of an
item's speakers and send them (written by the task queue, once unless sent again); the speaker
accepts or declines."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Schema

from summitry.core.api import TokenAuth
from summitry.core.schemas import Problem, UtcDateTime
from summitry.summits import permissions
from summitry.summits import queries as summit_queries

from . import access, invitations, qa, queries
from .api import BASE, ERRORS, router

STATES = "not_invited, queued, invited, accepted or declined"


class SpeakerInvitationOut(Schema):
    person: int = Field(..., description="The speaker (a directory person's id).")
    state: str = Field(..., description=f"One of: {STATES}.")
    has_address: bool = Field(..., description="Whether the speaker has an e-mail address here.")
    invited_at: UtcDateTime | None = Field(None, description="When the last one was written.")
    sends: int = Field(0, description="How many invitations were written.")
    answer: str | None = Field(None, description="accepted or declined; none without one.")
    answered_at: UtcDateTime | None = None


class SpeakerInvitationsIn(Schema):
    person: int | None = Field(None, description="One speaker; none for every speaker.")
    again: bool = Field(
        False, description="Send again to a speaker already invited (else they are left out)."
    )


class SpeakerInvitationsSentOut(Schema):
    queued: list[int] = Field(..., description="The speakers whose invitation is on its way.")
    already: list[int] = Field(..., description="Those left out, already invited.")
    no_address: list[int] = Field(..., description="Those left out, without an address.")
    invitations: list[SpeakerInvitationOut]


class SpeakerAnswerIn(Schema):
    answer: str = Field(..., description="accepted or declined.")


def _out(row: dict) -> dict:
    found = row["invitation"]
    return {
        "person": row["person_id"],
        "state": row["state"],
        "has_address": row["has_address"],
        "invited_at": found.invited_at if found else None,
        "sends": found.sends if found else 0,
        "answer": (found.answer or None) if found else None,
        "answered_at": found.answered_at if found else None,
    }


def _staff_online(request: HttpRequest, slug: str, item_id: int):
    """The online item for its summit's staff (404 to another summit's teams and outsiders)."""
    summit = summit_queries.in_its_zone(request, slug)
    permissions.require_console(request.user, summit)
    access.require_staff(request.user, summit)
    return qa.online_item(summit, queries.item(summit, item_id).pk)


@router.get(
    f"{BASE}/items/{{item_id}}/invitations",
    response={200: list[SpeakerInvitationOut], **ERRORS},
    auth=TokenAuth(),
)
def list_online_invitations(request: HttpRequest, slug: str, item_id: int):
    """Each speaker of an online or hybrid item with their invitation's state (staff)."""
    return [_out(row) for row in invitations.rows(_staff_online(request, slug, item_id))]


@router.post(
    f"{BASE}/items/{{item_id}}/invitations",
    response={200: SpeakerInvitationsSentOut, **ERRORS},
    auth=TokenAuth(),
)
def send_online_invitations(
    request: HttpRequest, slug: str, item_id: int, payload: SpeakerInvitationsIn
):
    """Send the invitations of an item's speakers (staff): one speaker or every speaker not
    invited yet; ``again`` to send once more. The task queue writes the mails (in each
    speaker's language, times in the summit's zone and theirs); a repeated request sends
    nothing new."""
    online = _staff_online(request, slug, item_id)
    result = invitations.ask(
        actor=request.user, online=online, person_id=payload.person, again=payload.again
    )
    return {**result, "invitations": [_out(row) for row in invitations.rows(online)]}


@router.post(
    f"{BASE}/items/{{item_id}}/invitations/{{person_id}}/answer",
    response={200: SpeakerInvitationOut, 400: Problem, 401: Problem, 403: Problem, 404: Problem},
    auth=TokenAuth(),
)
def answer_online_invitation(
    request: HttpRequest, slug: str, item_id: int, person_id: int, payload: SpeakerAnswerIn
):
    """The invited speaker accepts or declines (their own token; the answer and its moment are
    kept, the latest counts)."""
    summit = summit_queries.in_its_zone(request, slug)
    online = qa.online_item(summit, queries.watch(summit, request.user, item_id).pk)
    invitations.answer(
        actor=request.user, online=online, person_id=person_id, choice=payload.answer
    )
    row = next(r for r in invitations.rows(online) if r["person_id"] == person_id)
    return _out(row)
