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
    ],
)
def test_production_refuses_unsafe_configuration(env, complaint):
    result = load_production(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert complaint in result.stderr


def cache_backend(env: dict[str, str]) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import summitry.settings.production as s; "
            "print(s.CACHES['default']['BACKEND'], s.DATABASES['default']['CONN_MAX_AGE'])",
        ],
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


def test_production_shares_one_cache_between_processes_and_keeps_connections():
    assert cache_backend({}) == ("django.core.cache.backends.filebased.FileBasedCache 60")
    assert cache_backend({"SUMMITRY_REDIS_URL": "redis://127.0.0.1:6379/1"}) == (
        "django.core.cache.backends.redis.RedisCache 60"
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
