"""Production settings refuse DEBUG, a default or short secret key, and missing hosts."""

import os
import subprocess
import sys

import pytest

GOOD_KEY = "k" * 64


def load_production(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMITRY_", "DATABASE"))}
    return subprocess.run(
        [sys.executable, "-c", "import summitry.settings.production"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({}, "SUMMITRY_SECRET_KEY"),
        ({"SUMMITRY_SECRET_KEY": "development-only-not-secret"}, "SUMMITRY_SECRET_KEY"),
        ({"SUMMITRY_SECRET_KEY": "short"}, "SUMMITRY_SECRET_KEY"),
        (
            {
                "SUMMITRY_SECRET_KEY": GOOD_KEY,
                "SUMMITRY_DEBUG": "true",
                "SUMMITRY_ALLOWED_HOSTS": "x.org",
                "DATABASE_URL": "postgres://x/y",
            },
            "DEBUG",
        ),
        (
            {"SUMMITRY_SECRET_KEY": GOOD_KEY, "DATABASE_URL": "postgres://x/y"},
            "SUMMITRY_ALLOWED_HOSTS",
        ),
        ({"SUMMITRY_SECRET_KEY": GOOD_KEY, "SUMMITRY_ALLOWED_HOSTS": "x.org"}, "DATABASE_URL"),
        (
            {
                "SUMMITRY_SECRET_KEY": GOOD_KEY,
                "SUMMITRY_ALLOWED_HOSTS": "x.org",
                "DATABASE_URL": "sqlite:////tmp/summitry.sqlite3",
            },
            "needs PostgreSQL",
        ),
    ],
)
def test_production_refuses_unsafe_configuration(env, complaint):
    result = load_production(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def production_value(expression: str, env: dict[str, str]) -> str:
    """What the production settings module says of ``expression`` (as ``s``), printed."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed module
        [sys.executable, "-c", f"import summitry.settings.production as s; print({expression})"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("SUMMITRY_", "DATABASE"))},
            "SUMMITRY_SECRET_KEY": GOOD_KEY,
            "SUMMITRY_ALLOWED_HOSTS": "x.org",
            "DATABASE_URL": "postgres://x/y",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def cache_backend(env: dict[str, str]) -> str:
    return production_value(
        "s.CACHES['default']['BACKEND'], s.DATABASES['default']['CONN_MAX_AGE']", env
    )


def test_production_shares_one_cache_between_processes_and_keeps_connections():
    assert cache_backend({}) == ("django.core.cache.backends.filebased.FileBasedCache 60")
    assert cache_backend({"SUMMITRY_REDIS_URL": "redis://127.0.0.1:6379/1"}) == (
        "summitry.core.rediscache.RedisCache 60"
    )


def test_production_accepts_a_complete_configuration():
    result = load_production(
        {
            "SUMMITRY_SECRET_KEY": GOOD_KEY,
            "SUMMITRY_ALLOWED_HOSTS": "summit.example.org",
            "DATABASE_URL": "postgres://summitry@db/summitry",
        }
    )
    assert result.returncode == 0, result.stderr


def test_the_deployment_check_is_clean_with_the_production_settings():
    # (The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE is the test run's, not production's.)
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUMMITRY_", "DATABASE", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    result = subprocess.run(
        [sys.executable, "-m", "summitry.manage", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "summitry.settings.production",
            "SUMMITRY_SECRET_KEY": GOOD_KEY + "-random-enough-for-the-check-0123456789",
            "SUMMITRY_ALLOWED_HOSTS": "summit.example",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sends_browsers_to_https_and_keeps_them_there():
    assert production_value(
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS", {}
    ).split() == ["True", "31536000", "True"]


def test_every_scheduled_job_names_a_task_the_queue_knows():
    """The beat schedule holds every job the capabilities declared (one definition, entries
    added, never replaced), and each names a registered task."""
    from django.conf import settings

    from summitry.celery import app

    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert {"worker-heartbeat", "press-publish-due", "webhooks"} <= set(schedule)
    for name, job in schedule.items():
        assert job["task"] in app.tasks, name
