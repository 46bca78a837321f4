"""Large export: the delegations workbook of a summit with N delegates (default 20,000)
through the API of a gunicorn server with the production settings, a broker (Redis) and one
Celery worker, the file written to a media folder the server and the worker share.

Prints the machine and its load, how long the request that starts the export took (goal:
under 1 s: it only counts the rows and queues the run, 202), how long the old synchronous
address takes to answer the same export (now also 202 with the run), how quickly the server
answered other requests while the worker wrote the file, how long the worker took (what the
request would have blocked for before), and the checks: the run done once, the file
downloaded through its address with every row, one file in the storage.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import platform
import statistics
import sys
import time
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib, verdict  # noqa: E402
from serving import HOST  # noqa: E402
from stack import Stack  # noqa: E402

GOAL_ANSWER_SECONDS = 1.0
PER_DELEGATION = 40


def prepare(stack: Stack, count: int) -> tuple[str, str, int]:
    """A summit with ``count`` delegates in delegations of PER_DELEGATION, and a platform
    administrator's API token; returns the slug, the token and the rows of the workbook."""
    summit, token = stack.summit_and_token("exports", "Export Forum", "내보내기 포럼")
    from django.db import connections

    from summitry.delegations.models import Delegate, Delegation
    from summitry.directory.models import Organisation, Person

    groups = (count + PER_DELEGATION - 1) // PER_DELEGATION
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"bench-city-{n}",
            kind="city",
            name_en=f"Bench City {n}",
            name_ko=f"벤치 도시 {n}",
            country="KR",
        )
        for n in range(groups)
    )
    delegations = Delegation.objects.bulk_create(
        Delegation(summit=summit, organisation=o, status="registered") for o in organisations
    )
    people = Person.objects.bulk_create(
        Person(
            slug=f"bench-person-{n}",
            given_name=f"Given{n}",
            family_name="Bench",
            name_hangul=f"벤치 {n}",
            position_en="Delegate",
            position_ko="대표",
        )
        for n in range(count)
    )
    Delegate.objects.bulk_create(
        (
            Delegate(
                summit=summit,
                delegation=delegations[n // PER_DELEGATION],
                person=person,
                role="head" if n % PER_DELEGATION == 0 else "member",
                place="registered",
                email=f"person{n}@bench.invalid",
                hotel="Lotte",
            )
            for n, person in enumerate(people)
        ),
        batch_size=2000,
    )
    connections.close_all()
    return summit.slug, token, groups + count


def call(port: int, method: str, path: str, token: str, body: dict | None = None):
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "en"}
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    started = time.monotonic()
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    content = response.read()
    elapsed = time.monotonic() - started
    connection.close()
    return response.status, elapsed, content


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20000, help="delegates in the summit")
    args = parser.parse_args()
    print(f"machine: {platform.node()}, {cpus()} CPUs ({cpu_model()}), {memory_gib():.1f} GiB")
    print(f"python {platform.python_version()}, load before: {load_average()}")
    stack = Stack("exports")
    failures: list[str] = []
    try:
        stack.create()
        slug, token, rows = prepare(stack, args.count)
        port = stack.serve(workers=2, threads=2, concurrency=1)
        print(f"gunicorn 2 workers × 2 threads, celery worker × 1; {rows:,} rows to export")
        base = f"/api/v1/summits/{slug}/exports"
        status, answered, content = call(
            port, "POST", base, token, {"export": "delegations.workbook"}
        )
        print(f"POST …/exports answered {status} in {answered:.3f} s (goal < 1 s)")
        if status != 202:
            failures.append(f"POST answered {status}: {content[:300]!r}")
            return 1
        if answered >= GOAL_ANSWER_SECONDS:
            failures.append(f"POST took {answered:.2f} s")
        run = json.loads(content)
        legacy_status, legacy, legacy_body = call(port, "GET", f"{base}/delegations.xlsx", token)
        same = legacy_status == 202 and json.loads(legacy_body)["id"] == run["id"]
        print(
            f"GET …/exports/delegations.xlsx (the old address) answered {legacy_status} in "
            f"{legacy:.3f} s, {'the same run' if same else 'another run'}"
        )
        if legacy_status != 202:
            failures.append(f"the old address answered {legacy_status}, not a run")
        # While the worker writes the file, the server answers other requests as usual.
        others: list[float] = []
        deadline = time.monotonic() + 600
        progress_seen = set()
        while time.monotonic() < deadline:
            status, elapsed, body = call(port, "GET", f"{base}/runs/{run['id']}", token)
            others.append(elapsed)
            run = json.loads(body)
            if run["status"] == "running" and run["progress"].get("done"):
                progress_seen.add(run["progress"]["done"])
            if run["status"] in ("done", "failed"):
                break
            time.sleep(0.2)  # polling the run, with a deadline
        print(
            f"{len(others)} polls of the run while it was under way: median "
            f"{statistics.median(others) * 1000:.0f} ms, max {max(others) * 1000:.0f} ms; "
            f"{len(progress_seen)} different progress figures seen"
        )
        if run["status"] != "done":
            failures.append(f"the run: {run['status']} {run['errors']}")
            return 1
        import datetime

        worked = datetime.datetime.fromisoformat(
            run["finished_at"]
        ) - datetime.datetime.fromisoformat(run["started_at"])
        result = run["result"]
        print(
            f"the worker wrote {result['rows']:,} rows ({result['bytes'] / 1e6:.1f} MB) in "
            f"{worked.total_seconds():.1f} s: the time a request blocked for before"
        )
        url = result["download_url"].split(f"{HOST}:{port}", 1)[1]
        status, fetched, file = call(port, "GET", url, token)
        print(f"downloaded {len(file) / 1e6:.1f} MB in {fetched:.2f} s ({status})")
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(file), read_only=True)
        got = sum(sheet.max_row - 1 for sheet in book.worksheets)
        stored = list(Path(stack.scratch, "media", "exports").rglob(f"run-{run['id']}.*"))
        print(f"rows in the file: {got:,} of {rows:,}; files of the run stored: {len(stored)}")
        if got != rows or result["rows"] != rows:
            failures.append(f"{got} rows in the file, {rows} expected")
        if len(stored) != 1:
            failures.append(f"{len(stored)} files stored")
    finally:
        stack.close()
        verdict(failures, "answered in time, written by the worker, every row downloaded, one file")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
