"""The client's address behind trusted proxies, and a small fixed-window rate limit in the
cache for endpoints that guess-proof secrets."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.SUMMITRY_TRUSTED_PROXIES)))


def client_address(request) -> str:
    """The address of the client: REMOTE_ADDR, unless that is a trusted proxy, in which case
    the nearest address in X-Forwarded-For that is not a trusted proxy (anything further left
    could have been written by the client itself)."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _trusted(address):
        return address
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for hop in reversed([a for a in forwarded if a]):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return address
    return address


def client_ip(request) -> str | None:
    """``client_address`` when it is an IP address, else None: what django-axes records (a
    request made without a client, e.g. a test's forced sign-in, has none)."""
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


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


def blocked(scope: str, key: str, *, limit: int) -> bool:
    """Whether ``limit`` attempts were already counted in the current window (nothing is
    counted: for limits that count only failures, with ``exceeded`` on each failure)."""
    return (cache.get(f"ratelimit:{scope}:{key}") or 0) >= limit
