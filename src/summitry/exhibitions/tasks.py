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


@shared_task(acks_late=True)
def make_booth_signs(run_id: int) -> str:
    """The booth signs' PDF of a large exhibition (core.runs), kept in the file storage for
    the staff's download; the run's result names the file and counts the booths."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from summitry.core import runs

    from . import queries, signs
    from .models import Exhibition

    def work(run, report) -> dict:
        _, exhibition_id, plan_id = run.subject.split(":")
        exhibition = Exhibition.objects.select_related("summit").get(pk=int(exhibition_id))
        rows = queries.booths(exhibition)
        if int(plan_id):
            rows = rows.filter(plan_id=int(plan_id))
        rows = list(rows)
        report(booths=len(rows))
        pdf = signs.signs_pdf(exhibition.summit, exhibition, rows)
        name = signs.stored_name(run)
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(pdf))
        return {"file": name, "booths": len(rows)}

    return runs.execute(run_id, work)
