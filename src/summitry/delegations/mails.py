"""The delegations' automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

NAME = P("name", "invitation.contact_name", _("The contact's name"), "김민준", "Jane Doe")
ORGANISATION = P(
    "organisation",
    'invitation.organisation|localised:"name"',
    _("The invited organisation"),
    "웰링턴시",
    "Wellington City",
)
MEMBER = P("name", "member.person|person_display", _("The delegate's name"), "김민준", "Jane Doe")
LINK = P(
    "link",
    "link",
    _("The path of the personal link (after the site's address)"),
    "/forum/register/abc123/",
    "/forum/register/abc123/",
)

for mail in (
    MailTemplate(
        "delegations/email/invitation",
        _("Invitation to register a delegation"),
        _("Sent to an invited organisation's contact with the personal registration link."),
        (
            NAME,
            ORGANISATION,
            LINK,
            P(
                "expires",
                'invitation.expires_at|date:"DATETIME_FORMAT"',
                _("When the link stops working"),
                "2030년 9월 1일 18:00",
                "1 Sept 2030, 18:00",
            ),
        ),
        order=20,
    ),
    MailTemplate(
        "delegations/email/deadline_reminder",
        _("Registration deadline reminder"),
        _("Sent before the registration deadline to invited organisations not yet registered."),
        (
            NAME,
            ORGANISATION,
            P(
                "deadline",
                'summit.registration_deadline|date:"DATETIME_FORMAT"',
                _("The registration deadline"),
                "2030년 9월 1일 18:00",
                "1 Sept 2030, 18:00",
            ),
        ),
        order=21,
    ),
    MailTemplate(
        "delegations/email/member_access",
        _("Registration confirmation for a delegate"),
        _("Sent to a registered delegate with a link to set a password and see their data."),
        (MEMBER, LINK),
        order=22,
    ),
    MailTemplate(
        "delegations/email/member_confirm",
        _("Is this registration yours?"),
        _("Sent when a delegation registers someone whose e-mail address already has an account."),
        (
            MEMBER,
            P(
                "organisation",
                'member.delegation.organisation|localised:"name"',
                _("The registering delegation's organisation"),
                "웰링턴시",
                "Wellington City",
            ),
            LINK,
        ),
        order=23,
    ),
    MailTemplate(
        "delegations/email/promoted",
        _("A place from the waiting list"),
        _("Sent when a delegate on the waiting list gets a place."),
        (MEMBER,),
        order=24,
    ),
    MailTemplate(
        "delegations/email/message",
        _("Message to delegations"),
        _("The frame of a message staff write to delegations: its subject and text are theirs."),
        (
            P("subject", "subject", _("The subject staff wrote"), "안내", "Notice"),
            P("message", "message", _("The text staff wrote"), "안녕하세요.", "Hello."),
        ),
        order=25,
    ),
):
    add_mail_template(mail)
