"""Live updates for pages that change while people watch (check-in counters, results on the
projector, questions, a solver's progress): one mechanism for all of them.

A page region polls a fragment URL every second or two with htmx
(``hx-get="{{ live_url }}" hx-trigger="every 1s" hx-swap="outerHTML"``). The URL carries the
version of the topic the region shows (``?v=``); while nothing has changed the server answers
``204 No Content`` after one cache read, and htmx leaves the region as it is. A change bumps
the topic's version (``bump``), and the next poll renders the fragment afresh. Plain requests
through any number of server processes, behind any proxy; the shared cache holds the
versions. Without JavaScript the page is still whole: it simply does not move.

Polls are the bulk of the traffic (500 viewers of a projector poll 500 times a second), so the
"nothing changed" answer is made before anything else: the URL also names its topic, signed
(``?t=``), and ``poll_shortcut``, the first middleware, answers 204 from that and one cache
read, without sessions, the database or the view. The 204 says only "no change"; a changed
topic, a missing or forged ``t`` go on to the view, which checks who may see what as always.
A fragment that is the same for every viewer (the projector) is rendered once per version
and language and kept in the shared cache (``fragment(..., shared=True)``), so a change seen
by 500 viewers at once is rendered once, not 500 times; a region whose answer has a part
of the viewer's own renders the rest with ``shared_render`` (the live Q&A).

A region replaced whole (``outerHTML``) starts a new htmx timer at each change, so under a
stream of changes it polls every interval plus the answer's time; one that swaps the answer
inside itself keeps its rhythm and takes the next poll's address from the answer (the live
Q&A: ``hx-swap="innerHTML"``, ``data-live-url`` and online/qa.js).
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

PREFIX = "live:"
# Versions outlive any page left open for a day; a lost version only costs one render.
TIMEOUT = 60 * 60 * 24 * 7
# A shared fragment is kept for a version that is current; a minute is ample.
FRAGMENT_TIMEOUT = 60
_signer = signing.Signer(salt="summitry.core.live")


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


def bump_reading(topic: str, keys: list[str]) -> dict:
    """``bump(topic)``, and the values of ``keys`` in the cache (as ``cache.get_many``), in
    one round trip when the cache can (``core.rediscache``: a door's entry bumps the zone's
    counts and reads the summit's memos, core.events, at once)."""
    together = getattr(cache, "incr_get_many", None)
    if together is None:
        bump(topic)
        return cache.get_many(keys)
    bumped, found = together(_key(topic), keys)
    if bumped is None:  # not yet known (or expired), as bump
        cache.add(_key(topic), 2, TIMEOUT)
    return found


def fragment(
    request: HttpRequest,
    topic: str,
    template: str,
    context: Callable[[], dict],
    *,
    interval: str = "1s",
    shared: bool = False,
    early: bool = True,
) -> HttpResponse:
    """The fragment of ``topic`` for a poll: 204 when the poller has the current version,
    else the fragment rendered with ``live_url`` (this URL at the current version) and
    ``live_interval`` for its root element's htmx attributes. ``shared``: the fragment is
    the same for everyone who may see it (no form, nothing of the viewer), so it is rendered
    once per version and language and served to the others from the shared cache.
    ``early=False``: the view must run at every poll (it notices changes that come with time
    alone, and bumps the topic itself), so the poll URL carries no topic for the shortcut.

    The version is read before ``context`` reads what it shows: a change committed in
    between bumps the topic past the version the poller is given, so its next poll renders
    again (read the other way round, the change would wait for the next bump)."""
    current = version(topic)
    if request.GET.get("v") == str(current):
        return unchanged()
    polling = live_context(request, topic, interval, early=early, current=current)
    if not shared:
        return render(request, template, {**context(), **polling})
    scope = f"{request.path}:{interval}"
    return HttpResponse(
        shared_render(topic, current, template, lambda: {**context(), **polling}, scope)
    )


def shared_render(
    topic: str, current: int, template: str, context: Callable[[], dict], scope: str = ""
) -> str:
    """``template`` rendered once for ``topic`` at version ``current`` (read before the
    data ``context`` reads) and the active language, then served from the shared cache to
    every other poller of that version: for what is the same for everyone who may see it.
    ``scope`` tells apart the renderings of one topic (a path, an interval)."""
    key = f"{PREFIX}fragment:{topic}:{current}:{get_language()}:{scope}"
    content = cache.get(key)
    if content is None:
        content = render_to_string(template, context())
        cache.set(key, content, FRAGMENT_TIMEOUT)
    return content


def unchanged() -> HttpResponse:
    """The answer to a poll whose page already shows the current version."""
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


def live_context(
    request: HttpRequest,
    topic: str,
    interval: str = "1s",
    path: str = "",
    *,
    early: bool = True,
    current: int | None = None,
) -> dict:
    """What a page needs to start polling ``topic`` at ``path`` (default: this request's);
    ``early=False`` when the view must see every poll (see ``fragment``). Call it before
    reading what the page shows (or pass the ``current`` version read before): a change made
    meanwhile is then shown at the next poll."""
    query = {k: v for k, v in request.GET.items() if k not in ("v", "t")}
    if early:
        query["t"] = _signer.sign(topic)
    query["v"] = str(version(topic) if current is None else current)
    return {"live_url": f"{path or request.path}?{urlencode(query)}", "live_interval": interval}


def poll_shortcut(get_response):
    """Middleware, first of all: a poll whose signed topic has not changed since the poller's
    version is answered 204 here (one cache read); everything else goes on as usual."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method == "GET" and "t=" in request.META.get("QUERY_STRING", ""):
            signed, seen = request.GET.get("t"), request.GET.get("v")
            if signed and seen:
                try:
                    topic = _signer.unsign(signed)
                except signing.BadSignature:
                    topic = None
                current = cache.get(_key(topic)) if topic is not None else None
                if current is not None and seen == str(current):
                    return unchanged()
        return get_response(request)

    return middleware
