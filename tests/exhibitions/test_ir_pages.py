"""Investor relations' pages: each participant sees only their own requests and schedule;
staff run the scheduler, publish, mark no-shows; the PDF and the calendar feed."""

from __future__ import annotations

import pytest
from django.urls import reverse
from icalendar import Calendar

from summitry.exhibitions import ir_documents, ir_services
from summitry.exhibitions.models import IRMeeting, MeetingStatus
from tests.factories import UserFactory

from .conftest import client_for
from .ir_support import deck, ir_world


@pytest.fixture
def investor_user(db):
    return UserFactory(username="ana", email="ana@example.org")


@pytest.fixture
def other_user(db):
    return UserFactory(username="ben", email="ben@example.org")


@pytest.fixture
def ir(summit, organiser, investor_user, company, other_user):
    return ir_world(
        summit, organiser, investor_user=investor_user, company_user=company, other_user=other_user
    )


def _url(name, ir, *args):
    return reverse(f"exhibitions:{name}", args=[ir.session.summit.slug, ir.session.pk, *args])


def _scheduled(ir, organiser, investor_user, company):
    meeting = ir_services.request_meeting(actor=investor_user, investor=ir.ana, company=ir.robots)
    ir_services.respond(actor=company, meeting=meeting, accept=True)
    ir_services.run_scheduler(actor=organiser, session=ir.session)
    ir_services.publish(actor=organiser, session=ir.session)
    meeting.refresh_from_db()
    return meeting


def test_an_investor_asks_and_the_company_answers_through_the_pages(
    ir, investor_user, company, other_user
):
    ana, robots = client_for(investor_user), client_for(company)
    page = ana.get(_url("ir", ir))
    assert page.status_code == 200 and "로봇주식회사" in page.text
    response = ana.post(
        _url("ir-act", ir), {"action": "ask", "other": ir.robots.pk, "message": "Coffee?"}
    )
    assert response.status_code == 302
    meeting = IRMeeting.objects.get()
    # Ben, another investor, sees nothing of it and cannot answer it.
    assert "Coffee?" not in client_for(other_user).get(_url("ir", ir)).text
    assert (
        client_for(other_user)
        .post(_url("ir-act", ir), {"action": "accept", "meeting": meeting.pk})
        .status_code
        == 404
    )
    page = robots.get(_url("ir", ir))
    assert "Coffee?" in page.text and "Ana Investor" in page.text
    robots.post(_url("ir-act", ir), {"action": "accept", "meeting": meeting.pk})
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED


def test_strangers_and_anonymous_get_nothing(ir, no_perm):
    assert client_for(no_perm).get(_url("ir", ir)).status_code == 404
    assert client_for(no_perm).get(_url("ir-schedule", ir)).status_code == 404
    assert client_for(no_perm).get(_url("ir-deck", ir, ir.robots.pk)).status_code == 404
    assert client_for().get(_url("ir", ir)).status_code == 302
    assert client_for(no_perm).get(_url("ir-manage-session", ir)).status_code == 403


def test_each_side_sees_only_their_own_schedule(ir, organiser, investor_user, company, other_user):
    meeting = _scheduled(ir, organiser, investor_user, company)
    time = meeting.starts_at.astimezone(ir.session.summit.zone).strftime("%H:%M")
    for user in (investor_user, company):
        page = client_for(user).get(_url("ir-schedule", ir))
        assert page.status_code == 200 and time in page.text and f"T{meeting.table}" in page.text
    page = client_for(other_user).get(_url("ir-schedule", ir))
    assert "로봇주식회사" not in page.text and 'id="schedule-empty"' in page.text
    pdf = client_for(investor_user).get(_url("ir-schedule-pdf", ir))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_calendar_feed_needs_its_signed_address(ir, organiser, investor_user, company):
    meeting = _scheduled(ir, organiser, investor_user, company)
    token = ir_documents.calendar_token(ir.session, investor=ir.ana)
    url = reverse("exhibitions:ir-calendar", args=[ir.session.summit.slug, token])
    response = client_for().get(url)
    assert response.status_code == 200
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [meeting.starts_at]
    assert client_for().get(url.replace(token, token[:-2] + "xx")).status_code == 404


def test_staff_run_publish_and_mark_a_no_show(ir, organiser, investor_user, company):
    meeting = ir_services.request_meeting(actor=investor_user, investor=ir.ana, company=ir.robots)
    ir_services.respond(actor=company, meeting=meeting, accept=True)
    staff = client_for(organiser)
    page = staff.get(_url("ir-manage-session", ir))
    assert page.status_code == 200 and "Ben Capital" in page.text
    staff.post(_url("ir-manage-session", ir), {"action": "schedule"})
    meeting.refresh_from_db()
    assert meeting.is_scheduled
    # Publishing asks first.
    asked = staff.post(_url("ir-manage-session", ir), {"action": "publish"})
    assert asked.status_code == 200 and 'name="confirmed"' in asked.text
    staff.post(_url("ir-manage-session", ir), {"action": "publish", "confirmed": "1"})
    ir.session.refresh_from_db()
    assert ir.session.published_at is not None
    staff.post(
        _url("ir-manage-session", ir),
        {
            "action": "attendance",
            "meeting": meeting.pk,
            "investor": "present",
            "company": "no_show",
        },
    )
    meeting.refresh_from_db()
    assert meeting.company_attendance == "no_show"
    assert 'data-count="1"' in staff.get(_url("ir-manage-session", ir)).text


def test_a_bad_deck_is_refused_with_a_message(ir, company, settings):
    robots = client_for(company)
    response = robots.post(
        _url("ir-act", ir), {"action": "deck", "deck": deck("x.pdf", b"not a pdf")}, follow=True
    )
    assert "발표 자료는 PDF 파일로 올리세요." in response.text
    ir.robots.refresh_from_db()
    assert ir.robots.deck.read().startswith(b"%PDF")


def test_a_follow_up_after_the_meeting(ir, organiser, investor_user, company):
    meeting = _scheduled(ir, organiser, investor_user, company)
    client_for(company).post(
        _url("ir-act", ir),
        {"action": "follow-up", "meeting": meeting.pk, "outcome": "interested", "next_step": "NDA"},
    )
    assert meeting.follow_ups.get().side == "company"
    assert "NDA" in client_for(organiser).get(_url("ir-manage-session", ir)).text


def test_staff_add_an_investor_linked_to_a_person(ir, organiser):
    from tests.factories import PersonFactory

    person = PersonFactory(slug="kim-investor")
    staff = client_for(organiser)
    url = _url("ir-manage-session", ir)
    refused = staff.post(
        url, {"action": "investor", "name": "Kim", "person_slug": "nobody-here"}, follow=True
    )
    assert "nobody-here" in refused.text
    assert not ir.session.investors.filter(name="Kim").exists()
    staff.post(
        url,
        {
            "action": "investor",
            "name": "Kim",
            "person_slug": "kim-investor",
            "sectors": ["ai"],
            "stages": ["seed"],
        },
    )
    added = ir.session.investors.get(name="Kim")
    assert (added.person, added.sectors, added.stages) == (person, ["ai"], ["seed"])
