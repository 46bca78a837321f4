"""Public pages: the list of summits and a summit's home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from summitry.core import pagecache
from summitry.core.timezones import utc_offset_label

from . import queries
from .models import OrganisationRole


def summit_index(request: HttpRequest) -> HttpResponse:
    return render(request, "summits/index.html", {"summits": queries.visible_summits(request.user)})


@pagecache.public_page
def summit_home(request: HttpRequest, slug: str) -> HttpResponse:
    summit = queries.summit(slug, request.user)
    roles = list(queries.roles(summit))
    cities = queries.participating_cities(summit)
    context = {
        "summit": summit,
        "organisers": [r.organisation for r in roles if r.role == OrganisationRole.ORGANISER],
        "hosts": [r.organisation for r in roles if r.role == OrganisationRole.HOST],
        "partners": [r.organisation for r in roles if r.role == OrganisationRole.PARTNER],
        "cities": cities,
        "organisations": queries.participating_organisations(summit),
        "themes": queries.themes(summit),
        "venues": queries.venues(summit),
        "utc_offset": utc_offset_label(summit.time_zone),
    }
    # Dates and times on the page are the summit's own, whatever the server's zone.
    with timezone.override(summit.zone):
        return render(request, "summits/home.html", context)
