"""The console's forms of online items."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CHANNELS, LANGUAGES, Format, Provider, RatePer, Rehearsal


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
    rehearsal = forms.ChoiceField(
        label=_("Technical rehearsal"), choices=Rehearsal.choices, required=False
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
    unavailable = forms.CharField(
        label=_("Unavailable"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One period a line in the summit's time, e.g. “2020-06-02 09:00 – 2020-06-02 13:00”."
        ),
    )

    def __init__(self, *args, zone=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def clean_unavailable(self) -> list[dict[str, str]]:
        return parse_periods(self.cleaned_data.get("unavailable") or "", self.zone)

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


def parse_periods(text: str, zone) -> list[dict[str, str]]:
    """Lines "YYYY-MM-DD HH:MM – YYYY-MM-DD HH:MM" in ``zone`` as periods in UTC (ISO)."""
    import datetime

    periods = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("–", "/").replace(" - ", "/").split("/")]
        try:
            if len(parts) != 2:
                raise ValueError(line)
            start, end = (
                datetime.datetime.strptime(p, "%Y-%m-%d %H:%M").replace(tzinfo=zone) for p in parts
            )
        except ValueError:
            raise forms.ValidationError(
                _("Write each period as “2020-06-02 09:00 – 2020-06-02 13:00”: “%(line)s” is not."),
                params={"line": line},
            ) from None
        if end <= start:
            raise forms.ValidationError(
                _("The period “%(line)s” ends before it starts."), params={"line": line}
            )
        periods.append(
            {
                "start": start.astimezone(datetime.UTC).isoformat(),
                "end": end.astimezone(datetime.UTC).isoformat(),
            }
        )
    return periods


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=(("ko", _("Korean")), ("en", _("English")))
    )
    name = forms.CharField(label=_("Your name"), max_length=80, required=False)

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if signed_in:
            del self.fields["name"]
        else:
            self.fields["name"].required = True


class PollForm(forms.Form):
    text_ko = forms.CharField(label=_("Question (Korean)"), max_length=300)
    text_en = forms.CharField(label=_("Question (English)"), max_length=300)
    multiple = forms.BooleanField(label=_("Several answers allowed"), required=False)
    options_ko = forms.CharField(
        label=_("Answers (Korean), one a line"), widget=forms.Textarea(attrs={"rows": 4})
    )
    options_en = forms.CharField(
        label=_("Answers (English), one a line, in the same order"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        ko = [t for t in data.get("options_ko", "").splitlines() if t.strip()]
        en = [t for t in data.get("options_en", "").splitlines() if t.strip()]
        if ko and en and len(ko) != len(en):
            raise forms.ValidationError(_("Give as many answers in Korean as in English."))
        data["options_ko"], data["options_en"] = ko, en
        return data


class RecordingForm(forms.Form):
    channel = forms.ChoiceField(label=_("Language channel"), choices=CHANNELS)
    url = forms.URLField(
        label=_("Recording link"),
        max_length=500,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    captions = forms.FileField(
        label=_("Captions or transcript (WebVTT, .vtt)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )


class ChecklistForm(forms.Form):
    time_zone = forms.CharField(
        label=_("Your time zone"),
        max_length=64,
        required=False,
        help_text=_("An IANA zone, for example Europe/Moscow or Asia/Jakarta."),
    )
    zone_label_ko = forms.CharField(label=_("Place (Korean)"), max_length=60, required=False)
    zone_label_en = forms.CharField(label=_("Place (English)"), max_length=60, required=False)
    slides_url = forms.URLField(
        label=_("Link to your slides"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    consent = forms.BooleanField(
        label=_("I consent to being recorded and streamed"), required=False
    )


class RehearsalForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Rehearsal starts"), input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
    )
    ends_at = forms.DateTimeField(
        label=_("Rehearsal ends"), input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
    )
    reminder_hours = forms.IntegerField(
        label=_("Remind the speakers (hours before)"),
        min_value=0,
        max_value=14 * 24,
        initial=24,
        required=False,
        help_text=_(
            "Each speaker is mailed a reminder this long before the rehearsal, in their "
            "language and time zone; 0 sends none."
        ),
    )


class ZoneForm(forms.Form):
    """The time zone a remote participant follows the summit from (empty: the summit's)."""

    time_zone = forms.CharField(
        label=_("Your time zone"),
        max_length=64,
        required=False,
        help_text=_("An IANA zone, for example Europe/Moscow or Asia/Jakarta."),
    )
    zone_label_ko = forms.CharField(label=_("Place (Korean)"), max_length=60, required=False)
    zone_label_en = forms.CharField(label=_("Place (English)"), max_length=60, required=False)
