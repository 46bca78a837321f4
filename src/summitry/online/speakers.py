"""Remote speakers of online items: their own time zone, every time shown in the summit's zone
and theirs ("10:00 Seoul / 04:00 Moscow"), the rehearsal slot they confirm and their checklist
(rehearsal confirmed, slides, consent to record and stream)."""

from __future__ import annotations

import datetime
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import live
from summitry.core.timezones import validate_time_zone

from . import access, queries
from .models import Format, OnlineItem, PersonZone, SpeakerPrep


def place_of(zone_name: str) -> str:
    """The place an IANA zone is named after: "Asia/Seoul" -> "Seoul"."""
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def label_of(prep: SpeakerPrep | PersonZone | None) -> str:
    if prep is None or not prep.time_zone:
        return ""
    return prep.zone_label or place_of(prep.time_zone)


def both(moment: datetime.datetime | None, summit, prep: SpeakerPrep | PersonZone | None) -> str:
    """A moment in the summit's zone and the speaker's: "10:00 Seoul / 04:00 Moscow" (the
    speaker's date is added when it is another day)."""
    if moment is None:
        return ""
    here = moment.astimezone(summit.zone)
    text = f"{here:%Y-%m-%d %H:%M} {place_of(summit.time_zone)}"
    if prep is None or not prep.time_zone or prep.time_zone == summit.time_zone:
        return text
    there = moment.astimezone(zoneinfo.ZoneInfo(prep.time_zone))
    day = f"{there:%Y-%m-%d} " if there.date() != here.date() else ""
    return f"{text} / {day}{there:%H:%M} {label_of(prep)}"


def speakers_of(online: OnlineItem) -> list[int]:
    return list(online.item.people.filter(role="speaker").values_list("person_id", flat=True))


def may_prepare(user, summit, online: OnlineItem, person_id: int) -> bool:
    """The speaker themself, or the summit's online staff, for a speaker of the item."""
    if not user.is_authenticated or person_id not in speakers_of(online):
        return False
    if access.is_staff_for(user, summit):
        return True
    return person_id in queries._people_of(user, summit)


def require_prepare(user, summit, online: OnlineItem, person_id: int) -> None:
    if not may_prepare(user, summit, online, person_id):
        raise PermissionDenied(_("Only this speaker and the summit's staff may do this."))


def prep_of(online: OnlineItem, person_id: int) -> SpeakerPrep:
    return SpeakerPrep.objects.filter(online=online, person_id=person_id).first() or SpeakerPrep(
        online=online, person_id=person_id
    )


def preps(online: OnlineItem | None) -> dict[int, SpeakerPrep]:
    if online is None:
        return {}
    return {p.person_id: p for p in SpeakerPrep.objects.filter(online=online)}


def _bump(online: OnlineItem) -> None:
    from .qa import studio_topic

    summit = online.item.summit
    transaction.on_commit(lambda: live.bump(studio_topic(summit)))


@transaction.atomic
def save_checklist(*, actor, online: OnlineItem, person_id: int, data: dict) -> SpeakerPrep:
    """Save the speaker's zone, slides and consent (consent keeps the moment first given)."""
    require_prepare(actor, online.item.summit, online, person_id)
    zone = (data.get("time_zone") or "").strip()
    if zone:
        validate_time_zone(zone)
    prep = prep_of(online, person_id)
    prep.time_zone = zone
    prep.zone_label_ko = (data.get("zone_label_ko") or "").strip()[:60]
    prep.zone_label_en = (data.get("zone_label_en") or "").strip()[:60]
    prep.slides_url = (data.get("slides_url") or "").strip()
    if data.get("consent"):
        prep.consent_at = prep.consent_at or timezone.now()
    else:
        prep.consent_at = None
    prep.full_clean()
    prep.save()
    _bump(online)
    return prep


@transaction.atomic
def confirm_rehearsal(*, actor, online: OnlineItem, person_id: int) -> SpeakerPrep:
    require_prepare(actor, online.item.summit, online, person_id)
    if online.rehearsal_starts_at is None:
        raise ValidationError(_("The rehearsal has no time yet; the staff will set one."))
    prep = prep_of(online, person_id)
    prep.rehearsal_confirmed_at = timezone.now()
    prep.save()
    _bump(online)
    return prep


@transaction.atomic
def set_rehearsal_slot(
    *,
    actor,
    online: OnlineItem,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    reminder_minutes: int | None = None,
) -> OnlineItem:
    """Staff set the rehearsal slot and how long before it the speakers are reminded (0: not
    reminded); a changed slot asks the speakers to confirm anew and is reminded anew."""
    from .reminders import MAX_MINUTES

    access.require_staff(actor, online.item.summit)
    if reminder_minutes is not None and not 0 <= reminder_minutes <= MAX_MINUTES:
        raise ValidationError(
            _("The reminder is 0 to %(hours)s hours before the rehearsal.")
            % {"hours": MAX_MINUTES // 60}
        )
    if ends_at <= starts_at:
        raise ValidationError(_("The rehearsal ends after it starts."))
    if starts_at >= online.item.starts_at:
        raise ValidationError(_("The rehearsal is before the item starts."))
    changed = (online.rehearsal_starts_at, online.rehearsal_ends_at) != (starts_at, ends_at)
    online.rehearsal_starts_at, online.rehearsal_ends_at = starts_at, ends_at
    if online.rehearsal == "to_schedule":
        online.rehearsal = "scheduled"
    if reminder_minutes is not None:
        online.rehearsal_reminder_minutes = reminder_minutes
    online.save(
        update_fields=[
            "rehearsal_starts_at",
            "rehearsal_ends_at",
            "rehearsal",
            "rehearsal_reminder_minutes",
        ]
    )
    if changed:
        SpeakerPrep.objects.filter(online=online).update(
            rehearsal_confirmed_at=None, rehearsal_reminded_at=None
        )
    _bump(online)
    return online


# --- a person's own zone at a summit (remote participants and speakers) ----------------------


def zone_of(summit, person_id: int) -> PersonZone | SpeakerPrep | None:
    """The zone a person follows the summit from: the one they gave for the summit, else the
    one they gave as a speaker of one of its items; None when they gave none."""
    own = PersonZone.objects.filter(summit=summit, person_id=person_id).first()
    if own is not None:
        return own
    return (
        SpeakerPrep.objects.filter(online__item__summit=summit, person_id=person_id)
        .exclude(time_zone="")
        .order_by("-pk")
        .first()
    )


def span(start, end, summit, zone: PersonZone | SpeakerPrep) -> str:
    """An item's hours in the summit's zone and the person's: "10:00–12:00 Seoul / 04:00–06:00
    Moscow" (the person's date added when it is another day)."""
    here_start, here_end = start.astimezone(summit.zone), end.astimezone(summit.zone)
    there = zoneinfo.ZoneInfo(zone.time_zone)
    there_start, there_end = start.astimezone(there), end.astimezone(there)
    day = f"{there_start:%Y-%m-%d} " if there_start.date() != here_start.date() else ""
    return (
        f"{here_start:%H:%M}–{here_end:%H:%M} {place_of(summit.time_zone)} / "
        f"{day}{there_start:%H:%M}–{there_end:%H:%M} {label_of(zone)}"
    )


def item_times(summit, person_id: int, items: list) -> dict[int, str]:
    """For core.registry.item_times: the online and hybrid ones of ``items`` in the summit's
    zone and the person's own, when the person gave a zone other than the summit's."""
    zone = zone_of(summit, person_id)
    if zone is None or not zone.time_zone or zone.time_zone == summit.time_zone:
        return {}
    online = set(
        OnlineItem.objects.filter(
            item_id__in=[item.pk for item in items], format__in=(Format.ONLINE, Format.HYBRID)
        ).values_list("item_id", flat=True)
    )
    return {
        item.pk: span(item.starts_at, item.ends_at, summit, zone)
        for item in items
        if item.pk in online
    }


@transaction.atomic
def save_own_zone(*, actor, summit, person_id: int, data: dict) -> PersonZone | None:
    """A signed-in person gives (or, with an empty zone, removes) the zone they follow the
    summit from; only for their own registrations at the summit."""
    if person_id not in queries._people_of(actor, summit):
        raise PermissionDenied(_("Only this person may do this."))
    zone = (data.get("time_zone") or "").strip()
    found = PersonZone.objects.filter(summit=summit, person_id=person_id).first()
    if not zone:
        if found is not None:
            found.delete()
        return None
    validate_time_zone(zone)
    found = found or PersonZone(summit=summit, person_id=person_id)
    found.time_zone = zone
    found.zone_label_ko = (data.get("zone_label_ko") or "").strip()[:60]
    found.zone_label_en = (data.get("zone_label_en") or "").strip()[:60]
    found.full_clean()
    found.save()
    return found
