"""Background work of exhibitions: the IR meetings scheduler, run outside the request."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def schedule_ir_meetings(run_id: int) -> str:
    """One run of the IR scheduler (core.runs): the schedule and the run's result are committed
    together, so a task delivered twice stores one result."""
    from summitry.core import runs

    from . import ir_services
    from .models import IRSession

    def work(run, report) -> dict:
        session_id = int(run.subject.removeprefix("ir:"))
        session = IRSession.objects.select_related("summit", "item").get(pk=session_id)
        draft = ir_services.run_scheduler(actor=run.requested_by, session=session, report=report)
        return ir_services.draft_result(draft)

    return runs.execute(run_id, work)
