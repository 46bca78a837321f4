"""Scheduled work of registration (celery beat, CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def send_deadline_reminders() -> int:
    """Every registration deadline reminder due now, each once (reminders.send_due)."""
    from . import reminders

    return reminders.send_due()


@shared_task(acks_late=True)
def import_contacts(run_id: int) -> str:
    """One CSV import of organisations and contacts (core.runs): the import and the run's
    result are committed together, so a task delivered twice imports once."""
    from summitry.core import runs

    from . import imports

    outcome = runs.execute(run_id, imports.work)
    imports.forget_file(run_id)
    return outcome
