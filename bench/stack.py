"""The production stack a benchmark starts on this machine: a PostgreSQL database of its own
(made anew, dropped after), settings with a Redis key prefix and a Celery queue of its own (in
a Redis other work may share), gunicorn servers and Celery workers with one environment, and
the clean-up of all of it."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from serving import HOST, free_port, stop, wait_until_up

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def database_url(name: str) -> str:
    return f"postgres://postgres@{HOST}:5432/{name}"


def admin_connection():
    import psycopg

    return psycopg.connect(
        host=HOST, port=5432, user="postgres", dbname="postgres", autocommit=True
    )


def recreate_database(name: str) -> str:
    """Drop and create the database ``name``; PostgreSQL's version."""
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        return connection.execute("SHOW server_version").fetchone()[0].split()[0]


def drop_database(name: str) -> None:
    with admin_connection() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Stack:
    """gunicorn and Celery with the production settings on a database, a queue and cache keys
    of their own. ``with Stack("mail", SUMMITRY_EMAIL_PORT="2525") as stack:`` then
    ``stack.create()``, ``stack.gunicorn(port)``, ``stack.worker()``; leaving the block stops
    the processes and removes the database and the Redis keys."""

    def __init__(self, name: str, **env: str) -> None:
        self.database_name = f"summitry_bench_{name}"
        self.database = database_url(self.database_name)
        self.redis = os.environ.get("BENCH_REDIS_URL", f"redis://{HOST}:6379/0")
        self.prefix = f"bench-{name}-{secrets.token_hex(4)}"
        self.scratch = tempfile.mkdtemp(prefix=f"bench-{name}-")
        module = f"bench_{name}_settings"
        Path(self.scratch, f"{module}.py").write_text(
            "from summitry.settings.production import *  # noqa: F403\n"
            f'CACHES["default"]["KEY_PREFIX"] = "{self.prefix}"  # noqa: F405\n'
            f'CELERY_TASK_DEFAULT_QUEUE = "{self.prefix}"\n'
            "WHITENOISE_USE_FINDERS = True\n"
            'STORAGES["staticfiles"] = {"BACKEND": '
            '"django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405\n'
        )
        self.env = dict(os.environ)
        self.env.update(
            DATABASE_URL=self.database,
            DJANGO_SETTINGS_MODULE=module,
            SUMMITRY_SECRET_KEY=secrets.token_urlsafe(48),
            SUMMITRY_ALLOWED_HOSTS=HOST,
            SUMMITRY_SSL_REDIRECT="0",
            SUMMITRY_REDIS_URL=self.redis,
            SUMMITRY_BROKER_URL=self.redis,
            SUMMITRY_LOG_LEVEL="WARNING",
            SUMMITRY_LOG_FORMAT="text",
            SUMMITRY_HEARTBEAT_MAX_AGE="0",  # no celery beat here
            SUMMITRY_MEDIA_ROOT=str(Path(self.scratch, "media")),
            PYTHONPATH=os.pathsep.join(
                filter(None, [self.scratch, str(ROOT / "src"), os.environ.get("PYTHONPATH")])
            ),
            **env,
        )
        self.processes: list[subprocess.Popen] = []
        self.log = open(Path(self.scratch, "servers.log"), "w")  # noqa: SIM115 - closed by close
        # This process (the benchmark's own Django) uses the same database and settings.
        os.environ.update(self.env)
        sys.path.insert(0, self.scratch)
        sys.path.insert(0, str(ROOT / "src"))

    def __enter__(self) -> Stack:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def create(self, *commands: tuple[str, ...]) -> None:
        """The database made anew and migrated, then ``commands`` of ``summitry`` run on it
        (``("demo", "load", "wcsmf2023")``)."""
        version = recreate_database(self.database_name)
        print(f"PostgreSQL {version}, Redis {self.redis} (queue and keys {self.prefix})")
        for args in (("migrate", "--noinput"), *commands):
            subprocess.run(
                [str(BIN / "summitry"), *args],
                env=self.env,
                check=True,
                timeout=900,
                stdout=subprocess.DEVNULL,
            )

    def summit_and_token(self, slug: str, name_en: str, name_ko: str):
        """A published summit on the stack's database (Django set up in this process), and
        the API token of a platform administrator: ``(summit, token)``."""
        import django

        django.setup()
        import datetime

        from django.contrib.auth import get_user_model

        from summitry.core.tokens import issue_token
        from summitry.summits.models import Summit

        summit = Summit.objects.create(
            slug=slug,
            edition=1,
            name_en=name_en,
            name_ko=name_ko,
            start_date=datetime.date(2030, 9, 24),
            end_date=datetime.date(2030, 9, 26),
            status="published",
        )
        admin = get_user_model().objects.create_superuser(
            "bench-admin", "admin@bench.invalid", None
        )
        return summit, issue_token(user=admin, name=slug)[1]

    def serve(self, *, workers: int = 2, threads: int = 2, concurrency: int = 1) -> int:
        """One gunicorn server and one Celery worker, started; the server's port once its
        health check answers."""
        port = free_port()
        server = self.gunicorn(port, workers=workers, threads=threads)
        self.worker(concurrency=concurrency)
        wait_until_up(server, port, "/health/", 120)
        return port

    def gunicorn(self, port: int, *, workers: int = 2, threads: int = 2) -> subprocess.Popen:
        return self._start(
            [str(BIN / "gunicorn"), "summitry.wsgi", "--bind", f"{HOST}:{port}"]
            + ["--workers", str(workers), "--threads", str(threads)]
        )

    def worker(self, *, concurrency: int = 1, loglevel: str = "WARNING") -> subprocess.Popen:
        """A Celery worker (prefork) on the stack's own queue."""
        return self._start(
            [str(BIN / "celery"), "-A", "summitry.celery", "worker", "--queues", self.prefix]
            + ["--pool", "prefork", "--concurrency", str(concurrency), "--loglevel", loglevel]
            + ["--without-gossip", "--without-mingle"]
        )

    def _start(self, command: list[str]) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603 - our own server or worker, fixed arguments
            command, env=self.env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def close(self) -> None:
        import redis

        for process in self.processes:
            stop(process)
        self.log.close()
        client = redis.Redis.from_url(self.redis)
        client.delete(self.prefix)
        for key in list(client.scan_iter(match=f"{self.prefix}:*", count=1000)):
            client.delete(key)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001, S110 - Django may not be set up yet
            pass
        drop_database(self.database_name)
