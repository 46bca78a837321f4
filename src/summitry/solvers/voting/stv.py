"""Ranked elections by single transferable vote, counted by pyrankvote, its rules named.

pyrankvote 2.0.6 applies these rules (docs/VOTING.md explains them; the property tests recount
them independently with exact fractions):

- quota: a candidate is elected with more than (valid ballots) / (seats + 1) votes, the exact
  Droop quota; blank ballots are not valid ballots for the quota;
- candidates over the quota in the same round are all elected; their surplus (votes − quota)
  is shared equally among all the ballots they hold and passed to each ballot's next
  continuing preference (an unweighted inclusive Gregory transfer);
- in a round without an election, continuing candidates are walked from most to fewest
  votes; one at position `open seats` or lower is excluded when its votes together with all
  those below it do not exceed the votes of the one just above it (at least the last one is
  excluded); an excluded candidate's votes are shared equally among all its ballots and
  passed on;
- when no more candidates continue than seats remain open, they are all elected;
- ties between equal totals: most next preferences (2nd, then 3rd, ... among continuing
  candidates on all ballots), and when those are equal too, the lot;
- arithmetic in binary floating point, totals within 0.001 counted as equal.

The lot: pyrankvote draws from Python's global random generator, which would make a recount
differ. We lend it, for the duration of one count, a chooser drawing from the caller's seed
(`LotDraws`), so the same seed and ballots give the same result; without a seed the count stops
at the first lot and reports a tie for the assembly to resolve.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import pyrankvote
from pyrankvote import helpers as pyrankvote_helpers

from summitry.solvers.voting.common import (
    FORMAT,
    CountError,
    InvalidBallot,
    LotDraws,
    check_choices,
    validate_all,
)
from summitry.solvers.voting.elections import ELECTED, NO_VOTES, TIE, SeatElection

RULES = {
    "quota": "droop_exact",
    "transfer": "unweighted_inclusive_gregory",
    "exclusion": "lowest_or_hopeless_group",
    "ties": "next_preferences_then_lot",
    "arithmetic": "float_equal_within_0.001",
    "uncontested": "all_elected",
}
STATUS = {"Elected": "elected", "Hopeful": "continuing", "Rejected": "excluded"}

# pyrankvote reads the module attribute `random` of its helpers at each draw; the lock keeps
# two counts in this process from lending it their choosers at the same time.
_LOT_LOCK = threading.Lock()


class _LotNeeded(Exception):
    pass


class _NoLot:
    def choice(self, items: Sequence[Any]) -> Any:
        raise _LotNeeded


@dataclass(frozen=True)
class STVRound:
    """Totals after one round: each candidate's votes and status, and the exhausted votes."""

    votes: Mapping[str, float]
    status: Mapping[str, str]
    exhausted: float

    def to_dict(self) -> dict[str, Any]:
        return {"votes": dict(self.votes), "status": dict(self.status), "exhausted": self.exhausted}


@dataclass(frozen=True)
class STVResult:
    seats: int
    ballots: int
    blank: int
    outcome: str
    elected: tuple[str, ...] = ()
    rounds: tuple[STVRound, ...] = ()
    lot_consulted: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": "stv",
            "rule": {
                "key": "election.stv",
                "params": {"seats": self.seats},
                "library": f"pyrankvote {version('pyrankvote')}",
                **RULES,
            },
            "seats": self.seats,
            "ballots": self.ballots,
            "blank": self.blank,
            "outcome": self.outcome,
            "elected": list(self.elected),
            "lot_consulted": self.lot_consulted,
            "rounds": [r.to_dict() for r in self.rounds],
        }


@dataclass(frozen=True)
class STVElection(SeatElection):
    """Several seats (or one: then it is instant run-off); a ballot ranks distinct candidates,
    most preferred first, as many as the voter wishes (none: blank)."""

    kind = "stv"

    def validate(self, ballot: Any) -> tuple[str, ...]:
        if not isinstance(ballot, list | tuple):
            raise InvalidBallot("not_a_ballot", f"{ballot!r} is not a ranking (a list)")
        limit = len(self.candidates)
        return tuple(check_choices(self.candidates, ballot, limit, "duplicate_ranking"))

    def count(self, ballots: Iterable[Any]) -> STVResult:
        rankings = validate_all(self, ballots)
        common = {
            "seats": self.seats,
            "ballots": len(rankings),
            "blank": sum(1 for ranking in rankings if not ranking),
        }
        if common["blank"] == len(rankings):
            return STVResult(outcome=NO_VOTES, **common)
        if len(self.candidates) <= self.seats:
            # pyrankvote stops with "Illegal state" here; the rule it would apply is this one.
            return STVResult(outcome=ELECTED, elected=self.candidates, **common)
        chooser = _NoLot() if self.lot_seed is None else LotDraws(self.lot_seed)
        try:
            counted = _run_pyrankvote(self.candidates, rankings, self.seats, chooser)
        except _LotNeeded:
            return STVResult(outcome=TIE, lot_consulted=True, **common)
        rounds = tuple(
            STVRound(
                votes={
                    r.candidate.name: round(r.number_of_votes, 6) for r in rnd.candidate_results
                },
                status={r.candidate.name: STATUS[r.status] for r in rnd.candidate_results},
                exhausted=round(rnd.number_of_blank_votes, 6),
            )
            for rnd in counted.rounds
        )
        return STVResult(
            outcome=ELECTED,
            elected=tuple(c.name for c in counted.get_winners()),
            rounds=rounds,
            lot_consulted=isinstance(chooser, LotDraws) and chooser.count > 0,
            **common,
        )


def _run_pyrankvote(
    candidates: tuple[str, ...], rankings: list[tuple[str, ...]], seats: int, chooser: Any
) -> pyrankvote.helpers.ElectionResults:
    by_id = {c: pyrankvote.Candidate(c) for c in candidates}
    ballots = [pyrankvote.Ballot([by_id[c] for c in ranking]) for ranking in rankings]
    with _LOT_LOCK:
        lent = pyrankvote_helpers.random
        pyrankvote_helpers.random = chooser
        try:
            return pyrankvote.single_transferable_vote(list(by_id.values()), ballots, seats)
        except RuntimeError as error:
            raise CountError(f"pyrankvote could not count these ballots: {error}") from error
        finally:
            pyrankvote_helpers.random = lent
