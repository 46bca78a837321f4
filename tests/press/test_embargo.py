"""The embargo never leaks: pages, the list, the feed and the API before and after the instant.

The clock: every visibility decision takes the instant ``at`` (queries, rules), so the rule
itself is asked exactly one second before and one second after the embargo. The HTTP walk
uses the real clock with the embargo placed relative to it (a minute ahead, a second behind),
so no request can fall on the wrong side of the instant; no clock is patched.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from pypdf import PdfReader

from summitry.press import queries, services
from summitry.press.models import ReleaseStatus

from .conftest import make_release, release_it

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)
EMBARGO = datetime.datetime(
    2030, 9, 24, 16, 20, tzinfo=datetime.timezone(datetime.timedelta(hours=9))
)


def test_the_rule_one_second_either_side(summit, organiser, journalist):
    from django.contrib.auth.models import AnonymousUser

    release = release_it(make_release(summit, organiser, embargo_at=EMBARGO), organiser)
    anonymous = AnonymousUser()
    before, after = EMBARGO - SECOND, EMBARGO + SECOND
    assert list(queries.visible_releases(summit, anonymous, before)) == []
    assert list(queries.public_releases(summit, before)) == []
    assert list(queries.visible_releases(summit, journalist, before)) == [release]
    assert list(queries.visible_releases(summit, organiser, before)) == [release]
    # The instant itself is public (embargo_at is the first public instant).
    assert list(queries.public_releases(summit, EMBARGO)) == [release]
    assert list(queries.visible_releases(summit, anonymous, after)) == [release]


def test_unreleased_is_never_public_even_after_the_instant(summit, organiser, journalist):
    from django.contrib.auth.models import AnonymousUser

    release = make_release(summit, organiser, embargo_at=EMBARGO)
    later = EMBARGO + datetime.timedelta(days=1)
    assert list(queries.visible_releases(summit, AnonymousUser(), later)) == []
    assert list(queries.visible_releases(summit, journalist, later)) == []
    services.submit_for_review(actor=organiser, release=release)
    services.approve(actor=organiser, release=release)
    assert list(queries.visible_releases(summit, journalist, later)) == []
    assert list(queries.visible_releases(summit, organiser, later)) == [release]


def _walk(clients, tokens, release):
    """Status of page, list, feed and API per reader, with Cache-Control."""
    slug = release.summit.slug
    seen = {}
    for who, client in clients.items():
        page = client.get(f"/{slug}/press/{release.pk}/")
        listing = client.get(f"/{slug}/press/")
        feed = client.get(f"/{slug}/press/feed.atom")
        headers = {"HTTP_AUTHORIZATION": f"Bearer {tokens[who]}"} if who in tokens else {}
        api_list = client.get(f"/api/v1/summits/{slug}/press/releases", **headers)
        api_one = client.get(f"/api/v1/summits/{slug}/press/releases/{release.pk}", **headers)
        seen[who] = {
            "page": page.status_code,
            "page_cache": page.get("Cache-Control", ""),
            "page_embargoed": b"EMBARGOED" in page.content,
            "list": "Forum opens" in listing.content.decode(),
            "list_cache": listing.get("Cache-Control", ""),
            "feed": b"Forum opens" in feed.content,
            "feed_cache": feed.get("Cache-Control", ""),
            "api_list": [r["id"] for r in api_list.json()],
            "api_one": api_one.status_code,
            "api_cache": api_one.get("Cache-Control", ""),
            "api_embargoed": api_one.json().get("embargoed")
            if api_one.status_code == 200
            else None,
        }
    return seen


def test_every_channel_before_and_after_the_instant(summit, organiser, clients, tokens):
    headers_en = {"HTTP_ACCEPT_LANGUAGE": "en"}
    for client in clients.values():
        client.defaults.update(headers_en)
    release = release_it(
        make_release(summit, organiser, embargo_at=timezone.now() + datetime.timedelta(minutes=1)),
        organiser,
    )
    before = _walk(clients, tokens, release)
    for who in ("anonymous", "no_perm"):
        assert before[who]["page"] == 404, who
        assert not before[who]["list"] and not before[who]["feed"], who
        assert before[who]["api_list"] == [] and before[who]["api_one"] == 404, who
        # Not even the "not found" may be kept by a cache past the instant.
        assert "no-store" in before[who]["page_cache"] and "no-store" in before[who]["api_cache"]
    for who in ("journalist", "staff"):
        assert before[who]["page"] == 200 and before[who]["page_embargoed"], who
        assert "no-store" in before[who]["page_cache"] and "private" in before[who]["page_cache"]
        assert before[who]["list"] and "no-store" in before[who]["list_cache"], who
        assert not before[who]["feed"], who  # the feed is public releases only, for everyone
        assert before[who]["api_list"] == [release.pk] and before[who]["api_embargoed"] is True
        assert "no-store" in before[who]["api_cache"], who

    # A second after the instant: everywhere, for everyone, without anyone pressing a button.
    services.change_embargo(actor=organiser, release=release, embargo_at=timezone.now() - SECOND)
    release.refresh_from_db()
    assert release.status == ReleaseStatus.SCHEDULED
    after = _walk(clients, tokens, release)
    for who in clients:
        assert after[who]["page"] == 200 and not after[who]["page_embargoed"], who
        assert after[who]["list"] and after[who]["feed"], who
        assert after[who]["api_list"] == [release.pk] and after[who]["api_embargoed"] is False
    assert after["anonymous"]["page_cache"] == "no-cache"
    assert "no-store" not in after["anonymous"]["feed_cache"]

    # The beat task records the publication; a later embargo hides it again everywhere.
    assert services.publish_due() == [release]
    assert services.publish_due() == []
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PUBLISHED and release.published_at is not None
    services.change_embargo(
        actor=organiser, release=release, embargo_at=timezone.now() + datetime.timedelta(hours=2)
    )
    release.refresh_from_db()
    assert release.status == ReleaseStatus.SCHEDULED and release.published_at is None
    again = _walk(clients, tokens, release)
    assert again["anonymous"]["page"] == 404 and not again["anonymous"]["feed"]
    assert again["anonymous"]["api_list"] == [] and not again["anonymous"]["list"]
    assert again["journalist"]["page_embargoed"]


def test_embargo_marking_in_korean(summit, organiser, clients):
    release = release_it(make_release(summit, organiser), organiser)
    page = clients["journalist"].get(f"/forum/press/{release.pk}/", HTTP_ACCEPT_LANGUAGE="ko")
    text = page.content.decode()
    assert "엠바고" in text and "포럼 개막" in text
    assert "no-store" in page["Cache-Control"]


def test_the_pdf_is_marked_while_embargoed_and_hidden_from_the_public(summit, organiser, clients):
    release = release_it(
        make_release(summit, organiser, embargo_at=timezone.now() + datetime.timedelta(minutes=1)),
        organiser,
    )
    url = f"/forum/press/{release.pk}.pdf"
    hidden = clients["anonymous"].get(url)
    assert hidden.status_code == 404 and "no-store" in hidden["Cache-Control"]
    marked = clients["journalist"].get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert marked.status_code == 200 and "no-store" in marked["Cache-Control"]
    pages = PdfReader(io.BytesIO(marked.content)).pages
    assert all("EMBARGOED" in p.extract_text() for p in pages)
    services.change_embargo(actor=organiser, release=release, embargo_at=timezone.now() - SECOND)
    public = clients["anonymous"].get(url, HTTP_ACCEPT_LANGUAGE="ko")
    assert public.status_code == 200 and public["Cache-Control"] == "no-cache"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(public.content)).pages)
    assert "포럼 개막" in text and "EMBARGOED" not in text and "엠바고" not in text


def test_the_open_press_page_refreshes_when_releases_move(summit, organiser, clients):
    """The list polls a fragment: 204 while nothing moved; a move (scheduling, a new embargo,
    the beat task recording publication) makes the next poll render it afresh."""
    from summitry.core import live

    release = release_it(make_release(summit, organiser), organiser)
    topic = services.topic(summit)
    current = live.version(topic)
    poll = clients["anonymous"].get(f"/forum/press/live/?v={current}")
    assert poll.status_code == 204
    services.change_embargo(actor=organiser, release=release, embargo_at=timezone.now() - SECOND)
    poll = clients["anonymous"].get(f"/forum/press/live/?v={current}")
    assert poll.status_code == 200 and "포럼 개막" in poll.content.decode()
    assert f"v={live.version(topic)}" in poll.content.decode()
    assert poll["Cache-Control"] == "no-cache"
