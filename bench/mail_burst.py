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
import platform
import sys
import threading
import time
import uuid
from email import message_from_bytes

from machine import cpu_model, cpus, load_average, memory_gib, verdict  # noqa: E402
from serving import HOST, free_port  # noqa: E402
from stack import Stack  # noqa: E402

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


def prepare(stack: Stack, count: int) -> tuple[str, str, bytes]:
    """A summit, a platform administrator's API token and the CSV of ``count`` contacts."""
    summit, token = stack.summit_and_token("burst", "Mail Burst Forum", "메일 폭주 포럼")
    from django.db import connections

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
    sink = Sink()
    smtp_port = free_port()
    controller = Controller(sink, hostname=HOST, port=smtp_port)
    controller.start()
    stack = Stack("mail", SUMMITRY_EMAIL_HOST=HOST, SUMMITRY_EMAIL_PORT=str(smtp_port))
    failures: list[str] = []
    try:
        stack.create()
        slug, token, data = prepare(stack, args.count)
        port = stack.serve(workers=2, threads=2, concurrency=args.concurrency)
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
        stack.close()
        controller.stop()
    return verdict(
        failures, "answered in time, every invitation delivered once, the outbox all sent"
    )


if __name__ == "__main__":
    sys.exit(main())
