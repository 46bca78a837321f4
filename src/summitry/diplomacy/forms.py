"""Forms of the diplomacy pages; the services do the real checking."""

from __future__ import annotations

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from summitry.core.forms import Form

from .models import (
    MEETING_LANGUAGES,
    AgreementKind,
    AgreementStatus,
    GiftDirection,
    PrecedenceRule,
    Priority,
)


def slot_choices(slot_list) -> list[tuple[str, str]]:
    return [
        (
            s.start.isoformat(),
            f"{timezone.localtime(s.start):%m-%d %H:%M}–{timezone.localtime(s.end):%H:%M}",
        )
        for s in slot_list
    ]


def as_times(values: list[str], slot_list) -> list[dict[str, str]]:
    by_start = {s.start.isoformat(): s for s in slot_list}
    return [
        {"start": by_start[v].start.isoformat(), "end": by_start[v].end.isoformat()}
        for v in values
        if v in by_start
    ]


class RequestForm(Form):
    requester = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    counterpart = forms.TypedChoiceField(label=_("Meeting with"), coerce=int)
    topic_ko = forms.CharField(label=_("Topic (Korean)"), max_length=300, required=False)
    topic_en = forms.CharField(label=_("Topic (English)"), max_length=300, required=False)
    attendees = forms.TypedMultipleChoiceField(
        label=_("Who attends"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    requester_language = forms.ChoiceField(label=_("Our language"), choices=MEETING_LANGUAGES)
    counterpart_language = forms.ChoiceField(
        label=_("Their language"), choices=MEETING_LANGUAGES, initial="ko"
    )
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.LOW
    )
    preferred = forms.MultipleChoiceField(
        label=_("Preferred times"), required=False, widget=forms.CheckboxSelectMultiple
    )
    impossible = forms.MultipleChoiceField(
        label=_("Impossible times"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, sides, parties, people, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requester"].choices = [(o.pk, str(o)) for o in sides]
        self.fields["counterpart"].choices = [(o.pk, str(o)) for o in parties]
        self.fields["attendees"].choices = [(p.pk, str(p)) for p in people]
        choices = slot_choices(slots)
        self.fields["preferred"].choices = choices
        self.fields["impossible"].choices = choices
        if len(sides) == 1:
            self.fields["requester"].widget = forms.HiddenInput()
            self.fields["requester"].initial = sides[0].pk

    def clean(self):
        data = super().clean()
        if not (data.get("topic_ko") or data.get("topic_en")):
            raise forms.ValidationError(_("Give the topic in Korean, in English, or both."))
        return data


class AnswerForm(Form):
    answer = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            ("accept", _("Accept")),
            ("decline", _("Decline")),
            ("propose", _("Propose other times")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    attendees = forms.TypedMultipleChoiceField(
        label=_("Who attends for us"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    times = forms.MultipleChoiceField(
        label=_("Times we propose"), required=False, widget=forms.CheckboxSelectMultiple
    )
    impossible = forms.MultipleChoiceField(
        label=_("Times we cannot meet"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, people, slots, proposal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = [(p.pk, str(p)) for p in people]
        choices = slot_choices(slots)
        self.fields["times"].choices = choices
        self.fields["impossible"].choices = choices
        if proposal:
            self.fields["answer"].choices = [("accept", _("Accept")), ("decline", _("Decline"))]
            for name in ("times", "impossible"):
                del self.fields[name]


class MoveForm(Form):
    starts_at = forms.ChoiceField(label=_("Time"))
    room = forms.TypedChoiceField(label=_("Room"), coerce=int)

    def __init__(self, *args, slots, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].choices = slot_choices(slots)
        self.fields["room"].choices = [(r.pk, str(r)) for r in rooms]


class GiftForm(Form):
    direction = forms.ChoiceField(label=_("Given or received"), choices=GiftDirection.choices)
    counterpart = forms.TypedChoiceField(label=_("Counterpart"), coerce=int)
    description_ko = forms.CharField(label=_("Description (Korean)"), required=False)
    description_en = forms.CharField(label=_("Description (English)"), required=False)
    value = forms.DecimalField(label=_("Value (KRW)"), required=False, min_value=0)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    kept_at = forms.CharField(label=_("Where it is kept"), required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterpart"].choices = [(o.pk, str(o)) for o in parties]


class AgreementForm(Form):
    partner = forms.TypedChoiceField(label=_("Partner city"), coerce=int)
    kind = forms.ChoiceField(label=_("Type"), choices=AgreementKind.choices)
    title_ko = forms.CharField(label=_("Title (Korean)"), required=False)
    title_en = forms.CharField(label=_("Title (English)"), required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [(o.pk, str(o)) for o in parties]


class StepForm(Form):
    to = forms.ChoiceField(label=_("New status"))
    council_resolution = forms.CharField(
        label=_("Council resolution"), required=False, max_length=200
    )
    signed_on = forms.DateField(
        label=_("Date of signing"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, AgreementStatus(s).label) for s in statuses]


class DocumentForm(Form):
    language = forms.ChoiceField(label=_("Language"), choices=MEETING_LANGUAGES)
    file = forms.FileField(label=_("File (PDF, DOCX or HWP)"))


class CeremonyForm(Form):
    starts_at = forms.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    room = forms.TypedChoiceField(label=_("Room"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [("", "—")] + [(r.pk, str(r)) for r in rooms]


WINDOW_LINE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$")


def windows_as_text(windows: list[dict]) -> str:
    return "\n".join(f"{w['date']} {w['start']}-{w['end']}" for w in windows)


class SettingsForm(Form):
    """The officer's settings for bilateral meetings; the windows one per line."""

    meeting_minutes = forms.IntegerField(
        label=_("Meeting length (minutes)"), min_value=10, max_value=240
    )
    windows = forms.CharField(
        label=_("Time windows for bilateral meetings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "2023-09-25 09:00-12:00"}),
        help_text=_("One per line: the date, then the start and end in the summit's time zone."),
    )
    rooms = forms.TypedMultipleChoiceField(
        label=_("Rooms for bilateral meetings"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    precedence_rule = forms.ChoiceField(
        label=_("Order of precedence"), choices=PrecedenceRule.choices
    )
    rotation_letter = forms.RegexField(
        label=_("Rotation starts at letter"),
        regex=r"^[A-Za-z]$",
        initial="A",
        error_messages={"invalid": _("Give one letter, A to Z.")},
        help_text=_("For the rotation rule: the English initial that goes first."),
    )

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rooms"].choices = [(r.pk, str(r)) for r in rooms]

    def clean_windows(self) -> list[dict[str, str]]:
        windows = []
        for number, line in enumerate(self.cleaned_data["windows"].splitlines(), start=1):
            if not line.strip():
                continue
            found = WINDOW_LINE.match(line.strip())
            if not found:
                raise forms.ValidationError(
                    _("Line %(number)s: write a window as 2023-09-25 09:00-12:00.")
                    % {"number": number}
                )
            day, start, end = found.groups()
            windows.append({"date": day, "start": start.zfill(5), "end": end.zfill(5)})
        return windows


class InterpreterForm(Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    language_a = forms.ChoiceField(label=_("Language"), choices=MEETING_LANGUAGES, initial="en")
    language_b = forms.ChoiceField(
        label=_("Other language"), choices=MEETING_LANGUAGES, initial="ko"
    )
