"""Every write of city diplomacy's meetings: requests and answers, the schedule and its
publication, settings (the parties in parties.py, gifts and agreements in agreements.py).
Pages and the API both call these, with the acting user, so the rules (who may, which times,
which rooms) are the same everywhere."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, events, mail, runs
from summitry.core import services as core
from summitry.core.models import Run
from summitry.core.scoping import in_summit
from summitry.delegations.models import Delegate
from summitry.directory.models import Organisation, Person
from summitry.programme import services as programme_services
from summitry.programme.models import Audience, ItemType, ProgrammeItem
from summitry.summits.models import Summit

from . import rules, scheduling
from .agreements import (  # noqa: F401 - also for callers
    _block,
    add_document,
    advance,
    ceremony_item,
    change_agreement,
    change_gift,
    create_agreement,
    delete_gift,
    next_statuses,
    record_gift,
    set_ceremony,
)
from .models import (
    DiplomacySettings,
    Interpreter,
    MeetingRequest,
    RequestStatus,
)
from .parties import (  # noqa: F401 - also for callers
    _check_attendees,
    _check_party,
    _refuse_overlaps,
    _times,
    delegation_of,
    host_of,
)

# --- e-mail ----------------------------------------------------------------------------------


def recipients(summit: Summit, organisation: Organisation, attendees=()) -> list[tuple[str, str]]:
    """(address, language) of a side's contact and its attending members with an address.
    The host city has no delegation: its side is its protocol officers, in the platform's
    language (the host's own)."""
    delegation = delegation_of(summit, organisation)
    if delegation is None:
        host = host_of(summit)
        if host is not None and host.pk == organisation.pk:
            officers = rules.officer_addresses(summit)
            return [(address, settings.LANGUAGE_CODE) for address in officers]
        return []
    invitation = delegation.invitation
    language = invitation.language if invitation else "en"
    found: dict[str, str] = {}
    address = (delegation.contact.email if delegation.contact else "") or (
        invitation.contact_email if invitation else ""
    )
    if address:
        found[address] = language
    people = {p.pk for p in attendees}
    for delegate in in_summit(Delegate, summit).filter(delegation=delegation, person_id__in=people):
        if delegate.email and delegate.email not in found:
            found[delegate.email] = delegate.interpretation_language or language
    return list(found.items())


def _tell(summit, organisation, meeting, template: str, kind: str, **context) -> None:
    attendees = list(meeting.attendees.all()) if meeting.pk else []
    for address, language in recipients(summit, organisation, attendees):
        mail.send(
            summit=summit,
            recipient=address,
            language=language,
            template=f"diplomacy/email/{template}",
            context={"meeting": meeting, "organisation": organisation, **context},
            kind=kind,
        )


# --- requests --------------------------------------------------------------------------------


@transaction.atomic
def request_meeting(
    *,
    actor,
    summit: Summit,
    requester: Organisation,
    counterpart: Organisation,
    topic: dict[str, str],
    attendees: list[Person] = (),
    requester_language: str = "en",
    counterpart_language: str = "ko",
    preferred_times=(),
    impossible_times=(),
    priority: int = 1,
    is_sample: bool = False,
) -> MeetingRequest:
    """Ask for a bilateral meeting on behalf of ``requester``; the other side is told."""
    rules.require_acts_for(actor, summit, requester.pk)
    if requester.pk == counterpart.pk:
        raise ValidationError({"counterpart": _("A bilateral meeting needs two different sides.")})
    _check_party(summit, requester)
    _check_party(summit, counterpart)
    preferred = _times(summit, preferred_times, "preferred_times")
    impossible = _times(summit, impossible_times, "requester_impossible")
    _refuse_overlaps(preferred, impossible, "requester_impossible")
    meeting = MeetingRequest(
        summit=summit,
        requester=requester,
        counterpart=counterpart,
        requester_language=requester_language,
        counterpart_language=counterpart_language,
        preferred_times=preferred,
        requester_impossible=impossible,
        priority=priority,
        created_by=actor if actor and actor.is_authenticated else None,
        is_sample=is_sample,
        **core.flatten_bilingual({"topic": topic}),
    )
    _check_attendees(summit, meeting, list(attendees))
    meeting = core.create(actor=actor, instance=meeting)
    meeting.attendees.set(attendees)
    transaction.on_commit(
        lambda: _tell(summit, counterpart, meeting, "requested", "meeting-requested")
    )
    return meeting


ANSWERS = ("accept", "decline", "propose")


@transaction.atomic
def respond(
    *,
    actor,
    meeting: MeetingRequest,
    answer: str,
    note: str = "",
    times=(),
    attendees: list[Person] | None = None,
    impossible_times=(),
) -> MeetingRequest:
    """The counterpart accepts, declines or proposes other times; the requester answers a
    proposal by accepting (the proposed times become the preferred ones) or declining."""
    summit = meeting.summit
    meeting = MeetingRequest.objects.select_for_update().get(pk=meeting.pk)
    if answer not in ANSWERS:
        raise ValidationError({"answer": _("Accept, decline or propose other times.")})
    if meeting.status not in (RequestStatus.REQUESTED, RequestStatus.PROPOSED):
        raise ValidationError(_("This request has already been answered."))
    if not rules.may_answer(actor, meeting):
        raise PermissionDenied(_("Only the other side may answer this request."))
    changes: dict[str, Any] = {"response_note": note[:500], "responded_at": timezone.now()}
    if meeting.status == RequestStatus.REQUESTED:
        if answer == "propose":
            proposed = _times(summit, times, "proposed_times")
            if not proposed:
                raise ValidationError({"proposed_times": _("Propose at least one time.")})
            changes |= {"status": RequestStatus.PROPOSED, "proposed_times": proposed}
        elif answer == "accept":
            changes |= {
                "status": RequestStatus.ACCEPTED,
                "counterpart_impossible": _times(
                    summit, impossible_times, "counterpart_impossible"
                ),
            }
        else:
            changes["status"] = RequestStatus.DECLINED
        told = meeting.requester
    else:
        if answer == "propose":
            raise ValidationError({"answer": _("Accept or decline the proposed times.")})
        if answer == "accept":
            changes |= {
                "status": RequestStatus.ACCEPTED,
                "preferred_times": meeting.proposed_times,
            }
        else:
            changes["status"] = RequestStatus.DECLINED
        told = meeting.counterpart
    if attendees is not None:
        current = list(meeting.attendees.all())
        side = meeting.counterpart_id if told == meeting.requester else meeting.requester_id
        merged = [p for p in current if p.organisation_id != side] + list(attendees)
        _check_attendees(summit, meeting, merged)
        meeting.attendees.set(merged)
    meeting = core.update(actor=actor, instance=meeting, changes=changes)
    transaction.on_commit(lambda: _tell(summit, told, meeting, "answered", "meeting-answered"))
    return meeting


@transaction.atomic
def cancel(*, actor, meeting: MeetingRequest) -> MeetingRequest:
    """Either side (or an officer) calls the meeting off; a published one is removed from the
    programme at the next publication."""
    if not rules.can_view(actor, meeting):
        raise PermissionDenied(_("You may act only for your own delegation."))
    if meeting.status in (RequestStatus.CANCELLED, RequestStatus.DECLINED):
        raise ValidationError(_("This request is already closed."))
    return core.update(
        actor=actor,
        instance=meeting,
        changes={"status": RequestStatus.CANCELLED, "pinned": False},
    )


# --- settings and the schedule ---------------------------------------------------------------


@transaction.atomic
def save_settings(
    *,
    actor,
    summit: Summit,
    meeting_minutes: int,
    windows: list,
    rooms: list,
    precedence_rule: str = "rank",
    rotation_letter: str = "A",
) -> DiplomacySettings:
    rules.require_officer(actor, summit)
    scheduling.validate_windows(summit, windows, meeting_minutes)
    for room in rooms:
        if room.venue.summit_id != summit.pk:
            raise ValidationError({"rooms": _("This room belongs to another summit.")})
    config = in_summit(DiplomacySettings, summit).first() or DiplomacySettings(summit=summit)
    config.meeting_minutes = meeting_minutes
    config.windows = windows
    config.precedence_rule = precedence_rule
    config.rotation_letter = (rotation_letter or "A").upper()[:1]
    is_new = config.pk is None
    core.validate(config)
    config.save()
    config.rooms.set(rooms)
    audit.record(actor=actor, obj=config, action="added" if is_new else "changed")
    return config


@transaction.atomic
def add_interpreter(
    *, actor, summit: Summit, name: str, language_a: str, language_b: str
) -> Interpreter:
    """An interpreter the scheduler may give to meetings held across this language pair."""
    rules.require_officer(actor, summit)
    interpreter = Interpreter(
        summit=summit, name=(name or "").strip(), language_a=language_a, language_b=language_b
    )
    return core.create(actor=actor, instance=interpreter)


@transaction.atomic
def remove_interpreter(*, actor, interpreter: Interpreter) -> None:
    """Take an interpreter off; the meetings they had are given another one where one is free
    (or none: the schedule then shows the meeting as without interpretation)."""
    summit = interpreter.summit
    rules.require_officer(actor, summit)
    Summit.objects.select_for_update().get(pk=summit.pk)
    core.delete(actor=actor, instance=interpreter)
    _assign_interpreters(summit)


SCHEDULER_RUN = "diplomacy.schedule"


def start_scheduler(*, actor, summit: Summit) -> Run:
    """Queue a run of the scheduler (``tasks.schedule_meetings``); the run under way when
    one is queued or running already. The request answers at once; the page follows it."""
    from .tasks import schedule_meetings

    rules.require_officer(actor, summit)
    return runs.start(
        kind=SCHEDULER_RUN,
        subject=f"summit:{summit.pk}",
        summit=summit,
        actor=actor,
        task=schedule_meetings,
    )


def draft_result(draft: scheduling.Draft) -> dict:
    """What a run keeps of the draft, for the page and the API."""
    return {
        "status": draft.status,
        "placed": len(draft.placements),
        "unscheduled": {str(k): str(v) for k, v in draft.unscheduled.items()},
        "idle_gaps": draft.idle_gaps,
        "bound": draft.bound,
    }


@transaction.atomic
def run_scheduler(*, actor, summit: Summit, report=None) -> scheduling.Draft:
    """Place every accepted meeting that is not pinned; pinned ones stay where they are.
    Slow (up to SOLVER_SECONDS twice): pages and the API start it in the background
    (``start_scheduler``)."""
    rules.require_officer(actor, summit)
    Summit.objects.select_for_update().get(pk=summit.pk)
    draft = scheduling.schedule(summit, report)
    meetings = list(scheduling.accepted(summit))
    for meeting in meetings:
        if meeting.pinned and meeting.is_scheduled:
            continue
        placed = draft.placements.get(meeting.pk)
        if placed:
            slot, room_id = placed
            meeting.starts_at, meeting.ends_at, meeting.room_id = slot.start, slot.end, room_id
        else:
            meeting.starts_at = meeting.ends_at = meeting.room_id = None
        meeting.save(update_fields=["starts_at", "ends_at", "room"])
    _assign_interpreters(summit)
    problems = scheduling.verify_draft(summit)
    if problems:
        raise ValidationError(problems)
    audit.record(actor=actor, obj=summit, action="changed", fields=["bilateral schedule"])
    return draft


def _assign_interpreters(summit: Summit) -> None:
    meetings = list(scheduling.accepted(summit))
    chosen = scheduling.assign_interpreters(summit, meetings)
    for meeting in meetings:
        if meeting.interpreter_id != chosen.get(meeting.pk):
            meeting.interpreter_id = chosen.get(meeting.pk)
            meeting.save(update_fields=["interpreter"])


@transaction.atomic
def pin(*, actor, meeting: MeetingRequest, pinned: bool) -> MeetingRequest:
    rules.require_officer(actor, meeting.summit)
    if pinned and not meeting.is_scheduled:
        raise ValidationError(_("Only a scheduled meeting can be pinned."))
    return core.update(actor=actor, instance=meeting, changes={"pinned": pinned})


@transaction.atomic
def move(*, actor, meeting: MeetingRequest, starts_at: datetime.datetime, room) -> MeetingRequest:
    """Move a meeting by hand, checked against the same rules as the scheduler; it is pinned."""
    summit = meeting.summit
    rules.require_officer(actor, summit)
    Summit.objects.select_for_update().get(pk=summit.pk)
    if meeting.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Only an accepted meeting can be scheduled."))
    problems = scheduling.check_placement(summit, meeting, starts_at, room)
    if problems:
        raise ValidationError(problems)
    slot = scheduling.slot_at(summit, starts_at)
    meeting = core.update(
        actor=actor,
        instance=meeting,
        changes={"starts_at": slot.start, "ends_at": slot.end, "room": room, "pinned": True},
    )
    _assign_interpreters(summit)
    problems = scheduling.verify_draft(summit)
    if problems:
        raise ValidationError(problems)
    meeting.refresh_from_db()
    return meeting


def _meeting_title(meeting: MeetingRequest) -> dict[str, str]:
    return {
        "title_ko": f"양자회담: {meeting.requester.name_ko or meeting.requester.name_en} – "
        f"{meeting.counterpart.name_ko or meeting.counterpart.name_en}",
        "title_en": f"Bilateral meeting: {meeting.requester.name_en or meeting.requester.name_ko}"
        f" – {meeting.counterpart.name_en or meeting.counterpart.name_ko}",
        "description_ko": meeting.topic_ko or meeting.topic_en or "",
        "description_en": meeting.topic_en or meeting.topic_ko or "",
    }


@transaction.atomic
def publish(*, actor, summit: Summit) -> dict[str, int]:
    """Publish the draft: each scheduled meeting becomes (or updates) an invite-only programme
    item for both sides, so it is in their itineraries and calendar feeds; both sides are told
    in their language. Meetings no longer scheduled leave the programme, and are told too."""
    rules.require_officer(actor, summit)
    return publish_draft(actor=actor, summit=summit, notify=True)


@transaction.atomic
def publish_draft(*, actor, summit: Summit, notify: bool) -> dict[str, int]:
    """Publication itself, for ``publish`` and the demo loader (which tells nobody)."""
    Summit.objects.select_for_update().get(pk=summit.pk)
    counts = {"added": 0, "changed": 0, "removed": 0}
    rows = (
        in_summit(MeetingRequest, summit)
        .select_related("requester", "counterpart", "room__venue", "item")
        .prefetch_related("attendees")
    )
    for meeting in rows:
        live = meeting.status == RequestStatus.ACCEPTED and meeting.is_scheduled
        if not live:
            if meeting.item_id:
                item = meeting.item
                meeting.item = None
                meeting.published_at = None
                meeting.save(update_fields=["item", "published_at"])
                audit.record(actor=actor, obj=item, action="deleted")
                item.delete()
                counts["removed"] += 1
                if notify:
                    _announce(summit, meeting, "removed")
            continue
        if not meeting.publish_pending:
            continue
        is_new = meeting.item_id is None
        item = meeting.item or ProgrammeItem(summit=summit, kind=ItemType.MEETING)
        for name, value in _meeting_title(meeting).items():
            setattr(item, name, value)
        item.starts_at, item.ends_at = meeting.starts_at, meeting.ends_at
        item.room = meeting.room
        item.block = _block(summit, meeting.starts_at)
        item.audience = Audience.INVITED
        # Our own rules (people, rooms, impossible times) were checked when the draft was made;
        # the programme's broader invitee rule would flag any member of a side elsewhere.
        item = programme_services.save_item(
            actor=actor,
            item=item,
            invitees=[meeting.requester, meeting.counterpart],
            force=True,
        )
        meeting.item = item
        meeting.published_at = timezone.now()
        meeting.save(update_fields=["item", "published_at"])
        counts["added" if is_new else "changed"] += 1
        events.emit(summit, "meeting.scheduled", meeting)
        if notify:
            _announce(summit, meeting, "added" if is_new else "changed")
    return counts


def _announce(summit: Summit, meeting: MeetingRequest, change: str) -> None:
    for side in (meeting.requester, meeting.counterpart):
        transaction.on_commit(
            lambda side=side: _tell(
                summit, side, meeting, "scheduled", f"meeting-{change}", change=change
            )
        )
