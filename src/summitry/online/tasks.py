"""The online capability's work in the task queue: solving a roster run, and the scheduled
rehearsal reminders (celery beat, CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def plan_roster(run_id: int) -> str:
    """Solve one queued roster run (idempotent: a finished run is left as it is)."""
    from . import services

    return services.complete_run(run_id).state


@shared_task(acks_late=True)
def send_rehearsal_reminders() -> int:
    """Every rehearsal reminder due now, each once per speaker and slot (reminders.send_due)."""
    from . import reminders

    return reminders.send_due()
