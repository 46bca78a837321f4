"""Forms of the judging pages."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from summitry.core.forms import Form

from .models import Method, Source, Verdict

LANGUAGE_CHOICES = [("ko", _("Korean")), ("en", _("English"))]


class ProfileForm(Form):
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"), required=False, widget=forms.CheckboxSelectMultiple
    )
    other_expertise = forms.CharField(
        label=_("Other expertise"),
        required=False,
        help_text=_("Further tags, separated by commas."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you judge in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    conflict_organisations = forms.CharField(
        label=_("Organisations you are in conflict with"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: your employer, clients, family members' organisations."),
    )

    def __init__(self, *args, expertise_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expertise"].choices = list(expertise_choices)

    def service_data(self) -> dict:
        data = self.cleaned_data
        other = [t.strip() for t in data["other_expertise"].split(",") if t.strip()]
        return {
            "expertise": list(data["expertise"]) + other,
            "languages": list(data["languages"]),
            "conflict_organisations": data["conflict_organisations"].splitlines(),
        }


class ConflictForm(Form):
    reason = forms.CharField(
        label=_("What is the conflict?"), widget=forms.Textarea(attrs={"rows": 2})
    )


class RoundForm(Form):
    award = forms.TypedChoiceField(label=_("Award"), coerce=int)
    name_ko = forms.CharField(label=_("Name (Korean)"), required=False, max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), required=False, max_length=200)
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    source = forms.ChoiceField(label=_("Applications"), choices=Source.choices)
    method = forms.ChoiceField(label=_("Scoring method"), choices=Method.choices)
    judges_per_application = forms.IntegerField(
        label=_("Judges per application"), min_value=1, initial=3
    )
    max_load = forms.IntegerField(label=_("Load limit per judge"), min_value=1, initial=30)
    same_organisation = forms.BooleanField(
        label=_("Conflict: same organisation"), required=False, initial=True
    )
    same_city = forms.BooleanField(label=_("Conflict: same city"), required=False, initial=True)
    same_country = forms.BooleanField(label=_("Conflict: same country"), required=False)
    is_final = forms.BooleanField(label=_("Final round (decides the winners)"), required=False)
    criteria = forms.CharField(
        label=_("Criteria of the rubric"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One a line: English name | Korean name | weight | scale, e.g. Impact | 영향 | 3 | 10."
        ),
    )

    def __init__(self, *args, awards=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].choices = [(a.pk, str(a)) for a in awards]
        now = timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
        self.fields["opens_at"].initial = now
        self.fields["closes_at"].initial = now + datetime.timedelta(days=14)

    def clean_criteria(self) -> list[dict]:
        criteria = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            try:
                name_en, name_ko = parts[0], parts[1] if len(parts) > 1 else ""
                weight = int(parts[2]) if len(parts) > 2 and parts[2] else 1
                scale = int(parts[3]) if len(parts) > 3 and parts[3] else 10
            except ValueError:
                raise forms.ValidationError(
                    _("Line %(number)s: weight and scale are whole numbers.") % {"number": number}
                ) from None
            criteria.append(
                {"name_en": name_en, "name_ko": name_ko, "weight": weight, "scale": scale}
            )
        return criteria

    def service_data(self) -> tuple[dict, list[dict]]:
        data = dict(self.cleaned_data)
        data.pop("award")
        criteria = data.pop("criteria")
        return data, criteria


class ChangeForm(Form):
    kind = forms.ChoiceField(
        label=_("Change"),
        choices=[
            ("replace", _("Replace a judge")),
            ("move", _("Move a judge to another application")),
            ("swap", _("Swap two judges")),
            ("add", _("Add a judge")),
            ("remove", _("Remove a judge")),
        ],
    )
    application = forms.TypedChoiceField(label=_("Application"), coerce=int)
    judge = forms.TypedChoiceField(label=_("Judge"), coerce=int, required=False, empty_value=None)
    new_judge = forms.TypedChoiceField(
        label=_("New judge"), coerce=int, required=False, empty_value=None
    )
    other_application = forms.TypedChoiceField(
        label=_("Other application"), coerce=int, required=False, empty_value=None
    )
    other_judge = forms.TypedChoiceField(
        label=_("Other judge"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, applications=(), judges=(), **kwargs):
        super().__init__(*args, **kwargs)
        apps = [(a.pk, f"{a} · {a.applicant_name}") for a in applications]
        people = [("", "—")] + [(j.pk, str(j)) for j in judges]
        self.fields["application"].choices = apps
        self.fields["other_application"].choices = [("", "—"), *apps]
        for name in ("judge", "new_judge", "other_judge"):
            self.fields[name].choices = people


class ShortlistForm(Form):
    top = forms.IntegerField(label=_("Top N per category"), min_value=1, required=False)
    threshold = forms.FloatField(
        label=_("Or: normalised score at least"), min_value=0, max_value=100, required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("top") is None and data.get("threshold") is None:
            raise forms.ValidationError(_("Give a number per category or a threshold."))
        return data


class WinnersForm(Form):
    top = forms.IntegerField(label=_("Winners per category"), min_value=1, required=False)
    applications = forms.TypedMultipleChoiceField(
        label=_("Or choose the winners"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, applications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(a.pk, str(a)) for a in applications]

    def clean(self):
        data = super().clean()
        if data.get("top") is None and not data.get("applications"):
            raise forms.ValidationError(_("Give a number per category or choose the winners."))
        return data


VERDICT_CHOICES = Verdict.choices
