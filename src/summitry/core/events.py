"""Things that happened at a summit, announced by the capabilities' services for whoever
listens (the webhooks): ``emit(summit, "delegation.registered", delegation)``, one line in
the service. The listeners hear it once the transaction commits, never for work rolled back;
a listener's failure is logged and never undoes or breaks the change itself. They hear the
object as it was when the event happened (its own fields)."""

from __future__ import annotations

import copy

from django.db import transaction

from . import registry


def emit(summit, name: str, obj) -> None:
    """Announce ``name`` (``"<thing>.<what happened>"``) about ``obj`` at ``summit`` (the
    summit or its id: a hot path need not read it) to the subscribers in the registry, after
    the current transaction commits."""
    if summit is None:
        return
    # The object as it is now: a later change in the same transaction is its own event.
    now = copy.copy(obj)
    for subscriber in registry.event_subscribers():
        transaction.on_commit(_call(subscriber, summit, name, now), robust=True)


def _call(subscriber, summit, name: str, obj):
    """A function (not a partial: Django names the failing callback by its __qualname__)."""

    def hear() -> None:
        subscriber(summit=summit, name=name, obj=obj)

    hear.__qualname__ = f"{getattr(subscriber, '__qualname__', subscriber)}({name})"
    return hear
