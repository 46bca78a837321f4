"""At the IR tables: a badge scanned marks the investor's or the company's side of the meeting
at that table now present; whoever was not scanned stays unmarked (the no-shows)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from summitry.checkin import services as checkin
from summitry.delegations.models import Delegate, Delegation
from summitry.exhibitions import ir_services
from summitry.exhibitions.ir_models import IRMeeting
from tests.conftest import ApiClient
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

from .conftest import client_for
from .ir_support import SEOUL, ir_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(summit, organiser):
    investor = UserFactory(username="ana")
    company = UserFactory(username="robots")
    w = ir_world(summit, organiser, investor_user=investor, company_user=company)
    day = summit.start_date
    w.at = datetime.datetime.combine(day, datetime.time(15, 5), tzinfo=SEOUL)
    w.meeting = IRMeeting.objects.create(
        session=w.session,
        investor=w.ana,
        company=w.robots,
        requested_by="investor",
        status="accepted",
        investor_agreed=True,
        company_agreed=True,
        starts_at=datetime.datetime.combine(day, datetime.time(15), tzinfo=SEOUL),
        ends_at=datetime.datetime.combine(day, datetime.time(15, 20), tzinfo=SEOUL),
        table=2,
    )
    # Ana holds a delegate's badge (her account is the delegate's).
    zone = checkin.create_zone(actor=organiser, summit=summit, name={"ko": "홀", "en": "Hall"})
    category = checkin.create_category(
        actor=organiser, summit=summit, name={"ko": "대표단", "en": "Delegate"}, zones=[zone]
    )
    delegation = Delegation.objects.create(
        summit=summit, organisation=OrganisationFactory(slug="fund", name_en="Fund")
    )
    delegate = Delegate.objects.create(
        delegation=delegation, person=PersonFactory(given_name="Ana"), user=investor
    )
    checkin.assign_category(actor=organiser, summit=summit, delegates=[delegate], category=category)
    w.badge = checkin.issue(actor=organiser, delegate=delegate)
    w.company_user = company
    return w


def test_scanning_the_investors_badge_marks_her_present(world, organiser):
    code = checkin.code_for(world.badge)
    meeting, side = ir_services.check_in_at_table(
        actor=organiser, session=world.session, table=2, code=code, at=world.at
    )
    assert (meeting.pk, side) == (world.meeting.pk, "investor")
    world.meeting.refresh_from_db()
    assert (world.meeting.investor_attendance, world.meeting.company_attendance) == (
        "present",
        "",
    )
    # Scanned again: the same answer, nothing doubled.
    ir_services.check_in_at_table(
        actor=organiser, session=world.session, table=2, code=code, at=world.at
    )
    assert ir_services.mark_attendance  # the no-show marking is the existing one


def test_wrong_table_wrong_time_bad_codes_are_refused(world, organiser):
    code = checkin.code_for(world.badge)
    session = world.session
    with pytest.raises(ValidationError, match="no meeting at table 1 now"):
        ir_services.check_in_at_table(
            actor=organiser, session=session, table=1, code=code, at=world.at
        )
    later = world.at + datetime.timedelta(hours=1)
    with pytest.raises(ValidationError, match="no meeting at table 2 now"):
        ir_services.check_in_at_table(
            actor=organiser, session=session, table=2, code=code, at=later
        )
    with pytest.raises(ValidationError, match="table from 1 to 2"):
        ir_services.check_in_at_table(
            actor=organiser, session=session, table=9, code=code, at=world.at
        )
    with pytest.raises(ValidationError, match="not a valid badge code"):
        ir_services.check_in_at_table(
            actor=organiser, session=session, table=2, code="SB1FORGED", at=world.at
        )
    checkin.revoke(actor=organiser, badge=world.badge)
    with pytest.raises(ValidationError, match="no longer valid"):
        ir_services.check_in_at_table(
            actor=organiser, session=session, table=2, code=code, at=world.at
        )
    world.meeting.refresh_from_db()
    assert world.meeting.investor_attendance == ""


def test_the_company_checks_in_its_own_meetings_and_others_may_not(world, no_perm):
    code = checkin.code_for(world.badge)
    meeting, side = ir_services.check_in_at_table(
        actor=world.company_user, session=world.session, table=2, code=code, at=world.at
    )
    assert side == "investor"
    with pytest.raises(PermissionDenied):
        ir_services.check_in_at_table(
            actor=no_perm, session=world.session, table=2, code=code, at=world.at
        )


def test_the_tables_page_and_the_api(world, organiser, summit, no_perm):
    from summitry.core.tokens import issue_token

    url = reverse("exhibitions:ir-tables", args=[summit.slug, world.session.pk])
    page = client_for(organiser).get(url)
    assert page.status_code == 200 and "Ana Investor" in page.content.decode()
    refused = client_for(organiser).post(
        url, {"table": "2", "code": "nonsense"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 400
    assert "not a valid badge code" in refused.content.decode()
    assert client_for(no_perm).get(url).status_code == 403
    api = f"/summits/{summit.slug}/ir/sessions/{world.session.pk}/tables/checkins"
    body = {"table": 1, "code": checkin.code_for(world.badge)}
    staff = ApiClient(issue_token(user=organiser, name="t")[1])
    answer = staff.post(api, body)
    assert answer.status_code == 400  # nobody expected at table 1 now (the clock is not 15:05)
    outsider = ApiClient(issue_token(user=no_perm, name="t")[1])
    assert outsider.post(api, body).status_code == 404
