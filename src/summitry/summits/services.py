"""Writes to summits, venues, rooms, themes and roles: validated, atomic and recorded."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from summitry.core import services as core
from summitry.core.scoping import in_summit

from .models import Room, Summit, Venue


def create_summit(*, actor, data: dict[str, Any]) -> Summit:
    return core.create(actor=actor, instance=Summit(**core.flatten_bilingual(data)))


def update_summit(*, actor, summit: Summit, changes: dict[str, Any]) -> Summit:
    return core.update(actor=actor, instance=summit, changes=changes)


def delete_summit(*, actor, summit: Summit) -> None:
    core.delete(actor=actor, instance=summit)


def create_venue(*, actor, summit: Summit, data: dict[str, Any]) -> Venue:
    return core.create(actor=actor, instance=Venue(summit=summit, **core.flatten_bilingual(data)))


def update_venue(*, actor, venue: Venue, changes: dict[str, Any]) -> Venue:
    return core.update(actor=actor, instance=venue, changes=changes)


def delete_venue(*, actor, venue: Venue) -> None:
    core.delete(actor=actor, instance=venue)


def _venue_in(summit: Summit, venue_id: int) -> Venue:
    # A room can only be put into a venue of the same summit.
    found = in_summit(Venue, summit).filter(pk=venue_id).first()
    if found is None:
        raise ValidationError({"venue": _("This summit has no venue %(id)s.") % {"id": venue_id}})
    return found


def create_room(*, actor, summit: Summit, data: dict[str, Any]) -> Room:
    data = dict(data)
    venue = _venue_in(summit, data.pop("venue"))
    return core.create(actor=actor, instance=Room(venue=venue, **core.flatten_bilingual(data)))


def update_room(*, actor, summit: Summit, room: Room, changes: dict[str, Any]) -> Room:
    changes = dict(changes)
    if "venue" in changes:
        changes["venue"] = _venue_in(summit, changes["venue"])
    return core.update(actor=actor, instance=room, changes=changes)


def delete_room(*, actor, room: Room) -> None:
    core.delete(actor=actor, instance=room)
