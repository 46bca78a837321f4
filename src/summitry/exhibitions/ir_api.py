"""REST API of investor relations (tag ``exhibitions``, under /summits/{slug}/ir/): the
sessions a caller takes part in, their own requests (ask, answer) and published schedule,
follow-ups; for staff (the ``exhibitions`` permission) every request, the draft schedule,
matching suggestions, the scheduler's runs, publication and attendance. Token needed."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from summitry.core import runs
from summitry.core.api import TokenAuth
from summitry.core.bilingual import values
from summitry.core.schemas import Bilingual, Problem, UtcDateTime
from summitry.summits import queries as summit_queries

from . import ir_queries, ir_services, policy
from .api import router
from .ir_models import (
    Attendance,
    InvestorStatus,
    IRMeeting,
    MeetingStatus,
    Outcome,
    PitchMode,
    Side,
)

BASE = "/summits/{slug}/ir/sessions"
AUTH = {"auth": TokenAuth()}
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


class IRCompanyOut(Schema):
    id: int
    organisation_id: int
    name: Bilingual
    summary: Bilingual
    position: int
    pitch_minutes: int
    mode: PitchMode
    sectors: list[str]
    stage: str
    has_deck: bool
    is_sample: bool


class IRInvestorOut(Schema):
    id: int
    name: str
    organisation_id: int | None
    sectors: list[str]
    stages: list[str]
    ticket_size: str
    notes: Bilingual
    profile: Bilingual
    status: InvestorStatus
    is_sample: bool


class IRSessionOut(Schema):
    id: int
    item_id: int
    title: Bilingual
    meetings_start: UtcDateTime
    meetings_end: UtcDateTime
    meeting_minutes: int
    tables: int
    published: bool
    you_are: str  # "investor", "company" or "staff"
    companies: list[IRCompanyOut]
    investors: list[IRInvestorOut]


class IRMeetingOut(Schema):
    id: int
    investor_id: int
    company_id: int
    requested_by: Side
    status: MeetingStatus
    message: str
    investor_agreed: bool
    company_agreed: bool
    starts_at: UtcDateTime | None
    ends_at: UtcDateTime | None
    table: int | None


class IRRequestIn(Schema):
    """An investor names the company, a company the investor; staff name both."""

    investor_id: int | None = None
    company_id: int | None = None
    message: str = ""


class IRAnswerIn(Schema):
    accept: bool


class IRAttendanceIn(Schema):
    investor: Attendance
    company: Attendance


class IRFollowUpIn(Schema):
    outcome: Outcome
    next_step: str = ""


class IRFollowUpOut(Schema):
    meeting_id: int
    side: Side
    outcome: Outcome
    next_step: str


class IRSuggestionOut(Schema):
    investor_id: int
    company_id: int
    score: int
    sectors: list[str]
    stage: bool


class IRRunOut(Schema):
    id: int
    status: str
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    progress: dict
    result: dict | None
    errors: list[str]


def _who(request, slug: str, session_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    ir = ir_queries.session(summit, session_id)
    investor = ir_services.investor_of(request.user, ir)
    company = None if investor else ir_services.company_of(request.user, ir)
    staff = policy.is_staff_for(request.user, summit)
    if investor is None and company is None and not staff:
        raise Http404(_("You take no part in this IR session."))
    return ir, investor, company, staff


def _company_out(c) -> dict:
    return {
        "id": c.pk,
        "organisation_id": c.organisation_id,
        "name": values(c.organisation, "name"),
        "summary": values(c, "summary"),
        "position": c.position,
        "pitch_minutes": c.pitch_minutes,
        "mode": c.mode,
        "sectors": c.sectors,
        "stage": c.stage,
        "has_deck": bool(c.deck),
        "is_sample": c.is_sample,
    }


def _investor_out(i) -> dict:
    return {
        "id": i.pk,
        "name": i.name,
        "organisation_id": i.organisation_id,
        "sectors": i.sectors,
        "stages": i.stages,
        "ticket_size": i.ticket_size,
        "notes": values(i, "notes"),
        "profile": values(i, "profile"),
        "status": i.status,
        "is_sample": i.is_sample,
    }


def _meeting_out(m: IRMeeting, *, times: bool = True) -> dict:
    return {
        "id": m.pk,
        "investor_id": m.investor_id,
        "company_id": m.company_id,
        "requested_by": m.requested_by,
        "status": m.status,
        "message": m.message,
        "investor_agreed": m.investor_agreed,
        "company_agreed": m.company_agreed,
        "starts_at": m.starts_at if times else None,
        "ends_at": m.ends_at if times else None,
        "table": m.table if times else None,
    }


@router.get(BASE, response={200: list[IRSessionOut], **ERRORS}, **AUTH)
def list_ir_sessions(request: HttpRequest, slug: str):
    """The summit's IR sessions the caller takes part in (all of them for staff), with the
    pitching companies (for investors and staff) and the investors (for companies and staff)."""
    summit = summit_queries.in_its_zone(request, slug)
    staff = policy.is_staff_for(request.user, summit)
    rows = ir_queries.sessions(summit) if staff else ir_queries.sessions_of(request.user, summit)
    result = []
    for ir in rows:
        investor = ir_services.investor_of(request.user, ir)
        company = None if investor else ir_services.company_of(request.user, ir)
        you = "investor" if investor else "company" if company else "staff"
        result.append(
            {
                "id": ir.pk,
                "item_id": ir.item_id,
                "title": values(ir.item, "title"),
                "meetings_start": ir.meetings_start,
                "meetings_end": ir.meetings_end,
                "meeting_minutes": ir.meeting_minutes,
                "tables": ir.tables,
                "published": ir.published_at is not None,
                "you_are": you,
                "companies": [_company_out(c) for c in ir_queries.companies(ir)]
                if you != "company"
                else [],
                "investors": [_investor_out(i) for i in ir_queries.approved_investors(ir)]
                if you != "investor"
                else [],
            }
        )
    return result


@router.get(f"{BASE}/{{session_id}}/requests", response={200: list[IRMeetingOut], **ERRORS}, **AUTH)
def list_ir_requests(request: HttpRequest, slug: str, session_id: int):
    """The caller's own requests either way (every request, for staff). Times only once the
    schedule is published (staff see the draft)."""
    ir, investor, company, staff = _who(request, slug, session_id)
    if investor or company:
        rows = ir_queries.meetings_of(ir, investor=investor, company=company)
    else:
        rows = ir_queries.meetings(ir)
    shown = staff and not (investor or company) or ir.published_at is not None
    return [_meeting_out(m, times=shown) for m in rows.order_by("pk")]


@router.post(f"{BASE}/{{session_id}}/requests", response={201: IRMeetingOut, **ERRORS}, **AUTH)
def create_ir_request(request: HttpRequest, slug: str, session_id: int, payload: IRRequestIn):
    ir, investor, company, _staff = _who(request, slug, session_id)
    investor = investor or ir_queries.approved_investors(ir).filter(pk=payload.investor_id).first()
    company = company or ir_queries.companies(ir).filter(pk=payload.company_id).first()
    if investor is None or company is None:
        raise ValidationError(_("Name an investor and a company of this session."))
    meeting = ir_services.request_meeting(
        actor=request.user, investor=investor, company=company, message=payload.message
    )
    return Status(201, _meeting_out(meeting, times=False))


def _meeting(request, slug, session_id, meeting_id):
    ir, investor, company, staff = _who(request, slug, session_id)
    meeting = ir_queries.meeting(ir, meeting_id)
    if ir_services.side_of(request.user, meeting) is None and not staff:
        raise Http404(_("No such meeting."))
    return ir, meeting


@router.post(
    f"{BASE}/{{session_id}}/requests/{{meeting_id}}/answer",
    response={200: IRMeetingOut, **ERRORS},
    **AUTH,
)
def answer_ir_request(
    request: HttpRequest, slug: str, session_id: int, meeting_id: int, payload: IRAnswerIn
):
    _ir, meeting = _meeting(request, slug, session_id, meeting_id)
    meeting = ir_services.respond(actor=request.user, meeting=meeting, accept=payload.accept)
    return _meeting_out(meeting, times=False)


@router.get(f"{BASE}/{{session_id}}/schedule", response={200: list[IRMeetingOut], **ERRORS}, **AUTH)
def get_ir_schedule(request: HttpRequest, slug: str, session_id: int):
    """The caller's own scheduled meetings once published; for staff, the whole (draft)
    schedule."""
    ir, investor, company, staff = _who(request, slug, session_id)
    if investor or company:
        rows = ir_queries.schedule_of(ir, investor=investor, company=company)
    else:
        rows = ir_queries.whole_schedule(ir)
    return [_meeting_out(m) for m in rows.order_by("starts_at", "table")]


@router.get(
    f"{BASE}/{{session_id}}/suggestions", response={200: list[IRSuggestionOut], **ERRORS}, **AUTH
)
def list_ir_suggestions(request: HttpRequest, slug: str, session_id: int):
    """Staff: pairs without a request yet, best matching interests first."""
    summit = summit_queries.in_its_zone(request, slug)
    policy.require_staff(request.user, summit)
    ir = ir_queries.session(summit, session_id)
    return [
        {
            "investor_id": s["investor"].pk,
            "company_id": s["company"].pk,
            "score": s["score"],
            "sectors": [str(x) for x in s["sectors"]],
            "stage": s["stage"],
        }
        for s in ir_services.suggestions(ir)
    ]


def _run_out(run) -> dict:
    progress = {k: v for k, v in runs.progress_of(run).items() if k != "language"}
    return {
        "id": run.pk,
        "status": run.status,
        "created_at": run.created_at,
        "finished_at": run.finished_at,
        "progress": progress,
        "result": run.result if run.status == "done" else None,
        "errors": run.errors,
    }


def _staff_session(request, slug, session_id):
    summit = summit_queries.in_its_zone(request, slug)
    policy.require_staff(request.user, summit)
    return ir_queries.session(summit, session_id)


@router.post(f"{BASE}/{{session_id}}/schedule/run", response={202: IRRunOut, **ERRORS}, **AUTH)
def run_ir_scheduler(request: HttpRequest, slug: str, session_id: int):
    """Start the scheduler in the background (or get the run under way); poll the run."""
    ir = _staff_session(request, slug, session_id)
    return Status(202, _run_out(ir_services.start_scheduler(actor=request.user, session=ir)))


@router.get(f"{BASE}/{{session_id}}/schedule/run", response={200: IRRunOut, **ERRORS}, **AUTH)
def get_ir_scheduler_run(request: HttpRequest, slug: str, session_id: int):
    ir = _staff_session(request, slug, session_id)
    run = ir_services.latest_run(ir)
    if run is None:
        raise Http404(_("The scheduler has not run yet."))
    return _run_out(run)


@router.post(
    f"{BASE}/{{session_id}}/schedule/publish", response={200: IRSessionOut, **ERRORS}, **AUTH
)
def publish_ir_schedule(request: HttpRequest, slug: str, session_id: int):
    ir = _staff_session(request, slug, session_id)
    ir_services.publish(actor=request.user, session=ir)
    return next(s for s in list_ir_sessions(request, slug) if s["id"] == ir.pk)


@router.put(
    f"{BASE}/{{session_id}}/meetings/{{meeting_id}}/attendance",
    response={200: IRMeetingOut, **ERRORS},
    **AUTH,
)
def mark_ir_attendance(
    request: HttpRequest, slug: str, session_id: int, meeting_id: int, payload: IRAttendanceIn
):
    """Staff: who came to the table (``present``, ``no_show`` or ``""``)."""
    ir = _staff_session(request, slug, session_id)
    meeting = ir_queries.meeting(ir, meeting_id)
    meeting = ir_services.mark_attendance(
        actor=request.user, meeting=meeting, investor=payload.investor, company=payload.company
    )
    return _meeting_out(meeting)


@router.put(
    f"{BASE}/{{session_id}}/meetings/{{meeting_id}}/follow-up",
    response={200: IRFollowUpOut, **ERRORS},
    **AUTH,
)
def write_ir_follow_up(
    request: HttpRequest, slug: str, session_id: int, meeting_id: int, payload: IRFollowUpIn
):
    """One side's follow-up after the meeting: outcome and next step."""
    _ir, meeting = _meeting(request, slug, session_id, meeting_id)
    if ir_services.side_of(request.user, meeting) is None:
        raise PermissionDenied(_("Only the two sides of a meeting write its follow-up."))
    note = ir_services.write_follow_up(
        actor=request.user, meeting=meeting, outcome=payload.outcome, next_step=payload.next_step
    )
    return {
        "meeting_id": meeting.pk,
        "side": note.side,
        "outcome": note.outcome,
        "next_step": note.next_step,
    }


class IRTableCheckInIn(Schema):
    table: int = Field(..., description="The table's number (1 to the session's tables).")
    code: str = Field(..., max_length=400, description="The badge's signed code (its QR).")


class IRTableCheckInOut(Schema):
    side: Side
    meeting: IRMeetingOut


@router.post(
    f"{BASE}/{{session_id}}/tables/checkins",
    response={200: IRTableCheckInOut, **ERRORS},
    **AUTH,
)
def check_in_at_ir_table(
    request: HttpRequest, slug: str, session_id: int, payload: IRTableCheckInIn
):
    """IR staff (or a pitching company at its own meetings) scan the badge of whoever sits
    down at a table: their side of the meeting there now is marked present (400 with the
    reason for a forged, revoked or superseded code, or nobody expected there now)."""
    summit = summit_queries.in_its_zone(request, slug)
    ir = ir_queries.session(summit, session_id)
    if not policy.is_staff_for(request.user, summit) and not ir_services.company_of(
        request.user, ir
    ):
        raise Http404(_("You take no part in this IR session."))
    meeting, side = ir_services.check_in_at_table(
        actor=request.user, session=ir, table=payload.table, code=payload.code
    )
    return {"side": side, "meeting": _meeting_out(meeting)}


class IRSignUpIn(Schema):
    """An investor's own registration: name and firm, interests, profile in either language."""

    name: str = Field(..., max_length=200)
    sectors: list[str]
    stages: list[str] = []
    ticket_size: str = ""
    profile: Bilingual = Field(default_factory=lambda: {"ko": "", "en": ""})


@router.post(
    f"{BASE}/{{session_id}}/investors/sign-up",
    response={201: IRInvestorOut, **ERRORS},
    **AUTH,
)
def sign_up_ir_investor(request: HttpRequest, slug: str, session_id: int, payload: IRSignUpIn):
    """The caller signs up as an investor of the session (once); staff approve before they
    request or get meetings."""
    summit = summit_queries.in_its_zone(request, slug)
    ir = ir_queries.session(summit, session_id)
    data = payload.dict()
    profile = data.pop("profile") or {}
    data["profile_ko"] = str(profile.get("ko") or "")
    data["profile_en"] = str(profile.get("en") or "")
    investor = ir_services.sign_up_investor(actor=request.user, session=ir, data=data)
    return Status(201, _investor_out(investor))


@router.post(
    f"{BASE}/{{session_id}}/investors/{{investor_id}}/approve",
    response={200: IRInvestorOut, **ERRORS},
    **AUTH,
)
def approve_ir_investor(request: HttpRequest, slug: str, session_id: int, investor_id: int):
    """Staff approve a signed-up investor."""
    ir = _staff_session(request, slug, session_id)
    found = ir_queries.investors(ir).filter(pk=investor_id).first()
    if found is None:
        raise Http404(_("No such investor."))
    return _investor_out(ir_services.approve_investor(actor=request.user, investor=found))
