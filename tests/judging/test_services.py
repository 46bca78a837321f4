"""Judging services: optimal assignment, checked hand changes, conflicts, scores, results,
shortlists and winners, each recorded in the history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from summitry.awards.models import Winner
from summitry.judging import queries, services
from summitry.judging.models import Assignment, Conflict, Round, Score, ShortlistEntry
from summitry.judging.results import results
from tests.api_support import log_entries

from .support import make_judge, make_round, setup

pytestmark = pytest.mark.django_db


def pairs(round):
    return {(a.application_id, a.judge_id) for a in Assignment.objects.filter(round=round)}


def test_the_solver_assigns_every_application_without_conflicts(organiser):
    award, _cats, apps, (ana, ben, cho, dev) = setup()
    round = make_round(award, k=2, max_load=4)
    solution = services.run_assignment(actor=organiser, round=round)
    assert solution.status == "optimal"
    assigned = pairs(round)
    assert len(assigned) == 12
    for app in apps:
        assert sum(1 for a, _j in assigned if a == app.pk) == 2
    # Ana lives in Seoul, like the first applicant: same-city conflict.
    assert (apps[0].pk, ana.pk) not in assigned
    assert all(sum(1 for _a, j in assigned if j == judge.pk) <= 4 for judge in (ana, ben, cho, dev))
    assert log_entries(Round)[-1]["change_message"] == '[{"changed": {"fields": ["assignments"]}}]'


def test_a_hand_change_to_a_conflict_is_refused_and_changes_nothing(organiser):
    award, _cats, apps, (ana, ben, cho, dev) = setup()
    round = make_round(award, k=2, max_load=4)
    services.run_assignment(actor=organiser, round=round)
    before = pairs(round)
    other = next(j for a, j in before if a == apps[0].pk)
    with pytest.raises(ValidationError) as refused:
        services.change_assignment(
            actor=organiser,
            round=round,
            kind="replace",
            application=apps[0],
            judge=queries.judge_for_staff(award.summit, other),
            new_judge=ana,
        )
    assert "conflict of interest" in refused.value.messages[0]
    assert "same city (Seoul)" in refused.value.messages[0]
    assert pairs(round) == before


def test_a_valid_hand_change_is_applied_and_recorded(organiser):
    award, _cats, apps, judges = setup()
    round = make_round(award, k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    app = apps[1]
    on = {j for a, j in pairs(round) if a == app.pk}
    old = next(j for j in judges if j.pk in on)
    new = next(j for j in judges if j.pk not in on and j.pk != judges[0].pk or j.pk not in on)
    services.change_assignment(
        actor=organiser, round=round, kind="replace", application=app, judge=old, new_judge=new
    )
    assert (app.pk, new.pk) in pairs(round)
    assert (app.pk, old.pk) not in pairs(round)
    assert Assignment.objects.get(round=round, application=app, judge=new).manual
    actions = [e["action_flag"] for e in log_entries(Assignment)]
    assert actions[-2:] == [3, 1]  # deleted, added


def test_removing_a_judge_below_the_count_is_refused(organiser):
    award, _cats, apps, _judges = setup()
    round = make_round(award, k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    judge_id = next(j for a, j in pairs(round) if a == apps[2].pk)
    with pytest.raises(ValidationError) as refused:
        services.change_assignment(
            actor=organiser,
            round=round,
            kind="remove",
            application=apps[2],
            judge=queries.judge_for_staff(award.summit, judge_id),
        )
    assert "needs 2" in refused.value.messages[0]


def test_a_language_the_judge_does_not_read_is_refused(organiser):
    award, _cats, apps, (ana, ben, cho, dev) = setup()
    apps[3].language = "ko"
    apps[3].save()
    round = make_round(award, k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    assert (apps[3].pk, dev.pk) not in pairs(round)
    judge_id = next(j for a, j in pairs(round) if a == apps[3].pk)
    with pytest.raises(ValidationError) as refused:
        services.change_assignment(
            actor=organiser,
            round=round,
            kind="replace",
            application=apps[3],
            judge=queries.judge_for_staff(award.summit, judge_id),
            new_judge=dev,
        )
    assert "does not read the language" in refused.value.messages[0]


def test_only_staff_run_the_assignment():
    award, _cats, _apps, (ana, *_rest) = setup()
    round = make_round(award)
    with pytest.raises(PermissionDenied):
        services.run_assignment(actor=ana.user, round=round)


def test_a_declared_conflict_takes_the_judge_off_and_hides_the_application(organiser):
    award, _cats, apps, (ana, ben, cho, dev) = setup()
    round = make_round(award, k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    assignment = Assignment.objects.filter(round=round, judge=ben).first()
    application = assignment.application
    services.declare_conflict(
        actor=ben.user, judge=ben, application=application, reason="My former employer"
    )
    assert Conflict.objects.filter(judge=ben, application=application).exists()
    assert not Assignment.objects.filter(judge=ben, application=application).exists()
    with pytest.raises(Http404):
        queries.my_assignment(award.summit, ben.user, round.pk, application.pk)
    # Staff cannot put him back: the conflict is checked like the automatic ones.
    with pytest.raises(ValidationError) as refused:
        services.change_assignment(
            actor=organiser, round=round, kind="add", application=application, new_judge=ben
        )
    assert "declared conflict" in refused.value.messages[0]


def test_a_conflict_by_organisation_name_blocks_the_pair(organiser):
    award, _cats, apps, (ana, ben, cho, dev) = setup()
    services.update_profile(
        actor=cho.user,
        judge=cho,
        expertise=["people-centric"],
        languages=["ko", "en"],
        conflict_organisations=["  city   3 "],
    )
    round = make_round(award, k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    assert (apps[2].pk, cho.pk) not in pairs(round)
    assert services.conflict_reasons(round, cho, apps[2]) == ["declared conflict"]


def test_a_profile_needs_a_language():
    award, _cats, _apps, (ana, *_rest) = setup()
    with pytest.raises(ValidationError):
        services.update_profile(
            actor=ana.user, judge=ana, expertise=[], languages=[], conflict_organisations=[]
        )


def _assigned(round, judge):
    return list(Assignment.objects.filter(round=round, judge=judge).select_related("round"))


def test_rubric_scores_are_weighted_and_only_the_judges_own(organiser):
    award, _cats, _apps, (ana, ben, *_rest) = setup()
    round = make_round(award, k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    impact, feasibility = round.criteria.all()
    assignment = _assigned(round, ana)[0]
    score = services.save_score(
        actor=ana.user, assignment=assignment, criteria={str(impact.pk): 10}
    )
    assert score.value is None  # not complete yet
    score = services.save_score(
        actor=ana.user, assignment=assignment, criteria={str(feasibility.pk): 3}, comment="Good"
    )
    # (2 × 9/9 + 1 × 2/4) / 3 × 100
    assert score.value == pytest.approx(83.33)
    assert score.comment == "Good"
    with pytest.raises(PermissionDenied):
        services.save_score(actor=ben.user, assignment=assignment, comment="not mine")
    with pytest.raises(ValidationError):
        services.save_score(actor=ana.user, assignment=assignment, criteria={str(impact.pk): 11})
    assert Score.objects.get(pk=score.pk).criteria == {str(impact.pk): 10, str(feasibility.pk): 3}
    assert len(log_entries(Score)) == 2


def test_abstaining_needs_a_reason(organiser):
    award, _cats, _apps, (ana, *_rest) = setup()
    round = make_round(award, method="yes_no", k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    assignment = _assigned(round, ana)[0]
    with pytest.raises(ValidationError):
        services.save_score(actor=ana.user, assignment=assignment, abstained=True)
    score = services.save_score(
        actor=ana.user, assignment=assignment, abstained=True, abstain_reason="I advised them"
    )
    assert score.abstained and score.value is None and score.is_complete


def test_a_closed_round_takes_no_scores(organiser):
    award, _cats, _apps, (ana, *_rest) = setup()
    round = make_round(award, method="yes_no", k=2, max_load=6, open_now=False)
    services.run_assignment(actor=organiser, round=round)
    with pytest.raises(ValidationError):
        services.save_score(actor=ana.user, assignment=_assigned(round, ana)[0], verdict="yes")


def test_ranking_scores_need_distinct_ranks(organiser):
    award, _cats, _apps, (ana, *_rest) = setup()
    round = make_round(award, method="ranking", k=2, max_load=4)
    services.run_assignment(actor=organiser, round=round)
    mine = _assigned(round, ana)
    first = services.save_score(actor=ana.user, assignment=mine[0], rank=1)
    assert first.value == 100.0
    with pytest.raises(ValidationError):
        services.save_score(actor=ana.user, assignment=mine[1], rank=1)
    last = services.save_score(actor=ana.user, assignment=mine[1], rank=len(mine))
    assert last.value == 0.0


def score_everything(round, values):
    """Each judge gives their assignments the values in order (yes_no rounds)."""
    for assignment in Assignment.objects.filter(round=round).select_related("judge__user"):
        verdict = values(assignment)
        services.save_score(actor=assignment.judge.user, assignment=assignment, verdict=verdict)


def test_results_normalise_flag_and_rank(organiser):
    award, (people, leadership), apps, judges = setup()
    round = make_round(award, method="yes_no", k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    strong = {apps[0].pk, apps[1].pk}
    score_everything(round, lambda a: "yes" if a.application_id in strong else "no")
    table = results(round)
    rows = {r["application"].pk: r for r in table["rows"]}
    assert rows[apps[0].pk]["raw"] == 100.0
    assert rows[apps[2].pk]["raw"] == 0.0
    assert rows[apps[0].pk]["normalised"] > rows[apps[2].pk]["normalised"]
    assert not any(r["disagree"] for r in table["rows"])
    people_rows = next(g for g in table["categories"] if g["category"] == people)["rows"]
    assert people_rows[0]["application"] == apps[0]
    assert people_rows[0]["place"] == 1


def test_disagreement_is_flagged(organiser):
    award, _cats, apps, judges = setup()
    round = make_round(award, method="yes_no", k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    seen = set()

    def split(assignment):
        first = assignment.application_id not in seen
        seen.add(assignment.application_id)
        return "yes" if first else "no"

    score_everything(round, split)
    assert all(r["disagree"] for r in results(round)["rows"])


def test_shortlist_feeds_the_next_round_and_ties_are_refused(organiser):
    award, (people, leadership), apps, judges = setup()
    round = make_round(award, method="yes_no", k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    score_everything(round, lambda a: "yes" if a.application_id == apps[0].pk else "no")
    # In leadership every application scored "no" by both judges: a tie across the cut.
    with pytest.raises(ValidationError) as refused:
        services.set_shortlist(actor=organiser, round=round, top=1)
    assert "Tied at the cut" in refused.value.messages[0]
    assert not ShortlistEntry.objects.exists()
    chosen = services.set_shortlist(actor=organiser, round=round, threshold=60)
    assert [a.pk for a in chosen] == [apps[0].pk]
    services.set_shortlist(actor=organiser, round=round, application_ids=[apps[0].pk, apps[1].pk])
    second = make_round(award, number=2, source="shortlist", method="yes_no", k=2, max_load=6)
    assert set(queries.round_applications(second)) == {apps[0], apps[1]}
    services.run_assignment(actor=organiser, round=second)
    assert {a for a, _j in pairs(second)} == {apps[0].pk, apps[1].pk}


def test_the_final_round_decides_winners_through_the_awards_service(organiser):
    award, (people, leadership), apps, judges = setup()
    final = make_round(award, method="yes_no", k=2, max_load=6, is_final=True)
    services.run_assignment(actor=organiser, round=final)
    best = {apps[0].pk, apps[1].pk}
    score_everything(final, lambda a: "yes" if a.application_id in best else "no")
    winners = services.decide_winners(
        actor=organiser, round=final, application_ids=[apps[0].pk, apps[1].pk]
    )
    assert {w.application_id for w in winners} == best
    assert Winner.objects.count() == 2
    assert Winner.objects.get(application=apps[0]).prize_title_en == (
        "Smart City Prize · People-centric"
    )
    final.refresh_from_db()
    assert final.decided_at is not None
    assert log_entries(Round)[-1] == {
        "user__username": "organiser",
        "object_id": str(final.pk),
        "action_flag": 2,
        "change_message": '[{"changed": {"fields": ["winners"]}}]',
    }
    assert log_entries(Winner)[-1]["user__username"] == "organiser"


def test_awards_pages_let_only_assigned_unconflicted_judges_view(organiser):
    from summitry.awards.rules import may_view_application

    award, _cats, apps, (ana, ben, cho, dev) = setup()
    round = make_round(award, k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    assignment = Assignment.objects.filter(judge=ben).first()
    application = assignment.application
    assert may_view_application(ben.user, application)
    outsider = next(
        j
        for j in (ana, cho, dev)
        if not Assignment.objects.filter(judge=j, application=application).exists()
    )
    assert not may_view_application(outsider.user, application)
    services.declare_conflict(actor=ben.user, judge=ben, application=application, reason="Kin")
    assert not may_view_application(ben.user, application)


def test_only_the_final_round_decides(organiser):
    award, _cats, apps, _judges = setup()
    round = make_round(award, method="yes_no")
    with pytest.raises(ValidationError):
        services.decide_winners(actor=organiser, round=round, application_ids=[apps[0].pk])


def test_an_infeasible_round_says_why(organiser):
    award, _cats, _apps, _judges = setup()
    round = make_round(award, k=4, max_load=1)
    with pytest.raises(ValidationError) as refused:
        services.run_assignment(actor=organiser, round=round)
    assert "No assignment keeps every rule" in refused.value.messages[0]
    assert not Assignment.objects.exists()


def test_a_new_judge_joins_the_judges_group():
    award, *_rest = setup()
    judge = make_judge(award, "eve")
    assert judge.user.groups.filter(name="Judges").exists()
    assert not judge.user.is_staff
