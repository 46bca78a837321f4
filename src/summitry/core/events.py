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


class SummitMemo:
    """A small fact about a summit's rows that a subscriber reads at every event (the events
    its webhooks chose, the zones its assemblies count), kept in the shared cache so that an
    event nobody listens to costs one cache read, not a query. Forgotten whenever a row of
    ``model`` (with a ``summit_id``) is saved or deleted, and again after that commit (so a
    value read in between from the old rows is not kept). ``compute(summit_id)`` reads it."""

    TIMEOUT = 60 * 60

    def __init__(self, name: str, model, compute) -> None:
        from django.db.models.signals import post_delete, post_save

        self.name, self.compute = name, compute
        for signal in (post_save, post_delete):
            signal.connect(self._changed, sender=model, weak=False, dispatch_uid=f"memo:{name}")

    def _key(self, summit_id) -> str:
        return f"summit-memo:{self.name}:{summit_id}"

    def get(self, summit):
        from django.core.cache import cache

        summit_id = getattr(summit, "pk", summit)
        value = cache.get(self._key(summit_id))
        if value is None:
            value = self.compute(summit_id)
            cache.set(self._key(summit_id), value, self.TIMEOUT)
        return value

    def forget(self, summit_id) -> None:
        from django.core.cache import cache

        cache.delete(self._key(summit_id))

    def _changed(self, sender, instance, **kwargs) -> None:
        summit_id = instance.summit_id
        self.forget(summit_id)
        transaction.on_commit(lambda: self.forget(summit_id), robust=True)
