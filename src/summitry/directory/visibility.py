"""Who may see whom in the directory. People with a public role are public; the rest are
seen by staff and by those a capability says may see them (a delegation sees its members).

The directory knows no capability: each one registers, from its ``AppConfig.ready``, a
source that answers "which people may this user see because of me?"."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q, QuerySet

from .models import Person

# source(user) -> a query of Person primary keys (e.g. ``….values("person")``), or None.
Source = Callable[[object], QuerySet | None]
_sources: list[Source] = []


def register(source: Source) -> None:
    """Add a source of visible people (registering the same function twice has no effect)."""
    if source not in _sources:
        _sources.append(source)


def sees_everyone(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm("directory.view_person")
    )


def visible_people(user) -> QuerySet[Person]:
    """Every person for directory staff; for others, those some capability makes visible."""
    people = Person.objects.all()
    if sees_everyone(user):
        return people
    allowed = Q(pk__in=[])
    for source in _sources:
        found = source(user)
        if found is not None:
            allowed |= Q(pk__in=found)
    return people.filter(allowed)
