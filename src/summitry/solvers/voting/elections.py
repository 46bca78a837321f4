"""Elections counted by hand-checkable rules: one seat by absolute majority with a run-off,
several seats by block plurality, and yes/no/abstain on a whole list of candidates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Self

from summitry.solvers.voting.common import (
    FORMAT,
    Selection,
    check_candidate,
    check_candidates,
    check_choices,
    check_seats,
    select_top,
    validate_all,
)
from summitry.solvers.voting.motions import MajorityRule, MotionResult, MotionVote, Quorum

ELECTED = "elected"
RUNOFF = "runoff"
TIE = "tie"  # a tie that the assembly must decide (no lot seed was given)
NOT_ELECTED = "not_elected"
NO_VOTES = "no_votes"


def _tally(candidates: tuple[str, ...], chosen: Iterable[str]) -> dict[str, int]:
    votes = dict.fromkeys(candidates, 0)
    for candidate in chosen:
        votes[candidate] += 1
    return votes


@dataclass(frozen=True)
class SingleSeatResult:
    """One round of a single-seat election.

    Round 1 elects whoever has more than half of `base_value` (the votes for candidates, plus
    abstentions when they count); otherwise the two with most votes go to a run-off. Round 2
    (the run-off) elects whoever has most votes. A tie at a place that decides (second place
    in round 1, first in round 2) is `outcome == "tie"`, unless the lot decided it; then
    `runoff` holds only the candidates certain of a place and `selection` says who is level
    for how many places.
    """

    round: int
    votes: Mapping[str, int]
    abstentions: int
    outcome: str
    elected: str | None = None
    runoff: tuple[str, ...] = ()
    base_value: int | None = None
    required: int | None = None
    selection: Selection | None = None
    abstentions_count: bool = False

    def rule(self) -> dict[str, Any]:
        if self.round == 2:
            return {"key": "election.runoff", "params": {}, "tie": "decision_or_lot"}
        abstentions = "count_against" if self.abstentions_count else "ignored"
        return {
            "key": "election.absolute_majority",
            "params": {"abstentions": abstentions},
            "abstentions": abstentions,
            "majority": "more_than_half",
            "no_majority": "runoff_between_top_two",
            "tie": "decision_or_lot",
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": "single_seat",
            "round": self.round,
            "rule": self.rule(),
            "votes": dict(self.votes),
            "abstentions": self.abstentions,
            "base_value": self.base_value,
            "required": self.required,
            "outcome": self.outcome,
            "elected": self.elected,
            "runoff": list(self.runoff),
            "tie": None if self.selection is None else self.selection.to_dict(),
        }


@dataclass(frozen=True)
class SingleSeatElection:
    """One seat. A ballot names one candidate, or is None (an abstention, a blank ballot).

    `runoff=True` counts the second round (most votes wins) among the candidates of the first
    round's `runoff`. `lot_seed`, when given, breaks ties by the documented lot (`lot_order`);
    without it a tie is reported for the assembly to decide.
    """

    candidates: tuple[str, ...]
    runoff: bool = False
    abstentions_count: bool = False
    lot_seed: str | None = None

    kind = "single_seat"

    def __post_init__(self) -> None:
        object.__setattr__(self, "candidates", check_candidates(self.candidates))

    def validate(self, ballot: Any) -> str | None:
        if ballot is None:
            return None
        return check_candidate(self.candidates, ballot)

    def count(self, ballots: Iterable[Any]) -> SingleSeatResult:
        choices = validate_all(self, ballots)
        votes = _tally(self.candidates, (c for c in choices if c is not None))
        abstentions = choices.count(None)
        common = {
            "votes": votes,
            "abstentions": abstentions,
            "abstentions_count": self.abstentions_count,
        }
        if not any(votes.values()):
            return SingleSeatResult(round=2 if self.runoff else 1, outcome=NO_VOTES, **common)
        if self.runoff:
            selection = select_top(votes, 1, self.lot_seed)
            if selection.undecided:
                return SingleSeatResult(round=2, outcome=TIE, selection=selection, **common)
            return SingleSeatResult(
                round=2,
                outcome=ELECTED,
                elected=selection.chosen[0],
                selection=selection if selection.tied else None,
                **common,
            )
        base_value = sum(votes.values()) + (abstentions if self.abstentions_count else 0)
        required = base_value // 2 + 1
        majority = {"base_value": base_value, "required": required}
        leader = max(votes, key=lambda candidate: votes[candidate])
        if votes[leader] >= required:
            return SingleSeatResult(round=1, outcome=ELECTED, elected=leader, **majority, **common)
        if len(self.candidates) == 1:
            return SingleSeatResult(round=1, outcome=NOT_ELECTED, **majority, **common)
        selection = select_top(votes, 2, self.lot_seed)
        if selection.undecided:
            return SingleSeatResult(
                round=1,
                outcome=TIE,
                runoff=selection.chosen,
                selection=selection,
                **majority,
                **common,
            )
        return SingleSeatResult(
            round=1,
            outcome=RUNOFF,
            runoff=selection.chosen,
            selection=selection if selection.tied else None,
            **majority,
            **common,
        )

    def runoff_election(self, result: SingleSeatResult) -> SingleSeatElection:
        """The second round after a first round whose outcome is "runoff"."""
        if result.outcome != RUNOFF:
            raise ValueError(f"no run-off after a first round with outcome {result.outcome!r}")
        return SingleSeatElection(candidates=result.runoff, runoff=True, lot_seed=self.lot_seed)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "candidates": list(self.candidates),
            "runoff": self.runoff,
            "abstentions_count": self.abstentions_count,
            "lot_seed": self.lot_seed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SingleSeatElection:
        return cls(
            candidates=tuple(data["candidates"]),
            runoff=data.get("runoff", False),
            abstentions_count=data.get("abstentions_count", False),
            lot_seed=data.get("lot_seed"),
        )


@dataclass(frozen=True)
class BlockResult:
    """Block plurality: the `seats` candidates with most votes; a tie at the last seat is
    `outcome == "tie"` unless the lot decided it, and then `elected` holds only the candidates
    certain of a seat."""

    seats: int
    votes: Mapping[str, int]
    ballots: int
    blank: int
    outcome: str
    elected: tuple[str, ...] = ()
    selection: Selection | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": "block",
            "rule": {
                "key": "election.block",
                "params": {"seats": self.seats},
                "choices_per_ballot": f"at most {self.seats}",
                "tie": "decision_or_lot",
            },
            "seats": self.seats,
            "votes": dict(self.votes),
            "ballots": self.ballots,
            "blank": self.blank,
            "outcome": self.outcome,
            "elected": list(self.elected),
            "tie": None
            if self.selection is None or not self.selection.tied
            else self.selection.to_dict(),
        }


@dataclass(frozen=True)
class SeatElection:
    """What elections to several seats share: candidates, seats, the lot seed, the JSON form."""

    candidates: tuple[str, ...]
    seats: int
    lot_seed: str | None = None

    kind = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "candidates", check_candidates(self.candidates))
        check_seats(self.seats)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "candidates": list(self.candidates),
            "seats": self.seats,
            "lot_seed": self.lot_seed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        return cls(
            candidates=tuple(data["candidates"]),
            seats=data["seats"],
            lot_seed=data.get("lot_seed"),
        )


@dataclass(frozen=True)
class BlockElection(SeatElection):
    """Several seats; a ballot lists at most `seats` distinct candidates (none: blank)."""

    kind = "block"

    def validate(self, ballot: Any) -> tuple[str, ...]:
        choices = set(check_choices(self.candidates, ballot, self.seats, "duplicate_choice"))
        # One order for the same choice, so the bulletin shows equal ballots equally.
        return tuple(c for c in self.candidates if c in choices)

    def count(self, ballots: Iterable[Any]) -> BlockResult:
        choices = validate_all(self, ballots)
        votes = _tally(self.candidates, (c for ballot in choices for c in ballot))
        common = {
            "seats": self.seats,
            "votes": votes,
            "ballots": len(choices),
            "blank": sum(1 for ballot in choices if not ballot),
        }
        if not any(votes.values()):
            return BlockResult(outcome=NO_VOTES, **common)
        selection = select_top(votes, self.seats, self.lot_seed)
        return BlockResult(
            outcome=TIE if selection.undecided else ELECTED,
            elected=selection.chosen,
            selection=selection,
            **common,
        )


@dataclass(frozen=True)
class ListResult:
    """Yes/no/abstain on a whole list: all its candidates are elected, or none."""

    candidates: tuple[str, ...]
    motion: MotionResult
    elected: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        motion = self.motion.to_dict()
        return {
            **motion,
            "kind": "list",
            "rule": {**motion["rule"], "list_key": "election.list"},
            "candidates": list(self.candidates),
            "elected": list(self.elected),
        }


@dataclass(frozen=True)
class ListVote:
    """A yes/no/abstain vote on one list of candidates, decided by a majority rule."""

    candidates: tuple[str, ...]
    rule: MajorityRule = field(default_factory=MajorityRule)
    present: int | None = None
    members: int | None = None
    quorum: Quorum | None = None

    kind = "list"

    def __post_init__(self) -> None:
        object.__setattr__(self, "candidates", check_candidates(self.candidates))
        self.motion()  # the motion's own checks

    def motion(self) -> MotionVote:
        return MotionVote(
            rule=self.rule, present=self.present, members=self.members, quorum=self.quorum
        )

    def validate(self, ballot: Any) -> str:
        return self.motion().validate(ballot)

    def count(self, ballots: Iterable[Any]) -> ListResult:
        result = self.motion().count(ballots)
        return ListResult(
            candidates=self.candidates,
            motion=result,
            elected=self.candidates if result.passed else (),
        )

    def to_dict(self) -> dict[str, Any]:
        return {**self.motion().to_dict(), "kind": self.kind, "candidates": list(self.candidates)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ListVote:
        motion = MotionVote.from_dict(data)
        return cls(
            candidates=tuple(data["candidates"]),
            rule=motion.rule,
            present=motion.present,
            members=motion.members,
            quorum=motion.quorum,
        )
