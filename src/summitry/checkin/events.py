"""Check-in's event for other systems (webhooks, core.events): someone entered a zone."""

from __future__ import annotations

from typing import Any

from summitry.core.bilingual import values

ENTERED = "checkin.entered"


def entered(scan, codes: frozenset[str]) -> dict[str, Any]:
    """The zone, door, time and badge for everyone; who it was only to an owner who may see
    the summit's people (check-in or delegations staff)."""
    data: dict[str, Any] = {
        "id": scan.pk,
        "zone": {"id": scan.zone_id, "name": values(scan.zone, "name")},
        "door": scan.door,
        "at": scan.at.isoformat(),
        "badge": scan.badge_id,
    }
    if codes & {"checkin", "delegations"} and scan.badge is not None:
        holder = scan.badge.holder
        data["person"] = {"id": holder.person.pk, "name": str(holder.person)}
        data["organisation"] = values(holder.organisation, "name")
    return data
