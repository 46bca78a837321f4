"""The press room's scheduled work: notice releases whose embargo has passed (every minute,
CELERY_BEAT_SCHEDULE). Pages never wait for it; it records the publication and refreshes
live pages. Idempotent: a second run finds nothing to do."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def publish_due() -> int:
    from . import services

    return len(services.publish_due())
