"""Request-wide rules: per-thread state reset after each request, and the limits of input."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .text import problem


def summit_time_zone(get_response):
    """Pages and API calls of a summit activate its time zone for the request (to read and
    show times there); a server thread must not carry it into the next request."""

    def middleware(request):
        try:
            return get_response(request)
        finally:
            timezone.deactivate()

    return middleware


def _problem(request, status: int, detail: str, errors: dict | None = None) -> HttpResponse:
    """The API's error body (core.schemas.Problem) under /api/, a short text page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"detail": detail} if errors is None else {"detail": detail, "errors": errors}
        return JsonResponse(body, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


def request_limits(get_response):
    """What no view should meet: a body larger than the largest upload
    (``SUMMITRY_MAX_REQUEST_BYTES``, answered 413), and a control character in the address,
    the query or a JSON body (``core.text``: refused with 400, or 422 with the field in the
    API, whose other invalid input is 422 too). PostgreSQL cannot even compare a text holding
    NUL, so such a value must not reach a lookup."""

    def middleware(request):
        limit = settings.SUMMITRY_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return _too_large(request, limit)
        refused = _unstorable_input(request)
        if refused is not None:
            return refused
        return get_response(request)

    return middleware


def _too_large(request, limit: int) -> HttpResponse:
    return _problem(
        request,
        413,
        _("The request is larger than %(mb)s MB.") % {"mb": f"{limit / 2**20:g}"},
    )


def _unstorable_input(request) -> HttpResponse | None:
    errors: dict[str, list[str]] = {}

    def check(field: str, text: str) -> None:
        message = problem(text, multiline=True)
        if message:
            errors.setdefault(field, []).append(message)

    check("__all__", request.path)
    for name, values in request.GET.lists():
        check("__all__", name)
        for value in values:
            check(name, value)
    if request.path.startswith("/api/") and request.content_type == "application/json":
        try:
            body = request.body
        except RequestDataTooBig:
            return _too_large(request, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            data = json.loads(body) if body else None
        except ValueError:
            data = None  # the API says itself that this is not JSON
        for path, message in _json_problems(data, []):
            errors.setdefault(".".join(path) or "__all__", []).append(message)
    if not errors:
        return None
    if request.path.startswith("/api/"):
        return _problem(request, 422, _("The data is not valid."), errors)
    return _problem(request, 400, next(iter(errors.values()))[0])


def _json_problems(value, path: list[str]):
    if isinstance(value, str):
        message = problem(value, multiline=True)
        if message:
            yield path, message
    elif isinstance(value, dict):
        for key, item in value.items():
            message = problem(key, multiline=True)
            if message:
                yield [*path, "__key__"], message
            yield from _json_problems(item, [*path, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_problems(item, [*path, str(index)])
