"""Everyone's own account: resetting a forgotten password, changing it, and the API tokens
one has issued (with their expiry, and a way to revoke each)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import mail, tokens
from .forms import Form


class MailedPasswordResetForm(PasswordResetForm):
    """Django's reset form, its e-mail sent in the reader's language and kept in the outbox."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        mail.send(
            summit=None,
            recipient=to_email,
            language=get_language(),
            template="core/email/password_reset",
            context={
                "link": f"/accounts/password/reset/{context['uid']}/{context['token']}/",
                "user": context["user"],
            },
            kind="password-reset",
        )


password_reset = auth_views.PasswordResetView.as_view(
    form_class=MailedPasswordResetForm,
    template_name="core/password_reset.html",
    success_url=reverse_lazy("password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="core/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="core/set_password.html",
    success_url=reverse_lazy("password_reset_complete"),
    extra_context={"reset": True},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="core/password_reset_complete.html"
)
password_change = auth_views.PasswordChangeView.as_view(
    template_name="core/password_change.html", success_url=reverse_lazy("password_change_done")
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="core/password_change_done.html"
)


class TokenForm(Form):
    name = forms.CharField(label=gettext_lazy("What the token is for"), max_length=100, strip=True)
    days = forms.TypedChoiceField(
        label=gettext_lazy("Valid for"),
        coerce=int,
        initial=90,
        choices=[
            (7, gettext_lazy("7 days")),
            (30, gettext_lazy("30 days")),
            (90, gettext_lazy("90 days")),
            (365, gettext_lazy("1 year")),
        ],
    )


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in person's API tokens: issue one (its secret shown once), see each one's
    expiry and last use, revoke."""
    form = TokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        _token, secret = tokens.issue_token(
            user=request.user,
            name=form.cleaned_data["name"],
            valid_for=datetime.timedelta(days=form.cleaned_data["days"]),
        )
        form = TokenForm()
    return render(
        request,
        "core/api_tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": tokens.tokens_of(request.user),
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = tokens.revoke_own_token(user=request.user, token_id=token_id)
    if token is None:
        raise Http404(_("You have no such token."))
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("api-tokens")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """A person's own page: what each capability has for them (their delegations and
    registrations, applications, judging, the summits they work on), and their account."""
    return render(request, "core/me.html")
