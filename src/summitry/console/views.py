"""The console: a summit's back office for its teams. Every page asks the summit's teams
first (anyone else gets a 404), then the permission the page needs."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors
from summitry.core.models import OutboundMessage
from summitry.core.scoping import in_summit
from summitry.summits import permissions, services
from summitry.summits import queries as summit_queries

from . import queries
from .forms import InviteForm, JoinForm, SettingsForm, TeamForm

PAGE_SIZE = 50


def console_summit(request: HttpRequest, slug: str, code: str | None = None):
    """The summit of a console page, its time zone active; 404 for anyone outside its teams,
    403 for a team member without ``code``. For capabilities' staff pages too."""
    summit = summit_queries.in_its_zone(request, slug)
    permissions.require_console(request.user, summit)
    if code is not None and code not in permissions.permissions_at(request.user, summit):
        raise PermissionDenied(_("Your teams at this summit may not open this page."))
    return summit


def paginate(request: HttpRequest, rows, size: int = PAGE_SIZE):
    """A page of ``rows`` (``?page=``; a page past the end shows the last one)."""
    return Paginator(rows, size).get_page(request.GET.get("page"))


@login_required
def summits(request: HttpRequest) -> HttpResponse:
    """Where staff land after signing in: the summits whose teams they are in."""
    return render(
        request,
        "console/summits.html",
        {"summits": permissions.summits_worked_on(request.user).order_by("-start_date")},
    )


@login_required
def landing(request: HttpRequest) -> HttpResponse:
    """After signing in without a destination: staff to their summits, others to their page."""
    if permissions.summits_worked_on(request.user).exists():
        return redirect("console:summits")
    return redirect("me")


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug)
    return render(request, "console/dashboard.html", {"summit": summit})


# --- teams -----------------------------------------------------------------------------------


@login_required
def teams(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, services.TEAMS)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.save_team(
                actor=request.user,
                summit=summit,
                name={"ko": form.cleaned_data["name_ko"], "en": form.cleaned_data["name_en"]},
                codes=form.cleaned_data["permissions"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The team “%(team)s” is created.") % {"team": team})
            return redirect("console:team", slug, team.pk)
    return render(
        request,
        "console/teams.html",
        {
            "summit": summit,
            "teams": queries.teams(summit),
            "invitations": queries.pending_invitations(summit),
            "form": form,
        },
    )


def _team(summit, team_id: int):
    found = queries.team(summit, team_id)
    if found is None:
        raise Http404(_("This summit has no such team."))
    return found


@login_required
def team(request: HttpRequest, slug: str, team_id: int) -> HttpResponse:
    summit = console_summit(request, slug, services.TEAMS)
    found = _team(summit, team_id)
    form = TeamForm(
        request.POST if request.POST.get("action") == "save" else None,
        initial={
            "name_ko": found.name_ko,
            "name_en": found.name_en,
            "permissions": found.permissions,
        },
    )
    invite = InviteForm(request.POST if request.POST.get("action") == "invite" else None)
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            services.save_team(
                actor=request.user,
                summit=summit,
                team=found,
                name={"ko": form.cleaned_data["name_ko"], "en": form.cleaned_data["name_en"]},
                codes=form.cleaned_data["permissions"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("console:team", slug, found.pk)
    if request.method == "POST" and invite.is_bound and invite.is_valid():
        try:
            services.invite_member(actor=request.user, team=found, **invite.cleaned_data)
        except ValidationError as error:
            add_form_errors(invite, error)
        else:
            messages.success(
                request,
                _("%(email)s is invited; the e-mail is in the outbox.")
                % {"email": invite.cleaned_data["email"]},
            )
            return redirect("console:team", slug, found.pk)
    return render(
        request,
        "console/team.html",
        {
            "summit": summit,
            "team": found,
            "form": form,
            "invite": invite,
            "invitations": queries.pending_invitations(summit).filter(team=found),
        },
    )


@login_required
@require_POST
def remove_member(request: HttpRequest, slug: str, team_id: int, user_id: int) -> HttpResponse:
    summit = console_summit(request, slug, services.TEAMS)
    found = _team(summit, team_id)
    member = found.members.filter(pk=user_id).first()
    if member is None:
        raise Http404(_("This team has no such member."))
    name = member.get_full_name() or member.email or member.username
    ask = unless_confirmed(
        request,
        question=_("Remove %(name)s from the team “%(team)s”?") % {"name": name, "team": found},
        consequence=_("They lose at once what this team may do at this summit."),
        button=_("Remove from the team"),
    )
    if ask:
        return ask
    try:
        services.remove_member(actor=request.user, team=found, user=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is no longer in the team.") % {"name": name})
    return redirect("console:team", slug, found.pk)


@login_required
@require_POST
def delete_team(request: HttpRequest, slug: str, team_id: int) -> HttpResponse:
    summit = console_summit(request, slug, services.TEAMS)
    found = _team(summit, team_id)
    ask = unless_confirmed(
        request,
        question=_("Delete the team “%(team)s”?") % {"team": found},
        consequence=_("Its members lose at once what this team may do at this summit."),
        button=_("Delete the team"),
    )
    if ask:
        return ask
    try:
        services.delete_team(actor=request.user, team=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("console:team", slug, found.pk)
    messages.success(request, _("The team is deleted."))
    return redirect("console:teams", slug)


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    summit = console_summit(request, slug, services.TEAMS)
    invitation = queries.pending_invitations(summit).filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404(_("There is no such invitation."))
    ask = unless_confirmed(
        request,
        question=_("Withdraw the invitation of %(email)s?") % {"email": invitation.email},
        consequence=_("The link in their e-mail stops working."),
        button=_("Withdraw the invitation"),
    )
    if ask:
        return ask
    services.revoke_team_invitation(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation is withdrawn."))
    return redirect("console:team", slug, invitation.team_id)


def join(request: HttpRequest, secret: str) -> HttpResponse:
    """A colleague follows the link of a team invitation."""
    invitation = services.open_team_invitation(secret)
    if invitation is None:
        return render(request, "console/join_refused.html", status=404)
    summit = invitation.team.summit
    if request.user.is_authenticated:
        if request.method == "POST":
            services.accept_team_invitation(invitation=invitation, user=request.user)
            messages.success(
                request, _("You are in the team “%(team)s”.") % {"team": invitation.team}
            )
            return redirect("console:dashboard", summit.slug)
        return render(request, "console/join.html", {"invitation": invitation, "summit": summit})
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.join_with_new_account(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("console:dashboard", summit.slug)
    return render(
        request,
        "console/join.html",
        {"invitation": invitation, "summit": summit, "form": form},
    )


# --- settings, outbox, audit log -------------------------------------------------------------


@login_required
def settings_page(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, services.SETTINGS)
    form = SettingsForm(request.POST or None, summit=summit)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_summit(actor=request.user, summit=summit, changes=form.changes())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("console:settings", summit.slug)
    return render(request, "console/settings.html", {"summit": summit, "form": form})


@login_required
def outbox(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, "outbox")
    search, state = request.GET.get("q", "").strip(), request.GET.get("state", "")
    page = paginate(request, queries.outbox(summit, search=search, state=state))
    return render(
        request,
        "console/outbox.html",
        {"summit": summit, "page": page, "q": search, "state": state},
    )


@login_required
def outbox_message(request: HttpRequest, slug: str, message_id: int) -> HttpResponse:
    summit = console_summit(request, slug, "outbox")
    message = in_summit(OutboundMessage, summit).filter(pk=message_id).first()
    if message is None:
        raise Http404(_("There is no such e-mail."))
    return render(request, "console/outbox_message.html", {"summit": summit, "message": message})


def _day(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


@login_required
def audit(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, "audit")
    zone = summit.zone
    since, until = _day(request.GET.get("since", "")), _day(request.GET.get("until", ""))
    rows = queries.audit_log(
        summit,
        actor=request.GET.get("who", "").strip(),
        kind=request.GET.get("kind", "") if request.GET.get("kind", "").isdigit() else "",
        action=request.GET.get("action", ""),
        since=datetime.datetime.combine(since, datetime.time.min, tzinfo=zone) if since else None,
        until=(
            datetime.datetime.combine(
                until + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            )
            if until
            else None
        ),
    )
    return render(
        request,
        "console/audit.html",
        {
            "summit": summit,
            "page": paginate(request, rows),
            "kinds": queries.audit_kinds(summit),
            "actions": queries.audit_actions(summit),
            "filters": request.GET,
            "now": timezone.now(),
        },
    )
