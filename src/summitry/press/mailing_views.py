"""Pages of the press room's mailings: the console's mailings (new, preview in both languages,
send, delivery counts, recipients) and e-mail templates (edit with a preview, reset), and the
public subscription to a summit's releases (confirmed by a link, ended by a link)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core import ratelimit
from summitry.core.bilingual import LANGUAGE_CODES
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors
from summitry.summits import queries as summit_queries

from . import mailings, policy
from .caching import mark_private
from .forms import (
    BounceForm,
    ListEntriesForm,
    MailingForm,
    SavedListForm,
    SubscribeForm,
    TemplateForm,
    TestSendForm,
)
from .models import MailingStatus, TemplateKind


def _both(data: dict, name: str) -> dict[str, str]:
    return {lang: data.get(f"{name}_{lang}", "") or "" for lang in LANGUAGE_CODES}


# --- console: mailings -------------------------------------------------------------------------


@login_required
def mailing_list(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    page = paginate(request, mailings.mailings(summit))
    return mark_private(render(request, "press/mailings.html", {"summit": summit, "page": page}))


@login_required
def mailing_new(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    releases = mailings.mailable_releases(summit)
    initial = {}
    if request.GET.get("release", "").isdigit():
        initial["release"] = releases.filter(pk=request.GET["release"]).first()
    form = MailingForm(
        request.POST or None,
        releases=releases,
        lists=mailings.saved_lists(summit),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            found = mailings.create_mailing(
                actor=request.user,
                summit=summit,
                release=data["release"],
                audiences=data["audiences"],
                subject=_both(data, "subject"),
                message=_both(data, "message"),
                statuses=data["delegation_statuses"],
                saved_list=data["saved_list"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Check the preview, then send."))
            return redirect("press:mailing", slug=summit.slug, mailing_id=found.pk)
    return mark_private(
        render(request, "press/mailing_form.html", {"summit": summit, "form": form})
    )


@login_required
def mailing_detail(request: HttpRequest, slug: str, mailing_id: int) -> HttpResponse:
    """A mailing: its preview in both languages as a recipient reads it now, who it goes to,
    its delivery counts and its recipients (searchable)."""
    summit = console_summit(request, slug, policy.PERMISSION)
    found = mailings.mailing(summit, mailing_id)
    at = timezone.now()
    preview = {
        lang: mailings.compose(found, language=lang, name=mailings._sample_name(lang), at=at)
        for lang in LANGUAGE_CODES
    }
    search = request.GET.get("q", "").strip()
    context = {
        "summit": summit,
        "mailing": found,
        "preview": preview,
        "search": search,
        "embargoed": found.release is not None and not policy.is_public(found.release, at),
        "test_form": TestSendForm(),
        "statuses": _status_labels(found),
    }
    if found.status == MailingStatus.DRAFT:
        context["planned"], skipped = mailings.collect_for(found)
    else:
        skipped = found.skipped or {}
        context["page"] = paginate(request, mailings.recipients(found, search))
    context["skipped"] = sum(skipped.values())
    context["skipped_why"] = mailings.skipped_text(skipped)
    return mark_private(render(request, "press/mailing.html", context))


@login_required
@require_POST
def mailing_send(request: HttpRequest, slug: str, mailing_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    found = mailings.mailing(summit, mailing_id)
    asked = unless_confirmed(
        request,
        question=_("Send this mailing now?"),
        consequence=_(
            "The e-mails are written in the background; while a release is embargoed, only "
            "accredited press get it now and everyone else at the embargo instant."
        ),
        button=_("Send"),
    )
    if asked is not None:
        return mark_private(asked)
    try:
        mailings.send(actor=request.user, mailing=found)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("The mailing is on its way."))
    return redirect("press:mailing", slug=summit.slug, mailing_id=found.pk)


def _status_labels(found) -> str:
    from summitry.delegations.models import DelegationStatus

    labels = dict(DelegationStatus.choices)
    return ", ".join(str(labels[s]) for s in found.delegation_statuses if s in labels)


@login_required
@require_POST
def mailing_test(request: HttpRequest, slug: str, mailing_id: int) -> HttpResponse:
    """Send the mailing to oneself, marked TEST, in one language or both."""
    summit = console_summit(request, slug, policy.PERMISSION)
    found = mailings.mailing(summit, mailing_id)
    form = TestSendForm(request.POST)
    if not form.is_valid():
        flash_errors(request, ValidationError(_("Choose a language.")))
        return redirect("press:mailing", slug=summit.slug, mailing_id=found.pk)
    language = form.cleaned_data["language"]
    try:
        sent = mailings.send_test(
            actor=request.user, mailing=found, languages=[language] if language else None
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("A test (%(n)s e-mails) is on its way to %(email)s.")
            % {"n": len(sent), "email": request.user.email},
        )
    return redirect("press:mailing", slug=summit.slug, mailing_id=found.pk)


@login_required
@require_POST
def recipient_bounce(
    request: HttpRequest, slug: str, mailing_id: int, recipient_id: int
) -> HttpResponse:
    """Record that a recipient's e-mail bounced, with the reason."""
    summit = console_summit(request, slug, policy.PERMISSION)
    found = mailings.mailing(summit, mailing_id)
    row = mailings.recipient(found, recipient_id)
    form = BounceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say why the e-mail bounced."))
        mailings.mark_bounced(actor=request.user, recipient=row, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(email)s is marked bounced.") % {"email": row.email})
    return redirect("press:mailing", slug=summit.slug, mailing_id=found.pk)


# --- console: addresses left out ---------------------------------------------------------------


@login_required
def left_out(request: HttpRequest, slug: str) -> HttpResponse:
    """The addresses the summit's mailings leave out — unsubscribed and bounced — searchable
    and paginated, each with a way back in (asked first)."""
    summit = console_summit(request, slug, policy.PERMISSION)
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if kind not in mailings.SKIP_REASONS:
        kind = ""
    context = {
        "summit": summit,
        "search": search,
        "kind": kind,
        "kinds": mailings.SKIP_REASONS,
        "page": paginate(request, mailings.left_out_addresses(summit, search, kind)),
    }
    return mark_private(render(request, "press/left_out.html", context))


@login_required
@require_POST
def resubscribe(request: HttpRequest, slug: str, kind: str, address_id: int) -> HttpResponse:
    """Take an address off the left-out addresses, once staff have confirmed."""
    summit = console_summit(request, slug, policy.PERMISSION)
    found = mailings.left_out_address(summit, kind, address_id)
    asked = unless_confirmed(
        request,
        question=_("Write to %(email)s again?") % {"email": found.email},
        consequence=(
            _(
                "The address asked to receive no more of the summit's mailings: take it back "
                "only if its owner asked for it. Later mailings reach it on the lists it is on "
                "(a former subscriber subscribes again from the press page)."
            )
            if kind == mailings.UNSUBSCRIBED
            else _(
                "An e-mail to this address bounced: take it back only once the mailbox works "
                "again. Later mailings reach it on the lists it is on."
            )
        ),
        button=_("Write to it again"),
    )
    if asked is not None:
        return mark_private(asked)
    email = mailings.resubscribe(actor=request.user, row=found)
    messages.success(request, _("Later mailings reach %(email)s again.") % {"email": email})
    return redirect("press:left-out", slug=summit.slug)


# --- console: saved lists -----------------------------------------------------------------------


@login_required
def lists(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    form = SavedListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            found = mailings.create_saved_list(
                actor=request.user, summit=summit, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The list is saved: add its addresses."))
            return redirect("press:list", slug=summit.slug, list_id=found.pk)
    search = request.GET.get("q", "").strip()
    page = paginate(request, mailings.saved_lists(summit, search))
    context = {"summit": summit, "page": page, "form": form, "search": search}
    return mark_private(render(request, "press/lists.html", context))


@login_required
def list_detail(request: HttpRequest, slug: str, list_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    found = mailings.saved_list(summit, list_id)
    form = ListEntriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = mailings.add_to_list(
                actor=request.user, saved_list=found, text=form.cleaned_data["addresses"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("%(n)s addresses added.") % {"n": added})
            return redirect("press:list", slug=summit.slug, list_id=found.pk)
    search = request.GET.get("q", "").strip()
    rows = found.entries.all()
    if search:
        rows = rows.filter(email__icontains=search) | rows.filter(name__icontains=search)
    context = {
        "summit": summit,
        "saved_list": found,
        "form": form,
        "search": search,
        "page": paginate(request, rows.order_by("email", "pk")),
    }
    return mark_private(render(request, "press/list.html", context))


@login_required
@require_POST
def list_entry_remove(request: HttpRequest, slug: str, list_id: int, entry_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    found = mailings.saved_list(summit, list_id)
    entry = found.entries.filter(pk=entry_id).first()
    if entry is None:
        raise Http404(_("This list has no such address."))
    asked = unless_confirmed(
        request,
        question=_("Remove %(email)s from the list?") % {"email": entry.email},
        consequence=_("Later mailings to this list leave it out."),
        button=_("Remove"),
    )
    if asked is not None:
        return mark_private(asked)
    mailings.remove_from_list(actor=request.user, entry=entry)
    messages.success(request, _("The address is removed."))
    return redirect("press:list", slug=summit.slug, list_id=found.pk)


@login_required
@require_POST
def list_delete(request: HttpRequest, slug: str, list_id: int) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    found = mailings.saved_list(summit, list_id)
    asked = unless_confirmed(
        request,
        question=_("Delete the list “%(name)s”?") % {"name": found.name},
        consequence=_("Its addresses are lost."),
        button=_("Delete"),
    )
    if asked is not None:
        return mark_private(asked)
    try:
        mailings.delete_saved_list(actor=request.user, saved_list=found)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("press:list", slug=summit.slug, list_id=found.pk)
    messages.success(request, _("The list is deleted."))
    return redirect("press:lists", slug=summit.slug)


# --- console: templates -----------------------------------------------------------------------


def _kind(kind: str) -> str:
    if kind not in TemplateKind.values:
        raise Http404(_("There is no such template."))
    return kind


@login_required
def templates(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    rows = [
        {
            "kind": kind,
            "label": label,
            "own": mailings.template_of(summit, kind) is not None,
        }
        for kind, label in TemplateKind.choices
    ]
    return mark_private(
        render(request, "press/mail_templates.html", {"summit": summit, "rows": rows})
    )


@login_required
def template_edit(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """A template in both languages side by side, with the preview of each as a recipient
    reads it (filled with the latest released release, or a sample message)."""
    summit = console_summit(request, slug, policy.PERMISSION)
    kind = _kind(kind)
    found = mailings.template_of(summit, kind)
    initial = {}
    for lang in LANGUAGE_CODES:
        subject, body = mailings.wording(summit, kind, lang, found)
        initial[f"subject_{lang}"], initial[f"body_{lang}"] = subject, body
    form = TemplateForm(
        request.POST or None, initial=initial, placeholders=mailings.PLACEHOLDERS[kind]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mailings.save_template(
                actor=request.user,
                summit=summit,
                kind=kind,
                subject=_both(data, "subject"),
                body=_both(data, "body"),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The template is saved."))
            return redirect("press:template", slug=summit.slug, kind=kind)
    context = {
        "summit": summit,
        "kind": kind,
        "label": TemplateKind(kind).label,
        "form": form,
        "own": found is not None,
        "preview": mailings.preview(summit, kind),
    }
    return mark_private(render(request, "press/mail_template.html", context))


@login_required
@require_POST
def template_reset(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    summit = console_summit(request, slug, policy.PERMISSION)
    kind = _kind(kind)
    asked = unless_confirmed(
        request,
        question=_("Reset this template to the default text?"),
        consequence=_("Your wording in both languages is lost."),
        button=_("Reset"),
    )
    if asked is not None:
        return mark_private(asked)
    mailings.reset_template(actor=request.user, summit=summit, kind=kind)
    messages.success(request, _("The template is back to the default text."))
    return redirect("press:template", slug=summit.slug, kind=kind)


# --- public: subscription -----------------------------------------------------------------------


def subscribe(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    form = SubscribeForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        address = ratelimit.client_address(request)
        if ratelimit.exceeded("press-subscribe", address, limit=10, window_seconds=3600):
            form.add_error(None, _("Too many requests from your address; try again later."))
        else:
            mailings.subscribe(
                summit=summit,
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Check your inbox: open the link we sent to confirm."))
            return redirect("press:subscribe", slug=summit.slug)
    return mark_private(render(request, "press/subscribe.html", {"summit": summit, "form": form}))


def _token_page(request, slug, token, action, done_message, question):
    summit = summit_queries.in_its_zone(request, slug)
    if request.method == "POST":
        try:
            action(summit=summit, token=token)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, done_message)
        return redirect("press:index", slug=summit.slug)
    return mark_private(
        render(request, "press/subscription.html", {"summit": summit, "question": question})
    )


def subscribe_confirm(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: a button (a link's mere opening by a mail
    scanner confirms nothing)."""
    return _token_page(
        request,
        slug,
        token,
        mailings.confirm_subscription,
        _("You will receive the press releases by e-mail."),
        _("Confirm your subscription to the press releases?"),
    )


def unsubscribe(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link in each mailing: a button to confirm (a mail scanner opening the link
    unsubscribes nobody); then the summit's later mailings leave the address out."""
    return _token_page(
        request,
        slug,
        token,
        mailings.unsubscribe,
        _("You will no longer receive this summit's mailings by e-mail."),
        _("Stop receiving this summit's mailings by e-mail?"),
    )
