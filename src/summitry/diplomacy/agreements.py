"""Gifts exchanged and agreements signed: the agreement's workflow, signatories, documents
and its signing ceremony in the programme."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import events
from summitry.core import services as core
from summitry.directory.models import Person
from summitry.programme import services as programme_services
from summitry.programme.models import Audience, ItemType, ProgrammeItem, TimeBlock
from summitry.summits.models import Summit

from . import rules
from .models import (
    Agreement,
    AgreementChange,
    AgreementDocument,
    AgreementStatus,
    Gift,
)
from .parties import host_of


def _block(summit: Summit, moment: datetime.datetime) -> str:
    hour = timezone.localtime(moment, summit.zone).hour
    if hour < 12:
        return TimeBlock.MORNING
    if hour < 14:
        return TimeBlock.LUNCH
    if hour < 18:
        return TimeBlock.AFTERNOON
    return TimeBlock.DINNER


# --- gifts -----------------------------------------------------------------------------------


@transaction.atomic
def record_gift(*, actor, summit: Summit, data: dict[str, Any]) -> Gift:
    rules.require_gift_keeper(actor, summit)
    gift = Gift(summit=summit, recorded_by=actor, **core.flatten_bilingual(dict(data)))
    return core.create(actor=actor, instance=gift)


@transaction.atomic
def change_gift(*, actor, gift: Gift, changes: dict[str, Any]) -> Gift:
    rules.require_gift_keeper(actor, gift.summit)
    return core.update(actor=actor, instance=gift, changes=changes)


@transaction.atomic
def delete_gift(*, actor, gift: Gift) -> None:
    rules.require_gift_keeper(actor, gift.summit)
    core.delete(actor=actor, instance=gift)


# --- agreements ------------------------------------------------------------------------------

LIFECYCLE = [
    AgreementStatus.PROPOSED,
    AgreementStatus.NEGOTIATING,
    AgreementStatus.APPROVED,
    AgreementStatus.SIGNED,
    AgreementStatus.ACTIVE,
]
NEXT = {a: {b} for a, b in zip(LIFECYCLE, LIFECYCLE[1:], strict=False)}
NEXT[AgreementStatus.ACTIVE] = {AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}
NEXT[AgreementStatus.EXPIRED] = set()
NEXT[AgreementStatus.TERMINATED] = set()


def next_statuses(agreement: Agreement) -> list[str]:
    return [s for s in AgreementStatus.values if s in NEXT.get(agreement.status, set())]


@transaction.atomic
def create_agreement(
    *, actor, summit: Summit, data: dict[str, Any], signatories: list[Person] = ()
) -> Agreement:
    rules.require_agreement_keeper(actor, summit)
    data = dict(data)
    status = data.pop("status", AgreementStatus.PROPOSED)
    if status != AgreementStatus.PROPOSED:
        raise ValidationError({"status": _("A new agreement starts as proposed.")})
    agreement = core.create(
        actor=actor,
        instance=Agreement(summit=summit, status=status, **core.flatten_bilingual(data)),
    )
    _set_signatories(agreement, signatories)
    return agreement


def _set_signatories(agreement: Agreement, signatories) -> None:
    host = host_of(agreement.summit)
    sides = {agreement.partner_id, host.pk if host else None}
    for person in signatories:
        if person.organisation_id not in sides:
            raise ValidationError(
                {"signatories": _("%(person)s signs for neither city.") % {"person": person}}
            )
    agreement.signatories.set(signatories)


@transaction.atomic
def change_agreement(
    *, actor, agreement: Agreement, changes: dict[str, Any], signatories=None
) -> Agreement:
    rules.require_agreement_keeper(actor, agreement.summit)
    if "status" in changes:
        raise ValidationError({"status": _("Change the status through a status step.")})
    agreement = core.update(actor=actor, instance=agreement, changes=changes)
    if signatories is not None:
        _set_signatories(agreement, signatories)
    return agreement


@transaction.atomic
def advance(
    *,
    actor,
    agreement: Agreement,
    to: str,
    note: str = "",
    council_resolution: str = "",
    signed_on: datetime.date | None = None,
) -> Agreement:
    """Move an agreement one step forward along its lifecycle (or from in force to expired or
    terminated), recorded in its history. Approval needs its reference (e.g. the council
    resolution); signing needs its date."""
    rules.require_agreement_keeper(actor, agreement.summit)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if to not in NEXT.get(agreement.status, set()):
        raise ValidationError(
            {
                "status": _("An agreement cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": AgreementStatus(agreement.status).label,
                    "to": AgreementStatus(to).label if to in AgreementStatus.values else to,
                }
            }
        )
    changes: dict[str, Any] = {"status": to}
    if to == AgreementStatus.APPROVED:
        reference = council_resolution or agreement.council_resolution
        if not reference:
            raise ValidationError({"council_resolution": _("Give the reference of the approval.")})
        changes["council_resolution"] = reference
    if to == AgreementStatus.SIGNED:
        day = signed_on or agreement.signed_on
        if not day:
            raise ValidationError({"signed_on": _("Give the date of signing.")})
        changes["signed_on"] = day
    previous = agreement.status
    agreement = core.update(actor=actor, instance=agreement, changes=changes)
    AgreementChange.objects.create(
        agreement=agreement, from_status=previous, to_status=to, actor=actor, note=note[:300]
    )
    events.emit(agreement.summit_id, f"agreement.{to}", agreement)
    return agreement


@transaction.atomic
def add_document(*, actor, agreement: Agreement, language: str, file) -> AgreementDocument:
    rules.require_agreement_keeper(actor, agreement.summit)
    return core.create(
        actor=actor, instance=AgreementDocument(agreement=agreement, language=language, file=file)
    )


@transaction.atomic
def set_ceremony(
    *,
    actor,
    agreement: Agreement,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    room=None,
    place: dict[str, str] | None = None,
) -> ProgrammeItem:
    """Create or move the signing ceremony: an invite-only programme item (kind "ceremony")
    for both cities, so that it is in their itineraries."""
    rules.require_agreement_keeper(actor, agreement.summit)
    return ceremony_item(
        actor=actor,
        agreement=agreement,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        place=place,
    )


def ceremony_item(*, actor, agreement, starts_at, ends_at, room=None, place=None):
    """The ceremony's programme item, written (for ``set_ceremony`` and the demo loader)."""
    summit = agreement.summit
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    item = agreement.ceremony or ProgrammeItem(summit=summit, kind=ItemType.CEREMONY)
    partner = agreement.partner
    item.title_ko = f"협약 서명식: {agreement.title_ko or agreement.title_en}"
    item.title_en = f"Signing ceremony: {agreement.title_en or agreement.title_ko}"
    item.starts_at, item.ends_at = starts_at, ends_at
    item.room = room
    if place is not None:
        item.place_ko, item.place_en = place.get("ko", ""), place.get("en", "")
    item.block = _block(summit, starts_at)
    item.audience = Audience.INVITED
    host = host_of(summit)
    invitees = [partner] + ([host] if host else [])
    item = programme_services.save_item(actor=actor, item=item, invitees=invitees, force=True)
    if agreement.ceremony_id != item.pk:
        agreement.ceremony = item
        agreement.save(update_fields=["ceremony"])
    return item
