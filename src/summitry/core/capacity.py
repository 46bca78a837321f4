"""Places under a capacity, and the waiting list: one module for every limited thing a person
takes a place in (a summit's registration, a site visit's sign-ups).

The rules, the same everywhere:
- a decision about a place is taken under one lock, the row that holds the capacity (the
  summit, the programme item), locked with ``lock``; the count is a statement of its own after
  the lock, so that under READ COMMITTED it sees every place given before;
- a newcomer's turn is the moment of that decision (its ``turn`` field is set under the lock,
  from the database's clock: one clock whichever web server decides), and the waiting list is
  served in turn order: the order that gave places and the order of the waiting list are one
  order;
- a freed place goes to the first in line, under the same lock.
Statuses are :class:`Place`, never strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class Place(models.TextChoices):
    """A person's place under a capacity."""

    REGISTERED = "registered", _("Has a place")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


def lock(model: type[models.Model], pk: int, *fields: str) -> models.Model:
    """Lock the row that holds a capacity (only that row, never a joined one) and return it
    with ``fields`` loaded."""
    rows = model.objects.select_for_update(of=("self",))
    if fields:
        rows = rows.only("pk", *fields)
    return rows.get(pk=pk)


@dataclass(frozen=True)
class Pool:
    """The rows of one capacity: ``rows`` are every row that may hold a place (cancelled ones
    included), ``status`` names their status field and ``turn`` the field that orders them.
    Use it under :func:`lock`."""

    capacity: int | None
    rows: models.QuerySet
    status: str = "status"
    turn: str = "registered_at"

    def taken(self) -> int:
        return self.rows.filter(**{self.status: Place.REGISTERED}).count()

    def decide(self) -> Place:
        """The place a newcomer gets now (under the lock)."""
        free = self.capacity is None or self.taken() < self.capacity
        return Place.REGISTERED if free else Place.WAITING

    def stamp(self, pk: int, place: Place):
        """Record a newcomer's place and turn (still under the lock): the turn is the
        database's clock, not this server's, so servers whose clocks differ cannot reorder
        the waiting list. Returns the turn."""
        row = self.rows.model.objects.filter(pk=pk)
        row.update(**{self.status: place, self.turn: Now()})
        return row.values_list(self.turn, flat=True).get()

    def waiting(self) -> models.QuerySet:
        return self.rows.filter(**{self.status: Place.WAITING}).order_by(self.turn, "pk")

    def promote_next(self):
        """Give a freed place to the first in line (if a place is free); returns who got it."""
        if self.capacity is not None and self.taken() >= self.capacity:
            return None
        first = self.waiting().first()
        if first is None:
            return None
        setattr(first, self.status, Place.REGISTERED)
        first.save(update_fields=[self.status])
        return first
