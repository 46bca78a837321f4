"""The public programme's cache: one version number per summit, bumped by every change.

Pages for anonymous visitors are cached under the summit's address (its slug) and current
version, so a cached page is served before the summit is even read from the database, and a
change to an item, its people, its sign-ups, the summit itself, its themes, rooms or venues
makes every cached page of that summit stale at once, without hunting for keys. A summit that
changes its address or goes back to draft makes its old address's pages stale too.
"""

from __future__ import annotations

from django.core.cache import cache

TIMEOUT = 60 * 60


def _version_key(slug: str) -> str:
    return f"programme:version:{slug}"


def version(slug: str) -> int:
    return cache.get_or_set(_version_key(slug), 1, timeout=None)


def bump_slug(slug: str) -> None:
    try:
        cache.incr(_version_key(slug))
    except ValueError:
        cache.set(_version_key(slug), 2, timeout=None)


def bump(summit_id: int) -> None:
    """Every change goes through here; a write, so one query for the address is no cost."""
    from summitry.summits.models import Summit

    slug = Summit.objects.filter(pk=summit_id).values_list("slug", flat=True).first()
    if slug is not None:
        bump_slug(slug)


def page_key(slug: str, *parts) -> str:
    return ":".join(["programme", "page", slug, str(version(slug)), *map(str, parts)])
