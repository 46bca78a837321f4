"""The OpenAPI document as integrators and generators meet it: valid 3.1, short unique
operation ids, one tag per capability, unique schema names, every error documented."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import re
from collections import defaultdict

import pytest
from ninja import Schema
from openapi_spec_validator import validate
from openapi_spec_validator.versions.shortcuts import get_spec_version

CAPABILITIES = {
    "summits",
    "directory",
    "delegations",
    "programme",
    "diplomacy",
    "awards",
    "judging",
    "webhooks",
    "checkin",
    "assembly",
    "press",
    "exhibitions",
    "online",
}


def api_modules() -> list[str]:
    """Every installed app's API modules (``api`` and ``*_api``: a new capability or a new
    module of one is checked without being listed), and the core's shared schemas."""
    from django.conf import settings

    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("summitry."):
            continue
        package = importlib.import_module(app)
        for module in pkgutil.iter_modules(getattr(package, "__path__", [])):
            if module.name == "api" or module.name.endswith("_api"):
                found.append(f"{app}.{module.name}")
    return found + ["summitry.core.schemas", "summitry.core.pagination"]


@pytest.fixture
def document(anonymous_api) -> dict:
    response = anonymous_api.get("/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_the_document_validates_as_openapi_3_1(document):
    assert str(get_spec_version(document)) == "OpenAPIV3.1"
    validate(document)


def test_operation_ids_are_short_unique_and_named_for_integrators(document):
    ids = [operation["operationId"] for _name, operation in operations(document)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", i) and len(i) <= 40 for i in ids), ids
    for expected in [
        "list_summits",
        "get_summit",
        "create_summit",
        "create_venue",
        "create_room",
        "create_invitation",
        "add_member",
        "list_programme_items",
        "create_programme_item",
        "publish_programme",
        "request_meeting",
        "answer_meeting",
        "create_award",
        "create_application",
        "submit_application",
        "get_counts",
        "get_schedule_json",
    ]:
        assert expected in ids


def test_one_tag_per_capability(document):
    assert {tag["name"] for tag in document["tags"]} == CAPABILITIES
    for name, operation in operations(document):
        assert len(operation["tags"]) == 1 and operation["tags"][0] in CAPABILITIES, name


def test_no_two_schemas_share_a_name():
    """Two schemas of one name become one in the document, which then describes one of the
    two answers wrongly (two RoleOut did: reading a summit crashed a generated client)."""
    import summitry.core.api  # noqa: F401 - the API imports its routers in order

    modules = defaultdict(set)
    for module_name in api_modules():
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, Schema)
                and value.__module__ == module_name
            ):
                modules[value.__name__].add(module_name)
    assert {name: found for name, found in modules.items() if len(found) > 1} == {}


def test_the_summit_and_the_programme_document_their_own_people_and_organisations(document):
    schemas = document["components"]["schemas"]
    summit = schemas["SummitDetailOut"]["properties"]["organisations"]["items"]["$ref"]
    assert set(schemas[summit.rsplit("/", 1)[1]]["properties"]) == {"role", "organisation"}
    item = schemas["ItemOut"]["properties"]["people"]["items"]["$ref"]
    assert {"person", "name", "role"} <= set(schemas[item.rsplit("/", 1)[1]]["properties"])


def test_no_input_object_has_a_default_value(document):
    """openapi-python-client cannot generate a model property with a default: a bilingual
    input field left out is empty in both languages, without a default in the document."""
    for name, schema in document["components"]["schemas"].items():
        for field, spec in schema.get("properties", {}).items():
            if "default" in spec:
                assert not isinstance(spec["default"], dict), f"{name}.{field}"


def test_every_error_an_operation_can_answer_is_documented(document):
    problem = {"$ref": "#/components/schemas/Problem"}
    for name, operation in operations(document):
        responses = operation["responses"]
        expected = set()
        if operation.get("security"):
            expected.add("401")
            assert "WWW-Authenticate" in responses["401"]["headers"], name
        if operation.get("parameters") or "requestBody" in operation:
            expected.add("422")
        if "requestBody" in operation:
            expected.add("413")
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            expected.add("404")
        assert expected <= set(responses), name
        for code in expected:
            assert responses[code]["content"]["application/json"]["schema"] == problem, name


def test_reads_open_to_all_take_a_token_optionally(document):
    assert document["paths"]["/api/v1/summits"]["get"]["security"] == [{"TokenAuth": []}, {}]
    assert set(document["components"]["securitySchemes"]) == {"TokenAuth"}


def test_a_401_says_how_to_authenticate(anonymous_api, invalid_token_api):
    for response in (anonymous_api.post("/summits", {}), invalid_token_api.get("/summits")):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
