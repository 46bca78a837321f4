"""Export of an award's applications as XLSX (one row per application, times in the summit's
zone, one column per form question)."""

from __future__ import annotations

from django.utils import timezone

from summitry.core import spreadsheets

from .models import Award

COLUMNS = [
    "reference",
    "category",
    "sub_category",
    "applicant_kind",
    "applicant",
    "city",
    "country",
    "title_ko",
    "title_en",
    "language",
    "status",
    "submitted_at",
    "eligibility",
    "eligibility_reason_ko",
    "eligibility_reason_en",
    "is_sample",
]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _answer_text(answer) -> str:
    if answer.file:
        return answer.file_name
    if answer.number is not None:
        return str(answer.number)
    return answer.text


def rows(award: Award, applications) -> tuple[list[str], list[list]]:
    """The header and the rows; question columns are ``q<id>: label``."""
    questions = list(award.questions.all())
    header = COLUMNS + [f"q{q.pk}: {q.label_en or q.label_ko}" for q in questions]
    result = []
    for application in applications.prefetch_related("answers"):
        category = application.category
        top, sub = (category.parent, category) if category.parent_id else (category, None)
        answers = {a.question_id: _answer_text(a) for a in application.answers.all()}
        result.append(
            [
                application.reference,
                top.name_en or top.name_ko,
                (sub.name_en or sub.name_ko) if sub else "",
                application.applicant_kind,
                application.applicant_name,
                application.city,
                str(application.country),
                application.title_ko,
                application.title_en,
                application.language,
                application.status,
                _local(application.submitted_at),
                application.eligibility,
                application.eligibility_reason_ko,
                application.eligibility_reason_en,
                "yes" if application.is_sample else "",
            ]
            + [answers.get(q.pk, "") for q in questions]
        )
    return header, result


def workbook(award: Award, applications) -> bytes:
    header, data = rows(award, applications)
    return spreadsheets.xlsx_bytes([("applications", header, data)])
