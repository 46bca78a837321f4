"""Upserting demo records through the services, so that loading twice changes nothing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models

from summitry.core import services as core

ORGANISER_GROUP = "Organiser staff"
ORGANISER_USERNAME = "organiser"
ORGANISER_PASSWORD = "summitry-demo"  # noqa: S105 - a published demo login, never in production
# The apps whose records organiser staff manage in the back office, and their own API tokens.
ORGANISER_APPS = (
    "directory",
    "summits",
    "delegations",
    "programme",
    "diplomacy",
    "awards",
    "judging",
    "checkin",
    "assembly",
    "press",
)
ORGANISER_TOKEN_PERMISSIONS = (
    "add_apitoken",
    "change_apitoken",
    "view_apitoken",
    "view_outboundmessage",
)


def upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]):
    """Create the record, or bring an existing one in line with ``values``."""
    existing = model._default_manager.filter(**lookup).first()
    if existing is None:
        return core.create(
            actor=None, instance=model(**{**lookup, **core.flatten_bilingual(values)})
        )
    changes = {k: v for k, v in core.flatten_bilingual(values).items() if getattr(existing, k) != v}
    return core.update(actor=None, instance=existing, changes=changes) if changes else existing


def ensure_organiser() -> tuple[Any, bool]:
    """The demo organiser: staff, in the organiser group, not a superuser. Returns (user,
    created); an existing account keeps its password."""
    group, _ = Group.objects.get_or_create(name=ORGANISER_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=ORGANISER_APPS)
        | Permission.objects.filter(
            content_type__app_label="core", codename__in=ORGANISER_TOKEN_PERMISSIONS
        )
    )
    user_model = get_user_model()
    user = user_model.objects.filter(username=ORGANISER_USERNAME).first()
    created = user is None
    if created:
        user = user_model.objects.create_user(
            ORGANISER_USERNAME,
            email="organiser@example.org",
            password=ORGANISER_PASSWORD,
            first_name="Demo",
            last_name="Organiser",
            is_staff=True,
        )
    user.groups.add(group)
    return user, created


def ensure_team(summit, *, name_ko: str, name_en: str, codes, members) -> Any:
    """A team of the summit with these permissions and (at least) these members."""
    from summitry.summits.models import Team
    from summitry.summits.permissions import forget

    team = Team.objects.filter(summit=summit, name_en=name_en).first()
    values = {"name_ko": name_ko, "name_en": name_en, "permissions": sorted(codes)}
    if team is None:
        team = core.create(actor=None, instance=Team(summit=summit, **values))
    elif any(getattr(team, key) != value for key, value in values.items()):
        team = core.update(actor=None, instance=team, changes=values)
    team.members.add(*members)
    for member in members:
        forget(member)
    return team


def ensure_organisers_team(summit) -> Any:
    """The summit's organisers' team, every permission, with the demo organiser in it."""
    from summitry.core import registry

    user, _created = ensure_organiser()
    return ensure_team(
        summit,
        name_ko="조직위원회",
        name_en="Organisers",
        codes=registry.permission_codes(),
        members=[user],
    )


def ensure_user(username: str, *, email: str, first_name: str, last_name: str) -> Any:
    """A demo login (password summitry-demo), not staff; an existing account keeps its
    password."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(
            username,
            email=email,
            password=ORGANISER_PASSWORD,
            first_name=first_name,
            last_name=last_name,
        )
    return user
