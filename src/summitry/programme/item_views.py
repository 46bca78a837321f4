"""The public page of one programme item (its permalink) and its single-event calendar file.

An item is visible exactly as in the programme (``queries.visible_items``): drafts and
invite-only items are a 404 for anyone not allowed. Anonymous visitors' pages are cached
(core.pagecache) until anything of the summit changes."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from summitry.core import pagecache, registry
from summitry.summits import queries as summit_queries

from . import feeds, queries, rules


@pagecache.public_page
def item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = summit_queries.summit(slug, request.user)
    found = queries.item_detail(summit, request.user, item_id)
    with timezone.override(summit.zone):
        response = render(
            request,
            "programme/item.html",
            {
                "summit": summit,
                "item": found,
                "can_edit": rules.is_staff_for(request.user, summit),
                # What other capabilities link to from the item (its online page, …).
                "item_links": registry.item_links(request, found),
            },
        )
    return response


@pagecache.public_page
def item_calendar(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """ "Add to calendar": the item as a single-event iCalendar file."""
    summit = summit_queries.summit(slug, request.user)
    found = queries.item_detail(summit, request.user, item_id)
    response = HttpResponse(feeds.item_calendar(summit, found), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{summit.slug}-{found.pk}.ics"'
    return response
