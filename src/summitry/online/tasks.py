"""The online capability's work in the task queue: solving a roster run, the scheduled
rehearsal reminders (celery beat, CELERY_BEAT_SCHEDULE) and the speakers' invitations staff
ask for."""

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


@shared_task(acks_late=True)
def send_speaker_invitations(online_id: int) -> int:
    """The speakers' invitations staff asked for on one item, each written once
    (invitations.send_queued)."""
    from . import invitations

    return invitations.send_queued(online_id)
