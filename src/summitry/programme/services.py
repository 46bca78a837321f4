"""Writes of the programme. A write with clashes (clashes.py) is refused unless the caller
forces it (the back office warns, the API refuses without ``force``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, mail
from summitry.core import capacity as places
from summitry.core import services as core
from summitry.core.scoping import summit_of
from summitry.delegations import rules as delegation_rules
from summitry.directory.models import Organisation, Person

from . import rules
from .clashes import Clash, ClashError, clash_report, clashes_of  # noqa: F401
from .models import (
    ItemPerson,
    ItemRole,
    ItemType,
    ProgrammeItem,
    SignUp,
    SignUpStatus,
)


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
    pool = _places(item)
    status = pool.decide()
    signup = SignUp.objects.create(item=item, delegate=delegate, status=status)
    signup.signed_up_at = pool.stamp(signup.pk, status)
    return signup


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
