"""Every write of delegations: invitations, claiming, members, places, statuses, counts.

Pages and the API both call these functions, so the rules (who may, capacity, deadlines) hold
the same everywhere. Permission is checked here too: a function that changes a delegation
takes the acting user and refuses with ``PermissionDenied`` when the rules do not allow it.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from summitry.core import events, mail
from summitry.core import services as core
from summitry.core.accounts import accounts_with_address
from summitry.core.scoping import in_summit
from summitry.core.timezones import check_day
from summitry.directory.models import Organisation, Person, ProtocolRank
from summitry.summits.models import Summit

from . import rules
from .models import (
    CountSnapshot,
    Delegate,
    Delegation,
    DelegationStatus,
    Invitation,
    PlaceStatus,
    StatusChange,
)

# 32 random bytes (256 bits) in the link; at least 128 bits are required.
INVITATION_SECRET_BYTES = 32
INVITATION_VALIDITY = datetime.timedelta(days=60)

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


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invitation_link(secret: str) -> str:
    return f"/invitations/{secret}/"


# --- invitations -----------------------------------------------------------------------------


@transaction.atomic
def invite(
    *,
    actor,
    summit: Summit,
    organisation: Organisation,
    contact_name: str,
    contact_email: str,
    language: str,
    expires_at: datetime.datetime | None = None,
) -> tuple[Invitation, str]:
    """Invite an organisation: a delegation in status "invited", and an e-mail with the link in
    the contact's language. Returns the invitation and the link's secret (shown once)."""
    rules.require_staff(actor, summit)
    secret = secrets.token_urlsafe(INVITATION_SECRET_BYTES)
    invitation = core.create(
        actor=actor,
        instance=Invitation(
            summit=summit,
            organisation=organisation,
            contact_name=contact_name,
            contact_email=contact_email,
            language=language,
            digest=digest(secret),
            created_by=actor,
            expires_at=expires_at or timezone.now() + INVITATION_VALIDITY,
        ),
    )
    delegation = in_summit(Delegation, summit).filter(organisation=organisation).first()
    if delegation is None:
        delegation = core.create(
            actor=actor,
            instance=Delegation(summit=summit, organisation=organisation, invitation=invitation),
        )
    else:
        delegation.invitation = invitation
        delegation.save(update_fields=["invitation"])
    mail.send(
        summit=summit,
        recipient=contact_email,
        language=language,
        template="delegations/email/invitation",
        context={"invitation": invitation, "link": invitation_link(secret)},
        kind="invitation",
    )
    return invitation, secret


def open_invitation(secret: str) -> Invitation | None:
    """The invitation a link's secret opens, if it is valid (not revoked, not expired)."""
    invitation = (
        Invitation.objects.select_related("summit", "organisation")
        .filter(digest=digest(secret))
        .first()
    )
    if invitation is None or invitation.revoked_at or invitation.expires_at <= timezone.now():
        return None
    return invitation


@transaction.atomic
def revoke_invitation(*, actor, invitation: Invitation) -> Invitation:
    rules.require_staff(actor, invitation.summit)
    return core.update(actor=actor, instance=invitation, changes={"revoked_at": timezone.now()})


@transaction.atomic
def resend_invitation(*, actor, invitation: Invitation) -> tuple[Invitation, str]:
    """A fresh link for an invitation not yet claimed (the old link stops working), valid
    again for the full period, e-mailed to the contact. Returns the invitation and the new
    secret."""
    rules.require_staff(actor, invitation.summit)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.claimed_at:
        raise ValidationError(
            _("%(organisation)s has already taken up the invitation.")
            % {"organisation": invitation.organisation}
        )
    secret = secrets.token_urlsafe(INVITATION_SECRET_BYTES)
    invitation = core.update(
        actor=actor,
        instance=invitation,
        changes={
            "digest": digest(secret),
            "revoked_at": None,
            "expires_at": timezone.now() + INVITATION_VALIDITY,
            "failed_attempts": 0,
        },
    )
    mail.send(
        summit=invitation.summit,
        recipient=invitation.contact_email,
        language=invitation.language,
        template="delegations/email/invitation",
        context={"invitation": invitation, "link": invitation_link(secret)},
        kind="invitation",
    )
    return invitation, secret


def similar_organisations(*, name_en: str, name_ko: str, country: str):
    """Organisations of the directory that may be the one being added: the same name in
    either language (whatever the case and spaces), or a name containing the other, in the
    same country."""
    from django.db.models import Q

    names = [n.strip() for n in (name_en, name_ko) if n and n.strip()]
    if not names:
        return Organisation.objects.none()
    match = Q()
    for name in names:
        match |= Q(name_en__iexact=name) | Q(name_ko__iexact=name)
        if len(name) >= 4:
            match |= Q(name_en__icontains=name) | Q(name_ko__icontains=name)
    found = Organisation.objects.filter(match)
    return found.filter(country=country) if country else found


@transaction.atomic
def invite_new_organisation(
    *,
    actor,
    summit: Summit,
    organisation: dict[str, Any],
    allow_similar: bool = False,
    **contact,
) -> tuple[Invitation, str]:
    """Add an organisation to the directory and invite it, in one step; refused while a
    similar one exists, unless ``allow_similar`` (staff looked and it is another one)."""
    from summitry.directory import services as directory

    rules.require_staff(actor, summit)
    if not allow_similar:
        similar = list(
            similar_organisations(
                name_en=organisation.get("name_en", ""),
                name_ko=organisation.get("name_ko", ""),
                country=organisation.get("country", ""),
            )[:5]
        )
        if similar:
            raise ValidationError(
                {
                    "name_en": _(
                        "The directory may already hold it: %(names)s. Choose it in the list, "
                        "or tick “It is another organisation”."
                    )
                    % {"names": ", ".join(str(o) for o in similar)}
                }
            )
    base = slugify(organisation.get("name_en") or "")[:50].strip("-") or "organisation"
    slug = base
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    created = directory.create_organisation(
        actor=actor,
        data={
            "slug": slug,
            "kind": organisation["kind"],
            "name_en": organisation.get("name_en", ""),
            "name_ko": organisation.get("name_ko", ""),
            "country": organisation.get("country", ""),
        },
    )
    return invite(actor=actor, summit=summit, organisation=created, **contact)


@transaction.atomic
def claim_invitation(*, invitation: Invitation, name: str, password: str, email: str = ""):
    """The contact sets a password: an account for the address the invitation went to, that
    manages this delegation. (``email`` is accepted for callers that pass it, and must be that
    address: an account is never made for an address the link does not prove.)"""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.claimed_at:
        raise ValidationError(_("This invitation has already been claimed. Sign in instead."))
    address = invitation.contact_email.lower()
    if email and email.lower() != address:
        raise ValidationError(
            {"email": _("The account is made for the address the invitation was sent to.")}
        )
    if accounts_with_address(address).exists():
        raise ValidationError(
            {"email": _("An account with this e-mail exists; sign in with it first.")}
        )
    user_model = get_user_model()
    user = user_model(username=address, email=address, first_name=name[:150])
    from django.contrib.auth.password_validation import validate_password

    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _take_on(invitation, user)
    return user


@transaction.atomic
def claim_invitation_as(*, invitation: Invitation, user) -> None:
    """A signed-in person who holds the link takes on the delegation with their own account."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.claimed_at:
        raise ValidationError(_("This invitation has already been claimed. Sign in instead."))
    if user is None or not user.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
    _take_on(invitation, user)


def _take_on(invitation: Invitation, user) -> None:
    invitation.claimed_at = timezone.now()
    invitation.save(update_fields=["claimed_at"])
    Delegation.objects.filter(invitation=invitation).update(contact=user)


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
    summit = Summit.objects.select_for_update().only("pk", "capacity").get(pk=delegation.summit_id)
    member.place = _place_for_newcomer(summit)
    member.registered_at = timezone.now()
    Delegate.objects.filter(pk=member.pk).update(
        place=member.place, registered_at=member.registered_at
    )
    events.emit(delegation.summit_id, "member.added", member)
    return member


def _place_for_newcomer(summit: Summit) -> str:
    if summit.capacity is None:
        return PlaceStatus.REGISTERED
    taken = in_summit(Delegate, summit).filter(place=PlaceStatus.REGISTERED).count()
    return PlaceStatus.REGISTERED if taken < summit.capacity else PlaceStatus.WAITING


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
    Summit.objects.select_for_update().get(pk=member.delegation.summit_id)
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
    waiting = (
        in_summit(Delegate, summit)
        .filter(place=PlaceStatus.WAITING)
        .select_related("person", "delegation__invitation")
        .order_by("registered_at", "pk")
        .first()
    )
    if waiting is None:
        return None
    waiting.place = PlaceStatus.REGISTERED
    waiting.save(update_fields=["place"])
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


# --- personal calendar address --------------------------------------------------------------

CALENDAR_SECRET_BYTES = 32


def calendar_secret(member: Delegate) -> str:
    """The secret of the member's personal calendar address, made on first use."""
    if member.calendar_secret:
        return member.calendar_secret
    fresh = secrets.token_urlsafe(CALENDAR_SECRET_BYTES)
    # Two first uses at once agree on one secret: only a row without one takes it.
    Delegate.objects.filter(pk=member.pk, calendar_secret__isnull=True).update(
        calendar_secret=fresh
    )
    member.calendar_secret = Delegate.objects.values_list("calendar_secret", flat=True).get(
        pk=member.pk
    )
    return member.calendar_secret


@transaction.atomic
def rotate_calendar_secret(*, actor, member: Delegate) -> str:
    """A new personal calendar address; the old one stops working at once."""
    rules.require_member_editable(actor, member)
    member.calendar_secret = secrets.token_urlsafe(CALENDAR_SECRET_BYTES)
    Delegate.objects.filter(pk=member.pk).update(calendar_secret=member.calendar_secret)
    return member.calendar_secret


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


# --- delegates' own access -------------------------------------------------------------------
#
# A link that sets a password goes only to the address of the account it unlocks, and only for
# an account Summitry made for that member. An existing account is never attached because its
# address matches the member's: its owner is asked, at the account's own address, to confirm.
# Changing the member's address detaches the account and kills every outstanding link.

LINK_SALT = "summitry.delegations.member-link"
LINK_VALIDITY = datetime.timedelta(days=7)


class MemberAccessTokens(PasswordResetTokenGenerator):
    """Django's password-reset tokens, bound also to the member records the account reaches:
    detaching a member (a new e-mail, erasure) invalidates every link sent before."""

    key_salt = "summitry.delegations.MemberAccessTokens"

    def _make_hash_value(self, user, timestamp):
        records = ",".join(
            str(pk)
            for pk in Delegate.objects.filter(user=user, account_created=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return f"{super()._make_hash_value(user, timestamp)}|{records}"


member_access_tokens = MemberAccessTokens()


def _member_language(member: Delegate) -> str:
    invitation = member.delegation.invitation
    return member.interpretation_language or (invitation.language if invitation else "en")


@transaction.atomic
def give_member_access(*, actor, member: Delegate) -> str:
    """Let a member see and correct their own data. Returns what was sent:

    - ``"link"``: an account is made for the member's address (or was made before) and a link
      to set its password (single use, expiring) goes to that address;
    - ``"confirm"``: an account with that address exists already; its owner gets, at the
      account's own address, a link to confirm (signed in) that the record is theirs;
    - ``"linked"``: the member already reaches their data with their own account.
    """
    rules.require_editable(actor, member.delegation)
    member = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("user", "person", "delegation__invitation", "delegation__summit")
        .get(pk=member.pk)
    )
    if not member.email:
        raise ValidationError({"email": _("Add the member's e-mail first.")})
    user = member.user
    if user is not None and not member.account_created:
        return "linked"
    if user is None:
        existing = accounts_with_address(member.email).first()
        if existing is not None:
            _ask_owner_to_confirm(member, existing)
            return "confirm"
        user = get_user_model()(username=member.email.lower(), email=member.email.lower())
        user.set_unusable_password()
        user.save()
        member.user = user
        member.account_created = True
        member.save(update_fields=["user", "account_created"])
    if user.email.lower() != member.email.lower():
        # Cannot happen while e-mail changes detach the account; never send elsewhere.
        raise ValidationError({"email": _("This member's account has another address.")})
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = f"/accounts/access/{uid}/{member_access_tokens.make_token(user)}/"
    mail.send(
        summit=member.delegation.summit,
        recipient=user.email,
        language=_member_language(member),
        template="delegations/email/member_access",
        context={"member": member, "link": link},
        kind="member-access",
    )
    return "link"


def _ask_owner_to_confirm(member: Delegate, owner) -> None:
    token = signing.dumps(
        {"member": member.pk, "user": owner.pk, "email": member.email.lower()}, salt=LINK_SALT
    )
    mail.send(
        summit=member.delegation.summit,
        recipient=owner.email or owner.username,
        language=_member_language(member),
        template="delegations/email/member_confirm",
        context={"member": member, "link": f"/accounts/link/{token}/"},
        kind="member-confirm",
    )


def member_link_request(token: str) -> tuple[Delegate, int] | None:
    """The member record and the account a confirmation link is for, while it is still valid:
    not expired, the member's address unchanged, no account linked meanwhile."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_VALIDITY)
    except signing.BadSignature:
        return None
    member = (
        Delegate.objects.select_related("person", "delegation__summit", "delegation__organisation")
        .filter(pk=data.get("member"), user__isnull=True, erased_at__isnull=True)
        .first()
    )
    if member is None or member.email.lower() != data.get("email"):
        return None
    return member, data.get("user")


@transaction.atomic
def confirm_member_link(*, actor, token: str) -> Delegate:
    """The owner of the account the confirmation went to, signed in, links the record."""
    found = member_link_request(token)
    if found is None:
        raise ValidationError(_("This link has expired or is no longer valid."))
    member, user_id = found
    if actor is None or not actor.is_authenticated or actor.pk != user_id:
        raise PermissionDenied(_("Sign in with the account this link was sent to."))
    updated = Delegate.objects.filter(pk=member.pk, user__isnull=True).update(
        user=actor, account_created=False
    )
    if not updated:
        raise ValidationError(_("This link has expired or is no longer valid."))
    member.user = actor
    return member


def _detach_account(member: Delegate) -> None:
    """The member's account no longer reaches this record; an account made for the member
    that was never used goes altogether. Either way every link sent before stops working."""
    row = Delegate.objects.select_related("user").only("user", "account_created").get(pk=member.pk)
    user, made_here = row.user, row.account_created
    if user is None:
        return
    Delegate.objects.filter(pk=member.pk).update(user=None, account_created=False)
    member.user, member.account_created = None, False
    if (
        made_here
        and user.last_login is None
        and not user.has_usable_password()
        and not Delegate.objects.filter(user=user).exists()
        and not user.delegations.exists()
    ):
        user.delete()


# --- the staff list's bulk actions ------------------------------------------------------------


def change_statuses(*, actor, summit: Summit, delegation_ids, to: str) -> tuple[int, list[str]]:
    """Move each chosen delegation to ``to``; those that cannot go there are named (with why)
    and stay as they are. Returns (how many moved, the refusals)."""
    rules.require_staff(actor, summit)
    moved, refused = 0, []
    for delegation in in_summit(Delegation, summit).filter(pk__in=delegation_ids):
        try:
            with transaction.atomic():
                change_status(actor=actor, delegation=delegation, to=to)
        except ValidationError as error:
            refused.append(f"{delegation}: {' '.join(error.messages)}")
        else:
            moved += 1
    return moved, refused


@transaction.atomic
def message_contacts(
    *, actor, summit: Summit, delegation_ids, subject: dict[str, str], body: dict[str, str]
) -> int:
    """E-mail the contacts of the chosen delegations, each in their invitation's language
    (the other language where one is missing). Returns how many were written."""
    rules.require_staff(actor, summit)
    if not any(subject.values()) or not any(body.values()):
        raise ValidationError(_("Write the subject and the message in at least one language."))
    sent = 0
    chosen = in_summit(Delegation, summit).filter(pk__in=delegation_ids)
    for delegation in chosen.select_related("invitation", "contact", "organisation"):
        invitation = delegation.invitation
        address = (invitation.contact_email if invitation else "") or (
            delegation.contact.email if delegation.contact else ""
        )
        if not address:
            continue
        language = invitation.language if invitation else "en"
        other = "en" if language == "ko" else "ko"
        mail.send(
            summit=summit,
            recipient=address,
            language=language,
            template="delegations/email/message",
            context={
                "delegation": delegation,
                "subject": subject.get(language) or subject.get(other, ""),
                "message": body.get(language) or body.get(other, ""),
            },
            kind="delegations-message",
        )
        sent += 1
    return sent
