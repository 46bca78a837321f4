"""core.rediscache against a real Redis (SUMMITRY_TEST_REDIS_URL, default
redis://127.0.0.1:6379/0), under a key prefix of the test's own, removed after."""

from __future__ import annotations

import os
import secrets

import pytest
import redis

from summitry.core.rediscache import RedisCache

REDIS = os.environ.get("SUMMITRY_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def cache():
    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS}")
    prefix = f"test-rediscache-{secrets.token_hex(4)}"
    found = RedisCache(REDIS, {"KEY_PREFIX": prefix})
    yield found
    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


def test_incr_adds_to_a_kept_value_and_keeps_its_expiry(cache):
    cache.set("count", 2, 60)
    assert cache.incr("count") == 3
    assert cache.incr("count", 5) == 8
    assert cache.get("count") == 8
    client = cache._cache.get_client("x")
    assert 0 < client.ttl(cache.make_and_validate_key("count")) <= 60


def test_incr_of_a_missing_key_refuses_and_creates_nothing(cache):
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.get("missing") is None
    assert not cache.has_key("missing")


def test_one_client_per_pool(cache):
    assert cache._cache.get_client("a") is cache._cache.get_client("b")


def test_incr_get_many_bumps_and_reads_in_one_call(cache):
    cache.set("count", 2, 60)
    cache.set("memo", frozenset({"checkin.entered"}), 60)
    cache.set("number", 7, 60)
    assert cache.incr_get_many("count", ["memo", "number", "missing"]) == (
        3,
        {"memo": frozenset({"checkin.entered"}), "number": 7},
    )
    assert cache.get("count") == 3


def test_incr_get_many_creates_no_missing_counter(cache):
    cache.set("memo", [1, 2], 60)
    assert cache.incr_get_many("missing", ["memo"]) == (None, {"memo": [1, 2]})
    assert not cache.has_key("missing")
