"""Speakers' invitations: staff invite the speakers of an online or hybrid item (one, or all not
invited yet; "send again" on purpose); the mail is written by the task queue, never inside the
request, in the speaker's language, with each of their items' times in the summit's zone and
their own, the video room and the rehearsal slot, and the link to their page, where they accept
or decline. Staff see, per speaker, invited / accepted / declined and when.

Once per request of staff: asking marks the invitation (``queued_at``) by an update only one
request can win; the task (``tasks.send_speaker_invitations``) writes the message and clears the
mark in one transaction, by an update only one run can win, so a task delivered twice, or two
clicks, write one mail. A second "send" finds the speaker invited and writes nothing; "send
again" marks them anew."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit
from summitry.core.bilingual import localise
from summitry.core.tasks import run_after_commit

from . import access, queries, speakers
from .invitation_models import Answer, SpeakerInvitation
from .models import OnlineItem
from .reminders import contact_of, mail_speaker

TEMPLATE = "online/email/speaker_invitation"
KIND = "speaker-invitation"
# An invitation asked for this long ago and still not written may be asked for again.
STALE = datetime.timedelta(minutes=10)


def invitations(online: OnlineItem | None) -> dict[int, SpeakerInvitation]:
    if online is None:
        return {}
    return {i.person_id: i for i in SpeakerInvitation.objects.filter(online=online)}


def invitation_of(online: OnlineItem, person_id: int) -> SpeakerInvitation | None:
    return SpeakerInvitation.objects.filter(online=online, person_id=person_id).first()


def speaker(online: OnlineItem, person_id: int):
    """The item's speaker with this id (None for anyone else)."""
    found = online.item.people.filter(role="speaker", person_id=person_id).first()
    return found.person if found else None


def state_of(invitation: SpeakerInvitation | None) -> str:
    """not_invited, queued, invited, accepted or declined."""
    if invitation is None:
        return "not_invited"
    if invitation.answer:
        return invitation.answer
    if invitation.invited_at is not None:
        return "invited"
    return "queued" if invitation.queued_at is not None else "not_invited"


def state_label(state: str) -> str:
    return {
        "not_invited": _("Not invited"),
        "queued": _("Invitation being sent"),
        "invited": _("Invited, no answer yet"),
        "accepted": _("Accepted"),
        "declined": _("Declined"),
    }[state]


def rows(online: OnlineItem) -> list[dict]:
    """For staff: each speaker of the item with their invitation's state and address."""
    summit = online.item.summit
    found = invitations(online)
    result = []
    for person_id in speakers.speakers_of(online):
        invitation = found.get(person_id)
        state = state_of(invitation)
        result.append(
            {
                "person_id": person_id,
                "invitation": invitation,
                "state": state,
                "state_label": state_label(state),
                "has_address": bool(contact_of(summit, person_id)[0]),
            }
        )
    return result


def _mark(online: OnlineItem, person_id: int, actor, again: bool) -> bool:
    """Mark one speaker's invitation as asked for; False when there is nothing to send (already
    invited or on its way, unless ``again``; on its way in any case)."""
    try:
        with transaction.atomic():
            SpeakerInvitation.objects.get_or_create(online=online, person_id=person_id)
    except IntegrityError:  # another request made it a moment ago
        pass
    now = timezone.now()
    pending = SpeakerInvitation.objects.filter(online=online, person_id=person_id)
    if again:  # also one asked for long ago whose task never ran (a lost message of the queue)
        pending = pending.filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - STALE))
    else:
        pending = pending.filter(queued_at__isnull=True, invited_at__isnull=True)
    requested_by = actor if getattr(actor, "pk", None) else None
    return bool(pending.update(queued_at=now, requested_by=requested_by))


def ask(*, actor, online: OnlineItem, person_id: int | None = None, again: bool = False) -> dict:
    """Staff ask for the invitations of the item's speakers (``person_id``: one of them; else
    every speaker not invited yet); the task queue writes them. Returns the names queued, those
    left out for want of an address, and those already invited."""
    summit = online.item.summit
    access.require_staff(actor, summit)
    chosen = speakers.speakers_of(online)
    if person_id is not None:
        if person_id not in chosen:
            raise ValidationError(_("This person is not a speaker of this item."))
        chosen = [person_id]
    if not chosen:
        raise ValidationError(_("This item has no speakers to invite."))
    queued, no_address, already = [], [], []
    with transaction.atomic():
        for speaker_id in chosen:
            if not contact_of(summit, speaker_id)[0]:
                no_address.append(speaker_id)
            elif _mark(online, speaker_id, actor, again):
                queued.append(speaker_id)
            else:
                already.append(speaker_id)
        if person_id is not None and no_address:
            raise ValidationError(
                _(
                    "This speaker has no e-mail address at this summit: register them with "
                    "one first."
                )
            )
        if queued:
            audit.record(actor=actor, obj=online, action="invited")
            from .tasks import send_speaker_invitations

            run_after_commit(send_speaker_invitations, online.pk)
    return {"queued": queued, "no_address": no_address, "already": already}


def send_queued(online_id: int) -> int:
    """Write every invitation asked for on this item into the outbox (the task's work);
    returns how many were written."""
    online = OnlineItem.objects.select_related("item__summit").filter(pk=online_id).first()
    if online is None:
        return 0
    written = 0
    pending = SpeakerInvitation.objects.filter(online=online, queued_at__isnull=False)
    for person_id in pending.values_list("person_id", flat=True):
        written += _send_one(online, person_id)
    return written


def _send_one(online: OnlineItem, person_id: int) -> int:
    summit = online.item.summit
    address, language = contact_of(summit, person_id)
    now = timezone.now()
    with transaction.atomic():
        row = SpeakerInvitation.objects.filter(
            online=online, person_id=person_id, queued_at__isnull=False
        )
        if not address:  # the address went away since staff asked: nothing to send
            row.update(queued_at=None)
            return 0
        if not row.update(queued_at=None, invited_at=now, sends=F("sends") + 1, recipient=address):
            return 0  # another run wrote it
        mail_speaker(
            summit, address, language, TEMPLATE, KIND, lambda: context_of(online, person_id)
        )
    return 1


def _zone(online: OnlineItem, person_id: int):
    prep = speakers.prep_of(online, person_id)
    return prep if prep.time_zone else speakers.zone_of(online.item.summit, person_id)


def times_of(item, summit, zone) -> str:
    """An item's date and hours in the summit's zone and, when they gave another, the
    speaker's: "2020-06-02 10:00–12:00 Seoul / 04:00–06:00 Moscow"."""
    here = item.starts_at.astimezone(summit.zone)
    if zone is None or not zone.time_zone or zone.time_zone == summit.time_zone:
        end = item.ends_at.astimezone(summit.zone)
        return f"{here:%Y-%m-%d %H:%M}–{end:%H:%M} {speakers.place_of(summit.time_zone)}"
    return f"{here:%Y-%m-%d} {speakers.span(item.starts_at, item.ends_at, summit, zone)}"


def context_of(online: OnlineItem, person_id: int) -> dict:
    """What the invitation shows (in the active language): plain values, times in both zones,
    and each of the speaker's items at the summit with its video room and rehearsal."""
    from summitry.directory.models import Person

    summit = online.item.summit
    zone = _zone(online, person_id)
    entries = []
    for item in queries.items(summit).filter(people__person_id=person_id, people__role="speaker"):
        other = queries.online_of(item)
        held_online = other is not None and other.is_online
        entries.append(
            {
                "title": localise(item, "title").text,
                "times": times_of(item, summit, zone),
                "room": other.join_url if held_online else "",
                "rehearsal": speakers.both(other.rehearsal_starts_at, summit, zone)
                if held_online
                else "",
            }
        )
    return {
        "speaker": Person.objects.get(pk=person_id),
        "item": online.item,
        "item_time": times_of(online.item, summit, zone),
        "room": online.join_url,
        "opens_minutes": online.opens_minutes,
        "rehearsal_starts": speakers.both(online.rehearsal_starts_at, summit, zone),
        "rehearsal_ends": speakers.both(online.rehearsal_ends_at, summit, zone),
        "items": entries,
        "link": f"/{summit.slug}/programme/{online.item_id}/online/speakers/{person_id}/",
    }


@transaction.atomic
def answer(*, actor, online: OnlineItem, person_id: int, choice: str) -> SpeakerInvitation:
    """The speaker accepts or declines their invitation (the answer and its moment are kept;
    they may change their mind, the latest answer counts)."""
    if not may_answer(actor, online, person_id):
        raise PermissionDenied(_("Only the invited speaker may answer the invitation."))
    if choice not in Answer.values:
        raise ValidationError({"answer": [_("Answer “accepted” or “declined”.")]})
    found = (
        SpeakerInvitation.objects.select_for_update()
        .filter(online=online, person_id=person_id, invited_at__isnull=False)
        .first()
    )
    if found is None:
        raise ValidationError(_("You have not been sent an invitation to this item yet."))
    found.answer, found.answered_at = choice, timezone.now()
    found.save(update_fields=["answer", "answered_at"])
    return found


def may_answer(user, online: OnlineItem, person_id: int) -> bool:
    """The speaker themself (not staff on their behalf: the answer is the speaker's word)."""
    return person_id in speakers.speakers_of(online) and person_id in queries._people_of(
        user, online.item.summit
    )
