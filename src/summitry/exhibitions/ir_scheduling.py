"""An IR session's accepted meetings as a `summitry.meetings/1` problem, and back.

Slots: the session's meeting window cut into meetings of ``meeting_minutes`` (one block per
day, in the summit's zone). Locations: the session's tables, one meeting at a time each.
Participants: each investor (``inv<id>``) and each company (``co<id>``). A company is
unavailable while it pitches (its turn in the session's order); either side is unavailable in
a slot that overlaps one of its person's commitments in the programme (the diplomacy
scheduler's rules: roles, invitations, sign-ups, heads' items; the IR session itself left out).
Every answer is checked with the solver's ``verify`` before anything is saved.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from summitry.diplomacy.scheduling import commitments
from summitry.solvers.meetings import evaluate, parse_problem, solve, verify

from .ir_models import IRMeeting, IRSession, MeetingStatus

SOLVER_SECONDS = 5.0


@dataclass(frozen=True)
class Slot:
    id: str
    start: datetime.datetime
    end: datetime.datetime


def slots(session: IRSession) -> list[Slot]:
    zone = session.summit.zone
    length = datetime.timedelta(minutes=session.meeting_minutes)
    result, start = [], session.meetings_start
    while start + length <= session.meetings_end:
        local = start.astimezone(zone)
        result.append(Slot(local.strftime("%Y-%m-%dT%H:%M"), start, start + length))
        start += length
    return result


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def pitch_times(session: IRSession) -> dict[int, tuple[datetime.datetime, datetime.datetime]]:
    """Company id → when it pitches: the session's item, in order, one pitch after another."""
    at = session.item.starts_at
    result = {}
    for company in session.companies.order_by("position", "pk"):
        end = at + datetime.timedelta(minutes=company.pitch_minutes)
        result[company.pk] = (at, end)
        at = end
    return result


def accepted(session: IRSession):
    return (
        IRMeeting.objects.filter(session=session, status=MeetingStatus.ACCEPTED)
        .select_related("investor__person", "company__contact", "company__organisation")
        .order_by("pk")
    )


@dataclass
class Context:
    session: IRSession
    slots: list[Slot]
    meetings: dict[str, IRMeeting] = field(default_factory=dict)


def unavailable(session: IRSession, meetings: list[IRMeeting], slot_list: list[Slot]):
    """Participant id → the slot ids it cannot meet in."""
    found: dict[str, set[str]] = defaultdict(set)
    pitches = pitch_times(session)
    for meeting in meetings:
        span = pitches.get(meeting.company_id)
        if span:
            for s in slot_list:
                if _overlaps(s.start, s.end, *span):
                    found[f"co{meeting.company_id}"].add(s.id)
    people: dict[int, set[str]] = defaultdict(set)
    for meeting in meetings:
        if meeting.investor.person_id:
            people[meeting.investor.person_id].add(f"inv{meeting.investor_id}")
        if meeting.company.contact_id:
            people[meeting.company.contact_id].add(f"co{meeting.company_id}")
    persons = [m.investor.person for m in meetings if m.investor.person_id] + [
        m.company.contact for m in meetings if m.company.contact_id
    ]
    item = session.item
    own = str(item)
    for person_id, spans in commitments(
        session.summit, list({p.pk: p for p in persons}.values())
    ).items():
        for busy in spans:
            if (busy.start, busy.end, busy.what) == (item.starts_at, item.ends_at, own):
                continue  # the IR session itself: its pitches are counted above
            for s in slot_list:
                if _overlaps(s.start, s.end, busy.start, busy.end):
                    for participant in people[person_id]:
                        found[participant].add(s.id)
    return found


def build_problem(
    session: IRSession, *, meetings: list[IRMeeting] | None = None, fixed: bool = False
) -> tuple[dict, Context]:
    """The problem of the session's accepted meetings; ``fixed`` holds each scheduled meeting
    where it is (to check the draft)."""
    slot_list = slots(session)
    if not slot_list:
        raise ValidationError(_("The meeting window holds no meeting; widen it first."))
    meetings = list(accepted(session)) if meetings is None else meetings
    context = Context(session, slot_list)
    by_start = {s.start: s for s in slot_list}
    busy = unavailable(session, meetings, slot_list)
    participants: set[str] = set()
    entries = []
    for meeting in meetings:
        ids = [f"inv{meeting.investor_id}", f"co{meeting.company_id}"]
        participants.update(ids)
        entry = {"id": f"m{meeting.pk}", "participants": ids, "priority": 1, "required": False}
        if fixed and meeting.is_scheduled and meeting.starts_at in by_start:
            entry.update(
                fixed_slot=by_start[meeting.starts_at].id,
                allowed_locations=[f"t{meeting.table}"],
            )
        entries.append(entry)
        context.meetings[entry["id"]] = meeting
    problem = {
        "format": "summitry.meetings/1",
        "slots": [
            {
                "id": s.id,
                "start": s.start.isoformat(),
                "end": s.end.isoformat(),
                "block": str(s.start.astimezone(session.summit.zone).date()),
            }
            for s in slot_list
        ],
        "locations": [{"id": f"t{n}", "capacity": 1} for n in range(1, session.tables + 1)],
        "participants": [
            {"id": pid, "unavailable": sorted(busy.get(pid, ()))} for pid in sorted(participants)
        ],
        "meetings": entries,
        "objective": {"idle_gaps": "minimize", "fairness_max_difference": None},
    }
    return problem, context


@dataclass
class Draft:
    """The solver's answer: meeting id → (slot, table); the rest unplaced."""

    placements: dict[int, tuple[Slot, int]]
    unscheduled: list[int]
    status: str
    idle_gaps: int | None = None
    problem: dict | None = None
    answer: dict | None = None


def schedule(session: IRSession, report=None) -> Draft:
    problem, context = build_problem(session)
    parsed = parse_problem(problem)
    progress = None
    if report is not None:
        report(stage="solving", meetings=len(context.meetings))

        def progress(figures):
            report(stage="solving", **figures)

    answer = solve(
        parsed, time_limit=SOLVER_SECONDS, workers=2, seed=0, on_progress=progress
    ).to_json()
    violations = verify(parsed, answer)
    if violations:
        raise ValidationError(
            _("The scheduler gave an answer that breaks the rules: %(rules)s")
            % {"rules": "; ".join(violations)}
        )
    by_id = {s.id: s for s in context.slots}
    placements = {
        context.meetings[a["meeting"]].pk: (by_id[a["slot"]], int(a["location"][1:]))
        for a in answer["assignments"]
    }
    unscheduled = [m.pk for m in context.meetings.values() if m.pk not in placements]
    objective = answer.get("objective") or {}
    return Draft(
        placements,
        unscheduled,
        answer["status"],
        idle_gaps=objective.get("idle_gaps"),
        problem=problem,
        answer=answer,
    )


def verify_draft(session: IRSession) -> list[str]:
    """The solver's own check of the schedule as it stands: [] when it keeps every rule."""
    problem, context = build_problem(session, fixed=True)
    placed = {key for key, m in context.meetings.items() if m.is_scheduled}
    slot_of = {s.start: s.id for s in context.slots}
    if any(context.meetings[key].starts_at not in slot_of for key in placed):
        return [_("A meeting is not at one of the session's meeting times.")]
    problem["meetings"] = [m for m in problem["meetings"] if m["id"] in placed]
    parsed = parse_problem(problem)
    placements = {
        key: (
            parsed.slot_index[slot_of[context.meetings[key].starts_at]],
            f"t{context.meetings[key].table}",
        )
        for key in placed
    }
    return evaluate(parsed, placements).violations
