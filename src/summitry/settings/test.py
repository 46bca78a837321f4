"""The test suite: fast hashing, in-memory mail, SQLite in memory unless DATABASE_URL is set."""

import os

import dj_database_url

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES = {"default": dj_database_url.config(env="DATABASE_URL", default="sqlite://:memory:")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise finds static files when they are asked for, as in development: otherwise each
# test client (a new handler, its middleware built again) lists every static file first,
# some 70 ms a client, which was most of the time of tests that make many requests.
WHITENOISE_AUTOREFRESH = True
# The browser tests run the live server in a thread while Playwright's loop runs in the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
