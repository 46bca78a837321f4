"""Every read of assemblies used by pages and the API, summit-scoped through core.scoping.

Attendance and quorum are computed here from check-in and the roll call: a voting member (vote
and good standing) is present when the roll call marks it present, or, where the roll call has
not called it, when a delegate of its organisation entered the assembly's check-in zone on the
assembly's day; it is represented when it has handed its vote to a member that is present.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.checkin.models import Scan, ScanResult, Zone
from summitry.core.events import SummitMemo
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
    MotionSupport,
    Poll,
    PollState,
    VoterRoll,
    VotingRight,
)


def assemblies(summit: Summit) -> QuerySet[Assembly]:
    return in_summit(Assembly, summit).select_related("body", "chair", "summit", "checkin_zone")


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
    found.assembly = assembly  # the same row, with its summit already read
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
    checked_in: frozenset[int] = frozenset()  # member ids whose delegate entered the zone
    uses_checkin: bool = False


def assembly_day(assembly: Assembly):
    """The calendar day of the assembly in the summit's zone (today when it has no start)."""
    moment = assembly.starts_at or timezone.now()
    return timezone.localtime(moment, assembly.summit.zone).date()


def checked_in(assembly: Assembly) -> frozenset[int]:
    """The members (ids) one of whose organisation's delegates entered the assembly's
    check-in zone on its day (empty without a zone)."""
    if assembly.checkin_zone_id is None:
        return frozenset()
    organisations = (
        in_summit(Scan, assembly.summit)
        .filter(
            zone_id=assembly.checkin_zone_id,
            day=assembly_day(assembly),
            result=ScanResult.ENTER,
        )
        .values("badge__delegate__delegation__organisation_id")
    )
    return frozenset(
        in_summit(VotingRight, assembly.summit)
        .filter(assembly=assembly, member__organisation_id__in=organisations)
        .values_list("member_id", flat=True)
    )


def is_present(right: VotingRight, checked: frozenset[int]) -> bool:
    """The roll call decides where it called the member; check-in where it did not."""
    return right.present if right.present is not None else right.member_id in checked


def attendance(assembly: Assembly) -> Attendance:
    rows = list(rights(assembly))
    checked = checked_in(assembly)
    present_members = {r.member_id for r in rows if is_present(r, checked)}
    voting = {r.member_id for r in rows if r.member.may_vote}
    present = {
        r.member_id
        for r in rows
        if r.member_id in voting
        and (
            r.member_id in present_members if r.proxy_id is None else r.proxy_id in present_members
        )
    }
    quorum = quorum_rule(assembly).check(len(present), len(voting))
    return Attendance(
        frozenset(voting),
        frozenset(present),
        quorum,
        checked,
        assembly.checkin_zone_id is not None,
    )


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
    """The members whose vote ``user`` casts here: (right, by proxy). Those whose voting
    delegate or alternate ``user`` is, unless they handed their vote on, and those whose proxy
    such a member holds (one query; ``member_id`` narrows it to one member, as casting asks).
    Each row carries ``as_alternate``: True where ``user`` acts only as an alternate."""
    if user is None or not user.is_authenticated:
        return []
    acting = Q(delegate=user) | Q(alternates__user=user)
    mine = in_summit(VotingRight, assembly.summit).filter(acting, assembly=assembly)
    rows = rights(assembly).filter(
        Q(member_id__in=mine.values("member_id"), proxy__isnull=True)
        | Q(proxy_id__in=mine.values("member_id")),
        member__votes=True,
        member__good_standing=True,
    )
    if member_id is not None:
        rows = rows.filter(member_id=member_id)
    # Whether ``user`` acts as the voting delegate of the member that casts (itself, or the
    # proxy holder), in the same query.
    rows = rows.annotate(
        acting_member=Coalesce("proxy_id", "member_id"),
        as_delegate=Exists(
            VotingRight.objects.filter(
                assembly_id=assembly.pk, delegate=user, member_id=OuterRef("acting_member")
            )
        ),
    )
    rows = list(rows)
    for right in rows:
        right.as_alternate = not right.as_delegate
    return [(r, r.proxy_id is not None) for r in rows]


def alternates(right: VotingRight):
    """The alternates of ``right``'s member here (users), in the order they were set."""
    from .models import Alternate

    return [
        a.user
        for a in in_summit(Alternate, right.assembly.summit)
        .filter(right=right)
        .select_related("user")
        .order_by("pk")
    ]


def delegation_people(right: VotingRight):
    """The registered delegates (with an account) of the member organisation's delegation at
    the assembly's summit: whom the secretary may make voting delegate or alternate."""
    from summitry.delegations.models import ATTENDING, Delegate

    return list(
        in_summit(Delegate, right.assembly.summit)
        .filter(
            delegation__organisation_id=right.member.organisation_id,
            delegation__status__in=ATTENDING,
            user__isnull=False,
        )
        .select_related("person", "user")
        .order_by("pk")
    )


def assemblies_watching_zone(summit_id: int, zone_id: int) -> QuerySet[Assembly]:
    """The assemblies whose quorum an entry into ``zone_id`` may change (for live updates)."""
    return in_summit(Assembly, summit_id).filter(checkin_zone_id=zone_id)


def _counted_zones(summit_id) -> frozenset[int]:
    rows = Assembly.objects.filter(summit_id=summit_id, checkin_zone__isnull=False)
    return frozenset(rows.values_list("checkin_zone_id", flat=True))


# The check-in zones some assembly of a summit counts for its quorum: an entry into another
# zone costs no query.
counted_zones = SummitMemo("assembly-zones", Assembly, _counted_zones)


def zones(summit: Summit) -> QuerySet[Zone]:
    """The summit's check-in zones, one of which may be the assembly's room."""
    return in_summit(Zone, summit).order_by("position", "pk")


def own_rights(user, assembly: Assembly) -> QuerySet[VotingRight]:
    """The rights whose voting delegate ``user`` is (their own members, not proxies)."""
    if user is None or not user.is_authenticated:
        return rights(assembly).none()
    return rights(assembly).filter(delegate=user)


def supporters(motion: Motion) -> QuerySet[MotionSupport]:
    return in_summit(MotionSupport, motion.assembly.summit).filter(motion=motion)


def supports_of(assembly: Assembly, member_ids) -> QuerySet[MotionSupport]:
    return in_summit(MotionSupport, assembly.summit).filter(
        motion__assembly=assembly, member_id__in=member_ids
    )


def motions_with_support(assembly: Assembly) -> list[Motion]:
    """The assembly's motions, each amendment after its motion, with ``support_count``."""
    rows = list(
        motions(assembly)
        .select_related("submitted_by__organisation", "amends", "agenda_item")
        .annotate(support_count=Count("supports"))
        .order_by("pk")
    )
    main = [m for m in rows if m.amends_id is None]
    ordered = []
    for motion in main:
        ordered.append(motion)
        ordered += [m for m in rows if m.amends_id == motion.pk]
    return ordered


def voted_choices(poll: Poll) -> dict[int, object]:
    """Member id → its choice as recorded on the roll (None in a secret poll)."""
    return dict(
        in_summit(VoterRoll, poll.assembly.summit)
        .filter(poll=poll)
        .values_list("member_id", "choice")
    )


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


# --- declarations and minutes -----------------------------------------------------------------


def adopted_declaration(assembly: Assembly, motion_id: int) -> Motion:
    """A motion of a declaration item adopted by vote (404 for anything else)."""
    from .models import ItemKind, MotionState

    motion = (
        motions(assembly)
        .select_related("agenda_item", "assembly")
        .filter(
            pk=motion_id,
            amends__isnull=True,
            agenda_item__kind=ItemKind.DECLARATION,
            state=MotionState.ADOPTED,
        )
        .first()
    )
    if motion is None:
        raise Http404(_("This motion is not an adopted declaration."))
    return motion


def deciding_poll(motion: Motion) -> Poll | None:
    """The closed poll that decided ``motion`` (the last one closed)."""
    return motion.polls.filter(state="closed").order_by("-closed_at", "-pk").first()


def declarations(assembly: Assembly) -> list[Motion]:
    from .models import ItemKind, MotionState

    return list(
        motions(assembly).filter(
            amends__isnull=True,
            agenda_item__kind=ItemKind.DECLARATION,
            state=MotionState.ADOPTED,
        )
    )


def minutes_record(assembly: Assembly) -> dict:
    """What the minutes show, from the record: the roll call, the quorum now, and each agenda
    item with its motions (amendments after their motion) and the closed polls' results."""
    rows = list(rights(assembly))
    roll_present = sum(1 for r in rows if r.present is True)
    roll_absent = sum(1 for r in rows if r.present is False)
    all_motions = motions_with_support(assembly)
    closed = list(polls(assembly).filter(state="closed").order_by("closed_at", "pk"))
    items = []
    for item in agenda(assembly):
        item_motions = [m for m in all_motions if m.agenda_item_id == item.pk]
        item_polls = [p for p in closed if p.agenda_item_id == item.pk]
        items.append({"item": item, "motions": item_motions, "polls": item_polls})
    return {
        "attendance": attendance(assembly),
        "roll_present": roll_present,
        "roll_absent": roll_absent,
        "roll_total": len(rows),
        "items": items,
    }


def circulation_recipients(assembly: Assembly) -> list[tuple[str, str]]:
    """Who receives the agenda, each once with their language: every member's voting delegate
    and the contact of the member organisation's invitation to this summit (the delegate in
    that invitation's language, else the site's)."""
    from django.conf import settings

    from summitry.delegations.models import Invitation

    members = rights(assembly).select_related("delegate", "member")
    invitations = {
        i.organisation_id: i
        for i in in_summit(Invitation, assembly.summit).filter(
            organisation_id__in=[r.member.organisation_id for r in members]
        )
    }
    found: dict[str, str] = {}
    for right in members:
        invitation = invitations.get(right.member.organisation_id)
        language = invitation.language if invitation else settings.LANGUAGE_CODE
        if right.delegate is not None and right.delegate.email:
            found.setdefault(right.delegate.email.lower(), language)
        if invitation is not None and invitation.contact_email:
            found.setdefault(invitation.contact_email.lower(), language)
    return sorted(found.items())


def circulations(assembly: Assembly):
    return assembly.circulations.select_related("circulated_by").order_by("-version")


# --- the voting kiosk -------------------------------------------------------------------------


def voter_language(user, assembly: Assembly) -> str:
    """The language a voter reads at the kiosk: their member's invitation's, else the site's."""
    from django.conf import settings

    from summitry.delegations.models import Invitation

    organisations = (
        in_summit(VotingRight, assembly.summit)
        .filter(Q(delegate=user) | Q(alternates__user=user), assembly=assembly)
        .values("member__organisation_id")
    )
    invitation = (
        in_summit(Invitation, assembly.summit)
        .filter(organisation_id__in=organisations)
        .order_by("pk")
        .first()
    )
    return invitation.language if invitation is not None else settings.LANGUAGE_CODE


def badge(assembly: Assembly, badge_id: int):
    """The check-in badge ``badge_id`` of the assembly's summit, with its delegate (None if
    the summit has no such badge). Read only: the kiosk never writes check-in's rows."""
    from summitry.checkin.models import Badge

    return (
        in_summit(Badge, assembly.summit)
        .select_related("delegate__delegation", "delegate__user")
        .filter(pk=badge_id)
        .first()
    )


def kiosk_voter(assembly: Assembly, data) -> object | None:
    """The voter a kiosk page's signed field names, if it was signed for this assembly."""
    from django.contrib.auth import get_user_model

    if not isinstance(data, dict) or data.get("a") != assembly.pk:
        return None
    return get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()


# --- approving minutes ------------------------------------------------------------------------


def earlier_assemblies(assembly: Assembly) -> QuerySet[Assembly]:
    """Earlier assemblies of the same body (at any summit), whose minutes a later one may
    approve: those that started before it (or, without dates, were created before it)."""
    rows = Assembly.objects.filter(body_id=assembly.body_id).exclude(pk=assembly.pk)
    if assembly.starts_at is not None:
        rows = rows.filter(
            Q(starts_at__lt=assembly.starts_at) | Q(starts_at__isnull=True, pk__lt=assembly.pk)
        )
    else:
        rows = rows.filter(pk__lt=assembly.pk)
    return rows.select_related("summit").order_by("-starts_at", "-pk")


def approved_minutes(summit: Summit, slug: str) -> Assembly:
    """An assembly whose minutes were approved (public from then on); 404 otherwise."""
    found = assembly(summit, slug)
    if found.minutes_approved_at is None:
        raise Http404(_("These minutes are not approved yet."))
    return found


# --- documents of the agenda ------------------------------------------------------------------


def documents(assembly: Assembly):
    """Every document of the assembly's agenda (staff see them all)."""
    from .models import AgendaDocument

    return (
        in_summit(AgendaDocument, assembly.summit)
        .filter(assembly=assembly)
        .select_related("agenda_item", "motion", "circulated_in")
        .order_by("pk")
    )


def member_documents(assembly: Assembly):
    """The documents a circulation of the agenda has carried: what members read."""
    return documents(assembly).filter(circulated_in__isnull=False)


def reads_agenda(user, assembly: Assembly) -> bool:
    """Whether ``user`` reads the circulated agenda as one of the members: a voting delegate or
    alternate here, or a registered delegate or the contact of an attending delegation of a
    member organisation at this summit."""
    from summitry.delegations.models import ATTENDING, Delegation

    if user is None or not user.is_authenticated:
        return False
    rights_here = in_summit(VotingRight, assembly.summit).filter(assembly=assembly)
    if rights_here.filter(Q(delegate=user) | Q(alternates__user=user)).exists():
        return True
    return (
        in_summit(Delegation, assembly.summit)
        .filter(
            organisation_id__in=rights_here.values("member__organisation_id"),
            status__in=ATTENDING,
        )
        .filter(Q(contact=user) | Q(members__user=user))
        .exists()
    )


def readable_documents(user, assembly: Assembly):
    """The documents ``user`` may read: all for staff, the circulated ones for members,
    none for anyone else."""
    if access.is_staff_for(user, assembly.summit):
        return documents(assembly)
    if reads_agenda(user, assembly):
        return member_documents(assembly)
    return documents(assembly).none()


def readable_document(user, assembly: Assembly, document_id: int):
    found = readable_documents(user, assembly).filter(pk=document_id).first()
    if found is None:
        raise Http404(_("This assembly has no such document."))
    return found


def auto_circulation_candidates() -> list[int]:
    """Assemblies (ids) whose agenda goes out on its own and that have not started: the beat
    job checks each under its lock (services.circulation_due). Not a summit's read: the
    schedule runs for every summit."""
    return list(
        Assembly.objects.filter(
            circulate_days_before__isnull=False,
            starts_at__gt=timezone.now(),
        ).values_list("pk", flat=True)
    )


def last_circulation(assembly: Assembly):
    return assembly.circulations.order_by("-version").first()


# --- signatories of declarations --------------------------------------------------------------


def signatories(motion: Motion):
    from .models import Signatory

    return (
        in_summit(Signatory, motion.assembly.summit)
        .filter(motion=motion)
        .select_related("organisation")
        .order_by("signed_on", "organisation__name_en", "pk")
    )


def signing_organisations(assembly: Assembly) -> list:
    """Who may sign the assembly's declarations: the members of its body and the
    organisations with a delegation at its summit, by name."""
    from summitry.delegations.models import Delegation
    from summitry.directory.models import Organisation

    delegations = in_summit(Delegation, assembly.summit).values("organisation_id")
    return list(
        Organisation.objects.filter(
            Q(memberships__body_id=assembly.body_id) | Q(pk__in=delegations)
        )
        .distinct()
        .order_by("name_en", "name_ko", "pk")
    )


def may_sign(assembly: Assembly, organisation_id: int) -> bool:
    from summitry.delegations.models import Delegation

    return (
        Member.objects.filter(body_id=assembly.body_id, organisation_id=organisation_id).exists()
        or in_summit(Delegation, assembly.summit).filter(organisation_id=organisation_id).exists()
    )


def signatory(motion: Motion, signatory_id: int):
    found = signatories(motion).filter(pk=signatory_id).first()
    if found is None:
        raise Http404(_("This declaration has no such signatory."))
    return found
