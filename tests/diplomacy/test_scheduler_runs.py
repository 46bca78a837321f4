"""The meeting scheduler runs in the background (core.runs): the officer's request answers
at once with a queued run, the page polls its progress, and the result appears once a worker
has run it; a second click, or the task delivered twice, changes nothing."""

import re

from django.test import Client

from summitry.core.models import AuditEntry, Run
from summitry.diplomacy.tasks import schedule_meetings

from .conftest import accepted


def client_for(user, language="en") -> Client:
    client = Client(headers={"Accept-Language": language})
    client.force_login(user)
    return client


def schedule_changes() -> int:
    return sum("bilateral schedule" in (e.fields or []) for e in AuditEntry.objects.all())


def poll_url(page: str) -> str:
    found = re.search(r'id="scheduler-run"[^>]*hx-get="([^"]+)"', page)
    assert found, "the run's panel polls while the run is under way"
    return found.group(1).replace("&amp;", "&")


def test_the_request_answers_before_the_solve_and_the_result_appears_when_done(
    world, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker: the task leaves after the commit
    meeting = accepted(world)
    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post("/forum/diplomacy/schedule/run/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The scheduler is running; this page shows its progress." in page
    assert "Waiting for a worker since" in page
    assert len(queued) == 1  # the task, sent to the broker once the request commits
    run = Run.objects.get()
    assert (run.status, run.requested_by, run.attempts) == ("queued", world.officer, 0)
    meeting.refresh_from_db()
    assert not meeting.is_scheduled  # nothing solved inside the request

    # A second click (or another officer on another node) gets the run under way.
    with django_capture_on_commit_callbacks(execute=False) as again:
        client.post("/forum/diplomacy/schedule/run/")
    assert again == [] and Run.objects.count() == 1

    url = poll_url(page)
    assert client.get(url, headers={"HX-Request": "true"}).status_code == 204  # no change yet

    # The worker takes the task.
    assert schedule_meetings.apply(args=[run.pk]).get() == "done"
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled.status_code == 200 and polled["HX-Refresh"] == "true"
    fragment = polled.content.decode()
    assert "The scheduler placed 1 meetings; 0 could not be placed." in fragment
    assert "Proven optimal: 0 idle gaps between meetings." in fragment
    assert "hx-get" not in fragment  # finished: the panel stops polling
    meeting.refresh_from_db()
    assert meeting.is_scheduled
    page = client.get("/forum/diplomacy/schedule/").content.decode()
    assert f'id="meeting-{meeting.pk}"' in page and "Proven optimal" in page

    # The same task delivered again (its worker died before acknowledging it): nothing more.
    assert schedule_meetings.apply(args=[run.pk]).get() == "already finished"
    assert schedule_changes() == 1
    run.refresh_from_db()
    assert (run.status, run.attempts, run.result["placed"]) == ("done", 1, 1)
    assert run.progress["gaps"] == 0 and run.progress["proven"] is True


def test_a_run_left_running_by_a_killed_worker_is_run_again_and_stored_once(world):
    meeting = accepted(world)
    run = Run.objects.create(
        summit=world.summit,
        kind="diplomacy.schedule",
        subject=f"summit:{world.summit.pk}",
        requested_by=world.officer,
        status="running",
        attempts=1,
    )
    assert schedule_meetings.apply(args=[run.pk]).get() == "done"
    run.refresh_from_db()
    meeting.refresh_from_db()
    assert (run.status, run.attempts, meeting.is_scheduled) == ("done", 2, True)
    assert schedule_changes() == 1


def test_a_failed_run_says_why_in_the_officers_language_and_a_new_click_starts_afresh(
    world, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    accepted(world)
    client = client_for(world.officer, language="ko")
    with django_capture_on_commit_callbacks(execute=False):
        client.post("/forum/diplomacy/schedule/run/")
    run = Run.objects.get()
    # The officer lost the right to schedule before a worker took the task.
    Run.objects.filter(pk=run.pk).update(requested_by=None)
    assert schedule_meetings.apply(args=[run.pk]).get() == "failed"
    run.refresh_from_db()
    assert run.status == "failed" and run.finished_at is not None
    page = client.get("/forum/diplomacy/schedule/").content.decode()
    assert run.errors[0] in page
    assert run.errors == ["의전 담당자만 할 수 있습니다."]  # Only protocol officers may do this.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post("/forum/diplomacy/schedule/run/")
    assert len(queued) == 1 and Run.objects.filter(status="queued").count() == 1


def test_only_officers_follow_a_run(world):
    accepted(world)
    client = client_for(world.officer)
    client.post("/forum/diplomacy/schedule/run/")
    run = Run.objects.get()
    url = f"/forum/diplomacy/schedule/runs/{run.pk}/"
    assert client.get(url).status_code == 200
    assert client_for(world.wellington_contact).get(url).status_code == 404
    assert client.get(f"/forum/diplomacy/schedule/runs/{run.pk + 1}/").status_code == 404
