"""Who may do what with a summit's online items: staff holding ``online`` set formats, rooms,
streams and interpreters and plan the roster; who may see an item's video room."""

from __future__ import annotations

from django.utils.translation import gettext as _

from summitry.summits import permissions
from summitry.summits.permissions import summit_permission

PERMISSION = "online"

manages_online = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    return manages_online.test(user, summit)


def require_staff(user, summit) -> None:
    permissions.require(
        manages_online,
        user,
        summit,
        _("You may not manage this summit's online items and interpretation."),
    )
