"""The console's e-mail templates: every automatic e-mail of the summit, worded by the summit
itself where it wants (core.mailtemplates), with the default beside and a preview in both
languages; "reset to default" asks first and deletes the summit's own text."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from summitry.core import mailtemplates
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors

from .views import console_summit, paginate

PERMISSION = "mail_templates"


class MailTemplateForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=300)
    body = forms.CharField(
        label=gettext_lazy("Body"), widget=forms.Textarea(attrs={"rows": 18}), strip=False
    )


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    summit = console_summit(request, slug, PERMISSION)
    search = request.GET.get("q", "").strip()
    page = paginate(request, mailtemplates.search(summit, search))
    return render(
        request,
        "console/mail_templates.html",
        {
            "summit": summit,
            "page": page,
            "q": search,
            "languages": settings.LANGUAGES,
        },
    )


def _mail(key: str, language: str):
    mail = mailtemplates.by_key(key)
    if mail is None or language not in mailtemplates.LANGUAGES:
        raise Http404(_("There is no such e-mail."))
    return mail


def _texts(summit, mail, language: str) -> tuple[str, str]:
    """The summit's own text in ``language``, else the default written with placeholders."""
    own = mailtemplates.override(summit, mail.template, language)
    if own is not None:
        return own.subject, own.body
    return (
        mailtemplates.default_text(mail, mailtemplates.SUBJECT, language),
        mailtemplates.default_text(mail, mailtemplates.BODY, language),
    )


@login_required
def edit(request: HttpRequest, slug: str, key: str, language: str) -> HttpResponse:
    summit = console_summit(request, slug, PERMISSION)
    mail = _mail(key, language)
    own = mailtemplates.override(summit, mail.template, language)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    subject, body = _texts(summit, mail, language)
    form = MailTemplateForm(
        request.POST if action in ("save", "preview") else None,
        initial={"subject": subject, "body": body},
    )
    if action == "reset":
        ask = unless_confirmed(
            request,
            question=_("Go back to the default text of “%(mail)s” (%(language)s)?")
            % {"mail": mail.title, "language": dict(settings.LANGUAGES)[language]},
            consequence=_("The summit's own text of this e-mail in this language is deleted."),
            button=_("Reset to the default"),
        )
        if ask:
            return ask
        mailtemplates.reset(actor=request.user, summit=summit, mail=mail, language=language)
        messages.success(request, _("The e-mail goes back to its default text."))
        return redirect("console:mail-template", slug, key, language)
    if action == "save" and form.is_valid():
        try:
            mailtemplates.save(
                actor=request.user,
                summit=summit,
                mail=mail,
                language=language,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved: this e-mail now uses the summit's own text."))
            return redirect("console:mail-template", slug, key, language)
    if form.is_bound:
        subject, body = form.data.get("subject", ""), form.data.get("body", "")
    previews = []
    for code, name in settings.LANGUAGES:
        text = (subject, body) if code == language else _texts(summit, mail, code)
        previews.append(
            {
                "name": name,
                **mailtemplates.preview(mail, code, subject=text[0], body=text[1], summit=summit),
            }
        )
    return render(
        request,
        "console/mail_template.html",
        {
            "summit": summit,
            "mail": mail,
            "language": language,
            "language_name": dict(settings.LANGUAGES)[language],
            "languages": settings.LANGUAGES,
            "own": own,
            "form": form,
            "default_subject": mailtemplates.default_text(mail, mailtemplates.SUBJECT, language),
            "default_body": mailtemplates.default_text(mail, mailtemplates.BODY, language),
            "previews": previews,
        },
    )
