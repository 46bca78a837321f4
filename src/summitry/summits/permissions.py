"""Who may do what at a summit: the one place that decides.

A person's rights at a summit come from the teams they belong to *at that summit*
(``Team.permissions``, codes the capabilities register in ``core.registry``); platform
administrators (superusers) may do everything everywhere. Capabilities compose these
predicates with their own (django-rules), as pretalx composes its rules per object:

    can_edit = summit_permission("delegations") | (is_contact & before_deadline)

Every predicate takes ``(user, obj)`` where ``obj`` is the summit or anything that belongs to
one (a delegation, an application, a meeting request): the summit is read from the object.
A check never leaks into another summit: a team of one summit gives nothing at another.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from summitry.core.scoping import summit_of

from .models import Summit, Team

_MEMO = "_summitry_summit_permissions"


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def permissions_at(user, summit) -> frozenset[str]:
    """The permission codes ``user`` holds at ``summit`` (every code for a superuser).
    Read once per user object (a request's user) for all summits at once."""
    from summitry.core import registry

    if not _active(user) or summit is None:
        return frozenset()
    if user.is_superuser:
        return frozenset(registry.permission_codes())
    memo = getattr(user, _MEMO, None)
    if memo is None:
        memo = {}
        for summit_id, codes in Team.objects.filter(members=user).values_list(
            "summit_id", "permissions"
        ):
            memo.setdefault(summit_id, set()).update(codes or ())
        memo = {key: frozenset(codes) for key, codes in memo.items()}
        setattr(user, _MEMO, memo)
    return memo.get(summit.pk, frozenset())


def forget(user) -> None:
    """Read the user's teams afresh at the next check (after a change of their teams)."""
    if user is not None and hasattr(user, _MEMO):
        delattr(user, _MEMO)


def works_on(user, summit) -> bool:
    """A member of any of the summit's teams (or a platform administrator)."""
    if not _active(user) or summit is None:
        return False
    if user.is_superuser:
        return True
    permissions_at(user, summit)
    return summit.pk in getattr(user, _MEMO, {})


def summits_worked_on(user):
    """The summits whose console ``user`` may open."""
    if not _active(user):
        return Summit.objects.none()
    if user.is_superuser:
        return Summit.objects.all()
    return Summit.objects.filter(teams__members=user).distinct()


def summits_with(user, code: str):
    """The summits where ``user`` holds ``code``."""
    if not _active(user):
        return Summit.objects.none()
    if user.is_superuser:
        return Summit.objects.all()
    ids = [
        summit_id
        for summit_id, codes in Team.objects.filter(members=user).values_list(
            "summit_id", "permissions"
        )
        if code in (codes or ())
    ]
    return Summit.objects.filter(pk__in=ids)


def summit_permission(code: str) -> rules.Predicate:
    """The predicate "holds ``code`` at the summit of the object"."""

    def check(user, obj) -> bool:
        return code in permissions_at(user, summit_of(obj))

    return rules.Predicate(check, name=f"summit_permission:{code}")


@rules.predicate
def is_team_member(user, obj) -> bool:
    return works_on(user, summit_of(obj))


@rules.predicate
def is_platform_admin(user) -> bool:
    return _active(user) and user.is_superuser


def require(predicate: rules.Predicate, user, obj, message: str | None = None) -> None:
    """Refuse with ``PermissionDenied`` (403, with ``message``) unless ``predicate`` holds."""
    if not predicate.test(user, obj):
        raise PermissionDenied(message or _("You may not do this at this summit."))


def require_console(user, summit) -> None:
    """The console of a summit exists only for its teams: anyone else gets a 404, so that one
    summit's back office does not even confirm itself to another summit's team."""
    if not works_on(user, summit):
        raise Http404(_("There is no such page."))
