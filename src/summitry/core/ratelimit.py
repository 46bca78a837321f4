"""A small fixed-window rate limit in the cache, for endpoints that guess-proof secrets."""

from __future__ import annotations

from django.core.cache import cache


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def exceeded(scope: str, key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt; True once more than ``limit`` were made in the current window."""
    cache_key = f"ratelimit:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return False
    try:
        return cache.incr(cache_key) > limit
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return False
