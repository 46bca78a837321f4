"""The press room's forms: a release (both languages side by side), a contact, a journalist's
application, a staff decision. Times are typed in the summit's zone (the page activates it)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from summitry.core.forms import Form
from summitry.core.timezones import utc_offset_label
from summitry.programme.forms import ZonedDateTimeField

from .models import Audience, Edition


def _both(name: str, label, *, textarea=False, required=False, rows=4, help_text=""):
    fields = {}
    for lang, language in settings.LANGUAGES:
        widget = forms.Textarea(attrs={"rows": rows, "lang": lang}) if textarea else None
        field = forms.CharField(
            label=f"{label} ({language})", required=required, widget=widget, help_text=help_text
        )
        if not textarea:
            field.widget.attrs["lang"] = lang
        fields[f"{name}_{lang}"] = field
    return fields


class ReleaseForm(Form):
    def __init__(self, *args, summit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_both("headline", _("Headline")))
        self.fields.update(
            _both(
                "summary",
                _("Summary bullets"),
                textarea=True,
                help_text=_("One bullet per line."),
            )
        )
        self.fields.update(
            _both(
                "body",
                _("Body"),
                textarea=True,
                rows=12,
                help_text=_(
                    "HTML: paragraphs, lists, emphasis, links. Cite figures as "
                    "{{ counts.foreign_cities }}, {{ counts.countries }}, "
                    "{{ counts.organisations }}, {{ counts.people }}."
                ),
            )
        )
        self.fields.update(_both("department", _("Department")))
        self.fields["original_language"] = forms.ChoiceField(
            label=_("Written in"),
            choices=settings.LANGUAGES,
            help_text=_("The other version is marked as a translation."),
        )
        self.fields["edition_date"] = forms.DateField(
            label=_("Edition date"), widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["edition"] = forms.ChoiceField(label=_("Edition"), choices=Edition.choices)
        self.fields["embargo_at"] = ZonedDateTimeField(label=_("Embargo"))
        if summit is not None:
            self.fields["embargo_at"].help_text = _(
                "May be reported from this instant on, in the summit's time zone "
                "(%(zone)s, %(offset)s)."
            ) % {"zone": summit.time_zone, "offset": utc_offset_label(summit.time_zone)}
        self.fields["figures_as_of"] = forms.DateField(
            label=_("Figures as registered on"),
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}),
            help_text=_("Empty: the day of approval."),
        )
        self.fields["photos_enclosed"] = forms.BooleanField(
            label=_("Photos enclosed"), required=False
        )
        self.fields["page_count"] = forms.IntegerField(
            label=_("Pages"), required=False, min_value=1
        )


class ContactForm(Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=None)
    title_ko = forms.CharField(label=pgettext_lazy("job", "Title (Korean)"), required=False)
    title_en = forms.CharField(label=pgettext_lazy("job", "Title (English)"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


class AccreditationForm(Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    outlet = forms.CharField(label=_("Outlet"), max_length=200)
    role = forms.CharField(
        label=_("Role"), max_length=120, help_text=_("For example reporter, photographer.")
    )
    country = CountryField().formfield(label=_("Country"))
    language = forms.ChoiceField(label=_("Language for messages"), choices=settings.LANGUAGES)
    press_card = forms.FileField(
        label=_("Press card"), help_text=_("A PDF, PNG or JPEG file of at most 5 MB.")
    )


class DecisionForm(Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason_ko = forms.CharField(label=_("Reason (Korean)"), required=False)
    reason_en = forms.CharField(label=_("Reason (English)"), required=False)


class MailingForm(Form):
    """A new mailing: a released press release or a free message, to chosen lists."""

    release = forms.ModelChoiceField(
        label=_("Press release"),
        queryset=None,
        required=False,
        empty_label=_("None: a free mailing (subject and message below)"),
    )
    audiences = forms.MultipleChoiceField(
        label=pgettext_lazy("mailing", "To"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    delegation_statuses = forms.MultipleChoiceField(
        label=_("Delegations in status"),
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "For delegations' contacts and heads of delegation; none chosen: all but those "
            "declined or cancelled."
        ),
    )
    saved_list = forms.ModelChoiceField(
        label=_("Saved list"),
        queryset=None,
        required=False,
        help_text=_("For “A saved list”."),
    )

    def __init__(self, *args, releases=None, lists=None, **kwargs):
        from summitry.delegations.models import DelegationStatus

        super().__init__(*args, **kwargs)
        self.fields["release"].queryset = releases
        self.fields["saved_list"].queryset = lists
        self.fields["delegation_statuses"].choices = DelegationStatus.choices
        self.fields.update(_both("subject", _("Subject")))
        self.fields.update(_both("message", _("Message"), textarea=True, rows=8))
        for lang, _language in settings.LANGUAGES:
            self.fields[f"subject_{lang}"].help_text = _("Only for a free mailing.")


class TemplateForm(Form):
    def __init__(self, *args, placeholders=(), **kwargs):
        super().__init__(*args, **kwargs)
        known = ", ".join("{{ " + name + " }}" for name in placeholders)
        self.fields.update(_both("subject", _("Subject"), required=True, help_text=known))
        self.fields.update(
            _both("body", _("Body"), textarea=True, rows=10, required=True, help_text=known)
        )


class SubscribeForm(Form):
    email = forms.EmailField(label=_("E-mail"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class AttachmentForm(Form):
    file = forms.FileField(
        label=_("File"), help_text=_("A photo (PNG, JPEG) or a PDF, at most 10 MB.")
    )
    caption_ko = forms.CharField(label=_("Caption (Korean)"), required=False, max_length=300)
    caption_en = forms.CharField(label=_("Caption (English)"), required=False, max_length=300)
    credit = forms.CharField(label=_("Credit"), required=False, max_length=200)


class TestSendForm(Form):
    language = forms.ChoiceField(
        label=_("Language"),
        choices=(("", _("Both languages")), *settings.LANGUAGES),
        required=False,
    )


class BounceForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class SavedListForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class ListEntriesForm(Form):
    addresses = forms.CharField(
        label=_("Addresses"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One a line: e-mail, name, language (ko or en); name and language optional."),
    )


class CoverageForm(Form):
    outlet = forms.CharField(label=_("Outlet"), max_length=200)
    headline = forms.CharField(label=_("Headline"), max_length=300)
    published_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    url = forms.URLField(
        label=_("Address (URL)"), max_length=500, required=False, assume_scheme="https"
    )
    language = forms.CharField(
        label=_("Language"),
        max_length=20,
        help_text=_("The language of the article, for example ko, en, ja."),
    )
    reach = forms.IntegerField(
        label=_("Reach"),
        min_value=0,
        required=False,
        help_text=_("Readers, viewers or listeners, if known."),
    )
