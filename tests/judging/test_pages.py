"""Judging pages: a judge opens only their own, unconflicted applications; staff manage;
applicants and everyone else get a 404."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from summitry.awards.models import Answer, Question
from summitry.judging import services
from summitry.judging.models import Assignment, Score

from .support import make_round, setup

pytestmark = pytest.mark.django_db


def client_for(user, language="en"):
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


@pytest.fixture
def world(organiser):
    award, cats, apps, judges = setup()
    round = make_round(award, k=2, max_load=4)
    services.run_assignment(actor=organiser, round=round)
    return award, apps, judges, round


def url(round, application, slug="smart"):
    return f"/{slug}/judging/rounds/{round.pk}/applications/{application.pk}/"


def test_the_dashboard_lists_the_judges_own_applications(world):
    award, apps, (ana, ben, *_), round = world
    mine = Assignment.objects.filter(round=round, judge=ana)
    response = client_for(ana.user).get("/smart/judging/")
    assert response.status_code == 200
    html = response.content.decode()
    for assignment in mine:
        assert url(round, assignment.application) in html
    others = {a.application_id for a in Assignment.objects.filter(round=round)} - {
        a.application_id for a in mine
    }
    for application_id in others:
        assert f"/applications/{application_id}/" not in html
    assert client_for(ana.user).get("/judging/").status_code == 302


def test_a_judge_scores_with_autosave_and_sees_no_other_judge(world):
    award, apps, (ana, ben, *_), round = world
    assignment = Assignment.objects.filter(round=round, judge=ana).first()
    impact, feasibility = round.criteria.all()
    client = client_for(ana.user)
    page = client.get(url(round, assignment.application))
    assert page.status_code == 200
    html = page.content.decode()
    co_judge = (
        Assignment.objects.filter(round=round, application=assignment.application)
        .exclude(judge=ana)
        .first()
        .judge
    )
    assert str(co_judge) not in html
    saved = client.post(
        url(round, assignment.application),
        {f"criterion_{impact.pk}": "8", f"criterion_{feasibility.pk}": "5", "comment": "Clear"},
        headers={"HX-Request": "true"},
    )
    assert saved.status_code == 200
    assert "Saved" in saved.content.decode()
    score = Score.objects.get(assignment=assignment)
    assert score.comment == "Clear"
    assert score.value == pytest.approx(85.19, abs=0.01)
    refused = client.post(
        url(round, assignment.application),
        {f"criterion_{impact.pk}": "99"},
        headers={"HX-Request": "true"},
    )
    assert "scored from 1 to 10" in refused.content.decode()
    assert Score.objects.get(assignment=assignment).criteria[str(impact.pk)] == 8


def test_save_and_next_moves_on(world):
    award, apps, (ana, *_), round = world
    mine = list(
        Assignment.objects.filter(round=round, judge=ana).order_by(
            "application__reference", "application__pk"
        )
    )
    client = client_for(ana.user)
    htmx = client.post(
        url(round, mine[0].application),
        {"comment": "Fine", "go": "next"},
        headers={"HX-Request": "true"},
    )
    assert htmx["HX-Redirect"] == url(round, mine[1].application)
    plain = client.post(url(round, mine[0].application), {"comment": "Fine", "go": "next"})
    assert plain.status_code == 302 and plain["Location"] == url(round, mine[1].application)


def test_abstaining_from_the_page_needs_a_reason(world):
    award, apps, (ana, *_), round = world
    assignment = Assignment.objects.filter(round=round, judge=ana).first()
    client = client_for(ana.user)
    refused = client.post(url(round, assignment.application), {"action": "abstain"})
    assert refused.status_code == 400
    assert not Score.objects.filter(assignment=assignment).exists()
    client.post(
        url(round, assignment.application),
        {"action": "abstain", "abstain_reason": "I know the team"},
    )
    assert Score.objects.get(assignment=assignment).abstained


def test_a_judge_cannot_open_an_unassigned_application(world):
    award, apps, (ana, *_), round = world
    mine = set(
        Assignment.objects.filter(round=round, judge=ana).values_list("application_id", flat=True)
    )
    other = next(a for a in apps if a.pk not in mine)
    assert client_for(ana.user).get(url(round, other)).status_code == 404
    assert client_for(ana.user).post(url(round, other), {"comment": "x"}).status_code == 404


def test_a_declared_conflict_closes_the_application(world):
    award, apps, (ana, *_), round = world
    assignment = Assignment.objects.filter(round=round, judge=ana).first()
    client = client_for(ana.user)
    response = client.post(
        url(round, assignment.application) + "conflict/", {"reason": "My brother's city"}
    )
    assert response.status_code == 302
    assert client.get(url(round, assignment.application)).status_code == 404


def test_files_only_for_the_assigned_judge(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    award, apps, (ana, ben, cho, dev), round = world
    assignment = Assignment.objects.filter(round=round, judge=ana).first()
    question = Question.objects.create(award=award, kind="file", label_en="Plan", label_ko="계획")
    answer = Answer(application=assignment.application, question=question, file_name="plan.pdf")
    answer.file.save("plan.pdf", ContentFile(b"%PDF-1.4 plan"), save=True)
    assert client_for(ana.user).get(f"/smart/judging/files/{answer.pk}/").status_code == 200
    outsider = next(
        j
        for j in (ben, cho, dev)
        if not Assignment.objects.filter(judge=j, application=assignment.application).exists()
    )
    assert client_for(outsider.user).get(f"/smart/judging/files/{answer.pk}/").status_code == 404
    applicant = assignment.application.applicant
    assert client_for(applicant).get(f"/smart/judging/files/{answer.pk}/").status_code == 404


def test_applicants_and_anonymous_see_no_judging(world):
    award, apps, (ana, *_), round = world
    applicant = apps[0].applicant
    for path in (
        "/smart/judging/",
        url(round, apps[0]),
        "/smart/judging/profile/",
        "/smart/manage/judging/",
        f"/smart/manage/judging/rounds/{round.pk}/",
        f"/smart/manage/judging/rounds/{round.pk}/results/",
    ):
        assert client_for(applicant).get(path).status_code == 404, path
        assert Client().get(path).status_code == 302, path


def test_judges_cannot_manage(world):
    award, apps, (ana, *_), round = world
    client = client_for(ana.user)
    assert client.get("/smart/manage/judging/").status_code == 404
    assert client.post(f"/smart/manage/judging/rounds/{round.pk}/assign/").status_code == 404


def test_the_profile_saves_expertise_languages_and_conflicts(world):
    award, apps, (ana, *_), round = world
    client = client_for(ana.user)
    page = client.get("/smart/judging/profile/")
    assert page.status_code == 200
    assert "People-centric" in page.content.decode()
    client.post(
        "/smart/judging/profile/",
        {
            "expertise": ["leadership"],
            "other_expertise": "mobility, data",
            "languages": ["en"],
            "conflict_organisations": "City 5\n",
        },
    )
    ana.refresh_from_db()
    assert ana.expertise == ["data", "leadership", "mobility"]
    assert ana.languages == ["en"]
    assert ana.conflict_organisations == ["City 5"]


def test_staff_manage_rounds_assignment_and_results(world, organiser):
    award, apps, (ana, ben, cho, dev), round = world
    client = client_for(organiser)
    assert client.get("/smart/manage/judging/").status_code == 200
    matrix = client.get(f"/smart/manage/judging/rounds/{round.pk}/")
    assert matrix.status_code == 200
    assert "●" in matrix.content.decode()
    # A refused hand change says why, in Korean for a Korean reader.
    other = Assignment.objects.filter(round=round, application=apps[0]).first().judge
    refused = client_for(organiser, "ko").post(
        f"/smart/manage/judging/rounds/{round.pk}/",
        {"kind": "replace", "application": apps[0].pk, "judge": other.pk, "new_judge": ana.pk},
    )
    assert refused.status_code == 400
    assert 'class="form-errors"' in refused.content.decode()
    assert Assignment.objects.filter(round=round, application=apps[0], judge=other).exists()
    results = client.get(f"/smart/manage/judging/rounds/{round.pk}/results/")
    assert results.status_code == 200
    assert "z-scores" in results.content.decode()


def test_staff_create_a_round(world, organiser):
    award, *_ = world
    response = client_for(organiser).post(
        "/smart/manage/judging/",
        {
            "award": award.pk,
            "name_en": "Second round",
            "name_ko": "2차 심사",
            "opens_at": "2030-01-01T09:00",
            "closes_at": "2030-01-10T09:00",
            "source": "shortlist",
            "method": "rubric",
            "judges_per_application": 3,
            "max_load": 10,
            "criteria": "Impact | 영향 | 2 | 10\nInnovation | 혁신 | 1 | 5",
        },
    )
    assert response.status_code == 302
    round = award.rounds.get(number=2)
    assert [c.name_en for c in round.criteria.all()] == ["Impact", "Innovation"]
    refused = client_for(organiser).post(
        "/smart/manage/judging/",
        {
            "award": award.pk,
            "name_en": "Third",
            "opens_at": "2030-01-10T09:00",
            "closes_at": "2030-01-01T09:00",
            "source": "eligible",
            "method": "rubric",
            "judges_per_application": 3,
            "max_load": 10,
            "criteria": "Impact",
        },
    )
    assert refused.status_code == 200
    assert "must close after it opens" in refused.content.decode()
    assert not award.rounds.filter(number=3).exists()


@pytest.mark.parametrize("method, marker", [("yes_no", 'type="radio"'), ("ranking", 'name="rank"')])
def test_other_scoring_methods_render_their_inputs(organiser, method, marker):
    award, cats, apps, (ana, *_) = setup()
    round = make_round(award, method=method, k=2, max_load=6)
    services.run_assignment(actor=organiser, round=round)
    assignment = Assignment.objects.filter(round=round, judge=ana).first()
    page = client_for(ana.user).get(url(round, assignment.application))
    assert marker in page.content.decode()


def test_staff_shortlist_and_decide_winners_on_the_results_page(organiser):
    from summitry.awards.models import Winner

    award, cats, apps, judges = setup()
    final = make_round(award, method="yes_no", k=2, max_load=6, is_final=True)
    services.run_assignment(actor=organiser, round=final)
    for assignment in Assignment.objects.filter(round=final).select_related("judge__user"):
        services.save_score(
            actor=assignment.judge.user,
            assignment=assignment,
            verdict="yes" if assignment.application_id == apps[0].pk else "no",
        )
    client = client_for(organiser)
    results_url = f"/smart/manage/judging/rounds/{final.pk}/results/"
    tie = client.post(results_url, {"winners-top": "2"})
    assert tie.status_code == 400
    assert "Tied at the cut" in tie.content.decode()
    assert not Winner.objects.exists()
    decided = client.post(results_url, {"winners-applications": [apps[0].pk]})
    assert decided.status_code == 302
    assert list(Winner.objects.values_list("application_id", flat=True)) == [apps[0].pk]


def test_the_assignment_runs_in_the_task_queue_and_the_page_follows_it(world, organiser):
    """The button queues the solver (run at once without a broker); a run still under way
    shows on the round's page, polled until it is done; a failed run says why."""
    from summitry.core.models import Run, RunStatus

    award, apps, judges, round = world
    Assignment.objects.filter(round=round).delete()
    client = client_for(organiser)
    page = client.post(f"/smart/manage/judging/rounds/{round.pk}/assign/", follow=True)
    assert "Judges are assigned" in page.content.decode()
    run = Run.objects.get(kind="judging.assign", subject=f"round:{round.pk}")
    assert run.status == RunStatus.DONE
    assert run.result["assigned"] == Assignment.objects.filter(round=round).count() > 0
    # A run waiting for a worker: the page shows it and polls its panel.
    waiting = Run.objects.create(
        summit=round.award.summit,
        kind="judging.assign",
        subject=f"round:{round.pk}",
        requested_by=organiser,
    )
    body = client.get(f"/smart/manage/judging/rounds/{round.pk}/").content.decode()
    panel = f"/smart/manage/judging/rounds/{round.pk}/assign/runs/{waiting.pk}/"
    assert 'id="assignment-run"' in body and panel in body
    assert client.get(panel).status_code == 200
    assert client_for(judges[0].user).get(panel).status_code == 404
    # A second click while it waits gets the same run, not a second solver.
    client.post(f"/smart/manage/judging/rounds/{round.pk}/assign/", {"confirmed": "1"})
    assert Run.objects.filter(kind="judging.assign").count() == 2
    waiting.status = RunStatus.FAILED
    waiting.errors = ["No assignment keeps every rule."]
    waiting.save()
    body = client.get(f"/smart/manage/judging/rounds/{round.pk}/").content.decode()
    assert "No assignment keeps every rule." in body


def test_a_task_delivered_twice_assigns_once(world, organiser):
    from summitry.core.models import Run
    from summitry.judging import tasks

    award, apps, judges, round = world
    Assignment.objects.filter(round=round).delete()
    run = services.start_assignment(actor=organiser, round=round)
    first = set(Assignment.objects.filter(round=round).values_list("pk", flat=True))
    assert first
    assert tasks.assign_judges(run.pk) == "already finished"
    assert set(Assignment.objects.filter(round=round).values_list("pk", flat=True)) == first
    assert Run.objects.get(pk=run.pk).attempts == 1
