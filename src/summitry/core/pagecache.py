"""Anonymous visitors' public pages and feeds, kept in the shared cache: one mechanism for all.

A public view wrapped in ``public_page`` answers an anonymous GET (no session user, no API
token, no pending message) from the shared cache (Redis in production, so every server process
and node sees the same entries) under the summit's address (its slug), the summit's current
version, the page's language and the full URL. Every write to a summit's data bumps the
summit's version (the signals below: every model with a ``summit_lookup``, the summit itself,
the shared directory of organisations and people),
so all of its cached pages go stale at once, without hunting for keys; the bump is repeated
after the transaction commits, so a page rendered from the old rows in between is not kept.

What may be cached: a 200 answer that set no cookie and used no CSRF token (the page then
holds nothing of its visitor). Drafts are never stored: a draft summit is a 404 to anonymous
visitors, and a summit going back to draft or changing its address bumps the old address.
Signed-in visitors never read or fill the cache, and their answers say ``private``. A page
that changes by itself at a set time (an award opening, winners published at a moment) says
so with ``changes_at``: its cached copy, and what a proxy may keep, ends then.

For a reverse proxy or CDN, anonymous answers carry ``Cache-Control: public`` with a short
``max-age`` and ``s-maxage`` (SUMMITRY_PUBLIC_MAX_AGE, SUMMITRY_PUBLIC_S_MAXAGE seconds),
an ``ETag`` (a conditional GET with ``If-None-Match`` is answered 304 without a body) and
``Vary: Accept-Language, Cookie``.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

# How long an entry lives without a change (a change makes it stale at once anyway).
TIMEOUT = 60 * 60
# Headers of the view's answer that a cached copy keeps.
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
VARY = ("Accept-Language", "Cookie")
# Models whose rows never show on a public page (the audit log, the outbox, API tokens):
# writing them must not make the summit's pages stale.
PRIVATE_APPS = {"core"}


def _max_ages() -> tuple[int, int]:
    return (
        int(getattr(settings, "SUMMITRY_PUBLIC_MAX_AGE", 30)),
        int(getattr(settings, "SUMMITRY_PUBLIC_S_MAXAGE", 60)),
    )


# --- the summit's version --------------------------------------------------------------------


def _slug_part(slug: str) -> str:
    """The address's slug as a cache key may hold it: itself when it is a plain slug, else a
    digest (an address may carry any character, and cache keys must not)."""
    if slug.isascii() and slug.replace("-", "").replace("_", "").isalnum() and len(slug) <= 100:
        return slug
    return "~" + hashlib.sha256(slug.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _version_key(slug: str) -> str:
    return f"pages:version:{_slug_part(slug)}"


def version(slug: str) -> int:
    value = cache.get(_version_key(slug))
    if value is None:
        cache.add(_version_key(slug), 1, timeout=None)
        value = cache.get(_version_key(slug)) or 1
    return int(value)


def bump_slug(slug: str) -> None:
    """Every cached page at this address is stale, now and again once the write commits."""

    def _bump() -> None:
        try:
            cache.incr(_version_key(slug))
        except ValueError:  # not known yet: nothing cached under it
            cache.add(_version_key(slug), 2, timeout=None)

    _bump()
    transaction.on_commit(_bump)


def bump(summit_id: int | None) -> None:
    """Something a summit's public pages may show has changed (a write: one query is no cost)."""
    if summit_id is None:
        return
    summit = apps.get_model("summits", "Summit")
    slug = summit.objects.filter(pk=summit_id).values_list("slug", flat=True).first()
    if slug is not None:
        bump_slug(slug)


def summit_id_of(instance) -> int | None:
    """The summit a row belongs to, along its model's ``summit_lookup`` (``venue__summit``)."""
    path = type(instance).summit_lookup.split("__")
    obj = instance
    try:
        for part in path[:-1]:
            obj = getattr(obj, part)
            if obj is None:
                return None
    except ObjectDoesNotExist:
        return None
    return getattr(obj, f"{path[-1]}_id", None)


# --- invalidation: the signals ---------------------------------------------------------------


def _row_changed(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # loading fixtures
        return
    bump(summit_id_of(instance))


def _shared_row_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    # The directory is shared by every summit: a speaker's or a partner city's new name shows
    # on each summit's pages (rare writes; a new row shows nowhere until a summit links it).
    if raw or created:
        return
    summit = apps.get_model("summits", "Summit")
    for slug in summit.objects.values_list("slug", flat=True):
        bump_slug(slug)


def _summit_changing(sender, instance, raw=False, **kwargs) -> None:
    # Pages are cached by address: the old address's pages go stale (a renamed or
    # unpublished summit must not be served from the cache), and so do the new one's.
    if raw:
        return
    if instance.pk is not None:
        old = sender.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old:
            bump_slug(old)
    bump_slug(instance.slug)


def _summit_deleted(sender, instance, **kwargs) -> None:
    bump_slug(instance.slug)


def connect_signals() -> None:
    """From the core's ready(): every summit-scoped model of Summitry (but those that declare
    ``on_public_pages = False``: rows no public page shows, often written on a hot path, such
    as door scans), the shared directory (organisations, people) and the summit itself."""
    for model in apps.get_models():
        if (
            getattr(model, "summit_lookup", None)
            and model.__module__.startswith("summitry.")
            and model._meta.app_label not in PRIVATE_APPS
            and getattr(model, "on_public_pages", True)
        ):
            uid = f"pagecache-{model._meta.label}"
            post_save.connect(_row_changed, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(_row_changed, sender=model, dispatch_uid=f"{uid}-delete")
    for model in apps.get_app_config("directory").get_models():
        uid = f"pagecache-{model._meta.label}"
        post_save.connect(_shared_row_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_shared_row_changed, sender=model, dispatch_uid=f"{uid}-delete")
    summit = apps.get_model("summits", "Summit")
    pre_save.connect(_summit_changing, sender=summit, dispatch_uid="pagecache-summit-save")
    post_delete.connect(_summit_deleted, sender=summit, dispatch_uid="pagecache-summit-delete")


# --- the views -------------------------------------------------------------------------------


def is_anonymous(request: HttpRequest) -> bool:
    """A GET that any visitor would be answered alike: nobody signed in, no API token, no
    message waiting to be shown."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not request.headers.get("Authorization")
        and not len(messages.get_messages(request))
    )


def _page_key(slug: str, request: HttpRequest) -> str:
    url = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"pages:{_slug_part(slug)}:{version(slug)}:{get_language()}:{url}"


def changes_at(request: HttpRequest, *moments: datetime.datetime | None) -> None:
    """The view's answer changes by itself at the earliest of these moments still to come
    (an award opening, results published at a set time): its cached copy ends then."""
    now = timezone.now()
    future = [m for m in moments if m is not None and m > now]
    if future:
        earliest = min(future)
        known = getattr(request, "_pagecache_until", None)
        request._pagecache_until = min(earliest, known) if known else earliest


def _seconds_left(entry: dict) -> int | None:
    if entry.get("until") is None:
        return None
    return max(0, int((entry["until"] - timezone.now()).total_seconds()))


def _public_headers(response: HttpResponse, etag: str, left: int | None = None) -> HttpResponse:
    max_age, s_maxage = _max_ages()
    if left is not None:
        max_age, s_maxage = min(max_age, left), min(s_maxage, left)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age, s_maxage=s_maxage)
    patch_vary_headers(response, VARY)
    return response


def _answer(request: HttpRequest, entry: dict, state: str) -> HttpResponse:
    if etag_matches(request, entry["etag"]):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(entry["content"], status=200)
        for name, value in entry["headers"].items():
            response[name] = value
    response["X-Summitry-Cache"] = state
    return _public_headers(response, entry["etag"], _seconds_left(entry))


def etag_matches(request: HttpRequest, etag: str) -> bool:
    wanted = request.headers.get("If-None-Match", "")
    return wanted.strip() == "*" or etag in [
        t.strip().removeprefix("W/") for t in wanted.split(",")
    ]


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and not response.has_header("Set-Cookie")
    )


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Cache ``view``'s answers to anonymous visitors (it takes the summit's ``slug``)."""

    @functools.wraps(view)
    def cached_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_anonymous(request):
            response = view(request, *args, **kwargs)
            # Someone's own view of the page: no shared cache on the way may keep it.
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, VARY)
            return response
        key = _page_key(kwargs["slug"], request)
        entry = cache.get(key)
        if entry is not None and _seconds_left(entry) != 0:
            return _answer(request, entry, "hit")
        response = view(request, *args, **kwargs)
        if not _storable(request, response):
            patch_vary_headers(response, VARY)
            return response
        entry = {
            "content": response.content,
            "headers": {h: response[h] for h in KEPT_HEADERS if response.has_header(h)},
            "etag": '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"',
            "until": getattr(request, "_pagecache_until", None),
        }
        left = _seconds_left(entry)
        if left != 0:
            cache.set(key, entry, TIMEOUT if left is None else min(TIMEOUT, left))
        return _answer(request, entry, "miss")

    return cached_view
