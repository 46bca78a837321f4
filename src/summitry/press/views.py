"""Pages of the press room: the public press page and release pages (embargo-aware), the Atom
feed (feeds.py), journalists' accreditation, and the console's releases and accreditations.

Every page that shows an embargoed or unreleased release, or anything personal, is answered
``Cache-Control: private, no-store`` (caching.py); visibility is decided from the instant.
"""

from __future__ import annotations

import mimetypes
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found

from summitry.checkin import badges as checkin_rendering
from summitry.console.views import console_summit, paginate
from summitry.core import live
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors, flash_form_errors
from summitry.directory import queries as directory_queries
from summitry.summits import queries as summit_queries

from . import policy, queries, report, services
from .caching import mark_private, mark_public
from .forms import AccreditationForm, AttachmentForm, ContactForm, DecisionForm, ReleaseForm
from .models import RELEASED, AccreditationStatus, ReleaseStatus
from .pdf import release_pdf as make_pdf
from .presenting import present


def _cache(request: HttpRequest, response: HttpResponse, releases, at) -> HttpResponse:
    if request.user.is_authenticated or any(not policy.is_public(r, at) for r in releases):
        return mark_private(response)
    return mark_public(response)


# --- public ------------------------------------------------------------------------------------


# Open press pages ask every so often whether the summit's releases moved (services.topic: a
# release scheduled, its embargo moved, its publication recorded by the beat task).
LIVE_INTERVAL = "10s"


def _listing(request: HttpRequest, summit, at) -> tuple[dict, list]:
    rows = queries.visible_releases(summit, request.user, at).filter(status__in=RELEASED)
    page = paginate(request, rows)
    return {"summit": summit, "page": page, "items": [present(r, at) for r in page]}, list(page)


def index(request: HttpRequest, slug: str) -> HttpResponse:
    """The summit's press page: public releases; accredited press and staff also see the
    embargoed ones, marked. The list refreshes itself when releases move."""
    at = timezone.now()
    summit = summit_queries.in_its_zone(request, slug)
    context, shown = _listing(request, summit, at)
    live_path = reverse("press:index-live", args=[summit.slug])
    response = render(
        request,
        "press/index.html",
        {
            **context,
            **live.live_context(request, services.topic(summit), LIVE_INTERVAL, live_path),
            "who": queries.audience(request.user, summit),
            "accreditation": queries.accreditation_of(request.user, summit),
            "has_report": report.published(summit) is not None,
        },
    )
    return _cache(request, response, shown, at)


def index_live(request: HttpRequest, slug: str) -> HttpResponse:
    """The press page's list for its poll: 204 while nothing moved."""
    at = timezone.now()
    summit = summit_queries.in_its_zone(request, slug)
    shown: list = []

    def context() -> dict:
        found, rows = _listing(request, summit, at)
        shown.extend(rows)
        return found

    response = live.fragment(
        request, services.topic(summit), "press/_list.html", context, interval=LIVE_INTERVAL
    )
    return _cache(request, response, shown, at)


def _readable(view):
    """A page of one release: found among those the reader may read now, else a 404 that no
    cache may keep past the embargo instant; the answer's caching follows the release."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, release_id: int) -> HttpResponse:
        at = timezone.now()
        summit = summit_queries.in_its_zone(request, slug)
        try:
            release = queries.visible_release(summit, request.user, release_id, at)
        except Http404 as error:
            return mark_private(page_not_found(request, error))
        return _cache(request, view(request, summit, present(release, at)), [release], at)

    return wrapped


@_readable
def release_page(request: HttpRequest, summit, item) -> HttpResponse:
    context = {"summit": summit, "item": item, "release": item.release}
    return render(request, "press/release.html", context)


@_readable
def release_pdf(request: HttpRequest, summit, item) -> HttpResponse:
    """The release as a PDF, to whoever may read it now; marked while embargoed."""
    pdf = make_pdf(summit=summit, item=item, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="press-release-{item.pk}.pdf"'
    return response


@login_required
def accreditation(request: HttpRequest, slug: str) -> HttpResponse:
    """A journalist applies for accreditation, then sees the decision here."""
    summit = summit_queries.in_its_zone(request, slug)
    mine = queries.accreditation_of(request.user, summit)
    form = None
    if mine is None:
        form = AccreditationForm(
            request.POST or None,
            request.FILES or None,
            initial={"name": request.user.get_full_name(), "language": request.LANGUAGE_CODE},
        )
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            card = data.pop("press_card")
            try:
                services.apply_for_accreditation(
                    actor=request.user, summit=summit, data=data, press_card=card
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Thank you. The press team will review your request."))
                return redirect("press:accreditation", slug=summit.slug)
    badge = queries.own_badge(mine)
    response = render(
        request,
        "press/accreditation.html",
        {
            "summit": summit,
            "mine": mine,
            "form": form,
            "badge": badge,
            "badge_qr": checkin_rendering.qr_svg(badge) if badge else "",
        },
    )
    return mark_private(response)


@login_required
def press_card(request: HttpRequest, slug: str, accreditation_id: int) -> FileResponse:
    """A press card: to its journalist and the summit's press staff only."""
    summit = summit_queries.summit(slug, request.user)
    found = queries.press_card_of(summit, request.user, accreditation_id)
    kind = mimetypes.guess_type(found.press_card.name)[0] or "application/octet-stream"
    response = FileResponse(found.press_card.open("rb"), content_type=kind)
    response["Content-Disposition"] = f'inline; filename="card-{found.pk}{_suffix(found)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return mark_private(response)


def _suffix(found) -> str:
    name = found.press_card.name
    return name[name.rfind(".") :] if "." in name else ""


# --- console: releases --------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    status = request.GET.get("status", "")
    rows = queries.releases(summit)
    if status in ReleaseStatus.values:
        rows = rows.filter(status=status)
    page = paginate(request, rows)
    response = render(
        request,
        "press/manage.html",
        {
            "summit": summit,
            "page": page,
            "now": timezone.now(),
            "statuses": ReleaseStatus.choices,
            "status": status,
        },
    )
    return mark_private(response)


def _form_data(form: ReleaseForm) -> dict:
    return dict(form.cleaned_data)


@login_required
def release_new(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    form = ReleaseForm(request.POST or None, summit=summit, initial={"original_language": "ko"})
    if request.method == "POST" and form.is_valid():
        try:
            release = services.create_release(
                actor=request.user, summit=summit, data=_form_data(form)
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The release is saved as a draft."))
            return redirect("press:release-edit", slug=summit.slug, release_id=release.pk)
    return mark_private(
        render(request, "press/release_form.html", {"summit": summit, "form": form})
    )


def _initial(release) -> dict:
    return {name: getattr(release, name) for name in ReleaseForm(summit=None).fields}


@login_required
def release_edit(request: HttpRequest, slug: str, release_id: int) -> HttpResponse:
    """A release's form, its preview (as journalists will read it), contacts and workflow."""
    summit = console_summit(request, slug, policy.PERMISSION)
    release = queries.staff_release(summit, release_id)
    at = timezone.now()
    form = ReleaseForm(request.POST or None, summit=summit, initial=_initial(release))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_release(actor=request.user, release=release, data=_form_data(form))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The release is saved."))
            return redirect("press:release-edit", slug=summit.slug, release_id=release.pk)
    contact_form = ContactForm(people=directory_queries.people(request.user))
    return mark_private(
        render(
            request,
            "press/release_form.html",
            {
                "summit": summit,
                "form": form,
                "release": release,
                "item": present(release, at),
                "contact_form": contact_form,
                "attachment_form": AttachmentForm(),
                "editable": release.status in services.EDITABLE,
            },
        )
    )


ACTIONS = {
    "submit": services.submit_for_review,
    "approve": services.approve,
    "schedule": services.schedule,
    "draft": services.return_to_draft,
}


@login_required
@require_POST
def release_action(request: HttpRequest, slug: str, release_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    release = queries.staff_release(summit, release_id)
    action = ACTIONS.get(request.POST.get("action", ""))
    back = redirect("press:release-edit", slug=summit.slug, release_id=release.pk)
    if action is None:
        messages.error(request, _("Unknown action."))
        return back
    if action is services.return_to_draft:
        asked = unless_confirmed(
            request,
            question=_("Return this release to draft?"),
            consequence=_(
                "Its approval and frozen figures are dropped; journalists and the public no "
                "longer see it."
            ),
            button=_("Return to draft"),
        )
        if asked is not None:
            return mark_private(asked)
    try:
        action(actor=request.user, release=release)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request, _("Status: %(status)s.") % {"status": release.get_status_display()}
        )
    return back


@login_required
@require_POST
def contact_add(request: HttpRequest, slug: str, release_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    release = queries.staff_release(summit, release_id)
    form = ContactForm(request.POST, people=directory_queries.people(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_contact(
                actor=request.user,
                release=release,
                person=data["person"],
                title={"ko": data["title_ko"], "en": data["title_en"]},
                phone=data["phone"],
                email=data["email"],
            )
        except ValidationError as error:
            flash_errors(request, error)
    else:
        flash_form_errors(request, form)
    return redirect("press:release-edit", slug=summit.slug, release_id=release.pk)


@login_required
@require_POST
def contact_remove(request: HttpRequest, slug: str, release_id: int, contact_id: int):
    summit = console_summit(request, slug, policy.PERMISSION)
    release = queries.staff_release(summit, release_id)
    contact = next((c for c in release.contacts.all() if c.pk == contact_id), None)
    back = redirect("press:release-edit", slug=summit.slug, release_id=release.pk)
    if contact is None:
        return back
    asked = unless_confirmed(
        request,
        question=_("Remove %(name)s from the release's contacts?") % {"name": contact.person},
        button=_("Remove"),
    )
    if asked is not None:
        return mark_private(asked)
    try:
        services.remove_contact(actor=request.user, contact=contact)
    except ValidationError as error:
        flash_errors(request, error)
    return back


# --- console: accreditations ---------------------------------------------------------------------


@login_required
def accreditations(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    status = request.GET.get("status", "")
    if status not in AccreditationStatus.values:
        status = ""
    rows = queries.accreditations(summit, status)
    return mark_private(
        render(
            request,
            "press/accreditations.html",
            {
                "summit": summit,
                "page": paginate(request, rows),
                "statuses": AccreditationStatus.choices,
                "status": status,
                "decision_form": DecisionForm(),
            },
        )
    )


@login_required
@require_POST
def accreditation_decide(request: HttpRequest, slug: str, accreditation_id: int):
    summit = console_summit(request, slug, policy.PERMISSION)
    found = queries.accreditation(summit, accreditation_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decide_accreditation(
                actor=request.user,
                accreditation=found,
                approve=data["decision"] == "approve",
                reason={"ko": data["reason_ko"], "en": data["reason_en"]},
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Decision recorded for %(name)s.") % {"name": found.name})
    else:
        messages.error(request, _("Choose approve or refuse."))
    return redirect("press:accreditations", slug=summit.slug)
