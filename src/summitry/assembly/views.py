"""Pages of assemblies: the chair's console (quorum and turnout live, roll call, opening and
closing votes), the voting page for a voting delegate, the projector (both languages, live)
and the public bulletin of a secret vote's receipts."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core import live, pagecache
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import flash_errors, messages_of
from summitry.solvers.voting import normalise_receipt
from summitry.summits import queries as summit_queries

from . import access, queries, services
from . import declarations as declaration_files
from . import documents as document_files
from . import pdf as pdf_files
from .models import (
    Base,
    Comparison,
    DocumentLanguage,
    ItemKind,
    PollKind,
    PollMethod,
    PollState,
    QuorumToOpen,
)

LANGUAGES = ("ko", "en")


def _public(request: HttpRequest, slug: str, assembly_slug: str):
    summit = summit_queries.summit(slug, request.user)
    timezone.activate(summit.zone)
    return summit, queries.assembly(summit, assembly_slug)


def _staff(request: HttpRequest, slug: str, assembly_slug: str):
    summit = console_summit(request, slug, access.PERMISSION)
    return summit, queries.assembly(summit, assembly_slug)


def _result_rows(poll) -> list[dict]:
    """An election's candidates with their votes, most first (names from the directory)."""
    result = poll.result or {}
    if poll.method == PollMethod.MOTION or not result:
        return []
    elected = result.get("elected") or []
    elected = {elected} if isinstance(elected, str) else set(elected)
    runoff = set(result.get("runoff") or [])
    names = {str(m.pk): m.organisation for m in queries.candidates(poll)}
    votes_of = result.get("votes", {})
    if poll.method == PollMethod.RANKED:
        # First preferences (the first round), the elected in the order of the count first.
        rounds = result.get("rounds") or []
        votes_of = dict.fromkeys(names, 0) | (rounds[0]["votes"] if rounds else {})
        order = {key: n for n, key in enumerate(result.get("elected") or [])}
        rows = [
            {
                "organisation": names.get(key),
                "votes": _figure(votes) if rounds else None,
                "elected": key in elected,
                "runoff": False,
                "order": order.get(key, len(order)),
            }
            for key, votes in votes_of.items()
        ]
        return sorted(rows, key=lambda r: (r["order"], -(r["votes"] or 0), str(r["organisation"])))
    if poll.method == PollMethod.LIST:
        return [
            {"organisation": names.get(key), "votes": None, "elected": key in elected}
            for key in result.get("candidates") or []
        ]
    rows = [
        {
            "organisation": names.get(key),
            "votes": votes,
            "elected": key in elected,
            "runoff": key in runoff,
        }
        for key, votes in votes_of.items()
    ]
    return sorted(rows, key=lambda row: (-row["votes"], str(row["organisation"])))


def _figure(votes):
    """A count's figure: whole votes as integers, transferred fractions to two places."""
    return int(votes) if float(votes).is_integer() else round(float(votes), 2)


def _room(assembly) -> dict:
    """What the console's live region and the projector show: quorum, the current poll."""
    current = queries.current_poll(assembly)
    return {
        "assembly": assembly,
        "attendance": queries.attendance(assembly),
        "poll": current,
        "turnout": queries.turnout(current) if current else 0,
        "rows": _result_rows(current) if current else [],
        "languages": LANGUAGES,
    }


def _live(
    request: HttpRequest, summit, assembly, template: str, *, shared: bool = False
) -> HttpResponse:
    """The live region's fragment (204 while nothing changed: core.live)."""
    context = lambda: {"summit": summit, **_room(assembly)}  # noqa: E731
    return live.fragment(request, services.topic(assembly), template, context, shared=shared)


# --- the chair's console ----------------------------------------------------------------------


@login_required
def manage_index(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    return render(
        request,
        "assembly/manage_index.html",
        {"summit": summit, "assemblies": queries.assemblies(summit)},
    )


@login_required
def manage(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    summit, assembly = _staff(request, slug, assembly_slug)
    topic = services.topic(assembly)
    live_path = reverse("assembly:manage-live", args=[slug, assembly_slug])
    return render(
        request,
        "assembly/manage.html",
        {
            "summit": summit,
            **_room(assembly),
            "polls": queries.polls(assembly),
            "agenda": queries.agenda(assembly).select_related("approves_minutes"),
            "earlier": list(queries.earlier_assemblies(assembly)),
            "rights": paginate(
                request, queries.rights(assembly).prefetch_related("alternates__user")
            ),
            "zones": queries.zones(summit),
            "motions": queries.motions_with_support(assembly),
            "quorum_rules": QuorumToOpen.choices,
            "circulations": queries.circulations(assembly),
            **live.live_context(request, topic, "1s", live_path),
        },
    )


@login_required
def manage_live(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    return _live(request, *_staff(request, slug, assembly_slug), "assembly/_room.html")


def _back(slug: str, assembly_slug: str):
    return redirect("assembly:manage", slug, assembly_slug)


def _to_agenda(slug: str, assembly_slug: str):
    """Back to the agenda's part of the assembly's console page."""
    return redirect(f"{reverse('assembly:manage', args=[slug, assembly_slug])}#agenda")


def _saved(request: HttpRequest, work, done: str) -> list:
    """Do ``work()`` and say ``done``; or return why it was refused (nothing changed), for the
    form to show again beside what was typed."""
    try:
        work()
    except ValidationError as error:
        return _errors(error)
    messages.success(request, done)
    return []


def _act(request: HttpRequest, work, done: str) -> None:
    """Do ``work()`` and say ``done``, or show why it was refused (nothing changed)."""
    try:
        work()
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, done)


@require_POST
@login_required
def presence(request: HttpRequest, slug: str, assembly_slug: str, right_id: int):
    _summit, assembly = _staff(request, slug, assembly_slug)
    right = queries.rights(assembly).filter(pk=right_id).first()
    if right is None:
        raise Http404
    called = {"1": True, "0": False, "": None}
    answer = request.POST.get("present")
    if answer not in called:
        messages.error(request, _("Say present, absent or not called."))
    else:
        services.set_present(actor=request.user, right=right, present=called[answer])
    url = reverse("assembly:manage", args=[slug, assembly_slug])
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}#roll" if page.isdigit() else f"{url}#roll")


@login_required
def delegates(request: HttpRequest, slug: str, assembly_slug: str, right_id: int):
    """The secretary names a member's voting delegate and alternates for this assembly, among
    the registered delegates of the member's delegation."""
    summit, assembly = _staff(request, slug, assembly_slug)
    right = queries.rights(assembly).filter(pk=right_id).first()
    if right is None:
        raise Http404
    if request.method == "POST":
        try:
            services.set_delegates(
                actor=request.user,
                right=right,
                delegate_id=request.POST.get("delegate", ""),
                alternate_ids=request.POST.getlist("alternates"),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("The voting delegate and alternates of %(member)s are saved.")
                % {"member": right.member},
            )
            return redirect(f"{reverse('assembly:manage', args=[slug, assembly_slug])}#roll")
        right.refresh_from_db()
    alternate_ids = {u.pk for u in queries.alternates(right)}
    return render(
        request,
        "assembly/delegates.html",
        {
            "summit": summit,
            "assembly": assembly,
            "right": right,
            "people": queries.delegation_people(right),
            "alternate_ids": alternate_ids,
            "pin_users": _pin_users(right),
        },
    )


@require_POST
@login_required
def assembly_rules(request: HttpRequest, slug: str, assembly_slug: str):
    """The assembly's rules: opening without quorum, changing votes, the check-in zone."""
    summit, assembly = _staff(request, slug, assembly_slug)
    zone_id = request.POST.get("checkin_zone", "")
    zone = None
    if zone_id:
        zone = queries.zones(summit).filter(pk=_int_or_none(zone_id)).first()
        if zone is None:
            messages.error(request, _("Choose a zone of this summit."))
            return _back(slug, assembly_slug)
    try:
        services.set_rules(
            actor=request.user,
            assembly=assembly,
            quorum_to_open=request.POST.get("quorum_to_open", ""),
            votes_changeable=request.POST.get("votes_changeable") == "1",
            checkin_zone=zone,
            motion_supporters=request.POST.get("motion_supporters"),
            runoff_automatic=request.POST.get("runoff_automatic") == "1",
        )
        messages.success(request, _("The assembly's rules are saved."))
    except ValidationError as error:
        flash_errors(request, error)
    return _back(slug, assembly_slug)


def _bilingual(request: HttpRequest, name: str) -> dict:
    return {lang: request.POST.get(f"{name}_{lang}", "") for lang in LANGUAGES}


def _item_fields(request: HttpRequest) -> dict:
    return {
        "kind": request.POST.get("kind", ""),
        "title": _bilingual(request, "title"),
        "description": _bilingual(request, "description"),
        "position": request.POST.get("position", ""),
    }


def _poll_fields(request: HttpRequest) -> dict:
    return {
        "agenda_item_id": request.POST.get("agenda_item"),
        "motion_id": request.POST.get("motion", ""),
        "title": _bilingual(request, "title"),
        "kind": request.POST.get("kind", ""),
        "method": request.POST.get("method", ""),
        "seats": request.POST.get("seats", "1"),
        "rule_fraction": request.POST.get("rule_fraction", "1/2"),
        "rule_base": request.POST.get("rule_base", "cast"),
        "rule_comparison": request.POST.get("rule_comparison", "more_than"),
        "candidate_ids": request.POST.getlist("candidates"),
    }


def _setup_context(summit, assembly, errors, **extra) -> dict:
    items = list(queries.agenda(assembly).order_by("position", "pk"))
    for item in items:
        item.locked = services.agenda_item_locked(item)
    return {
        "summit": summit,
        "assembly": assembly,
        "items": items,
        "motions": queries.motions(assembly).order_by("pk"),
        "members": queries.members(assembly.body).order_by("organisation__name_en"),
        "polls": queries.polls(assembly),
        "kinds": ItemKind.choices,
        "poll_kinds": PollKind.choices,
        "methods": PollMethod.choices,
        "bases": Base.choices,
        "comparisons": Comparison.choices,
        "errors": errors,
        "item_values": {},
        "poll_values": {"rule_fraction": "1/2", "seats": "1"},
        "poll_candidates": [],
        **extra,
    }


def _errors(error: ValidationError) -> list[str]:
    return [m for ms in messages_of(error).values() for m in ms]


@login_required
def setup(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    """The chair's staff add agenda items and votes (motions and elections of every method);
    each row links to its own page to change or remove it."""
    summit, assembly = _staff(request, slug, assembly_slug)
    errors, extra = [], {}
    if request.method == "POST":
        try:
            if request.POST.get("form") == "item":
                item = services.add_agenda_item(
                    actor=request.user, assembly=assembly, **_item_fields(request)
                )
                messages.success(request, _("Agenda item “%(item)s” added.") % {"item": item})
            else:
                poll = services.add_poll(
                    actor=request.user, assembly=assembly, **_poll_fields(request)
                )
                messages.success(
                    request, _("Vote “%(poll)s” added; open it from the console.") % {"poll": poll}
                )
            return redirect("assembly:setup", slug, assembly_slug)
        except ValidationError as error:
            errors = _errors(error)
            if request.POST.get("form") == "item":
                extra["item_values"] = request.POST
            else:
                extra["poll_values"] = request.POST
                extra["poll_candidates"] = request.POST.getlist("candidates")
    return render(
        request,
        "assembly/setup.html",
        _setup_context(summit, assembly, errors, **extra),
        status=400 if errors else 200,
    )


def _edit_page(request: HttpRequest, context: dict, what: str, heading: str) -> HttpResponse:
    """The page that changes an agenda item or a vote (the setup page's own fields)."""
    context.update(what=what, heading=heading, fields=f"assembly/_setup_{what}_fields.html")
    return render(
        request, "assembly/setup_edit.html", context, status=400 if context["errors"] else 200
    )


def _setup_item(request: HttpRequest, slug: str, assembly_slug: str, item_id: int):
    summit, assembly = _staff(request, slug, assembly_slug)
    item = queries.agenda(assembly).filter(pk=item_id).first()
    if item is None:
        raise Http404(_("This assembly has no such agenda item."))
    return summit, assembly, item


def _setup_poll(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int):
    summit, assembly = _staff(request, slug, assembly_slug)
    return summit, assembly, queries.poll(assembly, poll_id)


@login_required
def setup_item(request: HttpRequest, slug: str, assembly_slug: str, item_id: int):
    """Change an agenda item: its title, description and order; its kind while no vote on it
    has been opened."""
    summit, assembly, item = _setup_item(request, slug, assembly_slug, item_id)
    errors, values = (
        [],
        {
            "kind": item.kind,
            "title_ko": item.title_ko,
            "title_en": item.title_en,
            "description_ko": item.description_ko,
            "description_en": item.description_en,
            "position": item.position,
        },
    )
    if request.method == "POST":
        errors = _saved(
            request,
            lambda: services.update_agenda_item(
                actor=request.user, item=item, **_item_fields(request)
            ),
            _("The agenda item is saved."),
        )
        if not errors:
            return redirect("assembly:setup", slug, assembly_slug)
        values = request.POST
    context = _setup_context(summit, assembly, errors, item_values=values, editing=item)
    return _edit_page(request, context, "item", _("Change the agenda item"))


@require_POST
@login_required
def setup_item_delete(request: HttpRequest, slug: str, assembly_slug: str, item_id: int):
    _summit, _assembly, item = _setup_item(request, slug, assembly_slug, item_id)
    return _delete_asked(
        request,
        slug,
        assembly_slug,
        ask=not services.agenda_item_locked(item),  # a locked one is refused at once
        question=_("Delete the agenda item “%(item)s”?") % {"item": item},
        consequence=_(
            "Its votes (none opened yet) and its documents (none circulated yet) are deleted "
            "too; its motions stay, without an agenda item."
        ),
        work=lambda: services.delete_agenda_item(actor=request.user, item=item),
        done=_("The agenda item is deleted."),
    )


def _delete_asked(request, slug, assembly_slug, *, ask, question, consequence, work, done):
    """Ask first (when ``ask``), then delete and go back to the setup page."""
    if ask:
        asked = unless_confirmed(
            request, question=question, consequence=consequence, button=_("Delete")
        )
        if asked:
            return asked
    _act(request, work, done)
    return redirect("assembly:setup", slug, assembly_slug)


@login_required
def setup_poll(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int):
    """Change a vote that has not been opened."""
    summit, assembly, poll = _setup_poll(request, slug, assembly_slug, poll_id)
    errors = []
    values = {
        "agenda_item": str(poll.agenda_item_id),
        "motion": str(poll.motion_id or ""),
        "title_ko": poll.title_ko,
        "title_en": poll.title_en,
        "kind": poll.kind,
        "method": poll.method,
        "seats": poll.seats,
        "rule_fraction": poll.rule_fraction,
        "rule_base": poll.rule_base,
        "rule_comparison": poll.rule_comparison,
    }
    candidates = [str(pk) for pk in poll.candidates.values_list("pk", flat=True)]
    if request.method == "POST":
        errors = _saved(
            request,
            lambda: services.update_poll(actor=request.user, poll=poll, **_poll_fields(request)),
            _("The vote is saved."),
        )
        if not errors:
            return redirect("assembly:setup", slug, assembly_slug)
        values, candidates = request.POST, request.POST.getlist("candidates")
    context = _setup_context(
        summit, assembly, errors, poll_values=values, poll_candidates=candidates, editing=poll
    )
    return _edit_page(request, context, "poll", _("Change the vote"))


@require_POST
@login_required
def setup_poll_delete(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int):
    _summit, _assembly, poll = _setup_poll(request, slug, assembly_slug, poll_id)
    return _delete_asked(
        request,
        slug,
        assembly_slug,
        ask=poll.state == PollState.DRAFT,
        question=_("Delete the vote “%(poll)s”?") % {"poll": poll},
        consequence=_("It has not been opened: no vote has been cast."),
        work=lambda: services.delete_poll(actor=request.user, poll=poll),
        done=_("The vote is deleted."),
    )


@require_POST
@login_required
def circulate(request: HttpRequest, slug: str, assembly_slug: str):
    """Circulate the agenda to the members (mailed from a task), with the deadline for
    members' motions typed in the summit's time zone."""
    summit, assembly = _staff(request, slug, assembly_slug)
    typed = request.POST.get("motions_deadline", "").strip()
    deadline = None
    if typed:
        try:
            deadline = timezone.make_aware(
                datetime.datetime.strptime(typed, "%Y-%m-%dT%H:%M"), summit.zone
            )
        except ValueError:
            messages.error(request, _("Give the deadline as a date and a time."))
            return _to_agenda(slug, assembly_slug)
    try:
        circulation = services.circulate_agenda(
            actor=request.user, assembly=assembly, motions_deadline=deadline
        )
        messages.success(
            request,
            _("Version %(version)d of the agenda is being sent to the members.")
            % {"version": circulation.version},
        )
    except ValidationError as error:
        flash_errors(request, error)
    return _to_agenda(slug, assembly_slug)


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
@login_required
def open_poll(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int):
    _summit, assembly = _staff(request, slug, assembly_slug)
    poll = queries.poll(assembly, poll_id)
    minutes = request.POST.get("minutes", "")
    closes_at = None
    if minutes.isdigit() and 0 < int(minutes) <= 24 * 60:
        closes_at = timezone.now() + datetime.timedelta(minutes=int(minutes))
    try:
        services.open_poll(
            actor=request.user,
            poll=poll,
            override_reason=request.POST.get("reason", ""),
            closes_at=closes_at,
        )
        messages.success(request, _("The vote is open."))
    except ValidationError as error:
        flash_errors(request, error)
    return _back(slug, assembly_slug)


@require_POST
@login_required
def runoff(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int):
    """The chair creates the run-off of a single-seat election without a majority (choosing
    among candidates tied for a place, where they are)."""
    _summit, assembly = _staff(request, slug, assembly_slug)
    poll = queries.poll(assembly, poll_id)
    try:
        services.create_runoff(
            actor=request.user, poll=poll, tied_choice=request.POST.getlist("tied")
        )
        messages.success(request, _("The run-off is ready: open it when the room is."))
    except ValidationError as error:
        flash_errors(request, error)
    return _back(slug, assembly_slug)


@require_POST
@login_required
def close_poll(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int):
    _summit, assembly = _staff(request, slug, assembly_slug)
    poll = queries.poll(assembly, poll_id)
    asked = unless_confirmed(
        request,
        question=_("Close the vote “%(poll)s”?") % {"poll": poll},
        consequence=_("No more votes are taken; the result is counted and shown."),
        button=_("Close the vote"),
    )
    if asked:
        return asked
    try:
        services.close_poll(actor=request.user, poll=poll)
        messages.success(request, _("The vote is closed and counted."))
    except ValidationError as error:
        flash_errors(request, error)
    return _back(slug, assembly_slug)


# --- the voting delegate ----------------------------------------------------------------------


@login_required
def vote(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    """The delegate's phone: the open votes, a ballot for each member whose vote they cast.
    A secret ballot's receipt is shown in the answer to the POST, once, and kept nowhere."""
    summit, assembly = _public(request, slug, assembly_slug)
    castable = queries.castable(request.user, assembly)
    if not castable:
        raise Http404(_("You do not cast a vote at this assembly."))
    receipt, cast_for, errors = None, None, []
    if request.method == "POST":
        poll = queries.poll(assembly, _int(request.POST.get("poll")))
        member_id = _int(request.POST.get("member"))
        try:
            receipt = services.cast(
                actor=request.user,
                poll=poll,
                member_id=member_id,
                choice=_choice(request, poll),
                receipt=request.POST.get("receipt", ""),
            )
            cast_for = next(r.member for r, _p in castable if r.member_id == member_id)
            if receipt is None:
                messages.success(
                    request, _("Your vote for %(member)s is recorded.") % {"member": cast_for}
                )
                return redirect("assembly:vote", slug, assembly_slug)
        except (ValidationError, PermissionDenied) as error:
            errors = (
                [m for ms in messages_of(error).values() for m in ms]
                if isinstance(error, ValidationError)
                else [str(error)]
            )
    ballots = _ballots(assembly, castable)
    return render(
        request,
        "assembly/vote.html",
        {
            "summit": summit,
            "assembly": assembly,
            "ballots": ballots,
            "castable": castable,
            "is_delegate": any(not r.as_alternate for r, _p in castable),
            "receipt": receipt,
            "cast_for": cast_for,
            "errors": errors,
            "changeable": assembly.votes_changeable,
        },
    )


def _ballots(assembly, castable) -> list[dict]:
    """A ballot for each open poll, with the members whose vote the voter casts in it."""
    ballots = []
    for poll in queries.polls(assembly).filter(state=PollState.OPEN):
        voted = queries.voted_choices(poll)
        ballots.append(
            {
                "poll": poll,
                "candidates": (
                    queries.candidates(poll) if poll.method != PollMethod.MOTION else []
                ),
                "ranks": range(1, poll.candidates.count() + 1)
                if poll.method == PollMethod.RANKED
                else (),
                "members": [
                    (r, by_proxy, r.member_id in voted, voted.get(r.member_id))
                    for r, by_proxy in castable
                ],
            }
        )
    return ballots


# --- the voting kiosk -------------------------------------------------------------------------

KIOSK_SALT = "summitry.assembly.kiosk"
KIOSK_MAX_AGE = 10 * 60  # seconds a voter identified at the kiosk may take


@login_required
def kiosk(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    """A voting booth the assembly's staff open: a voter types their one-time PIN or shows
    their badge to the scanner (its signed code), votes in their language and finishes; the
    kiosk then waits for the next voter. The voter is never logged in: who votes travels in a
    signed, short-lived field of the page, nothing in the session."""
    summit, assembly = _staff(request, slug, assembly_slug)
    timezone.activate(summit.zone)
    context = {"summit": summit, "assembly": assembly, "languages": LANGUAGES}
    step = request.POST.get("step", "") if request.method == "POST" else ""
    if step == "identify":
        typed = request.POST.get("pin", "")
        try:
            if services.is_badge_code(typed):
                voter = services.kiosk_identify_badge(
                    actor=request.user, assembly=assembly, code=typed
                )
            else:
                voter = services.kiosk_identify(actor=request.user, assembly=assembly, pin=typed)
        except ValidationError as error:
            refusal = services.BADGE_REFUSALS.get(getattr(error, "code", None) or "")
            if refusal is None:
                context["errors"] = _in_both(
                    lambda: _("This PIN is not valid: wrong, already used or expired.")
                )
            else:
                context["errors"] = _in_both(lambda: str(refusal))
            return render(request, "assembly/kiosk.html", context)
        token = signing.dumps({"a": assembly.pk, "u": voter.pk}, salt=KIOSK_SALT)
        return _kiosk_ballot(
            request, context, voter, token, queries.voter_language(voter, assembly)
        )
    if step in ("cast", "language"):
        token = request.POST.get("token", "")
        try:
            data = signing.loads(token, salt=KIOSK_SALT, max_age=KIOSK_MAX_AGE)
        except signing.BadSignature:
            context["errors"] = _in_both(
                lambda: _("The time to vote ran out. Type your PIN again.")
            )
            return render(request, "assembly/kiosk.html", context)
        voter = queries.kiosk_voter(assembly, data)
        language = request.POST.get("language", "")
        language = language if language in LANGUAGES else settings.LANGUAGE_CODE
        if step == "language" or voter is None:
            return _kiosk_ballot(request, context, voter, token, language)
        with translation.override(language):
            poll = queries.poll(assembly, _int(request.POST.get("poll")))
            member_id = _int(request.POST.get("member"))
            try:
                receipt = services.cast(
                    actor=voter,
                    poll=poll,
                    member_id=member_id,
                    choice=_choice(request, poll),
                    receipt=request.POST.get("receipt", ""),
                )
            except (ValidationError, PermissionDenied) as error:
                context["errors"] = (
                    [m for ms in messages_of(error).values() for m in ms]
                    if isinstance(error, ValidationError)
                    else [str(error)]
                )
            else:
                context["receipt"] = receipt
                context["cast_for"] = queries.rights(assembly).get(member_id=member_id).member
        return _kiosk_ballot(request, context, voter, token, language)
    return render(request, "assembly/kiosk.html", context)


def _in_both(message) -> list[str]:
    """A kiosk message before the voter is known: in Korean and in English."""
    found = []
    for language in LANGUAGES:
        with translation.override(language):
            found.append(str(message()))
    return found


@require_POST
@login_required
def kiosk_pin(request: HttpRequest, slug: str, assembly_slug: str, right_id: int):
    """Issue a one-time kiosk PIN for the member's voting delegate or an alternate; shown
    once, in this answer."""
    summit, assembly = _staff(request, slug, assembly_slug)
    right = queries.rights(assembly).filter(pk=right_id).first()
    if right is None:
        raise Http404
    allowed = {u.pk: u for u in queries.alternates(right)}
    if right.delegate is not None:
        allowed[right.delegate_id] = right.delegate
    user = allowed.get(_int_or_none(request.POST.get("user")))
    context = {"summit": summit, "assembly": assembly, "right": right}
    try:
        if user is None:
            raise ValidationError(_("Choose the voting delegate or one of the alternates."))
        context["issued_pin"] = services.issue_kiosk_pin(
            actor=request.user, assembly=assembly, user=user
        )
        context["pin_for"] = user
    except ValidationError as error:
        context["errors"] = [m for ms in messages_of(error).values() for m in ms]
    context.update(
        people=queries.delegation_people(right),
        alternate_ids=set(allowed) - {right.delegate_id},
        pin_users=_pin_users(right),
    )
    return render(request, "assembly/delegates.html", context)


def _pin_users(right) -> list:
    users = [right.delegate] if right.delegate is not None else []
    return users + [u for u in queries.alternates(right) if u not in users]


def _kiosk_ballot(request, context, voter, token, language) -> HttpResponse:
    castable = queries.castable(voter, context["assembly"]) if voter is not None else []
    if not castable:
        context["errors"] = _in_both(lambda: _("This person casts no vote at this assembly."))
        return render(request, "assembly/kiosk.html", context)
    with translation.override(language):
        return render(
            request,
            "assembly/kiosk.html",
            {
                **context,
                "voter": voter,
                "token": token,
                "language": language,
                "other_language": "en" if language == "ko" else "ko",
                "castable": castable,
                "ballots": _ballots(context["assembly"], castable),
                "changeable": context["assembly"].votes_changeable,
            },
        )


def _choice(request: HttpRequest, poll):
    """The ballot as the form sends it: a list of candidates (block), a candidate or None
    for an abstention (one seat), the candidates in the order of the ranks typed (ranked),
    yes / no / abstain (a motion, a list)."""
    if poll.method == PollMethod.BLOCK:
        return request.POST.getlist("choice")
    if poll.method == PollMethod.RANKED:
        ranks = {
            key.removeprefix("rank-"): value
            for key, value in request.POST.items()
            if key.startswith("rank-")
        }
        return services.ranking(poll, ranks)
    choice = request.POST.get("choice")
    if poll.method == PollMethod.SINGLE and choice == "abstain":
        return None
    return choice


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


# --- the projector and the bulletin -----------------------------------------------------------


@pagecache.public_page
def projector(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    summit, assembly = _public(request, slug, assembly_slug)
    live_path = reverse("assembly:projector-live", args=[slug, assembly_slug])
    return render(
        request,
        "assembly/projector.html",
        {
            "summit": summit,
            **_room(assembly),
            **live.live_context(request, services.topic(assembly), "1s", live_path),
        },
    )


def projector_live(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    # The projector shows everyone the same: rendered once per change for all its viewers.
    return _live(
        request, *_public(request, slug, assembly_slug), "assembly/_projector.html", shared=True
    )


def _closed_secret(request, slug, assembly_slug, poll_id):
    summit, assembly = _public(request, slug, assembly_slug)
    poll = queries.poll(assembly, poll_id)
    found = queries.bulletin(poll)
    if found is None:
        raise Http404(_("This vote has no bulletin (it is not secret, or not closed yet)."))
    return summit, assembly, poll, found


def _named(poll, names: dict, choice):
    """A ballot as the bulletin shows it: candidates by name; a ranking numbered in order."""
    if not isinstance(choice, tuple | list):
        return choice
    if poll.method == PollMethod.RANKED:
        return [f"{n}. {names.get(c, c)}" for n, c in enumerate(choice, start=1)] or ["—"]
    return [names.get(c, c) for c in choice]


def bulletin(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int) -> HttpResponse:
    """Every receipt with its choice, in receipt order; a voter finds theirs with the form
    (sent by POST, so that the receipt stays out of addresses and access logs)."""
    summit, assembly, poll, found = _closed_secret(request, slug, assembly_slug, poll_id)
    looked_up = None
    names = {str(m.pk): m.organisation for m in queries.candidates(poll)}
    if request.method == "POST":
        typed = request.POST.get("receipt", "")
        try:
            code = normalise_receipt(typed)
            hit, choice = found.lookup(code)
            looked_up = {"receipt": code, "found": hit, "choice": _named(poll, names, choice)}
        except ValueError:
            looked_up = {"receipt": typed, "invalid": True}
    entries = [(receipt, _named(poll, names, choice)) for receipt, choice in found.entries]
    return render(
        request,
        "assembly/bulletin.html",
        {
            "summit": summit,
            "assembly": assembly,
            "poll": poll,
            "entries": paginate(request, entries, 100),
            "count": len(entries),
            "digest": found.digest(),
            "looked_up": looked_up,
        },
    )


def bulletin_json(request: HttpRequest, slug: str, assembly_slug: str, poll_id: int):
    """The bulletin as `python -m summitry.solvers.voting` recounts it."""
    _summit, _assembly, poll, found = _closed_secret(request, slug, assembly_slug, poll_id)
    response = JsonResponse(found.to_dict(), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="bulletin-{poll.pk}.json"'
    return response


# --- motions and amendments -------------------------------------------------------------------


@require_POST
@login_required
def move_motion(request: HttpRequest, slug: str, assembly_slug: str, motion_id: int):
    """The chair admits, moves to debate or withdraws a motion."""
    _summit, assembly = _staff(request, slug, assembly_slug)
    motion = queries.motions(assembly).filter(pk=motion_id).first()
    if motion is None:
        raise Http404
    if request.POST.get("state") == "withdrawn":
        asked = unless_confirmed(
            request,
            question=_("Withdraw the motion “%(motion)s”?") % {"motion": motion},
            consequence=_("A withdrawn motion cannot come back."),
            button=_("Withdraw"),
        )
        if asked:
            return asked
    try:
        services.move_motion(actor=request.user, motion=motion, state=request.POST.get("state", ""))
        messages.success(
            request, _("The motion is now “%(state)s”.") % {"state": motion.get_state_display()}
        )
    except ValidationError as error:
        flash_errors(request, error)
    url = reverse("assembly:manage", args=[slug, assembly_slug])
    return redirect(f"{url}#motions-heading")


@login_required
def motions(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    """A member's delegate proposes motions and amendments and supports other members'."""
    summit, assembly = _public(request, slug, assembly_slug)
    own = list(queries.own_rights(request.user, assembly))
    if not own:
        raise Http404(_("You are not a member's delegate at this assembly."))
    errors: dict = {}
    if request.method == "POST":
        member_id = _int(request.POST.get("member"))
        try:
            if request.POST.get("action") == "support":
                motion = (
                    queries.motions(assembly).filter(pk=_int(request.POST.get("motion"))).first()
                )
                if motion is None:
                    raise Http404
                services.support_motion(actor=request.user, motion=motion, member_id=member_id)
                messages.success(
                    request, _("Your support of “%(motion)s” is recorded.") % {"motion": motion}
                )
            else:
                amends = None
                if request.POST.get("amends"):
                    amends = (
                        queries.motions(assembly)
                        .filter(pk=_int(request.POST.get("amends")))
                        .first()
                    )
                    if amends is None:
                        raise ValidationError({"amends": [_("Choose a motion of this assembly.")]})
                motion = services.submit_motion(
                    actor=request.user,
                    assembly=assembly,
                    member_id=member_id,
                    title={
                        "ko": request.POST.get("title_ko", ""),
                        "en": request.POST.get("title_en", ""),
                    },
                    text={
                        "ko": request.POST.get("text_ko", ""),
                        "en": request.POST.get("text_en", ""),
                    },
                    amends=amends,
                )
                messages.success(request, _("“%(motion)s” is submitted.") % {"motion": motion})
            return redirect("assembly:motions", slug, assembly_slug)
        except (ValidationError, PermissionDenied) as error:
            errors = (
                messages_of(error)
                if isinstance(error, ValidationError)
                else {"__all__": [str(error)]}
            )
    rows = queries.motions_with_support(assembly)
    supported = set(
        queries.supports_of(assembly, [r.member_id for r in own]).values_list(
            "motion_id", "member_id"
        )
    )
    return render(
        request,
        "assembly/motions.html",
        {
            "summit": summit,
            "assembly": assembly,
            "motions_closed": services.motions_closed(assembly),
            "own": own,
            "rows": [
                (
                    m,
                    [
                        r
                        for r in own
                        if (m.pk, r.member_id) not in supported and r.member_id != m.submitted_by_id
                    ],
                )
                for m in rows
            ],
            "amendable": [
                m
                for m in rows
                if m.amends_id is None
                and m.state not in ("voted", "adopted", "rejected", "withdrawn")
            ],
            "errors": [m for ms in errors.values() for m in ms],
            "posted": request.POST if request.method == "POST" else {},
        },
    )


# --- declarations and minutes -----------------------------------------------------------------


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def declaration_pdf(
    request: HttpRequest, slug: str, assembly_slug: str, motion_id: int
) -> HttpResponse:
    """An adopted declaration in Korean and English with its result; public like the
    assembly's results (the projector, the bulletin)."""
    summit, assembly = _public(request, slug, assembly_slug)
    motion = queries.adopted_declaration(assembly, motion_id)
    context = {
        "summit": summit,
        "assembly": assembly,
        "motion": motion,
        "poll": queries.deciding_poll(motion),
        "signatories": list(queries.signatories(motion)),
        "languages": LANGUAGES,
    }
    pdf = pdf_files.declaration_pdf(context=context, base_url=request.build_absolute_uri("/"))
    return _pdf_response(pdf, f"declaration-{assembly.slug}-{motion.pk}.pdf")


def _minutes_context(summit, assembly) -> dict:
    timezone.activate(summit.zone)
    return {
        "summit": summit,
        "assembly": assembly,
        "record": queries.minutes_record(assembly),
        "declarations": queries.declarations(assembly),
        "languages": LANGUAGES,
    }


@login_required
def minutes(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    """The minutes from the record, with the secretary's notes in both languages."""
    summit, assembly = _staff(request, slug, assembly_slug)
    if request.method == "POST":
        notes = {lang: request.POST.get(f"notes_{lang}", "") for lang in LANGUAGES}
        try:
            services.set_minutes_notes(actor=request.user, assembly=assembly, notes=notes)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The notes of the minutes are saved."))
            return redirect("assembly:minutes", slug, assembly_slug)
    return render(request, "assembly/minutes.html", _minutes_context(summit, assembly))


@pagecache.public_page
def public_minutes(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    """Approved minutes, public and read-only."""
    summit = summit_queries.summit(slug, request.user)
    assembly = queries.approved_minutes(summit, assembly_slug)
    return render(request, "assembly/public_minutes.html", _minutes_context(summit, assembly))


def public_minutes_pdf(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    summit = summit_queries.summit(slug, request.user)
    assembly = queries.approved_minutes(summit, assembly_slug)
    context = _minutes_context(summit, assembly)
    pdf = pdf_files.minutes_pdf(context=context, base_url=request.build_absolute_uri("/"))
    return _pdf_response(pdf, f"minutes-{assembly.slug}.pdf")


@require_POST
@login_required
def link_minutes(request: HttpRequest, slug: str, assembly_slug: str, item_id: int):
    """Link an agenda item (report or other) to the minutes of an earlier assembly of the
    same body that it puts to the vote for approval (or unlink it)."""
    _summit, assembly = _staff(request, slug, assembly_slug)
    item = queries.agenda(assembly).filter(pk=item_id).first()
    if item is None:
        raise Http404
    chosen = request.POST.get("approves_minutes", "")
    target = None
    if chosen:
        target = queries.earlier_assemblies(assembly).filter(pk=_int_or_none(chosen)).first()
        if target is None:
            messages.error(request, _("Choose an earlier assembly of the same body."))
            return _to_agenda(slug, assembly_slug)
    _act(
        request,
        lambda: services.link_minutes(actor=request.user, item=item, minutes_of=target),
        _("The agenda item is saved."),
    )
    return _to_agenda(slug, assembly_slug)


@login_required
def minutes_pdf(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    summit, assembly = _staff(request, slug, assembly_slug)
    context = _minutes_context(summit, assembly)
    pdf = pdf_files.minutes_pdf(context=context, base_url=request.build_absolute_uri("/"))
    return _pdf_response(pdf, f"minutes-{assembly.slug}.pdf")


# --- documents of the agenda ------------------------------------------------------------------


def _targets(assembly):
    """What a document may be attached to: the agenda's items and the motions (not withdrawn)."""
    items = list(queries.agenda(assembly))
    motions = [m for m in queries.motions_with_support(assembly) if m.state != "withdrawn"]
    return items, motions


def _target_of(assembly, value: str):
    kind, _sep, key = (value or "").partition(":")
    found = None
    if kind == "item":
        found = queries.agenda(assembly).filter(pk=_int_or_none(key)).first()
        return {"agenda_item": found} if found else None
    if kind == "motion":
        found = queries.motions(assembly).filter(pk=_int_or_none(key)).first()
        return {"motion": found} if found else None
    return None


@login_required
def documents(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    """The staff's page of the agenda's documents: attach one to an item or a motion, see
    which went out with a circulation, remove one."""
    summit, assembly = _staff(request, slug, assembly_slug)
    posted = {}
    if request.method == "POST":
        posted = request.POST
        target = _target_of(assembly, request.POST.get("target", ""))
        try:
            if target is None:
                raise ValidationError(
                    {"target": [_("Attach the document to an agenda item or to a motion.")]}
                )
            document = document_files.attach(
                actor=request.user,
                assembly=assembly,
                upload=request.FILES.get("file"),
                title={lang: request.POST.get(f"title_{lang}", "") for lang in LANGUAGES},
                language=request.POST.get("language", ""),
                **target,
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request,
                _("“%(document)s” is attached; members read it once the agenda is circulated.")
                % {"document": document},
            )
            return redirect("assembly:documents", slug, assembly_slug)
    items, motions = _targets(assembly)
    return render(
        request,
        "assembly/documents.html",
        {
            "summit": summit,
            "assembly": assembly,
            "documents": queries.documents(assembly),
            "items": items,
            "motions": motions,
            "languages": DocumentLanguage.choices,
            "posted": posted,
            "max_mb": document_files.MAX_MB,
            "types": ", ".join(t.upper() for t in document_files.TYPES),
        },
    )


@require_POST
@login_required
def document_remove(request: HttpRequest, slug: str, assembly_slug: str, document_id: int):
    _summit, assembly = _staff(request, slug, assembly_slug)
    document = queries.documents(assembly).filter(pk=document_id).first()
    if document is None:
        raise Http404
    asked = unless_confirmed(
        request,
        question=_("Remove the document “%(document)s”?") % {"document": document},
        consequence=(
            _("Members who received the agenda will no longer find it.")
            if document.circulated_in_id
            else _("It has not been circulated yet.")
        ),
        button=_("Remove"),
    )
    if asked:
        return asked
    document_files.remove(actor=request.user, document=document)
    messages.success(request, _("The document is removed."))
    return redirect("assembly:documents", slug, assembly_slug)


@require_POST
@login_required
def auto_circulation(request: HttpRequest, slug: str, assembly_slug: str):
    """How many days before the assembly its agenda goes out on its own."""
    _summit, assembly = _staff(request, slug, assembly_slug)
    days = request.POST.get("circulate_days_before", "").strip()
    _act(
        request,
        lambda: services.set_auto_circulation(actor=request.user, assembly=assembly, days=days),
        _("The schedule of the agenda's circulation is saved."),
    )
    return _to_agenda(slug, assembly_slug)


@login_required
def agenda(request: HttpRequest, slug: str, assembly_slug: str) -> HttpResponse:
    """The circulated agenda as members read it: each item with its motions and their
    documents, to download. Staff see it too, with the documents not circulated yet."""
    summit, assembly = _public(request, slug, assembly_slug)
    staff = access.is_staff_for(request.user, summit)
    if not staff and not queries.reads_agenda(request.user, assembly):
        raise Http404(_("You are not one of this assembly's members."))
    circulation = queries.last_circulation(assembly)
    readable = list(queries.readable_documents(request.user, assembly))
    items, motions = _targets(assembly)
    rows = [
        {
            "item": item,
            "documents": [d for d in readable if d.agenda_item_id == item.pk],
            "motions": [
                (m, [d for d in readable if d.motion_id == m.pk])
                for m in motions
                if m.agenda_item_id == item.pk
            ],
        }
        for item in items
    ]
    return render(
        request,
        "assembly/agenda.html",
        {
            "summit": summit,
            "assembly": assembly,
            "circulation": circulation,
            "rows": rows if (circulation or staff) else [],
            "staff": staff,
            "castable": bool(queries.castable(request.user, assembly)),
        },
    )


@login_required
def document(request: HttpRequest, slug: str, assembly_slug: str, document_id: int):
    """A document's file, to whoever may read it (staff; members once circulated), never
    kept by a shared cache."""
    _summit, assembly = _public(request, slug, assembly_slug)
    found = queries.readable_document(request.user, assembly, document_id)
    return document_files.download(found)


# --- declarations and their signatories -------------------------------------------------------


@pagecache.public_page
def declaration(request: HttpRequest, slug: str, assembly_slug: str, motion_id: int):
    """An adopted declaration in Korean and English with its signatories (public like the
    assembly's results and the declaration's PDF)."""
    summit, assembly = _public(request, slug, assembly_slug)
    motion = queries.adopted_declaration(assembly, motion_id)
    return render(
        request,
        "assembly/declaration.html",
        {
            "summit": summit,
            "assembly": assembly,
            "motion": motion,
            "poll": queries.deciding_poll(motion),
            "signatories": list(queries.signatories(motion)),
            "languages": LANGUAGES,
        },
    )


def _typed_date(value: str):
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@login_required
def signatories(request: HttpRequest, slug: str, assembly_slug: str, motion_id: int):
    """The staff record who signed an adopted declaration (organisation, signer and title in
    both languages, the day in the summit's zone)."""
    summit, assembly = _staff(request, slug, assembly_slug)
    motion = queries.adopted_declaration(assembly, motion_id)
    posted = {}
    if request.method == "POST":
        posted = request.POST
        chosen = _int_or_none(request.POST.get("organisation"))
        organisation = next(
            (o for o in queries.signing_organisations(assembly) if o.pk == chosen), None
        )
        try:
            found = declaration_files.add_signatory(
                actor=request.user,
                motion=motion,
                organisation=organisation,
                signer_name={
                    lang: request.POST.get(f"signer_name_{lang}", "") for lang in LANGUAGES
                },
                signer_title={
                    lang: request.POST.get(f"signer_title_{lang}", "") for lang in LANGUAGES
                },
                signed_on=_typed_date(request.POST.get("signed_on", "")),
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request, _("%(organisation)s is recorded as a signatory.") % {"organisation": found}
            )
            return redirect("assembly:signatories", slug, assembly_slug, motion.pk)
    return render(
        request,
        "assembly/signatories.html",
        {
            "summit": summit,
            "assembly": assembly,
            "motion": motion,
            "signatories": paginate(request, queries.signatories(motion)),
            "organisations": queries.signing_organisations(assembly),
            "posted": posted,
            "today": timezone.localdate(timezone=summit.zone).isoformat(),
        },
    )


@require_POST
@login_required
def signatory_remove(
    request: HttpRequest, slug: str, assembly_slug: str, motion_id: int, signatory_id: int
):
    _summit, assembly = _staff(request, slug, assembly_slug)
    motion = queries.adopted_declaration(assembly, motion_id)
    found = queries.signatory(motion, signatory_id)
    asked = unless_confirmed(
        request,
        question=_("Remove %(organisation)s from the signatories?") % {"organisation": found},
        button=_("Remove"),
    )
    if asked:
        return asked
    declaration_files.remove_signatory(actor=request.user, signatory=found)
    messages.success(request, _("The signatory is removed."))
    return redirect("assembly:signatories", slug, assembly_slug, motion.pk)
