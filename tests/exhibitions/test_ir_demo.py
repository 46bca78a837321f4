"""The CAC 2020 demo's IR session (seed 004): about 20 sample companies in untact IT and
medical devices, sample investors, requests in every state, a solved and published schedule
that keeps the solver's rules; loading twice changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from summitry.demo import cac2020
from summitry.exhibitions import ir_scheduling
from summitry.exhibitions.models import IRSession, MeetingStatus

pytestmark = pytest.mark.django_db


def test_the_cac2020_ir_session():
    cac2020.load()
    session = IRSession.objects.get(summit__slug="cac2020")
    companies = list(session.companies.all())
    assert len(companies) == 20 and all(c.is_sample for c in companies)
    assert {s for c in companies for s in c.sectors} >= {"untact_it", "medical_devices"}
    assert session.investors.count() == 8
    assert all(i.is_sample for i in session.investors.all())
    statuses = set(session.meetings.values_list("status", flat=True))
    assert statuses == {MeetingStatus.ACCEPTED, MeetingStatus.PENDING, MeetingStatus.DECLINED}
    accepted = session.meetings.filter(status=MeetingStatus.ACCEPTED)
    assert accepted.count() == 24 and not accepted.filter(starts_at__isnull=True).exists()
    assert session.published_at is not None
    assert ir_scheduling.verify_draft(session) == []

    before = list(session.meetings.values_list("pk", "starts_at", "table"))
    cac2020.load()
    assert list(session.meetings.values_list("pk", "starts_at", "table")) == before

    client = Client()
    client.force_login(get_user_model().objects.get(username="ir-investor"))
    page = client.get(f"/cac2020/ir/{session.pk}/schedule/")
    assert page.status_code == 200 and page.text.count("<tr>") == 4  # a header and 3 meetings

    staff = Client()
    staff.force_login(get_user_model().objects.get(username="organiser"))
    console = staff.get(f"/cac2020/manage/ir/{session.pk}/")
    assert console.status_code == 200
    assert console.text.count('class="badge badge-sample"') >= 29  # the session, 20 and 8
