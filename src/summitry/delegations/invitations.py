"""Invitations: the secret link sent to a delegation's contact, checks for likely duplicate
organisations, and claiming (the contact's account)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from summitry.core import mail
from summitry.core import services as core
from summitry.core.accounts import accounts_with_address
from summitry.core.scoping import in_summit
from summitry.directory.models import Organisation
from summitry.summits.models import Summit

from . import rules
from .models import (
    Delegation,
    Invitation,
)

# 32 random bytes (256 bits) in the link; at least 128 bits are required.
INVITATION_SECRET_BYTES = 32
INVITATION_VALIDITY = datetime.timedelta(days=60)


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
