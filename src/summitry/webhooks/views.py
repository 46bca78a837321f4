"""Console pages of webhooks: the subscriptions, the form, a subscription with its delivery
log (its secret shown once), a test ping, pause and resume, a new secret, deletion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors

from . import access, catalogue, queries, services
from .delivery import body_of
from .forms import SubscriptionForm

# The secret of a new subscription (or a new secret) waits here for the one page that shows it.
SHOWN_ONCE = "webhooks-secret"


def _subscription(request: HttpRequest, slug: str, subscription_id: int):
    summit = console_summit(request, slug, access.PERMISSION)
    found = queries.subscription(summit, subscription_id)
    if found is None:
        raise Http404(_("This summit has no such webhook."))
    return summit, found


def _keep_secret(request: HttpRequest, subscription, secret: str) -> None:
    request.session[SHOWN_ONCE] = {"id": subscription.pk, "secret": secret}


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    return render(
        request,
        "webhooks/index.html",
        {"summit": summit, "page": paginate(request, queries.subscriptions(summit))},
    )


@login_required
def new(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, access.PERMISSION)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = services.create_subscription(
                actor=request.user, summit=summit, **form.values()
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            _keep_secret(request, created, secret)
            messages.success(request, _("The webhook is created."))
            return redirect("webhooks:subscription", slug, created.pk)
    return render(
        request, "webhooks/form.html", {"summit": summit, "form": form, "subscription": None}
    )


@login_required
def edit(request: HttpRequest, slug: str, subscription_id: int) -> HttpResponse:
    summit, found = _subscription(request, slug, subscription_id)
    form = SubscriptionForm(
        request.POST or None,
        initial={
            "name_ko": found.name_ko,
            "name_en": found.name_en,
            "url": found.url,
            "events": found.events,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_subscription(
                actor=request.user, subscription=found, changes=form.values()
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("webhooks:subscription", slug, found.pk)
    return render(
        request, "webhooks/form.html", {"summit": summit, "form": form, "subscription": found}
    )


@login_required
def subscription_page(request: HttpRequest, slug: str, subscription_id: int) -> HttpResponse:
    summit, found = _subscription(request, slug, subscription_id)
    shown = request.session.get(SHOWN_ONCE) or {}
    secret = ""
    if shown.get("id") == found.pk:
        secret = shown["secret"]
        del request.session[SHOWN_ONCE]
    page = paginate(request, queries.deliveries(found))
    for row in page:
        row.label = catalogue.label(row.event)
    return render(
        request,
        "webhooks/subscription.html",
        {
            "summit": summit,
            "subscription": found,
            "secret": secret,
            "owner_may_send": services.owner_may_send(found),
            "events": [catalogue.label(code) for code in found.events],
            "page": page,
        },
    )


@login_required
def delivery_page(
    request: HttpRequest, slug: str, subscription_id: int, delivery_id: int
) -> HttpResponse:
    summit, found = _subscription(request, slug, subscription_id)
    delivery = queries.delivery(found, delivery_id)
    if delivery is None:
        raise Http404(_("There is no such delivery."))
    return render(
        request,
        "webhooks/delivery.html",
        {
            "summit": summit,
            "subscription": found,
            "delivery": delivery,
            "event_label": catalogue.label(delivery.event),
            "body": body_of(delivery).decode(),
        },
    )


def _act(request: HttpRequest, slug: str, subscription_id: int, action, done: str):
    _summit, found = _subscription(request, slug, subscription_id)
    action(actor=request.user, subscription=found)
    messages.success(request, done)
    return redirect("webhooks:subscription", slug, found.pk)


@login_required
@require_POST
def ping(request: HttpRequest, slug: str, subscription_id: int) -> HttpResponse:
    done = _("A test ping is sent; its answer is in the log below.")
    return _act(request, slug, subscription_id, services.ping, done)


@login_required
@require_POST
def pause(request: HttpRequest, slug: str, subscription_id: int) -> HttpResponse:
    done = _("The webhook is paused; events are kept until it resumes.")
    return _act(request, slug, subscription_id, services.pause, done)


@login_required
@require_POST
def resume(request: HttpRequest, slug: str, subscription_id: int) -> HttpResponse:
    done = _("The webhook is active again; waiting events are being sent.")
    return _act(request, slug, subscription_id, services.resume, done)


@login_required
@require_POST
def rotate_secret(request: HttpRequest, slug: str, subscription_id: int) -> HttpResponse:
    _summit, found = _subscription(request, slug, subscription_id)
    ask = unless_confirmed(
        request,
        question=_("Make a new secret for “%(name)s”?") % {"name": found},
        consequence=_("The receiver must use the new secret: the old one stops signing at once."),
        button=_("Make a new secret"),
    )
    if ask:
        return ask
    _keep_secret(request, found, services.rotate_secret(actor=request.user, subscription=found))
    messages.success(request, _("The secret is new."))
    return redirect("webhooks:subscription", slug, found.pk)


@login_required
@require_POST
def delete(request: HttpRequest, slug: str, subscription_id: int) -> HttpResponse:
    _summit, found = _subscription(request, slug, subscription_id)
    ask = unless_confirmed(
        request,
        question=_("Delete the webhook “%(name)s”?") % {"name": found},
        consequence=_("Nothing more is sent to %(url)s, and its delivery log is deleted.")
        % {"url": found.url},
        button=_("Delete the webhook"),
    )
    if ask:
        return ask
    services.delete_subscription(actor=request.user, subscription=found)
    messages.success(request, _("The webhook is deleted."))
    return redirect("webhooks:index", slug)
