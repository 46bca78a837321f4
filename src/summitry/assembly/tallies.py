"""From a poll's settings to the vote definition of `summitry.solvers.voting`, and the texts
that state a result's rule in the reader's language (the solver's keys, docs/VOTING.md)."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from summitry.solvers.voting import (
    BlockElection,
    ListVote,
    MajorityRule,
    MotionVote,
    Quorum,
    SingleSeatElection,
    STVElection,
)

from .models import PollMethod, QuorumToOpen


def rule(poll) -> MajorityRule:
    return MajorityRule(
        fraction=poll.rule_fraction, base=poll.rule_base, comparison=poll.rule_comparison
    )


def definition(poll, *, present: int | None = None, members: int | None = None):
    """The solver's vote for ``poll``; for counting, the numbers present (or represented) and
    voting members, and the quorum unless the chair opened the poll without it."""
    if poll.method == PollMethod.BLOCK:
        ids = tuple(str(pk) for pk in poll.candidates.order_by("pk").values_list("pk", flat=True))
        return BlockElection(candidates=ids, seats=poll.seats)
    if poll.method == PollMethod.SINGLE:
        ids = tuple(str(pk) for pk in poll.candidates.order_by("pk").values_list("pk", flat=True))
        return SingleSeatElection(candidates=ids, runoff=poll.runoff_of_id is not None)
    if poll.method == PollMethod.RANKED:
        ids = tuple(str(pk) for pk in poll.candidates.order_by("pk").values_list("pk", flat=True))
        return STVElection(candidates=ids, seats=poll.seats)
    quorum = None
    needs_quorum = poll.assembly.quorum_to_open != QuorumToOpen.NOT_REQUIRED
    if present is not None and members is not None and needs_quorum and not poll.override_reason:
        quorum = Quorum(
            fraction=poll.assembly.quorum_fraction, comparison=poll.assembly.quorum_comparison
        )
    if poll.method == PollMethod.LIST:
        ids = tuple(str(pk) for pk in poll.candidates.order_by("pk").values_list("pk", flat=True))
        return ListVote(
            candidates=ids, rule=rule(poll), present=present, members=members, quorum=quorum
        )
    return MotionVote(rule=rule(poll), present=present, members=members, quorum=quorum)


def fraction_words(text: str) -> str:
    """ "2/3" in English, "3분의 2" in Korean."""
    if get_language() == "ko" and "/" in text:
        numerator, denominator = text.split("/", 1)
        return f"{denominator}분의 {numerator}"
    return text


def describe_rule(data: dict) -> str:
    """A rule's text key (MajorityRule.to_dict / Quorum.to_dict / an election's rule) said in
    the active language."""
    key = data.get("key", "")
    params = dict(data.get("params") or {})
    if "fraction" in params:
        params["fraction"] = fraction_words(params["fraction"])
    if key == "election.stv":
        params["library"] = data.get("library") or "pyrankvote"
    texts = {
        "motion.simple": _(
            "Simple majority: more yes than no votes; abstentions not counted; a tie fails"
        ),
        "motion.absolute": _(
            "Absolute majority: more than half of the votes cast, abstentions included"
        ),
        "motion.at_least.cast": _("At least %(fraction)s of the yes and no votes"),
        "motion.more_than.cast": _("More than %(fraction)s of the yes and no votes"),
        "motion.at_least.cast_with_abstentions": _(
            "At least %(fraction)s of the votes cast, abstentions included"
        ),
        "motion.more_than.cast_with_abstentions": _(
            "More than %(fraction)s of the votes cast, abstentions included"
        ),
        "motion.at_least.present": _("At least %(fraction)s of the members present or represented"),
        "motion.more_than.present": _(
            "More than %(fraction)s of the members present or represented"
        ),
        "motion.at_least.members": _("At least %(fraction)s of all voting members"),
        "motion.more_than.members": _("More than %(fraction)s of all voting members"),
        "quorum.more_than": _(
            "Quorum: more than %(fraction)s of the voting members present or represented"
        ),
        "quorum.at_least": _(
            "Quorum: at least %(fraction)s of the voting members present or represented"
        ),
        "election.absolute_majority": _(
            "One seat: elected with more than half of the votes for candidates (abstentions "
            "not counted); without such a majority, a run-off between the top two"
        ),
        "election.runoff": _(
            "Run-off between the top two of the first round: most votes wins; a tie is "
            "decided by the assembly"
        ),
        "election.block": _(
            "Up to %(seats)s choices per ballot; the %(seats)s candidates with most votes "
            "are elected"
        ),
        "election.stv": _(
            "Single transferable vote for %(seats)s seat(s), counted by %(library)s: elected "
            "with more than (valid ballots) / (seats + 1) votes (the exact Droop quota; blank "
            "ballots not counted); an elected candidate's surplus and an excluded candidate's "
            "votes pass to each ballot's next preference, shared equally among all its ballots "
            "(inclusive Gregory); the candidate(s) with fewest votes are excluded when nobody "
            "reaches the quota; ties go to the most next preferences, then to the assembly"
        ),
    }
    text = texts.get(key)
    if text is None:
        return key
    return text % params if params else text


def abstention_words(data: dict) -> str:
    if data.get("abstentions") == "ignored":
        return _("Abstentions are not counted.")
    return _("Abstentions count against.")
