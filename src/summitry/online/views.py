"""Pages of online items: the console's "Online & interpretation" section (items' formats,
rooms and streams; interpreters; the roster) and the public "watch online" page of an item."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core import live, pagecache, ratelimit
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors, flash_form_errors
from summitry.summits import queries as summit_queries

from . import (
    access,
    embeds,
    invitations,
    qa,
    queries,
    recordings,
    roster,
    services,
    speakers,
    studio,
    viewing,
)
from .forms import (
    AssignForm,
    ChecklistForm,
    FormatForm,
    InterpreterForm,
    PollForm,
    QuestionForm,
    RecordingForm,
    RehearsalForm,
    StreamForm,
    ZoneForm,
)
from .models import CHANNELS


@login_required
def items(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    search = request.GET.get("q", "").strip()
    page = paginate(request, queries.items(summit, search))
    for row in page:
        row.online_part = queries.online_of(row)
    return render(request, "online/items.html", {"summit": summit, "page": page, "search": search})


@login_required
def item(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.item(summit, item_id)
    online = queries.online_of(found)
    initial = {"format": "in_person", "floor_language": "ko", "opens_minutes": 30}
    if online is not None:
        initial = {name: getattr(online, name) for name in services.FORMAT_FIELDS}
    form = FormatForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_format(actor=request.user, item=found, data=form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("online:item", slug, found.pk)
    return render(
        request,
        "online/item.html",
        {
            "summit": summit,
            "item": found,
            "online": online,
            "form": form,
            "streams": queries.streams(online),
            "stream_form": StreamForm(prefix="stream"),
            "recordings": recordings.of_item(online),
            "recording_form": RecordingForm(prefix="recording"),
            "rehearsal_form": _rehearsal_form(summit, online),
            "preps": _speaker_rows(summit, online),
        },
    )


@login_required
@require_POST
def stream_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.item(summit, item_id)
    form = StreamForm(request.POST, prefix="stream")
    if form.is_valid():
        try:
            services.add_stream(actor=request.user, item=found, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The stream is added."))
    else:
        flash_form_errors(request, form)
    return redirect("online:item", slug, found.pk)


@login_required
@require_POST
def stream_delete(request: HttpRequest, slug: str, stream_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.stream(summit, stream_id)
    ask = unless_confirmed(
        request,
        question=_("Remove the %(channel)s stream of “%(item)s”?")
        % {"channel": found.get_channel_display(), "item": found.online.item},
        consequence=_("Viewers no longer see this channel's link."),
        button=_("Remove the stream"),
    )
    if ask:
        return ask
    item_id = found.online.item_id
    services.delete_stream(actor=request.user, stream=found)
    messages.success(request, _("The stream is removed."))
    return redirect("online:item", slug, item_id)


@login_required
def interpreters(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    form = InterpreterForm(request.POST or None, zone=summit.zone)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_interpreter(actor=request.user, summit=summit, data=form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The interpreter is added."))
            return redirect("online:interpreters", slug)
    search = request.GET.get("q", "").strip()
    return render(
        request,
        "online/interpreters.html",
        {
            "summit": summit,
            "form": form,
            "search": search,
            "page": paginate(request, queries.interpreters(summit, search)),
        },
    )


@login_required
@require_POST
def interpreter_delete(request: HttpRequest, slug: str, interpreter_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.interpreter(summit, interpreter_id)
    ask = unless_confirmed(
        request,
        question=_("Remove %(name)s from the interpreters?") % {"name": found},
        consequence=_("Their assignments in the roster are removed too."),
        button=_("Remove the interpreter"),
    )
    if ask:
        return ask
    services.delete_interpreter(actor=request.user, interpreter=found)
    messages.success(request, _("The interpreter is removed."))
    return redirect("online:interpreters", slug)


@login_required
def roster_page(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    rows = list(queries.assignments(summit))
    flags, booth_flags = roster.clashes(summit, rows)
    interpreted = queries.interpreted_items(summit)
    teams = defaultdict(list)
    for a in rows:
        a.flags = flags.get(a.pk, [])
        teams[a.online_id, a.channel].append(a)
    booths = []
    for online in interpreted:
        for channel in queries.booths(online):
            team = teams.get((online.pk, channel), [])
            booths.append(
                {
                    "online": online,
                    "channel": channel,
                    "channel_label": dict(CHANNELS).get(channel, channel),
                    "team": team,
                    "turns": roster.turns(online, team),
                }
            )
    everyone = list(queries.interpreters(summit))
    return render(
        request,
        "online/roster.html",
        {
            "summit": summit,
            "booths": booths,
            "booth_flags": booth_flags,
            "run": queries.latest_run(summit),
            "interpreter_count": len(everyone),
            "assign_form": AssignForm(items=interpreted, interpreters=everyone),
        },
    )


@login_required
@require_POST
def roster_plan(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    if queries.assignments(summit).filter(by_hand=True).exists():
        ask = unless_confirmed(
            request,
            question=_("Plan the roster again?"),
            consequence=_("The solver's roster replaces the current one, hand changes included."),
            button=_("Plan the roster"),
        )
        if ask:
            return ask
    services.plan_roster(actor=request.user, summit=summit)
    messages.success(
        request, _("The roster is being planned; this page shows it when it is ready.")
    )
    return redirect("online:roster", slug)


@login_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    form = AssignForm(
        request.POST,
        items=queries.interpreted_items(summit),
        interpreters=queries.interpreters(summit),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assign(
                actor=request.user,
                summit=summit,
                item_id=data["item"],
                channel=data["channel"],
                interpreter_id=data["interpreter"],
                via=data["via"] or "",
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The interpreter is in the booth."))
    else:
        flash_form_errors(request, form)
    return redirect("online:roster", slug)


@login_required
@require_POST
def unassign(request: HttpRequest, slug: str, assignment_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.assignment(summit, assignment_id)
    services.unassign(actor=request.user, assignment=found)
    messages.success(request, _("The interpreter is out of the booth."))
    return redirect("online:roster", slug)


def watch(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """An item's online page (cached for anonymous visitors); the page widens its
    Content-Security-Policy to its streams' players only, on a cached answer too."""
    response = _watch_page(request, slug=slug, item_id=item_id)
    urls = queries.stream_urls(slug, item_id)
    sources = embeds.csp_sources([embeds.embed(url) for url in urls])
    if sources:
        if "connect-src" in sources:
            sources["connect-src"] = ["'self'", *sources["connect-src"]]
        response._csp_replace = sources
    return response


@pagecache.public_page
def _watch_page(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """An item's online page: its format, the player of the chosen language channel with a
    switch between channels (links without JavaScript), the live questions and polls, and,
    for those entitled, its video room once it opens."""
    summit = summit_queries.summit(slug, request.user)
    found = queries.watch(summit, request.user, item_id)
    online = queries.online_of(found)
    now = timezone.now()
    room = queries.room_for(request.user, summit, found, now)
    if not request.user.is_authenticated and online is not None:
        pagecache.changes_at(request, found.starts_at, found.ends_at)
    streams = queries.streams(online) if online is not None and online.is_online else []
    for stream in streams:
        stream.embed = embeds.embed(stream.url)
    chosen_code = request.GET.get("channel") or ""
    chosen = next((s for s in streams if s.channel == chosen_code), streams[0] if streams else None)
    speaking = []
    if online is not None and online.is_online and request.user.is_authenticated:
        speaking = qa.speaker_people(request.user, summit, found)
    with timezone.override(summit.zone):
        return render(
            request,
            "online/watch.html",
            {
                "summit": summit,
                "item": found,
                "online": online,
                "streams": streams,
                "chosen": chosen,
                "room": room,
                "live": found.starts_at <= now <= found.ends_at,
                "qa": online is not None and online.is_online,
                "stage": online is not None
                and online.is_online
                and qa.may_see_stage(request.user, summit, found),
                "speaking": bool(speaking),
                "speaking_as": speaking[0] if speaking else None,
                "connected": bool(speaking) and qa.connected(online, speaking),
                "recordings": recordings.of_item(online) if online and online.is_online else [],
            },
        )


# --- live Q&A and polls -------------------------------------------------------------------------


def _viewer(request: HttpRequest) -> str | None:
    return request.COOKIES.get(qa.VIEWER_COOKIE) or getattr(request, "_new_viewer", None)


def _voter(request: HttpRequest) -> str | None:
    try:
        return qa.voter_key(request.user, _viewer(request))
    except ValidationError:
        return None


def _keep_viewer(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    token = getattr(request, "_new_viewer", None)
    if token and not request.user.is_authenticated:
        response.set_cookie(
            qa.VIEWER_COOKIE, token, max_age=60 * 60 * 24 * 30, httponly=True, samesite="Lax"
        )
    return response


def _ensure_viewer(request: HttpRequest) -> None:
    if not request.user.is_authenticated and not request.COOKIES.get(qa.VIEWER_COOKIE):
        request._new_viewer = qa.new_viewer_token()


def _limited(request: HttpRequest, scope: str, limit: int) -> bool:
    """Over the limit per viewer, or (anonymous viewers may drop our cookie) per address,
    where many viewers behind one network share ten times the limit."""
    key = _voter(request) or "none"
    over = ratelimit.exceeded(f"online-{scope}", key, limit=limit, window_seconds=60)
    if not request.user.is_authenticated:
        address = ratelimit.client_address(request)
        over |= ratelimit.exceeded(
            f"online-{scope}-address", address, limit=limit * 10, window_seconds=60
        )
    return over


def _qa_item(request: HttpRequest, slug: str, item_id: int):
    summit = summit_queries.summit(slug, request.user)
    found = queries.watch(summit, request.user, item_id)
    return summit, qa.online_item(summit, found.pk)


def _shared_context(summit, online) -> dict:
    """What the live region shows every viewer alike (rendered once per change)."""
    return {
        "summit": summit,
        "online": online,
        "item": online.item,
        "questions": qa.shown_questions(online),
        "polls": qa.polls(online),
    }


def _viewer_context(request: HttpRequest, online) -> dict:
    """What is the viewer's own: their waiting questions, their votes and poll answers."""
    voter = _voter(request)
    return {
        "mine": qa.own_pending(online, voter),
        "voted": qa.own_votes(online, voter),
        "answered": qa.own_answers(online, voter),
    }


def _live_context(request: HttpRequest, summit, online) -> dict:
    live_path = reverse("online:qa-live", args=[summit.slug, online.item_id])
    polling = live.live_context(request, qa.topic(online), "1s", live_path)
    return {**polling, **_shared_context(summit, online), **_viewer_context(request, online)}


def _panel_context(request: HttpRequest, summit, online, form=None) -> dict:
    return {
        **_live_context(request, summit, online),
        "form": form
        or QuestionForm(
            signed_in=request.user.is_authenticated, initial={"language": request.LANGUAGE_CODE[:2]}
        ),
    }


def qa_page(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """The questions and polls of an item on a page of their own (never cached; the online
    page loads its panel from here with htmx, and links here without JavaScript)."""
    summit, online = _qa_item(request, slug, item_id)
    _ensure_viewer(request)
    template = "online/_qa_panel.html" if request.htmx else "online/qa.html"
    with timezone.override(summit.zone):
        response = render(request, template, _panel_context(request, summit, online))
    return _keep_viewer(request, response)


def qa_live(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """The live region at a poll: 204 while unchanged; else what every viewer sees alike,
    rendered once per change and language (core.live's shared cache), wrapped with what is
    this viewer's own (their waiting questions; their votes and answers, marked by qa.js)."""
    summit, online = _qa_item(request, slug, item_id)
    topic = qa.topic(online)
    current = live.version(topic)
    if request.GET.get("v") == str(current):
        return live.unchanged()
    polling = live.live_context(request, topic, "1s", current=current)
    body = live.shared_render(
        topic,
        current,
        "online/_qa_live_body.html",
        lambda: _shared_context(summit, online),
        request.path,
    )
    context = {**polling, "summit": summit, "item": online.item, "body": body}
    return render(
        request, "online/_qa_live_state.html", {**context, **_viewer_context(request, online)}
    )


def _back(request: HttpRequest, summit, online) -> HttpResponse:
    if request.htmx:
        response = render(request, "online/_qa_live.html", _live_context(request, summit, online))
        return _keep_viewer(request, response)
    return _keep_viewer(request, redirect("online:qa", summit.slug, online.item_id))


@require_POST
def qa_ask(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit, online = _qa_item(request, slug, item_id)
    _ensure_viewer(request)
    form = QuestionForm(request.POST, signed_in=request.user.is_authenticated)
    asked = False
    if _limited(request, "ask", 5):
        form.is_valid()
        form.add_error(
            None, _("You have asked several questions in a short time; please wait a minute.")
        )
    elif form.is_valid():
        try:
            qa.ask(
                online=online,
                user=request.user,
                viewer_token=_viewer(request),
                name=form.cleaned_data.get("name", ""),
                text=form.cleaned_data["text"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            asked = True
    if request.htmx:
        if asked:
            form = None
        context = _panel_context(request, summit, online, form)
        context["asked"] = asked
        return _keep_viewer(request, render(request, "online/_qa_form.html", context))
    if asked:
        messages.success(request, _("Thank you: your question waits for the moderator."))
        return _keep_viewer(request, redirect("online:qa", slug, item_id))
    with timezone.override(summit.zone):
        response = render(
            request, "online/qa.html", _panel_context(request, summit, online, form), status=400
        )
    return _keep_viewer(request, response)


@require_POST
def qa_vote(request: HttpRequest, slug: str, item_id: int, question_id: int) -> HttpResponse:
    summit, online = _qa_item(request, slug, item_id)
    found = qa.question(online, question_id)
    _ensure_viewer(request)
    if _limited(request, "vote", 60):
        messages.error(request, _("Too many votes in a short time; please wait a minute."))
    else:
        try:
            qa.vote(question=found, user=request.user, viewer_token=_viewer(request))
        except ValidationError as error:
            flash_errors(request, error)
    return _back(request, summit, online)


@require_POST
def poll_answer(request: HttpRequest, slug: str, item_id: int, poll_id: int) -> HttpResponse:
    summit, online = _qa_item(request, slug, item_id)
    found = qa.poll(online, poll_id)
    _ensure_viewer(request)
    chosen = [int(v) for v in request.POST.getlist("option") if v.isdigit()]
    if _limited(request, "poll", 30):
        messages.error(request, _("Too many answers in a short time; please wait a minute."))
    else:
        try:
            qa.answer_poll(
                poll=found, user=request.user, viewer_token=_viewer(request), option_ids=chosen
            )
        except ValidationError as error:
            flash_errors(request, error)
    return _back(request, summit, online)


# --- the moderator's and speakers' view ---------------------------------------------------------


def _stage_item(request: HttpRequest, slug: str, item_id: int, *, moderate: bool = False):
    """The item for its moderators and speakers; anyone else is answered as the console
    answers them (404 outside the summit's teams, 403 for a team member without ``online``)."""
    summit = summit_queries.in_its_zone(request, slug)
    found = queries.item(summit, item_id)
    allowed = (qa.may_moderate if moderate else qa.may_see_stage)(request.user, summit, found)
    if not allowed:
        console_summit(request, slug, access.PERMISSION)
        raise Http404
    return summit, qa.online_item(summit, found.pk)


def _stage_context(request: HttpRequest, summit, online) -> dict:
    moderator = qa.may_moderate(request.user, summit, online.item)
    return {
        "summit": summit,
        "online": online,
        "item": online.item,
        "questions": qa.shown_questions(online),
        "pending": qa.pending_questions(online) if moderator else [],
        "polls": qa.polls(online, everything=moderator),
        "moderator": moderator,
    }


@login_required
def stage(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """The speakers' view of the questions, by votes; the moderator's queue and polls."""
    summit, online = _stage_item(request, slug, item_id)
    live_path = reverse("online:stage-live", args=[slug, item_id])
    polling = live.live_context(request, qa.topic(online), "1s", live_path)  # before the data
    return render(
        request,
        "online/stage.html",
        {**polling, **_stage_context(request, summit, online), "poll_form": PollForm()},
    )


@login_required
def stage_live(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit, online = _stage_item(request, slug, item_id)
    return live.fragment(
        request,
        qa.topic(online),
        "online/_stage_live.html",
        lambda: _stage_context(request, summit, online),
    )


@login_required
@require_POST
def qa_moderate(request: HttpRequest, slug: str, item_id: int, question_id: int) -> HttpResponse:
    summit, online = _stage_item(request, slug, item_id, moderate=True)
    found = qa.question(online, question_id)
    into = None
    if request.POST.get("into", "").isdigit():
        into = online.questions.filter(pk=int(request.POST["into"])).first()
    try:
        qa.moderate(
            actor=request.user, question=found, action=request.POST.get("action", ""), into=into
        )
    except ValidationError as error:
        flash_errors(request, error)
    if request.htmx:
        return HttpResponse(status=204)
    return redirect("online:stage", slug, item_id)


@login_required
@require_POST
def poll_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit, online = _stage_item(request, slug, item_id, moderate=True)
    form = PollForm(request.POST)
    if form.is_valid():
        try:
            qa.add_poll(actor=request.user, online=online, data=form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The poll is ready: open it when the time comes."))
    else:
        flash_form_errors(request, form)
    return redirect("online:stage", slug, item_id)


@login_required
@require_POST
def poll_state(request: HttpRequest, slug: str, item_id: int, poll_id: int) -> HttpResponse:
    summit, online = _stage_item(request, slug, item_id, moderate=True)
    found = qa.poll(online, poll_id)
    try:
        qa.set_poll_state(actor=request.user, poll=found, state=request.POST.get("state", ""))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("online:stage", slug, item_id)


@login_required
@require_POST
def connected(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """A speaker's "I'm connected" from the item's online page."""
    summit = summit_queries.summit(slug, request.user)
    found = queries.watch(summit, request.user, item_id)
    online = qa.online_item(summit, found.pk)
    if not qa.speaker_people(request.user, summit, found):
        raise Http404
    qa.connect(actor=request.user, online=online)
    messages.success(request, _("Thank you: the control room sees you are connected."))
    return redirect("online:watch", slug, item_id)


# --- remote speakers: their zone, rehearsal and checklist ------------------------------------


def _rehearsal_form(summit, online, data=None) -> RehearsalForm:
    initial = {}
    if online is not None:
        initial["reminder_hours"] = online.rehearsal_reminder_minutes // 60
    if online is not None and online.rehearsal_starts_at:
        initial["starts_at"] = online.rehearsal_starts_at.astimezone(summit.zone).strftime(
            "%Y-%m-%d %H:%M"
        )
        initial["ends_at"] = online.rehearsal_ends_at.astimezone(summit.zone).strftime(
            "%Y-%m-%d %H:%M"
        )
    return RehearsalForm(data, initial=initial, prefix="rehearsal")


def _speaker_rows(summit, online) -> list[dict]:
    if online is None or not online.is_online:
        return []
    preps = speakers.preps(online)
    invited = {row["person_id"]: row for row in invitations.rows(online)}
    rows = []
    for p in online.item.people.filter(role="speaker").select_related("person"):
        prep = preps.get(p.person_id)
        rows.append(
            {
                "person": p.person,
                "prep": prep,
                "label": speakers.label_of(prep),
                "invitation": invited.get(p.person_id),
            }
        )
    return rows


@login_required
@require_POST
def rehearsal_slot(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Staff set an online item's rehearsal slot (typed in the summit's zone)."""
    summit = console_summit(request, slug, access.PERMISSION)
    online = qa.online_item(summit, queries.item(summit, item_id).pk)
    with timezone.override(summit.zone):
        form = _rehearsal_form(summit, online, request.POST)
        if form.is_valid():
            try:
                speakers.set_rehearsal_slot(
                    actor=request.user,
                    online=online,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    reminder_minutes=None
                    if form.cleaned_data["reminder_hours"] is None
                    else form.cleaned_data["reminder_hours"] * 60,
                )
            except ValidationError as error:
                flash_errors(request, error)
            else:
                messages.success(request, _("The rehearsal slot is saved."))
        else:
            flash_form_errors(request, form)
    return redirect("online:item", slug, item_id)


def _speaker_item(request: HttpRequest, slug: str, item_id: int, person_id: int):
    summit = summit_queries.summit(slug, request.user)
    online = qa.online_item(summit, queries.item(summit, item_id).pk)
    if not speakers.may_prepare(request.user, summit, online, person_id):
        raise Http404
    return summit, online


@login_required
def speaker(request: HttpRequest, slug: str, item_id: int, person_id: int) -> HttpResponse:
    """A remote speaker's page of an online item: every time in the summit's zone and theirs,
    the rehearsal slot to confirm and their checklist (staff see and edit it too)."""
    summit, online = _speaker_item(request, slug, item_id, person_id)
    prep = speakers.prep_of(online, person_id)
    initial = {
        "time_zone": prep.time_zone,
        "zone_label_ko": prep.zone_label_ko,
        "zone_label_en": prep.zone_label_en,
        "slides_url": prep.slides_url,
        "consent": prep.consent_at is not None,
    }
    form = ChecklistForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            speakers.save_checklist(
                actor=request.user, online=online, person_id=person_id, data=form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Your checklist is saved."))
            return redirect("online:speaker", slug, item_id, person_id)
    item = online.item
    # The zone given on this page, else the one the person gave for the summit.
    shown = prep if prep.time_zone else speakers.zone_of(summit, person_id)
    with timezone.override(summit.zone):
        return render(
            request,
            "online/speaker.html",
            {
                "summit": summit,
                "online": online,
                "item": item,
                "prep": prep,
                "person": item.people.get(person_id=person_id, role="speaker").person,
                "form": form,
                "starts": speakers.both(item.starts_at, summit, shown),
                "ends": speakers.both(item.ends_at, summit, shown),
                "rehearsal_starts": speakers.both(online.rehearsal_starts_at, summit, shown),
                "rehearsal_ends": speakers.both(online.rehearsal_ends_at, summit, shown),
                "invitation": invitations.invitation_of(online, person_id),
                "answers": invitations.may_answer(request.user, online, person_id),
            },
        )


@login_required
@require_POST
def speaker_confirm(request: HttpRequest, slug: str, item_id: int, person_id: int) -> HttpResponse:
    summit, online = _speaker_item(request, slug, item_id, person_id)
    try:
        speakers.confirm_rehearsal(actor=request.user, online=online, person_id=person_id)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("Thank you: your rehearsal is confirmed."))
    return redirect("online:speaker", slug, item_id, person_id)


# --- the studio's control room ------------------------------------------------------------------


def _studio_context(request: HttpRequest, summit) -> dict:
    now = timezone.now()
    day = studio.day_of(summit, request.GET.get("day"), now)
    context = {"summit": summit, "day": day, "now": now, **studio.board(summit, day, now)}
    studio.note_clock(summit, context)
    return context


@login_required
def studio_page(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    context = _studio_context(request, summit)
    live_path = reverse("online:studio-live", args=[slug])
    return render(
        request,
        "online/studio.html",
        {
            **context,
            "days": studio.days(summit),
            # Every poll reaches the view, which notices what time alone changes.
            **live.live_context(request, qa.studio_topic(summit), "2s", live_path, early=False),
        },
    )


@login_required
def studio_live(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    with timezone.override(summit.zone):
        # Read before the version is compared: time alone may have moved an item on or off
        # the air, which bumps the topic (a handful of control-room screens poll this).
        context = _studio_context(request, summit)
        return live.fragment(
            request,
            qa.studio_topic(summit),
            "online/_studio_live.html",
            lambda: context,
            interval="2s",
            early=False,
        )


# --- recordings -----------------------------------------------------------------------------------


@login_required
@require_POST
def recording_add(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.item(summit, item_id)
    form = RecordingForm(request.POST, request.FILES, prefix="recording")
    if form.is_valid():
        upload = form.cleaned_data.get("captions")
        try:
            recordings.add_recording(
                actor=request.user,
                item=found,
                channel=form.cleaned_data["channel"],
                url=form.cleaned_data["url"],
                captions=upload.read() if upload else None,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The recording is added."))
    else:
        flash_form_errors(request, form)
    return redirect("online:item", slug, found.pk)


@login_required
@require_POST
def recording_delete(request: HttpRequest, slug: str, recording_id: int) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    found = recordings.recording(summit, recording_id)
    ask = unless_confirmed(
        request,
        question=_("Remove the %(channel)s recording of “%(item)s”?")
        % {"channel": found.get_channel_display(), "item": found.online.item},
        consequence=_("The library no longer lists it, and its captions are removed."),
        button=_("Remove the recording"),
    )
    if ask:
        return ask
    item_id = found.online.item_id
    recordings.delete_recording(actor=request.user, recording=found)
    messages.success(request, _("The recording is removed."))
    return redirect("online:item", slug, item_id)


@pagecache.public_page
def library(request: HttpRequest, slug: str) -> HttpResponse:
    """The summit's recordings, by field (the programme's themes) and speaker."""
    summit = summit_queries.summit(slug, request.user)
    theme = request.GET.get("theme", "")
    speaker = request.GET.get("speaker", "")
    page = paginate(request, recordings.library(summit, request.user, theme=theme, speaker=speaker))
    with timezone.override(summit.zone):
        return render(
            request,
            "online/library.html",
            {
                "summit": summit,
                "page": page,
                "theme": theme,
                "speaker": speaker,
                **recordings.choices(summit, request.user),
            },
        )


@pagecache.public_page
def captions(request: HttpRequest, slug: str, recording_id: int) -> HttpResponse:
    """A recording's captions as WebVTT, for players and for reading."""
    summit = summit_queries.summit(slug, request.user)
    found = recordings.recording(summit, recording_id)
    queries.watch(summit, request.user, found.online.item_id)  # the item's own visibility
    if not found.captions:
        raise Http404(_("This recording has no captions."))
    response = HttpResponse(found.captions, content_type="text/vtt; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="recording-{found.pk}.vtt"'
    return response


@login_required
def my_zone(request: HttpRequest, slug: str) -> HttpResponse:
    """A registered person gives the time zone they follow the summit from: their itinerary,
    its PDF and calendar feed then give online items' hours in the summit's zone and theirs."""
    summit = summit_queries.summit(slug, request.user)
    delegate = queries.own_delegate(summit, request.user)
    found = queries.person_zone(summit, delegate.person_id)
    initial = {}
    if found is not None:
        initial = {
            "time_zone": found.time_zone,
            "zone_label_ko": found.zone_label_ko,
            "zone_label_en": found.zone_label_en,
        }
    form = ZoneForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            speakers.save_own_zone(
                actor=request.user,
                summit=summit,
                person_id=delegate.person_id,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Your time zone is saved."))
            return redirect("online:my-zone", slug)
    return render(
        request,
        "online/my_zone.html",
        {"summit": summit, "delegate": delegate, "form": form, "zone": found},
    )


# --- viewing figures ------------------------------------------------------------------------


@csrf_exempt  # a count, sent from cached pages (no token there); it changes nobody's data
@require_POST
def watching(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """The "I'm watching" signal of an item's page while its player is shown (watch.js, every
    half-minute): counted once per viewer, channel and minute (viewing.record)."""
    summit = summit_queries.summit(slug, request.user)
    online = qa.online_item(summit, queries.watch(summit, request.user, item_id).pk)
    channel = (request.POST.get("channel") or "")[:8]
    if channel not in dict(CHANNELS):
        return HttpResponse(_("There is no such language channel."), status=400)
    if not request.user.is_authenticated and not request.COOKIES.get(qa.VIEWER_COOKIE):
        # A new anonymous viewer: their cookie first (the page's questions may be setting one
        # at the same moment), counted from their next signal, which comes at once (202).
        _ensure_viewer(request)
        return _keep_viewer(request, HttpResponse(status=202))
    voter = _voter(request)
    if voter is None or ratelimit.exceeded("online-watching", voter, limit=6, window_seconds=60):
        return HttpResponse(status=429)
    viewing.record(online, channel, voter)
    response = HttpResponse(status=204)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def viewing_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: per online item and language channel, peak concurrent and unique viewers, and the
    viewers over time (counts only: nobody can be named from them)."""
    summit = console_summit(request, slug, access.PERMISSION)
    rows = viewing.summary(summit)
    chosen = request.GET.get("item")
    detail = next((row for row in rows if str(row["item"].pk) == chosen), None)
    if detail is not None:
        top = max((step["viewers"] for step in detail["series"]), default=0)
        detail["top"] = top
    with timezone.override(summit.zone):
        return render(
            request,
            "online/viewing.html",
            {"summit": summit, "rows": rows, "detail": detail},
        )
