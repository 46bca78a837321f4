"""The online capability's work in the task queue: solving a roster run."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def plan_roster(run_id: int) -> str:
    """Solve one queued roster run (idempotent: a finished run is left as it is)."""
    from . import services

    return services.complete_run(run_id).state
