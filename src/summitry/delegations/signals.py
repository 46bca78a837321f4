"""A delegate's person record goes with the last record that refers to it, so a deleted
summit (or delegation) leaves no personal data behind in the directory."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from summitry.directory.models import Person

from .models import Delegate


def _referenced(person: Person) -> bool:
    for relation in Person._meta.related_objects:
        accessor = relation.get_accessor_name()
        if relation.one_to_one:
            if relation.related_model.objects.filter(**{relation.field.name: person}).exists():
                return True
        elif getattr(person, accessor).exists():
            return True
    return False


def delete_orphans(person_ids: set[int]) -> None:
    """Delete these people where nothing refers to them any more (a speaker, a signatory or
    another summit's delegate stays)."""
    for person in Person.objects.filter(pk__in=person_ids):
        if not _referenced(person):
            person.delete()


@receiver(post_delete, sender=Delegate, dispatch_uid="delegations.person-goes-with-delegate")
def person_goes_with_delegate(sender, instance: Delegate, **kwargs) -> None:
    # After the whole deletion: other rows of the same cascade may still refer to the person.
    transaction.on_commit(lambda: delete_orphans({instance.person_id}))
