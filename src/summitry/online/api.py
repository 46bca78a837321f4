"""REST API of online items: each item's format and streams per language channel (public, as
the programme shows the item), its video room (the join link only to those entitled, once the
room opens), the roster (staff), and the staff's writes: format and room, streams, planning."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.decorators import decorate_view

from summitry.core import pagecache, ratelimit
from summitry.core.api import OptionalTokenAuth, TokenAuth
from summitry.core.schemas import Problem, UtcDateTime
from summitry.summits import queries as summit_queries

from . import access, qa, queries, recordings, services, viewing
from .models import CHANNELS, LANGUAGES, Format, Provider

router = Router(tags=["online"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}
BASE = "/summits/{slug}/online"
CHANNEL_CODES = ", ".join(code for code, _label in CHANNELS)
LANGUAGE_CODES = ", ".join(code for code, _label in LANGUAGES)


class OnlineStreamOut(Schema):
    id: int
    channel: str = Field(..., description=f"One of: {CHANNEL_CODES}.")
    url: str


class OnlineFormatOut(Schema):
    item: int = Field(..., description="The programme item's id.")
    format: Format
    floor_language: str
    has_video_room: bool
    starts_at: UtcDateTime
    ends_at: UtcDateTime
    streams: list[OnlineStreamOut]


class OnlineRoomOut(Schema):
    item: int
    has_video_room: bool
    entitled: bool = Field(..., description="Whether the caller may join the room.")
    opens_at: UtcDateTime | None = None
    provider: str | None = None
    join_url: str | None = Field(
        None,
        description="Only to those entitled (speakers, interpreters, registered "
        "attendees, staff), from the time the room opens (staff: always).",
    )


class OnlineFormatIn(Schema):
    format: Format
    floor_language: str = Field("ko", description=f"One of: {LANGUAGE_CODES}.")
    provider: Provider | None = None
    join_url: str | None = Field(None, max_length=500)
    opens_minutes: int = Field(30, ge=0, le=1440)


class OnlineStreamIn(Schema):
    channel: str = Field(..., description=f"One of: {CHANNEL_CODES}.")
    url: str = Field(..., max_length=500)


class OnlineAssignmentOut(Schema):
    id: int
    item: int
    channel: str
    interpreter: int
    interpreter_name: str
    via: str | None
    by_hand: bool


class OnlineRosterOut(Schema):
    state: str | None = Field(..., description="The last plan: queued, done or failed.")
    status: str | None = Field(
        ..., description="The solver's answer: optimal, feasible, infeasible or unknown."
    )
    verdict: list[str] = Field(..., description="The verifier's findings; empty: valid.")
    assignments: list[OnlineAssignmentOut]


def _format_out(programme_item) -> dict:
    online = queries.online_of(programme_item)
    shown = online is not None and online.is_online
    return {
        "item": programme_item.pk,
        "format": online.format if online else Format.IN_PERSON,
        "floor_language": online.floor_language if online else "ko",
        "has_video_room": bool(shown and online.join_url),
        "starts_at": programme_item.starts_at,
        "ends_at": programme_item.ends_at,
        "streams": [
            {"id": s.pk, "channel": s.channel, "url": s.url} for s in queries.streams(online)
        ]
        if shown
        else [],
    }


def _staff_summit(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    access.require_staff(request.user, summit)
    return summit


@router.get(
    f"{BASE}/items", response={200: list[OnlineFormatOut], 404: Problem}, auth=OptionalTokenAuth()
)
@decorate_view(pagecache.public_page)
def list_online_items(request: HttpRequest, slug: str):
    """The online and hybrid items the caller may see, with their streams per channel."""
    summit = summit_queries.in_its_zone(request, slug)
    visible = queries.items(summit, only_online=True).filter(
        pk__in=queries.programme_queries.visible_items(summit, request.user).values("pk")
    )
    return [_format_out(row) for row in visible]


@router.get(
    f"{BASE}/items/{{item_id}}",
    response={200: OnlineFormatOut, 404: Problem},
    auth=OptionalTokenAuth(),
)
@decorate_view(pagecache.public_page)
def get_online_item(request: HttpRequest, slug: str, item_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    return _format_out(queries.watch(summit, request.user, item_id))


@router.get(
    f"{BASE}/items/{{item_id}}/room",
    response={200: OnlineRoomOut, 404: Problem},
    auth=OptionalTokenAuth(),
)
def get_online_room(request: HttpRequest, slug: str, item_id: int):
    """The video room as the caller is entitled to it; never cached."""
    summit = summit_queries.in_its_zone(request, slug)
    found = queries.watch(summit, request.user, item_id)
    room = queries.room_for(request.user, summit, found)
    return {
        "item": found.pk,
        "has_video_room": room["exists"],
        "entitled": room.get("entitled", False),
        "opens_at": room.get("opens_at"),
        "provider": room.get("provider"),
        "join_url": room.get("link"),
    }


@router.put(
    f"{BASE}/items/{{item_id}}", response={200: OnlineFormatOut, **ERRORS}, auth=TokenAuth()
)
def set_online_format(request: HttpRequest, slug: str, item_id: int, payload: OnlineFormatIn):
    summit = _staff_summit(request, slug)
    found = queries.item(summit, item_id)
    services.set_format(actor=request.user, item=found, data=payload.dict())
    return _format_out(queries.item(summit, item_id))


@router.post(
    f"{BASE}/items/{{item_id}}/streams", response={201: OnlineStreamOut, **ERRORS}, auth=TokenAuth()
)
def add_online_stream(request: HttpRequest, slug: str, item_id: int, payload: OnlineStreamIn):
    summit = _staff_summit(request, slug)
    stream = services.add_stream(
        actor=request.user, item=queries.item(summit, item_id), **payload.dict()
    )
    return Status(201, {"id": stream.pk, "channel": stream.channel, "url": stream.url})


class RecordingOut(Schema):
    id: int
    item: int = Field(..., description="The programme item's id.")
    channel: str = Field(..., description=f"One of: {CHANNEL_CODES}.")
    url: str
    captions_language: str | None = Field(
        None, description="The language of its captions (WebVTT), none without captions."
    )
    captions_url: str | None = Field(None, description="The captions as text/vtt.")
    cues: int = Field(..., description="How many cues the captions have.")
    is_sample: bool = Field(..., description="A sample link (demo data), not a real recording.")


class RecordingIn(Schema):
    channel: str = Field(..., description=f"One of: {CHANNEL_CODES}.")
    url: str = Field(..., description="The recording's https:// link.")
    captions: str | None = Field(None, description="Captions or transcript as WebVTT text.")


class RecordingPatch(Schema):
    url: str | None = None
    captions: str | None = Field(
        None, description="Captions as WebVTT text; an empty text removes them."
    )


def _recording_out(request: HttpRequest, summit, recording) -> dict:
    return {
        "id": recording.pk,
        "item": recording.online.item_id,
        "channel": recording.channel,
        "url": recording.url,
        "captions_language": recordings.captions_language(recording),
        "captions_url": request.build_absolute_uri(
            f"/{summit.slug}/recordings/{recording.pk}/captions.vtt"
        )
        if recording.captions
        else None,
        "cues": recordings.cue_count(recording.captions),
        "is_sample": recording.is_sample,
    }


@router.get(
    f"{BASE}/items/{{item_id}}/recordings",
    response={200: list[RecordingOut], 404: Problem},
    auth=OptionalTokenAuth(),
)
@decorate_view(pagecache.public_page)
def list_online_recordings(request: HttpRequest, slug: str, item_id: int):
    """An item's recordings per language channel, with their captions' languages (as public
    as the item)."""
    summit = summit_queries.in_its_zone(request, slug)
    online = queries.online_of(queries.watch(summit, request.user, item_id))
    return [_recording_out(request, summit, r) for r in recordings.of_item(online)]


@router.post(
    f"{BASE}/items/{{item_id}}/recordings",
    response={201: RecordingOut, **ERRORS},
    auth=TokenAuth(),
)
def add_online_recording(request: HttpRequest, slug: str, item_id: int, payload: RecordingIn):
    """Attach a recording to an online or hybrid item (staff); captions are checked as WebVTT."""
    summit = _staff_summit(request, slug)
    found = recordings.add_recording(
        actor=request.user,
        item=queries.item(summit, item_id),
        channel=payload.channel,
        url=payload.url,
        captions=payload.captions.encode("utf-8") if payload.captions else None,
    )
    return Status(201, _recording_out(request, summit, found))


@router.patch(
    f"{BASE}/recordings/{{recording_id}}",
    response={200: RecordingOut, **ERRORS},
    auth=TokenAuth(),
)
def update_online_recording(
    request: HttpRequest, slug: str, recording_id: int, payload: RecordingPatch
):
    """Change a recording's link or captions (staff)."""
    summit = _staff_summit(request, slug)
    found = recordings.update_recording(
        actor=request.user,
        recording=recordings.recording(summit, recording_id),
        changes=payload.dict(),
    )
    return _recording_out(request, summit, found)


class ViewingChannelOut(Schema):
    channel: str = Field(..., description=f"One of: {CHANNEL_CODES}.")
    peak: int = Field(..., description="The most viewers of this channel in any one minute.")
    peak_at: UtcDateTime | None = None
    unique: int = Field(..., description="Different viewers of this channel.")


class ViewingStepOut(Schema):
    at: UtcDateTime = Field(..., description="The start of a five-minute step.")
    viewers: int = Field(..., description="The most viewers in any minute of the step.")


class ViewingOut(Schema):
    item: int = Field(..., description="The programme item's id.")
    peak: int = Field(..., description="The most viewers in any one minute, all channels.")
    peak_at: UtcDateTime | None = None
    unique: int = Field(..., description="Different viewers (one who switched counts once).")
    channels: list[ViewingChannelOut]
    series: list[ViewingStepOut]


def _viewing_out(row: dict, item_id: int) -> dict:
    return {
        "item": item_id,
        "peak": row["peak"],
        "peak_at": row["peak_at"],
        "unique": row["unique"],
        "channels": [
            {k: c[k] for k in ("channel", "peak", "peak_at", "unique")} for c in row["channels"]
        ],
        "series": row["series"],
    }


@router.get(f"{BASE}/viewing", response={200: list[ViewingOut], **ERRORS}, auth=TokenAuth())
def list_online_viewing(request: HttpRequest, slug: str):
    """Viewing figures of every online or hybrid item (staff): peak concurrent and unique
    viewers, per language channel and over time. Counts only; nobody can be named."""
    summit = _staff_summit(request, slug)
    return [_viewing_out(row, row["item"].pk) for row in viewing.summary(summit)]


@router.get(
    f"{BASE}/items/{{item_id}}/viewing", response={200: ViewingOut, **ERRORS}, auth=TokenAuth()
)
def get_online_viewing(request: HttpRequest, slug: str, item_id: int):
    """One item's viewing figures (staff)."""
    summit = _staff_summit(request, slug)
    online = qa.online_item(summit, queries.item(summit, item_id).pk)
    return _viewing_out(viewing.figures(online), online.item_id)


@router.get(f"{BASE}/roster", response={200: OnlineRosterOut, **ERRORS}, auth=TokenAuth())
def get_online_roster(request: HttpRequest, slug: str):
    """The roster as it stands and the last plan's answer and verdict (staff)."""
    summit = _staff_summit(request, slug)
    run = queries.latest_run(summit)
    return {
        "state": run.state if run else None,
        "status": (run.status or None) if run else None,
        "verdict": run.verdict if run else [],
        "assignments": [
            {
                "id": a.pk,
                "item": a.online.item_id,
                "channel": a.channel,
                "interpreter": a.interpreter_id,
                "interpreter_name": str(a.interpreter),
                "via": a.via or None,
                "by_hand": a.by_hand,
            }
            for a in queries.assignments(summit)
        ],
    }


@router.post(f"{BASE}/roster/plans", response={202: OnlineRosterOut, **ERRORS}, auth=TokenAuth())
def plan_online_roster(request: HttpRequest, slug: str):
    """Plan the roster in the task queue; the answer is the roster as it then stands."""
    summit = _staff_summit(request, slug)
    services.plan_roster(actor=request.user, summit=summit)
    return Status(202, get_online_roster(request, slug))


# --- live Q&A and quick polls ------------------------------------------------------------------


class OnlineQuestionOut(Schema):
    id: int
    text: str
    language: str = Field(..., description="ko or en: the language it was asked in.")
    author_name: str
    state: str = Field(..., description="approved or answered (others are not shown).")
    votes: int


class OnlineQuestionIn(Schema):
    text: str = Field(..., max_length=500)
    language: str = Field(..., description="ko or en.")


class OnlineQuestionAsked(Schema):
    id: int
    state: str


class OnlineModerationIn(Schema):
    action: str = Field(..., description="approve, answer, hide or merge.")
    into: int | None = Field(None, description="For merge: the shown question it repeats.")


class OnlineVoteOut(Schema):
    question: int
    counted: bool = Field(..., description="False when the caller had already voted.")
    votes: int


class OnlinePollOptionOut(Schema):
    id: int
    label_ko: str
    label_en: str
    count: int


class OnlinePollOut(Schema):
    id: int
    text_ko: str
    text_en: str
    multiple: bool
    state: str = Field(..., description="open or closed.")
    voters: int
    options: list[OnlinePollOptionOut]


class OnlinePollAnswerIn(Schema):
    options: list[int] = Field(..., description="The chosen answers' ids (one unless multiple).")


def _qa_online(request: HttpRequest, slug: str, item_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    found = queries.watch(summit, request.user, item_id)
    return qa.online_item(summit, found.pk)


def _question_out(question) -> dict:
    return {
        "id": question.pk,
        "text": question.text,
        "language": question.language,
        "author_name": question.author_name,
        "state": question.state,
        "votes": question.vote_count,
    }


def _poll_out(poll) -> dict:
    return {
        "id": poll.pk,
        "text_ko": poll.text_ko or "",
        "text_en": poll.text_en or "",
        "multiple": poll.multiple,
        "state": poll.state,
        "voters": poll.voters,
        "options": [
            {"id": o.pk, "label_ko": o.label_ko or "", "label_en": o.label_en or "", "count": n}
            for o, n in poll.results
        ],
    }


def _limited(request: HttpRequest, scope: str, limit: int) -> None:
    if ratelimit.exceeded(
        f"online-{scope}", f"user:{request.user.pk}", limit=limit, window_seconds=60
    ):
        raise ValidationError(_("Too many requests in a short time; please wait a minute."))


@router.get(
    f"{BASE}/items/{{item_id}}/questions",
    response={200: list[OnlineQuestionOut], 404: Problem},
    auth=OptionalTokenAuth(),
)
def list_online_questions(request: HttpRequest, slug: str, item_id: int):
    """The item's approved and answered questions, most votes first (never cached: live)."""
    return [_question_out(q) for q in qa.shown_questions(_qa_online(request, slug, item_id))]


@router.post(
    f"{BASE}/items/{{item_id}}/questions",
    response={201: OnlineQuestionAsked, **ERRORS},
    auth=TokenAuth(),
)
def ask_online_question(request: HttpRequest, slug: str, item_id: int, payload: OnlineQuestionIn):
    """Ask the speakers a question; it waits for the moderator."""
    online = _qa_online(request, slug, item_id)
    _limited(request, "ask", 5)
    question = qa.ask(
        online=online,
        user=request.user,
        viewer_token=None,
        text=payload.text,
        language=payload.language,
    )
    return Status(201, {"id": question.pk, "state": question.state})


@router.post(
    f"{BASE}/items/{{item_id}}/questions/{{question_id}}/votes",
    response={200: OnlineVoteOut, **ERRORS},
    auth=TokenAuth(),
)
def vote_online_question(request: HttpRequest, slug: str, item_id: int, question_id: int):
    """Vote for a shown question (once per account: a second vote is not counted)."""
    online = _qa_online(request, slug, item_id)
    _limited(request, "vote", 60)
    found = qa.question(online, question_id)
    counted = qa.vote(question=found, user=request.user, viewer_token=None)
    target = found.merged_into_id or found.pk
    votes = qa.votes_of(target)
    return {"question": target, "counted": counted, "votes": votes}


@router.post(
    f"{BASE}/items/{{item_id}}/questions/{{question_id}}/moderation",
    response={200: OnlineQuestionAsked, **ERRORS},
    auth=TokenAuth(),
)
def moderate_online_question(
    request: HttpRequest, slug: str, item_id: int, question_id: int, payload: OnlineModerationIn
):
    """Approve, mark answered, hide or merge a question (the item's moderators and staff)."""
    online = _qa_online(request, slug, item_id)
    qa.require_moderator(request.user, online.item.summit, online.item)
    found = qa.question(online, question_id)
    into = qa.question(online, payload.into) if payload.into else None
    found = qa.moderate(actor=request.user, question=found, action=payload.action, into=into)
    return {"id": found.pk, "state": found.state}


@router.get(
    f"{BASE}/items/{{item_id}}/polls",
    response={200: list[OnlinePollOut], 404: Problem},
    auth=OptionalTokenAuth(),
)
def list_online_polls(request: HttpRequest, slug: str, item_id: int):
    """The item's open and closed quick polls with their results so far."""
    return [_poll_out(p) for p in qa.polls(_qa_online(request, slug, item_id))]


@router.post(
    f"{BASE}/items/{{item_id}}/polls/{{poll_id}}/answers",
    response={200: OnlinePollOut, **ERRORS},
    auth=TokenAuth(),
)
def answer_online_poll(
    request: HttpRequest, slug: str, item_id: int, poll_id: int, payload: OnlinePollAnswerIn
):
    """Answer an open poll (a single-choice poll keeps the caller's last answer)."""
    online = _qa_online(request, slug, item_id)
    _limited(request, "poll", 30)
    found = qa.poll(online, poll_id)
    qa.answer_poll(poll=found, user=request.user, viewer_token=None, option_ids=payload.options)
    return next(_poll_out(p) for p in qa.polls(online) if p.pk == found.pk)
