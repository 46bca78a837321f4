"""Who may do what with the programme: its editors, and who sees the whole of it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from summitry.summits.permissions import is_team_member, summit_permission

PERMISSION = "programme"

# Team members of the summit allowed to edit and publish its programme.
edits_programme = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    return edits_programme.test(user, summit)


def require_staff(user, summit) -> None:
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only the programme's editors may do this."))


def sees_everything(user, summit) -> bool:
    """The summit's teams see the whole programme, drafts and invite-only items included
    (protocol officers schedule around them, the desk answers questions about them)."""
    return is_team_member.test(user, summit)
