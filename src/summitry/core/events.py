"""Things that happened at a summit, announced by the capabilities' services for whoever
listens (the webhooks): ``emit(summit, "delegation.registered", delegation)``, one line in
the service. The listeners hear it once the transaction commits, never for work rolled back;
a listener's failure is logged and never undoes or breaks the change itself. They hear the
object as it was when the event happened (its own fields)."""

from __future__ import annotations

import contextlib
import contextvars
import copy
import logging

from django.db import transaction

from . import registry

logger = logging.getLogger(__name__)


def emit(summit, name: str, obj, *, bump: str | None = None) -> None:
    """Announce ``name`` (``"<thing>.<what happened>"``) about ``obj`` at ``summit`` (the
    summit or its id: a hot path need not read it) to the subscribers in the registry, after
    the current transaction commits. ``bump``: a live topic (``core.live.bump``) to bump
    then too, in the same cache round trip as the memos the subscribers read."""
    if summit is None:
        return
    # The object as it is now: a later change in the same transaction is its own event.
    now = copy.copy(obj)
    subscribers = registry.event_subscribers()

    def announce() -> None:
        # The summit's memos (every SummitMemo) read at once, before any subscriber asks.
        with _read_together(getattr(summit, "pk", summit), bump):
            for subscriber in subscribers:
                try:
                    subscriber(summit=summit, name=name, obj=now)
                except Exception:  # a listener's failure never breaks the change
                    logger.exception(
                        "Error calling %s(%s) after the commit",
                        getattr(subscriber, "__qualname__", subscriber),
                        name,
                    )

    transaction.on_commit(announce, robust=True)


# Every SummitMemo made (one per fact), and those read at once for the event being announced.
_memos: list[SummitMemo] = []
_read: contextvars.ContextVar[tuple | None] = contextvars.ContextVar("summit_memos", default=None)


@contextlib.contextmanager
def _read_together(summit_id, bump: str | None):
    """Every memo of ``summit_id`` read from the cache in one round trip (with ``bump``'s
    increment), kept for ``SummitMemo.get`` while the subscribers hear the event."""
    from . import live

    keys = {memo._key(summit_id): memo.name for memo in _memos}
    try:
        found = live.bump_reading(bump, list(keys)) if bump else _get_many(list(keys))
    except Exception:  # the cache unreachable: each memo asks on its own, as it always did
        logger.exception("Reading the memos of summit %s at once failed", summit_id)
        found = {}
    token = _read.set((summit_id, {keys[key]: value for key, value in found.items()}))
    try:
        yield
    finally:
        _read.reset(token)


def _get_many(keys: list[str]) -> dict:
    from django.core.cache import cache

    return cache.get_many(keys)


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
        _memos.append(self)
        for signal in (post_save, post_delete):
            signal.connect(self._changed, sender=model, weak=False, dispatch_uid=f"memo:{name}")

    def _key(self, summit_id) -> str:
        return f"summit-memo:{self.name}:{summit_id}"

    def get(self, summit):
        from django.core.cache import cache

        summit_id = getattr(summit, "pk", summit)
        read = _read.get()
        if read is not None and read[0] == summit_id and self.name in read[1]:
            return read[1][self.name]  # read with the others for this event
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
