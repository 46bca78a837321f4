"""Reads of the console: a summit's teams, outbox and audit log, and the blocks the console
adds to other pages."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from summitry.core.models import AuditEntry, OutboundMessage
from summitry.core.scoping import in_summit
from summitry.summits import permissions
from summitry.summits.models import Summit, Team, TeamInvitation


def teams(summit: Summit) -> QuerySet[Team]:
    return in_summit(Team, summit).prefetch_related("members").order_by("name_en", "pk")


def team(summit: Summit, team_id: int) -> Team | None:
    return teams(summit).filter(pk=team_id).first()


def pending_invitations(summit: Summit) -> QuerySet[TeamInvitation]:
    return (
        in_summit(TeamInvitation, summit)
        .filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("team", "invited_by")
    )


def outbox(summit: Summit, *, search: str = "", state: str = "") -> QuerySet[OutboundMessage]:
    rows = in_summit(OutboundMessage, summit)
    if search:
        rows = rows.filter(
            Q(recipient__icontains=search) | Q(subject__icontains=search) | Q(kind=search)
        )
    if state == "failed":
        rows = rows.exclude(error="")
    elif state == "unsent":
        rows = rows.filter(sent_at__isnull=True, error="")
    elif state == "sent":
        rows = rows.filter(sent_at__isnull=False)
    return rows.order_by("-created_at", "-pk")


def audit_log(
    summit: Summit, *, actor: str = "", kind: str = "", action: str = "", since=None, until=None
) -> QuerySet[AuditEntry]:
    rows = in_summit(AuditEntry, summit).select_related("actor", "content_type")
    if actor:
        rows = rows.filter(
            Q(actor__username__icontains=actor)
            | Q(actor__email__icontains=actor)
            | Q(actor__first_name__icontains=actor)
            | Q(actor__last_name__icontains=actor)
        )
    if kind:
        rows = rows.filter(content_type_id=kind)
    if action:
        rows = rows.filter(action=action)
    if since:
        rows = rows.filter(at__gte=since)
    if until:
        rows = rows.filter(at__lt=until)
    return rows.order_by("-at", "-pk")


def audit_kinds(summit: Summit) -> list[ContentType]:
    ids = in_summit(AuditEntry, summit).values_list("content_type_id", flat=True).distinct()
    return sorted(ContentType.objects.filter(pk__in=set(ids)), key=lambda c: c.name)


def audit_actions(summit: Summit) -> list[str]:
    return sorted(set(in_summit(AuditEntry, summit).values_list("action", flat=True)))


# --- blocks on other pages --------------------------------------------------------------------


def outbox_panel(request, summit: Summit) -> dict:
    rows = in_summit(OutboundMessage, summit)
    return {
        "failed": rows.exclude(error="").count(),
        "unsent": rows.filter(sent_at__isnull=True, error="").count(),
        "sent": rows.filter(sent_at__isnull=False).count(),
    }


def my_summits_block(request, summit=None) -> dict | None:
    summits = list(permissions.summits_worked_on(request.user))
    return {"summits": summits} if summits else None


def home_link_block(request, summit: Summit) -> dict | None:
    return {} if permissions.works_on(request.user, summit) else None
