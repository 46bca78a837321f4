"""Investors sign up for an IR session through its public form; staff approve; only then do
they request meetings (and appear to the companies)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from summitry.core.tokens import issue_token
from summitry.exhibitions import ir_queries, ir_services
from summitry.exhibitions.ir_models import Investor
from tests.conftest import ApiClient
from tests.factories import UserFactory

from .conftest import client_for
from .ir_support import ir_world

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Ana Kim, Seoul Ventures",
    "sectors": ["smart_city"],
    "stages": ["seed"],
    "ticket_size": "small",
    "profile_ko": "도시 기술 초기 투자",
    "profile_en": "Early money for city technology",
}


@pytest.fixture
def world(summit, organiser):
    return ir_world(summit, organiser)


@pytest.fixture
def visitor(db):
    return UserFactory(username="angel")


def test_an_investor_signs_up_and_staff_approve(world, visitor, exhibition_staff):
    investor = ir_services.sign_up_investor(actor=visitor, session=world.session, data=GOOD)
    assert investor.status == "pending" and investor.profile_ko == "도시 기술 초기 투자"
    # Pending: no part in the session yet, invisible to the companies.
    assert ir_services.investor_of(visitor, world.session) is None
    assert investor not in ir_queries.approved_investors(world.session)
    assert investor not in [s["investor"] for s in ir_services.suggestions(world.session)]
    ir_services.approve_investor(actor=exhibition_staff, investor=investor)
    assert ir_services.investor_of(visitor, world.session) == investor
    assert investor in ir_queries.approved_investors(world.session)


def test_bad_sign_ups_are_refused_and_nothing_is_saved(world, visitor):
    session = world.session
    with pytest.raises(ValidationError, match="at least one sector"):
        ir_services.sign_up_investor(actor=visitor, session=session, data={**GOOD, "sectors": []})
    with pytest.raises(ValidationError, match="Choose from the list"):
        ir_services.sign_up_investor(
            actor=visitor, session=session, data={**GOOD, "sectors": ["gold"]}
        )
    with pytest.raises(ValidationError, match="Unknown fields"):
        ir_services.sign_up_investor(actor=visitor, session=session, data={**GOOD, "status": "x"})
    with pytest.raises(ValidationError, match="your name and your firm"):
        ir_services.sign_up_investor(actor=visitor, session=session, data={**GOOD, "name": " "})
    assert not Investor.objects.filter(user=visitor).exists()
    ir_services.sign_up_investor(actor=visitor, session=session, data=GOOD)
    with pytest.raises(ValidationError, match="already registered"):
        ir_services.sign_up_investor(actor=visitor, session=session, data=GOOD)


def test_only_staff_approve(world, visitor, no_perm):
    investor = ir_services.sign_up_investor(actor=visitor, session=world.session, data=GOOD)
    for who in (visitor, no_perm):
        with pytest.raises(PermissionDenied):
            ir_services.approve_investor(actor=who, investor=investor)
    assert Investor.objects.get(pk=investor.pk).status == "pending"


def test_the_public_form_in_korean_and_staff_approve_in_the_console(
    world, visitor, summit, exhibition_staff
):
    url = reverse("exhibitions:ir-sign-up", args=[summit.slug, world.session.pk])
    anonymous = client_for().get(url)
    assert anonymous.status_code == 200 and "Cache-Control" in anonymous
    assert "private" in anonymous["Cache-Control"]
    assert client_for().post(url, {"name": "x"}).status_code == 302  # sign in first
    client = client_for(visitor)
    data = {**GOOD}
    refused = client.post(url, {**data, "sectors": []}, HTTP_ACCEPT_LANGUAGE="ko")
    assert refused.status_code == 200 and not Investor.objects.filter(user=visitor).exists()
    answer = client.post(url, data, follow=True)
    assert "status-pending" in answer.content.decode()
    investor = Investor.objects.get(user=visitor)
    console = reverse("exhibitions:ir-manage-session", args=[summit.slug, world.session.pk])
    page = client_for(exhibition_staff).get(console).content.decode()
    assert "Ana Kim, Seoul Ventures" in page and "approve-investor" in page
    client_for(exhibition_staff).post(console, {"action": "approve-investor", "id": investor.pk})
    assert Investor.objects.get(pk=investor.pk).status == "approved"


def test_the_api_signs_up_and_staff_approve(world, visitor, summit, exhibition_staff, no_perm):
    base = f"/summits/{summit.slug}/ir/sessions/{world.session.pk}/investors"
    body = {
        "name": "Ben, Busan Angels",
        "sectors": ["ai"],
        "profile": {"ko": "인공지능", "en": "AI"},
    }
    mine = ApiClient(issue_token(user=visitor, name="t")[1])
    made = mine.post(f"{base}/sign-up", body)
    assert made.status_code == 201, made.content
    assert made.json()["status"] == "pending" and made.json()["profile"]["en"] == "AI"
    assert mine.post(f"{base}/sign-up", body).status_code == 400
    bad = ApiClient(issue_token(user=UserFactory(username="b"), name="t")[1], language="ko")
    assert bad.post(f"{base}/sign-up", {**body, "sectors": ["gold"]}).status_code == 400
    pk = made.json()["id"]
    outsider = ApiClient(issue_token(user=no_perm, name="t")[1])
    assert outsider.post(f"{base}/{pk}/approve", {}).status_code in (403, 404)
    staff = ApiClient(issue_token(user=exhibition_staff, name="t")[1])
    approved = staff.post(f"{base}/{pk}/approve", {})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
