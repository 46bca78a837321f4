"""Background work of judging: the assignment solver, run outside the request."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def assign_judges(run_id: int) -> str:
    """One run of the judge-assignment solver (core.runs): the assignment and the run's result
    are committed together, so a task delivered twice assigns once."""
    from summitry.core import runs

    from . import services
    from .models import Round

    def work(run, report) -> dict:
        round = Round.objects.select_related("award__summit").get(
            pk=int(run.subject.split(":", 1)[1])
        )
        solution = services.run_assignment(actor=run.requested_by, round=round, report=report)
        return services.assignment_result(solution)

    return runs.execute(run_id, work)
