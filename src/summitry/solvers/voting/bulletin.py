"""The public side of a secret ballot: receipt codes, the bulletin (receipt, choice) sorted by
receipt, its digest, and the recount anyone can run from it (see docs/VOTING.md)."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from summitry.solvers.voting.common import FORMAT, InvalidBallot
from summitry.solvers.voting.elections import BlockElection, ListVote, SingleSeatElection
from summitry.solvers.voting.motions import MotionVote
from summitry.solvers.voting.stv import STVElection

RECEIPT_BYTES = 10  # 80 bits from the operating system's CSPRNG: 16 base32 characters
RECEIPT_LENGTH = 16
_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_MISREAD = str.maketrans("018", "OIB")

VOTES = {
    kind.kind: kind
    for kind in (MotionVote, ListVote, SingleSeatElection, BlockElection, STVElection)
}
Vote = MotionVote | ListVote | SingleSeatElection | BlockElection | STVElection


def new_receipt() -> str:
    """A fresh receipt code, e.g. "K3QF-7ZXA-M2PD-W6JB" (base32: no 0, 1, 8 or 9)."""
    code = base64.b32encode(secrets.token_bytes(RECEIPT_BYTES)).decode("ascii")
    return _group(code)


def _group(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def normalise_receipt(text: str) -> str:
    """A receipt as typed by a voter (any case, spaces or hyphens) in its printed form; the
    digits 0, 1 and 8, which codes never hold, are read as the letters O, I and B."""
    code = "".join(text.split()).replace("-", "").upper().translate(_MISREAD)
    if len(code) != RECEIPT_LENGTH or not set(code) <= _BASE32:
        raise ValueError(f"{text!r} is not a receipt code of {RECEIPT_LENGTH} letters and digits")
    return _group(code)


def vote_from_dict(data: Mapping[str, Any]) -> Vote:
    """A vote's definition from its JSON form (the `to_dict` of any vote class)."""
    if data.get("format") != FORMAT:
        raise ValueError(f"expected format {FORMAT!r}, got {data.get('format')!r}")
    kind = data.get("kind")
    if kind not in VOTES:
        raise ValueError(f"unknown vote kind {kind!r}; known: {', '.join(sorted(VOTES))}")
    return VOTES[kind].from_dict(data)


def _json_choice(choice: Any) -> Any:
    return list(choice) if isinstance(choice, tuple) else choice


@dataclass(frozen=True)
class Bulletin:
    """Every ballot of a closed secret vote as (receipt, choice), sorted by receipt so that the
    order says nothing about who voted when. Build it with `make_bulletin`."""

    vote: Vote
    entries: tuple[tuple[str, Any], ...]

    def choices(self) -> list[Any]:
        return [choice for _, choice in self.entries]

    def lookup(self, receipt: str) -> tuple[bool, Any]:
        """(found, choice) for the receipt a voter kept."""
        wanted = normalise_receipt(receipt)
        for code, choice in self.entries:
            if code == wanted:
                return True, choice
        return False, None

    def recount(self) -> Any:
        return self.vote.count(self.choices())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "kind": "bulletin",
            "vote": self.vote.to_dict(),
            "entries": [
                {"receipt": receipt, "choice": _json_choice(choice)}
                for receipt, choice in self.entries
            ],
        }

    def digest(self) -> str:
        """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8): shown when the vote
        closes and written in the minutes, so a later change to the bulletin shows."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_bulletin(vote: Vote, entries: Iterable[tuple[str, Any]]) -> Bulletin:
    """The bulletin from the ballot box's rows (receipt, ballot): every ballot validated (an
    InvalidBallot names the first bad one by its position), receipts unique, sorted."""
    rows = []
    seen = set()
    for index, (receipt, ballot) in enumerate(entries):
        code = normalise_receipt(receipt)
        if code in seen:
            raise ValueError(f"receipt {code} appears twice")
        seen.add(code)
        try:
            rows.append((code, vote.validate(ballot)))
        except InvalidBallot as error:
            raise error.at(index) from None
    return Bulletin(vote=vote, entries=tuple(sorted(rows, key=lambda row: row[0])))


def bulletin_from_dict(data: Mapping[str, Any]) -> Bulletin:
    if data.get("format") != FORMAT or data.get("kind") != "bulletin":
        raise ValueError("expected a summitry.voting/1 bulletin")
    vote = vote_from_dict(data["vote"])
    return make_bulletin(vote, ((e["receipt"], e["choice"]) for e in data["entries"]))


def recount(data: Mapping[str, Any] | Bulletin) -> Any:
    """The result, counted again from a published bulletin (its JSON form or the object)."""
    bulletin = data if isinstance(data, Bulletin) else bulletin_from_dict(data)
    return bulletin.recount()
