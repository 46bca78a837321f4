"""The press sitemap lists a release from its embargo instant on, never before, and its cached
copy for anonymous visitors ends at the next embargo or with any change."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from summitry.press import services
from tests.press.conftest import make_release, release_it

pytestmark = pytest.mark.django_db


def test_a_release_is_in_the_sitemap_only_once_public(summit, organiser, clients):
    release = release_it(
        make_release(summit, organiser, embargo_at=timezone.now() + datetime.timedelta(hours=1)),
        organiser,
    )
    url = reverse("press:sitemap", args=["forum"])
    page = reverse("press:release", args=["forum", release.pk])
    for who in ("anonymous", "journalist", "staff"):
        answer = clients[who].get(url)
        assert answer.status_code == 200 and answer["Content-Type"] == "application/xml"
        assert page not in answer.content.decode()
        assert "/forum/press/</loc>" in answer.content.decode()
    services.change_embargo(
        actor=organiser, release=release, embargo_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    text = clients["anonymous"].get(url).content.decode()
    assert f"{page}</loc>" in text and f"/forum/press/{release.pk}.pdf</loc>" in text
    # Moved later again: out of the sitemap again, cached copy included.
    services.change_embargo(
        actor=organiser, release=release, embargo_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert page not in clients["anonymous"].get(url).content.decode()


def test_a_cached_sitemap_ends_at_the_next_embargo(summit, organiser, client):
    embargo = timezone.now() + datetime.timedelta(minutes=10)
    release_it(make_release(summit, organiser, embargo_at=embargo), organiser)
    answer = client.get(reverse("press:sitemap", args=["forum"]))
    seconds = int(answer["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < seconds <= 600
