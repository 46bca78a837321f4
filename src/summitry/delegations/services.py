"""Every write of delegations' statuses, members, places and counts (invitations and claiming
in invitations.py, members' own access in access.py, the staff list's bulk actions in bulk.py).

Pages and the API both call these functions, so the rules (who may, capacity, deadlines) hold
the same everywhere. Permission is checked here too: a function that changes a delegation
takes the acting user and refuses with ``PermissionDenied`` when the rules do not allow it.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from summitry.core import capacity, events, mail
from summitry.core import services as core
from summitry.core.scoping import in_summit
from summitry.core.timezones import check_day
from summitry.directory.models import Person, ProtocolRank
from summitry.summits.models import Summit

from . import rules
from .access import (  # noqa: F401 - also for callers
    _detach_account,
    calendar_secret,
    confirm_member_link,
    give_member_access,
    member_link_request,
    rotate_calendar_secret,
)
from .invitations import (  # noqa: F401 - also for callers
    INVITATION_SECRET_BYTES,
    INVITATION_VALIDITY,
    claim_invitation,
    claim_invitation_as,
    digest,
    invitation_link,
    invite,
    invite_new_organisation,
    open_invitation,
    resend_invitation,
    revoke_invitation,
    similar_organisations,
)
from .models import (
    CountSnapshot,
    Delegate,
    Delegation,
    DelegationStatus,
    PlaceStatus,
    StatusChange,
)

# Which status may follow which; staff make every move but "registered", which the contact's
# registration makes.
TRANSITIONS = {
    DelegationStatus.INVITED: {
        DelegationStatus.REGISTERED,
        DelegationStatus.DECLINED,
        DelegationStatus.CANCELLED,
    },
    DelegationStatus.REGISTERED: {
        DelegationStatus.CONFIRMED,
        DelegationStatus.DECLINED,
        DelegationStatus.CANCELLED,
    },
    DelegationStatus.CONFIRMED: {DelegationStatus.CANCELLED, DelegationStatus.REGISTERED},
    DelegationStatus.DECLINED: {DelegationStatus.REGISTERED},
    DelegationStatus.CANCELLED: {DelegationStatus.REGISTERED},
}


# --- statuses --------------------------------------------------------------------------------


@transaction.atomic
def change_status(*, actor, delegation: Delegation, to: str, note: str = "") -> Delegation:
    """Move a delegation to another status, recorded in its history."""
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    return _change_locked_status(actor=actor, delegation=locked, to=to, note=note)


def _change_locked_status(*, actor, delegation: Delegation, to: str, note: str) -> Delegation:
    """``change_status`` for a delegation row the caller has just read under its lock."""
    if to != DelegationStatus.REGISTERED or not rules.is_contact(actor, delegation):
        rules.require_staff(actor, delegation.summit)
    if to not in TRANSITIONS[delegation.status]:
        raise ValidationError(
            _("A delegation cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": DelegationStatus(delegation.status).label,
                "to": DelegationStatus(to).label,
            }
        )
    now = timezone.now()
    StatusChange.objects.create(
        delegation=delegation, from_status=delegation.status, to_status=to, actor=actor, note=note
    )
    delegation.status = to
    if to == DelegationStatus.REGISTERED:
        delegation.registered_at = delegation.registered_at or now
        delegation.withdrawn_at = None
    elif to in (DelegationStatus.DECLINED, DelegationStatus.CANCELLED):
        delegation.withdrawn_at = now
    delegation.save(update_fields=["status", "registered_at", "withdrawn_at"])
    events.emit(delegation.summit_id, f"delegation.{to}", delegation)
    if to in (DelegationStatus.DECLINED, DelegationStatus.CANCELLED):
        capacity.lock(Summit, delegation.summit_id)
        for member in delegation.members.exclude(place=PlaceStatus.CANCELLED):
            _release_place(member, when=now, actor=actor)
    return delegation


# --- members and places ----------------------------------------------------------------------

PERSON_FIELDS = (
    "given_name",
    "family_name",
    "family_name_first",
    "name_hangul",
    "position",
    "protocol_rank",
)
DELEGATE_FIELDS = (
    "role",
    "email",
    "phone",
    "arrival_at",
    "arrival_flight",
    "departure_at",
    "departure_flight",
    "hotel",
    "interpretation_language",
    "dietary_needs",
    "dietary_notes",
    "access_needs",
    "badge_photo",
)


def _person_for(delegation: Delegation, data: dict[str, Any]) -> Person:
    position = data.get("position") or {}
    base = (
        slugify(" ".join(filter(None, [data.get("given_name"), data.get("family_name")])))[
            :60
        ].strip("-")
        or "delegate"
    )
    slug = f"{base}-{secrets.token_hex(3)}"
    return Person(
        slug=slug,
        given_name=data.get("given_name", ""),
        family_name=data.get("family_name", ""),
        family_name_first=data.get("family_name_first", False),
        name_hangul=data.get("name_hangul", ""),
        protocol_rank=data.get("protocol_rank") or ProtocolRank.OTHER,
        position_ko=position.get("ko", ""),
        position_en=position.get("en", ""),
        organisation_id=delegation.organisation_id,
    )


@transaction.atomic
def add_member(*, actor, delegation: Delegation, data: dict[str, Any]) -> Delegate:
    """Register a member. The first member registers the delegation. Under the summit's
    capacity the member gets a place; beyond it, a place on the waiting list."""
    rules.require_editable(actor, delegation)
    # Everything but the decision about the place happens before the summit's lock: the
    # person and the member are validated and inserted (the database checks the constraints
    # as it inserts them), the member on the waiting list for now, and the first member
    # registers the delegation (under the delegation's own lock). Parallel registrations then
    # queue only for the count and the one update that gives the place.
    person = _person_for(delegation, data)
    core.insert(actor=None, instance=person, trusted=("organisation",))
    locked = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if locked.status in (
        DelegationStatus.INVITED,
        DelegationStatus.DECLINED,
        DelegationStatus.CANCELLED,
    ):
        locked.summit = delegation.summit
        _change_locked_status(
            actor=actor, delegation=locked, to=DelegationStatus.REGISTERED, note=""
        )
    member = Delegate(
        delegation=delegation,
        person=person,
        place=PlaceStatus.WAITING,
        **{key: data[key] for key in DELEGATE_FIELDS if data.get(key) is not None},
    )
    core.insert(actor=actor, instance=member, trusted=("delegation", "person"))
    # The summit row is the lock that serialises the capacity decision. The count is its own
    # statement after the lock, so (READ COMMITTED) it sees every place given before; the
    # registration time is set here too, so the order of places is the order of decisions.
    # The turn is the database's clock (core.capacity): one clock whichever server decides.
    summit = capacity.lock(Summit, delegation.summit_id, "capacity")
    places = _places(summit)
    member.place = places.decide()
    member.registered_at = places.stamp(member.pk, member.place)
    events.emit(delegation.summit_id, "member.added", member)
    return member


def _places(summit: Summit) -> capacity.Pool:
    """The summit's places (core.capacity): members in the order their places were decided."""
    return capacity.Pool(
        summit.capacity,
        in_summit(Delegate, summit).select_related("person", "delegation__invitation"),
        status="place",
    )


@transaction.atomic
def update_member(*, actor, member: Delegate, changes: dict[str, Any]) -> Delegate:
    """Correct a member's data (the contact before the deadline, staff, or the member)."""
    rules.require_member_editable(actor, member)
    person_changes = {k: v for k, v in changes.items() if k in PERSON_FIELDS}
    member_changes = {k: v for k, v in changes.items() if k in DELEGATE_FIELDS}
    unknown = set(changes) - set(PERSON_FIELDS) - set(DELEGATE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    new_address = member_changes.get("email")
    address_changes = new_address is not None and new_address.lower() != member.email.lower()
    if address_changes:
        _detach_account(member)
    old_photo = member.badge_photo.name if member.badge_photo else ""
    if person_changes:
        core.update(actor=actor, instance=member.person, changes=person_changes)
    if member_changes:
        core.update(actor=actor, instance=member, changes=member_changes)
    if old_photo and "badge_photo" in member_changes and member.badge_photo.name != old_photo:
        _remove_file_after_commit(member.badge_photo.storage, old_photo)
    events.emit(member.delegation.summit_id, "member.changed", member)
    return member


def _remove_file_after_commit(storage, name: str) -> None:
    """A replaced or erased file leaves the disk once the change is committed (kept if the
    change is rolled back)."""
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def cancel_member(*, actor, member: Delegate) -> Delegate:
    """Cancel a member; the first on the waiting list takes the freed place and is told."""
    rules.require_member_editable(actor, member)
    capacity.lock(Summit, member.delegation.summit_id)
    member = Delegate.objects.select_related("delegation__summit").get(pk=member.pk)
    if member.place == PlaceStatus.CANCELLED:
        return member
    _release_place(member, when=timezone.now(), actor=actor)
    return member


def _release_place(member: Delegate, *, when, actor) -> None:
    held_place = member.place == PlaceStatus.REGISTERED
    member.place = PlaceStatus.CANCELLED
    member.cancelled_at = when
    member.save(update_fields=["place", "cancelled_at"])
    if held_place:
        _promote_next(member.delegation.summit, actor=actor)


def _promote_next(summit: Summit, *, actor) -> Delegate | None:
    waiting = _places(summit).promote_next()
    if waiting is None:
        return None
    recipient = waiting.email or (
        waiting.delegation.invitation.contact_email if waiting.delegation.invitation else ""
    )
    if recipient:
        invitation = waiting.delegation.invitation
        mail.send(
            summit=summit,
            recipient=recipient,
            language=waiting.interpretation_language
            or (invitation.language if invitation else "en"),
            template="delegations/email/promoted",
            context={"member": waiting},
            kind="promoted",
        )
    return waiting


@transaction.atomic
def erase_personal_data(*, actor, member: Delegate) -> Delegate:
    """Erase a person's personal data on request. The record stays (so counts stay right),
    with the name replaced and contact, travel and needs emptied."""
    rules.require_staff(actor, member.delegation.summit)
    person = member.person
    for field, value in {
        "given_name": "",
        "family_name": "",
        "name_hangul": _("(erased)"),
        "position_ko": "",
        "position_en": "",
        "honorific_ko": "",
        "honorific_en": "",
    }.items():
        setattr(person, field, value)
    person.save()
    if member.badge_photo:
        _remove_file_after_commit(member.badge_photo.storage, member.badge_photo.name)
        member.badge_photo = None
    for field in (
        "email",
        "phone",
        "arrival_flight",
        "departure_flight",
        "hotel",
        "dietary_needs",
        "dietary_notes",
        "access_needs",
    ):
        setattr(member, field, "")
    member.erased_at = timezone.now()
    # The personal calendar address and the account stop reaching the record.
    member.calendar_secret = None
    _detach_account(member)
    member.save()
    return member


# --- counts ----------------------------------------------------------------------------------


@transaction.atomic
def freeze_counts(*, actor, summit: Summit, as_of: datetime.date) -> CountSnapshot:
    """Freeze the counts as registered on ``as_of``, to be cited later as they were."""
    from .queries import counts

    rules.require_staff(actor, summit)
    check_day(as_of, "as_of")
    return CountSnapshot.objects.create(
        summit=summit, as_of=as_of, counts=counts(summit, as_of), frozen_by=actor
    )
