"""Who may see and do what with exhibitions (not named rules.py: it would shadow django-rules
when `make messages` runs in this folder)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from summitry.summits.permissions import summit_permission

from .models import ExhibitorStatus

PERMISSION = "exhibitions"

manages_exhibitions = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    return manages_exhibitions.test(user, summit)


def require_staff(user, summit) -> None:
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only the summit's exhibitions staff may do this."))


def is_editable_by_exhibitor(exhibitor) -> bool:
    """The exhibitor changes its profile in draft only; submitted, it is under review."""
    return exhibitor.status == ExhibitorStatus.DRAFT


def is_public(exhibitor) -> bool:
    return exhibitor.status == ExhibitorStatus.PUBLISHED and exhibitor.exhibition.is_public
