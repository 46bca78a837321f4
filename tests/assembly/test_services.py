"""Opening, casting, closing and the tally of assembly votes."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from summitry.assembly import queries, services
from summitry.assembly.models import Ballot, Poll, VoterRoll
from summitry.solvers.voting import normalise_receipt
from tests.factories import UserFactory

from .support import make_assembly, make_poll

pytestmark = pytest.mark.django_db


def test_a_vote_does_not_open_without_quorum_unless_the_chair_gives_a_reason(organiser):
    assembly, _rights, item = make_assembly(members=6, present=3)  # 3 of 6: not more than half
    poll = make_poll(assembly, item)
    with pytest.raises(ValidationError, match="no quorum"):
        services.open_poll(actor=organiser, poll=poll)
    poll.refresh_from_db()
    assert poll.state == "draft"
    opened = services.open_poll(
        actor=organiser, poll=poll, override_reason="Delegates stuck in traffic"
    )
    assert (opened.state, opened.quorum_met, opened.present_at_open, opened.members_at_open) == (
        "open",
        False,
        3,
        6,
    )
    assert opened.override_reason == "Delegates stuck in traffic"


def test_only_the_assemblys_staff_open_and_close(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = make_poll(assembly, item)
    with pytest.raises(PermissionDenied):
        services.open_poll(actor=rights[0].delegate, poll=poll)
    services.open_poll(actor=organiser, poll=poll)
    with pytest.raises(PermissionDenied):
        services.close_poll(actor=UserFactory(), poll=poll)


def test_a_motion_adopted_by_two_thirds_states_its_rule(organiser):
    assembly, rights, item = make_assembly(members=6)
    poll = make_poll(assembly, item, fraction="2/3", comparison="at_least")
    services.open_poll(actor=organiser, poll=poll)
    for right, choice in zip(rights, ["yes", "yes", "yes", "yes", "no", "abstain"], strict=True):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice=choice)
    closed = services.close_poll(actor=organiser, poll=poll)
    result = closed.result
    assert result["counts"] == {"yes": 4, "no": 1, "abstain": 1}
    assert result["outcome"] == "adopted" and result["required"] == 4  # 2/3 of 5 → 4
    assert result["rule"]["key"] == "motion.at_least.cast"
    assert result["rule"]["abstentions"] == "ignored"
    assert result["quorum"]["met"] is True and result["turnout"] == 6
    closed.motion.refresh_from_db()
    assert closed.motion.state == "adopted"
    # Open vote: the roll names each member's choice.
    assert sorted(r.choice for r in queries.roll(closed)) == sorted(
        ["yes", "yes", "yes", "yes", "no", "abstain"]
    )


def test_a_member_votes_once_whoever_casts_it(organiser):
    assembly, rights, item = make_assembly(members=4)
    holder, represented = rights[0], rights[1]
    services.give_proxy(actor=organiser, right=represented, holder=holder.member)
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    # The represented member's own delegate no longer casts its vote.
    with pytest.raises(PermissionDenied):
        services.cast(
            actor=represented.delegate, poll=poll, member_id=represented.member_id, choice="no"
        )
    services.cast(actor=holder.delegate, poll=poll, member_id=represented.member_id, choice="yes")
    services.cast(actor=holder.delegate, poll=poll, member_id=holder.member_id, choice="yes")
    with pytest.raises(ValidationError, match="already voted"):
        services.cast(
            actor=holder.delegate, poll=poll, member_id=represented.member_id, choice="no"
        )
    roll = {r.member_id: r.by_proxy for r in VoterRoll.objects.filter(poll=poll)}
    assert roll == {represented.member_id: True, holder.member_id: False}
    with pytest.raises(PermissionDenied):  # a stranger casts nobody's vote
        services.cast(actor=UserFactory(), poll=poll, member_id=rights[2].member_id, choice="yes")


def test_proxies_are_capped(organiser):
    assembly, rights, _item = make_assembly(members=4)
    services.give_proxy(actor=organiser, right=rights[1], holder=rights[0].member)
    with pytest.raises(ValidationError, match="most allowed"):
        services.give_proxy(actor=organiser, right=rights[2], holder=rights[0].member)
    with pytest.raises(PermissionDenied):
        services.give_proxy(actor=rights[0].delegate, right=rights[2], holder=rights[3].member)


def test_a_represented_member_counts_towards_the_quorum(organiser):
    assembly, rights, _item = make_assembly(members=4, present=2)
    assert queries.attendance(assembly).quorum.met is False  # 2 of 4: not more than half
    services.give_proxy(actor=organiser, right=rights[3], holder=rights[0].member)
    attendance = queries.attendance(assembly)
    assert (attendance.quorum.present, attendance.quorum.met) == (3, True)


def test_no_vote_before_the_open_or_after_the_close_and_none_invalid(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = make_poll(assembly, item)
    right = rights[0]
    with pytest.raises(ValidationError, match="not open"):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")
    services.open_poll(actor=organiser, poll=poll)
    with pytest.raises(ValidationError, match="not a valid ballot"):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="maybe")
    services.close_poll(actor=organiser, poll=poll)
    with pytest.raises(ValidationError, match="not open"):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")
    assert Poll.objects.get(pk=poll.pk).result["outcome"] == "rejected"  # nobody voted


def test_a_secret_vote_gives_receipts_the_bulletin_lists(organiser):
    assembly, rights, item = make_assembly(members=3)
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    receipts = {}
    for right, choice in zip(rights, ["yes", "no", "yes"], strict=True):
        receipts[right.member_id] = services.cast(
            actor=right.delegate, poll=poll, member_id=right.member_id, choice=choice
        )
    assert all(VoterRoll.objects.filter(poll=poll).values_list("choice", flat=True)) is False
    assert queries.bulletin(poll) is None  # nothing public before the close
    closed = services.close_poll(actor=organiser, poll=poll)
    bulletin = queries.bulletin(closed)
    assert closed.bulletin_digest == bulletin.digest()
    assert bulletin.lookup(receipts[rights[1].member_id]) == (True, "no")
    assert bulletin.lookup(receipts[rights[0].member_id].lower()) == (True, "yes")
    assert [r for r, _c in bulletin.entries] == sorted(receipts.values())
    assert [b.receipt for b in Ballot.objects.filter(poll=poll)] == sorted(receipts.values())
    assert closed.result["counts"] == {"yes": 2, "no": 1, "abstain": 0}
    assert normalise_receipt(receipts[rights[2].member_id]) == receipts[rights[2].member_id]


def test_an_election_of_executive_committee_cities(organiser):
    from summitry.assembly.models import Poll as PollModel

    assembly, rights, item = make_assembly(members=5)
    poll = PollModel.objects.create(
        assembly=assembly,
        agenda_item=item,
        title_en="Executive committee",
        kind="secret",
        method="block",
        seats=2,
    )
    poll.candidates.set([rights[0].member, rights[1].member, rights[2].member])
    a, b, c = (str(r.member_id) for r in rights[:3])
    services.open_poll(actor=organiser, poll=poll)
    ballots = [[a, b], [a, c], [a, b], [b], []]
    for right, ballot in zip(rights, ballots, strict=True):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice=ballot)
    result = services.close_poll(actor=organiser, poll=poll).result
    assert result["outcome"] == "elected" and sorted(result["elected"]) == sorted([a, b])
    assert result["votes"] == {a: 3, b: 3, c: 1} and result["blank"] == 1


def test_a_vote_open_for_a_set_time_refuses_ballots_from_its_closing_time(organiser):
    import datetime

    from django.utils import timezone

    assembly, rights, item = make_assembly(members=2)
    poll = make_poll(assembly, item)
    closes = timezone.now() - datetime.timedelta(seconds=1)
    services.open_poll(actor=organiser, poll=poll, closes_at=closes)
    right = rights[0]
    with pytest.raises(ValidationError, match="not open"):
        services.cast(actor=right.delegate, poll=poll, member_id=right.member_id, choice="yes")


def test_casting_leaves_the_public_pages_cache_alone(organiser, django_capture_on_commit_callbacks):
    """The voter roll and the ballot box are on no cached public page: a cast must not make
    every cached page of the summit stale (500 casts would empty it 1,000 times)."""
    from summitry.core import pagecache

    assembly, rights, item = make_assembly(members=3)
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    before = pagecache.version(assembly.summit.slug)
    with django_capture_on_commit_callbacks(execute=True):
        services.cast(
            actor=rights[0].delegate, poll=poll, member_id=rights[0].member_id, choice="yes"
        )
    assert pagecache.version(assembly.summit.slug) == before
    with django_capture_on_commit_callbacks(execute=True):
        services.close_poll(actor=organiser, poll=poll)
    assert pagecache.version(assembly.summit.slug) != before  # the result is news
