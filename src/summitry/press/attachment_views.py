"""A release's photos and documents: added and removed in the console, served to whoever may
read the release now (an embargoed one's: staff and accredited press only, never cached by a
proxy)."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found

from summitry.console.views import console_summit
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import flash_errors, flash_form_errors
from summitry.summits import queries as summit_queries

from . import attachments, policy, queries
from .caching import mark_private, mark_public
from .forms import AttachmentForm


def attachment(request: HttpRequest, slug: str, release_id: int, attachment_id: int):
    at = timezone.now()
    summit = summit_queries.summit(slug, request.user)
    try:
        release, found = attachments.readable(summit, request.user, release_id, attachment_id, at)
    except Http404 as error:
        return mark_private(page_not_found(request, error))
    kind = mimetypes.guess_type(found.file.name)[0] or "application/octet-stream"
    response = FileResponse(found.file.open("rb"), content_type=kind)
    response["Content-Disposition"] = f'inline; filename="{found.file.name.rsplit("/", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    if request.user.is_authenticated or not policy.is_public(release, at):
        return mark_private(response)
    return mark_public(response)


@login_required
@require_POST
def attachment_add(request: HttpRequest, slug: str, release_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    release = queries.staff_release(summit, release_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            attachments.add(
                actor=request.user,
                release=release,
                upload=data["file"],
                caption={"ko": data["caption_ko"], "en": data["caption_en"]},
                credit=data["credit"],
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The file is attached."))
    else:
        flash_form_errors(request, form)
    return redirect("press:release-edit", slug=summit.slug, release_id=release.pk)


@login_required
@require_POST
def attachment_remove(request: HttpRequest, slug: str, release_id: int, attachment_id: int):
    summit = console_summit(request, slug, policy.PERMISSION)
    release = queries.staff_release(summit, release_id)
    found = attachments.of_release(release, attachment_id)
    asked = unless_confirmed(
        request, question=_("Remove %(name)s?") % {"name": found.file_name}, button=_("Remove")
    )
    if asked is not None:
        return mark_private(asked)
    attachments.remove(actor=request.user, attachment=found)
    return redirect("press:release-edit", slug=summit.slug, release_id=release.pk)


@login_required
@require_POST
def attachment_press_material(
    request: HttpRequest, slug: str, release_id: int, attachment_id: int
) -> HttpResponse:
    """Offer a release's file in the media kit (``value=1``) or stop offering it."""
    summit = console_summit(request, slug, policy.PERMISSION)
    release = queries.staff_release(summit, release_id)
    found = attachments.of_release(release, attachment_id)
    value = request.POST.get("value") == "1"
    attachments.mark_press_material(actor=request.user, attachment=found, value=value)
    if value:
        messages.success(request, _("%(name)s is press material.") % {"name": found.file_name})
    else:
        messages.success(
            request, _("%(name)s is no longer press material.") % {"name": found.file_name}
        )
    return redirect("press:release-edit", slug=summit.slug, release_id=release.pk)
