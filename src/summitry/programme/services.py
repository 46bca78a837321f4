"""Writes of the programme, and the clash rules they enforce.

A clash is a room booked twice, a person in two places at once, or a delegation invited to an
invite-only item while committed elsewhere. A write with clashes is refused unless the caller
forces it (the back office warns, the API refuses without ``force``); the clash report lists
every clash of a summit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import services as core
from summitry.core.scoping import in_summit
from summitry.directory.models import Organisation, Person
from summitry.summits.models import Summit

from .models import Audience, ItemPerson, ProgrammeItem


@dataclass(frozen=True)
class Clash:
    kind: str  # "room", "person" or "invitee"
    item: int
    other: int
    subject: str
    message: str


class ClashError(ValidationError):
    def __init__(self, clashes: list[Clash]):
        super().__init__([c.message for c in clashes], code="clash")
        self.clashes = clashes


def _family(item: ProgrammeItem) -> set[int]:
    """The item, its ancestors and its descendants: sharing a room or people with them is no
    clash (a talk takes place inside its session)."""
    ids = {item.pk} if item.pk else set()
    node = item.parent
    while node is not None:
        ids.add(node.pk)
        node = node.parent
    frontier = [item.pk] if item.pk else []
    while frontier:
        children = list(
            ProgrammeItem.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids.update(children)
        frontier = children
    return ids


def clashes_of(
    item: ProgrammeItem,
    *,
    people: list[Person] | None = None,
    invitees: list[Organisation] | None = None,
) -> list[Clash]:
    """The clashes ``item`` (saved or not) has with the rest of its summit's programme."""
    family = _family(item)
    overlapping = (
        in_summit(ProgrammeItem, item.summit)
        .filter(starts_at__lt=item.ends_at, ends_at__gt=item.starts_at)
        .exclude(pk__in=family)
    )
    found: list[Clash] = []
    if item.room_id:
        for other in overlapping.filter(room_id=item.room_id):
            found.append(
                Clash(
                    "room",
                    item.pk or 0,
                    other.pk,
                    str(item.room),
                    _("%(room)s is already booked for “%(other)s” at that time.")
                    % {"room": item.room, "other": other},
                )
            )
    if people is None:
        people = [p.person for p in item.people.select_related("person")] if item.pk else []
    busy = ItemPerson.objects.filter(item__in=overlapping, person__in=people).select_related(
        "item", "person"
    )
    for role in busy:
        found.append(
            Clash(
                "person",
                item.pk or 0,
                role.item_id,
                str(role.person),
                _("%(person)s is at “%(other)s” at that time.")
                % {"person": role.person, "other": role.item},
            )
        )
    if item.audience == Audience.INVITED:
        if invitees is None:
            invitees = list(item.invitees.all()) if item.pk else []
        committed = overlapping.filter(
            Q(audience=Audience.INVITED, invitees__in=invitees)
            | Q(people__person__organisation__in=invitees)
        ).distinct()
        for other in committed:
            found.append(
                Clash(
                    "invitee",
                    item.pk or 0,
                    other.pk,
                    "",
                    _("An invited delegation is committed to “%(other)s” at that time.")
                    % {"other": other},
                )
            )
    return found


def clash_report(summit: Summit) -> list[Clash]:
    """Every clash of the summit, each pair once."""
    seen, report = set(), []
    for item in in_summit(ProgrammeItem, summit).select_related("room__venue", "parent"):
        for clash in clashes_of(item):
            key = (clash.kind, clash.subject, *sorted((clash.item, clash.other)))
            if key not in seen:
                seen.add(key)
                report.append(clash)
    return report


def _check_days(item: ProgrammeItem) -> None:
    summit = item.summit
    if not (item.starts_at and item.ends_at):
        return
    first = timezone.localtime(item.starts_at, summit.zone).date()
    last = timezone.localtime(item.ends_at, summit.zone).date()
    if first < summit.start_date or last > summit.end_date:
        raise ValidationError(
            {
                "starts_at": _(
                    "The item must take place within the summit's days (%(first)s to %(last)s)."
                )
                % {"first": summit.start_date, "last": summit.end_date}
            }
        )


def _check_parent(item: ProgrammeItem) -> None:
    parent = item.parent
    if parent is None:
        return
    if parent.summit_id != item.summit_id:
        raise ValidationError({"parent": _("The parent item belongs to another summit.")})
    if item.starts_at < parent.starts_at or item.ends_at > parent.ends_at:
        raise ValidationError({"parent": _("A sub-item must fit within its parent's time.")})


@transaction.atomic
def save_item(
    *,
    actor,
    item: ProgrammeItem,
    people: list[dict[str, Any]] | None = None,
    invitees: list[Organisation] | None = None,
    force: bool = False,
) -> ProgrammeItem:
    """Create or change an item (with its people and invitees), refusing clashes unless
    ``force``. ``people`` is a list of {"person", "role", "presentation_title"}."""
    core.validate(item)
    _check_days(item)
    _check_parent(item)
    persons = [entry["person"] for entry in people] if people is not None else None
    clashes = clashes_of(item, people=persons, invitees=invitees)
    if clashes and not force:
        raise ClashError(clashes)
    is_new = item.pk is None
    item.save()
    if invitees is not None:
        item.invitees.set(invitees)
    if people is not None:
        item.people.all().delete()
        for position, entry in enumerate(people):
            role = ItemPerson(item=item, position=position, **core.flatten_bilingual(dict(entry)))
            core.validate(role)
            role.save()
    from summitry.core import audit

    audit.record(actor=actor, obj=item, action="added" if is_new else "changed")
    return item
