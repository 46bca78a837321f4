"""Accounts: the one way to find the accounts that an e-mail address already belongs to."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet


def accounts_with_address(email: str) -> QuerySet:
    """Accounts whose sign-in name or e-mail is this address (case-insensitive). An account
    found here is never handed to anyone but its owner: callers refuse, or ask the owner."""
    return get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
