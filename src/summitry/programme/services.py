"""Writes of the programme, and the clash rules they enforce.

A clash is a room booked twice, a person in two places at once, or a delegation invited to an
invite-only item while committed elsewhere. A write with clashes is refused unless the caller
forces it (the back office warns, the API refuses without ``force``); the clash report lists
every clash of a summit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, mail
from summitry.core import capacity as places
from summitry.core import services as core
from summitry.core.scoping import in_summit, summit_of
from summitry.delegations import rules as delegation_rules
from summitry.directory.models import Organisation, Person
from summitry.summits.models import Summit

from . import rules
from .models import (
    Audience,
    ItemPerson,
    ItemRole,
    ItemType,
    ProgrammeItem,
    SignUp,
    SignUpStatus,
)


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


def _check_capacity(item: ProgrammeItem) -> None:
    if item.pk is None or item.capacity is None:
        return
    taken = item.signups.filter(status=SignUpStatus.REGISTERED).count()
    if item.capacity < taken:
        raise ValidationError(
            {
                "capacity": _(
                    "%(taken)s people already have a place; the capacity cannot be lower."
                )
                % {"taken": taken}
            }
        )


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
    _check_capacity(item)
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
    audit.record(actor=actor, obj=item, action="added" if is_new else "changed")
    return item


def descendants(item: ProgrammeItem) -> list[ProgrammeItem]:
    """The item's sub-items, their sub-items, ..., parents before their own."""
    found, frontier = [], [item]
    while frontier:
        children = list(
            ProgrammeItem.objects.filter(parent__in=frontier).select_related("summit", "parent")
        )
        found.extend(children)
        frontier = children
    return found


# Passed as ``room`` to keep the item's room.
KEEP_ROOM = object()


@transaction.atomic
def move_item(
    *,
    actor,
    item: ProgrammeItem,
    starts_at,
    ends_at,
    room=KEEP_ROOM,
    force: bool = False,
) -> ProgrammeItem:
    """Move an item to another time and room, or change its end (the grid's drag and drop).
    Its sub-items move with it (by the same time; those in its room to the new room) and
    must still fit in it; the clashes of the item and of every sub-item refuse the move
    unless ``force``. All or nothing."""
    rules.require_staff(actor, item.summit)
    item = (
        ProgrammeItem.objects.select_for_update(of=("self",))
        .select_related("summit", "parent")
        .get(pk=item.pk)
    )
    shift = starts_at - item.starts_at
    old_room = item.room_id
    moves_room = room is not KEEP_ROOM and (room.pk if room else None) != old_room
    if moves_room and room is not None and summit_of(room) != item.summit:
        raise ValidationError({"room": _("This summit has no such room.")})
    item.starts_at, item.ends_at = starts_at, ends_at
    if moves_room:
        item.room = room
    family = descendants(item)
    parents = {item.pk: item}
    for child in family:
        child.starts_at += shift
        child.ends_at += shift
        if moves_room and old_room is not None and child.room_id == old_room:
            child.room = room
        child.parent = parents[child.parent_id]
        parents[child.pk] = child
        if child.starts_at < child.parent.starts_at or child.ends_at > child.parent.ends_at:
            raise ValidationError(
                {
                    "ends_at": _("“%(child)s” would no longer fit in “%(item)s”: change it first.")
                    % {"child": child, "item": item}
                }
            )
    for moved in (item, *family):
        core.validate(moved)
        _check_days(moved)
    clashes = [clash for moved in (item, *family) for clash in clashes_of(moved)]
    if clashes and not force:
        raise ClashError(clashes)
    for moved in (item, *family):
        save_item(actor=actor, item=moved, force=True)
    return item


@transaction.atomic
def add_talk(
    *,
    actor,
    parent: ProgrammeItem,
    title: dict[str, str],
    starts_at,
    ends_at,
    speaker: Person | None = None,
    presentation_title: dict[str, str] | None = None,
    force: bool = False,
) -> ProgrammeItem:
    """Add a talk (a presentation) inside a session: in its room or place, theme and
    audience, with its speaker and the talk's title (the talk's own title if not given)."""
    rules.require_staff(actor, parent.summit)
    talk = ProgrammeItem(
        summit=parent.summit,
        parent=parent,
        kind=ItemType.PRESENTATION,
        block=parent.block,
        theme=parent.theme,
        room=parent.room,
        audience=parent.audience,
        starts_at=starts_at,
        ends_at=ends_at,
        **core.flatten_bilingual(
            {
                "title": title,
                "place": {"ko": parent.place_ko or "", "en": parent.place_en or ""},
                "address": {"ko": parent.address_ko or "", "en": parent.address_en or ""},
            }
        ),
    )
    people = []
    if speaker is not None:
        spoken = presentation_title or {}
        people.append(
            {
                "person": speaker,
                "role": ItemRole.SPEAKER,
                "presentation_title": {
                    lang: spoken.get(lang) or title.get(lang, "") for lang in ("ko", "en")
                },
            }
        )
    return save_item(
        actor=actor, item=talk, people=people, invitees=list(parent.invitees.all()), force=force
    )


@transaction.atomic
def delete_item(*, actor, item: ProgrammeItem) -> None:
    """Delete an item with its sub-items, their people and sign-ups (the page asks first)."""
    rules.require_staff(actor, item.summit)
    core.delete(actor=actor, instance=item)


# --- sign-ups --------------------------------------------------------------------------------


def _may_sign_up_for(actor, delegate) -> bool:
    """The delegate themself, their delegation's contact, or organiser staff."""
    return (
        delegation_rules.is_member_self(actor, delegate)
        or delegation_rules.is_contact(actor, delegate.delegation)
        or delegation_rules.is_staff_for(actor, delegate.delegation.summit)
    )


def _signups_open(actor, item: ProgrammeItem) -> None:
    if not item.signup:
        raise ValidationError(_("This item does not take sign-ups."))
    deadline = item.signup_deadline
    if (
        deadline
        and timezone.now() >= deadline
        and not delegation_rules.is_staff_for(actor, item.summit)
    ):
        raise ValidationError(_("Sign-up for this item has closed."))


@transaction.atomic
def sign_up(*, actor, item: ProgrammeItem, delegate) -> SignUp:
    """Sign a delegate up: a place while there are places, else the waiting list. The item
    row is the lock that serialises the decision, so places are never oversold."""
    if not _may_sign_up_for(actor, delegate):
        raise PermissionDenied(_("You may sign up only yourself or your delegation's members."))
    item = places.lock(ProgrammeItem, item.pk)
    if delegate.delegation.summit_id != item.summit_id:
        raise ValidationError(_("This delegate is registered for another summit."))
    if delegate.place != SignUpStatus.REGISTERED:
        raise ValidationError(_("Only delegates with a place at the summit can sign up."))
    _signups_open(actor, item)
    if item.signups.filter(delegate=delegate).exclude(status=SignUpStatus.CANCELLED).exists():
        raise ValidationError(_("This delegate is already signed up."))
    # The sign-up's turn (signed_up_at) is its insertion, here under the lock.
    status, _turn = _places(item).decide()
    return SignUp.objects.create(item=item, delegate=delegate, status=status)


def _places(item: ProgrammeItem) -> places.Pool:
    """The item's places (core.capacity): sign-ups in the order their places were decided."""
    return places.Pool(
        item.capacity,
        item.signups.select_related("delegate__person", "delegate__delegation__invitation"),
        turn="signed_up_at",
    )


@transaction.atomic
def cancel_sign_up(*, actor, signup: SignUp) -> SignUp:
    """Cancel a sign-up; a freed place goes to the first on the waiting list, who is told."""
    if not _may_sign_up_for(actor, signup.delegate):
        raise PermissionDenied(_("You may cancel only your own or your delegation's sign-ups."))
    item = places.lock(ProgrammeItem, signup.item_id)
    signup = SignUp.objects.select_related("delegate").get(pk=signup.pk)
    if signup.status == SignUpStatus.CANCELLED:
        return signup
    held_place = signup.status == SignUpStatus.REGISTERED
    signup.status = SignUpStatus.CANCELLED
    signup.cancelled_at = timezone.now()
    signup.save(update_fields=["status", "cancelled_at"])
    if held_place:
        _promote(item)
    return signup


def _promote(item: ProgrammeItem) -> SignUp | None:
    waiting = _places(item).promote_next()
    if waiting is None:
        return None
    delegate = waiting.delegate
    invitation = delegate.delegation.invitation
    recipient = delegate.email or (invitation.contact_email if invitation else "")
    if recipient:
        mail.send(
            summit=item.summit,
            recipient=recipient,
            language=delegate.interpretation_language
            or (invitation.language if invitation else "en"),
            template="programme/email/promoted",
            context={"signup": waiting, "item": item},
            kind="signup-promoted",
        )
    return waiting


@transaction.atomic
def set_capacity(*, actor, item: ProgrammeItem, capacity: int | None) -> ProgrammeItem:
    """Change an item's capacity (under the item's lock); never below the places given."""
    item = places.lock(ProgrammeItem, item.pk)
    item.capacity = capacity
    return save_item(actor=actor, item=item, force=True)
