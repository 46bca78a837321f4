"""Pages of speakers' invitations: staff send them from the online item's console page (one
speaker, or all not invited yet, or one again), asked to confirm first; the speaker accepts or
declines on their page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import flash_errors

from . import access, invitations, qa, queries
from .views import _speaker_item


def _person_id(request: HttpRequest) -> int | None:
    value = request.POST.get("person", "")
    return int(value) if value.isdigit() else None


@login_required
@require_POST
def invite(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Staff send the invitations of an online item's speakers (written by the task queue)."""
    summit = console_summit(request, slug, access.PERMISSION)
    online = qa.online_item(summit, queries.item(summit, item_id).pk)
    person_id = _person_id(request)
    again = request.POST.get("again") == "1"
    back = reverse("online:item", args=[slug, item_id]) + "#invitations"
    if person_id is None:
        question = _("Send the invitation to every speaker of “%(item)s” not invited yet?")
    elif again:
        question = _("Send the invitation to %(name)s again?")
    else:
        question = _("Send the invitation to %(name)s?")
    person = invitations.speaker(online, person_id) if person_id else None
    ask = unless_confirmed(
        request,
        question=question % {"item": online.item, "name": person},
        consequence=_(
            "Each speaker gets a mail in their language with their times in the summit's zone "
            "and their own, the video room, the rehearsal and the link to answer."
        ),
        button=_("Send the invitations") if person_id is None else _("Send the invitation"),
        back=back,
    )
    if ask:
        return ask
    try:
        result = invitations.ask(
            actor=request.user, online=online, person_id=person_id, again=again
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(back)
    if result["queued"]:
        count = len(result["queued"])
        messages.success(
            request,
            ngettext(
                "%(count)s invitation is on its way.",
                "%(count)s invitations are on their way.",
                count,
            )
            % {"count": count},
        )
    elif result["already"]:
        messages.info(
            request,
            _("Already invited: nothing was sent again. Choose “Send again” to send once more."),
        )
    if result["no_address"]:
        messages.warning(
            request,
            ngettext(
                "%(count)s speaker has no e-mail address at this summit and was not invited.",
                "%(count)s speakers have no e-mail address at this summit and were not invited.",
                len(result["no_address"]),
            )
            % {"count": len(result["no_address"])},
        )
    return redirect(back)


@login_required
@require_POST
def answer(request: HttpRequest, slug: str, item_id: int, person_id: int) -> HttpResponse:
    """The speaker accepts or declines the invitation on their page."""
    _summit, online = _speaker_item(request, slug, item_id, person_id)
    choice = request.POST.get("answer", "")
    try:
        invitations.answer(actor=request.user, online=online, person_id=person_id, choice=choice)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if choice == "accepted":
            messages.success(request, _("Thank you: you have accepted the invitation."))
        else:
            messages.success(request, _("You have declined the invitation."))
    return redirect("online:speaker", slug, item_id, person_id)
