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

A cached page asked for without any cookie and without an Authorization header (most
visitors, every crawler and feed reader) is answered whole by ``shortcut``, an early
middleware, from the final answer the whole stack gave the previous such request (see below).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import logging
import time
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, ObjectDoesNotExist
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from .logs import _PLAUSIBLE, access

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


def _page_key(slug: str, request: HttpRequest, current: int | None = None) -> str:
    url = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()[:32]
    current = version(slug) if current is None else current
    return f"pages:{_slug_part(slug)}:{current}:{get_language()}:{url}"


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
        current = version(kwargs["slug"])
        key = _page_key(kwargs["slug"], request, current)
        entry = cache.get(key)
        if entry is not None and _seconds_left(entry) != 0:
            # For the shortcut (below): this answer may be kept whole, under this version.
            request._pagecache_hit = (kwargs["slug"], current, entry)
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
            timeout = TIMEOUT if left is None else min(TIMEOUT, left)
            entry["expires"] = time.time() + timeout
            cache.set(key, entry, timeout)
        return _answer(request, entry, "miss")

    return cached_view


# --- the shortcut: a cached page answered before the middleware stack ------------------------
#
# A cached page still cost the whole middleware stack (sessions, locale, CSRF, auth, messages,
# metrics, the access log...) and the URL resolver before ``public_page`` answered it: most of
# the CPU a cached hit takes. ``shortcut``, the middleware right after ``live.poll_shortcut``,
# keeps the *whole* final answer of a cached hit (status, body and every header the stack
# added: CSP, security headers, Vary, Cache-Control, ETag, Content-Language, X-Summitry-Cache)
# when it was given to a request without a cookie and without an Authorization header, and
# answers the next such request for the same address the same way, from one cache read
# (the answer and the summit's version together; a second when the address hides the slug).
# What a cookie-less request is answered depends only on its scheme, host, address (path and
# query) and language (negotiated from Accept-Language as LocaleMiddleware does) and on the
# summit's data: the key holds the first four, the entry the summit and its version (checked
# at each read, so a change makes it stale at once, exactly like the page itself), the moment
# the page changes by itself (``changes_at``) and the page entry's own end. Anything else
# (a cookie, a token, a POST, a body) goes the whole way as before.
#
# Answered here: a new request id (``X-Request-ID``, the proxy's when plausible) and the access
# log line as ``core.logs`` writes it. Not counted: the django-prometheus request metrics
# (like the live polls' 204s).

WHOLE_PREFIX = "pages:whole:"
_WITHOUT = frozenset({"x-request-id"})
# Addresses no public page has (static files, operations): not worth a cache read.
_NEVER = ("/static/", "/health/", "/metrics", "/admin/", "/i18n/")


def _shortcut_applies(request: HttpRequest) -> bool:
    meta = request.META
    return (
        request.method in ("GET", "HEAD")
        and not meta.get("HTTP_COOKIE")
        and not meta.get("HTTP_AUTHORIZATION")
        and meta.get("CONTENT_LENGTH") in (None, "", "0")
        and not meta.get("HTTP_TRANSFER_ENCODING")
        and not settings.DISALLOWED_USER_AGENTS
        and not request.path.startswith(_NEVER)
    )


def _language_of(request: HttpRequest) -> str:
    """The language LocaleMiddleware activates for a request without a cookie."""
    urlconf = getattr(request, "urlconf", settings.ROOT_URLCONF)
    prefixes_used, default_prefixed = is_language_prefix_patterns_used(urlconf)
    language = translation.get_language_from_request(request, check_path=prefixes_used)
    if (
        prefixes_used
        and not default_prefixed
        and not translation.get_language_from_path(request.path_info)
    ):
        language = settings.LANGUAGE_CODE
    return language


def _whole_key(request: HttpRequest) -> str:
    address = "\n".join(
        (request.scheme, request.get_host(), request.get_full_path(), _language_of(request))
    )
    return WHOLE_PREFIX + hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()[:40]


def _guessed_slug(path: str) -> str:
    parts = path.split("/", 6)
    index = 4 if path.startswith("/api/v1/summits/") else 1
    return parts[index] if len(parts) > index else ""


def _whole_answer(request: HttpRequest, whole: dict, current) -> HttpResponse | None:
    """The kept answer, or None when the request must go the whole way."""
    if current is None or int(current) != whole["version"]:
        return None
    left = _seconds_left(whole)
    if left == 0:
        return None
    if etag_matches(request, whole["etag"]):
        kept, status = whole.get("not_modified"), 304
    else:
        kept, status = whole.get("ok"), 200
    if kept is None:
        return None
    headers, content = kept
    response = HttpResponse(content, status=status)
    del response["Content-Type"]
    for name, value in headers:
        response[name] = value
    if left is not None:
        max_age, s_maxage = _max_ages()
        patch_cache_control(response, max_age=min(max_age, left), s_maxage=min(s_maxage, left))
    return response


def _keep_whole(key: str, request: HttpRequest, response: HttpResponse, whole) -> None:
    slug, current, entry = request._pagecache_hit
    if (
        response.status_code not in (200, 304)
        or response.streaming
        or response.cookies
        or response.has_header("Set-Cookie")
        or "expires" not in entry
    ):
        return
    timeout = int(entry["expires"] - time.time())
    if timeout <= 0:
        return
    if not (
        whole
        and whole["slug"] == slug
        and whole["version"] == current
        and whole["etag"] == entry["etag"]
    ):
        whole = {"slug": slug, "version": current, "etag": entry["etag"], "until": entry["until"]}
    headers = [(k, v) for k, v in response.items() if k.lower() not in _WITHOUT]
    if response.status_code == 200:
        whole["ok"] = (headers, response.content)
    else:
        whole["not_modified"] = (headers, b"")
    cache.set(key, whole, timeout)


def shortcut(get_response):
    """Middleware, right after ``live.poll_shortcut``: a cookie-less GET or HEAD of a cached
    public page is answered from the kept whole answer; anything else goes on as usual, and a
    cached page's answer to a cookie-less request is kept on its way out."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if not _shortcut_applies(request):
            return get_response(request)
        started = time.perf_counter()
        try:
            key = _whole_key(request)
        except DisallowedHost:
            return get_response(request)
        guess = _version_key(_guessed_slug(request.path))
        found = cache.get_many([key, guess])
        whole = found.get(key)
        if whole is not None:
            if _version_key(whole["slug"]) == guess:
                current = found.get(guess)
            else:
                current = cache.get(_version_key(whole["slug"]))
            response = _whole_answer(request, whole, current)
            if response is not None:
                offered = request.META.get("HTTP_X_REQUEST_ID", "")
                rid = offered if _PLAUSIBLE.fullmatch(offered) else uuid.uuid4().hex
                response["X-Request-ID"] = rid
                if access.isEnabledFor(logging.INFO):
                    access.info(
                        "%s %s %s",
                        request.method,
                        request.path,
                        response.status_code,
                        extra={
                            "request_id": rid,
                            "method": request.method,
                            "path": request.path,
                            "status": response.status_code,
                            "ms": round((time.perf_counter() - started) * 1000, 1),
                        },
                    )
                return response
        response = get_response(request)
        if getattr(request, "_pagecache_hit", None) is not None:
            _keep_whole(key, request, response, whole)
        return response

    return middleware
