"""Who may manage a summit's webhooks: its teams' members holding ``webhooks``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from summitry.summits import permissions
from summitry.summits.permissions import summit_permission

PERMISSION = "webhooks"

manages_webhooks = summit_permission(PERMISSION)


def require_staff(user, summit) -> None:
    permissions.require(
        manages_webhooks, user, summit, _("You may not manage this summit's webhooks.")
    )
