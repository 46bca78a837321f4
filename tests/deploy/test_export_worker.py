"""A large export (core.exports) done by a real Celery worker on Redis and PostgreSQL: the
worker process killed with ``kill -9`` in the middle of the export is replaced, the task goes
back to the queue, and the run completes once with one file in the shared storage.

"Mid-export" is made certain without sleeping: the test holds an exclusive lock on the table
of delegates, which the export reads, so the worker waits there when it is killed."""

from __future__ import annotations

import csv
import io

import pytest

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
from tests.deploy.worker_harness import kill_mid_run, worker  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_killed_mid_export_is_replaced_and_leaves_one_file(
    worker,  # noqa: F811
    delegation,  # noqa: F811
    contact,  # noqa: F811
    organiser,
    tmp_path,
):
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
    # The export reads the delegates: it waits for this lock inside its work.
    kill_mid_run(
        worker,
        run,
        "summitry.core.tasks.export",
        lock="LOCK TABLE delegations_delegate IN ACCESS EXCLUSIVE MODE",
        what="export",
    )
    assert (run.status, run.attempts, run.result["rows"]) == ("done", 2, 3), run.errors
    folder = tmp_path / "media" / "exports" / f"summit-{run.summit_id}"
    assert sorted(p.name for p in folder.iterdir()) == [f"run-{run.pk}.csv"]
    rows = list(
        csv.reader(io.StringIO(folder.joinpath(f"run-{run.pk}.csv").read_text("utf-8-sig")))
    )
    assert rows[0] == exchange.PEOPLE_COLUMNS and len(rows) == 4
