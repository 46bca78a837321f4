"""Settings shared by every environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# The checkout (or the working directory of an installed copy) holds the SQLite file.
PROJECT_DIR = Path(os.environ.get("SUMMITRY_HOME", Path.cwd()))

SECRET_KEY = os.environ.get("SUMMITRY_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("SUMMITRY_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin, and so
    # does the core, whose templates extend the admin's.
    "modeltranslation",
    "summitry.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_countries",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "django_prometheus",
    "summitry.directory",
    "summitry.summits",
    "summitry.console",
    "summitry.delegations",
    "summitry.programme",
    "summitry.diplomacy",
    "summitry.awards",
    "summitry.judging",
    "summitry.checkin",
    "summitry.assembly",
    "summitry.press",
    "summitry.webhooks",
    "summitry.exhibitions",
    "summitry.online",
    "summitry.demo",
]

MIDDLEWARE = [
    # A live page's poll that finds nothing changed is answered before anything else
    # (core.live: one cache read); it is not counted in the metrics nor logged.
    "summitry.core.live.poll_shortcut",
    # A cached public page asked for without a cookie or token is answered whole from the
    # shared cache here (core.pagecache.shortcut): no session, URL resolving or view.
    "summitry.core.pagecache.shortcut",
    # A door scanner's new scan (API token, JSON) is answered here with one read and one
    # write (checkin.shortcut); anything unusual goes on through the whole stack.
    "summitry.checkin.shortcut.scan_shortcut",
    # Metrics (django-prometheus) around everything; then the request id for the logs.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "summitry.core.logs.request_id",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "summitry.core.middleware.summit_time_zone",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "summitry.core.middleware.request_limits",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its refusal page.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

# Sign-in: django-axes counts failed passwords per account *and* client address together, so
# guessing one account's password is stopped while one address (a proxy, a hotel's network)
# never locks out everybody behind it. The client address comes from core.ratelimit, which
# believes X-Forwarded-For only from the proxies configured as trusted.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("SUMMITRY_LOGIN_FAILURES", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "summitry.core.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False
# The addresses (or networks, CIDR) of the reverse proxies in front of Summitry, whose
# X-Forwarded-For is believed: comma-separated, e.g. "10.0.0.0/8,127.0.0.1".
SUMMITRY_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("SUMMITRY_TRUSTED_PROXIES", "").split(",") if p.strip()
]

ROOT_URLCONF = "summitry.urls"
WSGI_APPLICATION = "summitry.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{PROJECT_DIR / 'var' / 'summitry.sqlite3'}",
        conn_max_age=int(os.environ.get("SUMMITRY_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# After signing in without a destination: staff to their summits, others to their own page.
LOGIN_REDIRECT_URL = "console:landing"
LOGOUT_REDIRECT_URL = "summits:index"

# Korean first: the host city's team works in Korean; every content field holds both.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
USE_I18N = True
# Our own date and time formats (summitry/formats: why Django's defaults read badly here).
FORMAT_MODULE_PATH = ["summitry.formats"]
# Stored in UTC; shown in each summit's own time zone (see summitry.core.timezones).
USE_TZ = True
TIME_ZONE = "UTC"

MODELTRANSLATION_DEFAULT_LANGUAGE = "ko"
MODELTRANSLATION_LANGUAGES = ("ko", "en")
# A missing translation falls back to the other language; pages mark it (core.bilingual).
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ko", "en"), "ko": ("en",), "en": ("ko",)}

# Uploaded files (badge photos) live outside the web root and are served only by views that
# check who asks; there is no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("SUMMITRY_MEDIA_ROOT", PROJECT_DIR / "var" / "media"))
# The largest request body taken (uploads included); a larger one is answered 413 before any
# view reads it. Bodies without files stay within Django's DATA_UPLOAD_MAX_MEMORY_SIZE.
SUMMITRY_MAX_REQUEST_BYTES = int(os.environ.get("SUMMITRY_MAX_REQUEST_MB", "50")) * 1024 * 1024

STATIC_URL = "static/"
# Static assets come from the installed packages (and ours) through the finders in development
# and tests; production collects them into STATIC_ROOT (`summitry collectstatic`).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

COUNTRIES_FIRST = ["KR"]

# The task queue (Celery, summitry/celery.py): Redis as broker in production
# (SUMMITRY_BROKER_URL=redis://host:6379/1). Without one, tasks run in-process at once, so
# `make run` and the tests need no worker. A task is acknowledged only when done, so a worker
# killed mid-task leaves it to another; tasks are written to be run twice without harm.
CELERY_BROKER_URL = os.environ.get("SUMMITRY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "summitry"
CELERY_TASK_IGNORE_RESULT = True
# Redis gives an unacknowledged task to another worker after this long (longer than the
# longest task: the solvers' ten minutes).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "UTC"
# Jobs on a schedule (`celery -A summitry.celery beat`): one entry per job, each a task name
# and how often it runs; every job is written to be run again without harm.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
CELERY_BEAT_SCHEDULE["webhooks"] = {"task": "summitry.webhooks.tasks.retry_due", "schedule": 60}
CELERY_BEAT_SCHEDULE["worker-heartbeat"] = {
    "task": "summitry.core.operations.heartbeat",
    "schedule": 30,
}
CELERY_BEAT_SCHEDULE["retry-failed-mail"] = {
    "task": "summitry.core.tasks.retry_failed_mail",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["press-publish-due"] = {
    "task": "summitry.press.tasks.publish_due",
    "schedule": 60.0,
}
CELERY_BEAT_SCHEDULE["registration-deadline-reminders"] = {
    "task": "summitry.delegations.tasks.send_deadline_reminders",
    "schedule": 300.0,
}
CELERY_BEAT_SCHEDULE["remove-expired-exports"] = {
    "task": "summitry.core.tasks.remove_expired_exports",
    "schedule": 3600.0,
}
# Staff exports (core.exports): up to this many rows answered at once, more written in the
# background; the background files are kept this many hours, then deleted.
SUMMITRY_EXPORT_INLINE_ROWS = int(os.environ.get("SUMMITRY_EXPORT_INLINE_ROWS", "2000"))
SUMMITRY_EXPORT_KEEP_HOURS = int(os.environ.get("SUMMITRY_EXPORT_KEEP_HOURS", "24"))
CELERY_BEAT_SCHEDULE["rehearsal-reminders"] = {
    "task": "summitry.online.tasks.send_rehearsal_reminders",
    "schedule": 300.0,
}

# Operations (core.operations, docs/DEPLOY.md): /health/ fails when the workers' heartbeat is
# older than this (seconds; 0: not checked); /metrics answers these addresses (or CIDR
# networks) or the bearer of this token, nobody else.
SUMMITRY_HEARTBEAT_MAX_AGE = int(os.environ.get("SUMMITRY_HEARTBEAT_MAX_AGE", "120"))
SUMMITRY_METRICS_ALLOWED_IPS = [
    a.strip()
    for a in os.environ.get("SUMMITRY_METRICS_ALLOWED_IPS", "127.0.0.1,::1").split(",")
    if a.strip()
]
SUMMITRY_METRICS_TOKEN = os.environ.get("SUMMITRY_METRICS_TOKEN", "")
# Anonymous public pages (core.pagecache): how long a browser and a proxy or CDN may keep them.
SUMMITRY_PUBLIC_MAX_AGE = int(os.environ.get("SUMMITRY_PUBLIC_MAX_AGE", "30"))
SUMMITRY_PUBLIC_S_MAXAGE = int(os.environ.get("SUMMITRY_PUBLIC_S_MAXAGE", "60"))

# Links in e-mails point here; DEFAULT_FROM_EMAIL is the sender of every message.
SUMMITRY_SITE_URL = os.environ.get("SUMMITRY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("SUMMITRY_FROM_EMAIL", "Summitry <no-reply@summitry.invalid>")

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from Summitry only,
# never inline, so an injected <script> or style attribute does nothing. Pages that embed a
# third party's player or map widen it for themselves (csp_update), and say so.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line carries its request's id (core.logs); SUMMITRY_LOG_FORMAT=json writes one JSON
    # object per line (the production default), text is for reading in a terminal.
    "filters": {"request_id": {"()": "summitry.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "summitry.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": os.environ.get("SUMMITRY_LOG_FORMAT", "text"),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SUMMITRY_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO; django-axes every sign-in.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # One line per request (method, path, status, ms): INFO in production.
        "summitry.request": {"level": os.environ.get("SUMMITRY_ACCESS_LOG_LEVEL", "WARNING")},
    },
}

# Browser libraries from the npm registry (package.json; `make install` runs `npm ci`), served
# as static files under vendor/ (each package's built dist folder), never copied into the
# repository. SUMMITRY_NODE_MODULES points elsewhere when the checkout is not the source tree.
NODE_MODULES = Path(
    os.environ.get("SUMMITRY_NODE_MODULES")
    or next(
        (
            found
            for found in (PROJECT_DIR / "node_modules", Path(__file__).parents[3] / "node_modules")
            if found.is_dir()
        ),
        PROJECT_DIR / "node_modules",
    )
)
STATICFILES_DIRS = [("vendor/jsqr", NODE_MODULES / "jsqr" / "dist")]
# Assemblies' agendas that go out on their own N days before (assembly.tasks.circulate_due).
CELERY_BEAT_SCHEDULE["assembly-circulate-due"] = {
    "task": "summitry.assembly.tasks.circulate_due",
    "schedule": 300.0,
}
