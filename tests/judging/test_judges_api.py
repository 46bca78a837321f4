"""Judges through the API: staff appoint them and list them; a judge declares a conflict
and is taken off the application; others may not."""

import pytest

from summitry.core.tokens import issue_token
from summitry.judging.models import Assignment, Conflict, Judge
from tests.conftest import ApiClient
from tests.factories import UserFactory

from .support import make_round, setup

pytestmark = pytest.mark.django_db

BASE = "/summits/smart/judging"


@pytest.fixture
def world(organiser):
    award, cats, apps, judges = setup()
    round = make_round(award, k=2, max_load=4)
    return award, apps, judges, round


def as_user(user, language="en"):
    return ApiClient(issue_token(user=user, name="tests")[1], language=language)


def appointment(award, username="newjudge", **changes):
    return {
        "award": award.pk,
        "username": username,
        "name": {"en": "Mina Park", "ko": "박민아"},
        "organisation": "Sample University",
        "city": "Daejeon",
        "country": "KR",
        "expertise": ["mobility"],
        "languages": ["ko", "en"],
        **changes,
    }


def test_staff_appoint_a_judge_and_list_them(world, staff_api):
    award, _apps, judges, _round = world
    UserFactory(username="newjudge")
    response = staff_api.post(f"{BASE}/judges", appointment(award))
    assert response.status_code == 201, response.json()
    assert response.json()["name"] == {"en": "Mina Park", "ko": "박민아"}
    assert response.json()["international"] is False
    listed = staff_api.get(f"{BASE}/judges").json()
    assert len(listed) == len(judges) + 1
    judge = Judge.objects.get(user__username="newjudge")
    assert judge.user.groups.filter(name="Judges").exists() and not judge.user.is_staff


def test_bad_appointments_are_explained_in_korean(world, korean_staff_api):
    award, *_ = world
    unknown = korean_staff_api.post(f"{BASE}/judges", appointment(award, username="nobody"))
    assert unknown.status_code == 400
    assert unknown.json()["errors"] == {"username": ["이 이름의 활성 계정이 없습니다."]}
    UserFactory(username="newjudge")
    french = korean_staff_api.post(f"{BASE}/judges", appointment(award, languages=["fr"]))
    assert french.status_code == 400 and "languages" in french.json()["errors"]
    assert not Judge.objects.filter(user__username="newjudge").exists()


def test_judges_and_members_may_not_appoint(world, member_api):
    award, _apps, (ana, *_), _round = world
    UserFactory(username="newjudge")
    assert member_api.post(f"{BASE}/judges", appointment(award)).status_code == 403
    assert as_user(ana.user).post(f"{BASE}/judges", appointment(award)).status_code == 403
    assert as_user(ana.user).get(f"{BASE}/judges").status_code == 403
    assert not Judge.objects.filter(user__username="newjudge").exists()


def test_a_judge_declares_a_conflict_and_is_taken_off(world, staff_api):
    _award, apps, (ana, bo, *_), round = world
    staff_api.post(f"{BASE}/rounds/{round.pk}/assignment", {})
    assignment = Assignment.objects.filter(judge=ana).first()
    application = assignment.application
    response = as_user(ana.user).post(
        f"{BASE}/my/conflicts", {"application": application.pk, "reason": "Former employer"}
    )
    assert response.status_code == 201
    assert response.json()["application"] == application.pk
    assert not Assignment.objects.filter(judge=ana, application=application).exists()
    blank = as_user(bo.user).post(
        f"{BASE}/my/conflicts", {"application": application.pk, "reason": " "}
    )
    assert blank.status_code == 400
    assert not Conflict.objects.filter(judge=bo).exists()


def test_someone_who_is_not_a_judge_cannot_declare_conflicts(world, member_api):
    _award, apps, _judges, _round = world
    response = member_api.post(f"{BASE}/my/conflicts", {"application": apps[0].pk, "reason": "x"})
    assert response.status_code == 404
    assert not Conflict.objects.exists()
