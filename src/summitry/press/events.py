"""The press room's event for other systems (webhooks, core.events): a release is public."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from summitry.core.bilingual import values

RELEASE_PUBLISHED = "press.release_published"


def _when(value) -> str | None:
    return None if value is None else value.isoformat()


def release_published(release, codes: frozenset[str]) -> dict[str, Any]:
    """Sent once the embargo has passed: everything in it is public by then."""
    slug = release.summit.slug
    return {
        "id": release.pk,
        "headline": values(release, "headline"),
        "embargo_at": _when(release.embargo_at),
        "published_at": _when(release.published_at),
        "url": settings.SUMMITRY_SITE_URL + reverse("press:release", args=[slug, release.pk]),
    }
