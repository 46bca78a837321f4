"""The REST API root: /api/v1/ with its OpenAPI document, authentication and error bodies."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer

from .errors import messages_of
from .tokens import user_for_token


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; the token of an active user."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class OptionalTokenAuth(TokenAuth):
    """Reads are open to everyone; a valid token identifies the caller, a bad one is refused."""

    def __call__(self, request: HttpRequest):
        if not request.headers.get(self.header):
            request.user = AnonymousUser()
            return request.user
        user = super().__call__(request)
        if user is None:
            raise AuthenticationError(401, _("The API token is not valid."))
        return user


def require_permission(request: HttpRequest, permission: str) -> None:
    """Writes: a staff user's token holding the model permission, else 403."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm(permission)):
        raise AuthorizationError(
            403, _("This needs the API token of a staff user allowed to make this change.")
        )


api = NinjaAPI(
    title="Summitry API",
    version="1",
    description=(
        "Summits, venues, rooms, organisations and people. Reads are public for published "
        "summits; writes need `Authorization: Bearer <token>` of a staff user. Bilingual fields "
        "are objects with `ko` and `en`. Send `Accept-Language: en` or `ko` for messages in "
        "that language."
    ),
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, error: ValidationError):
    return api.create_response(
        request, {"detail": _("The data is not valid."), "errors": messages_of(error)}, status=400
    )


# Pydantic's error types, said in the reader's language; other types keep pydantic's text.
SCHEMA_MESSAGES = {
    "missing": lambda e: _("This field is required."),
    "int_parsing": lambda e: _("Enter a whole number."),
    "int_type": lambda e: _("Enter a whole number."),
    "int_from_float": lambda e: _("Enter a whole number."),
    "string_type": lambda e: _("Enter text."),
    "bool_parsing": lambda e: _("Enter true or false."),
    "bool_type": lambda e: _("Enter true or false."),
    "date_parsing": lambda e: _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": lambda e: _("Enter a date as YYYY-MM-DD."),
    "date_type": lambda e: _("Enter a date as YYYY-MM-DD."),
    "enum": lambda e: _("Choose one of: %(choices)s.") % {"choices": e["ctx"]["expected"]},
    "model_attributes_type": lambda e: _("Send an object with the fields described."),
    "dict_type": lambda e: _("Send an object with the fields described."),
    "json_invalid": lambda e: _("The request body is not valid JSON."),
}


@api.exception_handler(SchemaError)
def schema_failed(request: HttpRequest, error: SchemaError):
    errors: dict[str, list[str]] = {}
    for problem in error.errors:
        # loc is ("body", "payload", "name", "ko") or ("query", "kind"): keep the field path.
        path = [str(part) for part in problem.get("loc", ()) if part not in {"body", "payload"}]
        field = ".".join(path[1:] if path[:1] in (["query"], ["path"]) else path) or "__all__"
        say = SCHEMA_MESSAGES.get(problem.get("type"))
        errors.setdefault(field, []).append(say(problem) if say else problem.get("msg", ""))
    return api.create_response(
        request, {"detail": _("The data is not valid."), "errors": errors}, status=422
    )


@api.exception_handler(PermissionDenied)
def not_permitted(request: HttpRequest, error: PermissionDenied):
    return api.create_response(
        request, {"detail": str(error) or _("You may not do this.")}, status=403
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, error: AuthenticationError):
    return api.create_response(
        request,
        {"detail": _("Send the API token of a staff user: Authorization: Bearer …")},
        status=401,
    )
