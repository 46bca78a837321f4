"""The awards API: the call is public; applications are the applicant's own (others 404) or
staff's; screening needs staff; winners only after publication; messages in Korean."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from summitry.awards import services
from summitry.awards.models import Application, Award
from tests.api_support import NOT_ALLOWED, NOT_AUTHENTICATED, row
from tests.conftest import ApiClient

from .conftest import draft, q, submitted

BASE = "/summits/ssc/awards/prize"


def _new(category, **overrides) -> dict:
    return {
        "category": category.pk,
        "applicant_kind": "company",
        "applicant_name": "Hanbit Mobility Labs",
        "city": "Seoul",
        "country": "KR",
        "title": {"ko": "수요응답형 심야버스", "en": "Night bus on demand"},
        "language": "en",
        **overrides,
    }


def test_the_call_is_public(anonymous_api, award):
    response = anonymous_api.get(BASE)
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == {"ko": "스마트도시 상", "en": "Smart City Prize"}
    assert body["is_open"] is True
    project = next(c for c in body["categories"] if c["name"]["en"] == "Project")
    assert [s["name"]["en"] for s in project["sub_categories"]] == ["People-centric"]
    kinds = [question["kind"] for question in body["questions"]]
    assert kinds == ["text", "choice", "number", "url", "file"]


def test_an_unknown_award_is_404(anonymous_api, award):
    assert anonymous_api.get("/summits/ssc/awards/none").status_code == 404


def test_applications_need_a_token(anonymous_api, invalid_token_api, award, people_centric):
    for api in (anonymous_api, invalid_token_api):
        assert api.get(f"{BASE}/applications").status_code == 401
        response = api.post(f"{BASE}/applications", _new(people_centric))
        assert (response.status_code, response.json()) == (401, NOT_AUTHENTICATED)
    assert not Application.objects.exists()


def test_an_applicant_creates_updates_and_submits_their_own(
    applicant_api, award, people_centric, applicant
):
    response = applicant_api.post(
        f"{BASE}/applications",
        _new(people_centric, answers={str(q(award, "Summary").pk): "Buses at night"}),
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["reference"]) == ("draft", "")
    assert body["answers"][0]["text"] == "Buses at night"
    url = f"{BASE}/applications/{body['id']}"
    response = applicant_api.patch(
        url, {"city": "Busan", "answers": {str(q(award, "Field").pk): "mobility"}}
    )
    assert response.status_code == 200
    assert response.json()["city"] == "Busan"
    response = applicant_api.client.post(
        f"/api/v1{url}/files/{q(award, 'Brochure').pk}",
        {"file": _pdf()},
        headers=applicant_api.headers,
    )
    assert response.status_code == 200, response.json()
    assert any(a["file_name"] == "plan.pdf" for a in response.json()["answers"])
    response = applicant_api.post(f"{url}/submit", {})
    assert response.status_code == 200
    assert response.json()["reference"] == "SSCP-0001"
    # Not editable any more.
    response = applicant_api.patch(url, {"city": "Daegu"})
    assert response.status_code == 400
    assert Application.objects.get().city == "Busan"
    response = applicant_api.post(f"{url}/withdraw", {})
    assert response.json()["status"] == "withdrawn"


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x", "application/pdf")


def test_an_applicant_sees_only_their_own(
    applicant_api, other_api, award, people_centric, applicant, other_applicant
):
    mine = draft(award, people_centric, applicant)
    theirs = draft(award, people_centric, other_applicant, applicant_name="Other City")
    listed = applicant_api.get(f"{BASE}/applications").json()
    assert [a["id"] for a in listed] == [mine.pk]
    assert other_api.get(f"{BASE}/applications/{mine.pk}").status_code == 404
    before = row(Application, mine.pk)
    for method, path, body in [
        ("patch", f"{BASE}/applications/{mine.pk}", {"city": "X"}),
        ("post", f"{BASE}/applications/{mine.pk}/submit", {}),
        ("post", f"{BASE}/applications/{mine.pk}/withdraw", {}),
    ]:
        response = getattr(other_api, method)(path, body)
        assert response.status_code == 404
    assert row(Application, mine.pk) == before
    assert applicant_api.get(f"{BASE}/applications/{theirs.pk}").status_code == 404


def test_staff_list_and_filter_all_applications(
    staff_api, award, people_centric, leadership, applicant, other_applicant
):
    submitted(award, people_centric, applicant)
    draft(award, leadership, other_applicant)
    assert len(staff_api.get(f"{BASE}/applications").json()) == 2
    only = staff_api.get(f"{BASE}/applications?status=submitted").json()
    assert [a["reference"] for a in only] == ["SSCP-0001"]
    by_category = staff_api.get(f"{BASE}/applications?category={leadership.pk}").json()
    assert [a["category"] for a in by_category] == [leadership.pk]


@pytest.mark.parametrize(
    ("caller", "status", "body"),
    [
        ("anonymous_api", 401, NOT_AUTHENTICATED),
        ("applicant_api", 403, NOT_ALLOWED),
        ("staff_without_permission_api", 403, NOT_ALLOWED),
    ],
)
def test_only_staff_screen(request, caller, status, body, award, people_centric, applicant):
    application = submitted(award, people_centric, applicant)
    api = request.getfixturevalue(caller)
    response = api.post(f"{BASE}/applications/{application.pk}/screen", {"eligibility": "eligible"})
    assert (response.status_code, response.json()) == (status, body)
    application.refresh_from_db()
    assert application.eligibility == "pending"


def test_staff_screen(staff_api, award, people_centric, applicant):
    application = submitted(award, people_centric, applicant)
    response = staff_api.post(
        f"{BASE}/applications/{application.pk}/screen",
        {"eligibility": "ineligible", "reason": {"en": "Too early", "ko": "너무 이름"}},
    )
    assert response.status_code == 200
    assert response.json()["eligibility_reason"] == {"en": "Too early", "ko": "너무 이름"}


def test_validation_errors_are_400_in_korean(korean_applicant_api, award, people_centric):
    response = korean_applicant_api.post(
        f"{BASE}/applications",
        _new(people_centric, title={"ko": "", "en": ""}, answers={}),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "데이터가 유효하지 않습니다."
    assert "title_ko" in body["errors"] or "__all__" in body["errors"]
    assert not Application.objects.exists()


def test_wrong_answers_are_400_and_change_nothing(applicant_api, award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    response = applicant_api.patch(
        f"{BASE}/applications/{application.pk}",
        {"answers": {str(q(award, "Budget").pk): "lots", str(q(award, "Summary").pk): "ok"}},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {f"q{q(award, 'Budget').pk}": ["Enter a number."]}
    assert not application.answers.exists()


def test_a_wrong_file_type_is_refused(applicant_api, award, people_centric, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = draft(award, people_centric, applicant)
    response = applicant_api.client.post(
        f"/api/v1{BASE}/applications/{application.pk}/files/{q(award, 'Brochure').pk}",
        {"file": SimpleUploadedFile("x.exe", b"MZ")},
        headers=applicant_api.headers,
    )
    assert response.status_code == 400
    assert not application.answers.exists()


def test_late_submission_is_refused_in_the_api(applicant_api, award, people_centric, applicant):
    application = draft(award, people_centric, applicant)
    Award.objects.filter(pk=award.pk).update(closes_at=timezone.now())
    response = applicant_api.post(f"{BASE}/applications/{application.pk}/submit", {})
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "__all__": ["Applications are closed: the deadline has passed."]
    }
    application.refresh_from_db()
    assert application.status == "draft"


def test_winners_only_after_publication(
    anonymous_api, applicant_api, staff_api, award, project, people_centric, applicant, organiser
):
    application = submitted(award, people_centric, applicant)
    services.screen(actor=organiser, application=application, eligibility="eligible")
    services.set_winners(
        actor=organiser,
        category=project,
        entries=[(application, {"en": "Grand prize", "ko": "대상"}, 1)],
    )
    assert anonymous_api.get(f"{BASE}/winners").json() == []
    assert applicant_api.get(f"{BASE}/winners").json() == []
    assert len(staff_api.get(f"{BASE}/winners").json()) == 1
    # Through the service (a bare update() would not tell the public pages' cache).
    services.publish_results(
        actor=organiser, award=award, at=timezone.now() - datetime.timedelta(seconds=1)
    )
    winners = anonymous_api.get(f"{BASE}/winners").json()
    assert winners[0]["prize_title"] == {"en": "Grand prize", "ko": "대상"}
    assert winners[0]["reference"] == "SSCP-0001"


def test_a_draft_summit_hides_its_award(anonymous_api, award):
    award.summit.status = "draft"
    award.summit.save()
    assert anonymous_api.get(BASE).status_code == 404


def test_korean_refusal_for_a_non_applicant(award, people_centric, applicant, organiser):
    from summitry.core.tokens import issue_token

    application = draft(award, people_centric, applicant)
    api = ApiClient(issue_token(user=organiser, name="ko")[1], language="ko")
    response = api.patch(f"{BASE}/applications/{application.pk}", {"city": "X"})
    assert response.status_code == 403
