"""Motions: yes/no/abstain ballots, the majority rules, quorum, and the decision with its rule."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from typing import Any

from summitry.solvers.voting.common import (
    FORMAT,
    InvalidBallot,
    check_count,
    fraction_text,
    parse_fraction,
    validate_all,
)

YES = "yes"
NO = "no"
ABSTAIN = "abstain"
CHOICES = (YES, NO, ABSTAIN)

ADOPTED = "adopted"
REJECTED = "rejected"
NO_QUORUM = "no_quorum"


class Base(StrEnum):
    """What the fraction of a majority rule is taken of."""

    CAST = "cast"  # yes + no: abstentions do not count
    CAST_WITH_ABSTENTIONS = "cast_with_abstentions"  # yes + no + abstain
    PRESENT = "present"  # members present (or present and represented: the caller's count)
    MEMBERS = "members"  # all voting members


class Comparison(StrEnum):
    MORE_THAN = "more_than"  # exactly the fraction is not enough
    AT_LEAST = "at_least"  # exactly the fraction is enough


@dataclass(frozen=True)
class MajorityRule:
    """A motion passes when yes is more than (or at least) `fraction` of `base`, and yes > no.

    The second condition only matters for fractions of 1/2 or less: a tie never passes.
    Simple majority is more than 1/2 of yes + no (so yes > no); absolute majority is more than
    1/2 of the votes cast including abstentions; two-thirds is usually "at least 2/3".
    """

    fraction: Fraction = Fraction(1, 2)
    base: Base = Base.CAST
    comparison: Comparison = Comparison.MORE_THAN

    def __post_init__(self) -> None:
        object.__setattr__(self, "fraction", parse_fraction(self.fraction))
        object.__setattr__(self, "base", Base(self.base))
        object.__setattr__(self, "comparison", Comparison(self.comparison))
        if not 0 < self.fraction <= 1:
            raise ValueError(f"the fraction must be in (0, 1], not {self.fraction}")

    @classmethod
    def simple(cls) -> MajorityRule:
        return cls()

    @classmethod
    def absolute(cls) -> MajorityRule:
        return cls(base=Base.CAST_WITH_ABSTENTIONS)

    @classmethod
    def qualified(
        cls,
        fraction: Fraction | str,
        base: Base | str = Base.CAST,
        comparison: Comparison | str = Comparison.AT_LEAST,
    ) -> MajorityRule:
        return cls(
            fraction=parse_fraction(fraction), base=Base(base), comparison=Comparison(comparison)
        )

    @property
    def name(self) -> str:
        if self.fraction == Fraction(1, 2) and self.comparison == Comparison.MORE_THAN:
            if self.base == Base.CAST:
                return "simple"
            if self.base == Base.CAST_WITH_ABSTENTIONS:
                return "absolute"
        return "qualified"

    def threshold(self, base_value: int) -> Fraction:
        return self.fraction * base_value

    def required(self, base_value: int, no: int) -> int:
        """The fewest yes votes that pass, given the base and the no votes."""
        threshold = self.threshold(base_value)
        if self.comparison == Comparison.AT_LEAST:
            by_fraction = math.ceil(threshold)
        else:
            by_fraction = math.floor(threshold) + 1
        return max(by_fraction, no + 1)

    def description(self) -> tuple[str, dict[str, str]]:
        """A stable text key and its parameters, for the app's Korean and English catalogues."""
        if self.name != "qualified":
            return f"motion.{self.name}", {}
        return f"motion.{self.comparison}.{self.base}", {"fraction": fraction_text(self.fraction)}

    def to_dict(self) -> dict[str, Any]:
        key, params = self.description()
        return {
            "name": self.name,
            "fraction": fraction_text(self.fraction),
            "base": str(self.base),
            "comparison": str(self.comparison),
            # Stated on every result, so the minutes never leave them to interpretation.
            "abstentions": "ignored" if self.base == Base.CAST else "count_against",
            "tie": "fails",
            "exactly_the_fraction": "passes" if self.comparison == Comparison.AT_LEAST else "fails",
            "key": key,
            "params": params,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MajorityRule:
        return cls(
            fraction=parse_fraction(data.get("fraction", "1/2")),
            base=Base(data.get("base", Base.CAST)),
            comparison=Comparison(data.get("comparison", Comparison.MORE_THAN)),
        )


@dataclass(frozen=True)
class Quorum:
    """Quorum: more than (or at least) `fraction` of the voting members present or represented."""

    fraction: Fraction = Fraction(1, 2)
    comparison: Comparison = Comparison.MORE_THAN

    def __post_init__(self) -> None:
        object.__setattr__(self, "fraction", parse_fraction(self.fraction))
        object.__setattr__(self, "comparison", Comparison(self.comparison))
        if not 0 < self.fraction <= 1:
            raise ValueError(f"the quorum fraction must be in (0, 1], not {self.fraction}")

    def required(self, members: int) -> int:
        """The fewest members present (or represented) that make the quorum."""
        threshold = self.fraction * members
        if self.comparison == Comparison.AT_LEAST:
            return math.ceil(threshold)
        return math.floor(threshold) + 1

    def check(self, present: int, members: int) -> QuorumResult:
        required = self.required(members)
        return QuorumResult(
            quorum=self,
            present=present,
            members=members,
            required=required,
            met=present >= required,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "fraction": fraction_text(self.fraction),
            "comparison": str(self.comparison),
            "key": f"quorum.{self.comparison}",
            "params": {"fraction": fraction_text(self.fraction)},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quorum:
        return cls(
            fraction=parse_fraction(data.get("fraction", "1/2")),
            comparison=Comparison(data.get("comparison", Comparison.MORE_THAN)),
        )


@dataclass(frozen=True)
class QuorumResult:
    quorum: Quorum
    present: int
    members: int
    required: int
    met: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.quorum.to_dict(),
            "present": self.present,
            "members": self.members,
            "required": self.required,
            "met": self.met,
        }


@dataclass(frozen=True)
class MotionCount:
    yes: int = 0
    no: int = 0
    abstain: int = 0

    def __post_init__(self) -> None:
        for name in CHOICES:
            check_count(name, getattr(self, name))

    @property
    def cast(self) -> int:
        return self.yes + self.no

    @property
    def cast_with_abstentions(self) -> int:
        return self.yes + self.no + self.abstain

    def to_dict(self) -> dict[str, int]:
        return {YES: self.yes, NO: self.no, ABSTAIN: self.abstain}


@dataclass(frozen=True)
class MotionResult:
    """The decision on a motion, with everything the minutes state about it."""

    counts: MotionCount
    rule: MajorityRule
    base_value: int
    threshold: Fraction
    required: int
    passed: bool
    outcome: str
    present: int | None = None
    members: int | None = None
    quorum: QuorumResult | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": "motion",
            "counts": self.counts.to_dict(),
            "rule": self.rule.to_dict(),
            "base_value": self.base_value,
            "threshold": fraction_text(self.threshold),
            "required": self.required,
            "passed": self.passed,
            "outcome": self.outcome,
            "present": self.present,
            "members": self.members,
            "quorum": None if self.quorum is None else self.quorum.to_dict(),
        }


@dataclass(frozen=True)
class MotionVote:
    """A vote on a motion: its majority rule and, where the rule or quorum needs them, how many
    members are present (or present and represented) and how many voting members there are."""

    rule: MajorityRule = field(default_factory=MajorityRule)
    present: int | None = None
    members: int | None = None
    quorum: Quorum | None = None

    kind = "motion"

    def __post_init__(self) -> None:
        check_count("present", self.present)
        check_count("members", self.members)
        if self.present is not None and self.members is not None and self.present > self.members:
            raise ValueError(f"present ({self.present}) exceeds members ({self.members})")
        if self.rule.base == Base.PRESENT and self.present is None:
            raise ValueError("a majority of members present needs the number present")
        if self.rule.base == Base.MEMBERS and self.members is None:
            raise ValueError("a majority of all voting members needs the number of members")
        if self.quorum is not None and (self.present is None or self.members is None):
            raise ValueError("a quorum check needs the numbers present and members")

    def validate(self, ballot: Any) -> str:
        if not isinstance(ballot, str) or ballot not in CHOICES:
            raise InvalidBallot("unknown_choice", f"{ballot!r} is not one of {', '.join(CHOICES)}")
        return ballot

    def tally(self, ballots: Iterable[Any]) -> MotionCount:
        """Validate every ballot first (InvalidBallot names the first bad one), then count."""
        choices = validate_all(self, ballots)
        return MotionCount(
            yes=choices.count(YES), no=choices.count(NO), abstain=choices.count(ABSTAIN)
        )

    def count(self, ballots: Iterable[Any]) -> MotionResult:
        return self.decide(self.tally(ballots))

    def decide(self, counts: MotionCount) -> MotionResult:
        """The decision from counts made elsewhere (a show of hands, a roll call)."""
        voted = counts.cast_with_abstentions
        if self.present is not None and voted > self.present:
            raise ValueError(
                f"{voted} voted but only {self.present} present: present must count every "
                "member who voted, represented members included"
            )
        if self.members is not None and voted > self.members:
            raise ValueError(f"{voted} voted but there are only {self.members} voting members")
        base_value = {
            Base.CAST: counts.cast,
            Base.CAST_WITH_ABSTENTIONS: voted,
            Base.PRESENT: self.present,
            Base.MEMBERS: self.members,
        }[self.rule.base]
        required = self.rule.required(base_value, counts.no)
        passed = counts.yes >= required
        quorum = None
        if self.quorum is not None:
            quorum = self.quorum.check(self.present, self.members)
        if quorum is not None and not quorum.met:
            outcome, passed = NO_QUORUM, False
        else:
            outcome = ADOPTED if passed else REJECTED
        return MotionResult(
            counts=counts,
            rule=self.rule,
            base_value=base_value,
            threshold=self.rule.threshold(base_value),
            required=required,
            passed=passed,
            outcome=outcome,
            present=self.present,
            members=self.members,
            quorum=quorum,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": self.kind,
            "rule": self.rule.to_dict(),
            "present": self.present,
            "members": self.members,
            "quorum": None if self.quorum is None else self.quorum.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MotionVote:
        quorum = data.get("quorum")
        return cls(
            rule=MajorityRule.from_dict(data.get("rule", {})),
            present=data.get("present"),
            members=data.get("members"),
            quorum=None if quorum is None else Quorum.from_dict(quorum),
        )
