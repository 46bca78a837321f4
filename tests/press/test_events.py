"""The press room's webhook event: a release is announced once, when its embargo has passed
(never before: the payload holds the text)."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from summitry.press import services
from summitry.webhooks import services as webhooks
from tests.webhooks.receiver import Receiver

from .conftest import make_release, release_it


@pytest.fixture
def receiver(settings):
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = True
    found = Receiver()
    yield found
    found.close()


def test_a_release_is_announced_once_after_its_embargo(
    summit, organiser, receiver, django_capture_on_commit_callbacks
):
    webhooks.create_subscription(
        actor=organiser,
        summit=summit,
        name={"en": "Wire"},
        url=receiver.url,
        events=["press.release_published"],
    )
    now = timezone.now()
    later = release_it(make_release(summit, organiser), organiser)  # an hour ahead
    due = release_it(
        make_release(summit, organiser, embargo_at=now - datetime.timedelta(seconds=1)),
        organiser,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_due(at=now)
        services.publish_due(at=now)
    (request,) = receiver.received
    body = json.loads(request["body"])
    assert body["event"] == "press.release_published"
    assert body["data"]["id"] == due.pk != later.pk
    assert body["data"]["headline"] == {"ko": "포럼 개막", "en": "Forum opens"}
    assert body["data"]["url"].endswith(f"/press/{due.pk}/")
