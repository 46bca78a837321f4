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

from . import registry
from .errors import messages_of
from .timezones import range_message
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


# Errors the framework itself answers, documented on every operation they can reach.
WWW_AUTHENTICATE = "Bearer"
FRAMEWORK_ERRORS = {
    "400": "The body is not JSON, or the data breaks a rule; `errors` names each field.",
    "401": "No API token, or one that is not valid (the answer says `WWW-Authenticate: Bearer`).",
    "404": "Nothing at this address for this caller.",
    "413": "The request body is larger than the server takes.",
    "422": "A parameter or the body does not match this description; `errors` names each.",
}


class SummitryAPI(NinjaAPI):
    """The API whose document integrators generate clients from: an operation's id is its
    function's name (``list_summits``, ``get_summit``), unique across the API, and every error
    an operation can answer is documented with its body (``Problem``)."""

    def get_openapi_operation_id(self, operation) -> str:
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _complete_document(document)
        return document


def _complete_document(document) -> None:
    schemes = document.setdefault("components", {}).setdefault("securitySchemes", {})
    # Reads open to everyone take a token optionally: one scheme, and "or none" ({}).
    optional = schemes.pop("OptionalTokenAuth", None)
    if optional:
        schemes.setdefault("TokenAuth", optional)
    ids: dict[str, str] = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            seen = ids.setdefault(operation["operationId"], f"{method} {path}")
            if seen != f"{method} {path}":
                raise ValueError(f"Two operations are named {operation['operationId']}.")
            security = operation.get("security", [])
            if any("OptionalTokenAuth" in entry for entry in security):
                operation["security"] = [{"TokenAuth": []}, {}]
            parameters = operation.get("parameters", [])
            needed = {
                "400": "requestBody" in operation,
                "401": bool(security),
                "404": any(p["in"] == "path" for p in parameters),
                "413": "requestBody" in operation,
                "422": bool(parameters) or "requestBody" in operation,
            }
            responses = {str(code): answer for code, answer in operation["responses"].items()}
            operation["responses"] = responses
            for code, description in FRAMEWORK_ERRORS.items():
                if needed[code] and code not in responses:
                    responses[code] = _problem_response(description)
            if "401" in responses:
                responses["401"]["headers"] = {
                    "WWW-Authenticate": {
                        "description": "How to authenticate: `Bearer`.",
                        "schema": {"type": "string"},
                    }
                }
    document["tags"] = registry.api_tags()


def _problem_response(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


api = SummitryAPI(
    title="Summitry API",
    version="1",
    description=(
        "Summits, venues, rooms, organisations and people. Reads are public for published "
        "summits; writes need `Authorization: Bearer <token>` of a staff user. Bilingual fields "
        "are objects with `ko` and `en`. Send `Accept-Language: en` or `ko` for messages in "
        "that language. Times without an offset are in the summit's time zone."
    ),
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, error: ValidationError):
    return api.create_response(
        request, {"detail": _("The data is not valid."), "errors": messages_of(error)}, status=400
    )


def _datetime_message() -> str:
    return _("Enter a date and time as YYYY-MM-DDTHH:MM (an offset such as +09:00 is optional).")


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
    "date_range": lambda e: range_message(),
    "datetime_parsing": lambda e: _datetime_message(),
    "datetime_from_date_parsing": lambda e: _datetime_message(),
    "datetime_type": lambda e: _datetime_message(),
    "less_than_equal": lambda e: _("Enter at most %(limit)s.") % {"limit": e["ctx"]["le"]},
    "greater_than_equal": lambda e: _("Enter at least %(limit)s.") % {"limit": e["ctx"]["ge"]},
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
    response = api.create_response(
        request,
        {"detail": _("Send the API token of a staff user: Authorization: Bearer …")},
        status=401,
    )
    response["WWW-Authenticate"] = WWW_AUTHENTICATE
    return response
