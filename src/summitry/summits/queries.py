"""Reads of summits and their venues, rooms, themes and organisations, always summit-scoped."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.directory.models import OrganisationKind

from . import permissions
from .models import (
    PUBLIC_STATUSES,
    OrganisationRole,
    Room,
    SessionTheme,
    Summit,
    SummitOrganisation,
    Venue,
)


def visible_summits(user) -> QuerySet[Summit]:
    """Summits the user may read: all but drafts, and the drafts of the summits whose teams
    they are in (every summit for a platform administrator)."""
    summits = Summit.objects.all()
    if user is not None and user.is_authenticated and user.is_active and user.is_superuser:
        return summits
    visible = Q(status__in=PUBLIC_STATUSES)
    if user is not None and user.is_authenticated:
        visible |= Q(pk__in=permissions.summits_worked_on(user).values("pk"))
    return summits.filter(visible)


def summit(slug: str, user) -> Summit:
    found = visible_summits(user).filter(slug=slug).first()
    if found is None:
        raise Http404(_("There is no summit “%(slug)s”.") % {"slug": slug})
    return found


def in_its_zone(request, slug: str) -> Summit:
    """The summit of a page or API call (as ``summit``), its time zone active for the rest of
    the request to read and show times there (core's middleware resets it afterwards)."""
    found = summit(slug, request.user)
    timezone.activate(found.zone)
    return found


def venues(summit: Summit) -> QuerySet[Venue]:
    rooms = Prefetch("rooms", queryset=Room.objects.order_by("position", "pk"))
    return in_summit(Venue, summit).prefetch_related(rooms)


def venue(summit: Summit, venue_id: int) -> Venue:
    found = venues(summit).filter(pk=venue_id).first()
    if found is None:
        raise Http404(_("This summit has no venue %(id)s.") % {"id": venue_id})
    return found


def rooms(summit: Summit) -> QuerySet[Room]:
    return in_summit(Room, summit).select_related("venue")


def room(summit: Summit, room_id: int) -> Room:
    found = rooms(summit).filter(pk=room_id).first()
    if found is None:
        raise Http404(_("This summit has no room %(id)s.") % {"id": room_id})
    return found


def themes(summit: Summit) -> QuerySet[SessionTheme]:
    return in_summit(SessionTheme, summit)


def roles(summit: Summit, role: str | None = None) -> QuerySet[SummitOrganisation]:
    rows = in_summit(SummitOrganisation, summit).select_related("organisation")
    return rows.filter(role=role) if role else rows


def participating_cities(summit: Summit) -> list:
    """Participating cities (not the host), ordered by country then name in English."""
    rows = roles(summit, OrganisationRole.PARTICIPANT).filter(
        organisation__kind=OrganisationKind.CITY
    )
    return sorted(
        (r.organisation for r in rows),
        key=lambda org: (org.country.name, org.name_en or org.name_ko),
    )


def participating_organisations(summit: Summit) -> list:
    rows = roles(summit, OrganisationRole.PARTICIPANT).exclude(
        organisation__kind=OrganisationKind.CITY
    )
    return [r.organisation for r in rows]
