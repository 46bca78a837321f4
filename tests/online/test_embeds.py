"""Streams' links as the item's page embeds them (data only: nothing reaches the internet):
YouTube links become the youtube-nocookie player, HLS playlists a video element, anything else
a link; the page widens its Content-Security-Policy to those players only and says it embeds a
third party's player; the language switch works without JavaScript as links per channel."""

from __future__ import annotations

import pytest
from django.urls import reverse

from summitry.online.embeds import Embed, csp_sources, embed, youtube_id
from summitry.online.models import OnlineItem, Stream

from .conftest import client_of


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/live/dQw4w9WgXcQ?si=abc",
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_youtube_links_become_the_nocookie_player(url):
    assert youtube_id(url) == "dQw4w9WgXcQ"
    assert embed(url) == Embed(
        "youtube",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com",
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://www.youtube.com/watch?v=dQw4w9WgXcQ",  # not https
        "https://www.youtube.com/watch?v=short",  # not an id
        "https://www.youtube.com/channel/UCabcdefghijk",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    ],
)
def test_other_links_are_not_youtube(url):
    assert youtube_id(url) is None
    assert embed(url).kind == "link"


def test_hls_playlists_play_in_a_video_element_from_their_origin():
    found = embed("https://cdn.tv.example:8443/live/en/index.M3U8?token=1")
    assert found.kind == "hls"
    assert found.origin == "https://cdn.tv.example:8443"
    assert embed("http://cdn.tv.example/live.m3u8").kind == "link"


def test_the_policy_widens_to_the_players_only():
    embeds = [
        embed("https://youtu.be/dQw4w9WgXcQ"),
        embed("https://cdn.tv.example/a.m3u8"),
        embed("https://arirang.example/live"),
    ]
    assert csp_sources(embeds) == {
        "frame-src": ["https://www.youtube-nocookie.com"],
        "media-src": ["https://cdn.tv.example"],
        "connect-src": ["https://cdn.tv.example"],
    }
    assert csp_sources([embed("https://arirang.example/live")]) == {}


@pytest.fixture
def streamed(world):
    online = OnlineItem.objects.create(
        item=world.soon,
        format="online",
        provider="zoom",
        join_url="https://zoom.example/j/123",
    )
    Stream.objects.create(online=online, channel="ko", url="https://youtu.be/AAAAAAAAAAA")
    Stream.objects.create(
        online=online, channel="en", url="https://www.youtube.com/watch?v=BBBBBBBBBBB"
    )
    Stream.objects.create(online=online, channel="floor", url="https://cdn.tv.example/f.m3u8")
    return online


@pytest.mark.django_db
def test_the_page_embeds_the_chosen_channel_and_links_every_channel(world, streamed):
    anonymous = client_of(None)
    url = reverse("online:watch", args=["forum", world.soon.pk])
    for attempt in ("miss", "hit"):  # the cached answer carries the same policy
        answer = anonymous.get(url + "?channel=ko")
        page = answer.content.decode()
        assert 'src="https://www.youtube-nocookie.com/embed/AAAAAAAAAAA"' in page, attempt
        policy = answer["Content-Security-Policy"]
        assert "frame-src https://www.youtube-nocookie.com" in policy
        assert "media-src https://cdn.tv.example" in policy
        assert "script-src 'self'" in policy
    assert 'href="?channel=en"' in page and 'href="?channel=floor"' in page
    assert 'data-src="https://www.youtube-nocookie.com/embed/BBBBBBBBBBB"' in page
    assert "embeds the player of a third party" in page
    assert "zoom.example" not in page  # the video room never public
    english = anonymous.get(url + "?channel=en").content.decode()
    assert 'id="player-frame" src="https://www.youtube-nocookie.com/embed/BBBBBBBBBBB"' in english
    floor = anonymous.get(url + "?channel=floor").content.decode()
    assert (
        '<video id="player-video" controls playsinline src="https://cdn.tv.example/f.m3u8"' in floor
    )


@pytest.mark.django_db
def test_a_page_without_players_keeps_the_strict_policy(world):
    online = OnlineItem.objects.create(item=world.soon, format="online")
    Stream.objects.create(online=online, channel="ko", url="https://arirang.example/live")
    answer = client_of(None).get(reverse("online:watch", args=["forum", world.soon.pk]))
    assert "frame-src 'none'" in answer["Content-Security-Policy"]
    assert 'href="https://arirang.example/live"' in answer.content.decode()
