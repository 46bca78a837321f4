"""The console's programme forms: an item, its people, a talk added to a session. Times are
typed and shown in the summit's time zone (the console activates it) and say so."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from summitry.core.bilingual import localise
from summitry.core.forms import Form
from summitry.core.scoping import in_summit
from summitry.core.text import apply_to_form_field
from summitry.core.timezones import utc_offset_label
from summitry.summits import queries as summit_queries

from . import queries
from .models import ItemRole, ProgrammeItem
from .services import descendants

INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time typed in the active zone (the summit's), as the browser's
    ``datetime-local`` field sends it."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", INPUT_FORMATS)
        super().__init__(**kwargs)


def zone_help(summit) -> str:
    return _("In the summit's time zone (%(zone)s, %(offset)s).") % {
        "zone": summit.time_zone,
        "offset": utc_offset_label(summit.time_zone),
    }


def _label_times(form, summit, names) -> None:
    for name in names:
        form.fields[name].help_text = zone_help(summit)


def item_label(item: ProgrammeItem, zone) -> str:
    """ "09-25 14:00 Forum I": an item in a list to choose from."""
    local = timezone.localtime(item.starts_at, zone)
    return f"{local:%m-%d %H:%M} {localise(item, 'title')}"


def _formfield(field, **kwargs):
    # Web addresses typed without a scheme are taken as https (Django 6's default).
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class ItemForm(forms.ModelForm):
    """Every field of an item staff set in the console; people are a formset beside it."""

    force = forms.BooleanField(
        label=_("Save even though it clashes"),
        required=False,
        help_text=_("The clash report will keep listing the clash until it is resolved."),
    )

    class Meta:
        model = ProgrammeItem
        formfield_callback = _formfield
        fields = [
            "kind",
            "block",
            "title_ko",
            "title_en",
            "description_ko",
            "description_en",
            "theme",
            "parent",
            "starts_at",
            "ends_at",
            "room",
            "place_ko",
            "place_en",
            "address_ko",
            "address_en",
            "map_url",
            "audience",
            "invitees",
            "capacity",
            "signup",
            "signup_deadline",
        ]
        field_classes = {
            "starts_at": ZonedDateTimeField,
            "ends_at": ZonedDateTimeField,
            "signup_deadline": ZonedDateTimeField,
        }
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "invitees": forms.SelectMultiple(attrs={"size": 6}),
        }
        labels = {
            "title_ko": _("Title (Korean)"),
            "title_en": _("Title (English)"),
            "description_ko": _("Description (Korean)"),
            "description_en": _("Description (English)"),
            "place_ko": _("Off-site place (Korean)"),
            "place_en": _("Off-site place (English)"),
            "address_ko": _("Address (Korean)"),
            "address_en": _("Address (English)"),
        }

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.summit = summit
        zone = summit.zone
        for field in self.fields.values():
            apply_to_form_field(field)
        self.fields["title_ko"].required = self.fields["title_en"].required = False
        self.fields["theme"].queryset = summit_queries.themes(summit)
        self.fields["theme"].label_from_instance = lambda t: f"{t.number}. {localise(t, 'title')}"
        self.fields["room"].queryset = summit_queries.rooms(summit)
        self.fields["room"].label_from_instance = lambda r: (
            f"{localise(r.venue, 'name')} · {localise(r, 'name')}"
        )
        self.fields["room"].empty_label = _("No room (off-site or not yet decided)")
        parents = in_summit(ProgrammeItem, summit).order_by("starts_at", "pk")
        if self.instance.pk:
            own = {self.instance.pk, *(d.pk for d in descendants(self.instance))}
            parents = parents.exclude(pk__in=own)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda i: item_label(i, zone)
        self.fields["parent"].empty_label = _("None: on the grid itself")
        self.fields["invitees"].queryset = queries.invitee_choices(summit)
        self.fields["invitees"].required = False
        for name in ("starts_at", "ends_at", "signup_deadline"):
            label = self.fields[name].label
            self.fields[name].label = _("%(label)s (%(zone)s)") % {
                "label": label[:1].upper() + label[1:],
                "zone": summit.time_zone,
            }
        _label_times(self, summit, ("starts_at", "ends_at", "signup_deadline"))

    def clean(self):
        data = super().clean()
        if not (data.get("title_ko") or data.get("title_en")):
            self.add_error("title_ko", _("Give the item a title in Korean or English."))
        return data


class PersonForm(Form):
    """A person with a role in the item (a speaker with their talk's title)."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=None, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ItemRole.choices, initial=ItemRole.SPEAKER)
    presentation_title_ko = forms.CharField(
        label=_("Talk's title (Korean)"), max_length=300, required=False
    )
    presentation_title_en = forms.CharField(
        label=_("Talk's title (English)"), max_length=300, required=False
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = _("(nobody)")

    def entry(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("person") or data.get("DELETE"):
            return None
        return {
            "person": data["person"],
            "role": data["role"],
            "presentation_title": {
                "ko": data.get("presentation_title_ko", ""),
                "en": data.get("presentation_title_en", ""),
            },
        }


PeopleFormSet = forms.formset_factory(PersonForm, extra=2, can_delete=True, max_num=60)


def people_formset(data, *, summit, user, item: ProgrammeItem | None):
    initial = (
        [
            {
                "person": role.person_id,
                "role": role.role,
                "presentation_title_ko": role.presentation_title_ko or "",
                "presentation_title_en": role.presentation_title_en or "",
            }
            for role in item.people.all()
        ]
        if item is not None and item.pk
        else []
    )
    return PeopleFormSet(
        data,
        initial=initial,
        prefix="people",
        form_kwargs={"people": queries.speaker_choices(summit, user)},
    )


class TalkForm(Form):
    """A talk added to a session in place: its title, time, speaker and the talk's title."""

    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    starts_at = ZonedDateTimeField(label=_("Starts"))
    ends_at = ZonedDateTimeField(label=_("Ends"))
    speaker = forms.ModelChoiceField(label=_("Speaker"), queryset=None, required=False)
    presentation_title_ko = forms.CharField(
        label=_("Talk's title (Korean)"), max_length=300, required=False
    )
    presentation_title_en = forms.CharField(
        label=_("Talk's title (English)"), max_length=300, required=False
    )

    def __init__(self, *args, summit, user, **kwargs):
        super().__init__(*args, prefix="talk", **kwargs)
        self.fields["speaker"].queryset = queries.speaker_choices(summit, user)
        self.fields["speaker"].empty_label = _("(to be announced)")
        for name in ("starts_at", "ends_at"):
            self.fields[name].label = _("%(label)s (%(zone)s)") % {
                "label": self.fields[name].label,
                "zone": summit.time_zone,
            }
        _label_times(self, summit, ("starts_at", "ends_at"))

    def clean(self):
        data = super().clean()
        if not (data.get("title_ko") or data.get("title_en")):
            self.add_error("title_ko", _("Give the talk a title in Korean or English."))
        return data
