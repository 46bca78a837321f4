"""Schemathesis over every operation of the live OpenAPI document, anonymously and with a staff
token, on a summit with a row of every kind: no answer is a server error, and every answer
matches what the document says of it (status, content type, headers, body).

The examples are drawn from a fixed seed (the same requests on every run, so CI cannot turn
red by chance): twice ``SUMMITRY_FUZZ_EXAMPLES`` (default 6) per operation, mixing valid
data, invalid data and rows the summit does not have; ``SUMMITRY_FUZZ_SEED`` draws other
ones, for a longer search by hand.
"""

from __future__ import annotations

import os
import time

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode

from summitry.core.tokens import issue_token

from . import world as api_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("SUMMITRY_FUZZ_EXAMPLES", "6"))
SEED = os.environ.get("SUMMITRY_FUZZ_SEED")
# Deleting the summit would end the run for every operation after it.
EXCLUDED = {("DELETE", "/api/v1/summits/{slug}")}


def _path_values(operation, world) -> dict:
    names = {parameter.name for parameter in operation.path_parameters}
    values = {name: value for name, value in world.path.items() if name in names}
    if operation.path.startswith("/api/v1/organisations/"):
        values["slug"] = world.organisation
    elif operation.path.startswith("/api/v1/people/"):
        values["slug"] = world.person
    return values


def _fuzz(operation, world, headers: dict, failures: list, statuses: dict) -> None:
    known = _path_values(operation, world)
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, path_parameters=known),
        operation.as_strategy(GenerationMode.NEGATIVE, path_parameters=known),
        # Now and then a value of the document's own choosing: an unknown row.
        operation.as_strategy(GenerationMode.POSITIVE),
    )
    found: list[str] = []

    @settings(
        max_examples=EXAMPLES * 2,
        deadline=None,
        database=None,
        derandomize=SEED is None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call(headers=headers)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as failure:
            if not found:
                found.append(f"{case.as_curl_command(headers=headers)}\n{failure}")

    if SEED is not None:
        run = seed(int(SEED))(run)
    run()
    failures.extend(f"{operation.method.upper()} {operation.path}: {text}" for text in found)


@pytest.fixture
def connection_kept():
    """Schemathesis calls the WSGI application itself, whose end of request would close the
    database connection, and with it the test's transaction (Django's test client keeps it
    open the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("caller", ["anonymous", "staff"])
def test_every_operation_answers_as_documented(db, connection_kept, caller):
    world = api_world.build()
    headers = {"Accept-Language": "en"}
    if caller == "staff":
        headers["Authorization"] = f"Bearer {issue_token(user=world.staff, name='fuzz')[1]}"
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    # Writes that remove rows go last, so the other operations still find them.
    operations.sort(key=lambda operation: operation.method.upper() == "DELETE")
    failures: list[str] = []
    statuses: dict[int, int] = {}
    started = time.monotonic()
    tried = 0
    for operation in operations:
        if (operation.method.upper(), operation.path) in EXCLUDED:
            continue
        tried += 1
        _fuzz(operation, world, headers, failures, statuses)
    print(  # noqa: T201 - the figures of the run, shown with -s or on failure
        f"schemathesis ({caller}): {tried} operations, {sum(statuses.values())} requests, "
        f"{time.monotonic() - started:.1f} s; answers by status: {sorted(statuses.items())}"
    )
    assert not failures, "\n\n".join(failures)
