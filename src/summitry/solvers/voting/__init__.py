"""Vote counting for general assemblies: motions under majority rules, elections (absolute
majority with run-off, block plurality, STV, list approval) and the secret ballot's bulletin.

Pure: plain data in, frozen dataclasses out, each with `to_dict()` for JSON. A vote is defined
by one of the vote classes; `validate(ballot)` checks one ballot at casting time and
`count(ballots)` validates them all, then counts. docs/VOTING.md has the rules and the protocol.
"""

from summitry.solvers.voting.bulletin import (
    RECEIPT_BYTES,
    Bulletin,
    Vote,
    bulletin_from_dict,
    make_bulletin,
    new_receipt,
    normalise_receipt,
    recount,
    vote_from_dict,
)
from summitry.solvers.voting.common import (
    FORMAT,
    CountError,
    InvalidBallot,
    Selection,
    lot_order,
)
from summitry.solvers.voting.elections import (
    ELECTED,
    NO_VOTES,
    NOT_ELECTED,
    RUNOFF,
    TIE,
    BlockElection,
    BlockResult,
    ListResult,
    ListVote,
    SingleSeatElection,
    SingleSeatResult,
)
from summitry.solvers.voting.motions import (
    ABSTAIN,
    ADOPTED,
    CHOICES,
    NO,
    NO_QUORUM,
    REJECTED,
    YES,
    Base,
    Comparison,
    MajorityRule,
    MotionCount,
    MotionResult,
    MotionVote,
    Quorum,
    QuorumResult,
)
from summitry.solvers.voting.stv import STVElection, STVResult, STVRound

__all__ = [
    "ABSTAIN",
    "ADOPTED",
    "CHOICES",
    "ELECTED",
    "FORMAT",
    "NO",
    "NOT_ELECTED",
    "NO_QUORUM",
    "NO_VOTES",
    "RECEIPT_BYTES",
    "REJECTED",
    "RUNOFF",
    "TIE",
    "YES",
    "Base",
    "BlockElection",
    "BlockResult",
    "Bulletin",
    "Comparison",
    "CountError",
    "InvalidBallot",
    "ListResult",
    "ListVote",
    "MajorityRule",
    "MotionCount",
    "MotionResult",
    "MotionVote",
    "Quorum",
    "QuorumResult",
    "STVElection",
    "STVResult",
    "STVRound",
    "Selection",
    "SingleSeatElection",
    "SingleSeatResult",
    "Vote",
    "bulletin_from_dict",
    "lot_order",
    "make_bulletin",
    "new_receipt",
    "normalise_receipt",
    "recount",
    "vote_from_dict",
]
