"""Investor relations' API: each side asks and answers with its own token, reads only its
own requests and schedule; staff schedule, publish and mark attendance; bad input is a 400."""

from __future__ import annotations

import pytest

from summitry.core.tokens import issue_token
from tests.factories import UserFactory

from .conftest import client_for
from .ir_support import ir_world


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


def _api(user):
    token = issue_token(user=user, name="t")[1]
    client = client_for()
    headers = {"Authorization": f"Bearer {token}"}
    return client, headers


def call(user, method, path, data=None):
    client, headers = _api(user)
    base = "/api/v1/summits/forum/ir/sessions"
    return getattr(client, method)(
        base + path, data=data, content_type="application/json", headers=headers
    )


def test_the_whole_flow_through_the_api(ir, organiser, investor_user, company, other_user):
    s = f"/{ir.session.pk}"
    asked = call(investor_user, "post", f"{s}/requests", {"company_id": ir.robots.pk})
    assert asked.status_code == 201, asked.content
    meeting_id = asked.json()["id"]
    # Ben neither sees nor answers Ana's request.
    assert call(other_user, "get", f"{s}/requests").json() == []
    answer = call(other_user, "post", f"{s}/requests/{meeting_id}/answer", {"accept": True})
    assert answer.status_code == 404
    answer = call(company, "post", f"{s}/requests/{meeting_id}/answer", {"accept": True})
    assert answer.json()["status"] == "accepted"
    # Only staff run the scheduler and publish.
    assert call(investor_user, "post", f"{s}/schedule/run").status_code == 403
    run = call(organiser, "post", f"{s}/schedule/run")
    assert run.status_code == 202
    assert call(organiser, "get", f"{s}/schedule/run").json()["result"]["placed"] == 1
    assert call(investor_user, "get", f"{s}/schedule").json() == []  # not yet published
    assert call(organiser, "post", f"{s}/schedule/publish").json()["published"] is True
    mine = call(investor_user, "get", f"{s}/schedule").json()
    assert [m["id"] for m in mine] == [meeting_id] and mine[0]["table"] in (1, 2)
    assert call(company, "get", f"{s}/schedule").json() == mine
    assert call(other_user, "get", f"{s}/schedule").json() == []
    follow = call(
        investor_user, "put", f"{s}/meetings/{meeting_id}/follow-up", {"outcome": "interested"}
    )
    assert follow.json()["side"] == "investor"
    marked = call(
        organiser,
        "put",
        f"{s}/meetings/{meeting_id}/attendance",
        {"investor": "present", "company": "no_show"},
    )
    assert marked.status_code == 200
    assert (
        call(
            company,
            "put",
            f"{s}/meetings/{meeting_id}/attendance",
            {"investor": "present", "company": "present"},
        ).status_code
        == 403
    )


def test_strangers_and_bad_input(ir, no_perm, investor_user, organiser):
    s = f"/{ir.session.pk}"
    assert call(no_perm, "get", "").json() == []
    assert call(no_perm, "get", f"{s}/requests").status_code == 404
    assert call(no_perm, "get", f"{s}/suggestions").status_code == 403
    assert call(organiser, "get", f"{s}/suggestions").json()[0]["score"] == 3
    bad = call(investor_user, "post", f"{s}/requests", {"company_id": 999999})
    assert bad.status_code == 400
    bad = call(
        investor_user, "post", f"{s}/requests", {"company_id": ir.robots.pk, "message": "x" * 3000}
    )
    assert bad.status_code == 400
    sessions = call(investor_user, "get", "").json()
    assert sessions[0]["you_are"] == "investor" and sessions[0]["investors"] == []
    assert len(sessions[0]["companies"]) == 2
