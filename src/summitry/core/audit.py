"""The change history: every write a service makes is recorded with who made it.

It uses the admin's log, so changes made in the back office and through the API stand in one
history, visible on each object's "History" page.
"""

from __future__ import annotations

import json

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry
from .scoping import summit_of

ACTIONS = {"added": ADDITION, "changed": CHANGE, "deleted": DELETION}


def record(*, actor, obj: models.Model, action: str, fields: list[str] | None = None) -> None:
    """Log that ``actor`` added, changed or deleted ``obj`` (with the changed fields), or did
    another named ``action`` to it ("published", "revoked", ...), in the summit's audit log
    (and, for additions, changes and deletions, in the back office's history)."""
    if actor is None or not actor.is_authenticated:
        return
    if action == "added":
        message = [{"added": {}}]
    elif action == "changed":
        message = [{"changed": {"fields": sorted(fields or [])}}]
    else:
        message = [{action: {}}]
    content_type_id = ContentType.objects.get_for_model(type(obj)).pk
    if action in ACTIONS:
        LogEntry.objects.create(
            user_id=actor.pk,
            content_type_id=content_type_id,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            action_flag=ACTIONS[action],
            change_message=json.dumps(message),
        )
    summit = summit_of(obj)
    AuditEntry.objects.create(
        summit_id=summit.pk if summit is not None else None,
        actor_id=actor.pk,
        action=action,
        content_type_id=content_type_id,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        fields=sorted(fields or []),
    )
