"""The doors' hot path: a scanner's new scan answered before sessions, URL resolving and the
API framework, with one read and one write (middleware ``scan_shortcut``, early in the stack,
as ``core.live.poll_shortcut`` and ``core.pagecache.shortcut`` are for their requests).

A morning rush is hundreds of scans a second, all alike: ``POST
/api/v1/summits/<slug>/checkin/scans`` with an API token and a small JSON body. Such a
request, on PostgreSQL, is answered here:

1. the code's Ed25519 signature is checked in the process (``services.genuine``);
2. one SQL statement reads everything the decision needs, committed and exact (nothing is
   kept between requests but a summit's time zone, which the same statement checks): the
   token (not revoked, not expired, its user active), whether the user holds "checkin" at
   the summit (a team of that summit, or a platform administrator), the zone of that
   summit, the badge (version, revoked, category, its zones and days, the holder withdrawn
   or not, what the answer shows of the holder), the scan already recorded with this
   ``client_scan_id``, and the badge's entries and exits of the zone that day;
3. ``services.settle`` decides and writes with one ``INSERT … ON CONFLICT DO NOTHING``
   (the same function as every other scan), which announces the entry and bumps the live
   counts like any scan.

A scan sent again is answered here too, with its first decision (200, ``duplicate``), read
back as the API reads it. Everything else goes on to the whole stack unchanged, which
answers as always: an offline scan with its time (``at``), a token or a
permission that does not hold (401, 403, 404), a zone of another summit, a body that is not
plainly right (the API's 400 and 422 with its messages), SQLite, plain HTTP where HTTPS is
required, a host not allowed. So what the shortcut answers is what the API would answer:
the same body (``api.ScanOut``), the same status (201), in the language asked for.
"""

from __future__ import annotations

import copy
import datetime
import hashlib
import json
import logging
import time
import uuid
import zoneinfo

import psycopg
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.base import ModelState
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from ninja.responses import NinjaJSONEncoder

from summitry.core.logs import _PLAUSIBLE, access
from summitry.core.models import ApiToken
from summitry.delegations.models import Delegate, Delegation
from summitry.directory.models import Organisation, Person

from . import api, services
from .models import AccreditationCategory, Badge, Direction, Scan, Zone

PREFIX = "/api/v1/summits/"
SUFFIX = "/checkin/scans"
MAX_BODY = 4096
FIELDS = {"code", "zone", "client_scan_id", "door", "direction", "at"}
# The time zone last seen per summit address: the day of a scan is counted in it, and the
# statement reads the summit's own, so a change is noticed at the next scan.
_time_zones: dict[str, str] = {}

# What a scan's answer shows of a badge and its holder, and what the decision reads of them
# (the columns 9 to 29 of both statements below; d.id is NULL when the holder is not a
# delegate: press and exhibitors' staff are left to the whole stack).
HOLDER = """b.id, b.version, b.revoked_at, b.category_id,
    d.id, d.place, d.badge_photo,
    dl.id, dl.status,
    p.id, p.given_name, p.family_name, p.family_name_first, p.name_hangul,
    o.id, o.name_ko, o.name_en,
    c.name_ko, c.name_en, c.colour, c.valid_days"""
HOLDER_JOINS = """LEFT JOIN delegations_delegate d ON d.id = b.delegate_id
LEFT JOIN delegations_delegation dl ON dl.id = d.delegation_id
LEFT JOIN directory_person p ON p.id = d.person_id
LEFT JOIN directory_organisation o ON o.id = dl.organisation_id
LEFT JOIN checkin_accreditationcategory c ON c.id = b.category_id"""

# Exact reads, every one by a unique key or index: the token, the summit, the zone, the badge
# and its holder; the scan recorded under this client id; the visits of the zone that day.
STATE = f"""
SELECT
    u.id, t.id, t.last_used_at,
    u.is_superuser OR EXISTS (
        SELECT 1 FROM summits_team tm
        JOIN summits_team_members m ON m.team_id = tm.id
        WHERE tm.summit_id = s.id AND m.user_id = u.id
          AND tm.permissions @> '["checkin"]'::jsonb
    ),
    s.id, s.time_zone,
    z.id, z.name_ko, z.name_en,
    {HOLDER},
    EXISTS (
        SELECT 1 FROM checkin_accreditationcategory_zones cz
        WHERE cz.accreditationcategory_id = b.category_id AND cz.zone_id = z.id
    ),
    (SELECT min(r.id) FROM checkin_scan r
     WHERE r.summit_id = s.id AND r.client_scan_id = %(client_scan_id)s),
    (SELECT count(*) FROM checkin_scan e
     WHERE e.badge_id = b.id AND e.zone_id = z.id AND e.day = %(day)s AND e.result = 'enter'),
    (SELECT count(*) FROM checkin_scan x
     WHERE x.badge_id = b.id AND x.zone_id = z.id AND x.day = %(day)s AND x.result = 'exit')
FROM core_apitoken t
JOIN auth_user u ON u.id = t.user_id
JOIN summits_summit s ON s.slug = %(slug)s
LEFT JOIN checkin_zone z ON z.id = %(zone)s AND z.summit_id = s.id
LEFT JOIN checkin_badge b ON b.id = %(badge)s AND b.summit_id = s.id
{HOLDER_JOINS}
WHERE t.digest = %(digest)s AND t.revoked_at IS NULL AND t.expires_at > now()
  AND u.is_active
"""  # noqa: S608 (constants, no input)

# A scan sent again: its first decision and what the answer shows of its badge's holder
# (the badge columns at the same places as in STATE).
RECORDED = f"""
SELECT
    r.id, r.result, r.reason, r.zone_id, r.summit_id, r.direction, r.at, NULL, NULL,
    {HOLDER},
    NULL
FROM checkin_scan r
LEFT JOIN checkin_badge b ON b.id = r.badge_id
{HOLDER_JOINS}
WHERE r.id = %(id)s
"""  # noqa: S608 (constants, no input)


def scan_shortcut(get_response):
    """Middleware: a scanner's plain new scan is answered here; everything else goes on."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and request.path_info.endswith(SUFFIX):
            started = time.perf_counter()
            response = _answer(request)
            if response is not None:
                _log(request, response, started)
                return response
        return get_response(request)

    return middleware


def _request(request: HttpRequest) -> tuple[str, str, dict] | None:
    """(slug, token, body) of a request the shortcut may answer, else None."""
    path = request.path_info
    if not path.startswith(PREFIX) or connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return None
    slug = path[len(PREFIX) : -len(SUFFIX)]
    if not slug or "/" in slug or not slug.isascii():
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None
    try:
        request.get_host()
    except DisallowedHost:
        return None
    scheme, _space, token = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "bearer" or not token or " " in token:
        return None
    if not request.META.get("CONTENT_TYPE", "").startswith("application/json"):
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not 0 < length <= MAX_BODY:
        return None
    try:
        body = json.loads(request.body)
    except ValueError:
        return None
    if not isinstance(body, dict) or not set(body) <= FIELDS or body.get("at") is not None:
        return None
    code, zone = body.get("code"), body.get("zone")
    client_scan_id = body.get("client_scan_id")
    door, direction = body.get("door", ""), body.get("direction", Direction.IN)
    if not (
        type(zone) is int
        and isinstance(code, str)
        and len(code) <= 400
        and isinstance(client_scan_id, str)
        and 0 < len(client_scan_id) <= 64
        and client_scan_id == client_scan_id.strip()
        and isinstance(door, str)
        and len(door) <= 100
        and direction in Direction.values
        and all(text.isprintable() for text in (code, client_scan_id, door))
    ):
        return None
    return slug, token, body


def _answer(request: HttpRequest) -> HttpResponse | None:
    asked = _request(request)
    if asked is None:
        return None
    slug, token, body = asked
    payload = services.genuine(body["code"])
    at = timezone.now()
    db = connections[DEFAULT_DB_ALIAS]  # once: each use of django.db.connection looks it up
    zone_name = _time_zones.get(slug, settings.TIME_ZONE)
    params = {
        "digest": hashlib.sha256(token.encode()).hexdigest(),  # as core.tokens keeps it
        "slug": slug,
        "zone": body["zone"],
        "badge": payload.badge_id if payload is not None else None,
        "client_scan_id": body["client_scan_id"],
    }
    for _attempt in range(services.ATTEMPTS):
        day = timezone.localtime(at, zoneinfo.ZoneInfo(zone_name)).date()
        row = _read(db, params | {"day": day})
        if row is None or not row[3] or row[6] is None:
            return None  # the whole stack says why: 401, 403 or 404
        if row[5] != zone_name:
            _time_zones[slug] = zone_name = row[5]
            continue
        if row[31] is not None:  # sent before: its first decision, once more
            found = _recorded(db, row[31])
            return _response(request, slug, found, new=False) if found is not None else None
        if row[9] is not None and row[13] is None:
            return None  # a journalist's or an exhibitor's badge: the whole stack decides
        record = services.settle(
            summit_id=row[4],
            zone=_built(
                Zone, {"id": row[6], "summit_id": row[4], "name_ko": row[7], "name_en": row[8]}
            ),
            badge=_badge(row),
            payload=payload,
            day=day,
            at=at,
            door=body.get("door", ""),
            direction=body.get("direction", Direction.IN),
            client_scan_id=body["client_scan_id"],
            operator_id=row[0],
            entries=row[32],
            exits=row[33],
            prepared=True,
        )
        if record is not None:
            _used(row[1], row[2], at)
            return _response(request, slug, record, new=True)
    return None


def _read(db, params: dict) -> tuple | None:
    # Prepared once per connection: PostgreSQL plans the statement once, not at every scan.
    # The read is the connection's health check too (CONN_HEALTH_CHECKS would add a
    # "SELECT 1" to every request): a connection found broken is opened anew, once.
    for attempt in range(2):
        try:
            row = services.fetch_prepared(db, STATE, params)
        except (psycopg.OperationalError, psycopg.InterfaceError):
            db.close()
            if attempt:
                raise
            continue
        db.health_check_done = True
        return row
    return None


def _recorded(db, scan_id: int) -> Scan | None:
    """The scan recorded first under a client id, as ``services.recorded`` reads it (one
    prepared statement), or None to leave the answer to the whole stack."""
    row = services.fetch_prepared(db, RECORDED, {"id": scan_id})
    if row is None or (row[9] is not None and row[13] is None):
        return None  # gone meanwhile, or a holder who is not a delegate
    return _built(
        Scan,
        {
            "id": row[0],
            "result": row[1],
            "reason": row[2],
            "zone_id": row[3],
            "summit_id": row[4],
            "direction": row[5],
            "at": row[6],
            "badge_id": row[9],
        },
        badge=_badge(row),
    )


# One instance of each model built the ordinary way, whose fields (with their defaults) the
# hot path's instances start from: building a model instance runs its __init__, its signals
# and modeltranslation's own __init__ (about a tenth of a scan's CPU for the eight instances
# of a scan). What the hot path builds this way is only read (for the decision, the event and
# the answer), never saved; the statements set every field that these read.
_prototypes: dict[type, tuple[dict, tuple[str, ...]]] = {}


def _built(model, values: dict, **related):
    """An instance of ``model`` as fetched from the database, with ``values`` (by attname)
    over the prototype's defaults (a list, dict or set default copied, never shared) and
    ``related`` objects cached as its relations."""
    found = _prototypes.get(model)
    if found is None:
        fields = dict(model().__dict__)
        del fields["_state"]
        mutable = tuple(k for k, v in fields.items() if isinstance(v, list | dict | set))
        found = _prototypes[model] = (fields, mutable)
    fields, mutable = found
    instance = model.__new__(model)
    own = instance.__dict__
    own.update(fields)
    for name in mutable:
        own[name] = copy.copy(fields[name])
    own.update(values)
    state = instance._state = ModelState()
    state.adding, state.db = False, DEFAULT_DB_ALIAS  # the shortcut's reads use it
    for name, value in related.items():
        state.fields_cache[name] = value
    return instance


# Where each instance's fields are in a statement's row (HOLDER's columns, the summit at 4).
_COLUMNS = {
    Organisation: {"id": 23, "name_ko": 24, "name_en": 25},
    Delegation: {"id": 16, "status": 17, "organisation_id": 23},
    Person: {
        "id": 18,
        "given_name": 19,
        "family_name": 20,
        "family_name_first": 21,
        "name_hangul": 22,
    },
    Delegate: {"id": 13, "place": 14, "badge_photo": 15, "delegation_id": 16, "person_id": 18},
    AccreditationCategory: {"id": 12, "summit_id": 4, "name_ko": 26, "name_en": 27, "colour": 28},
    Badge: {
        "id": 9,
        "summit_id": 4,
        "version": 10,
        "revoked_at": 11,
        "category_id": 12,
        "delegate_id": 13,
    },
}


def _of(model, row: tuple, **related):
    return _built(model, {name: row[at] for name, at in _COLUMNS[model].items()}, **related)


def _badge(row: tuple) -> Badge | None:
    """The badge and what the decision and the answer read of it, from a statement's row."""
    if row[9] is None:
        return None
    delegation = _of(Delegation, row, organisation=_of(Organisation, row))
    delegate = _of(Delegate, row, delegation=delegation, person=_of(Person, row))
    category = None
    if row[12] is not None:
        category = _of(AccreditationCategory, row)
        days = row[29]
        category.valid_days = json.loads(days) if isinstance(days, str | bytes) else days
    badge = _of(Badge, row, delegate=delegate, category=category)
    badge.zone_allowed = bool(row[30])
    return badge


def _used(token_id: int, last_used_at, now: datetime.datetime) -> None:
    """As ``core.tokens.user_for_token``: a token's use is recorded at most once a minute."""
    if last_used_at is None or (now - last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=now)


def _response(request: HttpRequest, slug: str, record, *, new: bool) -> HttpResponse:
    language = translation.get_language_from_request(request)
    with translation.override(language):
        data = api.scan_out(slug, record, new)
    # The body ``api.ScanOut`` gives (the test compares them): its fields are those of
    # ``scan_out`` in the same order, all plain already but the time, said in UTC; without
    # the schema's validation, a sixth of the scan's CPU in the process.
    data["at"] = data["at"].astimezone(datetime.UTC)
    content = json.dumps(data, cls=NinjaJSONEncoder).encode()
    response = HttpResponse(
        content, status=201 if new else 200, content_type="application/json; charset=utf-8"
    )
    response["Content-Length"] = str(len(content))
    response["Content-Language"] = language
    response["Vary"] = "Accept-Language"
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    response["X-Request-ID"] = offered if _PLAUSIBLE.fullmatch(offered) else uuid.uuid4().hex
    for name, value in _stack_headers(request):
        response[name] = value
    return response


# The middleware of the stack that give every answer its security headers (nosniff,
# Referrer-Policy, COOP, HSTS on HTTPS, the CSP, X-Frame-Options): the shortcut's answers
# carry the same, as these middleware add them to an answer of the API (asked once per
# scheme: building the CSP at every scan was a tenth of its CPU under the profiler).
HEADERS_MIDDLEWARE = (
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
_added_headers: dict[bool, tuple[tuple[str, str], ...]] = {}


def _stack_headers(request: HttpRequest) -> tuple[tuple[str, str], ...]:
    secure = request.is_secure()
    found = _added_headers.get(secure)
    if found is None:
        from django.utils.module_loading import import_string

        names = [name for name in settings.MIDDLEWARE if name in HEADERS_MIDDLEWARE]
        probe = HttpResponse(content_type="application/json; charset=utf-8")
        before = dict(probe.items())
        for name in reversed(names):  # as the stack adds them: the innermost first
            probe = import_string(name)(_unused).process_response(request, probe)
        found = tuple((k, v) for k, v in probe.items() if before.get(k) != v)
        _added_headers[secure] = found
    return found


def _unused(request):
    raise AssertionError("only process_response is called")


@receiver(setting_changed)
def _settings_changed(**kwargs) -> None:
    _added_headers.clear()  # what these middleware add follows the settings


def _log(request: HttpRequest, response: HttpResponse, started: float) -> None:
    if access.isEnabledFor(logging.INFO):
        access.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": response["X-Request-ID"],
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
