"""Viewing figures: the "I'm watching" signal of an item's page counts each viewer once per
channel and minute; peak concurrent and unique viewers per item and channel and over time, on
a staff page and in the API; counts only, nobody can be named; others may not see them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from summitry.online import viewing
from summitry.online.models import OnlineItem, Stream, ViewerMinute

from .conftest import client_of
from .test_api import api

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
T0 = datetime.datetime(2020, 6, 2, 1, 0, tzinfo=UTC)


@pytest.fixture
def live(world):
    online = OnlineItem.objects.create(item=world.soon, format="online")
    Stream.objects.create(online=online, channel="ko", url="https://tv.invalid/ko")
    Stream.objects.create(online=online, channel="en", url="https://tv.invalid/en")
    return online


def at(minute, second=0):
    return T0 + datetime.timedelta(minutes=minute, seconds=second)


def watch_a_while(online):
    """A (signed in) on Korean for two minutes, C on Korean then English, B on English."""
    for key, channel, minute, second in (
        ("user:1", "ko", 0, 5),
        ("user:1", "ko", 0, 35),  # the second signal of the same minute counts once
        ("viewer:c", "ko", 0, 10),
        ("user:1", "ko", 1, 5),
        ("viewer:b", "en", 1, 20),
        ("viewer:c", "en", 1, 40),
        ("viewer:b", "en", 2, 20),
        ("viewer:b", "en", 7, 20),
    ):
        viewing.record(online, channel, key, at(minute, second))


def test_peak_and_unique_viewers_per_item_channel_and_time(world, live):
    watch_a_while(live)
    figures = viewing.figures(live)
    assert (figures["peak"], figures["peak_at"], figures["unique"]) == (3, at(1), 3)
    channels = {c["channel"]: (c["peak"], c["peak_at"], c["unique"]) for c in figures["channels"]}
    assert channels == {"ko": (2, at(0), 2), "en": (2, at(1), 2)}
    assert figures["series"] == [{"at": at(0), "viewers": 3}, {"at": at(5), "viewers": 1}]
    assert ViewerMinute.objects.count() == 7


def test_the_watching_signal_counts_a_viewer_once_a_minute(world, live):
    url = reverse("online:watching", args=["forum", world.soon.pk])
    viewer = client_of(None)
    answer = viewer.post(url, {"channel": "en"})  # a new viewer: their cookie, no count yet
    assert answer.status_code == 202 and "summitry_viewer" in answer.cookies
    assert not ViewerMinute.objects.exists()
    assert viewer.post(url, {"channel": "en"}).status_code == 204
    assert viewer.post(url, {"channel": "en"}).status_code == 204
    assert client_of(world.attendee_user).post(url, {"channel": "ko"}).status_code == 204
    assert ViewerMinute.objects.count() == 2
    assert viewer.post(url, {"channel": "xx"}).status_code == 400
    assert viewer.post(url).status_code == 400
    assert ViewerMinute.objects.count() == 2
    # nothing of the viewer is kept but a keyed hash
    stored = set(ViewerMinute.objects.values_list("viewer", flat=True))
    token = answer.cookies["summitry_viewer"].value
    assert not any(token in v or str(world.attendee_user.pk) == v for v in stored)
    assert viewing.viewer_hash(f"viewer:{token}") in stored
    # an item held in person has no figures to add to
    assert (
        viewer.post(
            reverse("online:watching", args=["forum", world.later.pk]), {"channel": "en"}
        ).status_code
        == 404
    )


def test_the_watch_page_sends_the_signal(world, live):
    page = client_of(None).get(reverse("online:watch", args=["forum", world.soon.pk]))
    text = page.content.decode()
    assert f'data-watching="/forum/programme/{world.soon.pk}/online/watching/"' in text
    assert 'data-channel="ko"' in text


def test_staff_see_the_figures_others_may_not(world, live, staff):
    watch_a_while(live)
    url = reverse("online:viewing", args=["forum"])
    page = staff.get(url + f"?item={world.soon.pk}").content.decode()
    assert "Mayors&#x27; meeting" in page
    assert 'id="viewing-series"' in page and 'value="3"' in page
    assert not any(v in page for v in ViewerMinute.objects.values_list("viewer", flat=True))
    korean = client_of(world.organiser, "ko").get(url).content.decode()
    assert "최대 동시 시청자" in korean
    assert client_of(None).get(url).status_code == 302
    assert client_of(world.no_perm).get(url).status_code == 403
    for user in (world.attendee_user, world.speaker_user, world.outsider, world.elsewhere):
        assert client_of(user).get(url).status_code == 404


def test_the_api_gives_staff_the_counts_only(world, live):
    watch_a_while(live)
    one = api(world.organiser, path=f"/items/{world.soon.pk}/viewing")
    assert one.status_code == 200
    body = one.json()
    assert (body["peak"], body["unique"]) == (3, 3)
    assert {c["channel"]: c["unique"] for c in body["channels"]} == {"ko": 2, "en": 2}
    assert body["series"][0]["viewers"] == 3
    assert set(body) == {"item", "peak", "peak_at", "unique", "channels", "series"}
    listing = api(world.organiser, path="/viewing").json()
    assert [row["item"] for row in listing] == [world.soon.pk]
    assert api(None, path="/viewing").status_code == 401
    for user in (world.attendee_user, world.outsider, world.no_perm):
        assert api(user, path=f"/items/{world.soon.pk}/viewing").status_code == 403
    assert api(world.elsewhere, path="/viewing").status_code in (403, 404)
