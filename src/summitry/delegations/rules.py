"""Who may do what with delegations: small named predicates, used by services and pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.summits.permissions import summit_permission

PERMISSION = "delegations"


# Staff of the summit's teams allowed to run its registration (summits.permissions).
manages_delegations = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    """A team member of this summit with the right to manage delegations."""
    return manages_delegations.test(user, summit)


def is_contact(user, delegation) -> bool:
    return bool(user is not None and user.is_authenticated and delegation.contact_id == user.pk)


def is_member_self(user, member) -> bool:
    return bool(user is not None and user.is_authenticated and member.user_id == user.pk)


def before_deadline(summit) -> bool:
    deadline = summit.registration_deadline
    return deadline is None or timezone.now() < deadline


def can_view(user, delegation) -> bool:
    return is_staff_for(user, delegation.summit) or is_contact(user, delegation)


def require_staff(user, summit) -> None:
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only organiser staff may do this."))


def require_editable(user, delegation) -> None:
    """Staff always; the delegation's contact until the registration deadline."""
    if is_staff_for(user, delegation.summit):
        return
    if not is_contact(user, delegation):
        raise PermissionDenied(_("Only this delegation's contact may change it."))
    if not before_deadline(delegation.summit):
        raise PermissionDenied(_("The registration deadline has passed; ask the organisers."))


def require_member_editable(user, member) -> None:
    """As for the delegation, and the member may always correct their own data."""
    if is_member_self(user, member):
        return
    require_editable(user, member.delegation)
