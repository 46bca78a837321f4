"""WSGI entry point for production servers (gunicorn summitry.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summitry.settings.production")
application = get_wsgi_application()
