"""Registration deadline reminders: invited delegations that have not registered are told,
some days before the deadline (the summit's settings), through the outbox; each delegation
gets each reminder once, however often the scheduled job (``tasks.send_deadline_reminders``,
celery beat) runs and on however many workers."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import mail
from summitry.core import services as core
from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from . import rules
from .models import DeadlineReminder, Delegation, DelegationStatus, ReminderSettings

MAX_REMINDERS = 5
MAX_DAYS = 365
DEFAULT_DAYS = [7, 1]


def settings_of(summit: Summit) -> ReminderSettings:
    found = in_summit(ReminderSettings, summit).first()
    return found or ReminderSettings(summit=summit, enabled=False, days_before=DEFAULT_DAYS)


def _validated(days_before) -> list[int]:
    if not isinstance(days_before, list | tuple) or not all(
        isinstance(d, int) and not isinstance(d, bool) for d in days_before
    ):
        raise ValidationError({"days_before": _("Give whole numbers of days.")})
    days = sorted(set(days_before), reverse=True)
    if any(not 1 <= d <= MAX_DAYS for d in days):
        raise ValidationError(
            {
                "days_before": _("Each reminder is 1 to %(max)s days before the deadline.")
                % {"max": MAX_DAYS}
            }
        )
    if len(days) > MAX_REMINDERS:
        raise ValidationError({"days_before": _("At most %(n)s reminders.") % {"n": MAX_REMINDERS}})
    return days


@transaction.atomic
def save_settings(*, actor, summit: Summit, enabled: bool, days_before) -> ReminderSettings:
    rules.require_staff(actor, summit)
    days = _validated(days_before)
    if enabled and not days:
        raise ValidationError({"days_before": _("Give at least one day to send reminders.")})
    found = in_summit(ReminderSettings, summit).select_for_update().first()
    if found is None:
        return core.create(
            actor=actor,
            instance=ReminderSettings(summit=summit, enabled=enabled, days_before=days),
        )
    return core.update(
        actor=actor, instance=found, changes={"enabled": enabled, "days_before": days}
    )


def due(config: ReminderSettings, now: datetime.datetime) -> int | None:
    """The reminder due now: the nearest of those whose day has come (a reminder that was
    missed is not sent after a nearer one is due), none once the deadline has passed."""
    deadline = config.summit.registration_deadline
    if not config.enabled or deadline is None or now >= deadline:
        return None
    come = [d for d in config.days_before if now >= deadline - datetime.timedelta(days=d)]
    return min(come) if come else None


def waiting(summit: Summit) -> QuerySet[Delegation]:
    """Invited delegations that have not registered, with a live invitation to write to."""
    return (
        in_summit(Delegation, summit)
        .filter(
            status=DelegationStatus.INVITED,
            invitation__isnull=False,
            invitation__revoked_at__isnull=True,
        )
        .select_related("invitation", "organisation")
    )


def send_due(now: datetime.datetime | None = None) -> int:
    """Send every reminder due now; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    configs = ReminderSettings.objects.filter(
        enabled=True, summit__registration_deadline__gt=now
    ).select_related("summit")
    for config in configs:
        days = due(config, now)
        if days is None:
            continue
        for delegation in waiting(config.summit).exclude(deadline_reminders__days_before=days):
            sent += _remind(delegation, days)
    return sent


def _remind(delegation: Delegation, days: int) -> int:
    summit = delegation.summit
    invitation = delegation.invitation
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = DeadlineReminder.objects.create(
                    summit=summit, delegation=delegation, days_before=days
                )
        except IntegrityError:  # another run sent it a moment ago
            return 0
        reminder.message = mail.send(
            summit=summit,
            recipient=invitation.contact_email,
            language=invitation.language,
            template="delegations/email/deadline_reminder",
            context={"invitation": invitation, "delegation": delegation},
            kind="deadline-reminder",
        )
        reminder.save(update_fields=["message"])
    return 1
