"""Live Q&A under load: V viewers of one online item, each with an API token, post a question
and vote for ten approved questions (and once more for one of them: refused as a second vote)
at once over HTTP (gunicorn and PostgreSQL), while the moderator approves questions and a
viewer's page polls the live fragment every second as htmx does (its hx-get URL). Prints posts
and votes per second, request latencies, the viewer's polls, the time from an approval until
the viewer's page shows it (p50/p90/p99) and checks that nothing was lost and every vote
counted once."""

from __future__ import annotations

import argparse
import html
import http.client
import json
import os
import platform
import queue
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from machine import cpu_model, cpus, load_average, memory_gib  # noqa: E402
from registration_burst import (  # noqa: E402
    HOST,
    drop_database,
    migrate,
    percentile,
    recreate_database,
    server_env,
    start_gunicorn,
)
from serving import free_port, stop, version_of_gunicorn, wait_until_up  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SLUG = "qabench"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/summitry_bench_live_qa"
SEEDED = 20
VOTES_EACH = 10
HX_GET = re.compile(r'<[^>]*\bhx-get="([^"]+)"')
LIVE_URL = re.compile(r'data-live-url="([^"]+)"')


def empty_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def create_data(viewers: int):
    """A published summit with one online item on air now, SEEDED approved questions, a
    moderator, and ``viewers`` accounts with API tokens."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from summitry.core.tokens import issue_token
    from summitry.online import qa
    from summitry.online.models import OnlineItem
    from summitry.programme.models import ProgrammeItem
    from summitry.programme.releases import publish
    from summitry.summits.models import Summit, SummitStatus

    now = timezone.now()
    summit = Summit.objects.create(
        slug=SLUG,
        edition=1,
        name_en="Live Q&A Bench",
        name_ko="실시간 질의 부하 시험",
        start_date=(now - datetime.timedelta(days=1)).date(),
        end_date=(now + datetime.timedelta(days=1)).date(),
        status=SummitStatus.PUBLISHED,
    )
    user_model = get_user_model()
    users = []
    for n in range(viewers + 1):
        user = user_model(username=f"viewer{n:05d}@bench.invalid")
        user.set_unusable_password()
        users.append(user)
    users = user_model.objects.bulk_create(users)
    moderator = users.pop()
    moderator.is_superuser = True
    moderator.save()
    item = ProgrammeItem.objects.create(
        summit=summit,
        kind="forum_session",
        block="morning",
        title_en="Mayors' meeting",
        title_ko="시장회의",
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=3),
    )
    publish(actor=moderator, summit=summit)
    online = OnlineItem.objects.create(item=item, format="online")
    seeded = []
    for n in range(SEEDED):
        question = qa.ask(
            online=online,
            user=None,
            viewer_token=f"seed{n}",
            text=f"Seed {n}?",
            language="en",
            name="Seed",
        )
        qa.moderate(actor=moderator, question=question, action="approve")
        seeded.append(question.pk)
    tokens = [issue_token(user=u, name="bench")[1] for u in users]
    return item, online, moderator, seeded, tokens


def call(connection, method: str, path: str, token: str, body: dict | None):
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    began = time.perf_counter()
    try:
        connection.request(method, path, body=json.dumps(body or {}), headers=headers)
        response = connection.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException) as error:
        return type(error).__name__, None, began, time.perf_counter()
    data = json.loads(payload) if payload else None
    return response.status, data, began, time.perf_counter()


def burst(port, jobs, clients):
    work: queue.Queue = queue.Queue()
    for job in jobs:
        work.put(job)
    results, lock, clock = [], threading.Lock(), {}
    start = threading.Barrier(clients, action=lambda: clock.setdefault("t0", time.perf_counter()))

    def client():
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        mine = []
        start.wait()
        while True:
            try:
                job = work.get_nowait()
            except queue.Empty:
                break
            mine.append((job, call(connection, *job[1:])))
            if not isinstance(mine[-1][1][0], int):
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=60)
        connection.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    return threads, results, clock


def moderate_and_watch(port, item, online, moderator, until, approvals: int):
    """The moderator approves a waiting question every 0.2 s; the viewer's page polls the
    live fragment every 1 s (htmx's ``every 1s``) and notes when each approval appears."""
    from django.db import connections

    from summitry.core import live
    from summitry.online import qa
    from summitry.online.models import Question

    approved_at: dict[int, float] = {}
    seen_at: dict[int, float] = {}
    polls: list[tuple[int, float]] = []
    stop_watch = threading.Event()

    def watcher():
        # As htmx's ``hx-trigger="every 1s"`` does: poll the region's own address (its signed
        # topic and version: 204 while unchanged); a poll due while one is in flight goes right
        # after it. A fragment that replaces the polling element (``hx-get`` on its root,
        # ``outerHTML``) starts a new element's timer: its first poll 1 s after the swap. An
        # answer swapped inside the polling element (``data-live-url``: qa.js gives htmx that
        # address) keeps the element's timer and its 1 s rhythm.
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        path = f"/{SLUG}/programme/{item.pk}/online/questions/live/"
        while not stop_watch.is_set():
            began = time.perf_counter()
            connection.request("GET", path, headers={"Accept-Language": "en"})
            response = connection.getresponse()
            body = response.read().decode()
            now = time.perf_counter()
            polls.append((response.status, now - began))
            due = began + 1.0
            if response.status == 200:
                for qid in map(int, re.findall(r'id="question-(\d+)"', body)):
                    seen_at.setdefault(qid, now)
                inside, replacing = LIVE_URL.search(body), HX_GET.match(body.lstrip())
                if inside:
                    path = html.unescape(inside.group(1))
                elif replacing:
                    path = html.unescape(replacing.group(1))
                    due = now + 1.0
            time.sleep(max(0.0, due - time.perf_counter()))
        connection.close()

    thread = threading.Thread(target=watcher, daemon=True)
    thread.start()
    done = 0
    while done < approvals and (time.perf_counter() < until() or done < approvals):
        waiting = Question.objects.filter(online=online, state="pending").order_by("pk").first()
        if waiting is None:
            time.sleep(0.05)
            continue
        qa.moderate(actor=moderator, question=waiting, action="approve")
        approved_at[waiting.pk] = time.perf_counter()
        done += 1
        time.sleep(0.2)
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and not set(approved_at) <= set(seen_at):
        time.sleep(0.1)
    stop_watch.set()
    thread.join()
    connections.close_all()
    assert live.version(qa.topic(online)) > 1
    delays = {q: seen_at[q] - t for q, t in approved_at.items() if q in seen_at}
    return delays, approved_at, polls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--viewers", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--approvals", type=int, default=50)
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/9",
        help="the cache (live versions, shared fragments) in this Redis database, emptied "
        "before and after, as in production; 'none' for files on this host",
    )
    args = parser.parse_args()
    print("Live Q&A")
    print(
        f"machine     {cpus()} CPUs (nproc), {cpu_model()}, {memory_gib():.1f} GiB RAM, "
        f"Linux {platform.release()}, Python {platform.python_version()}"
    )
    print(f"load        {load_average()} (1, 5, 15 min) before the run")
    database = recreate_database(args.database)
    env = server_env(args.database, 60)
    cache = tempfile.mkdtemp(prefix="summitry-bench-cache-")
    env["SUMMITRY_CACHE_DIR"] = cache  # shared by gunicorn and this process: live versions
    if args.redis != "none":
        env["SUMMITRY_REDIS_URL"] = args.redis
        empty_redis(args.redis)
    print(f"cache       {'Redis ' + args.redis if args.redis != 'none' else 'files ' + cache}")
    env["SUMMITRY_SSL_REDIRECT"] = "0"
    env["SUMMITRY_STATIC_ROOT"] = tempfile.mkdtemp(prefix="summitry-bench-static-")
    try:
        migrate(env)
        subprocess.run(
            [
                str(Path(sys.executable).parent / "summitry"),
                "collectstatic",
                "--noinput",
                "-v",
                "0",
            ],
            env=env,
            check=True,
        )
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connections

        item, online, moderator, seeded, tokens = create_data(args.viewers)
        connections.close_all()
        base = f"/api/v1/summits/{SLUG}/online/items/{item.pk}/questions"
        rng = random.Random(17)
        jobs = []
        for n, token in enumerate(tokens):
            jobs.append(
                (
                    "ask",
                    "POST",
                    base,
                    token,
                    {"text": f"Viewer {n} asks?", "language": "en" if n % 2 else "ko"},
                )
            )
            chosen = rng.sample(seeded, VOTES_EACH)
            jobs += [("vote", "POST", f"{base}/{q}/votes", token, None) for q in chosen]
            jobs.append(("again", "POST", f"{base}/{chosen[0]}/votes", token, None))
        rng.shuffle(jobs)
        expected_votes = Counter(int(j[2].rsplit("/", 2)[1]) for j in jobs if j[0] == "vote")
        print(
            f"server      gunicorn {version_of_gunicorn()}, {args.workers} workers × "
            f"{args.threads} threads; {database}; {args.clients} client threads"
        )
        with tempfile.TemporaryFile(mode="w+") as log:
            port = free_port()
            server = start_gunicorn(env, port, args.workers, args.threads, log)
            try:
                wait_until_up(server, port, f"/{SLUG}/programme/{item.pk}/online/", timeout=180)
                threads, results, clock = burst(port, jobs, args.clients)
                running = lambda: any(t.is_alive() for t in threads)  # noqa: E731
                delays, approved, polls = moderate_and_watch(
                    port,
                    item,
                    online,
                    moderator,
                    lambda: time.perf_counter() + (1 if running() else 0),
                    args.approvals,
                )
                for thread in threads:
                    thread.join()
                wall = max(r[1][3] for r in results) - clock["t0"]
                return report(args, results, wall, delays, approved, polls, expected_votes, online)
            finally:
                stop(server)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(args.database)
        if args.redis != "none":
            empty_redis(args.redis)
        for folder in (cache, env["SUMMITRY_STATIC_ROOT"]):
            shutil.rmtree(folder, ignore_errors=True)


def report(args, results, wall, delays, approved, polls, expected_votes, online) -> int:
    from summitry.online.models import Question, QuestionVote

    statuses = Counter((job[0], str(r[0])) for job, r in results)
    latencies = sorted((r[3] - r[2]) * 1000 for _job, r in results)
    asked = statuses[("ask", "201")]
    votes = statuses[("vote", "200")] + statuses[("again", "200")]
    # A viewer's second vote for a question may reach the server before the first: either of
    # the two counts, never both.
    voted = [r for job, r in results if job[0] in ("vote", "again") and r[0] == 200]
    counted = sum(1 for r in voted if r[1]["counted"])
    again = sum(1 for r in voted if not r[1]["counted"])
    stored = Counter(
        QuestionVote.objects.filter(question__online=online).values_list("question_id", flat=True)
    )
    questions = Question.objects.filter(online=online).count()
    shown = sorted(d * 1000 for d in delays.values())
    print()
    print("HTTP        " + ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(statuses.items())))
    print(f"posting     {asked} questions in {wall:.2f} s ({asked / wall:.0f}/s)")
    print(f"voting      {votes} votes in {wall:.2f} s ({votes / wall:.0f}/s)")
    print(f"requests    {len(results)} in {wall:.2f} s ({len(results) / wall:.0f}/s)")
    print(
        "latency ms  "
        + "  ".join(
            f"{k} {percentile(latencies, p):.0f}"
            for k, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))
        )
    )
    if shown:
        print(
            f"update      {len(shown)} approvals during the burst, seen on a viewer's page "
            f"(polling every 1 s) after ms: "
            + "  ".join(
                f"{k} {percentile(shown, p):.0f}"
                for k, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))
            )
        )
    answered = sorted(t * 1000 for _status, t in polls)
    if answered:
        kinds = Counter(status for status, _t in polls)
        print(
            f"polls       {len(polls)} by the viewer's page ("
            + ", ".join(f"{status}: {n}" for status, n in sorted(kinds.items()))
            + "), answered after ms: "
            + "  ".join(
                f"{k} {percentile(answered, p):.0f}"
                for k, p in (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))
            )
        )
    checks = [
        (asked == args.viewers, f"{args.viewers} questions accepted ({asked})"),
        (questions == args.viewers + SEEDED, f"{questions} questions stored: none lost"),
        (counted == args.viewers * VOTES_EACH, f"every vote counted once ({counted})"),
        (again == args.viewers, f"every second vote refused as already counted ({again})"),
        (dict(stored) == dict(expected_votes), "votes per question as cast, each once"),
        (len(delays) == len(approved), f"every approval seen ({len(delays)}/{len(approved)})"),
        (bool(shown) and percentile(shown, 99) < 2000, "update p99 under 2 s"),
    ]
    print("\nchecks")
    for passed, text in checks:
        print(f"  {'ok  ' if passed else 'FAIL'}  {text}")
    return 0 if all(p for p, _t in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
