"""Scheduled work of registration (celery beat, CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def send_deadline_reminders() -> int:
    """Every registration deadline reminder due now, each once (reminders.send_due)."""
    from . import reminders

    return reminders.send_due()
