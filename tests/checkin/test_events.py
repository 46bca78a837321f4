"""Check-in's webhook event: an entry is announced once; who entered only to an owner who may
see the summit's people."""

from __future__ import annotations

import json
import os
import secrets

import pytest
import redis

from summitry.checkin import services
from summitry.core import live
from summitry.demo.loader import ensure_team
from summitry.webhooks import services as webhooks
from tests.factories import UserFactory
from tests.webhooks.receiver import Receiver

from .conftest import MORNING


@pytest.fixture
def receiver(settings):
    settings.SUMMITRY_WEBHOOKS_ALLOW_LOCAL = True
    found = Receiver()
    yield found
    found.close()


def test_an_entry_is_an_event_and_a_refusal_is_not(
    door, summit, hall, badge, organiser, receiver, django_capture_on_commit_callbacks
):
    integrator = UserFactory(username="integrator")
    ensure_team(
        summit, name_ko="연동", name_en="Integrations", codes={"webhooks"}, members=[integrator]
    )
    for owner in (organiser, integrator):
        webhooks.create_subscription(
            actor=owner,
            summit=summit,
            name={"en": owner.username},
            url=receiver.url,
            events=["checkin.entered"],
        )
    code = services.code_for(badge)
    with django_capture_on_commit_callbacks(execute=True):
        services.scan(
            actor=door, summit=summit, zone=hall, code=code, client_scan_id="a", at=MORNING
        )
        services.scan(
            actor=door, summit=summit, zone=hall, code=code, client_scan_id="b", at=MORNING
        )
    bodies = [json.loads(r["body"]) for r in receiver.received]
    assert len(bodies) == 2  # one entry, two subscriptions; "already inside" is no event
    assert {b["event"] for b in bodies} == {"checkin.entered"}
    names = [b["data"].get("person", {}).get("name") for b in bodies]
    assert sorted(names, key=str) == sorted([None, str(badge.delegate.person)], key=str)
    assert all(b["data"]["zone"]["id"] == hall.pk for b in bodies)


@pytest.fixture
def redis_cache(settings):
    """The shared cache in Redis, as in production (SUMMITRY_TEST_REDIS_URL), under a key
    prefix of the test's own, removed after."""
    url = os.environ.get("SUMMITRY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {url}")
    prefix = f"test-checkin-events-{secrets.token_hex(4)}"
    settings.CACHES = {
        "default": {
            "BACKEND": "summitry.core.rediscache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_with_redis_an_entry_bumps_the_counts_and_reaches_a_subscription_made_since(
    redis_cache, door, summit, hall, badge, organiser, receiver, django_capture_on_commit_callbacks
):
    """The counts' bump and the summit's memos are one Redis call; a memo is still forgotten
    when a subscription is made."""
    topic = services.topic_of(summit.pk)
    code = services.code_for(badge)
    with django_capture_on_commit_callbacks(execute=True):
        services.scan(
            actor=door, summit=summit, zone=hall, code=code, client_scan_id="a", at=MORNING
        )
    first = live.version(topic)
    assert receiver.received == []  # nobody listened
    webhooks.create_subscription(
        actor=organiser,
        summit=summit,
        name={"en": "doors"},
        url=receiver.url,
        events=["checkin.entered"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        for client_scan_id, direction in (("b", "out"), ("c", "in")):
            services.scan(
                actor=door,
                summit=summit,
                zone=hall,
                code=code,
                client_scan_id=client_scan_id,
                direction=direction,
                at=MORNING,
            )
    assert live.version(topic) == first + 2  # the exit and the entry
    bodies = [json.loads(r["body"]) for r in receiver.received]
    assert [b["event"] for b in bodies] == ["checkin.entered"]
