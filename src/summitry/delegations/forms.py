"""Forms of the delegation pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from summitry.core.bilingual import current_language
from summitry.core.forms import Form, NewAccountForm
from summitry.directory.models import Organisation, OrganisationKind, ProtocolRank

from .models import DelegateRole, DelegationStatus, DietaryNeed


class InviteForm(Form):
    """Invite an organisation of the directory, or one not there yet (added in the same
    step, after a check for likely duplicates)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Or, for one not in the directory yet, fill in the fields below."),
    )
    new_name_en = forms.CharField(label=_("New organisation: name (English)"), required=False)
    new_name_ko = forms.CharField(label=_("New organisation: name (Korean)"), required=False)
    new_kind = forms.ChoiceField(
        label=_("New organisation: kind"),
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    new_country = CountryField(blank=True).formfield(
        label=_("New organisation: country"), required=False
    )
    allow_similar = forms.BooleanField(
        label=_("It is another organisation than the similar ones found"), required=False
    )
    contact_name = forms.CharField(label=_("Contact name"), max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"))
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)

    def clean(self):
        data = super().clean()
        new = data.get("new_name_en") or data.get("new_name_ko")
        if data.get("organisation") and new:
            raise forms.ValidationError(
                _("Choose an organisation of the directory or describe a new one, not both.")
            )
        if not data.get("organisation") and not new:
            raise forms.ValidationError(
                _("Choose an organisation of the directory, or describe a new one.")
            )
        if new and not data.get("new_kind"):
            self.add_error("new_kind", _("Say what kind of organisation it is."))
        return data

    def invitation_data(self) -> dict:
        data = self.cleaned_data
        return {
            "contact_name": data["contact_name"],
            "contact_email": data["contact_email"],
            "language": data["language"],
        }

    def new_organisation(self) -> dict | None:
        data = self.cleaned_data
        if data.get("organisation"):
            return None
        return {
            "name_en": data.get("new_name_en", ""),
            "name_ko": data.get("new_name_ko", ""),
            "kind": data["new_kind"],
            "country": data.get("new_country") or "",
        }


BULK_ACTIONS = [
    ("confirm", _("Confirm")),
    ("decline", _("Mark as declined")),
    ("cancel", _("Cancel")),
    ("resend", _("Send the invitation again (a new link)")),
    ("revoke", _("Withdraw the invitation link")),
    ("message", _("E-mail the contacts")),
    ("export", _("Export (XLSX)")),
]


class BulkForm(Form):
    """What to do with the delegations ticked in the list."""

    action = forms.ChoiceField(label=_("With the chosen delegations"), choices=BULK_ACTIONS)
    subject_ko = forms.CharField(label=_("Subject (Korean)"), required=False, max_length=200)
    subject_en = forms.CharField(label=_("Subject (English)"), required=False, max_length=200)
    body_ko = forms.CharField(
        label=_("Message (Korean)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    body_en = forms.CharField(
        label=_("Message (English)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class ClaimForm(NewAccountForm):
    # The account is made for the address the invitation went to (which the link proves);
    # another address would be unproven, so it is shown, not asked.
    email = forms.EmailField(label=_("Your e-mail (you sign in with it)"), disabled=True)
    field_order = ["name", "email", "password", "password_again"]


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MemberForm(Form):
    """A delegation member. Times are read in the summit's time zone (the page activates it)."""

    role = forms.ChoiceField(label=_("Role"), choices=DelegateRole.choices)
    given_name = forms.CharField(
        label=_("Given name (Latin script)"), max_length=100, required=False
    )
    family_name = forms.CharField(
        label=_("Family name (Latin script)"), max_length=100, required=False
    )
    name_hangul = forms.CharField(label=_("Name in Korean script"), max_length=100, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    protocol_rank = forms.TypedChoiceField(
        label=_("Protocol rank"),
        choices=ProtocolRank.choices,
        coerce=int,
        initial=ProtocolRank.OTHER,
        required=False,
        empty_value=ProtocolRank.OTHER,
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    arrival_at = forms.DateTimeField(
        label=_("Arrival"),
        required=False,
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    arrival_flight = forms.CharField(label=_("Arrival flight"), max_length=20, required=False)
    departure_at = forms.DateTimeField(
        label=_("Departure"),
        required=False,
        widget=LocalDateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    departure_flight = forms.CharField(label=_("Departure flight"), max_length=20, required=False)
    hotel = forms.CharField(label=_("Hotel"), max_length=200, required=False)
    interpretation_language = forms.ChoiceField(
        label=_("Interpretation language"),
        choices=[("", "—"), *settings.LANGUAGES],
        required=False,
    )
    badge_photo = forms.FileField(
        label=_("Badge photo"), required=False, help_text=_("A JPEG or PNG portrait, at most 5 MB.")
    )
    dietary_needs = forms.ChoiceField(
        label=_("Dietary needs"), choices=[("", "—"), *DietaryNeed.choices], required=False
    )
    dietary_notes = forms.CharField(
        label=_("Dietary notes"),
        max_length=200,
        required=False,
        help_text=_("Allergies and other details for the caterer."),
    )
    access_needs = forms.CharField(label=_("Access needs"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if not (data.get("given_name") or data.get("family_name") or data.get("name_hangul")):
            raise forms.ValidationError(
                _("Give the person's name in Latin script, in Korean script, or both.")
            )
        return data

    def service_data(self) -> dict:
        """The cleaned data as the services take it; the position in the page's language."""
        data = dict(self.cleaned_data)
        data["position"] = {current_language(): data.pop("position", "")}
        if not data.get("badge_photo"):
            data.pop("badge_photo", None)  # no new photo: keep the one there is
        return data


class ImportForm(Form):
    file = forms.FileField(label=_("CSV file"))
    invite = forms.BooleanField(
        label=_("Send an invitation to each contact"), required=False, initial=True
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class StatusForm(Form):
    status = forms.ChoiceField(label=_("New status"), choices=DelegationStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class ReminderForm(Form):
    enabled = forms.BooleanField(label=_("Send registration deadline reminders"), required=False)
    days_before = forms.CharField(
        label=_("Days before the deadline"),
        max_length=60,
        required=False,
        help_text=_("Whole numbers separated by commas, e.g. 14, 7, 1."),
    )

    def clean_days_before(self) -> list[int]:
        text = self.cleaned_data["days_before"]
        parts = [p.strip() for p in text.replace("，", ",").split(",") if p.strip()]
        if not all(p.isdigit() for p in parts):
            raise forms.ValidationError(_("Give whole numbers of days, separated by commas."))
        return [int(p) for p in parts]
