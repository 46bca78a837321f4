"""The online API: formats and streams public as the item is, the video room's link only to
those entitled (never anonymous, never an outsider), the roster and its planning for staff."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from summitry.core.tokens import issue_token
from summitry.online import services
from summitry.online.models import OnlineItem, RosterRun

pytestmark = pytest.mark.django_db

JOIN = "https://meet.example.org/cac-mayors"


def api(user=None, method="get", path="", body=None, language="en"):
    headers = {"Accept-Language": language}
    if user is not None:
        headers["Authorization"] = f"Bearer {issue_token(user=user, name='t')[1]}"
    kwargs = {"headers": headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(Client(), method)(f"/api/v1/summits/forum/online{path}", **kwargs)


@pytest.fixture
def hybrid(world):
    services.set_format(
        actor=world.organiser,
        item=world.soon,
        data={"format": "hybrid", "provider": "zoom", "join_url": JOIN, "opens_minutes": 30},
    )
    for channel in ("floor", "en"):
        services.add_stream(
            actor=world.organiser,
            item=world.soon,
            channel=channel,
            url=f"https://tv.example/{channel}",
        )
    return world


def test_formats_and_streams_are_public_the_room_link_is_not(hybrid):
    w = hybrid
    listing = api(path="/items").json()
    assert [row["item"] for row in listing] == [w.soon.pk]
    assert [s["channel"] for s in listing[0]["streams"]] == ["floor", "en"]
    assert JOIN not in json.dumps(listing)
    for user in (None, w.outsider):
        room = api(user, path=f"/items/{w.soon.pk}/room").json()
        assert room["has_video_room"] and not room["entitled"] and room["join_url"] is None
    for user in (w.attendee_user, w.speaker_user, w.organiser):
        room = api(user, path=f"/items/{w.soon.pk}/room").json()
        assert room["entitled"] and room["join_url"] == JOIN


def test_staff_set_a_format_and_streams_others_are_refused(world):
    body = {"format": "online", "provider": "webex", "join_url": JOIN}
    assert api(world.outsider, "put", f"/items/{world.later.pk}", body).status_code == 403
    assert api(None, "put", f"/items/{world.later.pk}", body).status_code == 401
    assert not OnlineItem.objects.exists()
    answer = api(world.organiser, "put", f"/items/{world.later.pk}", body)
    assert answer.status_code == 200 and answer.json()["format"] == "online"
    bad = api(
        world.organiser,
        "put",
        f"/items/{world.soon.pk}",
        {"format": "in_person", "provider": "zoom", "join_url": JOIN},
        language="ko",
    )
    assert bad.status_code == 400 and "대면" in json.dumps(bad.json(), ensure_ascii=False)
    stream = api(
        world.organiser,
        "post",
        f"/items/{world.later.pk}/streams",
        {"channel": "ko", "url": "https://tv.example/ko"},
    )
    assert stream.status_code == 201


def test_staff_plan_the_roster_and_read_it(hybrid):
    w = hybrid
    for family, languages in (("Kim", "ko A, en B"), ("Lee", "ko B, en A")):
        services.add_interpreter(
            actor=w.organiser, summit=w.summit, data={"family_name": family, "languages": languages}
        )
    assert api(w.outsider, "post", "/roster/plans", {}).status_code == 403
    assert not RosterRun.objects.exists()
    answer = api(w.organiser, "post", "/roster/plans", {})
    assert answer.status_code == 202
    roster = api(w.organiser, path="/roster").json()
    assert (roster["state"], roster["status"], roster["verdict"]) == ("done", "optimal", [])
    assert {a["channel"] for a in roster["assignments"]} == {"en"}
    assert len(roster["assignments"]) == 2
    assert api(w.attendee_user, path="/roster").status_code == 403
