"""Forms of the award pages: they parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from summitry.core.bilingual import localise
from summitry.core.forms import Form, NewAccountForm

from .models import ApplicantKind, Eligibility, QuestionKind


class SignUpForm(NewAccountForm):
    email = forms.EmailField(label=_("Your e-mail (you sign in with it)"))
    field_order = ["name", "email", "password", "password_again"]


class ApplicantForm(Form):
    """Who applies, in which category, and the title of the application."""

    category = forms.TypedChoiceField(label=_("Category"), coerce=int)
    applicant_kind = forms.ChoiceField(label=_("Applicant kind"), choices=ApplicantKind.choices)
    applicant_name = forms.CharField(
        label=_("Name of the city, company or institution"), max_length=200
    )
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"))
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=300, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    language = forms.ChoiceField(
        label=_("Language of the application"),
        choices=settings.LANGUAGES,
        help_text=_("The confirmation e-mail is sent in this language."),
    )

    def __init__(self, *args, award, categories, fixed_category=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [
            (
                c.pk,
                f"{localise(c.parent, 'name')} · {localise(c, 'name')}"
                if c.parent_id
                else str(localise(c, "name")),
            )
            for c in categories
        ]
        if fixed_category is not None:
            self.fields["category"].disabled = True
        kinds = award.eligible_kinds or ApplicantKind.values
        self.fields["applicant_kind"].choices = [
            (k, label) for k, label in ApplicantKind.choices if k in kinds
        ]
        codes = award.eligible_countries
        self.fields["country"].choices = [("", "—")] + [
            (code, name) for code, name in countries if not codes or code in codes
        ]

    def clean(self):
        data = super().clean()
        if not (data.get("title_ko") or "").strip() and not (data.get("title_en") or "").strip():
            self.add_error("title_ko", _("Give the title in Korean or in English."))
        return data

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("category", None)
        return {
            **{k: v for k, v in data.items() if not k.startswith("title_")},
            "title": {"ko": data.get("title_ko", ""), "en": data.get("title_en", "")},
        }


def answer_field(question) -> forms.Field:
    label = localise(question, "label")
    help_text = str(localise(question, "help_text"))
    common = {"label": str(label), "required": False, "help_text": help_text}
    if question.kind == QuestionKind.TEXT:
        if question.word_limit:
            common["help_text"] = " ".join(
                part
                for part in (
                    help_text,
                    str(_("At most %(limit)s words.") % {"limit": question.word_limit}),
                )
                if part
            )
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), **common)
    if question.kind == QuestionKind.CHOICE:
        choices = [("", "—")] + [
            (c.get("value"), c.get(str(label.wanted)) or c.get("en") or c.get("ko") or c["value"])
            for c in question.choices
        ]
        return forms.ChoiceField(choices=choices, **common)
    if question.kind == QuestionKind.NUMBER:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    if question.kind == QuestionKind.URL:
        return forms.CharField(widget=forms.URLInput(), **common)
    types = ", ".join(t.strip() for t in question.file_types.split(",") if t.strip())
    common["help_text"] = " ".join(
        part
        for part in (
            help_text,
            str(
                _("File types: %(types)s; at most %(mb)s MB.")
                % {"types": types, "mb": question.max_file_mb}
            ),
        )
        if part
    )
    accept = ",".join(f".{t.strip()}" for t in question.file_types.split(",") if t.strip())
    return forms.FileField(widget=forms.FileInput(attrs={"accept": accept}), **common)


class AnswersForm(Form):
    """One field per question of the category's form, named ``q<question id>``."""

    def __init__(self, *args, questions, answers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        by_question = {a.question_id: a for a in (answers or [])}
        for question in self.questions:
            name = f"q{question.pk}"
            self.fields[name] = answer_field(question)
            self.fields[name].question = question
            self.fields[name].required_to_submit = question.required
            existing = by_question.get(question.pk)
            if existing is not None and question.kind != QuestionKind.FILE:
                self.initial[name] = (
                    existing.number if question.kind == QuestionKind.NUMBER else existing.text
                )
            self.fields[name].existing = existing

    def answers(self) -> dict[int, object]:
        return {
            q.pk: self.cleaned_data.get(f"q{q.pk}")
            for q in self.questions
            if q.kind != QuestionKind.FILE
        }

    def uploads(self) -> list[tuple[object, object]]:
        return [
            (q, self.cleaned_data[f"q{q.pk}"])
            for q in self.questions
            if q.kind == QuestionKind.FILE and self.cleaned_data.get(f"q{q.pk}")
        ]


class ScreenForm(Form):
    eligibility = forms.ChoiceField(
        label=_("Eligibility"),
        choices=[(Eligibility.ELIGIBLE, _("Eligible")), (Eligibility.INELIGIBLE, _("Ineligible"))],
        widget=forms.RadioSelect,
    )
    reason_ko = forms.CharField(
        label=_("Reason (Korean)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason_en = forms.CharField(
        label=_("Reason (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when ineligible; the applicant sees it."),
    )
