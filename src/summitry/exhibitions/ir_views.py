"""Pages of investor relations: the participants' (an investor's or a pitching company's own
page with requests and answers, their personal schedule as a page, a PDF and a calendar feed,
the follow-up after each meeting, the pitch decks) and the console's (sessions, companies,
investors, matching suggestions, the scheduler's runs, publication, attendance, follow-ups)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core import live, runs
from summitry.core.bilingual import current_language
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors
from summitry.summits import queries as summit_queries

from . import ir_documents, ir_queries, ir_scheduling, ir_services, policy
from .ir_forms import (
    AttendanceForm,
    CompanyForm,
    FollowUpForm,
    InvestorForm,
    InvestorSignUpForm,
    NewSessionForm,
    RequestForm,
    SessionForm,
)
from .ir_models import Attendance, IRMeeting, MeetingStatus, Side

# --- participants -------------------------------------------------------------------------------


def _participant(request: HttpRequest, slug: str, session_id: int):
    """The session and who the user is in it: their investor or company record, or staff.
    404 to anyone else."""
    summit = summit_queries.in_its_zone(request, slug)
    ir = ir_queries.session(summit, session_id)
    investor = ir_services.investor_of(request.user, ir)
    company = None if investor else ir_services.company_of(request.user, ir)
    staff = policy.is_staff_for(request.user, summit)
    if investor is None and company is None and not staff:
        raise Http404(_("You take no part in this IR session."))
    return summit, ir, investor, company, staff


def _other(meeting: IRMeeting, investor) -> str:
    return str(meeting.company) if investor is not None else str(meeting.investor)


@login_required
def home(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """An investor's page: the companies, asking for meetings, the requests either way; a
    company's: the investors, likewise."""
    summit, ir, investor, company, staff = _participant(request, slug, session_id)
    if investor is None and company is None:
        return redirect("exhibitions:ir-manage-session", slug=summit.slug, session_id=ir.pk)
    mine = list(ir_queries.meetings_of(ir, investor=investor, company=company).order_by("-pk"))
    asked = {m.company_id if investor else m.investor_id for m in mine}
    me = Side.INVESTOR if investor else Side.COMPANY
    rows = []
    for meeting in mine:
        agreed = meeting.investor_agreed if investor else meeting.company_agreed
        rows.append(
            {
                "meeting": meeting,
                "other": _other(meeting, investor),
                "incoming": meeting.status == MeetingStatus.PENDING and not agreed,
                "asked_by_me": meeting.requested_by == me,
            }
        )
    others = ir_queries.companies(ir) if investor else ir_queries.approved_investors(ir)
    return render(
        request,
        "exhibitions/ir_home.html",
        {
            "summit": summit,
            "ir": ir,
            "investor": investor,
            "company": company,
            "rows": rows,
            "others": [(o, o.pk in asked) for o in others],
            "pitches": ir_scheduling.pitch_times(ir),
            "form": RequestForm(),
        },
    )


@login_required
@require_POST
def act(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """A participant's action: ask (``ask``), answer (``accept``/``decline``), cancel, write a
    follow-up, upload the company's deck."""
    summit, ir, investor, company, _staff = _participant(request, slug, session_id)
    back = redirect("exhibitions:ir", slug=summit.slug, session_id=ir.pk)
    action = request.POST.get("action", "")
    try:
        if action == "ask":
            other_id = request.POST.get("other", "")
            if not other_id.isdigit() or (investor is None and company is None):
                raise Http404
            form = RequestForm(request.POST)
            if not form.is_valid():
                flash_errors(request, ValidationError(form.errors))
                return back
            if investor is not None:
                pair = {"investor": investor, "company": _get(ir_queries.companies(ir), other_id)}
            else:
                pair = {
                    "investor": _get(ir_queries.approved_investors(ir), other_id),
                    "company": company,
                }
            ir_services.request_meeting(
                actor=request.user, message=form.cleaned_data["message"], **pair
            )
            messages.success(request, _("Your request is sent; the other side answers."))
        elif action in ("accept", "decline", "cancel"):
            meeting = _own_meeting(request, ir)
            if action == "cancel":
                asked = unless_confirmed(
                    request,
                    question=_("Cancel this meeting?"),
                    consequence=_("The other side sees it cancelled; it leaves the schedule."),
                    button=_("Cancel the meeting"),
                )
                if asked is not None:
                    return asked
                ir_services.cancel(actor=request.user, meeting=meeting)
                messages.success(request, _("The meeting is cancelled."))
            else:
                meeting = ir_services.respond(
                    actor=request.user, meeting=meeting, accept=action == "accept"
                )
                messages.success(
                    request, _("Status: %(status)s.") % {"status": meeting.get_status_display()}
                )
        elif action == "follow-up":
            meeting = _own_meeting(request, ir)
            form = FollowUpForm(request.POST)
            if not form.is_valid():
                flash_errors(request, ValidationError(form.errors))
            else:
                ir_services.write_follow_up(
                    actor=request.user, meeting=meeting, **form.cleaned_data
                )
                messages.success(request, _("Your follow-up is saved."))
            return redirect("exhibitions:ir-schedule", slug=summit.slug, session_id=ir.pk)
        elif action == "deck" and company is not None:
            deck = request.FILES.get("deck")
            if deck is None:
                raise ValidationError({"deck": _("Choose a PDF file.")})
            ir_services.set_deck(actor=request.user, company=company, deck=deck)
            messages.success(request, _("The pitch deck is uploaded."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        flash_errors(request, error)
    return back


def _get(rows, pk):
    found = rows.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _own_meeting(request, ir) -> IRMeeting:
    meeting_id = request.POST.get("meeting", "")
    if not meeting_id.isdigit():
        raise Http404
    meeting = ir_queries.meeting(ir, int(meeting_id))
    if ir_services.side_of(request.user, meeting) is None:
        raise Http404
    return meeting


def _schedule_context(request, summit, ir, investor, company) -> dict:
    rows = list(ir_queries.schedule_of(ir, investor=investor, company=company))
    me = Side.INVESTOR if investor else Side.COMPANY
    entries = []
    for meeting in rows:
        mine = next((f for f in meeting.follow_ups.all() if f.side == me), None)
        entries.append(
            {
                "meeting": meeting,
                "other": _other(meeting, investor),
                "follow_up": mine,
                "form": FollowUpForm(
                    initial={"outcome": mine.outcome, "next_step": mine.next_step} if mine else None
                ),
            }
        )
    name = str(investor or company)
    return {"summit": summit, "ir": ir, "entries": entries, "name": name}


@login_required
def schedule(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    summit, ir, investor, company, _staff = _participant(request, slug, session_id)
    if investor is None and company is None:
        raise Http404(_("Staff read the whole schedule in the console."))
    context = _schedule_context(request, summit, ir, investor, company)
    token = ir_documents.calendar_token(ir, investor=investor, company=company)
    context["feed"] = request.build_absolute_uri(
        reverse("exhibitions:ir-calendar", args=[summit.slug, token])
    )
    return render(request, "exhibitions/ir_schedule.html", context)


@login_required
def schedule_pdf(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    summit, ir, investor, company, _staff = _participant(request, slug, session_id)
    if investor is None and company is None:
        raise Http404
    context = _schedule_context(request, summit, ir, investor, company)
    pdf = ir_documents.schedule_pdf(context, request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ir-schedule-{summit.slug}.pdf"'
    return response


def calendar(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The personal calendar feed: its signed address is the key (calendar apps do not sign
    in); only the published schedule is in it."""
    summit = summit_queries.in_its_zone(request, slug)
    found = ir_documents.read_token(token)
    if found is None:
        raise Http404
    session_id, kind, pk = found
    ir = ir_queries.session(summit, session_id)
    investor = company = None
    if kind == "i":
        investor = _get(ir_queries.investors(ir), pk)
    else:
        company = _get(ir_queries.companies(ir), pk)
    rows = ir_queries.schedule_of(ir, investor=investor, company=company)
    body = ir_documents.schedule_calendar(
        ir,
        rows,
        name=str(investor or company),
        lang=current_language(),
        other=lambda m: _other(m, investor),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="ir-{summit.slug}.ics"'
    return response


@login_required
def deck(request: HttpRequest, slug: str, session_id: int, company_id: int) -> HttpResponse:
    """A company's pitch deck: for the session's investors, the company itself and staff."""
    _summit, ir, _investor, _company, _staff = _participant(request, slug, session_id)
    found = _get(ir_queries.companies(ir), company_id)
    if not found.deck:
        raise Http404(_("This company has no pitch deck yet."))
    return FileResponse(
        found.deck.open("rb"),
        content_type="application/pdf",
        filename=f"{found.organisation.slug}-deck.pdf",
    )


# --- console ------------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The summit's IR sessions, and a programme item made one."""
    summit = console_summit(request, slug, policy.PERMISSION)
    items = ir_queries.candidate_items(summit)
    form = NewSessionForm(request.POST or None, items=items)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        item = data.pop("item")
        try:
            ir = ir_services.create_session(actor=request.user, summit=summit, item=item, data=data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The IR session is created."))
            return redirect("exhibitions:ir-manage-session", slug=summit.slug, session_id=ir.pk)
    return render(
        request,
        "exhibitions/ir_manage.html",
        {"summit": summit, "sessions": ir_queries.sessions(summit), "form": form},
    )


def _grid(ir, rows) -> list[dict]:
    """The schedule as slots × tables."""
    at = {(m.starts_at, m.table): m for m in rows if m.is_scheduled}
    return [
        {"slot": slot, "cells": [at.get((slot.start, n)) for n in range(1, ir.tables + 1)]}
        for slot in ir_scheduling.slots(ir)
    ]


def _run_context(request, summit, ir) -> dict:
    run = ir_services.latest_run(ir)
    if run is None:
        return {"run": None}
    path = reverse("exhibitions:ir-run", args=[summit.slug, ir.pk])
    return {
        "run": run,
        "progress": runs.progress_of(run),
        **live.live_context(request, runs.topic(run), "1s", path),
    }


@login_required
def manage_session(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    ir = ir_queries.session(summit, session_id)
    if request.method == "POST":
        return _manage_action(request, summit, ir)
    status = request.GET.get("status", "")
    text = request.GET.get("q", "")[:100]
    rows = (
        ir_queries.meetings(ir).prefetch_related("follow_ups").order_by("starts_at", "table", "pk")
    )
    if status in MeetingStatus.values:
        rows = rows.filter(status=status)
    rows = ir_queries.search(rows, text)
    accepted = list(ir_scheduling.accepted(ir))
    organisations = ir_queries.organisations_outside(ir)
    settings_initial = {
        name: getattr(ir, name)
        for name in ("meetings_start", "meetings_end", "meeting_minutes", "tables")
    }
    no_shows = ir_queries.no_show_count(ir)
    return render(
        request,
        "exhibitions/ir_manage_session.html",
        {
            "summit": summit,
            "ir": ir,
            "companies": ir_queries.companies(ir),
            "investors": ir_queries.investors(ir),
            "pitches": ir_scheduling.pitch_times(ir),
            "suggestions": ir_services.suggestions(ir, limit=20),
            "page": paginate(request, rows),
            "statuses": MeetingStatus.choices,
            "status": status,
            "q": text,
            "grid": _grid(ir, accepted),
            "unplaced": [m for m in accepted if not m.is_scheduled],
            "accepted_count": len(accepted),
            "no_shows": no_shows,
            "attendance": Attendance.choices,
            "settings_form": SessionForm(initial=settings_initial),
            "company_form": CompanyForm(organisations=organisations),
            "investor_form": InvestorForm(organisations=ir_queries.all_organisations()),
            **_run_context(request, summit, ir),
        },
    )


def _account(email: str):
    if not email:
        return None
    user = ir_queries.account(email)
    if user is None:
        raise ValidationError(
            {"user_email": _("No account signs in with %(email)s.") % {"email": email}}
        )
    return user


def _person(slug: str, field: str):
    if not slug:
        return None
    found = ir_queries.person(slug)
    if found is None:
        raise ValidationError(
            {field: _("The directory has no person “%(slug)s”.") % {"slug": slug}}
        )
    return found


def _manage_action(request, summit, ir) -> HttpResponse:
    back = redirect("exhibitions:ir-manage-session", slug=summit.slug, session_id=ir.pk)
    action = request.POST.get("action", "")
    actor = request.user
    try:
        if action == "settings":
            form = SessionForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors)
            ir_services.update_session(actor=actor, session=ir, data=form.cleaned_data)
            messages.success(request, _("The IR session is saved."))
        elif action == "company":
            form = CompanyForm(
                request.POST, request.FILES, organisations=ir_queries.all_organisations()
            )
            if not form.is_valid():
                raise ValidationError(form.errors)
            data = dict(form.cleaned_data)
            data["user"] = _account(data.pop("user_email"))
            data["contact"] = _person(data.pop("contact_slug"), "contact_slug")
            upload = data.pop("deck")
            ir_services.add_company(actor=actor, session=ir, data=data, deck=upload or None)
            messages.success(request, _("The company is added."))
        elif action == "investor":
            form = InvestorForm(request.POST, organisations=ir_queries.all_organisations())
            if not form.is_valid():
                raise ValidationError(form.errors)
            data = dict(form.cleaned_data)
            data["user"] = _account(data.pop("user_email"))
            data["person"] = _person(data.pop("person_slug"), "person_slug")
            ir_services.add_investor(actor=actor, session=ir, data=data)
            messages.success(request, _("The investor is added."))
        elif action == "approve-investor":
            pk = request.POST.get("id", "")
            if not pk.isdigit():
                raise Http404
            found = _get(ir_queries.investors(ir), pk)
            ir_services.approve_investor(actor=actor, investor=found)
            messages.success(request, _("%(name)s is approved.") % {"name": found})
        elif action in ("remove-company", "remove-investor"):
            asked = unless_confirmed(
                request,
                question=_("Remove them from the IR session?"),
                consequence=_("Their meeting requests and meetings go with them."),
                button=_("Remove"),
            )
            if asked is not None:
                return asked
            pk = request.POST.get("id", "")
            if not pk.isdigit():
                raise Http404
            if action == "remove-company":
                ir_services.remove_company(actor=actor, company=_get(ir.companies, pk))
            else:
                ir_services.remove_investor(actor=actor, investor=_get(ir.investors, pk))
            messages.success(request, _("Removed."))
        elif action == "suggest":
            investor = _get(ir.investors, request.POST.get("investor", "0"))
            company = _get(ir.companies, request.POST.get("company", "0"))
            ir_services.request_meeting(actor=actor, investor=investor, company=company)
            messages.success(request, _("The request is sent to both sides."))
        elif action == "schedule":
            run = ir_services.start_scheduler(actor=actor, session=ir)
            if not run.finished:
                messages.info(request, _("The scheduler is running; this page shows its progress."))
        elif action == "publish":
            asked = unless_confirmed(
                request,
                question=_("Publish the schedule?"),
                consequence=_("Every investor and company sees their meetings at these times."),
                button=_("Publish"),
            )
            if asked is not None:
                return asked
            ir_services.publish(actor=actor, session=ir)
            messages.success(request, _("The schedule is published."))
        elif action == "attendance":
            meeting = _get(ir_queries.meetings(ir), request.POST.get("meeting", "0"))
            form = AttendanceForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors)
            ir_services.mark_attendance(actor=actor, meeting=meeting, **form.cleaned_data)
            messages.success(request, _("Attendance is saved."))
        elif action == "cancel":
            asked = unless_confirmed(
                request,
                question=_("Cancel this meeting?"),
                consequence=_("The other side sees it cancelled; it leaves the schedule."),
                button=_("Cancel the meeting"),
            )
            if asked is not None:
                return asked
            meeting = _get(ir_queries.meetings(ir), request.POST.get("meeting", "0"))
            ir_services.cancel(actor=actor, meeting=meeting)
            messages.success(request, _("The meeting is cancelled."))
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        flash_errors(request, error)
    except PermissionDenied:
        raise
    return back


@login_required
def run_progress(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The scheduler's panel, polled by the session page while a run is under way."""
    summit = console_summit(request, slug, policy.PERMISSION)
    ir = ir_queries.session(summit, session_id)
    run = ir_services.latest_run(ir)
    if run is None:
        raise Http404
    response = live.fragment(
        request,
        runs.topic(run),
        "exhibitions/_ir_run.html",
        lambda: {"summit": summit, "ir": ir, **_run_context(request, summit, ir)},
    )
    if response.status_code == 200 and run.finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
def tables(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The IR tables' door: choose the table, scan the badge of the investor or company who
    sits down (a scanner types its code and Enter); their side of the meeting there now is
    marked present. Meetings nobody checked in at are the no-shows to mark."""
    summit = console_summit(request, slug, policy.PERMISSION)
    ir = ir_queries.session(summit, session_id)
    table = request.POST.get("table") or request.GET.get("table") or "1"
    result = None
    if request.method == "POST":
        try:
            meeting, side = ir_services.check_in_at_table(
                actor=request.user, session=ir, table=table, code=request.POST.get("code", "")
            )
        except ValidationError as error:
            result = {"ok": False, "message": " ".join(error.messages)}
        else:
            who = meeting.investor if side == Side.INVESTOR else meeting.company
            result = {
                "ok": True,
                "message": _("%(name)s is checked in at table %(table)s.")
                % {"name": who, "table": meeting.table},
                "meeting": meeting,
            }
    rows = ir_queries.meetings(ir).filter(starts_at__isnull=False).order_by("starts_at", "table")
    return render(
        request,
        "exhibitions/ir_tables.html",
        {
            "summit": summit,
            "ir": ir,
            "table": str(table),
            "tables": [str(n) for n in range(1, ir.tables + 1)],
            "result": result,
            "page": paginate(request, rows),
        },
        status=400 if result and not result["ok"] else 200,
    )


def sign_up(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    """The IR session's public form: an investor signs up (signed in) with their interests
    and a profile in either language; staff approve; then they request meetings."""
    summit = summit_queries.in_its_zone(request, slug)
    ir = ir_queries.session(summit, session_id)
    mine = ir_services.registration_of(request.user, ir)
    form = None
    if mine is None:
        form = InvestorSignUpForm(request.POST or None)
        if request.method == "POST":
            if not request.user.is_authenticated:
                return redirect(f"{reverse('login')}?next={request.path}")
            if form.is_valid():
                try:
                    ir_services.sign_up_investor(
                        actor=request.user, session=ir, data=form.cleaned_data
                    )
                except ValidationError as error:
                    add_form_errors(form, error)
                else:
                    messages.success(
                        request, _("Thank you. The IR team will review your registration.")
                    )
                    return redirect("exhibitions:ir-sign-up", slug=summit.slug, session_id=ir.pk)
    response = render(
        request,
        "exhibitions/ir_sign_up.html",
        {"summit": summit, "ir": ir, "mine": mine, "form": form},
    )
    response["Cache-Control"] = "private, no-store"
    return response
