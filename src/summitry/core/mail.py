"""E-mail in the recipient's language, through Django's mail backends, kept in the outbox."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import mailtemplates
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
        subject, body = _render(summit, template, language, full_context)
    message = OutboundMessage.objects.create(
        summit=summit, kind=kind, recipient=recipient, language=language, subject=subject, body=body
    )
    from .tasks import deliver, run_after_commit

    run_after_commit(deliver, message.pk)
    if settings.CELERY_TASK_ALWAYS_EAGER:
        message.refresh_from_db(fields=["sent_at", "error"])
    return message


def _render(summit, template: str, language: str, context: dict) -> tuple[str, str]:
    """The summit's own text of the e-mail in ``language`` where it has one (console, e-mail
    templates), else the default files. An own text that fails to render is noted in the
    audit log and the default is sent: the e-mail is never lost."""
    mail = mailtemplates.catalogue().get(template)
    own = mailtemplates.override(summit, template, language) if mail is not None else None
    if own is not None:
        try:
            return mailtemplates.render(own, mail, context)
        except Exception as error:  # noqa: BLE001 - any failure of an edited text falls back
            mailtemplates.fell_back(summit=summit, own=own, error=error)
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    return subject, render_to_string(f"{template}_body.txt", context)
