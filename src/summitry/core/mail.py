"""E-mail in the recipient's language, through Django's mail backends, kept in the outbox."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboundMessage


def send(
    *, summit, recipient: str, language: str, template: str, context: dict, kind: str
) -> OutboundMessage:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language``, send, and
    record the message (with the error, if the backend failed: nothing is lost silently)."""
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    with translation.override(language), timezone.override(summit.zone if summit else None):
        full_context = {"summit": summit, "site_url": settings.SUMMITRY_SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        body = render_to_string(f"{template}_body.txt", full_context)
    message = OutboundMessage.objects.create(
        summit=summit, kind=kind, recipient=recipient, language=language, subject=subject, body=body
    )
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
    except OSError as error:
        message.error = str(error)
        message.save(update_fields=["error"])
    else:
        message.sent_at = timezone.now()
        message.save(update_fields=["sent_at"])
    return message
