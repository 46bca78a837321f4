"""The core's automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

add_mail_template(
    MailTemplate(
        "core/email/password_reset",
        _("Password reset"),
        _("The link to set a new password, sent to whoever asks for it."),
        (P("link", "link", _("The path of the one-time link (after the site's address)")),),
        order=0,
        per_summit=False,
    )
)
