"""Single-seat (with run-off), block plurality and list elections against brute force, with ties."""

from __future__ import annotations

import hashlib
import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.solvers.voting import (
    ADOPTED,
    ELECTED,
    NO_VOTES,
    NOT_ELECTED,
    REJECTED,
    RUNOFF,
    TIE,
    BlockElection,
    InvalidBallot,
    ListVote,
    MajorityRule,
    SingleSeatElection,
    lot_order,
    vote_from_dict,
)

QUICK = settings(deadline=None, database=None, max_examples=300)
NAMES = ("Seoul", "Busan", "Tbilisi", "Ulaanbaatar", "Kazan", "Makati")
SEEDS = st.none() | st.text("abcdef0123", min_size=1, max_size=8)


@st.composite
def single_seat_cases(draw):
    candidates = NAMES[: draw(st.integers(1, 5))]
    # Few voters among few candidates: ties come often.
    ballots = draw(st.lists(st.sampled_from((*candidates, None)), max_size=12))
    return candidates, ballots


def tally(candidates, chosen):
    votes = dict.fromkeys(candidates, 0)
    for c in chosen:
        votes[c] += 1
    return votes


def valid_sets(votes, size):
    """Every set of `size` candidates that no candidate left out beats: the possible winners."""
    result = []
    for group in itertools.combinations(votes, size):
        left_out = [c for c in votes if c not in group]
        if all(votes[c] <= votes[g] for c in left_out for g in group):
            result.append(frozenset(group))
    return result


def check_places(result_chosen, tie, sets, seed):
    """The chosen set against all possible sets: unique, a reported tie, or a lot among them."""
    certain = frozenset.intersection(*sets)
    if len(sets) == 1:
        assert frozenset(result_chosen) == sets[0]
        return
    assert tie is not None
    assert set(tie["tied"]) == set(frozenset.union(*sets) - certain)
    assert tie["open_places"] == len(sets[0]) - len(certain)
    if seed is None:
        assert frozenset(result_chosen) == certain
    else:
        assert frozenset(result_chosen) in sets
        assert tie["decided_by_lot"]


@QUICK
@given(case=single_seat_cases(), abstentions_count=st.booleans(), seed=SEEDS)
def test_first_round_matches_brute_force(case, abstentions_count, seed):
    candidates, ballots = case
    election = SingleSeatElection(candidates, abstentions_count=abstentions_count, lot_seed=seed)
    result = election.count(ballots)
    votes = tally(candidates, [b for b in ballots if b is not None])
    assert dict(result.votes) == votes
    base = len(ballots) if abstentions_count else sum(votes.values())
    majority = [c for c in candidates if 2 * votes[c] > base]
    if sum(votes.values()) == 0:
        assert result.outcome == NO_VOTES
    elif majority:
        assert (result.outcome, result.elected) == (ELECTED, majority[0])
    elif len(candidates) == 1:
        assert result.outcome == NOT_ELECTED
    else:
        sets = valid_sets(votes, 2)
        tie = result.to_dict()["tie"]
        undecided = len(sets) > 1 and seed is None
        assert result.outcome == (TIE if undecided else RUNOFF)
        check_places(result.runoff, tie, sets, seed)


@QUICK
@given(case=single_seat_cases(), seed=SEEDS)
def test_runoff_round_matches_brute_force(case, seed):
    candidates, ballots = case
    result = SingleSeatElection(candidates, runoff=True, lot_seed=seed).count(ballots)
    votes = tally(candidates, [b for b in ballots if b is not None])
    if sum(votes.values()) == 0:
        assert result.outcome == NO_VOTES
        return
    sets = valid_sets(votes, 1)
    undecided = len(sets) > 1 and seed is None
    assert result.outcome == (TIE if undecided else ELECTED)
    chosen = () if result.elected is None else (result.elected,)
    check_places(chosen, result.to_dict()["tie"], sets, seed)


@st.composite
def block_cases(draw):
    candidates = NAMES[: draw(st.integers(1, 6))]
    seats = draw(st.integers(1, len(candidates) + 1))
    ballot = st.lists(st.sampled_from(candidates), unique=True, max_size=seats)
    return candidates, seats, draw(st.lists(ballot, max_size=10))


@QUICK
@given(case=block_cases(), seed=SEEDS)
def test_block_plurality_matches_brute_force(case, seed):
    candidates, seats, ballots = case
    result = BlockElection(candidates, seats, lot_seed=seed).count(ballots)
    votes = tally(candidates, [c for ballot in ballots for c in ballot])
    assert dict(result.votes) == votes
    assert result.blank == sum(1 for b in ballots if not b)
    if sum(votes.values()) == 0:
        assert result.outcome == NO_VOTES
        return
    sets = valid_sets(votes, min(seats, len(candidates)))
    undecided = len(sets) > 1 and seed is None
    assert result.outcome == (TIE if undecided else ELECTED)
    check_places(result.elected, result.to_dict()["tie"], sets, seed)


@QUICK
@given(case=block_cases(), seed=st.text(min_size=1, max_size=8))
def test_the_lot_is_the_same_for_the_same_seed_and_any_ballot_order(case, seed):
    candidates, seats, ballots = case
    election = BlockElection(candidates, seats, lot_seed=seed)
    assert election.count(ballots) == election.count(list(reversed(ballots)))


def test_a_majority_in_the_first_round_elects():
    result = SingleSeatElection(("Seoul", "Busan", "Kazan")).count(
        ["Seoul"] * 6 + ["Busan"] * 3 + ["Kazan"] * 2 + [None] * 4
    )
    assert (result.outcome, result.elected, result.base_value, result.required) == (
        ELECTED,
        "Seoul",
        11,
        6,
    )
    counted = SingleSeatElection(("Seoul", "Busan", "Kazan"), abstentions_count=True).count(
        ["Seoul"] * 6 + ["Busan"] * 3 + ["Kazan"] * 2 + [None] * 4
    )
    assert (counted.outcome, counted.runoff, counted.required) == (RUNOFF, ("Seoul", "Busan"), 8)


def test_tie_for_second_place_is_reported_or_drawn_by_lot():
    ballots = ["Seoul"] * 4 + ["Busan"] * 3 + ["Kazan"] * 3
    undecided = SingleSeatElection(("Seoul", "Busan", "Kazan")).count(ballots)
    assert (undecided.outcome, undecided.runoff) == (TIE, ("Seoul",))
    assert set(undecided.selection.tied) == {"Busan", "Kazan"}
    assert undecided.selection.open_places == 1
    drawn = SingleSeatElection(("Seoul", "Busan", "Kazan"), lot_seed="GA6-item-4").count(ballots)
    first = lot_order(["Busan", "Kazan"], "GA6-item-4")[0]
    assert (drawn.outcome, drawn.runoff) == (RUNOFF, ("Seoul", first))
    assert drawn.selection.decided_by_lot


def test_a_tie_at_the_runoff_is_reported_or_drawn_by_lot():
    first = SingleSeatElection(("Seoul", "Busan", "Kazan"), lot_seed="s")
    round_one = first.count(["Seoul"] * 4 + ["Busan"] * 3 + ["Kazan"] * 2)
    second = first.runoff_election(round_one)
    assert second.candidates == ("Seoul", "Busan") and second.runoff
    drawn = second.count(["Seoul"] * 4 + ["Busan"] * 4 + [None])
    assert (drawn.outcome, drawn.elected) == (ELECTED, lot_order(["Seoul", "Busan"], "s")[0])
    undecided = SingleSeatElection(("Seoul", "Busan"), runoff=True).count(["Seoul", "Busan"])
    assert (undecided.outcome, undecided.elected) == (TIE, None)
    assert undecided.to_dict()["rule"]["key"] == "election.runoff"
    with pytest.raises(ValueError):
        first.runoff_election(drawn)


def test_a_tie_at_the_last_seat_of_a_block_election():
    ballots = [["Seoul", "Busan"], ["Seoul", "Kazan"], ["Seoul", "Makati"], ["Busan", "Kazan"]]
    result = BlockElection(("Seoul", "Busan", "Kazan", "Makati"), 2).count(ballots)
    assert (result.outcome, result.elected) == (TIE, ("Seoul",))
    assert result.to_dict()["tie"]["tied"] == ["Busan", "Kazan"]
    drawn = BlockElection(("Seoul", "Busan", "Kazan", "Makati"), 2, lot_seed="x").count(ballots)
    assert drawn.elected == ("Seoul", lot_order(["Busan", "Kazan"], "x")[0])


def test_no_votes_and_uncontested_block_elections():
    assert BlockElection(("Seoul", "Busan"), 2).count([[], []]).outcome == NO_VOTES
    assert SingleSeatElection(("Seoul",)).count([None, None]).outcome == NO_VOTES
    uncontested = BlockElection(("Seoul", "Busan"), 3).count([["Seoul"]])
    assert (uncontested.outcome, set(uncontested.elected)) == (ELECTED, {"Seoul", "Busan"})


def test_the_lot_is_sha256_of_seed_and_candidate():
    def digest(name):
        return hashlib.sha256(f"seed\n{name}".encode()).hexdigest()

    assert lot_order(NAMES, "seed") == tuple(sorted(NAMES, key=digest))
    assert lot_order(NAMES, "seed") != lot_order(NAMES, "other seed")


@pytest.mark.parametrize(
    ("ballot", "code"),
    [
        (["Seoul", "Seoul"], "duplicate_choice"),
        (["Seoul", "Paris"], "unknown_candidate"),
        (["Seoul", "Busan", "Kazan"], "too_many_choices"),
        ("Seoul", "not_a_ballot"),
        ([3], "not_a_ballot"),
    ],
)
def test_invalid_block_ballots(ballot, code):
    election = BlockElection(("Seoul", "Busan", "Kazan"), 2)
    with pytest.raises(InvalidBallot) as refused:
        election.count([["Seoul"], ballot])
    assert (refused.value.code, refused.value.index) == (code, 1)


def test_invalid_single_seat_ballots_and_definitions():
    election = SingleSeatElection(("Seoul", "Busan"))
    with pytest.raises(InvalidBallot) as refused:
        election.count(["Seoul", None, "Paris"])
    assert (refused.value.code, refused.value.index) == ("unknown_candidate", 2)
    with pytest.raises(InvalidBallot):
        election.validate(["Seoul"])
    with pytest.raises(ValueError):
        SingleSeatElection(("Seoul", "Seoul"))
    with pytest.raises(ValueError):
        BlockElection(("Seoul",), 0)


def test_list_vote_elects_the_whole_list_or_nobody():
    slate = ("Seoul", "Busan", "Kazan")
    vote = ListVote(slate, rule=MajorityRule.qualified("2/3"))
    adopted = vote.count(["yes"] * 10 + ["no"] * 5 + ["abstain"] * 3)
    assert (adopted.motion.outcome, adopted.elected) == (ADOPTED, slate)
    rejected = vote.count(["yes"] * 9 + ["no"] * 5)
    assert (rejected.motion.outcome, rejected.elected) == (REJECTED, ())
    assert rejected.to_dict()["rule"]["list_key"] == "election.list"


@pytest.mark.parametrize(
    "vote",
    [
        SingleSeatElection(("Seoul", "Busan"), abstentions_count=True, lot_seed="x"),
        BlockElection(("Seoul", "Busan", "Kazan"), 2),
        ListVote(("Seoul", "Busan"), present=40, members=71),
    ],
)
def test_definitions_round_trip_through_json(vote):
    assert vote_from_dict(json.loads(json.dumps(vote.to_dict()))) == vote
