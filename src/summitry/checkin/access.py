"""Who may do what at the doors: staff of the summit's teams holding "checkin".

(Not named rules.py: this app keeps its own catalogue, and ``makemessages`` run in its folder
would import such a file in place of django-rules.)"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from summitry.summits.permissions import summit_permission

PERMISSION = "checkin"

runs_checkin = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    return runs_checkin.test(user, summit)


def require_staff(user, summit) -> None:
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only accreditation staff of this summit may do this."))
