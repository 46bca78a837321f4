"""The events a subscription may hear, and what each one's payload says.

A payload carries ids and what is public about the object; the rest only when the
subscription's owner holds, at the summit, the permission that shows it on the pages:

- delegations and members: the organisation, status, role and place for everyone; the
  member's name, position, e-mail and phone, and the delegation's contact, only with
  ``delegations``. Travel, hotel, dietary and access needs are never sent.
- meetings (``meetings``), agreements (``agreements``), applications (``awards``): the id
  alone without the permission.
- winners: once the results are public, or earlier with ``awards``.

A capability adds its own events from its ``AppConfig.ready`` without importing webhooks:
``registry.add_event_type(EventType(code, label, build, order))`` (core.registry), and
announces them with ``core.events.emit``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from summitry.core import registry
from summitry.core.bilingual import values

# builder(obj, codes) -> the payload's "data"; ``codes`` are the owner's permissions at the
# summit.
Builder = Callable[[Any, frozenset[str]], dict[str, Any]]


def add_event(code: str, label, build: Builder, order: int = 100) -> None:
    registry.add_event_type(registry.EventType(code, label, build, order))


def events() -> list[registry.EventType]:
    return registry.event_types()


def event(code: str) -> registry.EventType | None:
    return registry.event_type(code)


def choices() -> list[tuple[str, Any]]:
    return [(e.code, e.label) for e in events()]


def _when(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _organisation(organisation) -> dict[str, Any] | None:
    if organisation is None:
        return None
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": values(organisation, "name"),
        "country": str(organisation.country or ""),
    }


# --- delegations ------------------------------------------------------------------------------


def delegation(obj, codes) -> dict[str, Any]:
    data = {
        "id": obj.pk,
        "status": obj.status,
        "organisation": _organisation(obj.organisation),
        "registered_at": _when(obj.registered_at),
        "withdrawn_at": _when(obj.withdrawn_at),
    }
    if "delegations" in codes and obj.invitation_id:
        invitation = obj.invitation
        data["contact"] = {"name": invitation.contact_name, "email": invitation.contact_email}
    return data


def member(obj, codes) -> dict[str, Any]:
    data = {
        "id": obj.pk,
        "delegation": obj.delegation_id,
        "organisation": _organisation(obj.delegation.organisation),
        "role": obj.role,
        "place": obj.place,
        "registered_at": _when(obj.registered_at),
    }
    if "delegations" in codes:
        person = obj.person
        data["person"] = {
            "id": person.pk,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "name_hangul": person.name_hangul,
            "position": values(person, "position"),
        }
        data["email"] = obj.email
        data["phone"] = obj.phone
    return data


# --- programme, diplomacy -----------------------------------------------------------------------


def programme_release(obj, codes) -> dict[str, Any]:
    path = reverse("programme:schedule", kwargs={"slug": obj.summit.slug, "fmt": "json"})
    return {
        "version": obj.number,
        "published_at": _when(obj.published_at),
        "changes": len(obj.changes or ()),
        "schedule_url": settings.SUMMITRY_SITE_URL.rstrip("/") + path,
    }


def meeting(obj, codes) -> dict[str, Any]:
    if "meetings" not in codes:
        return {"id": obj.pk}
    return {
        "id": obj.pk,
        "requester": _organisation(obj.requester),
        "counterpart": _organisation(obj.counterpart),
        "topic": values(obj, "topic"),
        "starts_at": _when(obj.starts_at),
        "ends_at": _when(obj.ends_at),
        "room": values(obj.room, "name") if obj.room_id else None,
        "programme_item": obj.item_id,
    }


def agreement(obj, codes) -> dict[str, Any]:
    if "agreements" not in codes:
        return {"id": obj.pk}
    return {
        "id": obj.pk,
        "kind": obj.kind,
        "title": values(obj, "title"),
        "partner": _organisation(obj.partner),
        "status": obj.status,
        "signed_on": _when(obj.signed_on),
        "place": obj.place,
    }


# --- awards ------------------------------------------------------------------------------------


def application(obj, codes) -> dict[str, Any]:
    data = {"id": obj.pk, "award": {"id": obj.award_id, "slug": obj.award.slug}}
    if "awards" in codes:
        data.update(
            {
                "reference": obj.reference,
                "category": {"id": obj.category_id, "name": values(obj.category, "name")},
                "applicant_kind": obj.applicant_kind,
                "applicant_name": obj.applicant_name,
                "organisation": _organisation(obj.organisation),
                "country": str(obj.country or ""),
                "title": obj.title,
                "submitted_at": _when(obj.submitted_at),
            }
        )
    return data


def _may_see_winners(award, codes) -> bool:
    from summitry.awards import rules

    return "awards" in codes or rules.results_public(award)


def winners(obj, codes) -> dict[str, Any]:
    from summitry.awards.models import Winner

    data = {
        "award": {"id": obj.pk, "slug": obj.slug, "name": values(obj, "name")},
        "results_published_at": _when(obj.results_published_at),
        "winners": [],
    }
    if _may_see_winners(obj, codes):
        rows = (
            Winner.objects.filter(award=obj)
            .select_related("category", "application__organisation")
            .order_by("category__position", "rank", "pk")
        )
        data["winners"] = [
            {
                "id": winner.pk,
                "category": {"id": winner.category_id, "name": values(winner.category, "name")},
                "rank": winner.rank,
                "prize": values(winner, "prize_title"),
                "applicant_name": winner.application.applicant_name,
                "organisation": _organisation(winner.application.organisation),
                "title": winner.application.title,
            }
            for winner in rows
        ]
    return data


def ping(obj, codes) -> dict[str, Any]:
    return {"message": "ping"}


PING = "ping"

add_event("delegation.registered", _("Delegation registered"), delegation, 10)
add_event("delegation.confirmed", _("Delegation confirmed"), delegation, 11)
add_event("delegation.cancelled", _("Delegation cancelled"), delegation, 12)
add_event("member.added", _("Delegation member added"), member, 20)
add_event("member.changed", _("Delegation member changed"), member, 21)
add_event("programme.published", _("Programme published"), programme_release, 30)
add_event("meeting.scheduled", _("Bilateral meeting scheduled"), meeting, 40)
add_event("agreement.signed", _("Agreement signed"), agreement, 41)
add_event("application.submitted", _("Award application submitted"), application, 50)
add_event("award.winners_published", _("Award winners published"), winners, 51)


def label(code: str):
    if code == PING:
        return _("Test ping")
    found = event(code)
    return found.label if found else code
