"""Writes to summits, venues, rooms, themes, roles and teams: validated, atomic, recorded,
and allowed per summit (summits.permissions)."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, mail, registry
from summitry.core import services as core
from summitry.core.accounts import accounts_with_address
from summitry.core.scoping import in_summit

from . import permissions
from .models import Room, Summit, Team, TeamInvitation, Venue

SETTINGS, TEAMS = "settings", "team"
changes_settings = permissions.summit_permission(SETTINGS)
manages_teams = permissions.summit_permission(TEAMS)


def _require_settings(actor, summit: Summit) -> None:
    permissions.require(
        changes_settings, actor, summit, _("Only the summit's organisers may change its settings.")
    )


def _require_platform(actor, codename: str) -> None:
    """Creating and deleting whole summits is the platform's, not a summit team's."""
    if not (
        actor is not None
        and actor.is_authenticated
        and actor.is_active
        and (actor.is_superuser or (actor.is_staff and actor.has_perm(f"summits.{codename}")))
    ):
        raise PermissionDenied(_("Only the platform's administrators may do this."))


@transaction.atomic
def create_summit(*, actor, data: dict[str, Any]) -> Summit:
    """A new summit; its creator becomes a member of its organisers' team (every right)."""
    _require_platform(actor, "add_summit")
    summit = core.create(actor=actor, instance=Summit(**core.flatten_bilingual(data)))
    team = core.create(
        actor=actor,
        instance=Team(
            summit=summit,
            name_ko="조직위원회",
            name_en="Organisers",
            permissions=sorted(registry.permission_codes()),
        ),
    )
    team.members.add(actor)
    permissions.forget(actor)
    return summit


def update_summit(*, actor, summit: Summit, changes: dict[str, Any]) -> Summit:
    _require_settings(actor, summit)
    return core.update(actor=actor, instance=summit, changes=changes)


def delete_summit(*, actor, summit: Summit) -> None:
    _require_platform(actor, "delete_summit")
    core.delete(actor=actor, instance=summit)


def create_venue(*, actor, summit: Summit, data: dict[str, Any]) -> Venue:
    _require_settings(actor, summit)
    return core.create(actor=actor, instance=Venue(summit=summit, **core.flatten_bilingual(data)))


def update_venue(*, actor, venue: Venue, changes: dict[str, Any]) -> Venue:
    _require_settings(actor, venue.summit)
    return core.update(actor=actor, instance=venue, changes=changes)


def delete_venue(*, actor, venue: Venue) -> None:
    _require_settings(actor, venue.summit)
    core.delete(actor=actor, instance=venue)


def _venue_in(summit: Summit, venue_id: int) -> Venue:
    # A room can only be put into a venue of the same summit.
    found = in_summit(Venue, summit).filter(pk=venue_id).first()
    if found is None:
        raise ValidationError({"venue": _("This summit has no venue %(id)s.") % {"id": venue_id}})
    return found


def create_room(*, actor, summit: Summit, data: dict[str, Any]) -> Room:
    _require_settings(actor, summit)
    data = dict(data)
    venue = _venue_in(summit, data.pop("venue"))
    return core.create(actor=actor, instance=Room(venue=venue, **core.flatten_bilingual(data)))


def update_room(*, actor, summit: Summit, room: Room, changes: dict[str, Any]) -> Room:
    _require_settings(actor, summit)
    changes = dict(changes)
    if "venue" in changes:
        changes["venue"] = _venue_in(summit, changes["venue"])
    return core.update(actor=actor, instance=room, changes=changes)


def delete_room(*, actor, room: Room) -> None:
    _require_settings(actor, room.venue.summit)
    core.delete(actor=actor, instance=room)


# --- teams -----------------------------------------------------------------------------------

INVITATION_SECRET_BYTES = 32
INVITATION_VALIDITY = datetime.timedelta(days=14)


def _require_teams(actor, summit: Summit) -> None:
    permissions.require(
        manages_teams, actor, summit, _("Only those who manage the summit's teams may do this.")
    )


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def save_team(
    *, actor, summit: Summit, team: Team | None = None, name: dict[str, str], codes: list[str]
) -> Team:
    """Create a team of the summit, or rename it and change what it may do."""
    _require_teams(actor, summit)
    if team is not None and team.summit_id != summit.pk:
        raise PermissionDenied(_("This team belongs to another summit."))
    values = {"name_ko": name.get("ko", ""), "name_en": name.get("en", ""), "permissions": codes}
    if team is None:
        team = core.create(actor=actor, instance=Team(summit=summit, **values))
    else:
        team = core.update(actor=actor, instance=team, changes=values)
    for member in team.members.all():
        permissions.forget(member)
    permissions.forget(actor)
    return team


@transaction.atomic
def delete_team(*, actor, team: Team) -> None:
    _require_teams(actor, team.summit)
    _keep_someone_in_charge(team.summit, without_team=team)
    core.delete(actor=actor, instance=team)


def _keep_someone_in_charge(summit: Summit, *, without_team=None, without_member=None) -> None:
    """A summit never loses the last person who may manage its teams (nobody could repair it
    but a platform administrator)."""
    managers = set()
    for team in in_summit(Team, summit).prefetch_related("members"):
        if team == without_team or TEAMS not in (team.permissions or []):
            continue
        managers.update(m.pk for m in team.members.all() if (team, m.pk) != without_member)
    if not managers:
        raise ValidationError(
            _("Someone must still be able to manage the teams: give that right to another team.")
        )


@transaction.atomic
def remove_member(*, actor, team: Team, user) -> None:
    _require_teams(actor, team.summit)
    if TEAMS in (team.permissions or []):
        _keep_someone_in_charge(team.summit, without_member=(team, user.pk))
    team.members.remove(user)
    audit.record(actor=actor, obj=team, action="changed", fields=["members"])
    permissions.forget(user)


@transaction.atomic
def invite_member(*, actor, team: Team, email: str, language: str) -> TeamInvitation:
    """Invite a colleague by e-mail to join a team; the link works once, for two weeks."""
    _require_teams(actor, team.summit)
    email = email.strip().lower()
    if team.members.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already in the team.")})
    secret = secrets.token_urlsafe(INVITATION_SECRET_BYTES)
    invitation = core.create(
        actor=actor,
        instance=TeamInvitation(
            team=team,
            email=email,
            language=language,
            digest=_digest(secret),
            invited_by=actor,
            expires_at=timezone.now() + INVITATION_VALIDITY,
        ),
    )
    mail.send(
        summit=team.summit,
        recipient=email,
        language=language,
        template="console/email/team_invitation",
        context={"team": team, "inviter": actor, "link": f"/team/join/{secret}/"},
        kind="team-invitation",
    )
    return invitation


def open_team_invitation(secret: str) -> TeamInvitation | None:
    found = (
        TeamInvitation.objects.select_related("team__summit")
        .filter(digest=_digest(secret), accepted_at__isnull=True, revoked_at__isnull=True)
        .first()
    )
    if found is None or found.expires_at <= timezone.now():
        return None
    return found


@transaction.atomic
def accept_team_invitation(*, invitation: TeamInvitation, user) -> Team:
    """The holder of the link joins the team with their account."""
    invitation = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(_("This invitation has already been used or withdrawn."))
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    invitation.team.members.add(user)
    audit.record(actor=user, obj=invitation.team, action="joined")
    permissions.forget(user)
    return invitation.team


@transaction.atomic
def join_with_new_account(*, invitation: TeamInvitation, name: str, password: str):
    """An account for the invited address (which the link proves), then joining the team."""
    from django.contrib.auth.password_validation import validate_password

    if accounts_with_address(invitation.email).exists():
        raise ValidationError(
            {"email": _("An account with this e-mail exists; sign in with it first.")}
        )
    user = get_user_model()(
        username=invitation.email, email=invitation.email, first_name=name[:150]
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    accept_team_invitation(invitation=invitation, user=user)
    return user


@transaction.atomic
def revoke_team_invitation(*, actor, invitation: TeamInvitation) -> None:
    _require_teams(actor, invitation.team.summit)
    core.update(actor=actor, instance=invitation, changes={"revoked_at": timezone.now()})
