"""Work that leaves the request: e-mail from the outbox first. Capabilities add their own
``tasks.py``; every task is idempotent (a retry, or a second run after a worker died, does
no harm)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# A failed delivery is tried again after 1, 2, 4, ... minutes, at most this many times; the
# scheduled retry of failed mail (retry_failed_mail) takes over after that.
DELIVERY_RETRIES = 6
# retry_failed_mail (celery beat, every few minutes): a message not sent this long after it
# was written (its delivery failed for good, or its task was lost with a broker) is queued
# again, for at most this many days; after that it stays in the outbox marked unsent.
RETRY_AFTER_MINUTES = 10
RETRY_FOR_DAYS = 3


def run_after_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (nothing is queued for work that
    is rolled back). Without a broker it runs at once, in-process, as before the queue."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        task.apply(args=args, kwargs=kwargs)
    else:
        transaction.on_commit(lambda: task.delay(*args, **kwargs))


def _message_id(message) -> str:
    domain = settings.SUMMITRY_SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"<outbox-{message.pk}@{domain or 'summitry.invalid'}>"


@shared_task(bind=True, max_retries=DELIVERY_RETRIES, acks_late=True)
def deliver(self, message_id: int) -> str:
    """Send one message of the outbox, once: the row is locked while it is sent and marked
    sent in the same transaction, so a second run (a retry, another worker) finds it sent.
    Its Message-ID is fixed by the row, so a mail server that received it from a worker that
    died before marking it can tell the repeat."""
    from .models import OutboundMessage

    try:
        with transaction.atomic():
            message = (
                OutboundMessage.objects.select_for_update()
                .filter(pk=message_id, sent_at__isnull=True)
                .first()
            )
            if message is None:
                return "already sent"
            EmailMessage(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.recipient],
                headers={"Message-ID": _message_id(message)},
            ).send()
            message.sent_at = timezone.now()
            message.error = ""
            message.save(update_fields=["sent_at", "error"])
            return "sent"
    except OSError as error:
        OutboundMessage.objects.filter(pk=message_id).update(error=str(error)[:2000])
        logger.warning("Delivering message %s failed: %s", message_id, error)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return "failed"
        raise self.retry(exc=error, countdown=60 * 2**self.request.retries) from error


@shared_task(acks_late=True)
def retry_failed_mail() -> int:
    """Queue again every message of the outbox still unsent some minutes after it was written
    (its retries ran out while the mail server was down, or its task was lost), for a few
    days. Delivery is idempotent, so a message queued twice is sent once. Returns how many."""
    import datetime

    from .models import OutboundMessage

    now = timezone.now()
    due = OutboundMessage.objects.filter(
        sent_at__isnull=True,
        created_at__lte=now - datetime.timedelta(minutes=RETRY_AFTER_MINUTES),
        created_at__gte=now - datetime.timedelta(days=RETRY_FOR_DAYS),
    ).values_list("pk", flat=True)
    queued = 0
    for message_id in due.iterator():
        if settings.CELERY_TASK_ALWAYS_EAGER:
            deliver.apply(args=[message_id])
        else:
            deliver.delay(message_id)
        queued += 1
    return queued


@shared_task(acks_late=True)
def export(run_id: int) -> str:
    """One large export (core.exports): the file and the run's "done" are committed together,
    and an attempt replaces what an earlier one left, so a run has one file."""
    from . import exports, runs

    return runs.execute(run_id, exports.work)


@shared_task(acks_late=True)
def remove_expired_exports() -> int:
    """Scheduled: the files of exports older than SUMMITRY_EXPORT_KEEP_HOURS are deleted."""
    from . import exports

    return exports.remove_expired()
