"""A large export (core.exports) done by a real Celery worker on Redis and PostgreSQL: the
worker process killed with ``kill -9`` in the middle of the export is replaced, the task goes
back to the queue, and the run completes once with one file in the shared storage.

"Mid-export" is made certain without sleeping: the test holds an exclusive lock on the table
of delegates, which the export reads, so the worker waits there when it is killed."""

from __future__ import annotations

import csv
import io
import os
import signal

import pytest
from django.db import connection

from summitry.core.models import Run
from summitry.delegations import exchange, services
from tests.delegations.conftest import (  # noqa: F401 - fixtures
    contact,
    delegation,
    invited,
    member_data,
    summit,
    wellington,
)
from tests.deploy.test_worker import children_of, until, worker  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_killed_mid_export_is_replaced_and_leaves_one_file(
    worker,  # noqa: F811
    delegation,  # noqa: F811
    contact,  # noqa: F811
    organiser,
    tmp_path,
):
    process, queue, sender, log = worker
    for n in range(3):
        services.add_member(
            actor=contact, delegation=delegation, data=member_data(given_name=f"Tory{n}")
        )
    run = Run.objects.create(
        summit=delegation.summit,
        kind="export:" + exchange.PEOPLE_EXPORT,
        subject="worker",
        requested_by=organiser,
        progress={"language": "en", "params": {}},
    )
    import psycopg

    db = connection.settings_dict
    holder = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )
    try:
        # The export reads the delegates: it waits for this lock inside its work.
        holder.execute("LOCK TABLE delegations_delegate IN ACCESS EXCLUSIVE MODE")
        sender.send_task("summitry.core.tasks.export", args=[run.pk], queue=queue)

        def running() -> bool:
            run.refresh_from_db()
            return run.status == "running"

        until(running, "the worker never started the export", log)
        until(
            lambda: holder.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            ).fetchone()[0],
            "the worker never reached the delegates' lock",
            log,
        )
        (child,) = until(lambda: children_of(process.pid), "no worker process", log)
        os.kill(child, signal.SIGKILL)
        until(
            lambda: children_of(process.pid) - {child},
            "the killed process was not replaced",
            log,
        )
    finally:
        holder.rollback()
        holder.close()

    def done() -> bool:
        run.refresh_from_db()
        return run.finished

    until(done, "the export never finished", log)
    assert (run.status, run.attempts, run.result["rows"]) == ("done", 2, 3), run.errors
    folder = tmp_path / "media" / "exports" / f"summit-{run.summit_id}"
    assert sorted(p.name for p in folder.iterdir()) == [f"run-{run.pk}.csv"]
    rows = list(
        csv.reader(io.StringIO(folder.joinpath(f"run-{run.pk}.csv").read_text("utf-8-sig")))
    )
    assert rows[0] == exchange.PEOPLE_COLUMNS and len(rows) == 4
    assert "SIGKILL" in log.read_text() or "signal 9" in log.read_text()
