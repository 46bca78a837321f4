"""The public programme: by day, bilingual, filterable; and its iCalendar feed."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from summitry.summits import queries as summit_queries

from . import feeds, queries
from .models import ItemType


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.summit(slug, request.user)
    themes = list(summit_queries.themes(summit))
    theme = request.GET.get("theme")
    theme = int(theme) if theme and theme.isdigit() else None
    kind = request.GET.get("type") if request.GET.get("type") in ItemType.values else None
    items = queries.programme(summit, request.user, theme=theme, kind=kind)
    with timezone.override(summit.zone):
        return render(
            request,
            "programme/programme.html",
            {
                "summit": summit,
                "days": queries.by_day(summit, items),
                "themes": themes,
                "theme": theme,
                "kinds": ItemType.choices,
                "kind": kind,
            },
        )


def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """The public programme as an iCalendar feed that calendar apps subscribe to."""
    summit = summit_queries.summit(slug, request.user)
    items = queries.programme(summit, request.user)
    response = HttpResponse(feeds.calendar(summit, items), content_type="text/calendar")
    response["Content-Disposition"] = f'inline; filename="{summit.slug}.ics"'
    return response
