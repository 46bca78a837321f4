"""Every write of assemblies: roll call, proxies, motions, opening, casting, closing and the
tally. Keyword-only, atomic, validated, recorded in the history (except the ballot box, which
is never recorded anywhere: docs/VOTING.md).

Casting and closing meet at the poll's row: a cast reads the poll's state under a shared lock
(PostgreSQL ``FOR SHARE``), the close takes the row for update, so a ballot is either in the
count or refused, never lost; the voter roll's unique (poll, member) makes a second ballot for
the same member fail, whoever casts it (its delegate or its proxy's). Where the assembly lets
voters change their vote, a second cast replaces the first under a lock of the member's row
of the voter roll (a secret ballot is replaced only by whoever shows its receipt), so a member
still counts once.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from summitry.core import audit, live
from summitry.core import events as core_events
from summitry.core import services as core
from summitry.core.tasks import run_after_commit
from summitry.solvers.voting import (
    InvalidBallot,
    MajorityRule,
    make_bulletin,
    new_receipt,
    normalise_receipt,
)
from summitry.solvers.voting.elections import RUNOFF, TIE

from . import access, events, queries, tallies
from .models import (
    DECIDED,
    MOTION_FLOW,
    AgendaItem,
    Ballot,
    Motion,
    MotionState,
    MotionSupport,
    Poll,
    PollMethod,
    PollState,
    QuorumToOpen,
    VoterRoll,
    VotingRight,
)


def topic(assembly) -> str:
    """The live-update topic of an assembly (quorum, turnout, results)."""
    return f"assembly:{assembly.pk}"


def _bump(assembly) -> None:
    name = topic(assembly)
    transaction.on_commit(lambda: live.bump(name))


def _require_staff(actor, assembly) -> None:
    if not access.is_staff_for(actor, assembly.summit):
        raise PermissionDenied(_("Only the assembly's staff may do this."))


# --- roll call and proxies --------------------------------------------------------------------


@transaction.atomic
def set_present(*, actor, right: VotingRight, present: bool | None) -> VotingRight:
    """The roll call: present, absent, or None (not called: check-in decides)."""
    _require_staff(actor, right.assembly)
    right = core.update(actor=actor, instance=right, changes={"present": present})
    _bump(right.assembly)
    return right


@transaction.atomic
def set_rules(
    *,
    actor,
    assembly,
    quorum_to_open: str,
    votes_changeable: bool,
    checkin_zone,
    motion_supporters=None,
    runoff_automatic=None,
) -> object:
    """The assembly's rules the chair's staff set: opening without quorum, changing votes,
    and the check-in zone whose entries count as presence."""
    _require_staff(actor, assembly)
    if quorum_to_open not in QuorumToOpen.values:
        raise ValidationError({"quorum_to_open": [_("Choose one of the rules offered.")]})
    if checkin_zone is not None and checkin_zone.summit_id != assembly.summit_id:
        raise ValidationError({"checkin_zone": [_("Choose a zone of this summit.")]})
    if assembly.polls.filter(state=PollState.OPEN).exists() and (
        bool(votes_changeable) != assembly.votes_changeable
    ):
        raise ValidationError(
            {
                "votes_changeable": [
                    _("Whether votes may be changed cannot change while a vote is open.")
                ]
            }
        )
    changes = {}
    if runoff_automatic is not None:
        changes["runoff_automatic"] = bool(runoff_automatic)
    if motion_supporters not in (None, ""):
        try:
            changes["motion_supporters"] = int(motion_supporters)
        except (TypeError, ValueError):
            changes["motion_supporters"] = -1
        if not 0 <= changes["motion_supporters"] <= 1000:
            raise ValidationError(
                {"motion_supporters": [_("Give a number of supporters from 0 to 1000.")]}
            )
    assembly = core.update(
        actor=actor,
        instance=assembly,
        changes={
            **changes,
            "quorum_to_open": quorum_to_open,
            "votes_changeable": bool(votes_changeable),
            "checkin_zone": checkin_zone,
        },
    )
    _bump(assembly)
    return assembly


def zone_entered(*, summit, name: str, obj) -> None:
    """core.events subscriber: an entry at check-in may change the quorum an assembly's
    chair and projector watch live."""
    if name != "checkin.entered":
        return
    summit_id = getattr(summit, "pk", summit)
    if obj.zone_id not in queries.counted_zones.get(summit_id):
        return
    for assembly in queries.assemblies_watching_zone(summit_id, obj.zone_id):
        live.bump(topic(assembly))


@transaction.atomic
def give_proxy(*, actor, right: VotingRight, holder) -> VotingRight:
    """Hand ``right.member``'s vote to ``holder`` (a member), at most ``max_proxies`` each;
    ``holder`` None takes it back."""
    assembly = right.assembly
    _require_staff(actor, assembly)
    if holder is not None:
        # Serialise proxy changes of this assembly so the cap holds under parallel requests.
        type(assembly).objects.select_for_update().filter(pk=assembly.pk).first()
        if not queries.rights(assembly).filter(member=holder).exists():
            raise ValidationError(_("The proxy must be a member with a voting right here."))
        held = queries.rights(assembly).filter(proxy=holder).exclude(pk=right.pk).count()
        if held >= assembly.max_proxies:
            raise ValidationError(
                _("%(member)s already holds %(count)d proxies, the most allowed.")
                % {"member": holder, "count": held}
            )
    right = core.update(actor=actor, instance=right, changes={"proxy": holder})
    _bump(assembly)
    return right


@transaction.atomic
def set_delegates(*, actor, right: VotingRight, delegate_id, alternate_ids) -> VotingRight:
    """The secretary names the member's voting delegate and its alternates for this assembly,
    among the registered delegates (with an account) of the member's delegation."""
    from .models import Alternate

    assembly = right.assembly
    _require_staff(actor, assembly)
    people = {d.user_id: d.user for d in queries.delegation_people(right)}

    def user_of(value):
        try:
            key = int(value)
        except (TypeError, ValueError):
            key = None
        if key not in people:
            raise ValidationError(
                _("Choose a registered delegate of %(member)s's delegation.")
                % {"member": right.member}
            )
        return people[key]

    delegate = None if delegate_id in (None, "") else user_of(delegate_id)
    chosen = []
    for value in alternate_ids:
        user = user_of(value)
        if user not in chosen:
            chosen.append(user)
    if delegate is not None and delegate in chosen:
        raise ValidationError(
            {"alternates": [_("The voting delegate cannot also be one of the alternates.")]}
        )
    if chosen and delegate is None:
        raise ValidationError({"delegate": [_("Name the voting delegate before alternates.")]})
    right = VotingRight.objects.select_for_update(of=("self",)).get(pk=right.pk)
    right = core.update(actor=actor, instance=right, changes={"delegate": delegate})
    current = {a.user_id: a for a in Alternate.objects.filter(right=right)}
    for user_id, alternate in current.items():
        if user_id not in {u.pk for u in chosen}:
            core.delete(actor=actor, instance=alternate)
    for user in chosen:
        if user.pk not in current:
            core.create(actor=actor, instance=Alternate(right=right, user=user))
    _bump(assembly)
    return right


@transaction.atomic
def move_motion(*, actor, motion: Motion, state: str) -> Motion:
    """submitted → admitted → debated → voted → adopted / rejected; withdrawn before the vote.
    A member's motion is admitted only with the supporters the assembly's rules ask for."""
    _require_staff(actor, motion.assembly)
    if state not in MotionState.values or state not in MOTION_FLOW[MotionState(motion.state)]:
        raise ValidationError(
            _("A motion cannot go from “%(old)s” to “%(new)s”.")
            % {
                "old": motion.get_state_display(),
                "new": MotionState(state).label if state in MotionState.values else state,
            }
        )
    needed = motion.assembly.motion_supporters
    if state == MotionState.ADMITTED and motion.submitted_by_id is not None:
        count = queries.supporters(motion).count()
        if count < needed:
            raise ValidationError(
                _("This motion has %(count)d supporters; the rules ask for %(needed)d.")
                % {"count": count, "needed": needed}
            )
    motion = core.update(actor=actor, instance=motion, changes={"state": state})
    _bump(motion.assembly)
    return motion


def _own_right(actor, assembly, member_id) -> VotingRight:
    """The actor's own member's right (a delegate acts for their member, not for proxies)."""
    right = queries.own_rights(actor, assembly).filter(member_id=member_id).first()
    if right is None:
        raise PermissionDenied(_("Only a member's own delegate may do this for it."))
    return right


@transaction.atomic
def submit_motion(
    *, actor, assembly, member_id: int, title: dict, text: dict, amends: Motion | None = None
) -> Motion:
    """A member's motion, or its amendment to ``amends`` (a motion of this assembly not yet
    decided), in one or both languages; it waits for supporters and the chair's admission."""
    right = _own_right(actor, assembly, member_id)
    if motions_closed(assembly):
        with timezone.override(assembly.summit.zone):
            when = formats.date_format(
                timezone.localtime(assembly.motions_deadline), "DATETIME_FORMAT"
            )
        raise ValidationError(
            _(
                "The deadline for members' motions and amendments passed on %(when)s; "
                "only the chair may now put items to the assembly."
            )
            % {"when": when}
        )
    if amends is not None:
        # Its state as it is now (a vote on it may have opened since the caller read it).
        amends = Motion.objects.select_for_update(of=("self",)).get(pk=amends.pk)
        if amends.assembly_id != assembly.pk or amends.amends_id is not None:
            raise ValidationError({"amends": [_("Choose a motion of this assembly.")]})
        if amends.state in DECIDED or amends.state == MotionState.VOTED:
            raise ValidationError(
                {"amends": [_("This motion is decided or being voted: it takes no amendment.")]}
            )
    motion = Motion(
        assembly=assembly,
        agenda_item=amends.agenda_item if amends is not None else None,
        submitted_by=right.member,
        amends=amends,
        **core.flatten_bilingual({"title": title, "text": text}),
    )
    motion = core.create(actor=actor, instance=motion)
    _bump(assembly)
    return motion


@transaction.atomic
def support_motion(*, actor, motion: Motion, member_id: int) -> MotionSupport:
    """Another member supports a submitted motion or amendment (once)."""
    right = _own_right(actor, motion.assembly, member_id)
    if motion.state != MotionState.SUBMITTED:
        raise ValidationError(_("Only a motion waiting for admission takes supporters."))
    if motion.submitted_by_id == right.member_id:
        raise ValidationError(_("A member does not support its own motion."))
    support = core.insert(
        actor=actor,
        instance=MotionSupport(motion=motion, member=right.member),
        trusted=("motion", "member"),
    )
    _bump(motion.assembly)
    return support


# --- opening, casting, closing ----------------------------------------------------------------


@transaction.atomic
def open_poll(*, actor, poll: Poll, override_reason: str = "", closes_at=None) -> Poll:
    """Open a poll; refused without quorum unless the chair gives a reason, which is kept
    with the poll and stated on its result."""
    _require_staff(actor, poll.assembly)
    poll = (
        Poll.objects.select_for_update(of=("self",))
        .select_related("assembly", "motion")
        .get(pk=poll.pk)
    )
    if poll.state != PollState.DRAFT:
        raise ValidationError(_("This vote has already been opened."))
    _require_amendments_first(poll.motion)
    present = queries.attendance(poll.assembly)
    reason = override_reason.strip()
    rule = poll.assembly.quorum_to_open
    if rule == QuorumToOpen.STRICT and not present.quorum.met:
        raise ValidationError(
            _(
                "There is no quorum: %(present)d of %(members)d voting members are present or "
                "represented, %(required)d are needed. The assembly's rules do not allow a "
                "vote without quorum."
            )
            % {
                "present": present.quorum.present,
                "members": present.quorum.members,
                "required": present.quorum.required,
            }
        )
    if rule == QuorumToOpen.NOT_REQUIRED:
        reason = ""  # the rules let the vote open; the quorum is recorded as it stands
    elif not present.quorum.met and not reason:
        raise ValidationError(
            _(
                "There is no quorum: %(present)d of %(members)d voting members are present or "
                "represented, %(required)d are needed. The chair may open the vote anyway "
                "with a reason, which is recorded."
            )
            % {
                "present": present.quorum.present,
                "members": present.quorum.members,
                "required": present.quorum.required,
            }
        )
    if present.quorum.met:
        reason = ""  # nothing to override
    poll = core.update(
        actor=actor,
        instance=poll,
        changes={
            "state": PollState.OPEN,
            "opens_at": timezone.now(),
            "closes_at": closes_at,
            "present_at_open": present.quorum.present,
            "members_at_open": present.quorum.members,
            "quorum_met": present.quorum.met,
            "override_reason": reason,
        },
    )
    motion = poll.motion
    if motion is not None and MotionState.VOTED in MOTION_FLOW[MotionState(motion.state)]:
        core.update(actor=actor, instance=motion, changes={"state": MotionState.VOTED})
    _bump(poll.assembly)
    return poll


def _require_amendments_first(motion: Motion | None) -> None:
    """Amendments are voted before their motion, and in the order they came in: a vote on a
    motion (or an amendment) waits for every earlier undecided amendment of that motion."""
    if motion is None:
        return
    main = motion.amends if motion.amends_id is not None else motion
    waiting = main.amendments.exclude(state__in=DECIDED)
    if motion.amends_id is not None:
        waiting = waiting.filter(pk__lt=motion.pk)
    first = waiting.order_by("pk").first()
    if first is not None:
        raise ValidationError(
            _(
                "Vote the amendment “%(amendment)s” first (amendments come before their motion, "
                "in the order they were submitted)."
            )
            % {"amendment": first}
        )


def _state_for_share(poll_id: int):
    """The poll's (state, closes_at), the row held against a close until this transaction
    ends."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT state, closes_at FROM assembly_poll WHERE id = %s FOR SHARE", [poll_id]
            )
            return cursor.fetchone() or (None, None)
    return Poll.objects.filter(pk=poll_id).values_list("state", "closes_at").first() or (None, None)


@transaction.atomic
def cast(*, actor, poll: Poll, member_id: int, choice, receipt: str = "") -> str | None:
    """Cast ``member_id``'s vote in ``poll``: once per member, by its voting delegate or by
    the delegate of the member holding its proxy. Returns the receipt of a secret ballot
    (shown to the voter once, kept nowhere else), None for an open vote.

    Where the assembly lets votes change until the close, casting again replaces the member's
    vote; a secret ballot is replaced only with its ``receipt`` (the box knows no member)."""
    state, closes_at = _state_for_share(poll.pk)
    if state != PollState.OPEN or (closes_at is not None and timezone.now() >= closes_at):
        raise ValidationError(_("This vote is not open."))
    assembly = poll.assembly
    allowed = {
        right.member_id: (right, by_proxy)
        for right, by_proxy in queries.castable(actor, assembly, member_id)
    }
    if member_id not in allowed:
        raise PermissionDenied(_("You do not cast this member's vote."))
    right, by_proxy = allowed[member_id]
    by_alternate = getattr(right, "as_alternate", False)
    try:
        ballot = tallies.definition(poll).validate(choice)
    except InvalidBallot as error:
        raise ValidationError(_ballot_refusal(poll, error.code), code=error.code) from None
    if isinstance(ballot, tuple):
        ballot = list(ballot)
    entry = VoterRoll(
        poll=poll,
        member=right.member,
        cast_by=actor,
        by_proxy=by_proxy,
        by_alternate=by_alternate,
        choice=None if poll.is_secret else ballot,
    )
    if not assembly.votes_changeable:
        core.insert(actor=actor, instance=entry, trusted=("poll", "member", "cast_by"))
        first = True
    else:
        first = _enter_or_lock(actor, entry)
    if not first:
        if by_alternate:
            _require_not_delegates_vote(entry)
        if poll.is_secret:
            _take_out_of_box(poll, receipt)
        else:
            core.update(
                actor=actor,
                instance=VoterRoll.objects.get(poll=poll, member=right.member),
                changes={
                    "choice": ballot,
                    "cast_by": actor,
                    "by_proxy": by_proxy,
                    "by_alternate": by_alternate,
                },
            )
    new = None
    if poll.is_secret:
        new = new_receipt()
        # The box row: random key, no time, no member, never in the history.
        Ballot.objects.create(poll=poll, receipt=new, choice=ballot)
    _bump(assembly)
    return new


def _ballot_refusal(poll: Poll, code: str) -> str:
    """Why a ballot is refused, in the voter's language."""
    if poll.method == PollMethod.RANKED and code == "duplicate_ranking":
        return _("A candidate is ranked twice: rank each candidate once.")
    if poll.method == PollMethod.RANKED and code == "not_a_ballot":
        return _("A ranked ballot lists candidates in order of preference, the first first.")
    if code == "duplicate_choice":
        return _("A candidate is chosen twice.")
    if code == "too_many_choices":
        return _("Too many candidates are chosen for the seats of this election.")
    if code == "unknown_candidate":
        return _("This is not a candidate of this election.")
    return _("This is not a valid ballot for this vote.")


def ranking(poll: Poll, ranks: dict) -> list[str]:
    """A ranked ballot from the numbers a voter gave candidates (candidate id → rank; empty:
    not ranked): the candidates in rank order. Ranks are 1, 2, … k, each once, without a
    gap; no rank at all is a blank ballot."""
    ids = {str(pk) for pk in poll.candidates.values_list("pk", flat=True)}
    numbers: dict[int, list[str]] = {}
    for candidate, typed in ranks.items():
        text = str(typed or "").strip()
        if not text:
            continue
        if str(candidate) not in ids:
            raise ValidationError(_("This is not a candidate of this election."))
        if not text.isdigit() or not 1 <= int(text) <= len(ids):
            raise ValidationError(
                _("Ranks are whole numbers from 1 to %(count)d.") % {"count": len(ids)}
            )
        numbers.setdefault(int(text), []).append(str(candidate))
    for rank in sorted(numbers):
        if len(numbers[rank]) > 1:
            raise ValidationError(
                _("Rank %(rank)d is given to more than one candidate: give each rank once.")
                % {"rank": rank}
            )
    for expected, rank in enumerate(sorted(numbers), start=1):
        if rank != expected:
            raise ValidationError(
                _("Rank %(rank)d is missing: number your choices 1, 2, 3 … without a gap.")
                % {"rank": expected}
            )
    return [numbers[rank][0] for rank in sorted(numbers)]


def _require_not_delegates_vote(entry: VoterRoll) -> None:
    """An alternate stands in for the voting delegate; it does not overrule them: a vote the
    delegate (or the proxy holder's delegate) cast is changed only by them."""
    first = VoterRoll.objects.filter(poll=entry.poll, member=entry.member).order_by().first()
    if first is not None and not first.by_alternate:
        raise ValidationError(
            _("The voting delegate has voted for %(member)s; an alternate cannot change it.")
            % {"member": entry.member}
        )


def _enter_or_lock(actor, entry: VoterRoll) -> bool:
    """Enter the member on the voter roll (True), or, when it is there already, hold its row
    until this transaction ends (False): two changes of one member's vote wait in turn."""
    if _locked_entry(entry) is not None:
        return False
    try:
        with transaction.atomic():  # a savepoint: the same member's first cast at once
            core.insert(actor=actor, instance=entry, trusted=("poll", "member", "cast_by"))
        return True
    except ValidationError:
        if _locked_entry(entry) is None:
            raise
        return False


def _locked_entry(entry: VoterRoll) -> int | None:
    """The member's row of the voter roll, locked; only that row (the model's ordering would
    join, and lock, the poll's row that casting holds shared)."""
    return (
        VoterRoll.objects.select_for_update(of=("self",))
        .filter(poll=entry.poll, member=entry.member)
        .order_by()
        .values_list("pk", flat=True)
        .first()
    )


def _take_out_of_box(poll: Poll, receipt: str) -> None:
    """Remove the secret ballot whose receipt the voter shows; refused unless it is in this
    poll's box (a receipt replaces its ballot once)."""
    if not receipt.strip():
        raise ValidationError(
            {
                "receipt": [
                    _("This member has already voted. To change a secret vote, give its receipt.")
                ]
            }
        )
    try:
        code = normalise_receipt(receipt)
    except ValueError:
        raise ValidationError(
            {"receipt": [_("This is not a receipt code (16 letters and digits).")]}
        ) from None
    removed, _kinds = Ballot.objects.filter(poll=poll, receipt=code).delete()
    if removed != 1:
        raise ValidationError(
            {
                "receipt": [
                    _("This receipt is not in the ballot box of this vote (or was replaced).")
                ]
            }
        )


@transaction.atomic
def close_poll(*, actor, poll: Poll) -> Poll:
    """Close the poll, count it through summitry.solvers.voting and store the result with its
    rule; a secret poll's box is rewritten in receipt order and its bulletin's digest kept."""
    _require_staff(actor, poll.assembly)
    poll = (
        Poll.objects.select_for_update(of=("self",))
        .select_related("assembly", "motion", "agenda_item")
        .get(pk=poll.pk)
    )
    if poll.state != PollState.OPEN:
        raise ValidationError(_("Only an open vote can be closed."))
    assembly = poll.assembly
    present = queries.attendance(assembly)
    voters = queries.voted_members(poll)
    # Everyone who voted was present (or represented) when voting.
    present_count = len(present.present | voters)
    members_count = max(len(present.voting), present_count)
    vote = tallies.definition(poll, present=present_count, members=members_count)
    digest = ""
    if poll.is_secret:
        rows = queries.ballots(poll)
        bulletin = make_bulletin(vote, rows)
        _rewrite_box(poll, bulletin.entries)
        digest = bulletin.digest()
        choices = bulletin.choices()
    else:
        choices = [row.choice for row in queries.roll(poll)]
    result = vote.count(choices).to_dict()
    result["vote"] = vote.to_dict()  # the definition the bulletin and any recount use
    result["turnout"] = len(voters)
    result["override_reason"] = poll.override_reason
    poll = core.update(
        actor=actor,
        instance=poll,
        changes={
            "state": PollState.CLOSED,
            "closed_at": timezone.now(),
            "result": result,
            "bulletin_digest": digest,
        },
    )
    motion = poll.motion
    if motion is not None and motion.state == MotionState.VOTED and "passed" in result:
        state = MotionState.ADOPTED if result["passed"] else MotionState.REJECTED
        core.update(actor=actor, instance=motion, changes={"state": state})
    if result.get("passed"):
        _approve_minutes(actor, poll)
    audit.record(actor=actor, obj=poll, action="closed")
    core_events.emit(assembly.summit_id, events.VOTE_CLOSED, poll)
    if assembly.runoff_automatic and result.get("outcome") == RUNOFF and result.get("round") == 1:
        create_runoff(actor=actor, poll=poll)
    _bump(assembly)
    return poll


@transaction.atomic
def create_runoff(*, actor, poll: Poll, tied_choice=()) -> Poll:
    """The run-off of a single-seat election that ended without a majority: a new poll (not
    opened yet) between the top two of ``poll``, linked to it. Where candidates tied for a
    place (the solver's outcome "tie"), the chair's ``tied_choice`` names who goes on,
    exactly as many as places are open; the choice is kept in the history. Once per round."""
    _require_staff(actor, poll.assembly)
    poll = (
        Poll.objects.select_for_update(of=("self",))
        .select_related("assembly", "agenda_item")
        .get(pk=poll.pk)
    )
    result = poll.result or {}
    if (
        poll.method != PollMethod.SINGLE
        or poll.state != PollState.CLOSED
        or poll.runoff_of_id is not None
        or result.get("outcome") not in (RUNOFF, TIE)
    ):
        raise ValidationError(_("Only a first round without a majority leads to a run-off."))
    if poll.runoffs.exists():
        raise ValidationError(_("This election's run-off already exists."))
    candidates = list(result.get("runoff") or [])
    tie = result.get("tie") or {}
    if result["outcome"] == TIE:
        tied = [str(c) for c in tie.get("tied", [])]
        picked = list(dict.fromkeys(str(c) for c in tied_choice))
        if any(c not in tied for c in picked) or len(picked) != tie.get("open_places", 0):
            raise ValidationError(
                {
                    "tied": [
                        ngettext(
                            "Candidates are tied: choose %(count)d of them for the run-off.",
                            "Candidates are tied: choose %(count)d of them for the run-off.",
                            tie.get("open_places", 0),
                        )
                        % {"count": tie.get("open_places", 0)}
                    ]
                }
            )
        candidates += picked
    runoff = core.create(
        actor=actor,
        instance=Poll(
            assembly=poll.assembly,
            agenda_item=poll.agenda_item,
            title_en=f"Run-off: {poll.title_en or poll.title_ko}",
            title_ko=f"결선투표: {poll.title_ko or poll.title_en}",
            kind=poll.kind,
            method=PollMethod.SINGLE,
            seats=1,
            runoff_of=poll,
        ),
    )
    runoff.candidates.set([int(c) for c in candidates])
    audit.record(actor=actor, obj=runoff, action="changed", fields=["candidates"])
    _bump(poll.assembly)
    return runoff


def _rewrite_box(poll: Poll, entries) -> None:
    """Replace the box's rows by fresh ones in receipt order with new random keys: the rows'
    physical order and transaction ids then say nothing about when each ballot came."""
    Ballot.objects.filter(poll=poll).delete()
    rows = [Ballot(id=uuid.uuid4(), poll=poll, receipt=r, choice=_json(c)) for r, c in entries]
    rows.sort(key=lambda row: row.receipt)
    Ballot.objects.bulk_create(rows)


def _json(choice):
    return list(choice) if isinstance(choice, tuple) else choice


# --- minutes ----------------------------------------------------------------------------------


def _require_minutes_open(assembly) -> None:
    if assembly.minutes_approved_at is not None:
        raise ValidationError(
            _("These minutes were approved by %(assembly)s: they can no longer be changed.")
            % {"assembly": assembly.minutes_approved_by or "—"}
        )


def set_minutes_notes(*, actor, assembly, notes: dict) -> object:
    """The secretary's preamble and notes of the minutes, in Korean and English (until the
    minutes are approved: then they are read-only)."""
    _require_staff(actor, assembly)
    _require_minutes_open(assembly)
    changes = {f"minutes_notes_{lang}": (notes.get(lang) or "").strip() for lang in ("ko", "en")}
    if any(len(text) > 20000 for text in changes.values()):
        raise ValidationError({"minutes_notes": [_("Keep the notes under 20,000 characters.")]})
    return core.update(actor=actor, instance=assembly, changes=changes)


# --- circulating the agenda -------------------------------------------------------------------


def agenda_digest(assembly) -> str:
    """A fingerprint of what members receive: the agenda's items and the motions' deadline."""
    parts = [str(assembly.motions_deadline or "")]
    for item in queries.agenda(assembly):
        parts += [str(item.position), item.kind, item.title_ko, item.title_en]
        parts += [item.description_ko, item.description_en]
    for document in queries.documents(assembly).order_by("pk"):
        parts += [str(document.pk), document.sha256, document.title_ko, document.title_en]
    return hashlib.sha256("\x1f".join(p or "" for p in parts).encode()).hexdigest()


@transaction.atomic
def circulate_agenda(*, actor, assembly, motions_deadline=None):
    """Record a circulation of the agenda (with the members' deadline for motions, if given)
    and mail it to the members from a task. The same agenda is circulated once: a second
    request (a double click) is refused; after a change it goes out as a revised version.
    The documents not circulated before go out with it: from now on members read them."""
    _require_staff(actor, assembly)
    # Serialise circulations of this assembly (two clicks meet here).
    assembly = type(assembly).objects.select_for_update().get(pk=assembly.pk)
    if motions_deadline is not None and motions_deadline != assembly.motions_deadline:
        assembly = core.update(
            actor=actor, instance=assembly, changes={"motions_deadline": motions_deadline}
        )
    if not queries.agenda(assembly).exists():
        raise ValidationError(_("The agenda has no items yet: add them before circulating it."))
    digest = agenda_digest(assembly)
    last = assembly.circulations.order_by("-version").first()
    if last is not None and last.digest == digest:
        raise ValidationError(
            _("This agenda was already circulated as version %(version)d; change it first.")
            % {"version": last.version}
        )
    return _circulate(actor, assembly, digest, last, automatic=False)


def _circulate(actor, assembly, digest: str, last, *, automatic: bool):
    from .models import AgendaCirculation, AgendaDocument
    from .tasks import send_circulation

    circulation = core.insert(
        actor=actor,
        instance=AgendaCirculation(
            assembly=assembly,
            version=(last.version + 1) if last else 1,
            digest=digest,
            circulated_by=actor,
            automatic=automatic,
        ),
        trusted=("assembly", "circulated_by"),
    )
    AgendaDocument.objects.filter(assembly=assembly, circulated_in__isnull=True).update(
        circulated_in=circulation
    )
    run_after_commit(send_circulation, circulation.pk)
    return circulation


def circulation_due(assembly, now=None) -> bool:
    """Whether the schedule circulates ``assembly``'s agenda now: it has a number of days
    and a start, the moment that many days before has come and the assembly has not started,
    nothing was circulated on its own yet, and the agenda as it stands was not circulated."""
    now = now or timezone.now()
    days = assembly.circulate_days_before
    if days is None or assembly.starts_at is None:
        return False
    if not assembly.starts_at - datetime.timedelta(days=days) <= now < assembly.starts_at:
        return False
    if assembly.circulations.filter(automatic=True).exists():
        return False
    if not queries.agenda(assembly).exists():
        return False
    last = assembly.circulations.order_by("-version").first()
    return last is None or last.digest != agenda_digest(assembly)


def circulate_due(now=None) -> int:
    """Circulate every agenda due now (the beat schedule's job, ``tasks.circulate_due``): each
    in its own transaction under the assembly's lock, checked again there, so that two runs at
    once, or a run after the staff's click, send it once. Returns how many went out."""
    from .models import Assembly

    sent = 0
    for assembly_id in queries.auto_circulation_candidates():
        with transaction.atomic():
            assembly = (
                Assembly.objects.select_for_update(of=("self",))
                .select_related("summit")
                .get(pk=assembly_id)
            )
            if not circulation_due(assembly, now):
                continue
            last = assembly.circulations.order_by("-version").first()
            _circulate(None, assembly, agenda_digest(assembly), last, automatic=True)
            sent += 1
    return sent


@transaction.atomic
def set_auto_circulation(*, actor, assembly, days) -> object:
    """How many days before the assembly its agenda goes out on its own (None: never)."""
    _require_staff(actor, assembly)
    if days in (None, ""):
        value = None
    else:
        try:
            value = int(days)
        except (TypeError, ValueError):
            value = -1
        if not 1 <= value <= 365:
            raise ValidationError(
                {"circulate_days_before": [_("Give a number of days from 1 to 365, or none.")]}
            )
        if assembly.starts_at is None:
            raise ValidationError(
                {
                    "circulate_days_before": [
                        _("The assembly has no start yet: the days before it cannot be counted.")
                    ]
                }
            )
    return core.update(actor=actor, instance=assembly, changes={"circulate_days_before": value})


def motions_closed(assembly) -> bool:
    deadline = assembly.motions_deadline
    return deadline is not None and timezone.now() > deadline


# --- the voting kiosk -------------------------------------------------------------------------

KIOSK_PIN_LIFETIME = datetime.timedelta(hours=12)


def _pin_digest(assembly, pin: str) -> str:
    return salted_hmac("summitry.assembly.kiosk-pin", f"{assembly.pk}:{pin}").hexdigest()


@transaction.atomic
def issue_kiosk_pin(*, actor, assembly, user) -> str:
    """A one-time PIN with which ``user`` (who casts a vote here) identifies at the assembly's
    kiosk. Returned once; only its keyed digest is kept. Issuing one again replaces any
    unused one of the same voter."""
    from .models import KioskPin

    _require_staff(actor, assembly)
    if user is None or not queries.castable(user, assembly):
        raise ValidationError(_("This person casts no vote at this assembly."))
    KioskPin.objects.filter(assembly=assembly, user=user, used_at__isnull=True).delete()
    for _attempt in range(5):
        pin = f"{secrets.randbelow(10**8):08d}"
        digest = _pin_digest(assembly, pin)
        if not KioskPin.objects.filter(digest=digest).exists():
            break
    KioskPin.objects.create(
        assembly=assembly,
        user=user,
        digest=digest,
        issued_by=actor,
        expires_at=timezone.now() + KIOSK_PIN_LIFETIME,
    )
    audit.record(actor=actor, obj=assembly, action="kiosk PIN issued")
    return pin


@transaction.atomic
def kiosk_identify(*, actor, assembly, pin: str):
    """The voter at the kiosk types their PIN: it is used up (once, before it expires) and
    the voter's account returned. The kiosk is run by the assembly's staff."""
    from .models import KioskPin

    _require_staff(actor, assembly)
    typed = "".join(ch for ch in str(pin or "") if ch.isdigit())
    found = None
    if len(typed) == 8:
        found = (
            KioskPin.objects.select_for_update()
            .select_related("user")
            .filter(
                assembly=assembly,
                digest=_pin_digest(assembly, typed),
                used_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
    if found is None:
        raise ValidationError(
            {"pin": [_("This PIN is not valid: wrong, already used or expired.")]}
        )
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    return found.user


# A badge shown at the kiosk and refused: why, in words the kiosk shows in both languages.
BADGE_REFUSALS = {
    "forged": gettext_lazy("This badge code is not valid: forged, damaged or of another summit."),
    "revoked": gettext_lazy("This badge was revoked. Ask the secretariat for a new one."),
    "superseded": gettext_lazy("This badge was replaced by a newer one. Show the newest badge."),
    "withdrawn": gettext_lazy("This delegate's registration is cancelled or withdrawn."),
    "no_vote": gettext_lazy("This person casts no vote at this assembly."),
}


def _refuse_badge(code: str):
    return ValidationError(str(BADGE_REFUSALS[code]), code=code)


def is_badge_code(text: str) -> bool:
    """Whether what was typed (or scanned) at the kiosk is a badge code, not a PIN."""
    from summitry.checkin import signing

    return str(text or "").strip().upper().startswith(signing.PREFIX)


def kiosk_identify_badge(*, actor, assembly, code: str):
    """The voter at the kiosk shows their badge (check-in's signed code, read by a scanner):
    its signature is verified (checkin.signing) and its state read, the badge's delegate
    returned if they cast a vote here. A forged, revoked, superseded or withdrawn badge is
    refused with its reason (``ValidationError.code``: a key of BADGE_REFUSALS). Nothing is
    written: one vote per member stays the voter roll's rule."""
    from summitry.checkin import signing
    from summitry.checkin.services import withdrawn

    _require_staff(actor, assembly)
    try:
        payload = signing.verify(code)
    except signing.Forged:
        raise _refuse_badge("forged") from None
    badge = queries.badge(assembly, payload.badge_id)
    if badge is None or not badge.issued or payload.version > badge.version:
        raise _refuse_badge("forged")
    if badge.revoked_at is not None:
        raise _refuse_badge("revoked")
    if payload.version < badge.version:
        raise _refuse_badge("superseded")
    if withdrawn(badge.delegate):
        raise _refuse_badge("withdrawn")
    user = badge.delegate.user
    if user is None or not user.is_active or not queries.castable(user, assembly):
        raise _refuse_badge("no_vote")
    return user


# --- approving the minutes at the next assembly -----------------------------------------------

APPROVING_KINDS = ("report", "other")


@transaction.atomic
def link_minutes(*, actor, item, minutes_of) -> object:
    """An agenda item (report or other) of a later assembly of the same body puts the minutes
    of ``minutes_of`` (an earlier assembly) to the vote; None unlinks it. A poll on the item
    that passes approves them (close_poll)."""
    from .models import AgendaItem, Assembly

    assembly = item.assembly
    _require_staff(actor, assembly)
    item = AgendaItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if minutes_of is not None:
        if item.kind not in APPROVING_KINDS:
            raise ValidationError(
                {"approves_minutes": [_("Only a report or an “other” item approves minutes.")]}
            )
        earlier = queries.earlier_assemblies(assembly)
        if not earlier.filter(pk=minutes_of.pk).exists():
            raise ValidationError(
                {"approves_minutes": [_("Choose an earlier assembly of the same body.")]}
            )
        minutes_of = Assembly.objects.get(pk=minutes_of.pk)
        _require_minutes_open(minutes_of)
    if item.polls.exclude(state=PollState.DRAFT).exists():
        raise ValidationError(
            {"approves_minutes": [_("This item has been voted on: its link stays as it is.")]}
        )
    return core.update(actor=actor, instance=item, changes={"approves_minutes": minutes_of})


def _approve_minutes(actor, poll: Poll) -> None:
    """A passed poll on an item that approves minutes marks them approved, once."""
    from .models import Assembly

    target_id = poll.agenda_item.approves_minutes_id
    if target_id is None:
        return
    target = Assembly.objects.select_for_update().get(pk=target_id)
    if target.minutes_approved_at is not None:
        return
    target.minutes_approved_at = poll.closed_at
    target.minutes_approved_by = poll.assembly
    target.save(update_fields=["minutes_approved_at", "minutes_approved_by"])
    audit.record(
        actor=actor,
        obj=target,
        action="changed",
        fields=["minutes_approved_at", "minutes_approved_by"],
    )


# --- setting up the agenda and the polls (the console, instead of the Django admin) -----------


def _texts(values: dict) -> dict:
    return {lang: (values.get(lang) or "").strip() for lang in ("ko", "en")}


@transaction.atomic
def add_agenda_item(*, actor, assembly, kind: str, title: dict, description: dict, position=None):
    """A new item at the end of the agenda (or at ``position``), titled in at least one
    language."""
    _require_staff(actor, assembly)
    if position in (None, ""):
        last = assembly.agenda.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
    try:
        position = int(position)
    except (TypeError, ValueError):
        raise ValidationError({"position": [_("The order is a whole number.")]}) from None
    item = AgendaItem(
        assembly=assembly,
        position=position,
        kind=kind,
        **core.flatten_bilingual({"title": _texts(title), "description": _texts(description)}),
    )
    item = core.create(actor=actor, instance=item)
    _bump(assembly)
    return item


ELECTIONS = (PollMethod.SINGLE, PollMethod.BLOCK, PollMethod.RANKED, PollMethod.LIST)


def _poll_values(
    assembly,
    *,
    agenda_item_id,
    title: dict,
    kind: str,
    method: str,
    seats=1,
    rule_fraction: str = "1/2",
    rule_base: str = "cast",
    rule_comparison: str = "more_than",
    candidate_ids=(),
    motion_id=None,
) -> tuple[dict, list]:
    """A vote's fields as given on the setup page, checked: (values, candidates)."""
    errors: dict[str, list] = {}
    item = assembly.agenda.filter(pk=_whole(agenda_item_id)).first()
    if item is None:
        errors["agenda_item"] = [_("Choose an item of this assembly's agenda.")]
    motion = None
    if motion_id not in (None, ""):
        motion = assembly.motions.filter(pk=_whole(motion_id)).first()
        if motion is None:
            errors["motion"] = [_("Choose a motion of this assembly.")]
    seats = _whole(seats)
    if seats is None or seats < 1:
        errors["seats"] = [_("An election fills at least one seat.")]
    try:
        MajorityRule(fraction=rule_fraction, base=rule_base, comparison=rule_comparison)
    except (ValueError, TypeError, ZeroDivisionError):
        errors["rule_fraction"] = [
            _("The majority is a fraction above 0 and at most 1, e.g. 1/2 or 2/3.")
        ]
    ids = {_whole(pk) for pk in candidate_ids} - {None}
    candidates = list(queries.members(assembly.body).filter(pk__in=ids))
    if len(candidates) != len(ids):
        errors["candidates"] = [_("Candidates are members of the assembly's body.")]
    elif method in ELECTIONS and not candidates:
        errors["candidates"] = [_("An election needs at least one candidate.")]
    elif method == PollMethod.MOTION and candidates:
        errors["candidates"] = [_("A vote on a motion has no candidates.")]
    if errors:
        raise ValidationError(errors)
    values = {
        "agenda_item": item,
        "motion": motion,
        "kind": kind,
        "method": method,
        "seats": seats if method in (PollMethod.BLOCK, PollMethod.RANKED) else 1,
        "rule_fraction": str(rule_fraction).strip(),
        "rule_base": rule_base,
        "rule_comparison": rule_comparison,
        **core.flatten_bilingual({"title": _texts(title)}),
    }
    return values, candidates


@transaction.atomic
def add_poll(*, actor, assembly, **fields) -> Poll:
    """A vote, not opened yet, on an item of this assembly's agenda: on a motion (yes / no /
    abstain under a majority rule) or an election among members of the assembly's body
    (``fields`` as _poll_values takes them)."""
    _require_staff(actor, assembly)
    values, candidates = _poll_values(assembly, **fields)
    poll = core.create(actor=actor, instance=Poll(assembly=assembly, **values))
    if candidates:
        poll.candidates.set(candidates)
        audit.record(actor=actor, obj=poll, action="changed", fields=["candidates"])
    _bump(assembly)
    return poll


def _require_draft(poll: Poll) -> None:
    if poll.state != PollState.DRAFT:
        raise ValidationError(
            _(
                "The vote “%(poll)s” has been opened: votes may have been cast, so it can no "
                "longer be changed or removed."
            )
            % {"poll": poll}
        )


@transaction.atomic
def update_poll(*, actor, poll: Poll, **fields) -> Poll:
    """Change a vote while it has not been opened (no vote can have been cast)."""
    _require_staff(actor, poll.assembly)
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    _require_draft(poll)
    values, candidates = _poll_values(poll.assembly, **fields)
    poll = core.update(actor=actor, instance=poll, changes=values)
    if set(poll.candidates.all()) != set(candidates):
        poll.candidates.set(candidates)
        audit.record(actor=actor, obj=poll, action="changed", fields=["candidates"])
    _bump(poll.assembly)
    return poll


@transaction.atomic
def delete_poll(*, actor, poll: Poll) -> None:
    """Remove a vote that has not been opened."""
    _require_staff(actor, poll.assembly)
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    _require_draft(poll)
    assembly = poll.assembly
    core.delete(actor=actor, instance=poll)
    _bump(assembly)


@transaction.atomic
def update_agenda_item(
    *, actor, item: AgendaItem, kind: str, title: dict, description: dict, position
) -> AgendaItem:
    """Correct an agenda item's title, description and order (any time); its kind only while
    none of its votes has been opened."""
    _require_staff(actor, item.assembly)
    try:
        position = int(position)
    except (TypeError, ValueError):
        raise ValidationError({"position": [_("The order is a whole number.")]}) from None
    if kind != item.kind and item.polls.exclude(state=PollState.DRAFT).exists():
        raise ValidationError(
            {"kind": [_("A vote on this item has been opened: its kind can no longer change.")]}
        )
    changes = {
        "kind": kind,
        "position": position,
        **core.flatten_bilingual({"title": _texts(title), "description": _texts(description)}),
    }
    item = core.update(actor=actor, instance=item, changes=changes)
    _bump(item.assembly)
    return item


def agenda_item_locked(item: AgendaItem) -> str:
    """Why an agenda item can no longer be deleted ("" when it can): a vote on it has been
    opened (votes may have been cast), or one of its documents has gone out to the members."""
    if item.polls.exclude(state=PollState.DRAFT).exists():
        return _(
            "A vote on this item has been opened: votes may have been cast, and the item stays "
            "on the agenda and in the minutes."
        )
    if item.documents.filter(circulated_in__isnull=False).exists():
        return _(
            "Its documents have been circulated to the members: the item stays on the agenda "
            "they received."
        )
    return ""


@transaction.atomic
def delete_agenda_item(*, actor, item: AgendaItem) -> None:
    """Remove an agenda item with its votes not opened and its documents not circulated (and
    their files); its motions stay, without an item. Refused once ``agenda_item_locked``."""
    from . import documents as document_files

    _require_staff(actor, item.assembly)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    reason = agenda_item_locked(item)
    if reason:
        raise ValidationError(
            _("“%(item)s” cannot be deleted. %(reason)s") % {"item": item, "reason": reason}
        )
    for document in item.documents.all():
        document_files.remove(actor=actor, document=document)
    for poll in item.polls.all():
        core.delete(actor=actor, instance=poll)
    assembly = item.assembly
    core.delete(actor=actor, instance=item)
    _bump(assembly)


def _whole(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
