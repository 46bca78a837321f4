"""Rehearsal reminders: each speaker of an online or hybrid item is mailed a reminder of the
technical rehearsal some time before it (``OnlineItem.rehearsal_reminder_minutes``, set with the
slot), in their language, with the slot in the summit's zone and their own, through the outbox.

Once per slot: the speaker's preparation row carries the marker (``rehearsal_reminded_at``), set
in the same transaction as the message is written, by an update that only one run can win; a
changed slot clears it (speakers.set_rehearsal_slot), so the new slot is reminded anew. The
scheduled job (``tasks.send_rehearsal_reminders``, celery beat) may run any number of times, on
any number of workers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from summitry.core import mail
from summitry.core.scoping import in_summit

from . import speakers
from .models import Format, OnlineItem, SpeakerPrep

TEMPLATE = "online/email/rehearsal_reminder"
KIND = "rehearsal-reminder"
# The most a reminder may be set before its rehearsal (two weeks).
MAX_MINUTES = 14 * 24 * 60


def due_items(now: datetime.datetime) -> list[OnlineItem]:
    """Online and hybrid items whose rehearsal has not started and whose reminder time has come
    (the rehearsals of the next two weeks are read, the reminders' lead compared here)."""
    soon = OnlineItem.objects.filter(
        format__in=(Format.ONLINE, Format.HYBRID),
        rehearsal_starts_at__gt=now,
        rehearsal_starts_at__lte=now + datetime.timedelta(minutes=MAX_MINUTES),
        rehearsal_reminder_minutes__gt=0,
    ).select_related("item__summit")
    return [
        online
        for online in soon
        if online.rehearsal_starts_at
        - datetime.timedelta(minutes=online.rehearsal_reminder_minutes)
        <= now
    ]


def contact_of(summit, person_id: int) -> tuple[str, str]:
    """A speaker's address and language at this summit: their registration's own address, else
    their account's, else their delegation's contact; their language, else the invitation's."""
    from summitry.delegations.models import Delegate

    delegates = (
        in_summit(Delegate, summit)
        .filter(person_id=person_id)
        .select_related("user", "delegation__invitation")
        .order_by("-registered_at")
    )
    for delegate in delegates:
        invitation = delegate.delegation.invitation
        address = (
            delegate.email
            or (delegate.user.email if delegate.user else "")
            or (invitation.contact_email if invitation else "")
        )
        if address:
            language = delegate.interpretation_language or (
                invitation.language if invitation else ""
            )
            return address, language or settings.LANGUAGE_CODE
    return "", ""


def send_due(now: datetime.datetime | None = None) -> int:
    """Write every rehearsal reminder due now into the outbox; returns how many were written."""
    now = now or timezone.now()
    sent = 0
    for online in due_items(now):
        for person_id in speakers.speakers_of(online):
            sent += remind(online, person_id)
    return sent


def remind(online: OnlineItem, person_id: int) -> int:
    """Remind one speaker of the item's current slot, unless they have been (1 if written)."""
    summit = online.item.summit
    address, language = contact_of(summit, person_id)
    if not address:
        return 0
    try:
        with transaction.atomic():
            SpeakerPrep.objects.get_or_create(online=online, person_id=person_id)
    except IntegrityError:  # another run made it a moment ago
        pass
    with transaction.atomic():
        won = SpeakerPrep.objects.filter(
            online=online, person_id=person_id, rehearsal_reminded_at__isnull=True
        ).update(rehearsal_reminded_at=timezone.now())
        if not won:
            return 0
        prep = SpeakerPrep.objects.select_related("person").get(online=online, person_id=person_id)
        mail_speaker(summit, address, language, TEMPLATE, KIND, lambda: context_of(online, prep))
    return 1


def mail_speaker(summit, address: str, language: str, template: str, kind: str, context) -> None:
    """Write a speaker's mail into the outbox, its ``context()`` built in their language (their
    zone's place and the items' titles named in it)."""
    with translation.override(language):
        values = context()
    mail.send(
        summit=summit,
        recipient=address,
        language=language,
        template=template,
        context=values,
        kind=kind,
    )


def context_of(online: OnlineItem, prep: SpeakerPrep) -> dict:
    """What the reminder shows: plain values, the times already in both zones."""
    speaker, confirmed = prep.person, prep.rehearsal_confirmed_at
    summit = online.item.summit
    if not prep.time_zone:  # the zone the speaker gave for the summit, if any
        prep = speakers.zone_of(summit, prep.person_id) or prep
    return {
        "item": online.item,
        "speaker": speaker,
        "rehearsal_starts": speakers.both(online.rehearsal_starts_at, summit, prep),
        "rehearsal_ends": speakers.both(online.rehearsal_ends_at, summit, prep),
        "item_starts": speakers.both(online.item.starts_at, summit, prep),
        # Text, empty when not confirmed (an edited template's ``if`` sees only text).
        "confirmed": speakers.both(confirmed, summit, None),
        "link": f"/{summit.slug}/programme/{online.item_id}/online/speakers/{prep.person_id}/",
    }
