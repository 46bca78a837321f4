"""The secret ballot's public side: receipts, the bulletin's order and digest, and the recount."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.solvers.voting import (
    RECEIPT_BYTES,
    BlockElection,
    InvalidBallot,
    ListVote,
    MajorityRule,
    MotionVote,
    SingleSeatElection,
    STVElection,
    bulletin_from_dict,
    make_bulletin,
    new_receipt,
    normalise_receipt,
    recount,
)
from summitry.solvers.voting.__main__ import main

QUICK = settings(deadline=None, database=None, max_examples=80)
RECEIPT = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$")
CITIES = ("Seoul", "Busan", "Kazan", "Makati")
VOTES = [
    (MotionVote(MajorityRule.qualified("2/3")), st.sampled_from(["yes", "no", "abstain"])),
    (ListVote(CITIES), st.sampled_from(["yes", "no", "abstain"])),
    (SingleSeatElection(CITIES, lot_seed="s"), st.sampled_from([*CITIES, None])),
    (
        BlockElection(CITIES, 2, lot_seed="s"),
        st.lists(st.sampled_from(CITIES), unique=True, max_size=2),
    ),
    (STVElection(CITIES, 2, lot_seed="s"), st.permutations(CITIES).map(lambda p: p[:3])),
]


def test_receipts_are_80_bit_base32_codes_and_do_not_repeat():
    assert RECEIPT_BYTES * 8 >= 80
    receipts = [new_receipt() for _ in range(2000)]
    assert all(RECEIPT.match(r) for r in receipts)
    assert len(set(receipts)) == len(receipts)


def test_a_receipt_as_typed_by_a_voter():
    assert normalise_receipt(" k3qf 7zxa-m2pd w6jb ") == "K3QF-7ZXA-M2PD-W6JB"
    assert normalise_receipt("K3QF7ZXA-M2PD-W6J8") == "K3QF-7ZXA-M2PD-W6JB"
    for typo in ("K3QF-7ZXA-M2PD", "K3QF-7ZXA-M2PD-W9J0", ""):
        with pytest.raises(ValueError):
            normalise_receipt(typo)


@st.composite
def boxes(draw):
    """A vote and its ballot box: (receipt, ballot) rows in the order they were cast."""
    vote, ballot = draw(st.sampled_from(VOTES))
    ballots = draw(st.lists(ballot, max_size=15))
    receipts = [new_receipt() for _ in ballots]
    return vote, list(zip(receipts, ballots, strict=True))


@QUICK
@given(box=boxes(), data=st.data())
def test_the_bulletin_says_nothing_of_the_casting_order_and_recounts_to_the_same_result(box, data):
    vote, rows = box
    bulletin = make_bulletin(vote, rows)
    shuffled = make_bulletin(vote, data.draw(st.permutations(rows)))
    assert shuffled == bulletin and shuffled.digest() == bulletin.digest()
    assert [r for r, _ in bulletin.entries] == sorted(r for r, _ in rows)
    published = json.loads(json.dumps(bulletin.to_dict()))
    assert recount(published) == vote.count([ballot for _, ballot in rows])
    assert bulletin_from_dict(published).digest() == bulletin.digest()
    for receipt, ballot in rows:
        found, choice = bulletin.lookup(receipt.lower())
        assert found and choice == vote.validate(ballot)


def test_a_changed_or_missing_ballot_changes_the_digest():
    vote = MotionVote()
    rows = [(new_receipt(), "yes"), (new_receipt(), "no"), (new_receipt(), "yes")]
    digest = make_bulletin(vote, rows).digest()
    assert make_bulletin(vote, [*rows[:2], (rows[2][0], "no")]).digest() != digest
    assert make_bulletin(vote, rows[:2]).digest() != digest
    assert make_bulletin(vote, rows[:2]).lookup(rows[2][0]) == (False, None)


def test_duplicate_receipts_and_invalid_ballots_are_refused():
    receipt = new_receipt()
    with pytest.raises(ValueError, match="twice"):
        make_bulletin(MotionVote(), [(receipt, "yes"), (receipt.lower(), "no")])
    with pytest.raises(InvalidBallot) as refused:
        make_bulletin(MotionVote(), [(new_receipt(), "yes"), (new_receipt(), "ja")])
    assert refused.value.index == 1
    with pytest.raises(ValueError):
        bulletin_from_dict({"format": "summitry.voting/1", "kind": "result"})


def test_anyone_recounts_a_published_bulletin_from_the_command_line(tmp_path, capsys):
    rows = [(new_receipt(), "yes") for _ in range(5)] + [(new_receipt(), "no") for _ in range(3)]
    bulletin = make_bulletin(MotionVote(MajorityRule.qualified("2/3")), rows)
    path = tmp_path / "bulletin.json"
    path.write_text(json.dumps(bulletin.to_dict()), encoding="utf-8")
    assert main([str(path), rows[-1][0]]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["digest"] == bulletin.digest()
    assert report["result"]["counts"] == {"yes": 5, "no": 3, "abstain": 0}
    assert report["result"]["outcome"] == "rejected"  # 5 of 8 is less than two-thirds
    assert report["receipt"] == {"found": True, "choice": "no"}
