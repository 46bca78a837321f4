"""Check-in burst: a morning rush at the main entrance, scans over HTTP to gunicorn and
PostgreSQL, verified; and the time to render a batch of badges as one PDF.

2,000 badges (default), 20 doors (client threads, each its own operator, token and keep-alive
connection) scanning each badge once, with 5 % of the scans sent twice (the same
``client_scan_id``, as an offline scanner re-sending) and 1 % forged codes. Prints scans per
second and latencies, then checks that no scan was lost, none counted twice, every forgery
refused. Reuses the registration burst's database and server helpers.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import platform
import queue
import random
import re
import secrets
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402
from registration_burst import (  # noqa: E402
    BackendWatch,
    CpuSnapshot,
    drop_database,
    migrate,
    percentile,
    print_cpu,
    recreate_database,
    server_env,
    start_gunicorn,
)
from serving import free_port, stop, version_of_gunicorn, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
HOST = "127.0.0.1"
SLUG = "rush"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/summitry_checkin_bench"


@dataclass
class Job:
    index: int
    code: str
    client_scan_id: str
    kind: str  # "first", "again" (a resent scan) or "forged"


@dataclass
class Result:
    job: Job
    status: int | str
    latency_ms: float
    scan_id: int | None = None
    result: str | None = None
    reason: str | None = None


def create_data(badges: int, doors: int) -> tuple[int, list[str], list[str]]:
    """A summit, its main entrance, ``badges`` issued badges, ``doors`` operators with a
    token each. Returns (zone id, codes, tokens). Written in bulk: not what is measured."""
    import datetime

    from django.contrib.auth import get_user_model

    from summitry.checkin import services
    from summitry.checkin.models import AccreditationCategory, Badge, Zone
    from summitry.core.tokens import issue_token
    from summitry.delegations.models import Delegate, Delegation
    from summitry.demo.loader import ensure_team
    from summitry.directory.models import Organisation, OrganisationKind, Person
    from summitry.summits.models import Summit, SummitStatus

    today = datetime.date.today()
    summit = Summit.objects.create(
        slug=SLUG,
        edition=1,
        name_en="Check-in Rush Summit",
        name_ko="출입 부하 정상회의",
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
        status=SummitStatus.PUBLISHED,
    )
    zone = Zone.objects.create(summit=summit, name_en="Main entrance", name_ko="정문")
    category = AccreditationCategory.objects.create(
        summit=summit, name_en="Delegate", name_ko="대표단원"
    )
    category.zones.set([zone])
    organisations = Organisation.objects.bulk_create(
        Organisation(
            slug=f"rush-city-{n:04d}",
            kind=OrganisationKind.CITY,
            name_en=f"Rush City {n}",
            name_ko=f"출입 도시 {n}",
            country="KR",
        )
        for n in range(max(1, badges // 40))
    )
    delegations = Delegation.objects.bulk_create(
        Delegation(summit=summit, organisation=org) for org in organisations
    )
    people = Person.objects.bulk_create(
        Person(
            slug=f"rush-person-{n:05d}",
            given_name=f"Guest{n:05d}",
            family_name="Rush",
            name_hangul=f"손님{n}",
            organisation=organisations[n % len(organisations)],
        )
        for n in range(badges)
    )
    delegates = Delegate.objects.bulk_create(
        Delegate(summit=summit, delegation=delegations[n % len(delegations)], person=person)
        for n, person in enumerate(people)
    )
    rows = Badge.objects.bulk_create(
        Badge(summit=summit, delegate=d, category=category, version=1) for d in delegates
    )
    rows = list(Badge.objects.filter(pk__in=[r.pk for r in rows]).select_related("category"))
    codes = [services.code_for(badge) for badge in rows]
    user_model = get_user_model()
    operators = []
    for n in range(doors):
        user = user_model(username=f"door{n:02d}@bench.invalid")
        user.set_unusable_password()
        operators.append(user)
    operators = user_model.objects.bulk_create(operators)
    ensure_team(summit, name_ko="출입", name_en="Doors", codes=["checkin"], members=operators)
    tokens = [issue_token(user=user, name="checkin burst")[1] for user in operators]
    return zone.pk, codes, tokens


def plan(codes: list[str], duplicates: float, forged: float, seed: int) -> list[Job]:
    """Every badge once, some scans sent again, some forged codes, in a fixed random order;
    a resent scan always comes after its first sending in the queue."""
    rng = random.Random(seed)
    jobs = [Job(n, code, f"first-{n}", "first") for n, code in enumerate(codes)]
    rng.shuffle(jobs)
    for n in range(round(len(codes) * forged)):
        raw = bytearray(codes[n].encode())
        raw[-5] = ord("A") if raw[-5] != ord("A") else ord("B")  # one character of the signature
        jobs.insert(
            rng.randrange(len(jobs) + 1), Job(-1 - n, raw.decode(), f"forged-{n}", "forged")
        )
    for _ in range(round(len(codes) * duplicates)):
        at = rng.randrange(len(jobs))
        while jobs[at].kind != "first":
            at = rng.randrange(len(jobs))
        original = jobs[at]
        again = Job(original.index, original.code, original.client_scan_id, "again")
        jobs.insert(rng.randrange(at + 1, len(jobs) + 1), again)
    return jobs


class Connection:
    """A keep-alive connection speaking just the HTTP/1.1 the burst needs (a request's bytes
    out, the status and a Content-Length body back): the doors share the machine's two cores
    with the server, so the client spends as little of them as it can (http.client and
    json.dumps per request cost about twice as much)."""

    def __init__(self, port: int) -> None:
        self.socket = socket.create_connection((HOST, port), timeout=60)
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buffer = b""

    def exchange(self, request: bytes) -> tuple[int, bytes]:
        self.socket.sendall(request)
        while b"\r\n\r\n" not in self.buffer:
            self._receive()
        head, _blank, rest = self.buffer.partition(b"\r\n\r\n")
        found = CONTENT_LENGTH.search(head)
        if found is None:
            raise http.client.HTTPException("an answer without Content-Length")
        length = int(found.group(1))
        while len(rest) < length:
            self.buffer = head + b"\r\n\r\n" + rest
            self._receive()
            head, _blank, rest = self.buffer.partition(b"\r\n\r\n")
        self.buffer = rest[length:]
        return int(head[9:12]), rest[:length]

    def _receive(self) -> None:
        chunk = self.socket.recv(65536)
        if not chunk:
            raise ConnectionResetError("the server closed the connection")
        self.buffer += chunk

    def close(self) -> None:
        self.socket.close()


CONTENT_LENGTH = re.compile(rb"(?im)^content-length:\s*(\d+)\s*$")


def burst(port: int, jobs: list[Job], tokens: list[str], zone: int, timeout: float):
    work: queue.Queue = queue.Queue()
    for job in jobs:
        work.put(job)
    results: list[Result] = []
    lock = threading.Lock()
    start = threading.Barrier(len(tokens))
    path = f"/api/v1/summits/{SLUG}/checkin/scans"

    def door(token: str, number: int) -> None:
        connection = Connection(port)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nAccept-Language: en\r\n"
        ).encode()
        mine = []
        start.wait()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                job = work.get_nowait()
            except queue.Empty:
                break
            body = (
                f'{{"code": "{job.code}", "zone": {zone}, '
                f'"client_scan_id": "{job.client_scan_id}", "door": "Door {number}"}}'
            ).encode()
            request = head + b"Content-Length: %d\r\n\r\n" % len(body) + body
            began = time.perf_counter()
            try:
                status, payload = connection.exchange(request)
            except (OSError, http.client.HTTPException) as error:
                mine.append(Result(job, type(error).__name__, 0.0))
                connection.close()
                connection = Connection(port)
                continue
            result = Result(job, status, (time.perf_counter() - began) * 1000)
            if status in (200, 201):
                data = json.loads(payload)
                result.scan_id, result.result = data["id"], data["result"]
                result.reason = data["reason"]
            mine.append(result)
        connection.close()
        with lock:
            results.extend(mine)

    threads = [
        threading.Thread(target=door, args=(token, n), daemon=True)
        for n, token in enumerate(tokens)
    ]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - t0


def in_process(jobs: list[Job], tokens: list[str], zone: int, profile: str | None):
    """The same scans, one after the other, through ``summitry.wsgi.application`` in this
    process (no gunicorn, no HTTP, the access log written to /dev/null): the CPU per scan of
    everything the application does, steadier than the burst's on a shared machine.
    ``profile``: cProfile with CPU time (``time.process_time``) into that file."""
    import cProfile
    import io
    import logging

    from summitry.wsgi import application

    for handler in logging.getLogger("summitry.request").handlers + logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115 (for the run's length)
    path = f"/api/v1/summits/{SLUG}/checkin/scans"
    results: list[Result] = []
    environs = []
    for n, job in enumerate(jobs):
        body = (
            f'{{"code": "{job.code}", "zone": {zone}, '
            f'"client_scan_id": "{job.client_scan_id}", "door": "Door {n % len(tokens)}"}}'
        ).encode()
        environs.append(
            (
                job,
                body,
                {
                    "REQUEST_METHOD": "POST",
                    "PATH_INFO": path,
                    "SCRIPT_NAME": "",
                    "QUERY_STRING": "",
                    "SERVER_NAME": HOST,
                    "SERVER_PORT": "80",
                    "SERVER_PROTOCOL": "HTTP/1.1",
                    "HTTP_HOST": HOST,
                    "HTTP_AUTHORIZATION": f"Bearer {tokens[n % len(tokens)]}",
                    "CONTENT_TYPE": "application/json",
                    "CONTENT_LENGTH": str(len(body)),
                    "HTTP_ACCEPT_LANGUAGE": "en",
                    "REMOTE_ADDR": HOST,
                    "wsgi.url_scheme": "http",
                    "wsgi.errors": sys.stderr,
                    "wsgi.multithread": True,
                    "wsgi.multiprocess": True,
                    "wsgi.run_once": False,
                    "wsgi.version": (1, 0),
                },
            )
        )
    profiler = cProfile.Profile(time.process_time) if profile else None
    cpu = time.process_time()
    wall = time.perf_counter()
    for job, body, environ in environs:
        environ["wsgi.input"] = io.BytesIO(body)
        answer: dict = {}

        def start_response(status, headers, exc_info=None, answer=answer):
            answer["status"] = int(status[:3])

        began = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        response = application(environ, start_response)
        payload = b"".join(response)
        if hasattr(response, "close"):
            response.close()
        if profiler is not None:
            profiler.disable()
        result = Result(job, answer["status"], (time.perf_counter() - began) * 1000)
        if result.status in (200, 201):
            data = json.loads(payload)
            result.scan_id, result.result, result.reason = (
                data["id"],
                data["result"],
                data["reason"],
            )
        results.append(result)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if profiler is not None:
        profiler.dump_stats(profile)
    return results, wall, cpu


def verify(results: list[Result], jobs: list[Job], badges: int) -> list[tuple[bool, str]]:
    from summitry.checkin.models import Scan

    rows = list(
        Scan.objects.filter(summit__slug=SLUG).values(
            "client_scan_id", "result", "reason", "badge_id"
        )
    )
    forged = [r for r in results if r.job.kind == "forged"]
    first = {r.job.client_scan_id: r for r in results if r.job.kind == "first"}
    again = [r for r in results if r.job.kind == "again"]
    statuses = Counter(r.status for r in results)
    enters = Counter(row["badge_id"] for row in rows if row["result"] == "enter")
    unique_ids = {j.client_scan_id for j in jobs}
    return [
        (
            len(results) == len(jobs) and statuses[201] + statuses[200] == len(jobs),
            f"all {len(jobs)} scans answered 200/201 ("
            + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items(), key=str))
            + ")",
        ),
        (
            len(rows) == len(unique_ids),
            f"none lost, none recorded twice: {len(rows)} scans stored for {len(unique_ids)} "
            "distinct client scan ids",
        ),
        (
            len(enters) == badges and max(enters.values(), default=0) == 1,
            f"every badge entered exactly once: {len(enters)} of {badges}, at most "
            f"{max(enters.values(), default=0)} entry each",
        ),
        (
            all(r.result == "refused" and r.reason == "forged" for r in forged),
            f"every forgery refused: {sum(r.reason == 'forged' for r in forged)} of {len(forged)}",
        ),
        (
            all(
                r.status == 200
                and first.get(r.job.client_scan_id)
                and r.scan_id == first[r.job.client_scan_id].scan_id
                for r in again
                if first.get(r.job.client_scan_id) and first[r.job.client_scan_id].status == 201
            )
            and all(r.status in (200, 201) for r in again),
            f"each resent scan answered with its first decision: {len(again)} resent",
        ),
    ]


def render_badges(n: int) -> float:
    from summitry.checkin import badges as rendering
    from summitry.checkin.models import Badge
    from summitry.summits.models import Summit

    summit = Summit.objects.get(slug=SLUG)
    found = list(
        Badge.objects.filter(summit=summit)
        .select_related("category", "delegate__person", "delegate__delegation__organisation")
        .order_by("pk")[:n]
    )
    give_photos(found)
    began = time.perf_counter()
    pdf = rendering.badges_pdf(summit=summit, badges=found)
    took = time.perf_counter() - began
    print(
        f"badge PDF   {len(found)} badges (A6, each with its photo) in {took:.1f} s, "
        f"{len(pdf) / 1e6:.1f} MB"
    )
    render_designed(summit, found)
    return took


def give_photos(found) -> None:
    """Each holder's badge photo, as delegates upload them: a JPEG portrait of 600 × 800
    pixels of its own (a shaded face-sized oval on a gradient, some grain), 20-40 kB. Written
    to the run's media folder; set-up, not measured."""
    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(500)
    for badge in found:
        tone = tuple(rng.randint(60, 200) for _ in range(3))
        image = Image.linear_gradient("L").resize((600, 800)).convert("RGB")
        draw = ImageDraw.Draw(image)
        draw.ellipse((150 + rng.randint(-30, 30), 140, 450, 560), fill=tone)
        grain = Image.effect_noise((600, 800), 12).convert("RGB")
        image = Image.blend(image, grain, 0.15).filter(ImageFilter.SMOOTH)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
        badge.delegate.badge_photo.save(f"bench-{badge.pk}.jpg", ContentFile(out.getvalue()))


def render_designed(summit, found) -> float:
    """The same badges in a layout of the designer: CR80 cards, ten per A4 sheet."""
    from django.contrib.auth import get_user_model

    from summitry.checkin import badges as rendering
    from summitry.checkin import services
    from summitry.checkin.models import AccreditationCategory

    operator = get_user_model().objects.get(username="door00@bench.invalid")  # holds "checkin"
    services.create_layout(
        actor=operator,
        summit=summit,
        name={"en": "Bench cards"},
        page_size="cr80",
        categories=AccreditationCategory.objects.filter(summit=summit),
    )
    began = time.perf_counter()
    pdf = rendering.badges_pdf(summit=summit, badges=found)
    took = time.perf_counter() - began
    print(
        f"designed    {len(found)} badges (CR80 layout, 10 per A4 sheet) in {took:.1f} s, "
        f"{len(pdf) / 1e6:.1f} MB"
    )
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--badges", type=int, default=2000)
    parser.add_argument("--doors", type=int, default=20)
    parser.add_argument("--duplicates", type=float, default=0.05)
    parser.add_argument("--forged", type=float, default=0.01)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--pdf-badges", type=int, default=500)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--seed", type=int, default=2023)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="the scans one by one through the WSGI application in this process: CPU per scan",
    )
    parser.add_argument("--profile", help="with --in-process: cProfile (CPU time) into this file")
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", f"redis://{HOST}:6379/0"),
        help="the shared cache, as in production (docs/DEPLOY.md); 'none': files on this host",
    )
    args = parser.parse_args()

    print("Check-in burst")
    print(
        f"machine     {cpus()} CPUs (nproc), {cpu_model()}, {memory_gib():.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )
    print(f"load        {load_average()} (1, 5, 15 min) before the run")
    database = recreate_database(args.database)
    env = server_env(args.database, 60)
    scratch = tempfile.mkdtemp(prefix="summitry-checkin-bench-")
    env["SUMMITRY_MEDIA_ROOT"] = str(Path(scratch, "media"))  # the badge photos
    prefix = f"bench-checkin-{secrets.token_hex(4)}"
    if args.redis != "none":
        # Redis as the cache (live counts, memos), under the bench's own key prefix in a
        # Redis other work may share: nothing of theirs is touched.
        Path(scratch, "bench_checkin_settings.py").write_text(
            "from summitry.settings.production import *  # noqa: F403\n"
            f'CACHES["default"]["KEY_PREFIX"] = "{prefix}"  # noqa: F405\n'
        )
        sys.path.insert(0, scratch)
        env.update(
            SUMMITRY_REDIS_URL=args.redis,
            DJANGO_SETTINGS_MODULE="bench_checkin_settings",
            PYTHONPATH=os.pathsep.join([scratch, env["PYTHONPATH"]]),
        )
    # Plain HTTP on this machine (TLS ends at a proxy in production).
    env["SUMMITRY_SSL_REDIRECT"] = "0"
    # The server and this process sign and verify with one key, made for this run.
    env["SUMMITRY_CHECKIN_SIGNING_KEY"] = (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    ready = False
    try:
        migrate(env)
        os.environ.update(env)
        import django

        django.setup()
        ready = True
        from django.db import connections

        began = time.perf_counter()
        zone, codes, tokens = create_data(args.badges, args.doors)
        jobs = plan(codes, args.duplicates, args.forged, args.seed)
        connections.close_all()
        print(
            f"server      gunicorn {version_of_gunicorn()}, {args.workers} workers × "
            f"{args.threads} threads (gthread), settings.production; {database}; cache "
            + (f"Redis {args.redis} ({prefix}:*)" if args.redis != "none" else "files")
        )
        print("clients     one keep-alive connection per door, raw HTTP/1.1 (bench Connection)")
        print(
            f"burst       {len(jobs)} scans: {args.badges} badges once, "
            f"{sum(j.kind == 'again' for j in jobs)} sent again, "
            f"{sum(j.kind == 'forged' for j in jobs)} forged; {args.doors} doors; "
            f"set up in {time.perf_counter() - began:.1f} s"
        )
        if args.in_process:
            watch = BackendWatch(args.database.rsplit("/", 1)[-1])
            watch.start()
            results, wall, cpu = in_process(jobs, tokens, zone, args.profile)
            database_cpu = watch.seconds()
            latencies = sorted(r.latency_ms for r in results)
            print(f"in-process  {len(results)} scans in {wall:.2f} s, one after the other")
            print(
                f"CPU         per scan: process {cpu / len(results) * 1000:.2f} ms, "
                f"PostgreSQL {database_cpu / len(results) * 1000:.2f} ms; "
                f"p50 {percentile(latencies, 50):.2f} ms"
            )
            checks = verify(results, jobs, args.badges)
        else:
            with tempfile.TemporaryFile(mode="w+") as log:
                port = free_port()
                server = start_gunicorn(env, port, args.workers, args.threads, log)
                try:
                    try:
                        wait_until_up(server, port, f"/api/v1/summits/{SLUG}", timeout=180)
                    except RuntimeError:
                        log.seek(0)
                        print("gunicorn log (end):\n" + log.read()[-3000:])
                        raise
                    watch = BackendWatch(args.database.rsplit("/", 1)[-1])
                    watch.start()
                    before = CpuSnapshot.take(server.pid)
                    results, wall = burst(port, jobs, tokens, zone, args.timeout)
                    after = CpuSnapshot.take(server.pid)
                    database_cpu = watch.seconds()
                finally:
                    stop(server)
                latencies = sorted(r.latency_ms for r in results if isinstance(r.status, int))
                print()
                print(
                    f"rate        {len(results) / wall:.1f} scans/s "
                    f"({len(results)} in {wall:.2f} s)"
                )
                print(
                    "latency ms  "
                    + "  ".join(
                        f"{label} {percentile(latencies, p):.1f}"
                        for label, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))
                    )
                )
                print_cpu(before, after, database_cpu, max(1, len(results)), unit="scan")
                checks = verify(results, jobs, args.badges)
                if any(not isinstance(r.status, int) or r.status >= 500 for r in results):
                    log.seek(0)
                    print("\ngunicorn log (end):\n" + log.read()[-3000:])
        if args.pdf_badges:
            render_badges(args.pdf_badges)
        print()
        print("checks")
        for passed, text in checks:
            print(f"  {'ok  ' if passed else 'FAIL'}  {text}")
        return 0 if all(passed for passed, _text in checks) else 1
    finally:
        if ready:
            from django.db import connections

            connections.close_all()
        if not args.keep:
            drop_database(args.database)
        if args.redis != "none":
            forget_cache(args.redis, prefix)


def forget_cache(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


if __name__ == "__main__":
    sys.exit(main())
