"""Background work of city diplomacy: the meeting scheduler, run outside the request."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def schedule_meetings(run_id: int) -> str:
    """One run of the scheduler (core.runs): the draft and the run's result are committed
    together, so a task delivered twice stores one result."""
    from summitry.core import runs

    from . import services

    def work(run, report) -> dict:
        draft = services.run_scheduler(actor=run.requested_by, summit=run.summit, report=report)
        return services.draft_result(draft)

    return runs.execute(run_id, work)
