"""A real Celery worker on Redis and PostgreSQL: a run of the meeting scheduler queued in the
broker is done by the worker; a worker process killed with ``kill -9`` in the middle of the
run is replaced, the task goes back to the queue (acknowledged late, rejected when its worker
is lost) and the run completes once.

"Mid-run" is made certain without sleeping: the test holds the summit's row lock, which the
scheduler takes inside its work, so the worker is stopped there, waiting, when it is killed
(tests.deploy.worker_harness).

Needs PostgreSQL (DATABASE_URL) and Redis (SUMMITRY_TEST_REDIS_URL, default
redis://127.0.0.1:6379/0; the worker listens on a queue of its own)."""

from __future__ import annotations

import pytest

from summitry.core.models import AuditEntry, Run
from tests.deploy.worker_harness import kill_mid_run, worker  # noqa: F401 - the fixture
from tests.diplomacy.conftest import accepted, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def schedule_changes() -> int:
    return sum("bilateral schedule" in (e.fields or []) for e in AuditEntry.objects.all())


def test_a_worker_killed_mid_run_is_replaced_and_the_run_completes_once(worker, world):  # noqa: F811
    meeting = accepted(world)
    run = Run.objects.create(
        summit=world.summit,
        kind="diplomacy.schedule",
        subject=f"summit:{world.summit.pk}",
        requested_by=world.officer,
    )
    # The summit's row lock: the scheduler waits for it inside its work.
    kill_mid_run(
        worker,
        run,
        "summitry.diplomacy.tasks.schedule_meetings",
        lock="SELECT id FROM summits_summit WHERE id = %s FOR UPDATE",
        params=[world.summit.pk],
        what="run",
    )
    meeting.refresh_from_db()
    assert (run.status, run.attempts, run.result["placed"]) == ("done", 2, 1), run.errors
    assert meeting.is_scheduled
    assert schedule_changes() == 1  # the killed attempt left nothing behind
