"""Who may see and do what in the press room (not named rules.py: `make messages` runs in
this folder, where that name would shadow django-rules), and when a release is public.

The embargo rule: a scheduled (or published) release is public from ``embargo_at`` included;
**embargo_at is the first instant it is public**. Before it, only the summit's press staff and
journalists with an approved accreditation see it, marked as embargoed. Every check takes the
instant ``at`` explicitly, so that a page, the feed and the API decide with one clock reading
and tests can ask the rule at any instant.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from summitry.summits.permissions import summit_permission

from .models import RELEASED

PERMISSION = "press"

manages_press = summit_permission(PERMISSION)


def is_staff_for(user, summit) -> bool:
    return manages_press.test(user, summit)


def require_staff(user, summit) -> None:
    if not is_staff_for(user, summit):
        raise PermissionDenied(_("Only the summit's press staff may do this."))


def is_released(release) -> bool:
    """Scheduled or published: out of the staff's hands, to press or public by the clock."""
    return release.status in RELEASED


def is_public(release, at: datetime.datetime) -> bool:
    return is_released(release) and release.embargo_at <= at


def is_embargoed(release, at: datetime.datetime) -> bool:
    """Released to accredited press, not yet to the public."""
    return is_released(release) and at < release.embargo_at
