"""REST API of awards.

The call (award, categories, questions) is public for published summits. Applications need a
token: an applicant reads and writes only their own (another one is a 404), staff read all and
screen them. Winners are public from ``results_published_at``; before it the list is empty for
everyone but staff. Times are UTC.
"""

from __future__ import annotations

import datetime
import decimal

from django.http import HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from summitry.core import pagecache
from summitry.core.api import OptionalTokenAuth, TokenAuth, require_permission
from summitry.core.schemas import (
    Bilingual,
    Problem,
    SummitDateTime,
    UtcDateTime,
    bilingual,
    bilingual_input,
)
from summitry.summits import queries as summit_queries

from . import queries, rules, services
from .models import ApplicantKind, ApplicationStatus, Eligibility, QuestionKind

router = Router(tags=["awards"])
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}
BASE = "/summits/{slug}/awards/{award_slug}"


class SubCategoryOut(Schema):
    id: int
    name: Bilingual = bilingual("name")
    description: Bilingual = bilingual("description")


class CategoryOut(SubCategoryOut):
    sub_categories: list[SubCategoryOut]

    @staticmethod
    def resolve_sub_categories(category):
        return list(category.children.all())


class QuestionOut(Schema):
    id: int
    category: int | None = Field(None, alias="category_id")
    kind: QuestionKind
    label: Bilingual = bilingual("label")
    help_text: Bilingual = bilingual("help_text")
    required: bool
    word_limit: int | None
    choices: list[dict]
    min_value: decimal.Decimal | None
    max_value: decimal.Decimal | None
    file_types: str
    max_file_mb: int


class AwardOut(Schema):
    id: int
    slug: str
    name: Bilingual = bilingual("name")
    description: Bilingual = bilingual("description")
    opens_at: UtcDateTime
    closes_at: UtcDateTime
    is_open: bool
    eligible_kinds: list[str]
    eligible_countries: list[str]
    results_published_at: UtcDateTime | None
    ceremony: int | None = Field(None, alias="ceremony_id")
    categories: list[CategoryOut]
    questions: list[QuestionOut]


class AnswerOut(Schema):
    question: int = Field(..., alias="question_id")
    text: str
    number: decimal.Decimal | None
    file_name: str


class ApplicationOut(Schema):
    id: int
    reference: str
    category: int = Field(..., alias="category_id")
    applicant_kind: ApplicantKind
    applicant_name: str
    city: str
    country: str
    title: Bilingual = bilingual("title")
    language: str
    status: ApplicationStatus
    submitted_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    eligibility: Eligibility
    eligibility_reason: Bilingual = bilingual("eligibility_reason")
    is_sample: bool
    answers: list[AnswerOut]

    @staticmethod
    def resolve_country(application) -> str:
        return str(application.country)

    @staticmethod
    def resolve_answers(application):
        return list(application.answers.all())


class ApplicationIn(Schema):
    category: int
    applicant_kind: ApplicantKind
    applicant_name: str
    city: str = ""
    country: str
    title: Bilingual
    language: str = Field("en", pattern="^(ko|en)$")
    answers: dict[str, str | int | float | None] = Field(
        default_factory=dict, description="Question id → answer (file questions: upload)."
    )


class ApplicationPatch(Schema):
    applicant_kind: ApplicantKind | None = None
    applicant_name: str | None = None
    city: str | None = None
    country: str | None = None
    title: Bilingual | None = None
    language: str | None = Field(None, pattern="^(ko|en)$")
    answers: dict[str, str | int | float | None] = Field(default_factory=dict)


class ScreenIn(Schema):
    eligibility: Eligibility
    reason: Bilingual = bilingual_input()


class WinnerOut(Schema):
    id: int
    category: int = Field(..., alias="category_id")
    application: int = Field(..., alias="application_id")
    reference: str
    applicant_name: str
    country: str
    title: Bilingual
    prize_title: Bilingual = bilingual("prize_title")
    rank: int

    @staticmethod
    def resolve_reference(winner) -> str:
        return winner.application.reference

    @staticmethod
    def resolve_applicant_name(winner) -> str:
        return winner.application.applicant_name

    @staticmethod
    def resolve_country(winner) -> str:
        return str(winner.application.country)

    @staticmethod
    def resolve_title(winner):
        return winner.application.title_i18n


def _award(request: HttpRequest, slug: str, award_slug: str):
    summit = summit_queries.summit(slug, request.user)
    award = queries.award(summit, award_slug)
    # Opening, closing and the results at their set times change the answer by themselves.
    pagecache.changes_at(request, award.opens_at, award.closes_at, award.results_published_at)
    return award


class AwardIn(Schema):
    slug: str
    name: Bilingual
    description: Bilingual = bilingual_input()
    reference_prefix: str
    opens_at: SummitDateTime
    closes_at: SummitDateTime = Field(..., description="The first instant refused.")
    eligible_kinds: list[ApplicantKind] = Field(default_factory=list, description="Empty: all.")
    eligible_countries: list[str] = Field(default_factory=list, description="ISO 3166-1.")
    results_published_at: SummitDateTime | None = None


class CategoryIn(Schema):
    name: Bilingual
    description: Bilingual = bilingual_input()
    parent: int | None = Field(None, description="A top-level category: this is its sub-category.")
    position: int = 0


class ChoiceIn(Schema):
    value: str
    ko: str = ""
    en: str = ""


class QuestionIn(Schema):
    category: int | None = Field(None, description="Empty: asked in every category.")
    kind: QuestionKind
    label: Bilingual
    help_text: Bilingual = bilingual_input()
    required: bool = True
    word_limit: int | None = None
    choices: list[ChoiceIn] = Field(default_factory=list)
    min_value: decimal.Decimal | None = None
    max_value: decimal.Decimal | None = None
    file_types: str = "pdf"
    max_file_mb: int = 10
    position: int = 0


def _award_out(award) -> dict:
    return {
        **{f: getattr(award, f) for f in ("id", "slug", "opens_at", "closes_at")},
        "name_i18n": award.name_i18n,
        "description_i18n": award.description_i18n,
        "is_open": rules.is_open(award),
        "eligible_kinds": award.eligible_kinds,
        "eligible_countries": award.eligible_countries,
        "results_published_at": award.results_published_at,
        "ceremony_id": award.ceremony_id,
        "categories": list(queries.categories(award)),
        "questions": list(queries.questions(award)),
    }


@router.get(BASE, response={200: AwardOut, **ERRORS}, auth=OptionalTokenAuth())
@decorate_view(pagecache.public_page)
def get_award(request: HttpRequest, slug: str, award_slug: str):
    return _award_out(_award(request, slug, award_slug))


@router.post("/summits/{slug}/awards", response={201: AwardOut, **ERRORS}, auth=TokenAuth())
def create_award(request: HttpRequest, slug: str, payload: AwardIn):
    """Staff open a call; then add its categories and questions."""
    require_permission(request, "awards.add_award")
    summit = summit_queries.summit(slug, request.user)
    award = services.create_award(actor=request.user, summit=summit, data=payload.dict())
    return Status(201, _award_out(award))


@router.post(f"{BASE}/categories", response={201: CategoryOut, **ERRORS}, auth=TokenAuth())
def add_award_category(request: HttpRequest, slug: str, award_slug: str, payload: CategoryIn):
    require_permission(request, "awards.add_category")
    award = _award(request, slug, award_slug)
    return Status(201, services.add_category(actor=request.user, award=award, data=payload.dict()))


@router.post(f"{BASE}/questions", response={201: QuestionOut, **ERRORS}, auth=TokenAuth())
def add_award_question(request: HttpRequest, slug: str, award_slug: str, payload: QuestionIn):
    require_permission(request, "awards.add_question")
    award = _award(request, slug, award_slug)
    return Status(201, services.add_question(actor=request.user, award=award, data=payload.dict()))


@router.get(
    f"{BASE}/applications", response={200: list[ApplicationOut], **ERRORS}, auth=TokenAuth()
)
def list_applications(
    request: HttpRequest,
    slug: str,
    award_slug: str,
    category: int | None = None,
    status: ApplicationStatus | None = None,
    eligibility: Eligibility | None = None,
):
    """Staff: every application (filters); anyone else: their own."""
    award = _award(request, slug, award_slug)
    if rules.is_staff_for(request.user, award.summit):
        found = queries.staff_applications(
            award,
            request.user,
            category=str(category or ""),
            status=status or "",
            eligibility=eligibility or "",
        )
    else:
        found = queries.my_applications(request.user, award.summit).filter(award=award)
    return list(found.prefetch_related("answers"))


@router.post(f"{BASE}/applications", response={201: ApplicationOut, **ERRORS}, auth=TokenAuth())
def create_application(request: HttpRequest, slug: str, award_slug: str, payload: ApplicationIn):
    award = _award(request, slug, award_slug)
    category = queries.category(award, payload.category)
    data = payload.dict(exclude={"category", "answers"})
    application = services.start_application(
        actor=request.user, award=award, category=category, data=data
    )
    if payload.answers:
        services.save_answers(actor=request.user, application=application, answers=payload.answers)
    return Status(201, queries.application(award, request.user, application.pk))


@router.get(
    f"{BASE}/applications/{{application_id}}",
    response={200: ApplicationOut, **ERRORS},
    auth=TokenAuth(),
)
def get_application(request: HttpRequest, slug: str, award_slug: str, application_id: int):
    return queries.application(_award(request, slug, award_slug), request.user, application_id)


@router.patch(
    f"{BASE}/applications/{{application_id}}",
    response={200: ApplicationOut, **ERRORS},
    auth=TokenAuth(),
)
def update_application(
    request: HttpRequest, slug: str, award_slug: str, application_id: int, payload: ApplicationPatch
):
    award = _award(request, slug, award_slug)
    application = queries.application(award, request.user, application_id)
    data = payload.dict(exclude_unset=True, exclude={"answers"})
    data = {k: v for k, v in data.items() if v is not None}
    services.update_draft(
        actor=request.user, application=application, data=data, answers=payload.answers
    )
    return queries.application(award, request.user, application_id)


@router.post(
    f"{BASE}/applications/{{application_id}}/files/{{question_id}}",
    response={200: ApplicationOut, **ERRORS},
    auth=TokenAuth(),
)
def upload_application_file(
    request: HttpRequest,
    slug: str,
    award_slug: str,
    application_id: int,
    question_id: int,
    file: File[UploadedFile],
):
    award = _award(request, slug, award_slug)
    application = queries.application(award, request.user, application_id)
    question = queries.question(award, question_id)
    services.attach_file(
        actor=request.user, application=application, question=question, upload=file
    )
    return queries.application(award, request.user, application_id)


@router.post(
    f"{BASE}/applications/{{application_id}}/submit",
    response={200: ApplicationOut, **ERRORS},
    auth=TokenAuth(),
)
def submit_application(request: HttpRequest, slug: str, award_slug: str, application_id: int):
    award = _award(request, slug, award_slug)
    application = queries.application(award, request.user, application_id)
    services.submit(actor=request.user, application=application)
    return queries.application(award, request.user, application_id)


@router.post(
    f"{BASE}/applications/{{application_id}}/withdraw",
    response={200: ApplicationOut, **ERRORS},
    auth=TokenAuth(),
)
def withdraw_application(request: HttpRequest, slug: str, award_slug: str, application_id: int):
    award = _award(request, slug, award_slug)
    application = queries.application(award, request.user, application_id)
    services.withdraw(actor=request.user, application=application)
    return queries.application(award, request.user, application_id)


@router.post(
    f"{BASE}/applications/{{application_id}}/screen",
    response={200: ApplicationOut, **ERRORS},
    auth=TokenAuth(),
)
def screen_application(
    request: HttpRequest, slug: str, award_slug: str, application_id: int, payload: ScreenIn
):
    require_permission(request, "awards.change_application")
    award = _award(request, slug, award_slug)
    application = queries.application(award, request.user, application_id)
    services.screen(
        actor=request.user,
        application=application,
        eligibility=payload.eligibility,
        reason=payload.reason.dict(),
    )
    return queries.application(award, request.user, application_id)


@router.get(f"{BASE}/winners", response={200: list[WinnerOut], **ERRORS}, auth=OptionalTokenAuth())
@decorate_view(pagecache.public_page)
def list_award_winners(request: HttpRequest, slug: str, award_slug: str):
    """Empty until the results are published (staff see them earlier)."""
    return list(queries.winners(_award(request, slug, award_slug), request.user))
