"""WSGI entry point for production servers (gunicorn summitry.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summitry.settings.production")
application = get_wsgi_application()
# The URL patterns (every app's views and the API's routers) are imported now, not by a
# worker's first request: with gunicorn --preload once before the workers fork, else as a
# worker boots. Lazily, each worker spent most of a second of CPU on it in the middle of
# its first burst of requests (and again after every --max-requests restart).
get_resolver().url_patterns  # noqa: B018
