"""The console's automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

add_mail_template(
    MailTemplate(
        "console/email/team_invitation",
        _("Invitation to a team"),
        _("Sent when a team member invites a colleague to one of the summit's teams."),
        (
            P(
                "inviter",
                "inviter.get_full_name|default:inviter.username",
                _("Who invites"),
                "김민준",
                "Jane Doe",
            ),
            P("team", 'team|localised:"name"', _("The team's name"), "조직위원회", "Organisers"),
            P(
                "link",
                "link",
                _("The path of the one-time link (after the site's address)"),
                "/team/join/abc123/",
                "/team/join/abc123/",
            ),
        ),
        order=10,
    )
)
