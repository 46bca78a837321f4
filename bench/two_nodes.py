"""Two nodes: two gunicorn servers (production settings) and one Celery worker sharing one
PostgreSQL database and one Redis, on the demo forum (wcsmf2023), as docs/DEPLOY.md describes.

0. The registration burst of ``registration_burst.py`` spread over two gunicorn servers
   (``--nodes 2``: the client threads alternate between them): none lost, none twice, never
   over capacity, first come, first served (its checks). ``--quick`` makes it 200
   registrations; ``--no-burst`` leaves it out.

1. A run of the meeting scheduler started through node A is done by the worker and followed
   through node B (its status and the solver's progress come from the shared database and
   cache): prints how long until B saw it done, and the statuses B saw.
2. The worker's process is killed with ``kill -9`` in the middle of a run (held at the summit's
   row lock, which the benchmark takes, so the kill is certainly mid-run): the worker replaces
   the process, the task goes back to the queue, and the run completes once (two attempts, one
   change of the schedule in the audit log). Prints the time from the kill to done.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import signal
import subprocess
import sys
import time
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402
from serving import HOST, free_port, wait_until_up  # noqa: E402
from stack import Stack  # noqa: E402

SLUG = "wcsmf2023"


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def until(condition, what: str, seconds: float = 120.0):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out: {what}")
        time.sleep(0.05)  # polling with a deadline


def call(port: int, method: str, path: str, token: str) -> tuple[int, dict]:
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    connection.request(
        method,
        path,
        body=b"{}" if method == "POST" else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    body = json.loads(response.read() or b"{}")
    connection.close()
    return response.status, body


def prepare() -> str:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections

    from summitry.core.tokens import issue_token

    officer = get_user_model().objects.get(username="protocol")
    token = issue_token(user=officer, name="two nodes")[1]
    connections.close_all()
    return token


def schedule_changes() -> int:
    from django.db import connections

    from summitry.core.models import AuditEntry

    count = sum(
        "bilateral schedule" in (fields or [])
        for fields in AuditEntry.objects.values_list("fields", flat=True)
    )
    connections.close_all()
    return count


def registrations_over_two_nodes(quick: bool) -> list[str]:
    """Part 0: the registration burst against two servers; what failed, if anything."""
    command = [sys.executable, str(Path(__file__).with_name("registration_burst.py"))]
    command += ["--nodes", "2", *(["--quick"] if quick else [])]
    print("\n0. registration burst over two nodes: " + " ".join(command[1:]), flush=True)
    done = subprocess.run(command, check=False, timeout=900)
    print(flush=True)
    return [] if done.returncode == 0 else ["the registration burst over two nodes failed"]


def main() -> int:
    print(f"machine: {platform.node()}, {cpus()} CPUs ({cpu_model()}), {memory_gib():.1f} GiB")
    print(f"python {platform.python_version()}, load before: {load_average()}")
    burst_failures = (
        [] if "--no-burst" in sys.argv else registrations_over_two_nodes("--quick" in sys.argv)
    )
    stack = Stack(
        "two_nodes", SUMMITRY_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    failures: list[str] = []
    holder = None
    try:
        stack.create(("demo", "load", SLUG))
        token = prepare()
        ports = [free_port(), free_port()]
        servers = [stack.gunicorn(port, workers=1, threads=4) for port in ports]
        worker = stack.worker(concurrency=1, loglevel="INFO")
        for port, server in zip(ports, servers, strict=True):
            wait_until_up(server, port, "/health/", 120)
        a, b = ports
        print(f"node A :{a}, node B :{b} (gunicorn 1 × 4 threads each), celery worker × 1")
        base = f"/api/v1/summits/{SLUG}/diplomacy/schedule"

        # 1. Started through A, followed through B.
        before = schedule_changes()
        started = time.monotonic()
        status, run = call(a, "POST", f"{base}/run", token)
        answered = time.monotonic() - started
        seen: list[str] = []

        def finished_on_b():
            _status, body = call(b, "GET", f"{base}/runs/{run['id']}", token)
            if not seen or seen[-1] != body["status"]:
                seen.append(body["status"])
            return body if body["status"] in ("done", "failed") else None

        body = until(finished_on_b, "the run was never done")
        elapsed = time.monotonic() - started
        print(
            f"1. run started on A (answered {status} in {answered * 1000:.0f} ms), done as seen "
            f"on B after {elapsed:.2f} s; B saw {' → '.join(seen)}; result {body['result']}"
        )
        if status != 202 or body["status"] != "done":
            failures.append(f"run across nodes: {status}, {body['status']} {body['errors']}")
        if schedule_changes() != before + 1:
            failures.append("the schedule was not changed once")

        # 2. The worker's process killed mid-run.
        import psycopg

        holder = psycopg.connect(stack.database)
        holder.execute(
            "SELECT s.id FROM summits_summit s WHERE s.slug = %s FOR NO KEY UPDATE", [SLUG]
        )
        before = schedule_changes()
        status, run = call(a, "POST", f"{base}/run", token)
        until(
            lambda: call(b, "GET", f"{base}/runs/{run['id']}", token)[1]["status"] == "running",
            "the worker never started the run",
        )
        until(
            lambda: holder.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            ).fetchone()[0],
            "the worker never reached the summit's lock",
        )
        (child,) = until(lambda: children_of(worker.pid), "no worker process")
        os.kill(child, signal.SIGKILL)
        killed = time.monotonic()
        replacement = until(lambda: children_of(worker.pid) - {child}, "no replacement")
        replaced = time.monotonic() - killed
        holder.rollback()
        holder.close()
        holder = None
        body = until(finished_on_b, "the run was never done after the kill")
        done = time.monotonic() - killed
        changes = schedule_changes() - before
        print(
            f"2. worker process {child} killed mid-run; replaced by {sorted(replacement)} after "
            f"{replaced:.2f} s; run {body['status']} after {done:.2f} s, attempts "
            f"{body['attempts']}, schedule changed {changes} time(s)"
        )
        if (body["status"], body["attempts"], changes) != ("done", 2, 1):
            failures.append(f"after the kill: {body['status']}, {body['attempts']}, {changes}")
    finally:
        if holder is not None:
            holder.close()
        stack.close()
    print(f"load after: {load_average()}")
    failures = burst_failures + failures
    for failure in failures:
        print(f"FAIL {failure}")
    if not failures:
        print(
            "ok: registrations across nodes, a run across nodes, and a run whose worker was "
            "killed, each done once"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
