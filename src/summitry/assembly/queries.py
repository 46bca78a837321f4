"""Every read of assemblies used by pages and the API, summit-scoped through core.scoping.

Attendance and quorum are computed here from the roll call (`VotingRight.present`): a voting
member (vote and good standing) is present when its right is marked present, and represented
when it has handed its vote to a member that is present.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.solvers.voting import Quorum, QuorumResult, make_bulletin, vote_from_dict
from summitry.summits.models import Summit

from . import access
from .models import (
    AgendaItem,
    Assembly,
    Ballot,
    Member,
    Motion,
    Poll,
    PollState,
    VoterRoll,
    VotingRight,
)


def assemblies(summit: Summit) -> QuerySet[Assembly]:
    return in_summit(Assembly, summit).select_related("body", "chair")


def assembly(summit: Summit, slug: str) -> Assembly:
    found = assemblies(summit).filter(slug=slug).first()
    if found is None:
        raise Http404(_("This summit has no assembly “%(slug)s”.") % {"slug": slug})
    return found


def members(body) -> QuerySet[Member]:
    """The members of an assembly body (the directory's organisations, not summit data)."""
    return Member.objects.filter(body=body).select_related("organisation")


def rights(assembly: Assembly) -> QuerySet[VotingRight]:
    return (
        in_summit(VotingRight, assembly.summit)
        .filter(assembly=assembly)
        .select_related("member__organisation", "proxy__organisation", "delegate")
    )


def agenda(assembly: Assembly) -> QuerySet[AgendaItem]:
    return in_summit(AgendaItem, assembly.summit).filter(assembly=assembly)


def motions(assembly: Assembly) -> QuerySet[Motion]:
    return in_summit(Motion, assembly.summit).filter(assembly=assembly)


def polls(assembly: Assembly) -> QuerySet[Poll]:
    return (
        in_summit(Poll, assembly.summit)
        .filter(assembly=assembly)
        .select_related("agenda_item", "motion", "assembly")
    )


def poll(assembly: Assembly, poll_id: int) -> Poll:
    found = polls(assembly).filter(pk=poll_id).first()
    if found is None:
        raise Http404(_("This assembly has no vote %(id)s.") % {"id": poll_id})
    return found


def current_poll(assembly: Assembly) -> Poll | None:
    """The poll the room looks at: the open one, else the last one closed."""
    rows = polls(assembly)
    return (
        rows.filter(state=PollState.OPEN).order_by("-opens_at").first()
        or rows.filter(state=PollState.CLOSED).order_by("-closed_at").first()
    )


@dataclass(frozen=True)
class Attendance:
    voting: frozenset[int]  # member ids with a vote, in good standing, with a right here
    present: frozenset[int]  # of those: present, or represented by a present proxy
    quorum: QuorumResult


def attendance(assembly: Assembly) -> Attendance:
    rows = list(rights(assembly))
    present_members = {r.member_id for r in rows if r.present}
    voting = {r.member_id for r in rows if r.member.may_vote}
    present = {
        r.member_id
        for r in rows
        if r.member_id in voting
        and (r.present if r.proxy_id is None else r.proxy_id in present_members)
    }
    quorum = quorum_rule(assembly).check(len(present), len(voting))
    return Attendance(frozenset(voting), frozenset(present), quorum)


def quorum_rule(assembly: Assembly) -> Quorum:
    return Quorum(fraction=assembly.quorum_fraction, comparison=assembly.quorum_comparison)


def turnout(poll: Poll) -> int:
    return in_summit(VoterRoll, poll.assembly.summit).filter(poll=poll).count()


def roll(poll: Poll) -> QuerySet[VoterRoll]:
    return (
        in_summit(VoterRoll, poll.assembly.summit)
        .filter(poll=poll)
        .select_related("member__organisation")
    )


def ballots(poll: Poll) -> list[tuple[str, object]]:
    """The ballot box of a secret poll as (receipt, choice), in receipt order."""
    return list(
        in_summit(Ballot, poll.assembly.summit)
        .filter(poll=poll)
        .order_by("receipt")
        .values_list("receipt", "choice")
    )


def bulletin(poll: Poll):
    """The public bulletin of a closed secret poll (None before the close)."""
    if not poll.is_secret or poll.state != PollState.CLOSED:
        return None
    return make_bulletin(vote_from_dict(poll.result["vote"]), ballots(poll))


def castable(
    user, assembly: Assembly, member_id: int | None = None
) -> list[tuple[VotingRight, bool]]:
    """The members whose vote ``user`` casts here: (right, by proxy). Their own member's
    unless it handed its vote on, and those whose proxy their member holds (one query;
    ``member_id`` narrows it to one member, as casting asks)."""
    if user is None or not user.is_authenticated:
        return []
    mine = rights(assembly).filter(delegate=user).values("member_id")
    rows = rights(assembly).filter(
        Q(member_id__in=mine, proxy__isnull=True) | Q(proxy_id__in=mine),
        member__votes=True,
        member__good_standing=True,
    )
    if member_id is not None:
        rows = rows.filter(member_id=member_id)
    return [(r, r.proxy_id is not None) for r in rows]


def voted_members(poll: Poll) -> set[int]:
    return set(
        in_summit(VoterRoll, poll.assembly.summit)
        .filter(poll=poll)
        .values_list("member_id", flat=True)
    )


def candidates(poll: Poll) -> list[Member]:
    return list(poll.candidates.select_related("organisation").order_by("organisation__name_en"))


def dashboard_panel(request, summit) -> dict | None:
    found = list(assemblies(summit))
    if not found:
        return None
    return {"assemblies": [(a, attendance(a).quorum) for a in found]}


def may_run(user, assembly: Assembly) -> bool:
    return access.is_staff_for(user, assembly.summit)
