"""A real Celery worker for the deploy tests (a worker process of its own on a queue of its own,
sharing PostgreSQL and Redis with the test), and the way they kill it in the middle of a task.

"Mid-task" is made certain without sleeping: the test holds a database lock that the task takes
inside its work, so the worker waits there (the test sees the run running and the worker's
database session waiting on a lock) when its process is killed with ``kill -9``.

Needs PostgreSQL (DATABASE_URL) and Redis (SUMMITRY_TEST_REDIS_URL, default
redis://127.0.0.1:6379/0)."""

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

from summitry.core.models import Run
from tests.deploy.test_two_nodes import REDIS, redis_reachable

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
    """``(process, queue, sender, log_path)``: the worker's process, its queue, a Celery app
    that sends to it, and its log."""
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


def kill_mid_run(worker, run: Run, task: str, *, lock: str, params=(), what: str) -> None:
    """Send ``task`` for ``run`` to the worker while the test holds ``lock`` (SQL that takes a
    lock the task waits for inside its work), kill the worker's process once it waits there,
    see it replaced, let go of the lock, and wait until the run is finished (its last try)."""
    import psycopg

    process, queue, sender, log = worker
    db = connection.settings_dict
    holder = psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
    )
    try:
        holder.execute(lock, list(params))
        sender.send_task(task, args=[run.pk], queue=queue)

        def running() -> bool:
            run.refresh_from_db()
            return run.status == "running"

        until(running, f"the worker never started the {what}", log)
        until(
            lambda: holder.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            ).fetchone()[0],
            f"the worker never reached the lock ({what})",
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

    until(done, f"the {what} never finished", log)
    assert "SIGKILL" in log.read_text() or "signal 9" in log.read_text()
