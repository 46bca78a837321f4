"""Motions: every majority rule and the quorum against a brute-force recount, and the edge cases."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.solvers.voting import (
    ABSTAIN,
    ADOPTED,
    NO,
    NO_QUORUM,
    REJECTED,
    YES,
    Base,
    Comparison,
    InvalidBallot,
    MajorityRule,
    MotionCount,
    MotionVote,
    Quorum,
    vote_from_dict,
)

QUICK = settings(deadline=None, database=None, max_examples=300)

FRACTIONS = st.sampled_from(["1/2", "2/3", "3/5", "3/4", "1/3", "1"]) | st.fractions(
    min_value=Fraction(1, 10), max_value=1, max_denominator=12
).filter(lambda f: f > 0)
RULES = st.builds(
    MajorityRule,
    fraction=FRACTIONS,
    base=st.sampled_from(list(Base)),
    comparison=st.sampled_from(list(Comparison)),
)
BALLOTS = st.lists(st.sampled_from([YES, NO, ABSTAIN]), max_size=40)


def brute_force(ballots, rule, present, members, quorum):
    """Counted one ballot at a time; thresholds compared in whole numbers, no Fraction."""
    yes = no = abstain = 0
    for ballot in ballots:
        if ballot == "yes":
            yes += 1
        elif ballot == "no":
            no += 1
        else:
            abstain += 1
    if rule.base == "cast":
        base = yes + no
    elif rule.base == "cast_with_abstentions":
        base = yes + no + abstain
    elif rule.base == "present":
        base = present
    else:
        base = members
    p, q = rule.fraction.numerator, rule.fraction.denominator

    def passes(y):
        if rule.comparison == "at_least":
            return y * q >= p * base and y > no
        return y * q > p * base and y > no

    required = next(y for y in range(0, base + no + 2) if passes(y))
    quorum_met = True
    if quorum is not None:
        qp, qq = quorum.fraction.numerator, quorum.fraction.denominator
        if quorum.comparison == "at_least":
            quorum_met = present * qq >= qp * members
        else:
            quorum_met = present * qq > qp * members
    if quorum_met:
        return (yes, no, abstain), base, required, "adopted" if passes(yes) else "rejected"
    return (yes, no, abstain), base, required, "no_quorum"


@QUICK
@given(
    rule=RULES,
    ballots=BALLOTS,
    absent_present=st.integers(0, 10),
    absent_members=st.integers(0, 10),
    quorum=st.none()
    | st.builds(
        Quorum,
        fraction=st.sampled_from(["1/2", "2/3", "1/3", "1"]),
        comparison=st.sampled_from(list(Comparison)),
    ),
)
def test_motion_matches_brute_force(rule, ballots, absent_present, absent_members, quorum):
    present = len(ballots) + absent_present
    members = present + absent_members
    vote = MotionVote(rule=rule, present=present, members=members, quorum=quorum)
    result = vote.count(ballots)
    counts, base, required, outcome = brute_force(ballots, rule, present, members, quorum)
    assert (result.counts.yes, result.counts.no, result.counts.abstain) == counts
    assert result.base_value == base
    assert result.required == required
    assert result.outcome == outcome
    assert result.passed == (outcome == "adopted")
    # The result says the rule it applied, in the form the minutes print.
    assert result.to_dict()["rule"]["fraction"] == str(rule.fraction)
    json.dumps(result.to_dict())


@QUICK
@given(ballots=BALLOTS)
def test_simple_and_absolute_majority_in_words(ballots):
    yes, no, abstain = (ballots.count(c) for c in (YES, NO, ABSTAIN))
    assert MotionVote(MajorityRule.simple()).count(ballots).passed == (yes > no)
    assert MotionVote(MajorityRule.absolute()).count(ballots).passed == (
        2 * yes > yes + no + abstain
    )


def count(rule, yes=0, no=0, abstain=0, **facts):
    return MotionVote(rule=rule, **facts).decide(MotionCount(yes, no, abstain))


def test_exactly_two_thirds_passes_at_least_and_fails_more_than():
    at_least = count(MajorityRule.qualified("2/3"), yes=20, no=10)
    assert (at_least.threshold, at_least.required, at_least.outcome) == (20, 20, ADOPTED)
    assert at_least.to_dict()["rule"]["exactly_the_fraction"] == "passes"
    more_than = count(MajorityRule.qualified("2/3", comparison="more_than"), yes=20, no=10)
    assert (more_than.required, more_than.outcome) == (21, REJECTED)
    assert more_than.to_dict()["rule"]["exactly_the_fraction"] == "fails"


def test_two_thirds_of_a_base_not_divisible_by_three_needs_the_next_whole_vote():
    result = count(MajorityRule.qualified(Fraction(2, 3)), yes=21, no=11)
    assert result.threshold == Fraction(64, 3)
    assert result.to_dict()["threshold"] == "64/3"
    assert (result.required, result.passed) == (22, False)


def test_a_tie_fails_under_every_rule_even_at_least_one_half():
    for rule in (
        MajorityRule.simple(),
        MajorityRule.absolute(),
        MajorityRule.qualified("1/2", comparison="at_least"),
        MajorityRule.qualified("1/3", base="present"),
    ):
        result = count(rule, yes=5, no=5, present=10)
        assert result.outcome == REJECTED, rule
        assert result.to_dict()["rule"]["tie"] == "fails"


def test_abstentions_are_ignored_by_simple_majority_and_count_against_absolute():
    simple = count(MajorityRule.simple(), yes=6, no=5, abstain=3)
    absolute = count(MajorityRule.absolute(), yes=6, no=5, abstain=3)
    assert (simple.outcome, absolute.outcome) == (ADOPTED, REJECTED)
    assert simple.to_dict()["rule"]["abstentions"] == "ignored"
    assert absolute.to_dict()["rule"]["abstentions"] == "count_against"
    assert (absolute.base_value, absolute.required) == (14, 8)


@pytest.mark.parametrize(
    "rule", [MajorityRule.simple(), MajorityRule.absolute(), MajorityRule.qualified("2/3")]
)
def test_all_abstain_and_no_votes_reject(rule):
    assert count(rule, abstain=7).outcome == REJECTED
    nothing = count(rule)
    assert (nothing.base_value, nothing.required, nothing.outcome) == (0, 1, REJECTED)


def test_fractions_of_members_present_and_of_all_members():
    present = count(MajorityRule.qualified("2/3", base="present"), yes=40, no=2, present=60)
    assert (present.required, present.outcome) == (40, ADOPTED)
    # Members who stayed silent weigh like a no against a majority of all members.
    members = count(
        MajorityRule.qualified("1/2", base="members", comparison="more_than"),
        yes=35,
        no=0,
        abstain=10,
        members=71,
    )
    assert (members.required, members.outcome) == (36, REJECTED)


def test_quorum_of_a_majority_of_members():
    assert Quorum().required(71) == 36
    assert Quorum(comparison="at_least").required(70) == 35
    short = count(MajorityRule.simple(), yes=30, present=35, members=71, quorum=Quorum())
    assert (short.outcome, short.passed, short.quorum.required) == (NO_QUORUM, False, 36)
    met = count(MajorityRule.simple(), yes=30, present=36, members=71, quorum=Quorum())
    assert (met.outcome, met.quorum.met) == (ADOPTED, True)


def test_invalid_ballots_are_refused_before_counting():
    vote = MotionVote()
    with pytest.raises(InvalidBallot) as refused:
        vote.count([YES, NO, "Yes", "maybe"])
    assert (refused.value.code, refused.value.index) == ("unknown_choice", 2)
    with pytest.raises(InvalidBallot):
        vote.validate(None)
    assert vote.validate(ABSTAIN) == ABSTAIN


def test_inconsistent_facts_and_inexact_fractions_are_refused():
    with pytest.raises(TypeError):
        MajorityRule(fraction=0.66)
    with pytest.raises(ValueError):
        MajorityRule(fraction=Fraction(3, 2))
    with pytest.raises(ValueError):
        MotionVote(rule=MajorityRule.qualified("2/3", base="present"))
    with pytest.raises(ValueError):
        MotionVote(quorum=Quorum(), present=10)
    with pytest.raises(ValueError):
        MotionVote(present=72, members=71)
    with pytest.raises(ValueError):
        MotionVote(present=2).count([YES, YES, NO])


def test_rule_keys_for_the_catalogues():
    assert MajorityRule.simple().description() == ("motion.simple", {})
    assert MajorityRule.absolute().description() == ("motion.absolute", {})
    assert MajorityRule.qualified("3/5", base="members").description() == (
        "motion.at_least.members",
        {"fraction": "3/5"},
    )


def test_vote_definition_round_trips_through_json():
    vote = MotionVote(
        rule=MajorityRule.qualified("2/3", base="present"),
        present=60,
        members=71,
        quorum=Quorum(Fraction(1, 2)),
    )
    again = vote_from_dict(json.loads(json.dumps(vote.to_dict())))
    assert again == vote
