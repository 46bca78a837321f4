"""The diplomacy API: the same rules as the pages, through the same services."""

import json

import pytest

from summitry.diplomacy.models import Agreement, Gift, MeetingRequest
from tests.api_support import NOT_AUTHENTICATED
from tests.conftest import ApiClient
from tests.factories import UserFactory

from .conftest import accepted, request

BASE = "/summits/forum/diplomacy"


@pytest.fixture
def apis(world, api_for):
    return {
        "officer": api_for(world.officer),
        "wellington": api_for(world.wellington_contact),
        "kyiv": api_for(world.kyiv_contact),
        "dublin": api_for(world.dublin_contact),
        "anonymous": ApiClient(),
    }


def new_request(world, api, **extra):
    return api.post(
        f"{BASE}/meetings",
        {
            "requester": "wellington",
            "counterpart": "kyiv",
            "topic": {"en": "Reconstruction", "ko": "재건"},
            "attendees": [world.whanau.pk],
            "requester_language": "en",
            "counterpart_language": "en",
            "preferred_times": [
                {"start": "2023-09-25T09:00:00+09:00", "end": "2023-09-25T10:00:00+09:00"}
            ],
            **extra,
        },
    )


def test_a_contact_requests_and_the_other_side_accepts(world, apis):
    response = new_request(world, apis["wellington"])
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "requested"
    assert body["requester"]["slug"] == "wellington"
    assert body["topic"] == {"ko": "재건", "en": "Reconstruction"}
    assert body["preferred_times"][0]["start"] == "2023-09-25T00:00:00Z"
    meeting_id = body["id"]
    assert apis["kyiv"].get(f"{BASE}/meetings").json()[0]["id"] == meeting_id
    response = apis["kyiv"].post(
        f"{BASE}/meetings/{meeting_id}/answer",
        {"answer": "accept", "attendees": [world.prokopiv.pk]},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert {a["name"] for a in response.json()["attendees"]} == {
        "Tory Whanau",
        "Volodymyr Prokopiv",
    }


def test_another_delegation_gets_404_and_an_empty_list(world, apis):
    meeting_id = new_request(world, apis["wellington"]).json()["id"]
    assert apis["dublin"].get(f"{BASE}/meetings").json() == []
    for call in (
        lambda api: api.get(f"{BASE}/meetings/{meeting_id}"),
        lambda api: api.post(f"{BASE}/meetings/{meeting_id}/answer", {"answer": "accept"}),
        lambda api: api.post(f"{BASE}/meetings/{meeting_id}/cancel", {}),
    ):
        assert call(apis["dublin"]).status_code == 404
    assert MeetingRequest.objects.get().status == "requested"


def test_anonymous_callers_get_401(world, apis):
    for path in ("/meetings", "/gifts", "/agreements"):
        response = apis["anonymous"].get(f"{BASE}{path}")
        assert (response.status_code, response.json()) == (401, NOT_AUTHENTICATED)


def test_a_contact_cannot_request_for_another_delegation(world, apis):
    response = new_request(world, apis["dublin"])
    assert response.status_code == 403
    assert MeetingRequest.objects.count() == 0


def test_bad_input_is_400_with_the_field_and_changes_nothing(world, apis):
    response = new_request(world, apis["wellington"], topic={"en": "", "ko": ""})
    assert response.status_code == 400
    assert "topic" in str(response.json()["errors"])
    response = new_request(world, apis["wellington"], attendees=[world.prokopiv.pk])
    assert response.status_code == 400
    assert "attendees" in response.json()["errors"]
    response = new_request(world, apis["wellington"], counterpart="wellington")
    assert response.status_code == 400
    korean = ApiClient(apis["wellington"].headers["Authorization"].split()[1], language="ko")
    response = new_request(world, korean, topic={"en": "", "ko": ""})
    assert (response.status_code, response.json()["detail"]) == (400, "데이터가 유효하지 않습니다.")
    assert MeetingRequest.objects.count() == 0


def test_the_officer_schedules_moves_and_publishes(world, apis):
    meeting = accepted(world)
    api = apis["officer"]
    response = api.post(f"{BASE}/schedule/run", {})
    # Without a broker the run is done by the time the answer comes (tests, `make run`).
    assert response.status_code == 202, response.json()
    run = response.json()
    assert (run["status"], run["result"]["placed"], run["attempts"]) == ("done", 1, 1)
    assert run["progress"]["gaps"] == 0 and run["progress"]["proven"] is True
    assert api.get(f"{BASE}/schedule/runs/{run['id']}").json()["result"]["status"] == "optimal"
    assert apis["wellington"].get(f"{BASE}/schedule/runs/{run['id']}").status_code == 403
    response = api.post(
        f"{BASE}/meetings/{meeting.pk}/move",
        {"starts_at": "2023-09-25T10:00:00+09:00", "room": world.room_b.pk},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["pinned"] is True
    assert response.json()["draft_starts_at"] == "2023-09-25T01:00:00Z"
    assert response.json()["starts_at"] is None  # not yet published
    # A contact never sees the draft.
    mine = apis["wellington"].get(f"{BASE}/meetings/{meeting.pk}").json()
    assert (mine["draft_starts_at"], mine["draft_room"]) == (None, None)
    response = api.post(
        f"{BASE}/meetings/{meeting.pk}/move",
        {"starts_at": "2023-09-25T10:10:00+09:00", "room": world.room_b.pk},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [
        "This is not one of the times for bilateral meetings."
    ]
    assert (
        api.post(f"{BASE}/meetings/{meeting.pk}/pin", {"pinned": False}).json()["pinned"] is False
    )
    response = api.post(f"{BASE}/schedule/publish", {})
    assert response.json() == {"added": 1, "changed": 0, "removed": 0}
    mine = apis["wellington"].get(f"{BASE}/meetings/{meeting.pk}").json()
    assert (mine["published"], mine["starts_at"], mine["room"]) == (
        True,
        "2023-09-25T01:00:00Z",
        "DDP · Room B",
    )


def test_contacts_may_not_schedule(world, apis):
    meeting = accepted(world)
    api = apis["wellington"]
    assert api.post(f"{BASE}/schedule/run", {}).status_code == 403
    assert api.post(f"{BASE}/schedule/publish", {}).status_code == 403
    assert api.post(f"{BASE}/meetings/{meeting.pk}/pin", {"pinned": True}).status_code == 403
    response = api.post(
        f"{BASE}/meetings/{meeting.pk}/move",
        {"starts_at": "2023-09-25T10:00:00+09:00", "room": world.room_b.pk},
    )
    assert response.status_code == 403


def test_gifts_through_the_api(world, apis):
    gift = {
        "direction": "given",
        "counterpart": "wellington",
        "description": {"en": "Lacquer box", "ko": "나전칠기 함"},
        "value": 300000,
        "date": "2023-09-24",
        "kept_at": "",
    }
    assert apis["wellington"].post(f"{BASE}/gifts", gift).status_code == 403
    response = apis["officer"].post(f"{BASE}/gifts", gift)
    assert response.status_code == 201, response.json()
    assert response.json()["description"]["ko"] == "나전칠기 함"
    assert apis["officer"].post(f"{BASE}/gifts", {**gift, "value": -1}).status_code == 422
    assert Gift.objects.count() == 1
    response = apis["officer"].client.get(
        f"/api/v1{BASE}/gifts.csv", headers=apis["officer"].headers
    )
    assert response.status_code == 200
    assert "Lacquer box" in response.content.decode("utf-8-sig")


def test_agreements_through_the_api(world, apis):
    api = apis["officer"]
    response = api.post(
        f"{BASE}/agreements",
        {
            "partner": "kyiv",
            "kind": "friendship",
            "title": {
                "en": "Seoul–Kyiv friendship city agreement",
                "ko": "서울-키이우 우호도시 협약",
            },
            "signatories": [world.mayor.pk, world.prokopiv.pk],
        },
    )
    assert response.status_code == 201, response.json()
    agreement_id = response.json()["id"]
    path = f"{BASE}/agreements/{agreement_id}/status"
    assert api.post(path, {"to": "approved"}).status_code == 400
    assert api.post(path, {"to": "negotiating"}).json()["status"] == "negotiating"
    response = api.post(path, {"to": "approved"})
    assert response.status_code == 400
    assert "council_resolution" in response.json()["errors"]
    assert api.post(path, {"to": "approved", "council_resolution": "R-1"}).status_code == 200
    assert api.post(path, {"to": "signed", "signed_on": "2023-09-26"}).status_code == 200
    response = api.patch(f"{BASE}/agreements/{agreement_id}", {"place": {"en": "DDP"}})
    assert response.json()["place"]["en"] == "DDP"
    assert (
        api.patch(f"{BASE}/agreements/{agreement_id}", {"status": "active"}).json()["status"]
        == "signed"
    )
    assert apis["kyiv"].get(f"{BASE}/agreements").status_code == 403
    # Public: the partner cities, without a token.
    response = apis["anonymous"].get("/summits/forum/partners")
    assert response.status_code == 200
    assert response.json() == [
        {
            "partner": {"slug": "kyiv", "name": {"ko": "키이우", "en": "Kyiv"}},
            "country": "UA",
            "kind": "friendship",
            "since": "2023-09-26",
        }
    ]
    assert Agreement.objects.get().status == "signed"


def test_a_user_without_a_delegation_sees_nothing(world, api_for):
    request(world)
    api = api_for(UserFactory(username="lonely"))
    assert api.get(f"{BASE}/meetings").json() == []


def test_the_officer_sets_windows_rooms_and_precedence(world, apis):
    api = apis["officer"]
    body = {
        "meeting_minutes": 20,
        "windows": [{"date": "2023-09-26", "start": "14:00", "end": "15:00"}],
        "rooms": [world.room_a.pk],
        "precedence_rule": "rotation",
        "rotation_letter": "k",
    }
    response = api.client.put(
        f"/api/v1{BASE}/settings",
        data=json.dumps(body),
        content_type="application/json",
        headers=api.headers,
    )
    assert response.status_code == 200, response.json()
    assert response.json()["rotation_letter"] == "K"
    assert api.get(f"{BASE}/settings").json()["rooms"] == [world.room_a.pk]
    bad = {**body, "windows": [{"date": "2023-10-01", "start": "14:00", "end": "15:00"}]}
    response = api.client.put(
        f"/api/v1{BASE}/settings",
        data=json.dumps(bad),
        content_type="application/json",
        headers=api.headers,
    )
    assert response.status_code == 400
    assert response.json()["errors"]["windows"] == ["A window must fall within the summit's days."]
    short = {**body, "windows": [{"date": "2023-09-26", "start": "14:00", "end": "14:10"}]}
    response = api.client.put(
        f"/api/v1{BASE}/settings",
        data=json.dumps(short),
        content_type="application/json",
        headers=api.headers,
    )
    assert response.json()["errors"]["windows"] == ["A window must hold at least one meeting."]
    assert apis["wellington"].get(f"{BASE}/settings").status_code == 403
