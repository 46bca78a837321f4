"""Forms of investor relations: the staff's session, company and investor forms, and the
participants' request, answer and follow-up forms. Bilingual fields come in pairs (_ko, _en)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from summitry.core.forms import Form
from summitry.core.text import apply_to_form_field

from .forms import _pair
from .ir_models import Attendance, Outcome, PitchMode, Sector, Stage, TicketSize

LOCAL = {"type": "datetime-local"}


def _checkboxes(choices, label, *, required: bool = False) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices, required=required, label=label, widget=forms.CheckboxSelectMultiple
    )


def _ticket_size() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=[("", "—"), *TicketSize.choices], required=False, label=_("Ticket size")
    )


class SessionForm(Form):
    meetings_start = forms.DateTimeField(
        label=_("One-to-one meetings from"), widget=forms.DateTimeInput(attrs=LOCAL)
    )
    meetings_end = forms.DateTimeField(
        label=_("One-to-one meetings until"), widget=forms.DateTimeInput(attrs=LOCAL)
    )
    meeting_minutes = forms.IntegerField(
        label=_("Minutes per meeting"), min_value=5, max_value=240, initial=20
    )
    tables = forms.IntegerField(label=_("Tables"), min_value=1, max_value=200, initial=5)


class NewSessionForm(SessionForm):
    field_order = ["item"]

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"] = forms.ModelChoiceField(
            queryset=items, label=_("Programme item"), empty_label=None
        )
        self.order_fields(["item", "meetings_start", "meetings_end", "meeting_minutes", "tables"])
        apply_to_form_field(self.fields["item"])


class CompanyForm(Form):
    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            queryset=organisations, label=_("Company")
        )
        self.fields["user_email"] = forms.EmailField(
            required=False,
            label=_("Account of the company (e-mail)"),
            help_text=_("Whoever signs in with it answers the company's meeting requests."),
        )
        self.fields["contact_slug"] = forms.SlugField(
            required=False,
            label=_("Person pitching (short identifier in the directory)"),
            help_text=_("The scheduler keeps their meetings clear of their programme commitments."),
        )
        fields: dict = {}
        _pair(fields, "summary", _("Summary"), textarea=True)
        self.fields.update(fields)
        self.fields["sectors"] = _checkboxes(Sector.choices, _("Sectors"))
        self.fields["stage"] = forms.ChoiceField(
            choices=[("", "—"), *Stage.choices], required=False, label=_("Stage")
        )
        self.fields["pitch_minutes"] = forms.IntegerField(
            label=_("Minutes per pitch"), min_value=1, max_value=120, initial=5
        )
        self.fields["mode"] = forms.ChoiceField(choices=PitchMode.choices, label=_("Pitch"))
        self.fields["deck"] = forms.FileField(
            required=False, label=_("Pitch deck (PDF)"),
            widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        )  # fmt: skip
        for field in self.fields.values():
            apply_to_form_field(field)


class InvestorForm(Form):
    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"] = forms.ModelChoiceField(
            queryset=organisations, required=False, label=_("Organisation")
        )
        apply_to_form_field(self.fields["organisation"])
        self.order_fields(["name", "organisation", "person_slug", "user_email"])

    name = forms.CharField(label=_("Name"), max_length=200)
    person_slug = forms.SlugField(
        required=False,
        label=_("Person (short identifier in the directory)"),
        help_text=_("The scheduler keeps their meetings clear of their programme commitments."),
    )
    user_email = forms.EmailField(
        required=False,
        label=_("Account of the investor (e-mail)"),
        help_text=_("Whoever signs in with it asks for meetings and sees the schedule."),
    )
    sectors = _checkboxes(Sector.choices, _("Sectors"))
    stages = _checkboxes(Stage.choices, _("Stages"))
    ticket_size = _ticket_size()
    notes_ko = forms.CharField(
        required=False, label=_("Notes (Korean)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    notes_en = forms.CharField(
        required=False, label=_("Notes (English)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RequestForm(Form):
    message = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FollowUpForm(Form):
    outcome = forms.ChoiceField(choices=Outcome.choices, label=_("Outcome"))
    next_step = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Next step"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AttendanceForm(Form):
    investor = forms.ChoiceField(choices=Attendance.choices, required=False, label=_("Investor"))
    company = forms.ChoiceField(choices=Attendance.choices, required=False, label=_("Company"))


class InvestorSignUpForm(Form):
    """An investor signs up for an IR session: name and firm, interests, a profile in
    either language."""

    name = forms.CharField(
        label=_("Your name and firm"),
        max_length=200,
        help_text=_("For example Ana Kim, Seoul Ventures."),
    )
    sectors = _checkboxes(Sector.choices, _("Sectors you invest in"), required=True)
    stages = _checkboxes(Stage.choices, _("Stages"))
    ticket_size = _ticket_size()
    profile_ko = forms.CharField(
        label=_("Profile (Korean)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
    profile_en = forms.CharField(
        label=_("Profile (English)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip
