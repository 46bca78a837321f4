"""An award with a sub-category, a form of every question type, applicants and tokens."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from summitry.awards import services
from summitry.awards.models import Application, Award, Category, Question, QuestionKind
from summitry.core.tokens import issue_token
from tests.conftest import ApiClient
from tests.factories import SummitFactory, UserFactory

NOW = timezone.now()


@pytest.fixture
def summit(db):
    return SummitFactory(slug="ssc", time_zone="Asia/Seoul")


@pytest.fixture
def award(summit):
    award = Award.objects.create(
        summit=summit,
        slug="prize",
        name_en="Smart City Prize",
        name_ko="스마트도시 상",
        reference_prefix="SSCP",
        opens_at=NOW - datetime.timedelta(days=10),
        closes_at=NOW + datetime.timedelta(days=10),
        eligible_kinds=["city", "company", "institution"],
    )
    project = Category.objects.create(award=award, name_en="Project", name_ko="프로젝트")
    Category.objects.create(
        award=award, parent=project, name_en="People-centric", name_ko="사람중심", position=1
    )
    Category.objects.create(award=award, name_en="Leadership", name_ko="리더십", position=2)
    Question.objects.create(
        award=award, kind=QuestionKind.TEXT, label_en="Summary", label_ko="요약", word_limit=5
    )
    Question.objects.create(
        award=award,
        kind=QuestionKind.CHOICE,
        label_en="Field",
        label_ko="분야",
        choices=[{"value": "mobility", "ko": "모빌리티", "en": "Mobility"}],
        position=1,
    )
    Question.objects.create(
        award=award,
        kind=QuestionKind.NUMBER,
        label_en="Budget",
        label_ko="예산",
        min_value=0,
        max_value=1000,
        required=False,
        position=2,
    )
    Question.objects.create(
        award=award,
        kind=QuestionKind.URL,
        label_en="Website",
        label_ko="웹사이트",
        required=False,
        position=3,
    )
    Question.objects.create(
        award=award,
        kind=QuestionKind.FILE,
        label_en="Brochure",
        label_ko="소개 자료",
        file_types="pdf",
        max_file_mb=1,
        position=4,
    )
    return award


@pytest.fixture
def people_centric(award):
    return Category.objects.get(award=award, name_en="People-centric")


@pytest.fixture
def project(award):
    return Category.objects.get(award=award, name_en="Project")


@pytest.fixture
def leadership(award):
    return Category.objects.get(award=award, name_en="Leadership")


def q(award, label_en) -> Question:
    return Question.objects.get(award=award, label_en=label_en)


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant@example.org", email="applicant@example.org")


@pytest.fixture
def other_applicant(db):
    return UserFactory(username="other@example.org", email="other@example.org")


APPLICANT_DATA = {
    "applicant_kind": "city",
    "applicant_name": "Wellington City Council",
    "city": "Wellington",
    "country": "NZ",
    "title": {"ko": "시민 참여 플랫폼", "en": "Citizen platform"},
    "language": "ko",
}


def draft(award, category, user, **overrides) -> Application:
    return services.start_application(
        actor=user, award=award, category=category, data={**APPLICANT_DATA, **overrides}
    )


def complete(award, application, user) -> Application:
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.save_answers(
        actor=user,
        application=application,
        answers={q(award, "Summary").pk: "A short summary", q(award, "Field").pk: "mobility"},
    )
    services.attach_file(
        actor=user,
        application=application,
        question=q(award, "Brochure"),
        upload=SimpleUploadedFile("brochure.pdf", b"%PDF-1.4 test", "application/pdf"),
    )
    return application


def submitted(award, category, user, **overrides) -> Application:
    application = draft(award, category, user, **overrides)
    complete(award, application, user)
    return services.submit(actor=user, application=application)


@pytest.fixture
def applicant_api(applicant) -> ApiClient:
    return ApiClient(issue_token(user=applicant, name="tests")[1])


@pytest.fixture
def other_api(other_applicant) -> ApiClient:
    return ApiClient(issue_token(user=other_applicant, name="tests")[1])


@pytest.fixture
def korean_applicant_api(applicant) -> ApiClient:
    return ApiClient(issue_token(user=applicant, name="tests-ko")[1], language="ko")
