"""Summit scoping: the one way to read summit data, so one summit never sees another's rows.

A model that belongs to a summit says how to reach it with ``summit_lookup`` (a lookup path
such as ``"summit"`` or ``"venue__summit"``). Views, API endpoints and queries read such rows
only through :func:`in_summit`; tests check that nothing reads them otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import models

if TYPE_CHECKING:
    from summitry.summits.models import Summit

M = TypeVar("M", bound=models.Model)


def summit_lookup_of(model: type[models.Model]) -> str:
    lookup = getattr(model, "summit_lookup", None)
    if not lookup:
        raise ImproperlyConfigured(f"{model.__name__} does not declare summit_lookup.")
    return lookup


def in_summit(source: type[M] | models.QuerySet[M], summit: Summit) -> models.QuerySet[M]:
    """The rows of ``source`` (a model or a queryset) that belong to ``summit``."""
    queryset = source if isinstance(source, models.QuerySet) else source._default_manager.all()
    return queryset.filter(**{summit_lookup_of(queryset.model): summit})


def scoped_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if getattr(m, "summit_lookup", None)]


def summit_of(obj):
    """The summit an object belongs to, following its ``summit_lookup`` (the object itself
    for a summit; None for an object of no summit)."""
    if obj is None:
        return None
    model = type(obj)
    if model._meta.label == "summits.Summit":
        return obj
    path = getattr(model, "summit_lookup", None)
    if not path:
        return getattr(obj, "summit", None)
    current = obj
    for part in path.split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current
