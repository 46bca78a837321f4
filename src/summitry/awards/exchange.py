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


# --- as an export of any size (core.exports: large ones are written in the background) -------

APPLICATIONS_EXPORT = "awards.applications"


def _award(summit, params: dict) -> Award:
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from . import queries

    found = queries.awards(summit).filter(slug=params.get("award") or "").first()
    if found is None or not isinstance(params.get("award"), str):
        raise ValidationError({"award": _("This summit has no such award.")})
    return found


def _params(user, summit, raw: dict) -> dict:
    return {"award": _award(summit, raw).slug}


def _count(user, summit, params: dict) -> int:
    from . import queries

    return queries.staff_applications(_award(summit, params), user).count()


def _sheets(user, summit, params: dict) -> list:
    from . import queries

    award = _award(summit, params)
    header, data = rows(award, queries.staff_applications(award, user))
    return [("applications", header, data)]


def register_exports() -> None:
    from django.utils.translation import gettext_lazy

    from summitry.core import exports

    from . import rules

    exports.register(
        exports.Exporter(
            name=APPLICATIONS_EXPORT,
            label=gettext_lazy("Applications of an award"),
            fmt="xlsx",
            allowed=rules.is_staff_for,
            count=_count,
            sheets=_sheets,
            filename=lambda summit, params: f"{params['award']}-applications.xlsx",
            params=_params,
            from_its_page=True,
        )
    )
