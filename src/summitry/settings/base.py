"""Settings shared by every environment."""

import os
from pathlib import Path

import dj_database_url
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
    "summitry.directory",
    "summitry.summits",
    "summitry.delegations",
    "summitry.programme",
    "summitry.diplomacy",
    "summitry.awards",
    "summitry.judging",
    "summitry.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
# After signing in without a destination: the person's own pages.
LOGIN_REDIRECT_URL = "delegations:mine"
LOGOUT_REDIRECT_URL = "summits:index"

# Korean first: the host city's team works in Korean; every content field holds both.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
USE_I18N = True
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

# Links in e-mails point here; DEFAULT_FROM_EMAIL is the sender of every message.
SUMMITRY_SITE_URL = os.environ.get("SUMMITRY_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("SUMMITRY_FROM_EMAIL", "Summitry <no-reply@summitry.invalid>")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SUMMITRY_LOG_LEVEL", "INFO")},
    # WeasyPrint narrates every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
