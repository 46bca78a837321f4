"""Delegates' own access: an account for a member to see and correct their own data (never an
existing account attached by a matching address: its owner confirms), and the personal
calendar address of each member (a revocable secret)."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from summitry.core import mail
from summitry.core.accounts import accounts_with_address

from . import rules
from .models import (
    Delegate,
)

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
