"""The console's forms of online items."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CHANNELS, LANGUAGES, Format, Provider, RatePer


class FormatForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    floor_language = forms.ChoiceField(label=_("Floor language"), choices=LANGUAGES)
    provider = forms.ChoiceField(
        label=_("Video service"), choices=[("", "—"), *Provider.choices], required=False
    )
    join_url = forms.URLField(
        label=_("Video room link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
        help_text=_(
            "Shown only to the item's speakers, interpreters, registered attendees and staff."
        ),
    )
    opens_minutes = forms.IntegerField(
        label=_("Room opens (minutes before the start)"), min_value=0, max_value=1440, initial=30
    )


class StreamForm(forms.Form):
    channel = forms.ChoiceField(label=_("Language channel"), choices=CHANNELS)
    url = forms.URLField(
        label=_("Stream link"),
        max_length=500,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )


class InterpreterForm(forms.Form):
    given_name = forms.CharField(
        label=_("Given name (Latin script)"), max_length=100, required=False
    )
    family_name = forms.CharField(
        label=_("Family name (Latin script)"), max_length=100, required=False
    )
    name_hangul = forms.CharField(label=_("Name in Korean script"), max_length=100, required=False)
    languages = forms.CharField(
        label=_("Languages and classes"),
        max_length=200,
        help_text=_("Codes with AIIC classes, e.g. “ko A, en B, ja C”."),
    )
    works_into_b = forms.BooleanField(label=_("Works into B"), required=False, initial=True)
    daily_max_minutes = forms.IntegerField(
        label=_("Daily maximum (minutes)"), min_value=30, max_value=720, initial=360
    )
    rate = forms.IntegerField(label=_("Rate"), min_value=0, initial=0)
    rate_per = forms.ChoiceField(label=_("Rate per"), choices=RatePer.choices)

    def clean(self):
        data = super().clean()
        if not any(
            (data.get(k) or "").strip() for k in ("given_name", "family_name", "name_hangul")
        ):
            self.add_error(
                "family_name", _("Give the interpreter's name in Latin or Korean script.")
            )
        return data


class AssignForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Item"), coerce=int, choices=())
    channel = forms.ChoiceField(label=_("Booth"), choices=LANGUAGES)
    interpreter = forms.TypedChoiceField(label=_("Interpreter"), coerce=int, choices=())
    via = forms.ChoiceField(
        label=_("Relay from"), choices=[("", _("the floor (direct)")), *LANGUAGES], required=False
    )

    def __init__(self, *args, items=(), interpreters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(o.item_id, str(o.item)) for o in items]
        self.fields["interpreter"].choices = [(i.pk, f"{i} ({i.pairs()})") for i in interpreters]
