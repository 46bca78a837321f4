"""The rules of exhibitions, at the services and in the database."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from summitry.exhibitions import services
from summitry.exhibitions.models import Booth, ExhibitorStatus
from tests.factories import UserFactory

from .support import make_exhibition, make_exhibitor

pytestmark = pytest.mark.django_db


def test_a_booth_never_holds_two_exhibitors(exhibition, organiser, company):
    first = make_exhibitor(exhibition, company)
    second = make_exhibitor(exhibition, UserFactory(username="other"), "Other")
    booth = exhibition.booths.get(code="A-01")
    services.assign_booth(actor=organiser, booth=booth, exhibitor=first)
    with pytest.raises(ValidationError, match="already held by"):
        services.assign_booth(actor=organiser, booth=booth, exhibitor=second)
    booth.refresh_from_db()
    assert booth.exhibitor == first


def test_one_booth_per_exhibitor_unless_allowed(exhibition, organiser, company):
    exhibitor = make_exhibitor(exhibition, company)
    a1, a2 = exhibition.booths.get(code="A-01"), exhibition.booths.get(code="A-02")
    services.assign_booth(actor=organiser, booth=a1, exhibitor=exhibitor)
    with pytest.raises(ValidationError, match="allows one booth"):
        services.assign_booth(actor=organiser, booth=a2, exhibitor=exhibitor)
    assert Booth.objects.filter(exhibitor=exhibitor).count() == 1

    services.update_exhibition(
        actor=organiser, exhibition=exhibition, data={"allows_several_booths": True}
    )
    services.assign_booth(actor=organiser, booth=a2, exhibitor=exhibitor)
    a2.refresh_from_db()
    assert a2.additional and Booth.objects.filter(exhibitor=exhibitor).count() == 2


def test_the_database_refuses_a_second_primary_booth(exhibition, organiser, company):
    exhibitor = make_exhibitor(exhibition, company)
    Booth.objects.filter(code="A-01").update(exhibitor=exhibitor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booth.objects.filter(code="A-02").update(exhibitor=exhibitor)


def test_a_draft_gets_no_booth_and_staff_only_assign(exhibition, organiser, company, no_perm):
    draft = make_exhibitor(exhibition, company, submit=False)
    booth = exhibition.booths.get(code="A-01")
    with pytest.raises(ValidationError, match="draft"):
        services.assign_booth(actor=organiser, booth=booth, exhibitor=draft)
    services.submit(actor=company, exhibitor=draft)
    with pytest.raises(PermissionDenied):
        services.assign_booth(actor=no_perm, booth=booth, exhibitor=draft)
    with pytest.raises(PermissionDenied):
        services.assign_booth(actor=company, booth=booth, exhibitor=draft)


def test_exhibitor_of_another_exhibition_is_refused(summit, exhibition, organiser, company):
    other = make_exhibition(summit, organiser, slug="policy")
    stranger = make_exhibitor(other, company)
    with pytest.raises(ValidationError, match="not in this booth's exhibition"):
        services.assign_booth(
            actor=organiser, booth=exhibition.booths.get(code="A-01"), exhibitor=stranger
        )


def test_workflow_and_locking(exhibition, organiser, company):
    exhibitor = make_exhibitor(exhibition, company, submit=False)
    services.update_profile(actor=company, exhibitor=exhibitor, data={"website": "https://r.kr"})
    services.submit(actor=company, exhibitor=exhibitor)
    with pytest.raises(ValidationError, match="under review"):
        services.update_profile(actor=company, exhibitor=exhibitor, data={"website": ""})
    with pytest.raises(ValidationError, match="cannot be published"):
        services.publish(actor=organiser, exhibitor=exhibitor)
    with pytest.raises(PermissionDenied):
        services.approve(actor=company, exhibitor=exhibitor)
    services.approve(actor=organiser, exhibitor=exhibitor)
    services.publish(actor=organiser, exhibitor=exhibitor)
    assert exhibitor.status == ExhibitorStatus.PUBLISHED and exhibitor.published_at
    services.return_to_draft(actor=organiser, exhibitor=exhibitor, note={"en": "Add photos"})
    exhibitor.refresh_from_db()
    assert exhibitor.status == ExhibitorStatus.DRAFT and exhibitor.approved_at is None
    assert exhibitor.note_en == "Add photos"


def test_submit_needs_a_description(exhibition, company):
    exhibitor = services.apply(
        actor=company, exhibition=exhibition, data={"name": {"ko": "", "en": "Empty"}}
    )
    with pytest.raises(ValidationError, match="Describe"):
        services.submit(actor=company, exhibitor=exhibitor)
    exhibitor.refresh_from_db()
    assert exhibitor.status == ExhibitorStatus.DRAFT


def test_one_application_per_account(exhibition, company):
    make_exhibitor(exhibition, company)
    with pytest.raises(ValidationError, match="already applied"):
        make_exhibitor(exhibition, company)


def test_a_booth_must_lie_on_its_plan(exhibition, organiser):
    plan = exhibition.plans.get()
    with pytest.raises(ValidationError, match="inside the plan"):
        services.add_booth(actor=organiser, plan=plan, code="Z", x=390, y=0, w=20, h=20)
    with pytest.raises(ValidationError):
        services.add_booth(actor=organiser, plan=plan, code="A-01", x=0, y=100, w=20, h=20)


def test_opening_hours_close_after_they_open(exhibition, organiser):
    at = datetime.datetime(2030, 9, 25, 1, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError):
        services.add_hours(actor=organiser, exhibition=exhibition, opens_at=at, closes_at=at)
    services.add_hours(
        actor=organiser,
        exhibition=exhibition,
        opens_at=at,
        closes_at=at + datetime.timedelta(hours=8),
    )
    assert exhibition.hours.count() == 1
