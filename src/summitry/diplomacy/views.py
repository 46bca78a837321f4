"""Pages of city diplomacy: meeting requests and answers, the officer's schedule, seating
plans and name cards, the gift log, the agreements register and the public partner cities."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console import exportviews
from summitry.console.views import paginate
from summitry.core import live, pagecache, runs
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors
from summitry.summits import queries as summit_queries

from . import exchange, queries, rules, scheduling, services
from .forms import (
    AgreementForm,
    AnswerForm,
    CeremonyForm,
    DocumentForm,
    GiftForm,
    InterpreterForm,
    MoveForm,
    RequestForm,
    SettingsForm,
    StepForm,
    as_times,
    windows_as_text,
)
from .models import RequestStatus


def _party(summit, organisation_id):
    for organisation in queries.parties(summit):
        if organisation.pk == organisation_id:
            return organisation
    raise Http404(_("There is no such delegation here."))


def _people(summit, organisation, ids) -> list:
    by_id = {p.pk: p for p in queries.people_of(summit, organisation)}
    return [by_id[i] for i in ids if i in by_id]


# --- requests ----------------------------------------------------------------------------------


@login_required
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    found = queries.requests(summit, request.user)
    sides = queries.my_organisations(summit, request.user)
    if not sides and not rules.is_officer(request.user, summit) and not found.exists():
        raise Http404(_("There is no such page for you here."))
    filters = {
        "search": request.GET.get("q", "")[:100],
        "status": request.GET.get("status", ""),
        "sort": request.GET.get("sort", "when"),
    }
    page = paginate(request, queries.meeting_list(found, **filters))
    mine = rules.organisations_of(request.user, summit)
    return render(
        request,
        "diplomacy/meetings.html",
        {
            "summit": summit,
            "page": page,
            "rows": page.object_list,
            "filters": filters,
            "statuses": RequestStatus.choices,
            "sorts": (
                ("when", _("By time")),
                ("requested", _("Newest requests first")),
                ("status", _("By status")),
            ),
            "pending": {r.pk for r in queries.pending_for(summit, request.user)},
            "mine": mine,
            "is_officer": rules.is_officer(request.user, summit),
            "can_request": bool(sides),
        },
    )


@login_required
def new_request(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    sides = queries.my_organisations(summit, request.user)
    if not sides:
        raise Http404(_("There is no such page for you here."))
    chosen = request.POST.get("requester") or request.GET.get("requester")
    requester = next((o for o in sides if str(o.pk) == str(chosen)), sides[0])
    parties = [o for o in queries.parties(summit) if o.pk != requester.pk]
    slot_list = scheduling.slots(summit)
    people = queries.people_of(summit, requester)
    form = RequestForm(
        request.POST or None,
        sides=sides,
        parties=parties,
        people=people,
        slots=slot_list,
        initial={
            "requester": requester.pk,
            "attendees": [p.pk for p in people[:1]],
            # The host speaks Korean; a guest is assumed to speak English until they say.
            "requester_language": "ko" if requester == services.host_of(summit) else "en",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.request_meeting(
                actor=request.user,
                summit=summit,
                requester=requester,
                counterpart=_party(summit, data["counterpart"]),
                topic={"ko": data["topic_ko"], "en": data["topic_en"]},
                attendees=_people(summit, requester, data["attendees"]),
                requester_language=data["requester_language"],
                counterpart_language=data["counterpart_language"],
                preferred_times=as_times(data["preferred"], slot_list),
                impossible_times=as_times(data["impossible"], slot_list),
                priority=data["priority"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The meeting is requested; the other side is told."))
            return redirect("diplomacy:request", slug, meeting.pk)
    return render(
        request,
        "diplomacy/request_form.html",
        {"summit": summit, "form": form, "sides": sides, "requester": requester},
    )


@login_required
def request_detail(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    meeting = queries.request(summit, request.user, request_id)
    proposal = meeting.status == RequestStatus.PROPOSED
    answering_side = meeting.requester if proposal else meeting.counterpart
    slot_list = scheduling.slots(summit)
    form = None
    if rules.may_answer(request.user, meeting):
        form = AnswerForm(
            request.POST or None,
            people=queries.people_of(summit, answering_side),
            slots=slot_list,
            proposal=proposal,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.respond(
                    actor=request.user,
                    meeting=meeting,
                    answer=data["answer"],
                    note=data["note"],
                    times=as_times(data.get("times", []), slot_list),
                    impossible_times=as_times(data.get("impossible", []), slot_list),
                    attendees=_people(summit, answering_side, data["attendees"])
                    if data["attendees"]
                    else None,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your answer is recorded; the other side is told."))
                return redirect("diplomacy:request", slug, meeting.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Only the other side may answer this request."))
    return render(
        request,
        "diplomacy/request_detail.html",
        {
            "summit": summit,
            "meeting": meeting,
            "form": form,
            "is_officer": rules.is_officer(request.user, summit),
            "times": {
                "preferred": scheduling.parse_times(meeting.preferred_times),
                "proposed": scheduling.parse_times(meeting.proposed_times),
                "requester_impossible": scheduling.parse_times(meeting.requester_impossible),
                "counterpart_impossible": scheduling.parse_times(meeting.counterpart_impossible),
            },
            "can_cancel": meeting.status not in (RequestStatus.CANCELLED, RequestStatus.DECLINED),
        },
    )


@login_required
@require_POST
def cancel_request(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    meeting = queries.request(summit, request.user, request_id)
    ask = unless_confirmed(
        request,
        question=_("Call off the meeting “%(topic)s”?") % {"topic": meeting.topic},
        consequence=_("Both sides are told; a published meeting leaves their itineraries."),
        button=_("Call the meeting off"),
    )
    if ask:
        return ask
    try:
        services.cancel(actor=request.user, meeting=meeting)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The meeting is called off."))
    return redirect("diplomacy:request", slug, meeting.pk)


# --- the officer's schedule ------------------------------------------------------------------


def _officer(request, slug):
    summit = summit_queries.in_its_zone(request, slug)
    if not rules.is_officer(request.user, summit):
        raise Http404(_("There is no such page for you here."))
    return summit


@login_required
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    summit = _officer(request, slug)
    rows = list(queries.requests(summit, request.user))
    accepted = [m for m in rows if m.status == RequestStatus.ACCEPTED]
    rooms, days = queries.grid(summit, accepted)
    slot_list = scheduling.slots(summit)
    return render(
        request,
        "diplomacy/schedule.html",
        {
            "summit": summit,
            "rooms": rooms,
            "days": days,
            "unscheduled": [m for m in accepted if not m.is_scheduled],
            "scheduled": [m for m in accepted if m.is_scheduled],
            "to_publish": sum(1 for m in rows if m.publish_pending),
            "waiting": [
                m for m in rows if m.status in (RequestStatus.REQUESTED, RequestStatus.PROPOSED)
            ],
            "move_form": MoveForm(slots=slot_list, rooms=rooms),
            **_latest_run(request, summit),
        },
    )


def _latest_run(request, summit) -> dict:
    run = queries.scheduler_runs(summit).first()
    if run is None:
        return {"run": None}
    path = reverse("diplomacy:run-progress", args=[summit.slug, run.pk])
    return {
        **_run_context(request, summit, run),
        **live.live_context(request, runs.topic(run), "1s", path),
    }


@login_required
def meeting_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The officer's settings: meeting length, time windows, rooms, precedence, interpreters."""
    summit = _officer(request, slug)
    config = scheduling.settings_of(summit)
    rooms = list(summit_queries.rooms(summit))
    action = request.POST.get("action") if request.method == "POST" else None
    initial = {
        "meeting_minutes": config.meeting_minutes,
        "windows": windows_as_text(config.windows or []),
        "rooms": [r.pk for r in config.rooms.all()] if config.pk else [],
        "precedence_rule": config.precedence_rule,
        "rotation_letter": config.rotation_letter,
    }
    form = SettingsForm(
        request.POST if action == "settings" else None, initial=initial, rooms=rooms
    )
    interpreter_form = InterpreterForm(request.POST if action == "interpreter" else None)
    if action == "settings" and form.is_valid():
        data = dict(form.cleaned_data)
        by_pk = {r.pk: r for r in rooms}
        data["rooms"] = [by_pk[pk] for pk in data["rooms"]]
        try:
            services.save_settings(actor=request.user, summit=summit, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("diplomacy:settings", slug)
    if action == "interpreter" and interpreter_form.is_valid():
        try:
            services.add_interpreter(
                actor=request.user, summit=summit, **interpreter_form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(interpreter_form, error)
        else:
            messages.success(request, _("The interpreter is added."))
            return redirect("diplomacy:settings", slug)
    return render(
        request,
        "diplomacy/settings.html",
        {
            "summit": summit,
            "form": form,
            "interpreter_form": interpreter_form,
            "interpreters": queries.interpreters(summit),
            "slot_count": len(scheduling.slots(summit, config)),
        },
    )


@login_required
@require_POST
def remove_interpreter(request: HttpRequest, slug: str, interpreter_id: int) -> HttpResponse:
    summit = _officer(request, slug)
    interpreter = queries.interpreter(summit, interpreter_id)
    ask = unless_confirmed(
        request,
        question=_("Remove the interpreter %(name)s?") % {"name": interpreter},
        consequence=_("The scheduler no longer counts on them; meetings already placed stay."),
        button=_("Remove the interpreter"),
    )
    if ask:
        return ask
    services.remove_interpreter(actor=request.user, interpreter=interpreter)
    messages.success(request, _("The interpreter is removed."))
    return redirect("diplomacy:settings", slug)


@login_required
@require_POST
def run(request: HttpRequest, slug: str) -> HttpResponse:
    """Start the scheduler in the background; the schedule page follows its progress."""
    summit = _officer(request, slug)
    run = services.start_scheduler(actor=request.user, summit=summit)
    if not run.finished:
        messages.info(request, _("The scheduler is running; this page shows its progress."))
    return redirect("diplomacy:schedule", slug)


def _run_context(request, summit, run) -> dict:
    done = run.status == "done"
    return {
        "summit": summit,
        "run": run,
        "progress": runs.progress_of(run),
        "quality": quality(run.result) if done else "",
        "left": len(run.result.get("unscheduled", {})) if done else 0,
    }


@login_required
def run_progress(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """The run's panel, polled by the schedule page while the run is queued or running; once
    it is finished the page reloads to show the new draft."""
    summit = _officer(request, slug)
    run = queries.scheduler_run(summit, run_id)
    response = live.fragment(
        request,
        runs.topic(run),
        "diplomacy/_run.html",
        lambda: _run_context(request, summit, run),
    )
    if response.status_code == 200 and run.finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response


def quality(result: dict) -> str:
    """How good the solver says its schedule is: proven optimal, or its gap to the bound."""
    gaps, bound = result.get("idle_gaps"), result.get("bound")
    if result.get("status") == "optimal":
        return _("Proven optimal: %(gaps)s idle gaps between meetings.") % {"gaps": gaps}
    if bound is not None:
        return _(
            "Not proven optimal: %(gaps)s idle gaps between meetings; no schedule can have "
            "fewer than %(bound)s."
        ) % {"gaps": gaps, "bound": bound}
    return _("Not proven optimal: %(gaps)s idle gaps between meetings.") % {"gaps": gaps}


@login_required
@require_POST
def pin(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    summit = _officer(request, slug)
    meeting = queries.request(summit, request.user, request_id)
    try:
        services.pin(actor=request.user, meeting=meeting, pinned=request.POST.get("pinned") == "1")
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("diplomacy:schedule", slug)


@login_required
@require_POST
def move(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    summit = _officer(request, slug)
    meeting = queries.request(summit, request.user, request_id)
    rooms, _days = queries.grid(summit, [])
    form = MoveForm(request.POST, slots=scheduling.slots(summit), rooms=rooms)
    if not form.is_valid():
        messages.error(request, _("Choose a time and a room."))
        return redirect("diplomacy:schedule", slug)
    room = next(r for r in rooms if r.pk == form.cleaned_data["room"])
    try:
        services.move(
            actor=request.user,
            meeting=meeting,
            starts_at=datetime.datetime.fromisoformat(form.cleaned_data["starts_at"]),
            room=room,
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The meeting is moved and pinned."))
    return redirect("diplomacy:schedule", slug)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    summit = _officer(request, slug)
    counts = services.publish(actor=request.user, summit=summit)
    messages.success(
        request,
        _("Published: %(added)s new, %(changed)s changed, %(removed)s removed meetings.") % counts,
    )
    return redirect("diplomacy:schedule", slug)


# --- seating plans and name cards --------------------------------------------------------------


@login_required
def meeting_seating(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    meeting = queries.request(summit, request.user, request_id)
    # The summit's host hosts its meetings; between two delegations, the requester hosts.
    host = services.host_of(summit)
    if host is None or host.pk not in (meeting.requester_id, meeting.counterpart_id):
        host = meeting.requester
    seats = queries.seating(summit, list(meeting.attendees.all()), host)
    return _seating(
        request, summit, seats, title=str(meeting), when=meeting.starts_at, room=meeting.room
    )


def _seating(request, summit, seats, *, title, when, room) -> HttpResponse:
    context = {"summit": summit, "seats": seats, "title": title, "when": when, "room": room}
    if request.GET.get("format") == "pdf":
        from . import pdf

        body = pdf.seating_pdf(context, base_url=request.build_absolute_uri("/"))
        response = HttpResponse(body, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="seating.pdf"'
        return response
    return render(request, "diplomacy/seating.html", context)


# --- gifts -------------------------------------------------------------------------------------


@login_required
def gifts(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    if not rules.is_gift_keeper(request.user, summit):
        raise Http404(_("There is no such page for you here."))
    form = GiftForm(request.POST or None, parties=queries.parties(summit)[1:])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["counterpart"] = _party(summit, data["counterpart"])
        try:
            services.record_gift(actor=request.user, summit=summit, data=data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The gift is recorded."))
            return redirect("diplomacy:gifts", slug)
    return render(
        request,
        "diplomacy/gifts.html",
        {"summit": summit, "gifts": queries.gifts(summit), "form": form},
    )


@login_required
def gifts_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    if not rules.is_gift_keeper(request.user, summit) or fmt not in ("csv", "xlsx"):
        raise Http404(_("There is no such page for you here."))
    return exportviews.answer(request, summit, exchange.GIFTS_EXPORT.format(fmt=fmt))


# --- agreements --------------------------------------------------------------------------------


def _keeper(request, slug):
    summit = summit_queries.in_its_zone(request, slug)
    if not rules.is_agreement_keeper(request.user, summit):
        raise Http404(_("There is no such page for you here."))
    return summit


@login_required
def agreements(request: HttpRequest, slug: str) -> HttpResponse:
    summit = _keeper(request, slug)
    form = AgreementForm(request.POST or None, parties=queries.parties(summit)[1:])
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["partner"] = _party(summit, data["partner"])
        try:
            agreement = services.create_agreement(actor=request.user, summit=summit, data=data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The agreement is in the register."))
            return redirect("diplomacy:agreement", slug, agreement.pk)
    return render(
        request,
        "diplomacy/agreements.html",
        {"summit": summit, "agreements": queries.agreements(summit), "form": form},
    )


@login_required
def agreement_detail(request: HttpRequest, slug: str, agreement_id: int) -> HttpResponse:
    summit = _keeper(request, slug)
    agreement = queries.agreement(summit, agreement_id)
    rooms = list(summit_queries.rooms(summit))
    step_form = StepForm(statuses=services.next_statuses(agreement))
    document_form = DocumentForm()
    ceremony = agreement.ceremony
    ceremony_form = CeremonyForm(
        rooms=rooms,
        initial={
            "starts_at": timezone.localtime(ceremony.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(ceremony.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "room": ceremony.room_id,
        }
        if ceremony
        else None,
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "step":
                step_form = StepForm(request.POST, statuses=services.next_statuses(agreement))
                if step_form.is_valid():
                    data = step_form.cleaned_data
                    services.advance(
                        actor=request.user,
                        agreement=agreement,
                        to=data["to"],
                        note=data["note"],
                        council_resolution=data["council_resolution"],
                        signed_on=data["signed_on"],
                    )
                    messages.success(request, _("The status is changed."))
                    return redirect("diplomacy:agreement", slug, agreement.pk)
            elif action == "document":
                document_form = DocumentForm(request.POST, request.FILES)
                if document_form.is_valid():
                    services.add_document(
                        actor=request.user,
                        agreement=agreement,
                        language=document_form.cleaned_data["language"],
                        file=document_form.cleaned_data["file"],
                    )
                    messages.success(request, _("The document is kept."))
                    return redirect("diplomacy:agreement", slug, agreement.pk)
            elif action == "ceremony":
                ceremony_form = CeremonyForm(request.POST, rooms=rooms)
                if ceremony_form.is_valid():
                    data = ceremony_form.cleaned_data
                    services.set_ceremony(
                        actor=request.user,
                        agreement=agreement,
                        starts_at=data["starts_at"],
                        ends_at=data["ends_at"],
                        room=next((r for r in rooms if r.pk == data["room"]), None),
                    )
                    messages.success(request, _("The signing ceremony is in the programme."))
                    return redirect("diplomacy:agreement", slug, agreement.pk)
        except ValidationError as error:
            form = {"step": step_form, "document": document_form}.get(action, ceremony_form)
            add_form_errors(form, error)
    return render(
        request,
        "diplomacy/agreement_detail.html",
        {
            "summit": summit,
            "agreement": agreement,
            "step_form": step_form,
            "document_form": document_form,
            "ceremony_form": ceremony_form,
        },
    )


@login_required
def agreement_seating(request: HttpRequest, slug: str, agreement_id: int) -> HttpResponse:
    summit = _keeper(request, slug)
    agreement = queries.agreement(summit, agreement_id)
    seats = queries.seating(summit, list(agreement.signatories.all()), services.host_of(summit))
    ceremony = agreement.ceremony
    return _seating(
        request,
        summit,
        seats,
        title=str(agreement),
        when=ceremony.starts_at if ceremony else None,
        room=ceremony.room if ceremony else None,
    )


@login_required
def document(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    """An agreement's text, to protocol officers only (never a public address)."""
    summit = _keeper(request, slug)
    found = queries.document(summit, document_id)
    return FileResponse(found.file.open("rb"), as_attachment=True)


@pagecache.public_page
def partners(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: the host city's partner cities."""
    summit = summit_queries.in_its_zone(request, slug)
    return render(
        request,
        "diplomacy/partners.html",
        {"summit": summit, "host": services.host_of(summit), "rows": queries.partners(summit)},
    )
