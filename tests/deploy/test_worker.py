"""A real Celery worker on Redis and PostgreSQL: a run of the meeting scheduler queued in the
broker is done by the worker; a worker process killed with ``kill -9`` in the middle of the
run is replaced, the task goes back to the queue (acknowledged late, rejected when its worker
is lost) and the run completes once.

"Mid-run" is made certain without sleeping: the test holds the summit's row lock, which the
scheduler takes inside its work, so the worker is stopped there, waiting (the test sees the run
running and the worker's database session waiting on a lock) when it is killed.

Needs PostgreSQL (DATABASE_URL) and Redis (SUMMITRY_TEST_REDIS_URL, default
redis://127.0.0.1:6379/0; the worker listens on a queue of its own)."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from summitry.core.models import AuditEntry, Run
from tests.deploy.test_two_nodes import REDIS, redis_reachable
from tests.diplomacy.conftest import accepted, world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def until(condition, what: str, log: Path, seconds: float = 60.0):
    """Poll ``condition`` until it holds, failing with the worker's log after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"{what}\n{log.read_text()[-4000:]}"
        time.sleep(0.1)  # polling with a deadline, not a timed assertion


@pytest.fixture
def worker(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares PostgreSQL with the test (CI runs the suite on it)")
    if not redis_reachable():
        pytest.skip(f"the worker needs Redis: none at {REDIS}")
    queue = f"test-worker-{secrets.token_hex(4)}"
    (tmp_path / "worker_settings.py").write_text(
        "from summitry.settings.production import *  # noqa: F403\n"
        f'CACHES["default"]["KEY_PREFIX"] = "{queue}"  # noqa: F405\n'
        f'CELERY_TASK_DEFAULT_QUEUE = "{queue}"\n'
    )
    db = connection.settings_dict
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("SUMMITRY_", "DJANGO_"))},
        "DJANGO_SETTINGS_MODULE": "worker_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "SUMMITRY_SECRET_KEY": secrets.token_urlsafe(48),
        "SUMMITRY_ALLOWED_HOSTS": "127.0.0.1",
        "SUMMITRY_REDIS_URL": REDIS,
        "SUMMITRY_BROKER_URL": REDIS,
        "SUMMITRY_CONN_MAX_AGE": "0",
        "SUMMITRY_LOG_FORMAT": "text",
        "SUMMITRY_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SUMMITRY_MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src")]),
    }
    log_path = tmp_path / "worker.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "summitry.celery",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            "1",
            "--queues",
            queue,
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    from celery import Celery

    sender = Celery(broker=REDIS)
    try:
        yield process, queue, sender, log_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        import redis

        client = redis.Redis.from_url(REDIS)
        client.delete(queue)
        for key in client.scan_iter(match=f"{queue}:*"):
            client.delete(key)


def schedule_changes() -> int:
    return sum("bilateral schedule" in (e.fields or []) for e in AuditEntry.objects.all())


def test_a_worker_killed_mid_run_is_replaced_and_the_run_completes_once(worker, world):  # noqa: F811
    process, queue, sender, log = worker
    meeting = accepted(world)
    run = Run.objects.create(
        summit=world.summit,
        kind="diplomacy.schedule",
        subject=f"summit:{world.summit.pk}",
        requested_by=world.officer,
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
        # The summit's row lock: the scheduler will wait for it inside its work.
        holder.execute("SELECT id FROM summits_summit WHERE id = %s FOR UPDATE", [world.summit.pk])
        sender.send_task("summitry.diplomacy.tasks.schedule_meetings", args=[run.pk], queue=queue)

        def running() -> bool:
            run.refresh_from_db()
            return run.status == "running"

        until(running, "the worker never started the run", log)
        until(
            lambda: holder.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            ).fetchone()[0],
            "the worker never reached the summit's lock",
            log,
        )
        (child,) = until(lambda: children_of(process.pid), "no worker process", log)
        os.kill(child, signal.SIGKILL)
        # The worker replaces its process; the task goes back to the queue.
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

    until(done, "the run never finished", log)
    meeting.refresh_from_db()
    assert (run.status, run.attempts, run.result["placed"]) == ("done", 2, 1), run.errors
    assert meeting.is_scheduled
    assert schedule_changes() == 1  # the killed attempt left nothing behind
    assert "SIGKILL" in log.read_text() or "signal 9" in log.read_text()
