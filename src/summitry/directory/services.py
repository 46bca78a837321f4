"""Writes to the directory: every change validated, atomic and recorded."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from summitry.core import services as core

from .models import Organisation, Person


def _resolve(model, slug: str | None, field: str):
    if slug is None:
        return None
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("There is no “%(slug)s”.") % {"slug": slug}})
    return found


def _links(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if "parent" in data:
        data["parent"] = _resolve(Organisation, data["parent"], "parent")
    if "organisation" in data:
        data["organisation"] = _resolve(Organisation, data["organisation"], "organisation")
    if data.get("country"):
        data["country"] = data["country"].upper()
    return data


def create_organisation(*, actor, data: dict[str, Any]) -> Organisation:
    return core.create(actor=actor, instance=Organisation(**core.flatten_bilingual(_links(data))))


def update_organisation(
    *, actor, organisation: Organisation, changes: dict[str, Any]
) -> Organisation:
    return core.update(actor=actor, instance=organisation, changes=_links(changes))


def delete_organisation(*, actor, organisation: Organisation) -> None:
    core.delete(actor=actor, instance=organisation)


def create_person(*, actor, data: dict[str, Any]) -> Person:
    return core.create(actor=actor, instance=Person(**core.flatten_bilingual(_links(data))))


def update_person(*, actor, person: Person, changes: dict[str, Any]) -> Person:
    return core.update(actor=actor, instance=person, changes=_links(changes))


def delete_person(*, actor, person: Person) -> None:
    core.delete(actor=actor, instance=person)
