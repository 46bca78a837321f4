"""Make the cached programme stale when an item's invitees change (rows of the summit and
the directory bump it through ``core.pagecache``)."""

from __future__ import annotations

from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from summitry.core import pagecache

from .models import ProgrammeItem


@receiver(m2m_changed, sender=ProgrammeItem.invitees.through)
def _invitees_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, ProgrammeItem):
        pagecache.bump(instance.summit_id)
