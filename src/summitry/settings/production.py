"""Production: PostgreSQL from DATABASE_URL, secrets from the environment, no DEBUG."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if os.environ.get("SUMMITRY_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
    raise ImproperlyConfigured("DEBUG must not be switched on in production.")
DEBUG = False

_KNOWN_KEYS = {"", "development-only-not-secret", "test-only-not-secret"}
if SECRET_KEY in _KNOWN_KEYS or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured(
        "Set SUMMITRY_SECRET_KEY to a random value of at least 50 characters "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set SUMMITRY_ALLOWED_HOSTS (comma-separated host names).")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL to the PostgreSQL database (postgres://...).")
# Several server processes write at once (registrations, check-in, votes); SQLite serialises
# every write and its file cannot be shared between hosts. Production runs on PostgreSQL.
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    raise ImproperlyConfigured(
        "Production needs PostgreSQL: set DATABASE_URL to postgres://user:password@host/name. "
        "(SQLite is the embedded default of `make run` only: it serialises every write and "
        "cannot be shared by several servers.)"
    )

# Keep database connections open between requests (opening one costs more CPU than serving a
# cached page), and check them before use.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("SUMMITRY_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Several server processes must share one cache: cached pages are invalidated by bumping a
# version, and rate limits count attempts; a per-process memory cache would keep serving
# stale pages in the other processes. Redis when configured, else files on this host.
if os.environ.get("SUMMITRY_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "summitry.core.rediscache.RedisCache",
            "LOCATION": os.environ["SUMMITRY_REDIS_URL"],
        }
    }
    # Sessions read from Redis, written through to PostgreSQL (none lost if Redis restarts).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("SUMMITRY_CACHE_DIR", str(PROJECT_DIR / "var" / "cache")),  # noqa: F405
        }
    }

STATIC_ROOT = os.environ.get("SUMMITRY_STATIC_ROOT", str(PROJECT_DIR / "var" / "static"))  # noqa: F405
WHITENOISE_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# HTTPS only: the proxy in front says which requests came in over TLS; plain HTTP is
# redirected, and browsers are told to come back over HTTPS only (HSTS, a year by default;
# SUMMITRY_HSTS_SECONDS=0 switches it off while trying a new host name).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SUMMITRY_SSL_REDIRECT", "1").lower() not in {"0", "false"}
# The health check is asked by the proxy or orchestrator over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/?$", r"^metrics$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = int(os.environ.get("SUMMITRY_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SUMMITRY_HSTS_SUBDOMAINS", "1").lower() not in {
    "0",
    "false",
}
SECURE_HSTS_PRELOAD = os.environ.get("SUMMITRY_HSTS_PRELOAD", "0").lower() in {"1", "true"}
if not SECURE_HSTS_PRELOAD:
    # Asking browsers to preload the domain is a commitment for the domain's owner (it is
    # hard to undo), so it is theirs to switch on; the check would otherwise ask for it.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
EMAIL_BACKEND = os.environ.get(
    "SUMMITRY_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
# The SMTP server the workers send through (docs/DEPLOY.md).
EMAIL_HOST = os.environ.get("SUMMITRY_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("SUMMITRY_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("SUMMITRY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SUMMITRY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("SUMMITRY_EMAIL_TLS", "0").lower() in {"1", "true", "yes"}
# Logs for a log shipper: one JSON object per line, one line per request.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get("SUMMITRY_LOG_FORMAT", "json")  # noqa: F405
_ACCESS_LEVEL = os.environ.get("SUMMITRY_ACCESS_LOG_LEVEL", "INFO")
LOGGING["loggers"]["summitry.request"]["level"] = _ACCESS_LEVEL  # noqa: F405
