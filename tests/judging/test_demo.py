"""The demo's judging: sample judges, a judge login, three rounds 240 → 80 → 40 → 21 winners,
set by the solver and the awards service; loading twice changes nothing."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from summitry.awards.models import Award, Winner
from summitry.demo import ssc2023
from summitry.judging import queries, services
from summitry.judging.models import Assignment, Judge, Round, Score, ShortlistEntry
from summitry.solvers import judging as solver
from tests.demo_data import demo_for_the_module

pytestmark = pytest.mark.django_db


demo_loaded = demo_for_the_module("ssc2023")


@pytest.fixture
def demo(demo_loaded):
    return Award.objects.filter(rounds__isnull=False).distinct().get()


def test_three_rounds_to_forty_finalists_and_twenty_one_winners(demo):
    rounds = list(Round.objects.filter(award=demo).order_by("number"))
    assert [r.number for r in rounds] == [1, 2, 3]
    sizes = [queries.round_applications(r).count() for r in rounds]
    assert sizes[1:] == [80, 40]
    assert Winner.objects.filter(award=demo).count() == 21
    assert rounds[2].decided_at is not None
    for round in rounds:
        problem = services.build_problem(round)
        assert solver.violations(problem, services.current_pairs(round)) == []
        assert Score.objects.filter(assignment__round=round).count() == (
            Assignment.objects.filter(round=round).count()
        )


def test_the_judges_are_samples_with_a_demo_login(demo):
    judges = Judge.objects.filter(award=demo)
    assert judges.count() == 16 and all(j.is_sample for j in judges)
    assert {j.is_international for j in judges} == {True, False}
    user = authenticate(
        RequestFactory().post("/accounts/login/"), username="judge", password="summitry-demo"
    )
    assert user is not None and not user.is_staff
    assert user.groups.filter(name="Judges").exists()
    assert queries.my_assignments(demo.summit, user).exists()


def test_loading_twice_changes_nothing(demo):
    def snapshot():
        return (
            list(Assignment.objects.order_by("pk").values_list("pk", "judge_id", "application_id")),
            list(Score.objects.order_by("pk").values_list("pk", "value")),
            list(ShortlistEntry.objects.order_by("pk").values_list("pk", "application_id")),
            list(Winner.objects.order_by("pk").values_list("pk", "application_id", "rank")),
            list(Judge.objects.order_by("pk").values()),
        )

    before = snapshot()
    ssc2023.load()
    assert snapshot() == before
