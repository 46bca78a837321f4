"""From the database to a `summitry.meetings/1` problem and back.

Slots come from the summit's windows for bilateral meetings (one block per day); locations
are the rooms set aside for them (one meeting at a time); participants are the attending
people (or a side's organisation, while it names nobody). A person is unavailable in a slot
that overlaps one of their commitments in the programme: an item where they have a role, an
invite-only item their organisation is invited to, a site visit they have a place at, and the
items for heads of delegation if they head one. A room is unavailable while the programme uses
it. Each side's impossible times are left out of a meeting's allowed slots; its preferred times
are tried first. Interpreters are a shared resource per language pair. Pinned meetings are
fixed. Every answer is checked with the solver's ``verify`` before anything is saved.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.delegations.models import Delegate, DelegateRole, PlaceStatus
from summitry.programme.models import Audience, ItemPerson, ProgrammeItem, SignUp, SignUpStatus
from summitry.solvers.meetings import evaluate, parse_problem, solve, verify
from summitry.summits.models import Summit

from .models import DiplomacySettings, Interpreter, MeetingRequest, RequestStatus

SOLVER_SECONDS = 10.0


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime.datetime
    end: datetime.datetime
    day: datetime.date


@dataclass
class Busy:
    """What an interval is taken by, for messages."""

    start: datetime.datetime
    end: datetime.datetime
    what: str


def settings_of(summit: Summit) -> DiplomacySettings:
    found = in_summit(DiplomacySettings, summit).first()
    return found if found is not None else DiplomacySettings(summit=summit)


def _parse_window(summit: Summit, window: dict) -> tuple[datetime.datetime, datetime.datetime]:
    try:
        day = datetime.date.fromisoformat(window["date"])
        start = datetime.time.fromisoformat(window["start"])
        end = datetime.time.fromisoformat(window["end"])
    except (KeyError, TypeError, ValueError) as error:
        raise ValidationError(
            {"windows": _("Write each window as a date, a start time and an end time.")}
        ) from error
    zone = summit.zone
    return (
        datetime.datetime.combine(day, start, tzinfo=zone),
        datetime.datetime.combine(day, end, tzinfo=zone),
    )


def validate_windows(summit: Summit, windows: list, minutes: int) -> None:
    if not isinstance(windows, list):
        raise ValidationError({"windows": _("Send a list of time windows.")})
    spans = []
    for window in windows:
        start, end = _parse_window(summit, window)
        if end <= start:
            raise ValidationError({"windows": _("A window must end after it starts.")})
        if end - start < datetime.timedelta(minutes=minutes):
            raise ValidationError({"windows": _("A window must hold at least one meeting.")})
        if start.date() < summit.start_date or end.date() > summit.end_date:
            raise ValidationError({"windows": _("A window must fall within the summit's days.")})
        spans.append((start, end))
    spans.sort()
    for (_a, end), (start, _b) in zip(spans, spans[1:], strict=False):
        if start < end:
            raise ValidationError({"windows": _("Time windows must not overlap.")})


def slots(summit: Summit, config: DiplomacySettings | None = None) -> list[Slot]:
    """The meeting slots of the summit's windows, in time order."""
    config = config or settings_of(summit)
    length = datetime.timedelta(minutes=config.meeting_minutes)
    result = []
    for window in sorted(config.windows or [], key=lambda w: (w.get("date"), w.get("start"))):
        start, end = _parse_window(summit, window)
        while start + length <= end:
            local = start.astimezone(summit.zone)
            result.append(
                Slot(local.strftime("%Y-%m-%dT%H:%M"), start, start + length, local.date())
            )
            start += length
    return result


def slot_at(summit: Summit, start: datetime.datetime, config=None) -> Slot | None:
    return next((s for s in slots(summit, config) if s.start == start), None)


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def parse_times(times) -> list[tuple[datetime.datetime, datetime.datetime]]:
    spans = []
    for entry in times or []:
        spans.append(
            (
                datetime.datetime.fromisoformat(entry["start"]),
                datetime.datetime.fromisoformat(entry["end"]),
            )
        )
    return spans


def meeting_items(summit: Summit):
    """Programme items that are published bilateral meetings (not commitments of their own)."""
    return in_summit(ProgrammeItem, summit).filter(bilateral__isnull=False)


def commitments(summit: Summit, people: list) -> dict[int, list[Busy]]:
    """Person id → their commitments in the programme (bilateral meetings left out)."""
    ids = [p.pk for p in people]
    org_of = {p.pk: p.organisation_id for p in people}
    items = in_summit(ProgrammeItem, summit).exclude(bilateral__isnull=False)
    found: dict[int, list[Busy]] = defaultdict(list)

    def add(person_id, item):
        found[person_id].append(Busy(item.starts_at, item.ends_at, str(item)))

    for role in (
        in_summit(ItemPerson, summit)
        .filter(person_id__in=ids, item__in=items)
        .select_related("item")
    ):
        add(role.person_id, role.item)
    organisations = {o for o in org_of.values() if o}
    invited = items.filter(audience=Audience.INVITED, invitees__in=organisations).distinct()
    for item in invited.prefetch_related("invitees"):
        invitees = {o.pk for o in item.invitees.all()}
        for person_id, org in org_of.items():
            if org in invitees:
                add(person_id, item)
    for signup in (
        in_summit(SignUp, summit)
        .filter(status=SignUpStatus.REGISTERED, delegate__person_id__in=ids, item__in=items)
        .select_related("item", "delegate")
    ):
        add(signup.delegate.person_id, signup.item)
    heads = set(
        in_summit(Delegate, summit)
        .filter(person_id__in=ids, role=DelegateRole.HEAD)
        .exclude(place=PlaceStatus.CANCELLED)
        .values_list("person_id", flat=True)
    )
    if heads:
        for item in items.filter(audience=Audience.HEADS, parent__isnull=True):
            for person_id in heads:
                add(person_id, item)
    return found


def room_commitments(summit: Summit, rooms: list) -> dict[int, list[Busy]]:
    found: dict[int, list[Busy]] = defaultdict(list)
    items = in_summit(ProgrammeItem, summit).exclude(bilateral__isnull=False).filter(room__in=rooms)
    for item in items:
        found[item.room_id].append(Busy(item.starts_at, item.ends_at, str(item)))
    return found


def accepted(summit: Summit):
    return (
        in_summit(MeetingRequest, summit)
        .filter(status=RequestStatus.ACCEPTED)
        .select_related("requester", "counterpart", "room", "interpreter")
        .prefetch_related("attendees")
        .order_by("pk")
    )


@dataclass
class Context:
    """What a problem was built from, to read the answer back."""

    summit: Summit
    config: DiplomacySettings
    slots: list[Slot]
    rooms: list
    meetings: dict[str, MeetingRequest] = field(default_factory=dict)
    interpreters: dict[str, list[Interpreter]] = field(default_factory=dict)
    # Meetings left out of the problem, with the reason.
    left_out: dict[int, str] = field(default_factory=dict)


def participants_of(meeting: MeetingRequest) -> list[str]:
    people = list(meeting.attendees.all())
    ids = [f"p{p.pk}" for p in people]
    sides = {p.organisation_id for p in people}
    for side in (meeting.requester_id, meeting.counterpart_id):
        if side not in sides:
            ids.append(f"o{side}")
    return ids


def impossible_slots(meeting: MeetingRequest, slot_list: list[Slot]) -> set[str]:
    spans = parse_times(meeting.requester_impossible) + parse_times(meeting.counterpart_impossible)
    return {s.id for s in slot_list if any(_overlaps(s.start, s.end, a, b) for a, b in spans)}


def preferred_slots(meeting: MeetingRequest, slot_list: list[Slot]) -> set[str]:
    spans = parse_times(meeting.preferred_times)
    return {s.id for s in slot_list if any(_overlaps(s.start, s.end, a, b) for a, b in spans)}


def build_problem(
    summit: Summit,
    *,
    meetings: list[MeetingRequest] | None = None,
    fixed: dict[int, tuple[str, int]] | None = None,
    use_preferred: bool = True,
    fix_all_scheduled: bool = False,
) -> tuple[dict, Context]:
    """The problem of the summit's accepted meetings. ``fixed``: request id → (slot id, room
    id) to hold in place besides the pinned ones; ``fix_all_scheduled`` holds every scheduled
    meeting where it is (to check a draft)."""
    config = settings_of(summit)
    slot_list = slots(summit, config)
    if not slot_list:
        raise ValidationError(_("Set the time windows for bilateral meetings first."))
    rooms = list(config.rooms.all()) if config.pk else []
    if not rooms:
        raise ValidationError(_("Choose the rooms for bilateral meetings first."))
    meetings = list(accepted(summit)) if meetings is None else meetings
    context = Context(summit, config, slot_list, rooms)
    fixed = dict(fixed or {})
    for meeting in meetings:
        if meeting.is_scheduled and (meeting.pinned or fix_all_scheduled):
            slot = next((s for s in slot_list if s.start == meeting.starts_at), None)
            if slot is not None:
                fixed.setdefault(meeting.pk, (slot.id, meeting.room_id))

    people = {p.pk: p for m in meetings for p in m.attendees.all()}
    busy = commitments(summit, list(people.values()))
    unavailable: dict[str, set[str]] = defaultdict(set)
    for person_id, spans in busy.items():
        for s in slot_list:
            if any(_overlaps(s.start, s.end, b.start, b.end) for b in spans):
                unavailable[f"p{person_id}"].add(s.id)

    interpreters: dict[str, list[Interpreter]] = defaultdict(list)
    for interpreter in in_summit(Interpreter, summit).order_by("pk"):
        interpreters[interpreter.pair].append(interpreter)
    context.interpreters = interpreters

    problem_meetings, participant_ids, resources = [], set(), {}
    for meeting in meetings:
        needs = []
        if meeting.needs_interpretation:
            pair = meeting.pair
            if not interpreters.get(pair):
                context.left_out[meeting.pk] = _("No interpreter for %(pair)s is available.") % {
                    "pair": pair.replace("+", "–")
                }
                continue
            resources[f"i:{pair}"] = len(interpreters[pair])
            needs.append(f"i:{pair}")
        ids = participants_of(meeting)
        participant_ids.update(ids)
        entry = {
            "id": f"m{meeting.pk}",
            "participants": ids,
            "priority": int(meeting.priority),
            "required": False,
            "needs": needs,
        }
        if meeting.pk in fixed:
            slot_id, room_id = fixed[meeting.pk]
            entry.update(fixed_slot=slot_id, allowed_locations=[f"r{room_id}"])
        else:
            allowed = {s.id for s in slot_list} - impossible_slots(meeting, slot_list)
            preferred = preferred_slots(meeting, slot_list) & allowed
            if use_preferred and preferred:
                allowed = preferred
            entry["allowed_slots"] = [s.id for s in slot_list if s.id in allowed]
        problem_meetings.append(entry)
        context.meetings[entry["id"]] = meeting

    # Rooms taken by the programme: a fixed placeholder meeting holds the room.
    room_busy = room_commitments(summit, rooms)
    for room in rooms:
        for s in slot_list:
            if any(_overlaps(s.start, s.end, b.start, b.end) for b in room_busy.get(room.pk, [])):
                holder = f"hold-r{room.pk}-{s.id}"
                participant_ids.add(holder)
                problem_meetings.append(
                    {
                        "id": holder,
                        "participants": [holder],
                        "fixed_slot": s.id,
                        "allowed_locations": [f"r{room.pk}"],
                        "required": True,
                    }
                )
    problem = {
        "format": "summitry.meetings/1",
        "slots": [
            {
                "id": s.id,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "block": str(s.day),
            }
            for s in slot_list
        ],
        "locations": [{"id": f"r{room.pk}", "capacity": 1} for room in rooms],
        "participants": [
            {"id": pid, "unavailable": sorted(unavailable.get(pid, ()))}
            for pid in sorted(participant_ids)
        ],
        "meetings": problem_meetings,
        "objective": {"idle_gaps": "minimize", "fairness_max_difference": None},
    }
    if resources:
        problem["resources"] = [{"id": rid, "capacity": n} for rid, n in sorted(resources.items())]
    return problem, context


@dataclass
class Draft:
    """The solver's answer for the summit: request id → (slot, room id); the rest unplaced."""

    placements: dict[int, tuple[Slot, int]]
    unscheduled: dict[int, str]
    status: str  # "optimal" only when the solver proved it
    idle_gaps: int | None = None
    bound: int | None = None  # no schedule of these meetings has fewer idle gaps


def _run(problem: dict, on_progress=None) -> dict:
    parsed = parse_problem(problem)
    answer = solve(
        parsed, time_limit=SOLVER_SECONDS, workers=2, seed=0, on_progress=on_progress
    ).to_json()
    violations = verify(parsed, answer)
    if violations:
        raise ValidationError(
            _("The scheduler gave an answer that breaks the rules: %(rules)s")
            % {"rules": "; ".join(violations)}
        )
    return answer


def schedule(summit: Summit, report=None) -> Draft:
    """Place the accepted meetings, around the pinned ones; preferred times first.
    ``report(**figures)`` hears the solver's progress (core.runs.Reporter)."""

    def heard(stage: str):
        if report is None:
            return None
        return lambda figures: report(stage=stage, **figures)

    problem, context = build_problem(summit)
    if report is not None:
        report(stage="preferred", meetings=len(context.meetings))
    answer = _run(problem, heard("preferred"))
    placed = {a["meeting"]: a for a in answer["assignments"] if a["meeting"] in context.meetings}
    missed = [m for key, m in context.meetings.items() if key not in placed]
    if missed and any(preferred_slots(m, context.slots) for m in missed):
        # Try again without the preferences, holding the meetings already placed.
        fixed = {
            context.meetings[key].pk: (a["slot"], int(a["location"][1:]))
            for key, a in placed.items()
        }
        problem, context = build_problem(summit, fixed=fixed, use_preferred=False)
        answer = _run(problem, heard("any time"))
        placed = {
            a["meeting"]: a for a in answer["assignments"] if a["meeting"] in context.meetings
        }
    by_id = {s.id: s for s in context.slots}
    placements = {
        context.meetings[key].pk: (by_id[a["slot"]], int(a["location"][1:]))
        for key, a in placed.items()
    }
    unscheduled = dict(context.left_out)
    for key, meeting in context.meetings.items():
        if key not in placed:
            unscheduled[meeting.pk] = _("No time fits every attendee, room and interpreter.")
    objective = answer.get("objective") or {}
    return Draft(
        placements,
        unscheduled,
        answer["status"],
        idle_gaps=objective.get("idle_gaps"),
        bound=objective.get("bound"),
    )


def assign_interpreters(summit: Summit, meetings: list[MeetingRequest]) -> dict[int, int | None]:
    """Request id → interpreter id, the first free interpreter of the pair in each slot."""
    pool: dict[str, list[Interpreter]] = defaultdict(list)
    for interpreter in in_summit(Interpreter, summit).order_by("pk"):
        pool[interpreter.pair].append(interpreter)
    taken: dict[tuple[datetime.datetime, int], int] = {}
    result: dict[int, int | None] = {}
    for meeting in sorted(meetings, key=lambda m: (not m.pinned, m.pk)):
        if not meeting.is_scheduled or not meeting.needs_interpretation:
            result[meeting.pk] = None
            continue
        # Keep the current interpreter if still free.
        candidates = sorted(
            pool.get(meeting.pair, []), key=lambda i: (i.pk != meeting.interpreter_id, i.pk)
        )
        chosen = next((i for i in candidates if (meeting.starts_at, i.pk) not in taken), None)
        result[meeting.pk] = chosen.pk if chosen else None
        if chosen:
            taken[(meeting.starts_at, chosen.pk)] = meeting.pk
    return result


def check_placement(
    summit: Summit, meeting: MeetingRequest, start: datetime.datetime, room
) -> list[str]:
    """Why ``meeting`` cannot take place at ``start`` in ``room`` (an empty list if it can)."""
    config = settings_of(summit)
    slot = slot_at(summit, start, config)
    if slot is None:
        return [_("This is not one of the times for bilateral meetings.")]
    rooms = {r.pk for r in config.rooms.all()} if config.pk else set()
    if room.pk not in rooms:
        return [_("This room is not set aside for bilateral meetings.")]
    problems = []
    others = [m for m in accepted(summit) if m.pk != meeting.pk and m.is_scheduled]
    at_once = [m for m in others if _overlaps(m.starts_at, m.ends_at, slot.start, slot.end)]
    for other in at_once:
        if other.room_id == room.pk:
            problems.append(
                _("%(room)s is already taken by the meeting “%(other)s”.")
                % {"room": room, "other": other}
            )
    for busy in room_commitments(summit, [room]).get(room.pk, []):
        if _overlaps(busy.start, busy.end, slot.start, slot.end):
            problems.append(
                _("%(room)s is used for “%(other)s” at that time.")
                % {"room": room, "other": busy.what}
            )
    people = list(meeting.attendees.all())
    mine = set(participants_of(meeting))
    for other in at_once:
        shared = mine & set(participants_of(other))
        if shared:
            problems.append(
                _("An attendee is already in the meeting “%(other)s” at that time.")
                % {"other": other}
            )
    by_id = {p.pk: p for p in people}
    for person_id, spans in commitments(summit, people).items():
        for busy in spans:
            if _overlaps(busy.start, busy.end, slot.start, slot.end):
                problems.append(
                    _("%(person)s is at “%(other)s” at that time.")
                    % {"person": by_id[person_id], "other": busy.what}
                )
    if slot.id in impossible_slots(meeting, [slot]):
        problems.append(_("One side cannot meet at that time."))
    if meeting.needs_interpretation:
        available = in_summit(Interpreter, summit).filter(
            Q(language_a=meeting.requester_language, language_b=meeting.counterpart_language)
            | Q(language_a=meeting.counterpart_language, language_b=meeting.requester_language)
        )
        busy_pairs = [m for m in at_once if m.needs_interpretation and m.pair == meeting.pair]
        if available.count() <= len(busy_pairs):
            problems.append(
                _("No interpreter for %(pair)s is free at that time.")
                % {"pair": meeting.pair.replace("+", "–")}
            )
    return problems


def verify_draft(summit: Summit) -> list[str]:
    """The solver's own check of the draft as it stands: [] when it keeps every rule."""
    meetings = list(accepted(summit))
    problem, context = build_problem(summit, meetings=meetings, fix_all_scheduled=True)
    assignments = []
    for key, meeting in context.meetings.items():
        if meeting.is_scheduled:
            slot = next((s for s in context.slots if s.start == meeting.starts_at), None)
            if slot is None:
                return [_("A meeting is not at one of the times for bilateral meetings.")]
            assignments.append({"meeting": key, "slot": slot.id, "location": f"r{meeting.room_id}"})
    for entry in problem["meetings"]:
        if entry["id"].startswith("hold-"):
            assignments.append(
                {
                    "meeting": entry["id"],
                    "slot": entry["fixed_slot"],
                    "location": entry["allowed_locations"][0],
                }
            )
    placed = {a["meeting"] for a in assignments}
    # Only what is placed is checked; the rest is simply not scheduled.
    problem["meetings"] = [m for m in problem["meetings"] if m["id"] in placed]
    parsed = parse_problem(problem)
    placements = {a["meeting"]: (parsed.slot_index[a["slot"]], a["location"]) for a in assignments}
    return evaluate(parsed, placements).violations
