"""Issuing, checking and revoking API tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

# 32 random bytes: 256 bits, far beyond guessing.
TOKEN_BYTES = 32
# A token works for this long unless its owner asks for less (or revokes it before).
DEFAULT_VALIDITY = datetime.timedelta(days=90)
MAX_VALIDITY = datetime.timedelta(days=366)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def issue_token(
    *, user, name: str, valid_for: datetime.timedelta = DEFAULT_VALIDITY
) -> tuple[ApiToken, str]:
    """Create a token for ``user``, valid for ``valid_for`` (at most a year); returns the row
    and the secret (shown to the user once)."""
    valid_for = min(valid_for, MAX_VALIDITY)
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:8],
        digest=_digest(secret),
        expires_at=timezone.now() + valid_for,
    )
    return token, secret


def user_for_token(secret: str):
    """The active user a valid, unrevoked token belongs to, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(
            digest=_digest(secret),
            revoked_at__isnull=True,
            expires_at__gt=now,
            user__is_active=True,
        )
        .first()
    )
    if token is None:
        return None
    # Recording use at most once a minute keeps reads from turning into writes.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def tokens_of(user):
    """A user's own tokens, newest first (the secrets are never shown again)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def revoke_own_token(*, user, token_id: int) -> ApiToken | None:
    """The owner revokes one of their tokens; another user's token is as if it did not exist
    (None)."""
    token = tokens_of(user).filter(pk=token_id).first()
    if token is not None:
        revoke_token(token=token)
    return token


def revoke_token(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
