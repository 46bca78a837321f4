"""Live updates for pages that change while people watch (check-in counters, results on the
projector, questions, a solver's progress): one mechanism for all of them.

A page region polls a fragment URL every second or two with htmx
(``hx-get="{{ live_url }}" hx-trigger="every 1s" hx-swap="outerHTML"``). The URL carries the
version of the topic the region shows (``?v=``); while nothing has changed the server answers
``204 No Content`` after one cache read, and htmx leaves the region as it is. A change bumps
the topic's version (``bump``), and the next poll renders the fragment afresh. Plain requests
through any number of server processes, behind any proxy; the shared cache holds the
versions. Without JavaScript the page is still whole: it simply does not move.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

PREFIX = "live:"
# Versions outlive any page left open for a day; a lost version only costs one render.
TIMEOUT = 60 * 60 * 24 * 7


def _key(topic: str) -> str:
    return PREFIX + topic


def version(topic: str) -> int:
    value = cache.get(_key(topic))
    if value is None:
        cache.add(_key(topic), 1, TIMEOUT)
        value = cache.get(_key(topic)) or 1
    return int(value)


def bump(topic: str) -> int:
    """Something ``topic`` shows has changed: every watcher renders it at its next poll."""
    try:
        return cache.incr(_key(topic))
    except ValueError:  # not yet known (or expired)
        cache.add(_key(topic), 2, TIMEOUT)
        return version(topic)


def fragment(
    request: HttpRequest,
    topic: str,
    template: str,
    context: Callable[[], dict],
    *,
    interval: str = "1s",
) -> HttpResponse:
    """The fragment of ``topic`` for a poll: 204 when the poller has the current version,
    else the fragment rendered with ``live_url`` (this URL at the current version) and
    ``live_interval`` for its root element's htmx attributes."""
    current = version(topic)
    if request.GET.get("v") == str(current):
        return HttpResponse(status=204)
    return render(request, template, {**context(), **live_context(request, topic, interval)})


def live_context(request: HttpRequest, topic: str, interval: str = "1s", path: str = "") -> dict:
    """What a page needs to start polling ``topic`` at ``path`` (default: this request's)."""
    query = {k: v for k, v in request.GET.items() if k != "v"}
    query["v"] = str(version(topic))
    return {"live_url": f"{path or request.path}?{urlencode(query)}", "live_interval": interval}
