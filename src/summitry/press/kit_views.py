"""The summit's public media kit: a fact sheet (dates in the summit's zone, venues, host and
organisers, the live counts releases cite), the press contacts of the public releases, the
latest public releases and the files staff offer as press material — of public releases only:
an embargoed release's files never appear here before its instant, whoever asks.

Anonymous visitors are answered from the shared page cache; the cached copy ends at the next
embargo instant (a release becoming public changes the page by itself)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from summitry.core import pagecache
from summitry.delegations.queries import counts
from summitry.summits import queries as summit_queries
from summitry.summits.models import OrganisationRole

from . import queries
from .presenting import present

LATEST = 5


@pagecache.public_page
def kit(request: HttpRequest, slug: str) -> HttpResponse:
    at = timezone.now()
    summit = summit_queries.in_its_zone(request, slug)
    today = timezone.localtime(at, summit.zone).date()
    roles = list(summit_queries.roles(summit).select_related("organisation"))
    context = {
        "summit": summit,
        "venues": summit_queries.venues(summit),
        "hosts": [r.organisation for r in roles if r.role == OrganisationRole.HOST],
        "organisers": [r.organisation for r in roles if r.role == OrganisationRole.ORGANISER],
        "counts": counts(summit, today),
        # The day the counts are of, in the summit's zone, shown in the reader's format.
        "as_of": today,
        "contacts": queries.press_contacts(summit, at),
        "latest": [present(r, at) for r in queries.public_releases(summit, at)[:LATEST]],
        "material": list(queries.press_material(summit, at)),
    }
    pagecache.changes_at(request, queries.next_embargo(summit, at))
    return render(request, "press/kit.html", context)
