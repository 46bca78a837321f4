"""Recordings in the API: an item's recordings per channel with their captions' languages, as
public as the item; staff attach and change them (captions checked as WebVTT), others may not."""

from __future__ import annotations

import json

import pytest

from summitry.online.models import OnlineItem, Recording

from .test_api import api

pytestmark = pytest.mark.django_db

VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n안녕하세요\n\n00:00:04.000 --> 00:00:05.000\n시장님\n"
)


@pytest.fixture
def online(world):
    return OnlineItem.objects.create(item=world.soon, format="online", floor_language="ko")


def test_staff_attach_and_change_recordings_everyone_lists_them(world, online):
    path = f"/items/{world.soon.pk}/recordings"
    floor = api(
        world.organiser,
        "post",
        path,
        {"channel": "floor", "url": "https://tv.invalid/rec-floor", "captions": VTT},
    )
    assert floor.status_code == 201
    assert floor.json()["captions_language"] == "ko" and floor.json()["cues"] == 2
    english = api(
        world.organiser, "post", path, {"channel": "en", "url": "https://tv.invalid/rec-en"}
    )
    assert english.status_code == 201 and english.json()["captions_language"] is None
    listing = api(None, path=path).json()
    assert [(r["channel"], r["captions_language"]) for r in listing] == [
        ("floor", "ko"),
        ("en", None),
    ]
    assert listing[0]["captions_url"].endswith(
        f"/forum/recordings/{floor.json()['id']}/captions.vtt"
    )
    changed = api(
        world.organiser,
        "patch",
        f"/recordings/{english.json()['id']}",
        {"captions": VTT.replace("안녕하세요", "Hello")},
    )
    assert changed.status_code == 200 and changed.json()["captions_language"] == "en"
    assert api(None, path=path).json()[1]["cues"] == 2  # the public list follows the change
    removed = api(world.organiser, "patch", f"/recordings/{english.json()['id']}", {"captions": ""})
    assert removed.json()["captions_language"] is None


def test_bad_input_is_refused_in_the_callers_language_and_nothing_changes(world, online):
    path = f"/items/{world.soon.pk}/recordings"
    bad = api(
        world.organiser,
        "post",
        path,
        {"channel": "en", "url": "https://tv.invalid/x", "captions": "not captions"},
        language="ko",
    )
    assert bad.status_code == 400 and "WebVTT" in json.dumps(bad.json(), ensure_ascii=False)
    plain = api(world.organiser, "post", path, {"channel": "en", "url": "http://tv.invalid/x"})
    assert plain.status_code == 400
    assert not Recording.objects.exists()
    api(world.organiser, "post", path, {"channel": "en", "url": "https://tv.invalid/x"})
    again = api(world.organiser, "post", path, {"channel": "en", "url": "https://tv.invalid/y"})
    assert again.status_code == 400
    in_person = api(
        world.organiser,
        "post",
        f"/items/{world.later.pk}/recordings",
        {"channel": "en", "url": "https://tv.invalid/x"},
    )
    assert in_person.status_code == 400
    assert Recording.objects.count() == 1


def test_others_may_not_write(world, online):
    path = f"/items/{world.soon.pk}/recordings"
    body = {"channel": "en", "url": "https://tv.invalid/x"}
    assert api(None, "post", path, body).status_code == 401
    for user in (world.attendee_user, world.speaker_user, world.no_perm, world.elsewhere):
        assert api(user, "post", path, body).status_code in (403, 404)
    assert not Recording.objects.exists()
    recording = Recording.objects.create(online=online, channel="en", url="https://tv.invalid/x")
    for user in (world.attendee_user, world.no_perm):
        patch = api(user, "patch", f"/recordings/{recording.pk}", {"url": "https://evil.invalid"})
        assert patch.status_code in (403, 404)
    assert (
        api(None, "patch", f"/recordings/{recording.pk}", {"url": "https://e.invalid"}).status_code
        == 401
    )
    recording.refresh_from_db()
    assert recording.url == "https://tv.invalid/x"
