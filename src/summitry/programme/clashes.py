"""The clash rules of the programme: a room booked twice, a person in two places at once, or a
delegation invited to an invite-only item while committed elsewhere. Writes (services) refuse
clashes unless forced; the clash report lists every clash of a summit."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

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
    """Every clash of the summit, each pair once: what ``clashes_of`` finds for each item in
    turn, computed from the whole programme read in four queries (the console's grid asks
    for it after every move)."""
    items = list(in_summit(ProgrammeItem, summit).select_related("room__venue"))
    order = {item.pk: index for index, item in enumerate(items)}
    by_pk = {item.pk: item for item in items}
    children: dict[int, list[int]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item.pk)
    roles = sorted(
        in_summit(ItemPerson, summit).select_related("person__organisation"),
        key=lambda role: (order[role.item_id], role.position, role.pk),
    )
    roles_of: dict[int, list[ItemPerson]] = {}
    for role in roles:
        roles_of.setdefault(role.item_id, []).append(role)
    invited: dict[int, set[int]] = {}
    through = ProgrammeItem.invitees.through.objects.filter(programmeitem__summit=summit)
    for item_id, organisation_id in through.values_list("programmeitem_id", "organisation_id"):
        invited.setdefault(item_id, set()).add(organisation_id)

    def family(item) -> set[int]:
        ids, node = {item.pk}, item.parent_id
        while node is not None:
            ids.add(node)
            node = by_pk[node].parent_id
        frontier = [item.pk]
        while frontier:
            frontier = [child for pk in frontier for child in children.get(pk, ())]
            ids.update(frontier)
        return ids

    seen, report = set(), []
    for item in items:
        mine = family(item)
        overlapping = [
            other
            for other in items
            if other.starts_at < item.ends_at
            and other.ends_at > item.starts_at
            and other.pk not in mine
        ]
        within = {other.pk for other in overlapping}
        persons = {role.person_id for role in roles_of.get(item.pk, ())}
        found = [
            Clash(
                "room",
                item.pk,
                other.pk,
                str(item.room),
                _("%(room)s is already booked for “%(other)s” at that time.")
                % {"room": item.room, "other": other},
            )
            for other in overlapping
            if item.room_id and other.room_id == item.room_id
        ]
        found += [
            Clash(
                "person",
                item.pk,
                role.item_id,
                str(role.person),
                _("%(person)s is at “%(other)s” at that time.")
                % {"person": role.person, "other": by_pk[role.item_id]},
            )
            for role in roles
            if role.item_id in within and role.person_id in persons
        ]
        if item.audience == Audience.INVITED:
            guests = invited.get(item.pk, set())
            found += [
                Clash(
                    "invitee",
                    item.pk,
                    other.pk,
                    "",
                    _("An invited delegation is committed to “%(other)s” at that time.")
                    % {"other": other},
                )
                for other in overlapping
                if (other.audience == Audience.INVITED and invited.get(other.pk, set()) & guests)
                or any(role.person.organisation_id in guests for role in roles_of.get(other.pk, ()))
            ]
        for clash in found:
            key = (clash.kind, clash.subject, *sorted((clash.item, clash.other)))
            if key not in seen:
                seen.add(key)
                report.append(clash)
    return report
