"""The public programme's cache: one version number per summit, bumped by every change.

Pages for anonymous visitors are cached under the summit's current version, so a change to an
item, its people, its sign-ups, the summit's themes, rooms or venues makes every cached page
of that summit stale at once, without hunting for keys.
"""

from __future__ import annotations

from django.core.cache import cache

TIMEOUT = 60 * 60


def _version_key(summit_id: int) -> str:
    return f"programme:version:{summit_id}"


def version(summit_id: int) -> int:
    return cache.get_or_set(_version_key(summit_id), 1, timeout=None)


def bump(summit_id: int) -> None:
    try:
        cache.incr(_version_key(summit_id))
    except ValueError:
        cache.set(_version_key(summit_id), 2, timeout=None)


def page_key(summit_id: int, *parts) -> str:
    return ":".join(
        ["programme", "page", str(summit_id), str(version(summit_id)), *map(str, parts)]
    )
