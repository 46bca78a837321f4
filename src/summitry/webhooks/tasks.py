"""The webhooks' work in the task queue: one delivery, and the scheduled retries."""

from __future__ import annotations

from celery import shared_task

from summitry.core.tasks import run_after_commit

from . import delivery


@shared_task(acks_late=True)
def deliver(delivery_id: int) -> str:
    """Send one delivery if it is still due (idempotent: a repeat does nothing)."""
    return delivery.attempt(delivery_id)


@shared_task(acks_late=True)
def retry_due() -> int:
    """Every minute (CELERY_BEAT_SCHEDULE): queue the deliveries whose next try has come, and
    forget those done more than a month ago."""
    delivery.prune()
    ids = delivery.due()
    for delivery_id in ids:
        run_after_commit(deliver, delivery_id)
    return len(ids)
