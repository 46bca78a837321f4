"""Reads of the directory."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Organisation, Person
from .visibility import visible_people


def organisations(
    *, kind: str | None = None, country: str | None = None, search: str | None = None
) -> QuerySet[Organisation]:
    rows = Organisation.objects.select_related("parent")
    if kind:
        rows = rows.filter(kind=kind)
    if country:
        rows = rows.filter(country=country.upper())
    if search:
        rows = rows.filter(
            Q(name_ko__icontains=search)
            | Q(name_en__icontains=search)
            | Q(short_name_en__icontains=search)
        )
    return rows


def organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("parent"), slug=slug)


def people(user, *, organisation: str | None = None, search: str | None = None) -> QuerySet[Person]:
    """The people this user may see (see ``visibility``), filtered."""
    rows = visible_people(user).select_related("organisation")
    if organisation:
        rows = rows.filter(organisation__slug=organisation)
    if search:
        rows = rows.filter(
            Q(family_name__icontains=search)
            | Q(given_name__icontains=search)
            | Q(name_hangul__icontains=search)
        )
    return rows


def person(slug: str, user=None) -> Person:
    """One person by slug: among those ``user`` may see, or (no user: for staff writes that
    checked their permission already) any."""
    rows = Person.objects if user is None else visible_people(user)
    return get_object_or_404(rows.select_related("organisation"), slug=slug)
