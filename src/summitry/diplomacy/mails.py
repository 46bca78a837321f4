"""Diplomacy's automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

REQUESTER = P(
    "requester",
    'meeting.requester|localised:"name"',
    _("The requesting organisation"),
    "서울특별시",
    "Seoul",
)
COUNTERPART = P(
    "counterpart",
    'meeting.counterpart|localised:"name"',
    _("The organisation asked"),
    "웰링턴시",
    "Wellington City",
)
TOPIC = P(
    "meeting_topic",
    'meeting|localised:"topic"',
    _("The meeting's topic"),
    "기후 협력",
    "Climate cooperation",
)

for mail in (
    MailTemplate(
        "diplomacy/email/requested",
        _("Bilateral meeting requested"),
        _("Sent to a delegation another one asks for a bilateral meeting."),
        (REQUESTER, TOPIC),
        order=40,
    ),
    MailTemplate(
        "diplomacy/email/answered",
        _("Bilateral meeting answered"),
        _("Sent to the requester when a meeting request is accepted or declined."),
        (
            REQUESTER,
            COUNTERPART,
            TOPIC,
            P(
                "status",
                "meeting.get_status_display",
                _("The request's status"),
                "수락",
                "Accepted",
            ),
        ),
        order=41,
    ),
    MailTemplate(
        "diplomacy/email/scheduled",
        _("Bilateral meeting scheduled, moved or called off"),
        _("Sent to both parties when a meeting gets, changes or loses its time and room."),
        (
            REQUESTER,
            COUNTERPART,
            TOPIC,
            P("change", "change", _('"added", "changed" or "removed"'), "added", "added"),
        ),
        order=42,
    ),
):
    add_mail_template(mail)
