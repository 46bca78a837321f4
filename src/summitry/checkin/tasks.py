"""Background work of check-in: large batches of badges (or name cards) rendered as one PDF."""

from __future__ import annotations

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone


@shared_task(acks_late=True)
def render_print(print_id: int) -> str:
    """Render a batch once: a batch already finished (a retry, a second worker) is left as
    it is. The badges are drawn in the version they have when the batch is rendered."""
    from summitry.core.scoping import in_summit

    from . import badges as rendering
    from .models import HOLDER_RELATED, Badge, BadgePrint
    from .queries import WITHDRAWN

    with transaction.atomic():
        batch = BadgePrint.objects.select_for_update().filter(pk=print_id).first()
        if batch is None or batch.finished_at is not None:
            return "already rendered"
        found = list(
            in_summit(Badge, batch.summit)
            .filter(pk__in=batch.badge_ids, version__gt=0)
            .exclude(WITHDRAWN)
            .select_related("category", *HOLDER_RELATED)
            .order_by("delegate__delegation__organisation__name_en", "delegate__role", "pk")
        )
        pdf = rendering.badges_pdf(summit=batch.summit, badges=found, layout=batch.layout)
        batch.file.save(f"badges-{batch.pk}.pdf", ContentFile(pdf), save=False)
        batch.finished_at = timezone.now()
        batch.save(update_fields=["file", "finished_at"])
        in_summit(Badge, batch.summit).filter(pk__in=[b.pk for b in found]).update(
            printed_at=batch.finished_at
        )
    return f"{len(found)} badges"
