"""The press room's background work: notice releases whose embargo has passed and write the
mailings' e-mails held for it (every minute, CELERY_BEAT_SCHEDULE); write a mailing's e-mails
once staff send it. Pages never wait for them. Idempotent: a second run finds nothing to do."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def publish_due() -> int:
    from . import mailings, services

    published = len(services.publish_due())
    mailings.send_held()
    return published


@shared_task(acks_late=True)
def send_mailing(mailing_id: int) -> str:
    from . import mailings

    return mailings.process(mailing_id)


@shared_task(acks_late=True)
def build_report(report_id: int) -> str:
    from . import report

    return report.build(report_id)


@shared_task(acks_late=True)
def draw_report_charts(report_id: int) -> str:
    """The charts of a report that lacks them (asked for by the public report page)."""
    from . import report

    return report.redraw(report_id)
