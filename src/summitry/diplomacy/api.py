"""REST API of diplomacy: meeting requests and answers, the schedule, gifts, agreements and
the public list of partner cities. Everything but the partner cities needs a token: a
delegation's contact sees and acts for their own delegation's requests only (another
delegation's are 404), protocol officers see and do everything."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view

from summitry.core import pagecache
from summitry.core.api import TokenAuth
from summitry.core.schemas import (
    Bilingual,
    Day,
    ExportRunOut,
    Problem,
    RunOut,
    SummitDateTime,
    bilingual,
    bilingual_input,
)
from summitry.directory import queries as directory_queries
from summitry.directory.api import OrganisationRef
from summitry.summits import queries as summit_queries

from . import exchange, queries, rules, scheduling, services
from .models import (
    AgreementKind,
    AgreementStatus,
    GiftDirection,
    PrecedenceRule,
    Priority,
    RequestStatus,
)

router = Router(tags=["diplomacy"], auth=TokenAuth())
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


class Span(Schema):
    start: datetime.datetime
    end: datetime.datetime


class SpanIn(Schema):
    start: SummitDateTime
    end: SummitDateTime


class AttendeeOut(Schema):
    id: int
    name: str = Field(..., alias="latin_name")
    name_hangul: str
    organisation: str | None = Field(None, alias="organisation.slug")


class MeetingOut(Schema):
    id: int
    requester: OrganisationRef
    counterpart: OrganisationRef
    topic: Bilingual = bilingual("topic")
    attendees: list[AttendeeOut]
    requester_language: str
    counterpart_language: str
    priority: Priority
    status: RequestStatus
    response_note: str
    preferred_times: list[Span]
    proposed_times: list[Span]
    starts_at: datetime.datetime | None = Field(None, description="As published.")
    ends_at: datetime.datetime | None = Field(None, description="As published.")
    room: str | None = Field(None, description="As published.")
    draft_starts_at: datetime.datetime | None = Field(
        None, description="The draft schedule; protocol officers only."
    )
    draft_room: int | None = Field(None, description="The draft's room id; officers only.")
    pinned: bool
    published: bool
    is_sample: bool

    @staticmethod
    def resolve_attendees(meeting):
        return list(meeting.attendees.all())

    @staticmethod
    def resolve_starts_at(meeting):
        return meeting.item.starts_at if meeting.item_id else None

    @staticmethod
    def resolve_ends_at(meeting):
        return meeting.item.ends_at if meeting.item_id else None

    @staticmethod
    def resolve_room(meeting):
        room = meeting.item.room if meeting.item_id else None
        return str(room) if room else None

    @staticmethod
    def resolve_draft_starts_at(meeting, context):
        officer = rules.is_officer(context["request"].user, meeting.summit)
        return meeting.starts_at if officer else None

    @staticmethod
    def resolve_draft_room(meeting, context):
        officer = rules.is_officer(context["request"].user, meeting.summit)
        return meeting.room_id if officer else None

    @staticmethod
    def resolve_published(meeting):
        return meeting.item_id is not None


class MeetingIn(Schema):
    requester: str = Field(..., description="The requesting side's organisation slug.")
    counterpart: str = Field(..., description="The other side's organisation slug.")
    topic: Bilingual
    attendees: list[int] = Field([], description="Person ids of the requesting side.")
    requester_language: str = "en"
    counterpart_language: str = "ko"
    preferred_times: list[SpanIn] = []
    impossible_times: list[SpanIn] = []
    priority: Priority = Priority.LOW


class AnswerIn(Schema):
    answer: str = Field(..., pattern="^(accept|decline|propose)$")
    note: str = ""
    times: list[SpanIn] = []
    impossible_times: list[SpanIn] = []
    attendees: list[int] | None = None


class PinIn(Schema):
    pinned: bool


class MoveIn(Schema):
    starts_at: SummitDateTime
    room: int


class ScheduleOut(Schema):
    status: str
    placed: int
    unscheduled: dict[int, str]


class SchedulerRunOut(RunOut):
    """A run of the meeting scheduler: queued, running (with the best schedule so far and
    the bound as the solver reports them), done (with its result) or failed (with reasons)."""

    result: ScheduleOut | None


class PublishOut(Schema):
    added: int
    changed: int
    removed: int


class GiftOut(Schema):
    id: int
    direction: GiftDirection
    counterpart: OrganisationRef
    description: Bilingual = bilingual("description")
    value: int | None = None
    date: datetime.date
    kept_at: str
    is_sample: bool


class GiftIn(Schema):
    direction: GiftDirection
    counterpart: str
    description: Bilingual
    value: int | None = Field(None, ge=0)
    date: Day
    kept_at: str = ""


class AgreementOut(Schema):
    id: int
    partner: OrganisationRef
    kind: AgreementKind
    title: Bilingual = bilingual("title")
    status: AgreementStatus
    council_resolution: str
    signed_on: datetime.date | None = None
    place: Bilingual = bilingual("place")
    signatories: list[AttendeeOut]
    ceremony: int | None = Field(None, alias="ceremony_id")
    is_sample: bool

    @staticmethod
    def resolve_signatories(agreement):
        return list(agreement.signatories.all())


class AgreementIn(Schema):
    partner: str
    kind: AgreementKind
    title: Bilingual
    place: Bilingual = bilingual_input()
    signatories: list[int] = []


class AgreementPatch(Schema):
    kind: AgreementKind | None = None
    title: Bilingual | None = None
    place: Bilingual | None = None
    signed_on: Day | None = None
    signatories: list[int] | None = None


class StepIn(Schema):
    to: AgreementStatus
    note: str = ""
    council_resolution: str = ""
    signed_on: Day | None = None


class Window(Schema):
    date: Day
    start: str = Field(..., pattern=r"^\d\d:\d\d$")
    end: str = Field(..., pattern=r"^\d\d:\d\d$")


class SettingsIO(Schema):
    meeting_minutes: int = Field(30, ge=10, le=240)
    windows: list[Window] = []
    rooms: list[int] = Field([], description="Room ids.")
    precedence_rule: PrecedenceRule = PrecedenceRule.RANK_ALPHABETICAL
    rotation_letter: str = Field("A", pattern="^[A-Za-z]$")


class InterpreterIn(Schema):
    name: str = Field(..., max_length=200)
    language_a: str = Field(..., description="A meeting language code, e.g. en.")
    language_b: str = Field(..., description="The other language, e.g. ko.")


class InterpreterOut(Schema):
    id: int
    name: str
    language_a: str
    language_b: str


class PartnerOut(Schema):
    partner: OrganisationRef
    country: str = Field(..., alias="partner.country.code")
    kind: AgreementKind
    since: datetime.date | None = Field(None, alias="signed_on")


def _spans(spans) -> list[dict]:
    return [{"start": s.start, "end": s.end} for s in spans]


def _people(summit, organisations, ids):
    known = {p.pk: p for o in organisations for p in queries.people_of(summit, o)}
    missing = [i for i in ids if i not in known]
    if missing:
        raise ValidationError(
            {"attendees": _("Unknown people: %(ids)s") % {"ids": ", ".join(map(str, missing))}}
        )
    return [known[i] for i in ids]


def _organisation(slug):
    return directory_queries.organisation(slug)


# --- meetings ----------------------------------------------------------------------------------


@router.get("/summits/{slug}/diplomacy/meetings", response={200: list[MeetingOut], **ERRORS})
def list_meetings(request: HttpRequest, slug: str, status: RequestStatus | None = None):
    """Officers: every request; a contact: their own delegation's, as either side."""
    rows = queries.requests(summit_queries.in_its_zone(request, slug), request.user)
    return list(rows.filter(status=status) if status else rows)


@router.post("/summits/{slug}/diplomacy/meetings", response={201: MeetingOut, **ERRORS})
def request_meeting(request: HttpRequest, slug: str, payload: MeetingIn):
    summit = summit_queries.in_its_zone(request, slug)
    requester = _organisation(payload.requester)
    rules.require_acts_for(request.user, summit, requester.pk)
    counterpart = _organisation(payload.counterpart)
    meeting = services.request_meeting(
        actor=request.user,
        summit=summit,
        requester=requester,
        counterpart=counterpart,
        topic=payload.topic.dict(),
        attendees=_people(summit, [requester], payload.attendees),
        requester_language=payload.requester_language,
        counterpart_language=payload.counterpart_language,
        preferred_times=_spans(payload.preferred_times),
        impossible_times=_spans(payload.impossible_times),
        priority=payload.priority,
    )
    return Status(201, queries.request(summit, request.user, meeting.pk))


@router.get("/summits/{slug}/diplomacy/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
def get_meeting(request: HttpRequest, slug: str, meeting_id: int):
    return queries.request(summit_queries.in_its_zone(request, slug), request.user, meeting_id)


@router.post(
    "/summits/{slug}/diplomacy/meetings/{meeting_id}/answer", response={200: MeetingOut, **ERRORS}
)
def answer_meeting(request: HttpRequest, slug: str, meeting_id: int, payload: AnswerIn):
    """The other side accepts, declines or proposes other times (the requester then accepts
    or declines the proposal)."""
    summit = summit_queries.in_its_zone(request, slug)
    meeting = queries.request(summit, request.user, meeting_id)
    attendees = None
    if payload.attendees is not None:
        attendees = _people(summit, [meeting.requester, meeting.counterpart], payload.attendees)
    services.respond(
        actor=request.user,
        meeting=meeting,
        answer=payload.answer,
        note=payload.note,
        times=_spans(payload.times),
        impossible_times=_spans(payload.impossible_times),
        attendees=attendees,
    )
    return queries.request(summit, request.user, meeting_id)


@router.post(
    "/summits/{slug}/diplomacy/meetings/{meeting_id}/cancel", response={200: MeetingOut, **ERRORS}
)
def cancel_meeting(request: HttpRequest, slug: str, meeting_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    meeting = queries.request(summit, request.user, meeting_id)
    services.cancel(actor=request.user, meeting=meeting)
    return queries.request(summit, request.user, meeting_id)


@router.post(
    "/summits/{slug}/diplomacy/meetings/{meeting_id}/pin", response={200: MeetingOut, **ERRORS}
)
def pin_meeting(request: HttpRequest, slug: str, meeting_id: int, payload: PinIn):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_officer(request.user, summit)
    meeting = queries.request(summit, request.user, meeting_id)
    services.pin(actor=request.user, meeting=meeting, pinned=payload.pinned)
    return queries.request(summit, request.user, meeting_id)


@router.post(
    "/summits/{slug}/diplomacy/meetings/{meeting_id}/move", response={200: MeetingOut, **ERRORS}
)
def move_meeting(request: HttpRequest, slug: str, meeting_id: int, payload: MoveIn):
    """Move a meeting to a slot and room by hand (checked like the scheduler; it is pinned)."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_officer(request.user, summit)
    meeting = queries.request(summit, request.user, meeting_id)
    room = summit_queries.room(summit, payload.room)
    services.move(actor=request.user, meeting=meeting, starts_at=payload.starts_at, room=room)
    return queries.request(summit, request.user, meeting_id)


def _run_out(run) -> dict:
    from summitry.core import runs

    done = run.status == "done" and "placed" in run.result
    return {**runs.described(run), "result": run.result if done else None}


@router.post("/summits/{slug}/diplomacy/schedule/run", response={202: SchedulerRunOut, **ERRORS})
def run_meeting_scheduler(request: HttpRequest, slug: str):
    """Start the scheduler in the background (or get the run already under way); follow it
    with the run's address until its status is done or failed."""
    summit = summit_queries.in_its_zone(request, slug)
    return Status(202, _run_out(services.start_scheduler(actor=request.user, summit=summit)))


@router.get(
    "/summits/{slug}/diplomacy/schedule/runs/{run_id}", response={200: SchedulerRunOut, **ERRORS}
)
def get_meeting_scheduler_run(request: HttpRequest, slug: str, run_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_officer(request.user, summit)
    return _run_out(queries.scheduler_run(summit, run_id))


@router.post("/summits/{slug}/diplomacy/schedule/publish", response={200: PublishOut, **ERRORS})
def publish_meeting_schedule(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    return services.publish(actor=request.user, summit=summit)


def _settings_out(config) -> dict:
    return {
        "meeting_minutes": config.meeting_minutes,
        "windows": config.windows,
        "rooms": [r.pk for r in config.rooms.all()] if config.pk else [],
        "precedence_rule": config.precedence_rule,
        "rotation_letter": config.rotation_letter,
    }


@router.get("/summits/{slug}/diplomacy/settings", response={200: SettingsIO, **ERRORS})
def get_diplomacy_settings(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_officer(request.user, summit)
    return _settings_out(scheduling.settings_of(summit))


@router.put("/summits/{slug}/diplomacy/settings", response={200: SettingsIO, **ERRORS})
def set_diplomacy_settings(request: HttpRequest, slug: str, payload: SettingsIO):
    """Meeting length, daily windows (in the summit's time zone), rooms and precedence."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_officer(request.user, summit)
    data = payload.dict()
    data["windows"] = [
        {"date": w["date"].isoformat(), "start": w["start"], "end": w["end"]}
        for w in data["windows"]
    ]
    data["rooms"] = [summit_queries.room(summit, pk) for pk in data["rooms"]]
    config = services.save_settings(actor=request.user, summit=summit, **data)
    return _settings_out(config)


@router.get(
    "/summits/{slug}/diplomacy/interpreters", response={200: list[InterpreterOut], **ERRORS}
)
def list_interpreters(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_officer(request.user, summit)
    return list(queries.interpreters(summit))


@router.post("/summits/{slug}/diplomacy/interpreters", response={201: InterpreterOut, **ERRORS})
def add_interpreter(request: HttpRequest, slug: str, payload: InterpreterIn):
    summit = summit_queries.in_its_zone(request, slug)
    interpreter = services.add_interpreter(actor=request.user, summit=summit, **payload.dict())
    return Status(201, interpreter)


@router.delete(
    "/summits/{slug}/diplomacy/interpreters/{interpreter_id}", response={204: None, **ERRORS}
)
def remove_interpreter(request: HttpRequest, slug: str, interpreter_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_officer(request.user, summit)
    services.remove_interpreter(
        actor=request.user, interpreter=queries.interpreter(summit, interpreter_id)
    )
    return Status(204, None)


# --- gifts -------------------------------------------------------------------------------------


@router.get("/summits/{slug}/diplomacy/gifts", response={200: list[GiftOut], **ERRORS})
def list_gifts(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_gift_keeper(request.user, summit)
    return list(queries.gifts(summit))


@router.post("/summits/{slug}/diplomacy/gifts", response={201: GiftOut, **ERRORS})
def record_gift(request: HttpRequest, slug: str, payload: GiftIn):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_gift_keeper(request.user, summit)
    data = payload.dict()
    data["counterpart"] = _organisation(data["counterpart"])
    return Status(201, services.record_gift(actor=request.user, summit=summit, data=data))


@router.get(
    "/summits/{slug}/diplomacy/gifts.{fmt}", response={200: None, 202: ExportRunOut, **ERRORS}
)
def export_gifts(request: HttpRequest, slug: str, fmt: str):
    """The gift log as `csv` or `xlsx`; a large one is written in the background: 202 with
    the export's run (see POST …/exports)."""
    from summitry.core import exports

    summit = summit_queries.in_its_zone(request, slug)
    rules.require_gift_keeper(request.user, summit)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    found = exports.request(
        actor=request.user, summit=summit, name=exchange.GIFTS_EXPORT.format(fmt=fmt)
    )
    if isinstance(found, exports.Ready):
        response = HttpResponse(found.content, content_type=found.content_type)
        response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
        return response
    return Status(202, exports.api_out(request, slug, found))


# --- agreements --------------------------------------------------------------------------------


@router.get("/summits/{slug}/diplomacy/agreements", response={200: list[AgreementOut], **ERRORS})
def list_agreements(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_agreement_keeper(request.user, summit)
    return list(queries.agreements(summit))


def _signatories(summit, partner, ids):
    host = services.host_of(summit)
    return _people(summit, [partner] + ([host] if host else []), ids)


@router.post("/summits/{slug}/diplomacy/agreements", response={201: AgreementOut, **ERRORS})
def create_agreement(request: HttpRequest, slug: str, payload: AgreementIn):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_agreement_keeper(request.user, summit)
    data = payload.dict()
    partner = _organisation(data.pop("partner"))
    signatories = _signatories(summit, partner, data.pop("signatories"))
    agreement = services.create_agreement(
        actor=request.user,
        summit=summit,
        data={**data, "partner": partner},
        signatories=signatories,
    )
    return Status(201, queries.agreement(summit, agreement.pk))


@router.get(
    "/summits/{slug}/diplomacy/agreements/{agreement_id}", response={200: AgreementOut, **ERRORS}
)
def get_agreement(request: HttpRequest, slug: str, agreement_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_agreement_keeper(request.user, summit)
    return queries.agreement(summit, agreement_id)


@router.patch(
    "/summits/{slug}/diplomacy/agreements/{agreement_id}", response={200: AgreementOut, **ERRORS}
)
def update_agreement(request: HttpRequest, slug: str, agreement_id: int, payload: AgreementPatch):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_agreement_keeper(request.user, summit)
    agreement = queries.agreement(summit, agreement_id)
    changes = payload.dict(exclude_unset=True)
    ids = changes.pop("signatories", None)
    signatories = _signatories(summit, agreement.partner, ids) if ids is not None else None
    services.change_agreement(
        actor=request.user, agreement=agreement, changes=changes, signatories=signatories
    )
    return queries.agreement(summit, agreement_id)


@router.post(
    "/summits/{slug}/diplomacy/agreements/{agreement_id}/status",
    response={200: AgreementOut, **ERRORS},
)
def advance_agreement(request: HttpRequest, slug: str, agreement_id: int, payload: StepIn):
    """One step along the lifecycle: proposed → negotiating → approved (with the council
    resolution) → signed (with the date) → in force → expired or terminated."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_agreement_keeper(request.user, summit)
    agreement = queries.agreement(summit, agreement_id)
    services.advance(actor=request.user, agreement=agreement, **payload.dict())
    return queries.agreement(summit, agreement_id)


@router.get("/summits/{slug}/partners", response={200: list[PartnerOut], **ERRORS}, auth=None)
@decorate_view(pagecache.public_page)
def list_partner_cities(request: HttpRequest, slug: str):
    """Public: the host city's partner cities (signed or in-force agreements)."""
    return queries.partners(summit_queries.in_its_zone(request, slug))
