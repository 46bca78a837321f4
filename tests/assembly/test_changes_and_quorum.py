"""Changing a vote until the close (counted once), quorum from check-in and the roll call, and
the assembly's rule on opening without quorum."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from summitry.assembly import queries, services
from summitry.assembly.models import Assembly, Ballot, VoterRoll
from summitry.checkin import services as checkin
from summitry.checkin.models import Zone
from summitry.core import live
from tests.factories import SummitFactory, UserFactory

from .support import checkin_room, enter_room, make_assembly, make_poll
from .test_pages import client_for

pytestmark = pytest.mark.django_db


def changeable(assembly, organiser, **rules):
    services.set_rules(
        actor=organiser,
        assembly=assembly,
        quorum_to_open=rules.get("quorum_to_open", assembly.quorum_to_open),
        votes_changeable=rules.get("votes_changeable", True),
        checkin_zone=rules.get("checkin_zone", assembly.checkin_zone),
    )
    assembly.refresh_from_db()
    return assembly


# --- changing a vote --------------------------------------------------------------------------


def test_an_open_vote_is_changed_until_the_close_and_counted_once(organiser):
    assembly, rights, item = make_assembly(members=3)
    changeable(assembly, organiser)
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    first = rights[0]
    services.cast(actor=first.delegate, poll=poll, member_id=first.member_id, choice="no")
    services.cast(actor=first.delegate, poll=poll, member_id=first.member_id, choice="yes")
    services.cast(actor=rights[1].delegate, poll=poll, member_id=rights[1].member_id, choice="no")
    assert dict(VoterRoll.objects.filter(poll=poll).values_list("member_id", "choice")) == {
        first.member_id: "yes",
        rights[1].member_id: "no",
    }
    closed = services.close_poll(actor=organiser, poll=poll)
    assert closed.result["counts"] == {"yes": 1, "no": 1, "abstain": 0}
    assert closed.result["turnout"] == 2
    with pytest.raises(ValidationError, match="not open"):  # no change after the close
        services.cast(actor=first.delegate, poll=poll, member_id=first.member_id, choice="no")


def test_without_the_rule_a_second_vote_is_refused_and_changes_nothing(organiser):
    assembly, rights, item = make_assembly(members=2)
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    first = rights[0]
    services.cast(actor=first.delegate, poll=poll, member_id=first.member_id, choice="no")
    with pytest.raises(ValidationError, match="already voted"):
        services.cast(actor=first.delegate, poll=poll, member_id=first.member_id, choice="yes")
    assert VoterRoll.objects.get(poll=poll, member=first.member).choice == "no"


def test_a_proxy_holder_changes_the_represented_members_vote(organiser):
    assembly, rights, item = make_assembly(members=3)
    changeable(assembly, organiser)
    holder, represented = rights[0], rights[1]
    services.give_proxy(actor=organiser, right=represented, holder=holder.member)
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    member = represented.member_id
    services.cast(actor=holder.delegate, poll=poll, member_id=member, choice="yes")
    with pytest.raises(PermissionDenied):  # its own delegate no longer casts it
        services.cast(actor=represented.delegate, poll=poll, member_id=member, choice="no")
    services.cast(actor=holder.delegate, poll=poll, member_id=member, choice="abstain")
    entry = VoterRoll.objects.get(poll=poll, member_id=member)
    assert (entry.choice, entry.by_proxy) == ("abstain", True)


def test_a_secret_ballot_is_replaced_with_its_receipt_only(organiser):
    assembly, rights, item = make_assembly(members=3)
    changeable(assembly, organiser)
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    first, second = rights[0], rights[1]
    old = services.cast(actor=first.delegate, poll=poll, member_id=first.member_id, choice="no")
    other = services.cast(actor=second.delegate, poll=poll, member_id=second.member_id, choice="no")
    box = sorted(Ballot.objects.filter(poll=poll).values_list("receipt", "choice"))
    # Without a receipt, with a malformed one, or one not in this box: refused, box unchanged.
    for receipt, message in [
        ("", "give its receipt"),
        ("not-a-receipt", "not a receipt code"),
        ("AAAA-AAAA-AAAA-AAAA", "not in the ballot box"),
    ]:
        with pytest.raises(ValidationError, match=message):
            services.cast(
                actor=first.delegate,
                poll=poll,
                member_id=first.member_id,
                choice="yes",
                receipt=receipt,
            )
        assert sorted(Ballot.objects.filter(poll=poll).values_list("receipt", "choice")) == box
    new = services.cast(
        actor=first.delegate, poll=poll, member_id=first.member_id, choice="yes", receipt=old
    )
    assert new != old
    receipts = set(Ballot.objects.filter(poll=poll).values_list("receipt", flat=True))
    assert receipts == {new, other}
    with pytest.raises(ValidationError, match="not in the ballot box"):  # a receipt works once
        services.cast(
            actor=first.delegate, poll=poll, member_id=first.member_id, choice="no", receipt=old
        )
    closed = services.close_poll(actor=organiser, poll=poll)
    assert closed.result["counts"] == {"yes": 1, "no": 1, "abstain": 0}
    bulletin = queries.bulletin(closed)
    assert bulletin.lookup(new) == (True, "yes") and bulletin.lookup(old)[0] is False
    assert VoterRoll.objects.filter(poll=poll).count() == 2


def test_the_voting_page_offers_a_change_in_the_voters_language(organiser):
    assembly, rights, item = make_assembly(members=2)
    changeable(assembly, organiser)
    poll = make_poll(assembly, item, kind="secret")
    services.open_poll(actor=organiser, poll=poll)
    url = reverse("assembly:vote", args=["forum", "ga"])
    voter = client_for(rights[0].delegate, "ko")
    member = rights[0].member_id
    receipt = voter.post(url, {"poll": poll.pk, "member": member, "choice": "no"}).context[
        "receipt"
    ]
    page = voter.get(url)
    assert "투표 변경".encode() in page.content and b'name="receipt"' in page.content
    wrong = voter.post(
        url, {"poll": poll.pk, "member": member, "choice": "yes", "receipt": "ZZZZ-ZZZZ"}
    )
    assert "영수증".encode() in wrong.content and wrong.context["receipt"] is None
    answer = voter.post(
        url, {"poll": poll.pk, "member": member, "choice": "yes", "receipt": receipt}
    )
    assert answer.context["receipt"] not in (None, receipt)
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_votes_changeable_cannot_switch_while_a_vote_is_open(organiser):
    assembly, _rights, item = make_assembly(members=2)
    poll = make_poll(assembly, item)
    services.open_poll(actor=organiser, poll=poll)
    with pytest.raises(ValidationError, match="cannot change while a vote is open"):
        changeable(assembly, organiser)
    assert Assembly.objects.get(pk=assembly.pk).votes_changeable is False


# --- the rules: permissions and bad input -----------------------------------------------------


def test_only_the_assemblys_staff_set_its_rules_and_only_with_its_summits_zone(organiser):
    assembly, rights, _item = make_assembly(members=2)
    for stranger in (rights[0].delegate, UserFactory()):
        with pytest.raises(PermissionDenied):
            changeable(assembly, stranger)
    with pytest.raises(ValidationError, match="Choose one of the rules"):
        changeable(assembly, organiser, quorum_to_open="sometimes")
    zone = Zone.objects.create(summit=SummitFactory(slug="elsewhere"), name_en="Hall")
    with pytest.raises(ValidationError, match="zone of this summit"):
        changeable(assembly, organiser, checkin_zone=zone)
    saved = Assembly.objects.get(pk=assembly.pk)
    assert (saved.votes_changeable, saved.checkin_zone_id, saved.quorum_to_open) == (
        False,
        None,
        "override",
    )


def test_the_rules_form_in_the_console(organiser):
    assembly, rights, _item = make_assembly(members=2)
    url = reverse("assembly:rules", args=["forum", "ga"])
    data = {"quorum_to_open": "strict", "votes_changeable": "1", "checkin_zone": ""}
    assert client_for(rights[0].delegate).post(url, data).status_code == 404
    chair = client_for(organiser, "ko")
    page = chair.post(url, {**data, "checkin_zone": "999999"}, follow=True)
    assert "이 정상회의의 구역을 선택하십시오".encode() in page.content
    assert Assembly.objects.get(pk=assembly.pk).quorum_to_open == "override"  # unchanged
    chair.post(url, data)
    saved = Assembly.objects.get(pk=assembly.pk)
    assert (saved.quorum_to_open, saved.votes_changeable) == ("strict", True)
    assert saved.runoff_automatic is False
    chair.post(url, {**data, "runoff_automatic": "1"})
    assert Assembly.objects.get(pk=assembly.pk).runoff_automatic is True


# --- quorum: check-in and the roll call -------------------------------------------------------


def test_members_who_entered_the_assembly_room_count_as_present(organiser):
    assembly, rights, _item = make_assembly(members=4, present=0)
    for right in rights:  # not called: check-in decides
        services.set_present(actor=organiser, right=right, present=None)
    zone, category = checkin_room(assembly, organiser)
    assert queries.attendance(assembly).quorum.present == 0
    enter_room(assembly, rights[0], organiser, zone, category)
    enter_room(assembly, rights[1], organiser, zone, category)
    attendance = queries.attendance(assembly)
    assert attendance.checked_in == {rights[0].member_id, rights[1].member_id}
    assert (attendance.quorum.present, attendance.quorum.met) == (2, False)  # 2 of 4
    # A proxy held by a member in the room counts; the roll call overrides check-in.
    services.give_proxy(actor=organiser, right=rights[2], holder=rights[0].member)
    assert queries.attendance(assembly).quorum.present == 3
    services.set_present(actor=organiser, right=rights[1], present=False)  # left the room
    assert queries.attendance(assembly).quorum.present == 2
    services.set_present(actor=organiser, right=rights[3], present=True)  # no badge: called
    assert queries.attendance(assembly).present == {
        rights[0].member_id,
        rights[2].member_id,
        rights[3].member_id,
    }


def test_an_entry_elsewhere_or_refused_does_not_count(organiser):
    assembly, rights, _item = make_assembly(members=2, present=0)
    services.set_present(actor=organiser, right=rights[0], present=None)
    zone, category = checkin_room(assembly, organiser)
    lobby = checkin.create_zone(
        actor=organiser, summit=assembly.summit, name={"ko": "로비", "en": "Lobby"}
    )
    category.zones.add(lobby)
    enter_room(assembly, rights[0], organiser, lobby, category)
    assert queries.attendance(assembly).quorum.present == 0


def test_an_entry_updates_the_live_quorum(organiser, django_capture_on_commit_callbacks):
    assembly, rights, _item = make_assembly(members=2, present=0)
    zone, category = checkin_room(assembly, organiser)
    before = live.version(services.topic(assembly))
    with django_capture_on_commit_callbacks(execute=True):
        enter_room(assembly, rights[0], organiser, zone, category)
    assert live.version(services.topic(assembly)) > before


def test_the_console_shows_check_in_and_takes_a_three_way_roll_call(organiser):
    assembly, rights, _item = make_assembly(members=2, present=0)
    zone, category = checkin_room(assembly, organiser)
    services.set_present(actor=organiser, right=rights[0], present=None)
    enter_room(assembly, rights[0], organiser, zone, category)
    chair = client_for(organiser)
    page = chair.get(reverse("assembly:manage", args=["forum", "ga"]))
    assert b'id="checked-in-count">1<' in page.content and b'id="present-count">1<' in page.content
    url = reverse("assembly:presence", args=["forum", "ga", rights[0].pk])
    chair.post(url, {"present": "0"})
    assert queries.attendance(assembly).quorum.present == 0
    chair.post(url, {"present": ""})
    rights[0].refresh_from_db()
    assert rights[0].present is None and queries.attendance(assembly).quorum.present == 1
    chair.post(url, {"present": "1"})
    answer = chair.post(url, {"present": "maybe"}, follow=True)  # bad input changes nothing
    assert b"Say present, absent or not called." in answer.content
    rights[0].refresh_from_db()
    assert rights[0].present is True
    chair.post(url, {"present": ""})
    # Someone without the permission changes nothing.
    assert client_for(rights[1].delegate).post(url, {"present": "0"}).status_code == 404
    rights[0].refresh_from_db()
    assert rights[0].present is None


# --- opening without quorum, by the assembly's rule --------------------------------------------


def test_strict_rules_refuse_a_vote_without_quorum_even_with_a_reason(organiser):
    assembly, _rights, item = make_assembly(members=4, present=1)
    changeable(assembly, organiser, quorum_to_open="strict", votes_changeable=False)
    poll = make_poll(assembly, item)
    with pytest.raises(ValidationError, match="rules do not allow"):
        services.open_poll(actor=organiser, poll=poll, override_reason="We insist")
    poll.refresh_from_db()
    assert poll.state == "draft"


def test_rules_that_do_not_require_quorum_open_and_count_without_it(organiser):
    assembly, rights, item = make_assembly(members=4, present=1)
    changeable(assembly, organiser, quorum_to_open="not_required", votes_changeable=False)
    poll = make_poll(assembly, item)
    opened = services.open_poll(actor=organiser, poll=poll)
    assert (opened.state, opened.quorum_met, opened.override_reason) == ("open", False, "")
    services.cast(actor=rights[0].delegate, poll=poll, member_id=rights[0].member_id, choice="yes")
    result = services.close_poll(actor=organiser, poll=poll).result
    assert result["outcome"] == "adopted" and result["quorum"] is None
