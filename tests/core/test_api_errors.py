"""Malformed API requests get the same error shape as invalid data, in the reader's language."""

from summitry.summits.models import Summit
from tests.conftest import ApiClient

VALID = {
    "slug": "s2024",
    "edition": 1,
    "name": {"ko": "정상회의", "en": "Summit"},
    "start_date": "2024-09-24",
    "end_date": "2024-09-26",
}


def test_wrong_types_and_missing_fields_are_named_in_english(staff_api):
    body = {**VALID, "edition": "twelfth", "start_date": "24 Sept", "format": "carrier-pigeon"}
    del body["slug"]
    response = staff_api.post("/summits", body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The data is not valid.",
        "errors": {
            "slug": ["This field is required."],
            "edition": ["Enter a whole number."],
            "start_date": ["Enter a date as YYYY-MM-DD."],
            "format": ["Choose one of: 'in_person', 'online' or 'hybrid'."],
        },
    }
    assert not Summit.objects.exists()


def test_the_same_errors_in_korean(staff_token):
    response = ApiClient(staff_token, language="ko").post("/summits", {**VALID, "edition": "x"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "데이터가 유효하지 않습니다.",
        "errors": {"edition": ["정수를 입력하세요."]},
    }


def test_a_bad_query_parameter_is_named(anonymous_api):
    response = anonymous_api.get("/organisations?kind=planet")
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["kind"]


def test_a_body_that_is_not_json(staff_api):
    response = staff_api.client.post(
        "/api/v1/summits",
        data="{not json",
        content_type="application/json",
        headers=staff_api.headers,
    )
    assert response.status_code in (400, 422)
    assert response.json()["detail"]
