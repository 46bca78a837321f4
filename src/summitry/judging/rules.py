"""Who may do what in judging: small named predicates, used by services, pages and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from summitry.summits.permissions import summit_permission

PERMISSION = "judging"

JUDGES_GROUP = "Judges"


# Staff of the summit's teams allowed to run the judging (summits.permissions).
manages_judging = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    """A team member of this summit with the right to manage judging."""
    return manages_judging.test(user, summit)


def require_staff(user, summit) -> None:
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only judging staff may do this."))


def is_judge(user, judge) -> bool:
    return bool(
        user is not None and user.is_authenticated and user.is_active and judge.user_id == user.pk
    )
