"""The task queue (Celery): slow work leaves the request. Configured from the Django settings
(CELERY_*); each app's ``tasks.py`` is found by autodiscovery. Without a broker (the embedded
default: ``make run``, the tests) tasks run in-process, at once."""

import os

from celery import Celery

# A worker started with `celery -A summitry.celery worker` runs with the production settings
# unless told otherwise; inside Django (imported by the core) the settings are already set.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summitry.settings.production")

app = Celery("summitry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
