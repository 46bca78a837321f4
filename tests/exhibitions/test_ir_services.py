"""Investor relations: requests and answers from either side, matching, the scheduler through
the meetings solver's JSON format (checked with its verifier), publication and follow-ups."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from summitry.exhibitions import ir_scheduling, ir_services
from summitry.exhibitions.models import IRMeeting, MeetingStatus
from summitry.programme.models import ItemPerson, ProgrammeItem
from summitry.solvers.meetings import parse_problem, verify
from tests.factories import UserFactory

from .ir_support import SEOUL, deck, ir_world


@pytest.fixture
def investor_user(db):
    return UserFactory(username="ana")


@pytest.fixture
def company_user(db):
    return UserFactory(username="robots")


@pytest.fixture
def other_user(db):
    return UserFactory(username="ben")


@pytest.fixture
def ir(summit, organiser, investor_user, company_user, other_user):
    return ir_world(
        summit,
        organiser,
        investor_user=investor_user,
        company_user=company_user,
        other_user=other_user,
    )


def test_an_investor_asks_and_the_company_accepts(ir, investor_user, company_user):
    meeting = ir_services.request_meeting(
        actor=investor_user, investor=ir.ana, company=ir.robots, message="Let us talk"
    )
    assert (meeting.requested_by, meeting.status) == ("investor", MeetingStatus.PENDING)
    with pytest.raises(ValidationError):  # the asking side cannot answer for the other
        ir_services.respond(actor=investor_user, meeting=meeting, accept=True)
    meeting = ir_services.respond(actor=company_user, meeting=meeting, accept=True)
    assert meeting.status == MeetingStatus.ACCEPTED
    with pytest.raises(ValidationError):
        ir_services.respond(actor=company_user, meeting=meeting, accept=False)


def test_a_company_asks_and_the_investor_declines(ir, investor_user, company_user):
    meeting = ir_services.request_meeting(actor=company_user, investor=ir.ana, company=ir.robots)
    assert meeting.requested_by == "company"
    meeting = ir_services.respond(actor=investor_user, meeting=meeting, accept=False)
    assert meeting.status == MeetingStatus.DECLINED


def test_no_one_acts_for_someone_else(ir, investor_user, other_user, company_user, no_perm):
    # Ben may not ask in Ana's name, nor may a team member without the permission.
    for actor in (other_user, no_perm):
        with pytest.raises(PermissionDenied):
            ir_services.request_meeting(actor=actor, investor=ir.ana, company=ir.robots)
    meeting = ir_services.request_meeting(actor=investor_user, investor=ir.ana, company=ir.robots)
    with pytest.raises(PermissionDenied):
        ir_services.respond(actor=other_user, meeting=meeting, accept=True)
    with pytest.raises(ValidationError):  # a pair is asked once
        ir_services.request_meeting(actor=company_user, investor=ir.ana, company=ir.robots)
    assert IRMeeting.objects.count() == 1


def test_a_suggestion_by_staff_needs_both_sides(ir, organiser, investor_user, company_user):
    best = ir_services.suggestions(ir.session)[0]
    # Ana and Robots share smart city (2) and Robots' stage is Ana's (1).
    assert (best["investor"], best["company"], best["score"]) == (ir.ana, ir.robots, 3)
    meeting = ir_services.request_meeting(actor=organiser, investor=ir.ana, company=ir.robots)
    assert meeting.requested_by == "organiser"
    meeting = ir_services.respond(actor=investor_user, meeting=meeting, accept=True)
    assert meeting.status == MeetingStatus.PENDING
    meeting = ir_services.respond(actor=company_user, meeting=meeting, accept=True)
    assert meeting.status == MeetingStatus.ACCEPTED
    assert (ir.ana, ir.robots) not in {
        (s["investor"], s["company"]) for s in ir_services.suggestions(ir.session)
    }


def test_bad_input_changes_nothing(ir, organiser):
    with pytest.raises(ValidationError) as error:
        ir_services.add_investor(
            actor=organiser, session=ir.session, data={"name": "X", "sectors": ["gold"]}
        )
    assert "sectors" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        ir_services.set_deck(actor=organiser, company=ir.health, deck=deck("x.pdf", b"GIF89a"))
    assert "deck" in error.value.message_dict
    with pytest.raises(ValidationError):
        ir_services.update_session(
            actor=organiser,
            session=ir.session,
            data={"meetings_end": ir.session.meetings_start - datetime.timedelta(hours=1)},
        )
    ir.session.refresh_from_db()
    assert ir.session.meetings_end > ir.session.meetings_start
    assert ir.session.investors.count() == 2


def _accept(ir, investor, company, organiser):
    meeting = ir_services.request_meeting(actor=organiser, investor=investor, company=company)
    return IRMeeting.objects.filter(pk=meeting.pk).update(
        status=MeetingStatus.ACCEPTED, investor_agreed=True, company_agreed=True
    )


def test_the_schedule_keeps_the_solvers_rules(ir, organiser, summit):
    # Rob, who pitches for Robots, also speaks at 15:00–15:20 elsewhere in the programme.
    talk = ProgrammeItem.objects.create(
        summit=summit,
        kind="presentation",
        block="afternoon",
        title_en="Robots on stage",
        starts_at=datetime.datetime.combine(summit.start_date, datetime.time(15), tzinfo=SEOUL),
        ends_at=datetime.datetime.combine(summit.start_date, datetime.time(15, 20), tzinfo=SEOUL),
    )
    ItemPerson.objects.create(item=talk, person=ir.robots.contact, role="speaker")
    for investor in (ir.ana, ir.ben):
        for company in (ir.robots, ir.health):
            _accept(ir, investor, company, organiser)

    problem, _context = ir_scheduling.build_problem(ir.session)
    assert problem["format"] == "summitry.meetings/1"
    assert [loc["id"] for loc in problem["locations"]] == ["t1", "t2"]
    unavailable = {p["id"]: p["unavailable"] for p in problem["participants"]}
    assert unavailable[f"co{ir.robots.pk}"] == [problem["slots"][0]["id"]]

    draft = ir_services.run_scheduler(actor=organiser, session=ir.session)
    assert len(draft.placements) == 4 and draft.unscheduled == []
    assert verify(parse_problem(draft.problem), draft.answer) == []
    assert ir_scheduling.verify_draft(ir.session) == []
    robots_times = set(
        ir.session.meetings.filter(company=ir.robots).values_list("starts_at", flat=True)
    )
    assert talk.starts_at not in robots_times
    # Each slot holds at most two meetings (two tables), nobody in two meetings at once.
    rows = list(ir.session.meetings.values_list("starts_at", "table", "investor", "company"))
    assert len({(s, t) for s, t, _i, _c in rows}) == 4
    assert len({(s, i) for s, _t, i, _c in rows}) == 4
    assert len({(s, c) for s, _t, _i, c in rows}) == 4


def test_publish_needs_a_schedule_and_staff(ir, organiser, investor_user, company_user):
    with pytest.raises(ValidationError):
        ir_services.publish(actor=organiser, session=ir.session)
    meeting = ir_services.request_meeting(actor=investor_user, investor=ir.ana, company=ir.robots)
    ir_services.respond(actor=company_user, meeting=meeting, accept=True)
    run = ir_services.start_scheduler(actor=organiser, session=ir.session)  # eager in tests
    run.refresh_from_db()
    assert run.status == "done" and run.result["placed"] == 1
    with pytest.raises(PermissionDenied):
        ir_services.publish(actor=investor_user, session=ir.session)
    with pytest.raises(ValidationError):  # not yet published: no follow-up
        ir_services.write_follow_up(
            actor=investor_user, meeting=meeting, outcome="interested", next_step=""
        )
    ir_services.publish(actor=organiser, session=ir.session)
    meeting.refresh_from_db()
    note = ir_services.write_follow_up(
        actor=investor_user, meeting=meeting, outcome="next_meeting", next_step="Visit the lab"
    )
    assert note.side == "investor"
    ir_services.mark_attendance(
        actor=organiser, meeting=meeting, investor="present", company="no_show"
    )
    with pytest.raises(PermissionDenied):
        ir_services.mark_attendance(
            actor=company_user, meeting=meeting, investor="present", company="present"
        )
