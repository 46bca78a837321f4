"""Judging API: staff run and change the assignment (checked, 400 with reasons), judges
read and save only their own scores, results and shortlists are for staff."""

import pytest

from summitry.core.tokens import issue_token
from summitry.judging import services
from summitry.judging.models import Assignment, Score, ShortlistEntry
from tests.api_support import NOT_AUTHENTICATED
from tests.conftest import ApiClient

from .support import make_round, setup

pytestmark = pytest.mark.django_db

ROUNDS = "/summits/smart/judging/rounds"


@pytest.fixture
def world(organiser):
    award, cats, apps, judges = setup()
    round = make_round(award, k=2, max_load=4)
    return award, apps, judges, round


def as_user(user, language="en"):
    return ApiClient(issue_token(user=user, name="tests")[1], language=language)


def test_staff_run_and_read_the_assignment(world, staff_api):
    award, apps, judges, round = world
    response = staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    assert response.status_code == 202
    run = response.json()
    # Without a broker the queue runs the solver at once; the run says what it did.
    assert run["status"] == "done"
    assert run["result"]["assigned"] == 12
    assert run["errors"] == []
    assert staff_api.get(f"{ROUNDS}/{round.pk}/assignment/runs/{run['id']}").json() == run
    body = staff_api.get(f"{ROUNDS}/{round.pk}/assignment").json()
    assert len(body["pairs"]) == 6
    assert all(len(p["judges"]) == 2 for p in body["pairs"])
    assert body["total_score"] == run["result"]["total_score"]


def test_a_run_that_finds_no_assignment_fails_with_the_reasons(world, staff_api):
    award, apps, judges, round = world
    round.judges_per_application = 9
    round.save()
    run = staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {}).json()
    assert run["status"] == "failed"
    assert run["result"] is None
    assert "No assignment keeps every rule" in run["errors"][0]
    assert not Assignment.objects.exists()


def test_a_run_is_only_for_its_rounds_staff(world, staff_api, member_api):
    award, apps, (ana, *_), round = world
    run = staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {}).json()
    other = make_round(award, number=2, k=2, max_load=4)
    assert staff_api.get(f"{ROUNDS}/{other.pk}/assignment/runs/{run['id']}").status_code == 404
    for api in (member_api, as_user(ana.user)):
        assert api.get(f"{ROUNDS}/{round.pk}/assignment/runs/{run['id']}").status_code == 403


@pytest.mark.parametrize(
    "caller, status, body",
    [
        ("anonymous_api", 401, NOT_AUTHENTICATED),
        ("invalid_token_api", 401, NOT_AUTHENTICATED),
    ],
)
def test_anonymous_callers_are_refused(world, caller, status, body, request):
    award, apps, judges, round = world
    api = request.getfixturevalue(caller)
    for path in (f"{ROUNDS}/{round.pk}/assignment", f"{ROUNDS}/{round.pk}/results", ROUNDS):
        response = api.get(path)
        assert (response.status_code, response.json()) == (status, body)


def test_judges_and_members_cannot_manage(world, member_api):
    award, apps, (ana, *_), round = world
    for api in (member_api, as_user(ana.user)):
        assert api.post(f"{ROUNDS}/{round.pk}/assignment", {}).status_code == 403
        assert api.get(f"{ROUNDS}/{round.pk}/results").status_code == 403
        assert api.post(f"{ROUNDS}/{round.pk}/shortlist", {"top": 1}).status_code == 403
    assert not Assignment.objects.exists()
    assert member_api.get(ROUNDS).status_code == 404


def test_a_change_to_a_conflict_is_refused_with_reasons(world, staff_api, korean_staff_api):
    award, apps, (ana, *_), round = world
    staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    before = set(Assignment.objects.values_list("application_id", "judge_id"))
    other = Assignment.objects.filter(application=apps[0]).first().judge
    change = {"kind": "replace", "application": apps[0].pk, "judge": other.pk, "new_judge": ana.pk}
    response = staff_api.post(f"{ROUNDS}/{round.pk}/assignment/changes", change)
    assert response.status_code == 400
    message = response.json()["errors"]["__all__"][0]
    assert "conflict of interest" in message and "same city (Seoul)" in message
    korean = korean_staff_api.post(f"{ROUNDS}/{round.pk}/assignment/changes", change)
    assert korean.status_code == 400
    assert korean.json()["detail"] == "데이터가 유효하지 않습니다."
    assert set(Assignment.objects.values_list("application_id", "judge_id")) == before


def test_a_valid_change_and_unknown_ids(world, staff_api):
    award, apps, judges, round = world
    staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    app = apps[3]
    on = set(Assignment.objects.filter(application=app).values_list("judge_id", flat=True))
    old = next(iter(on))
    new = next(j.pk for j in judges if j.pk not in on and j.city != app.city)
    response = staff_api.post(
        f"{ROUNDS}/{round.pk}/assignment/changes",
        {"kind": "replace", "application": app.pk, "judge": old, "new_judge": new},
    )
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert Assignment.objects.filter(application=app, judge_id=new).exists()
    else:  # only a load limit can stand in the way
        assert "above the limit" in response.json()["errors"]["__all__"][0]
    assert (
        staff_api.post(
            f"{ROUNDS}/{round.pk}/assignment/changes",
            {"kind": "replace", "application": 999999, "judge": old, "new_judge": new},
        ).status_code
        == 404
    )
    bad_kind = staff_api.post(
        f"{ROUNDS}/{round.pk}/assignment/changes", {"kind": "shuffle", "application": app.pk}
    )
    assert bad_kind.status_code == 400


def test_a_judge_reads_and_saves_only_their_own_scores(world, staff_api):
    award, apps, (ana, ben, *_), round = world
    staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    mine = as_user(ana.user).get("/summits/smart/judging/my/assignments").json()
    assert {m["id"] for m in mine} == set(
        Assignment.objects.filter(judge=ana).values_list("pk", flat=True)
    )
    impact, feasibility = round.criteria.all()
    target = mine[0]["id"]
    path = f"/summits/smart/judging/my/assignments/{target}/score"
    saved = as_user(ana.user).patch(
        path, {"criteria": {str(impact.pk): 10, str(feasibility.pk): 5}, "comment": "Strong"}
    )
    assert saved.status_code == 200
    assert saved.json()["value"] == 100.0
    assert as_user(ana.user).get(path).json()["comment"] == "Strong"
    # Ben is not assigned to it (or is, but the score is Ana's): his path is his own.
    assert as_user(ben.user).get(path).status_code == 404
    assert as_user(ben.user).patch(path, {"comment": "mine now"}).status_code == 404
    assert Score.objects.get(assignment_id=target).comment == "Strong"
    invalid = as_user(ana.user, "ko").patch(path, {"criteria": {str(impact.pk): 0}})
    assert invalid.status_code == 400
    assert invalid.json()["detail"] == "데이터가 유효하지 않습니다."
    assert "criteria." + str(impact.pk) in invalid.json()["errors"]


def test_a_conflicted_application_is_not_found_in_the_api(world, staff_api):
    award, apps, (ana, *_), round = world
    staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    assignment = Assignment.objects.filter(judge=ana).first()
    services.declare_conflict(
        actor=ana.user, judge=ana, application=assignment.application, reason="Former client"
    )
    path = f"/summits/smart/judging/my/assignments/{assignment.pk}/score"
    assert as_user(ana.user).patch(path, {"comment": "x"}).status_code == 404


def test_results_and_shortlist_for_staff(world, staff_api):
    award, apps, judges, round = world
    round.method = "yes_no"
    round.save()
    staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    for assignment in Assignment.objects.select_related("judge__user"):
        verdict = "yes" if assignment.application_id == apps[0].pk else "no"
        as_user(assignment.judge.user).patch(
            f"/summits/smart/judging/my/assignments/{assignment.pk}/score", {"verdict": verdict}
        )
    results = staff_api.get(f"{ROUNDS}/{round.pk}/results").json()
    first = next(r for r in results["rows"] if r["application"] == apps[0].pk)
    assert first["raw"] == 100.0 and first["place"] == 1
    tie = staff_api.post(f"{ROUNDS}/{round.pk}/shortlist", {"top": 1})
    assert tie.status_code == 400
    assert "Tied at the cut" in tie.json()["errors"]["__all__"][0]
    ok = staff_api.post(f"{ROUNDS}/{round.pk}/shortlist", {"threshold": 50})
    assert ok.json()["applications"] == [apps[0].pk]
    assert list(ShortlistEntry.objects.values_list("application_id", flat=True)) == [apps[0].pk]
    missing = staff_api.post(f"{ROUNDS}/{round.pk}/shortlist", {})
    assert missing.status_code == 400


def test_staff_create_a_round_with_validation(world, staff_api, korean_staff_api):
    award, *_ = world
    body = {
        "award": award.pk,
        "name": {"ko": "2차 심사", "en": "Second round"},
        "opens_at": "2030-01-01T00:00:00Z",
        "closes_at": "2030-01-10T00:00:00Z",
        "method": "yes_no",
    }
    created = staff_api.post(ROUNDS, body)
    assert created.status_code == 201
    assert created.json()["number"] == 2
    wrong = korean_staff_api.post(ROUNDS, {**body, "closes_at": "2029-01-01T00:00:00Z"})
    assert wrong.status_code == 400
    assert wrong.json()["detail"] == "데이터가 유효하지 않습니다."
    assert award.rounds.count() == 2
    rubric = staff_api.post(ROUNDS, {**body, "method": "rubric"})
    assert rubric.status_code == 400
    assert award.rounds.count() == 2


def test_the_judges_round_list(world, staff_api):
    award, apps, (ana, *_), round = world
    assert as_user(ana.user).get(ROUNDS).json() == []
    staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    assert [r["id"] for r in as_user(ana.user).get(ROUNDS).json()] == [round.pk]


def test_an_applicant_sees_no_judging_in_the_api(world, staff_api):
    award, apps, judges, round = world
    staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    applicant = as_user(apps[0].applicant)
    assert applicant.get(ROUNDS).status_code == 404
    assert applicant.get("/summits/smart/judging/my/assignments").json() == []
    assert applicant.get(f"{ROUNDS}/{round.pk}/assignment").status_code == 403


def test_staff_without_permission(world, staff_without_permission_api):
    award, apps, judges, round = world
    response = staff_without_permission_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    assert response.status_code == 403
    assert response.json() == {"detail": "Only judging staff may do this."}
    assert not Assignment.objects.exists()


def test_the_final_round_decides_winners_in_the_api(world, staff_api):
    award, apps, judges, round = world
    round.method = "yes_no"
    round.is_final = True
    round.save()
    staff_api.post(f"{ROUNDS}/{round.pk}/assignment", {})
    for assignment in Assignment.objects.select_related("judge__user"):
        verdict = "yes" if assignment.application_id in (apps[0].pk, apps[1].pk) else "no"
        as_user(assignment.judge.user).patch(
            f"/summits/smart/judging/my/assignments/{assignment.pk}/score", {"verdict": verdict}
        )
    tie = staff_api.post(f"{ROUNDS}/{round.pk}/winners", {"top": 2})
    assert tie.status_code == 400
    chosen = staff_api.post(
        f"{ROUNDS}/{round.pk}/winners", {"applications": [apps[0].pk, apps[1].pk]}
    )
    assert chosen.status_code == 200
    assert {w["application"] for w in chosen.json()} == {apps[0].pk, apps[1].pk}
    assert chosen.json()[0]["prize_title"]["ko"].startswith("스마트도시 상")
    assert (
        as_user(apps[0].applicant).post(f"{ROUNDS}/{round.pk}/winners", {"top": 1}).status_code
        == 403
    )
