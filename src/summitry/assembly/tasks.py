"""Work of assemblies that leaves the request: mailing a circulation of the agenda."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from summitry.core import mail

from . import queries


@shared_task(acks_late=True)
def send_circulation(circulation_id: int) -> str:
    """Mail one circulation to each member's voting delegate and the member organisation's
    contact, each in their language, once: the circulation's row is locked and marked mailed
    in the same transaction, so a task delivered twice finds it mailed and sends nothing."""
    from .models import AgendaCirculation

    with transaction.atomic():
        circulation = (
            AgendaCirculation.objects.select_for_update()
            .select_related("assembly__summit")
            .filter(pk=circulation_id, mailed_at__isnull=True)
            .first()
        )
        if circulation is None:
            return "already sent"
        assembly = circulation.assembly
        agenda = list(queries.agenda(assembly))
        recipients = queries.circulation_recipients(assembly)
        documents = list(queries.member_documents(assembly))
        agenda_url = settings.SUMMITRY_SITE_URL.rstrip("/") + reverse(
            "assembly:agenda", args=[assembly.summit.slug, assembly.slug]
        )
        for address, language in recipients:
            mail.send(
                summit=assembly.summit,
                recipient=address,
                language=language,
                template="assembly/email/agenda",
                context={
                    "assembly": assembly,
                    "agenda": agenda,
                    "circulation": circulation,
                    "documents": documents,
                    "agenda_url": agenda_url,
                },
                kind="assembly-agenda",
            )
        circulation.recipients = len(recipients)
        circulation.mailed_at = timezone.now()
        circulation.save(update_fields=["recipients", "mailed_at"])
    return f"{len(recipients)} sent"


@shared_task(acks_late=True)
def circulate_due() -> int:
    """The agendas due to go out on their own now (celery beat), each once
    (services.circulate_due)."""
    from . import services

    return services.circulate_due()
