"""Mail burst: one CSV import of N invitations (default 200; the issue's figure is 2,000) through
the API of a gunicorn server with the production settings, a broker (Redis) and one Celery
worker, delivering to a local SMTP sink (aiosmtpd) the benchmark starts on 127.0.0.1.

Prints the machine and its load, how long the import's answer took (goal: under 2 s, since
the request only checks the file's shape and queues the import as a background run, 202),
when the run was done, how long until the
worker had delivered every message, mails per second, and the checks: every invitation
delivered, none twice (by Message-ID, fixed per outbox row), every outbox row marked sent.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from email import message_from_bytes
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402
from serving import free_port, stop, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
DATABASE_NAME = "summitry_bench_mail"
DATABASE = f"postgres://postgres@{HOST}:5432/{DATABASE_NAME}"
REDIS = os.environ.get("BENCH_REDIS_URL", f"redis://{HOST}:6379/0")
# A key prefix and a queue of the bench's own in a Redis other work may share.
PREFIX = f"bench-mail-{secrets.token_hex(4)}"
SETTINGS = (
    "from summitry.settings.production import *  # noqa: F403\n"
    f'CACHES["default"]["KEY_PREFIX"] = "{PREFIX}"  # noqa: F405\n'
    f'CELERY_TASK_DEFAULT_QUEUE = "{PREFIX}"\n'
    "WHITENOISE_USE_FINDERS = True\n"
    'STORAGES["staticfiles"] = {"BACKEND": '
    '"django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405\n'
)
GOAL_ANSWER_SECONDS = 2.0


class Sink:
    """An SMTP server that keeps each message's Message-ID (aiosmtpd, in a thread)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.lock = threading.Lock()
        self.first: float | None = None
        self.last: float | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            now = time.monotonic()
            self.first = self.first or now
            self.last = now
            self.ids.append(message.get("Message-ID", ""))
        return "250 OK"


def admin_connection():
    import psycopg

    return psycopg.connect(
        host=HOST, port=5432, user="postgres", dbname="postgres", autocommit=True
    )


def recreate_database() -> str:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        return connection.execute("SHOW server_version").fetchone()[0].split()[0]


def drop_database() -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


def forget_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS)
    client.delete(PREFIX)
    for key in list(client.scan_iter(match=f"{PREFIX}:*", count=1000)):
        client.delete(key)


def environment(scratch: str, smtp_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=DATABASE,
        DJANGO_SETTINGS_MODULE="bench_mail_settings",
        SUMMITRY_SECRET_KEY=secrets.token_urlsafe(48),
        SUMMITRY_ALLOWED_HOSTS=HOST,
        SUMMITRY_SSL_REDIRECT="0",
        SUMMITRY_REDIS_URL=REDIS,
        SUMMITRY_BROKER_URL=REDIS,
        SUMMITRY_EMAIL_HOST=HOST,
        SUMMITRY_EMAIL_PORT=str(smtp_port),
        SUMMITRY_LOG_LEVEL="WARNING",
        SUMMITRY_LOG_FORMAT="text",
        SUMMITRY_HEARTBEAT_MAX_AGE="0",  # no celery beat here
        PYTHONPATH=os.pathsep.join(
            filter(None, [scratch, str(ROOT / "src"), env.get("PYTHONPATH")])
        ),
    )
    return env


def prepare(count: int) -> tuple[str, str, bytes]:
    """A summit, a platform administrator's API token and the CSV of ``count`` contacts."""
    import django

    django.setup()
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import connections

    from summitry.core.tokens import issue_token
    from summitry.summits.models import Summit

    summit = Summit.objects.create(
        slug="burst",
        edition=1,
        name_en="Mail Burst Forum",
        name_ko="메일 폭주 포럼",
        start_date=datetime.date(2030, 9, 24),
        end_date=datetime.date(2030, 9, 26),
        status="published",
    )
    admin = get_user_model().objects.create_superuser("bench-admin", "admin@bench.invalid", None)
    token = issue_token(user=admin, name="mail burst")[1]
    rows = ["slug,kind,name_en,name_ko,country,region,contact_name,contact_email,language"]
    for n in range(count):
        language = "ko" if n % 2 else "en"
        rows.append(
            f"bench-city-{n},city,Bench City {n},벤치 도시 {n},KR,,Contact {n},"
            f"contact{n}@city{n}.bench.invalid,{language}"
        )
    connections.close_all()
    return summit.slug, token, ("\n".join(rows) + "\n").encode()


def post_csv(port: int, slug: str, token: str, data: bytes) -> tuple[int, float, bytes]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="invite"\r\n\r\ntrue\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="contacts.csv"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    started = time.monotonic()
    connection.request(
        "POST",
        f"/api/v1/summits/{slug}/imports/contacts",
        body=body,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Accept-Language": "en",
        },
    )
    response = connection.getresponse()
    content = response.read()
    elapsed = time.monotonic() - started
    connection.close()
    return response.status, elapsed, content


def follow_run(port: int, slug: str, token: str, run_id: int, deadline: float) -> dict:
    """The import's run (the API), polled until it is done or failed, or the deadline."""
    while True:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.request(
            "GET",
            f"/api/v1/summits/{slug}/imports/contacts/runs/{run_id}",
            headers={"Authorization": f"Bearer {token}", "Accept-Language": "en"},
        )
        run = json.loads(connection.getresponse().read())
        connection.close()
        if run["status"] in ("done", "failed") or time.monotonic() > deadline:
            return run
        time.sleep(0.2)  # polling the run, with a deadline


def outbox_unsent() -> tuple[int, int]:
    from django.db import connections

    from summitry.core.models import OutboundMessage

    rows = OutboundMessage.objects.filter(kind="invitation")
    result = rows.count(), rows.filter(sent_at__isnull=True).count()
    connections.close_all()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="invitations in the CSV")
    parser.add_argument("--concurrency", type=int, default=2, help="the worker's processes")
    args = parser.parse_args()
    from aiosmtpd.controller import Controller

    print(f"machine: {platform.node()}, {cpus()} CPUs ({cpu_model()}), {memory_gib():.1f} GiB")
    print(f"python {platform.python_version()}, load before: {load_average()}")
    scratch = tempfile.mkdtemp(prefix="bench-mail-")
    Path(scratch, "bench_mail_settings.py").write_text(SETTINGS)
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname=HOST, port=smtp_port)
    controller.start()
    env = environment(scratch, smtp_port)
    os.environ.update(env)
    sys.path.insert(0, scratch)
    processes: list[subprocess.Popen] = []
    failures: list[str] = []
    try:
        print(f"PostgreSQL {recreate_database()}, Redis {REDIS} (queue and keys {PREFIX})")
        subprocess.run(
            [str(BIN / "summitry"), "migrate", "--noinput"],
            env=env,
            check=True,
            timeout=900,
            stdout=subprocess.DEVNULL,
        )
        slug, token, data = prepare(args.count)
        port = free_port()
        log = open(Path(scratch, "servers.log"), "w")  # noqa: SIM115 - closed with the scratch
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
                [str(BIN / "gunicorn"), "summitry.wsgi", "--bind", f"{HOST}:{port}"]
                + ["--workers", "2", "--threads", "2"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        processes.append(
            subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
                [str(BIN / "celery"), "-A", "summitry.celery", "worker", "--queues", PREFIX]
                + ["--concurrency", str(args.concurrency), "--loglevel", "WARNING"]
                + ["--without-gossip", "--without-mingle"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
        wait_until_up(processes[0], port, "/health/", 120)
        print(
            f"gunicorn 2 workers × 2 threads, celery worker × {args.concurrency}, {args.count} rows"
        )
        status, answered, content = post_csv(port, slug, token, data)
        sent_by_answer = len(sink.ids)
        print(
            f"import answered {status} in {answered:.2f} s (goal < {GOAL_ANSWER_SECONDS:.0f} s); "
            f"mails already delivered then: {sent_by_answer}"
        )
        if status != 202:
            failures.append(f"the import answered {status}: {content[:300]!r}")
        if answered >= GOAL_ANSWER_SECONDS:
            failures.append(f"the import took {answered:.2f} s")
        deadline = time.monotonic() + 120 + args.count / 5
        started = time.monotonic() - answered
        if status == 202:
            run = follow_run(port, slug, token, json.loads(content)["id"], deadline)
            print(
                f"import run {run['status']} {time.monotonic() - started:.2f} s after the "
                f"request began: {run['result']}, {len(run['problems'])} problems"
            )
            if (run.get("result") or {}).get("invitations_sent") != args.count:
                failures.append(f"the import run: {run['status']} {run['errors']}")
        while len(sink.ids) < args.count and time.monotonic() < deadline:
            time.sleep(0.1)  # waiting for the worker, with a deadline
        delivered = len(sink.ids)
        unique = len(set(sink.ids))
        if sink.last is not None and delivered:
            total = sink.last - started
            print(
                f"delivered {delivered} in {total:.2f} s after the request began: "
                f"{delivered / total:.1f} mails/s"
            )
        total_rows, unsent = outbox_unsent()
        print(f"outbox: {total_rows} invitations, {unsent} not marked sent")
        if delivered != args.count:
            failures.append(f"{delivered} of {args.count} delivered")
        if unique != delivered:
            failures.append(f"{delivered - unique} delivered twice")
        if unsent or total_rows != args.count:
            failures.append(f"outbox: {total_rows} rows, {unsent} unsent")
    finally:
        for process in processes:
            stop(process)
        controller.stop()
        forget_redis()
        drop_database()
    print(f"load after: {load_average()}")
    for failure in failures:
        print(f"FAIL {failure}")
    if not failures:
        print("ok: answered in time, every invitation delivered once, the outbox all sent")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
