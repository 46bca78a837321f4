"""E-mail in the recipient's language, through Django's mail backends, kept in the outbox."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundMessage


def send(
    *, summit, recipient: str, language: str, template: str, context: dict, kind: str
) -> OutboundMessage:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language``, keep the
    message in the outbox and deliver it from the task queue once the transaction commits
    (core.tasks.deliver: at once without a broker; with the error recorded and retried if the
    mail server fails: nothing is lost silently)."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(summit.zone if summit else None):
        full_context = {"summit": summit, "site_url": settings.SUMMITRY_SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        body = render_to_string(f"{template}_body.txt", full_context)
    message = OutboundMessage.objects.create(
        summit=summit, kind=kind, recipient=recipient, language=language, subject=subject, body=body
    )
    from .tasks import deliver, run_after_commit

    run_after_commit(deliver, message.pk)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        message.refresh_from_db(fields=["sent_at", "error"])
    return message
