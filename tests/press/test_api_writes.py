"""API writes of press releases: press staff create, change and move a release through its
workflow; anyone else gets 401/403 and nothing changes; bad input is 422 in the caller's
language and changes nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from summitry.press.models import PressRelease, ReleaseStatus
from tests.press.conftest import make_release

pytestmark = pytest.mark.django_db

BASE = "/api/v1/summits/forum/press/releases"


def new_release(**extra) -> dict:
    return {
        "headline": {"ko": "포럼 개막", "en": "Forum opens"},
        "summary": {"ko": ["30개국 50개 도시", "22개 국제기구"], "en": ["50 cities"]},
        "body": {"ko": "<p>본문</p><script>x()</script>", "en": "<p>Body</p>"},
        "department": {"ko": "국제교류과", "en": "International Relations Division"},
        "edition_date": "2030-09-25",
        "edition": "morning",
        "embargo_at": "2030-09-24T16:20:00+09:00",
        **extra,
    }


def call(method, path, token=None, lang="en", **body):
    client = Client(headers={"Accept-Language": lang})
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return getattr(client, method)(path, body, content_type="application/json", **headers)


def test_staff_create_a_draft_in_both_languages(summit, tokens):
    response = call("post", BASE, tokens["staff"], **new_release())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["headline"] == {"ko": "포럼 개막", "en": "Forum opens"}
    assert body["summary"]["ko"] == ["30개국 50개 도시", "22개 국제기구"]
    assert "<script" not in body["body"]["ko"]
    assert body["embargo_at"] == "2030-09-24T07:20:00Z"
    assert response["Cache-Control"].startswith("private")
    release = PressRelease.objects.get()
    assert release.embargo_at == datetime.datetime(2030, 9, 24, 7, 20, tzinfo=datetime.UTC)


@pytest.mark.parametrize("who,status", [(None, 401), ("journalist", 403), ("no_perm", 403)])
def test_others_may_not_create(summit, tokens, who, status):
    response = call("post", BASE, tokens.get(who), **new_release())
    assert response.status_code == status
    assert not PressRelease.objects.exists()


def test_a_naive_embargo_is_refused_in_the_callers_language(summit, tokens):
    response = call(
        "post", BASE, tokens["staff"], lang="ko", **new_release(embargo_at="2030-09-24T16:20")
    )
    assert response.status_code == 422
    [message] = response.json()["errors"]["embargo_at"]
    assert "+09:00" in message and "오프셋" in message
    english = call("post", BASE, tokens["staff"], **new_release(embargo_at="2030-09-24T16:20"))
    assert "without an offset is refused" in english.json()["errors"]["embargo_at"][0]
    assert not PressRelease.objects.exists()


def test_bad_input_is_422_and_changes_nothing(summit, tokens, organiser):
    release = make_release(summit, organiser)
    before = (release.headline_en, release.embargo_at, release.edition)
    path = f"{BASE}/{release.pk}"
    for bad in (
        {"edition": "noon"},
        {"page_count": 0},
        {"embargo_at": "2030-09-24T16:20"},
        {"edition_date": "tomorrow"},
    ):
        response = call("patch", path, tokens["staff"], **bad)
        assert response.status_code == 422, bad
        assert response.json()["errors"]
    release.refresh_from_db()
    assert (release.headline_en, release.embargo_at, release.edition) == before


def test_staff_update_a_draft_one_language_at_a_time(summit, tokens, organiser):
    release = make_release(summit, organiser)
    response = call(
        "patch", f"{BASE}/{release.pk}", tokens["staff"], headline={"en": "Forum opens today"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["headline"] == {"ko": "포럼 개막", "en": "Forum opens today"}


@pytest.mark.parametrize("who,status", [(None, 401), ("journalist", 403), ("no_perm", 403)])
def test_others_may_not_update_or_move(summit, tokens, organiser, who, status):
    release = make_release(summit, organiser)
    path = f"{BASE}/{release.pk}"
    assert call("patch", path, tokens.get(who), headline={"en": "X"}).status_code == status
    for step in ("submit", "approve", "schedule", "publish"):
        assert call("post", f"{path}/{step}", tokens.get(who)).status_code == status
    release.refresh_from_db()
    assert (release.headline_en, release.status) == ("Forum opens", ReleaseStatus.DRAFT)


def test_the_whole_workflow(summit, tokens, organiser):
    release = make_release(summit, organiser)
    path = f"{BASE}/{release.pk}"
    token = tokens["staff"]
    assert call("post", f"{path}/submit", token).json()["status"] == "review"
    approved = call("post", f"{path}/approve", token).json()
    assert approved["status"] == "approved" and approved["approved_at"]
    later = (timezone.now() + datetime.timedelta(days=2)).replace(microsecond=0)
    scheduled = call("post", f"{path}/schedule", token, embargo_at=later.isoformat())
    assert scheduled.status_code == 200, scheduled.content
    assert scheduled.json()["status"] == "scheduled" and scheduled.json()["embargoed"]
    assert call("get", BASE).json() == []  # not public before the embargo
    published = call("post", f"{path}/publish", token).json()
    assert published["status"] == "published" and not published["embargoed"]
    assert [r["id"] for r in call("get", BASE).json()] == [release.pk]


def test_a_step_out_of_order_is_refused_and_changes_nothing(summit, tokens, organiser):
    release = make_release(summit, organiser)
    path = f"{BASE}/{release.pk}"
    embargo = release.embargo_at
    later = (embargo + datetime.timedelta(days=3)).isoformat()
    response = call("post", f"{path}/schedule", tokens["staff"], lang="ko", embargo_at=later)
    assert response.status_code == 400
    assert "초안" in str(response.json())
    assert call("post", f"{path}/publish", tokens["staff"]).status_code == 400
    release.refresh_from_db()
    assert (release.status, release.embargo_at) == (ReleaseStatus.DRAFT, embargo)


def test_an_approved_release_is_frozen(summit, tokens, organiser):
    release = make_release(summit, organiser)
    path = f"{BASE}/{release.pk}"
    call("post", f"{path}/submit", tokens["staff"])
    call("post", f"{path}/approve", tokens["staff"])
    response = call("patch", path, tokens["staff"], headline={"en": "Changed"})
    assert response.status_code == 400
    assert "frozen" in str(response.json())
    release.refresh_from_db()
    assert release.headline_en == "Forum opens"
