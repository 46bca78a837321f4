"""Opening a call through the API: the award, its categories and sub-categories, its
questions; staff only; bad input explained and nothing written."""

from __future__ import annotations

import pytest

from summitry.awards.models import Award, Category, Question
from tests.api_support import REFUSED, log_entries

CALL = {
    "slug": "smart-2024",
    "name": {"ko": "제2회 서울 스마트도시 상", "en": "2nd Seoul Smart City Prize"},
    "reference_prefix": "SSCP24",
    "opens_at": "2024-03-01T09:00:00",  # no offset: the summit's zone (Asia/Seoul)
    "closes_at": "2024-06-30T18:00:00+09:00",
    "eligible_kinds": ["city", "company"],
    "eligible_countries": ["kr", "SG"],
}


def test_staff_open_a_call_with_categories_and_questions(staff_api, summit):
    created = staff_api.post("/summits/ssc/awards", CALL)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["opens_at"] == "2024-03-01T00:00:00Z"  # 09:00 in Seoul
    assert body["eligible_countries"] == ["KR", "SG"]
    base = "/summits/ssc/awards/smart-2024"
    project = staff_api.post(f"{base}/categories", {"name": {"ko": "프로젝트", "en": "Project"}})
    assert project.status_code == 201
    sub = staff_api.post(
        f"{base}/categories",
        {"name": {"ko": "기술혁신", "en": "Technology innovation"}, "parent": project.json()["id"]},
    )
    assert sub.status_code == 201
    question = staff_api.post(
        f"{base}/questions",
        {
            "category": project.json()["id"],
            "kind": "choice",
            "label": {"ko": "분야", "en": "Field"},
            "choices": [{"value": "mobility", "ko": "모빌리티", "en": "Mobility"}],
        },
    )
    assert question.status_code == 201
    call = staff_api.get(base).json()
    assert [c["name"]["en"] for c in call["categories"]] == ["Project"]
    assert [s["name"]["en"] for s in call["categories"][0]["sub_categories"]] == [
        "Technology innovation"
    ]
    assert call["questions"][0]["choices"] == [
        {"value": "mobility", "ko": "모빌리티", "en": "Mobility"}
    ]
    assert [e["user__username"] for e in log_entries(Award)] == ["organiser"]


def test_bad_calls_are_explained_in_korean_and_change_nothing(korean_staff_api, summit):
    response = korean_staff_api.post(
        "/summits/ssc/awards",
        {**CALL, "closes_at": "2024-02-01T00:00:00+09:00", "eligible_countries": ["XX"]},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"eligible_countries": ["알 수 없는 국가 코드: XX."]}
    response = korean_staff_api.post(
        "/summits/ssc/awards", {**CALL, "closes_at": "2024-02-01T00:00:00+09:00"}
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"__all__": ["접수 마감은 접수 시작 이후여야 합니다."]}
    assert not Award.objects.exists()


def test_categories_and_questions_stay_within_their_award(staff_api, award):
    questions = Question.objects.filter(award=award).count()
    leadership = Category.objects.get(award=award, name_en="Leadership")
    sub = Category.objects.get(award=award, name_en="People-centric")
    base = "/summits/ssc/awards/prize"
    deeper = staff_api.post(f"{base}/categories", {"name": {"en": "Too deep"}, "parent": sub.pk})
    assert deeper.status_code == 400
    assert deeper.json()["errors"] == {
        "parent": ["Choose one of this award's top-level categories."]
    }
    no_choices = staff_api.post(
        f"{base}/questions",
        {"category": leadership.pk, "kind": "choice", "label": {"en": "Field"}},
    )
    assert no_choices.status_code == 400
    assert no_choices.json()["errors"] == {"choices": ["A choice question needs its choices."]}
    unknown = staff_api.post(
        f"{base}/questions", {"category": 999999, "kind": "text", "label": {"en": "Summary"}}
    )
    assert unknown.status_code == 400
    assert Question.objects.filter(award=award).count() == questions


@pytest.mark.parametrize(("caller", "status", "body"), REFUSED)
def test_only_staff_open_calls(request, caller, status, body, summit):
    response = request.getfixturevalue(caller).post("/summits/ssc/awards", CALL)
    assert (response.status_code, response.json()) == (status, body)
    assert not Award.objects.exists()
