"""Staff: the sign-ups of one item (a site visit, a lunch): search, filters, sorting, pages, and
actions on the ticked ones (cancel them, export them)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.console.views import console_summit, paginate
from summitry.core.bilingual import localise
from summitry.core.capacity import Place
from summitry.core.confirm import unless_confirmed
from summitry.core.spreadsheets import xlsx_bytes

from . import queries, rules, services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def signup_list(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    summit = console_summit(request, slug, rules.PERMISSION)
    item = queries.item(summit, request.user, item_id)
    if not item.signup:
        raise Http404(_("This item does not take sign-ups."))
    filters = {
        "search": request.GET.get("q", "")[:100],
        "status": request.GET.get("status", ""),
        "sort": request.GET.get("sort", "turn"),
    }
    rows = queries.signup_list(item, **filters)
    if request.method == "POST":
        return _act(request, summit, item, rows)
    with timezone.override(summit.zone):
        return render(
            request,
            "programme/signup_list.html",
            {
                "summit": summit,
                "item": item,
                "page": paginate(request, rows),
                "filters": filters,
                "statuses": Place.choices,
                "sorts": (
                    ("turn", _("In order of signing up")),
                    ("name", _("By name")),
                    ("delegation", _("By delegation")),
                ),
            },
        )


def _act(request: HttpRequest, summit, item, rows) -> HttpResponse:
    ids = [int(pk) for pk in request.POST.getlist("signup") if pk.isdigit()][:1000]
    chosen = list(rows.filter(pk__in=ids))
    action = request.POST.get("action", "")
    back = redirect(request.get_full_path())
    if not chosen or action not in ("cancel", "export"):
        messages.error(request, _("Tick at least one sign-up and choose what to do."))
        return back
    if action == "export":
        header = [_("Name"), _("Delegation"), _("Status"), _("Signed up"), _("Group")]
        with timezone.override(summit.zone):
            data = [
                [
                    str(s.delegate.person),
                    str(s.delegate.delegation.organisation),
                    s.get_status_display(),
                    timezone.localtime(s.signed_up_at).strftime("%Y-%m-%d %H:%M"),
                    str(localise(s.group, "name")) if s.group else "",
                ]
                for s in chosen
            ]
        response = HttpResponse(xlsx_bytes([(_("Sign-ups"), header, data)]), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{summit.slug}-signups.xlsx"'
        return response
    names = ", ".join(str(s.delegate.person) for s in chosen)
    ask = unless_confirmed(
        request,
        question=_("Cancel the sign-ups of: %(names)s?") % {"names": names},
        consequence=_("Their places go to the first on the waiting list, who are told."),
    )
    if ask:
        return ask
    done = 0
    for signup in chosen:
        try:
            services.cancel_sign_up(actor=request.user, signup=signup)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            done += 1
    messages.success(request, _("%(count)s sign-ups cancelled.") % {"count": done})
    return back
