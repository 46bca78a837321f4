"""The public page of one programme item (its permalink) and its single-event calendar file.

An item is visible exactly as in the programme (``queries.visible_items``): drafts and
invite-only items are a 404 for anyone not allowed. Anonymous visitors' pages are cached
like the programme's, until anything in the summit's programme changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from summitry.summits import queries as summit_queries

from . import caching, feeds, queries, rules


def item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    key = None
    if not request.user.is_authenticated and not len(messages.get_messages(request)):
        key = caching.page_key(slug, get_language(), "item", item_id)
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
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
            },
        )
    if key is not None:
        cache.set(key, response.content, caching.TIMEOUT)
    return response


def item_calendar(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """ "Add to calendar": the item as a single-event iCalendar file."""
    summit = summit_queries.summit(slug, request.user)
    found = queries.item_detail(summit, request.user, item_id)
    response = HttpResponse(feeds.item_calendar(summit, found), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{summit.slug}-{found.pk}.ics"'
    return response
