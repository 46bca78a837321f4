"""What every count shares: the errors, exact fractions as text, candidate lists and the lot."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

FORMAT = "summitry.voting/1"


class InvalidBallot(ValueError):
    """A ballot that may not be counted; raised before anything is counted.

    `code` is stable for the app to translate: unknown_choice, unknown_candidate,
    too_many_choices, duplicate_choice, duplicate_ranking, not_a_ballot. `index` is the
    ballot's position in the list being counted (None when one ballot is validated alone).
    """

    def __init__(self, code: str, detail: str, index: int | None = None) -> None:
        self.code = code
        self.detail = detail
        self.index = index
        where = "" if index is None else f"ballot {index}: "
        super().__init__(f"{where}{code}: {detail}")

    def at(self, index: int) -> InvalidBallot:
        return InvalidBallot(self.code, self.detail, index)


class CountError(RuntimeError):
    """The count itself failed (a library refused a state); the result needs a manual count."""


def fraction_text(value: Fraction) -> str:
    """An exact fraction as JSON-safe text: "2/3", "10"."""
    return str(value)


def parse_fraction(value: Fraction | int | str) -> Fraction:
    if isinstance(value, float):
        raise TypeError("fractions must be exact: pass Fraction(2, 3) or '2/3', not a float")
    return Fraction(value)


def check_candidates(candidates: Iterable[str]) -> tuple[str, ...]:
    result = tuple(candidates)
    if not result:
        raise ValueError("an election needs at least one candidate")
    for candidate in result:
        if not isinstance(candidate, str) or not candidate:
            raise ValueError(f"candidate ids are non-empty strings, not {candidate!r}")
    if len(set(result)) != len(result):
        raise ValueError("a candidate appears twice in the list")
    return result


def check_candidate(candidates: tuple[str, ...], choice: Any) -> str:
    if not isinstance(choice, str):
        raise InvalidBallot("not_a_ballot", f"{choice!r} is not a candidate id")
    if choice not in candidates:
        raise InvalidBallot("unknown_candidate", f"{choice!r} is not a candidate")
    return choice


def check_seats(seats: int) -> int:
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
        raise ValueError(f"seats must be a positive integer, not {seats!r}")
    return seats


def check_count(name: str, value: int | None) -> int | None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise ValueError(f"{name} must be a non-negative integer, not {value!r}")
    return value


def validate_all(vote: Any, ballots: Iterable[Any]) -> list[Any]:
    """Every ballot through `vote.validate`, before any is counted; the error names the first
    bad ballot by its position."""
    result = []
    for index, ballot in enumerate(ballots):
        try:
            result.append(vote.validate(ballot))
        except InvalidBallot as error:
            raise error.at(index) from None
    return result


def check_choices(candidates: tuple[str, ...], ballot: Any, limit: int, duplicate: str) -> list:
    """A ballot listing candidates (a list, tuple or set), each known, none twice."""
    if isinstance(ballot, str | bytes) or not isinstance(ballot, Iterable):
        raise InvalidBallot("not_a_ballot", f"{ballot!r} is not a list of candidates")
    choices = list(ballot)
    for choice in choices:
        check_candidate(candidates, choice)
    if len(set(choices)) != len(choices):
        raise InvalidBallot(duplicate, f"a candidate appears twice in {choices!r}")
    if len(choices) > limit:
        raise InvalidBallot("too_many_choices", f"{len(choices)} choices, at most {limit}")
    return choices


# The lot. Whoever holds the seed can redo it by hand with any SHA-256 tool, on any Python
# version: unlike random.shuffle, whose algorithm Python does not promise to keep.


def _digest(seed: str, label: str) -> str:
    return hashlib.sha256(f"{seed}\n{label}".encode()).hexdigest()


def lot_order(candidates: Iterable[str], seed: str) -> tuple[str, ...]:
    """The tied candidates in the order drawn: by SHA-256(seed + "\\n" + candidate id), the
    lowest hexadecimal digest first."""
    return tuple(sorted(candidates, key=lambda candidate: (_digest(seed, candidate), candidate)))


class LotDraws:
    """Numbered draws from a seed: draw n picks item SHA-256(seed + "\\n#" + n) mod len."""

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self.count = 0

    def choice(self, items: Sequence[Any]) -> Any:
        self.count += 1
        return items[int(_digest(self.seed, f"#{self.count}"), 16) % len(items)]


@dataclass(frozen=True)
class Selection:
    """Who takes `places` places by most votes, and the tie at the last place if any.

    `chosen` are certain of a place (by votes, or by the lot when `lot_seed` was given);
    `tied` are the candidates level at the last place, competing for `open_places` of them.
    `decided_by_lot` says whether the lot filled those places; otherwise `tied` still needs
    a decision and `chosen` holds only the candidates placed by votes.
    """

    chosen: tuple[str, ...]
    tied: tuple[str, ...] = ()
    open_places: int = 0
    decided_by_lot: bool = False
    lot_order: tuple[str, ...] = ()

    @property
    def undecided(self) -> bool:
        return bool(self.tied) and not self.decided_by_lot

    def to_dict(self) -> dict[str, Any]:
        return {
            "chosen": list(self.chosen),
            "tied": list(self.tied),
            "open_places": self.open_places,
            "decided_by_lot": self.decided_by_lot,
            "lot_order": list(self.lot_order),
        }


def select_top(votes: Mapping[str, int], places: int, lot_seed: str | None) -> Selection:
    """The `places` candidates with most votes (in the mapping's order among equals)."""
    ranked = sorted(votes, key=lambda candidate: -votes[candidate])
    if len(ranked) <= places:
        return Selection(chosen=tuple(ranked))
    boundary = votes[ranked[places - 1]]
    above = tuple(c for c in ranked if votes[c] > boundary)
    level = tuple(c for c in ranked if votes[c] == boundary)
    open_places = places - len(above)
    if len(level) <= open_places:
        return Selection(chosen=above + level)
    if lot_seed is None:
        return Selection(chosen=above, tied=level, open_places=open_places)
    order = lot_order(level, lot_seed)
    return Selection(
        chosen=above + order[:open_places],
        tied=level,
        open_places=open_places,
        decided_by_lot=True,
        lot_order=order,
    )
