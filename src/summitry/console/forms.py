"""Forms of the console: teams, invitations, the summit's settings."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from summitry.core import registry
from summitry.core.forms import Form, NewAccountForm
from summitry.summits.models import Summit, SummitFormat, SummitStatus


class TeamForm(Form):
    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    permissions = forms.MultipleChoiceField(
        label=_("What the team may do"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permissions"].choices = [
            (p.code, f"{p.label} — {p.description}" if p.description else p.label)
            for p in registry.permissions()
        ]

    def clean(self):
        data = super().clean()
        if not (data.get("name_ko") or data.get("name_en")):
            raise forms.ValidationError(_("Give the team a name in Korean or English."))
        return data


class InviteForm(Form):
    email = forms.EmailField(label=_("Colleague's e-mail"))
    language = forms.ChoiceField(
        label=_("Language of the e-mail"), choices=settings.LANGUAGES, initial="ko"
    )


class JoinForm(NewAccountForm):
    """A new account for the invited address, to join the team."""


class ZonedDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SettingsForm(Form):
    """The summit's own settings; times are read and written in the summit's time zone."""

    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    theme_ko = forms.CharField(label=_("Theme (Korean)"), max_length=300, required=False)
    theme_en = forms.CharField(label=_("Theme (English)"), max_length=300, required=False)
    description_ko = forms.CharField(
        label=_("Description (Korean)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time_zone = forms.CharField(label=_("Time zone"), max_length=64)
    format = forms.ChoiceField(label=_("Format"), choices=SummitFormat.choices)
    status = forms.ChoiceField(label=_("Status"), choices=SummitStatus.choices)
    capacity = forms.IntegerField(label=_("Capacity (people)"), required=False, min_value=1)
    registration_deadline = forms.DateTimeField(
        label=_("Registration deadline"),
        required=False,
        widget=ZonedDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    FIELDS = (
        "name_ko",
        "name_en",
        "theme_ko",
        "theme_en",
        "description_ko",
        "description_en",
        "start_date",
        "end_date",
        "time_zone",
        "format",
        "status",
        "capacity",
        "registration_deadline",
    )

    def __init__(self, *args, summit: Summit, **kwargs):
        self.summit = summit
        initial = {name: getattr(summit, name) for name in self.FIELDS}
        if summit.registration_deadline:
            initial["registration_deadline"] = timezone.localtime(
                summit.registration_deadline, summit.zone
            ).replace(tzinfo=None)
        super().__init__(*args, initial=initial, **kwargs)
        zone = summit.time_zone
        self.fields["registration_deadline"].help_text = _(
            "In the summit's time zone (%(zone)s)."
        ) % {"zone": zone}

    def clean_registration_deadline(self):
        value = self.cleaned_data.get("registration_deadline")
        if value is None:
            return None
        naive = value.replace(tzinfo=None) if timezone.is_aware(value) else value
        zone = self.summit.zone
        return datetime.datetime.combine(naive.date(), naive.time(), tzinfo=zone)

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}
