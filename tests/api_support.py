"""What the API tests of every capability expect: refusal bodies, callers, row snapshots."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

NOT_AUTHENTICATED = {"detail": "Send the API token of a staff user: Authorization: Bearer …"}
NOT_ALLOWED = {"detail": "This needs the API token of a staff user allowed to make this change."}
INVALID = "The data is not valid."
NOT_FOUND = {"detail": "Not Found"}

# Callers who may read but not write, and the status and body each one gets on a write.
REFUSED = [
    pytest.param("anonymous_api", 401, NOT_AUTHENTICATED, id="anonymous"),
    pytest.param("member_api", 403, NOT_ALLOWED, id="member-token"),
    pytest.param("invalid_token_api", 401, NOT_AUTHENTICATED, id="invalid-token"),
    pytest.param("staff_without_permission_api", 403, NOT_ALLOWED, id="staff-without-permission"),
]


def row(model, pk) -> dict:
    """Every column of one row as stored, to compare the database before and after a request."""
    return model.objects.raw_values().get(pk=pk)


def log_entries(model) -> list[dict]:
    """The history entries recorded for a model, oldest first."""
    content_type = ContentType.objects.get_for_model(model)
    return list(
        LogEntry.objects.filter(content_type=content_type)
        .order_by("pk")
        .values("user__username", "object_id", "action_flag", "change_message")
    )


def refused(detail: str) -> list:
    """REFUSED, with the body a capability's own rule answers to those who may not write."""
    body = {"detail": detail}
    return [
        pytest.param("anonymous_api", 401, NOT_AUTHENTICATED, id="anonymous"),
        pytest.param("member_api", 403, body, id="member-token"),
        pytest.param("invalid_token_api", 401, NOT_AUTHENTICATED, id="invalid-token"),
        pytest.param("staff_without_permission_api", 403, body, id="staff-without-permission"),
    ]


# Writes to one summit's settings (the summit, its venues and rooms) and to the platform's
# list of summits (creating, deleting one).
SETTINGS_REFUSED = refused("Only the summit's organisers may change its settings.")
PLATFORM_REFUSED = refused("Only the platform's administrators may do this.")
