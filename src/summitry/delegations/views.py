"""Pages of delegations: claiming an invitation, the contact's delegation page, staff review,
and the counts."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console import exportviews
from summitry.console.views import console_summit, paginate
from summitry.core import live, runs
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors
from summitry.core.ratelimit import blocked, client_address, exceeded
from summitry.core.timezones import EARLIEST, LATEST, range_message
from summitry.directory.models import OrganisationKind
from summitry.summits import queries as summit_queries

from . import bulk as bulk_actions
from . import exchange, imports, queries, rules, services
from . import reminders as reminder_services
from .forms import (
    BulkForm,
    ClaimForm,
    ImportForm,
    InviteForm,
    MemberForm,
    ReminderForm,
    StatusForm,
)
from .models import DelegateRole, DelegationStatus, PlaceStatus

# Guessing invitation links: at most this many unknown links per address and window.
CLAIM_ATTEMPTS, CLAIM_WINDOW = 20, 600


def claim(request: HttpRequest, secret: str) -> HttpResponse:
    # Only links that do not work count: a contact coming back to a valid link is never
    # refused, while guessing stops after a few tries per client address.
    address = client_address(request)
    if blocked("invitation", address, limit=CLAIM_ATTEMPTS):
        return render(request, "delegations/claim_refused.html", status=429)
    invitation = services.open_invitation(secret)
    if invitation is None:
        exceeded("invitation", address, limit=CLAIM_ATTEMPTS, window_seconds=CLAIM_WINDOW)
        return render(request, "delegations/claim_refused.html", status=404)
    delegation = invitation.delegation
    if invitation.claimed_at:
        target = reverse("delegations:detail", args=[invitation.summit.slug, delegation.pk])
        return redirect(f"{reverse('login')}?next={target}")
    if request.user.is_authenticated:
        if request.method == "POST":
            services.claim_invitation_as(invitation=invitation, user=request.user)
            messages.success(request, _("The delegation is yours to register."))
            return redirect("delegations:detail", invitation.summit.slug, delegation.pk)
        return render(
            request,
            "delegations/claim.html",
            {"invitation": invitation, "summit": invitation.summit, "signed_in": True},
        )
    form = ClaimForm(
        request.POST or None,
        initial={"name": invitation.contact_name, "email": invitation.contact_email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.claim_invitation(
                invitation=invitation,
                name=form.cleaned_data["name"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Register your delegation."))
            return redirect("delegations:detail", invitation.summit.slug, delegation.pk)
    return render(
        request,
        "delegations/claim.html",
        {"invitation": invitation, "summit": invitation.summit, "form": form},
    )


@login_required
def detail(request: HttpRequest, slug: str, delegation_id: int) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    delegation = queries.delegation(summit, request.user, delegation_id)
    form = MemberForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.add_member(
                actor=request.user, delegation=delegation, data=form.service_data()
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if member.place == PlaceStatus.WAITING:
                messages.warning(
                    request,
                    _("The summit is full: %(name)s is on the waiting list.")
                    % {"name": member.person},
                )
            else:
                messages.success(request, _("%(name)s is registered.") % {"name": member.person})
            return redirect("delegations:detail", slug, delegation.pk)
    return render(
        request,
        "delegations/detail.html",
        {
            "summit": summit,
            "delegation": delegation,
            "form": form,
            "can_edit": _can_edit(request.user, delegation),
            "is_staff": rules.is_staff_for(request.user, summit),
            "status_form": StatusForm(),
        },
    )


def _can_edit(user, delegation) -> bool:
    try:
        rules.require_editable(user, delegation)
    except PermissionDenied:
        return False
    return True


@login_required
def member_edit(
    request: HttpRequest, slug: str, delegation_id: int, member_id: int
) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    delegation = queries.delegation(summit, request.user, delegation_id)
    member = queries.member(delegation, member_id)
    form = MemberForm(request.POST or None, request.FILES or None, initial=_member_initial(member))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(actor=request.user, member=member, changes=form.service_data())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("delegations:detail", slug, delegation.pk)
    return render(
        request,
        "delegations/member_edit.html",
        {"summit": summit, "delegation": delegation, "member": member, "form": form},
    )


def _member_initial(member) -> dict:
    person = member.person
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "name_hangul": person.name_hangul,
        "position": str(person.position or ""),
        "protocol_rank": person.protocol_rank,
        **{f: getattr(member, f) for f in services.DELEGATE_FIELDS},
    }


@login_required
@require_POST
def member_cancel(
    request: HttpRequest, slug: str, delegation_id: int, member_id: int
) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    delegation = queries.delegation(summit, request.user, delegation_id)
    member = queries.member(delegation, member_id)
    ask = unless_confirmed(
        request,
        question=_("Cancel the registration of %(name)s?") % {"name": member.person},
        consequence=_("Their place goes to the first on the waiting list, who is told by e-mail."),
        button=_("Cancel the registration"),
    )
    if ask:
        return ask
    member = services.cancel_member(actor=request.user, member=member)
    messages.success(request, _("%(name)s is cancelled.") % {"name": member.person})
    return redirect("delegations:detail", slug, delegation.pk)


@login_required
@require_POST
def change_status(request: HttpRequest, slug: str, delegation_id: int) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    delegation = queries.delegation(summit, request.user, delegation_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                actor=request.user,
                delegation=delegation,
                to=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("delegations:detail", slug, delegation.pk)


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: every delegation, searched, filtered, sorted and paginated, with bulk actions;
    and inviting an organisation (of the directory, or new)."""
    summit = console_summit(request, slug, rules.PERMISSION)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = form.new_organisation()
            if new is None:
                invitation, _secret = services.invite(
                    actor=request.user,
                    summit=summit,
                    organisation=form.cleaned_data["organisation"],
                    **form.invitation_data(),
                )
            else:
                invitation, _secret = services.invite_new_organisation(
                    actor=request.user,
                    summit=summit,
                    organisation=new,
                    allow_similar=form.cleaned_data["allow_similar"],
                    **form.invitation_data(),
                )
        except ValidationError as error:
            add_form_errors(form, error)
            if "name_en" in getattr(error, "error_dict", {}):
                form.add_error("new_name_en", error.error_dict["name_en"])
        else:
            messages.success(
                request,
                _("%(organisation)s is invited; the e-mail is in the outbox.")
                % {"organisation": invitation.organisation},
            )
            return redirect("delegations:manage", slug)
    filters = {
        "status": request.GET.get("status", ""),
        "kind": request.GET.get("kind", ""),
        "country": request.GET.get("country", "").strip(),
        "search": request.GET.get("q", "").strip(),
        "sort": request.GET.get("sort", "organisation"),
    }
    rows = queries.staff_list(summit, request.user, **filters)
    return render(
        request,
        "delegations/manage.html",
        {
            "summit": summit,
            "page": paginate(request, rows),
            "filters": filters,
            "statuses": DelegationStatus.choices,
            "kinds": OrganisationKind.choices,
            "form": form,
            "bulk": BulkForm(),
            "now": timezone.now(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: every member of every delegation, searched, filtered, sorted and paginated;
    the ticked ones exported or e-mailed."""
    summit = console_summit(request, slug, rules.PERMISSION)
    filters = {
        "search": request.GET.get("q", "").strip(),
        "place": request.GET.get("place", ""),
        "role": request.GET.get("role", ""),
        "sort": request.GET.get("sort", "delegation"),
    }
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("member") if pk.isdigit()][:5000]
        chosen = queries.staff_members(summit).filter(pk__in=ids)
        if not chosen.exists():
            messages.error(request, _("Tick at least one member."))
            return redirect(request.get_full_path())
        return exportviews.answer(
            request, summit, exchange.PEOPLE_EXPORT, {"members": [m.pk for m in chosen]}
        )
    with timezone.override(summit.zone):
        return render(
            request,
            "delegations/members.html",
            {
                "summit": summit,
                "page": paginate(request, queries.staff_members(summit, **filters)),
                "filters": filters,
                "places": PlaceStatus.choices,
                "roles": DelegateRole.choices,
            },
        )


BULK_STATUSES = {
    "confirm": DelegationStatus.CONFIRMED,
    "decline": DelegationStatus.DECLINED,
    "cancel": DelegationStatus.CANCELLED,
}


@login_required
@require_POST
def bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: one action on the delegations ticked in the list."""
    summit = console_summit(request, slug, rules.PERMISSION)
    form = BulkForm(request.POST)
    ids = [int(pk) for pk in request.POST.getlist("delegation") if pk.isdigit()][:1000]
    chosen = list(queries.staff_list(summit, request.user).filter(pk__in=ids))
    back = redirect(request.POST.get("back") or reverse("delegations:manage", args=[slug]))
    if not form.is_valid() or not chosen:
        messages.error(request, _("Tick at least one delegation and choose what to do."))
        return back
    action, names = form.cleaned_data["action"], ", ".join(str(d) for d in chosen)
    if action in ("cancel", "revoke"):
        ask = unless_confirmed(
            request,
            question=(
                _("Cancel these delegations: %(names)s?")
                if action == "cancel"
                else _("Withdraw the invitation links of: %(names)s?")
            )
            % {"names": names},
            consequence=(
                _("Their members lose their places, which go to the waiting list.")
                if action == "cancel"
                else _("The links in their e-mails stop working; you can send new ones.")
            ),
        )
        if ask:
            return ask
    ids = [d.pk for d in chosen]
    if action == "export":
        return exportviews.answer(request, summit, exchange.WORKBOOK_EXPORT, {"delegations": ids})
    if action in BULK_STATUSES:
        moved, refused = bulk_actions.change_statuses(
            actor=request.user, summit=summit, delegation_ids=ids, to=BULK_STATUSES[action]
        )
        messages.success(request, _("%(count)s delegations changed.") % {"count": moved})
        for refusal in refused:
            messages.error(request, refusal)
    elif action in ("resend", "revoke"):
        done = 0
        for delegation in chosen:
            if delegation.invitation is None:
                continue
            try:
                if action == "resend":
                    services.resend_invitation(actor=request.user, invitation=delegation.invitation)
                else:
                    services.revoke_invitation(actor=request.user, invitation=delegation.invitation)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                done += 1
        messages.success(request, _("%(count)s invitations done.") % {"count": done})
    else:
        data = form.cleaned_data
        try:
            sent = bulk_actions.message_contacts(
                actor=request.user,
                summit=summit,
                delegation_ids=ids,
                subject={"ko": data["subject_ko"], "en": data["subject_en"]},
                body={"ko": data["body_ko"], "en": data["body_en"]},
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(count)s e-mails are in the outbox.") % {"count": sent})
    return back


@login_required
def counts(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: the counts as registered on a chosen day, and frozen snapshots."""
    summit = console_summit(request, slug, rules.PERMISSION)
    try:
        as_of = datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        as_of = timezone.localdate()
    if not EARLIEST <= as_of <= LATEST:
        return HttpResponseBadRequest(range_message())
    if request.method == "POST":
        snapshot = services.freeze_counts(actor=request.user, summit=summit, as_of=as_of)
        messages.success(
            request, _("The counts as registered on %(day)s are frozen.") % {"day": snapshot.as_of}
        )
        return redirect(f"{reverse('delegations:counts', args=[slug])}?as_of={as_of}")
    figures = queries.counts(summit, as_of)
    return render(
        request,
        "delegations/counts.html",
        {
            "labels": queries.count_labels(figures),
            "summit": summit,
            "as_of": as_of,
            "figures": figures,
            "sentence": queries.counts_sentence(summit, figures),
            "snapshots": [
                (snapshot, queries.counts_sentence(summit, snapshot.counts))
                for snapshot in queries.snapshots(summit)
            ],
        },
    )


@login_required
def export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """Staff: delegations and people as XLSX, or people as CSV: at once when small, else
    written in the background and followed on the export's page (core.exports)."""
    summit = console_summit(request, slug, rules.PERMISSION)
    name = exchange.WORKBOOK_EXPORT if fmt == "xlsx" else exchange.PEOPLE_EXPORT
    return exportviews.answer(request, summit, name)


@login_required
def import_contacts(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: organisations and contacts from a CSV, all or nothing. The file's shape is
    checked here; its rows are checked and imported in the background (imports), and the
    import's page follows the run."""
    summit = console_summit(request, slug, rules.PERMISSION)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        invite = form.cleaned_data["invite"]
        problems = exchange.check_file(data, invite)
        if not problems:
            run = imports.start(actor=request.user, summit=summit, data=data, invite=invite)
            return redirect("delegations:import-run", slug, run.pk)
    return render(
        request,
        "delegations/import.html",
        {
            "summit": summit,
            "form": form,
            "problems": problems,
            "columns": exchange.IMPORT_COLUMNS,
        },
        status=400 if problems else 200,
    )


def _import_run_context(summit, run) -> dict:
    return {
        "summit": summit,
        "run": run,
        "progress": runs.progress_of(run),
        "problems": run.result.get("problems", []) if run.status == "done" else [],
    }


@login_required
def import_run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    """Staff: an import's progress (rows done of all), polled while it runs, then its result:
    what was created, or every problem by row and column when nothing was imported."""
    summit = console_summit(request, slug, rules.PERMISSION)
    run = imports.import_run(summit, run_id)
    topic = runs.topic(run)
    if request.htmx:
        return live.fragment(
            request, topic, "delegations/_import_run.html", lambda: _import_run_context(summit, run)
        )
    return render(
        request,
        "delegations/import_run.html",
        {**_import_run_context(summit, run), **live.live_context(request, topic, "1s")},
    )


@login_required
@require_POST
def member_erase(
    request: HttpRequest, slug: str, delegation_id: int, member_id: int
) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    delegation = queries.delegation(summit, request.user, delegation_id)
    member = queries.member(delegation, member_id)
    ask = unless_confirmed(
        request,
        question=_("Erase the personal data of %(name)s?") % {"name": member.person},
        consequence=_(
            "Name, contact, travel, needs and photo are erased for good; the record stays, so "
            "the counts stay right. This cannot be undone."
        ),
        button=_("Erase for good"),
    )
    if ask:
        return ask
    services.erase_personal_data(actor=request.user, member=member)
    messages.success(request, _("The personal data is erased; the record still counts."))
    return redirect("delegations:detail", slug, delegation.pk)


@login_required
@require_POST
def member_access(
    request: HttpRequest, slug: str, delegation_id: int, member_id: int
) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    delegation = queries.delegation(summit, request.user, delegation_id)
    member = queries.member(delegation, member_id)
    try:
        outcome = services.give_member_access(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        say = {
            "link": _("%(name)s has been sent a link to their own data."),
            "confirm": _(
                "This address already has an account: its owner has been asked to confirm "
                "that %(name)s is them."
            ),
            "linked": _("%(name)s already reaches their data with their own account."),
        }[outcome]
        messages.success(request, say % {"name": member.person})
    return redirect("delegations:detail", slug, delegation.pk)


@login_required
def confirm_link(request: HttpRequest, token: str) -> HttpResponse:
    """The owner of an existing account, signed in, confirms that a registration is theirs."""
    found = services.member_link_request(token)
    if found is None or found[1] != request.user.pk:
        return render(request, "delegations/confirm_link.html", {"member": None}, status=404)
    member = found[0]
    if request.method == "POST":
        services.confirm_member_link(actor=request.user, token=token)
        messages.success(request, _("The registration is linked to your account."))
        return redirect("me")
    return render(request, "delegations/confirm_link.html", {"member": member})


@login_required
def my_record_edit(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    member = queries.own_record(summit, request.user, member_id)
    form = MemberForm(request.POST or None, request.FILES or None, initial=_member_initial(member))
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        data.pop("role")  # the delegation decides who heads it
        try:
            services.update_member(actor=request.user, member=member, changes=data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("me")
    form.fields["role"].disabled = True
    return render(
        request,
        "delegations/member_edit.html",
        {
            "summit": summit,
            "delegation": member.delegation,
            "member": member,
            "form": form,
            "own": True,
        },
    )


@login_required
def member_photo(
    request: HttpRequest, slug: str, delegation_id: int, member_id: int
) -> HttpResponse:
    """The badge photo, to the delegation's contact and staff only (never a public URL)."""
    summit = summit_queries.in_its_zone(request, slug)
    member = queries.member(queries.delegation(summit, request.user, delegation_id), member_id)
    if not member.badge_photo:
        raise Http404(_("This member has no photo."))
    return FileResponse(member.badge_photo.open("rb"), content_type=_photo_type(member))


def _photo_type(member) -> str:
    return "image/png" if member.badge_photo.name.lower().endswith(".png") else "image/jpeg"


@login_required
def reminders(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: the registration deadline reminders of the summit (sent by the scheduled job)."""
    summit = console_summit(request, slug, rules.PERMISSION)
    found = queries.reminder_page(summit)
    config = found["config"]
    form = ReminderForm(
        request.POST or None,
        initial={
            "enabled": config.enabled,
            "days_before": ", ".join(str(d) for d in config.days_before),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            reminder_services.save_settings(actor=request.user, summit=summit, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The reminder settings are saved."))
            return redirect("delegations:reminders", slug)
    page = paginate(request, found["sent"])
    return render(
        request,
        "delegations/reminders.html",
        {**found, "summit": summit, "form": form, "page": page, "rows": page.object_list},
        status=400 if form.errors else 200,
    )
