"""Make the cached programme stale whenever something it shows changes."""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from summitry.directory.models import Person
from summitry.summits.models import Room, SessionTheme, Summit, Venue

from . import caching
from .models import ItemPerson, ProgrammeItem, ProgrammeRelease, SignUp

SUMMIT_OF = {
    ProgrammeItem: lambda obj: obj.summit_id,
    ItemPerson: lambda obj: obj.item.summit_id,
    SignUp: lambda obj: obj.item.summit_id,
    ProgrammeRelease: lambda obj: obj.summit_id,
    SessionTheme: lambda obj: obj.summit_id,
    Venue: lambda obj: obj.summit_id,
    Room: lambda obj: obj.venue.summit_id,
}


def _bump(sender, instance, **kwargs) -> None:
    caching.bump(SUMMIT_OF[sender](instance))


@receiver(pre_save, sender=Summit)
def _summit_changing(sender, instance, **kwargs) -> None:
    # Pages are cached by address: the old address's pages go stale (a renamed or
    # unpublished summit must not be served from the cache), and so do the new one's.
    if instance.pk is not None:
        old = Summit.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
        if old:
            caching.bump_slug(old)
    caching.bump_slug(instance.slug)


@receiver(post_delete, sender=Summit)
def _summit_deleted(sender, instance, **kwargs) -> None:
    caching.bump_slug(instance.slug)


for model in SUMMIT_OF:
    post_save.connect(_bump, sender=model, dispatch_uid=f"programme-cache-save-{model.__name__}")
    post_delete.connect(
        _bump, sender=model, dispatch_uid=f"programme-cache-delete-{model.__name__}"
    )


@receiver(m2m_changed, sender=ProgrammeItem.invitees.through)
def _invitees_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, ProgrammeItem):
        caching.bump(instance.summit_id)


@receiver(post_save, sender=Person)
def _person_changed(sender, instance, created=False, **kwargs) -> None:
    # A speaker's name shows on every summit they speak at; a new person speaks nowhere yet.
    if created:
        return
    summits = (
        ItemPerson.objects.filter(person=instance)
        .values_list("item__summit_id", flat=True)
        .distinct()
    )
    for summit_id in summits:
        caching.bump(summit_id)
