"""The subscription form of the console."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import catalogue


class SubscriptionForm(forms.Form):
    name_ko = forms.CharField(label=_("Name (Korean)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Name (English)"), max_length=120, required=False)
    url = forms.URLField(
        label=_("Address (URL)"),
        max_length=500,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
        help_text=_("Summitry POSTs each event to this address as JSON, signed with the secret."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = catalogue.choices()

    def clean(self):
        data = super().clean()
        if not (data.get("name_ko") or "").strip() and not (data.get("name_en") or "").strip():
            self.add_error("name_en", _("Give a name in Korean or in English."))
        return data

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": {"ko": data["name_ko"], "en": data["name_en"]},
            "url": data["url"],
            "events": data["events"],
        }
