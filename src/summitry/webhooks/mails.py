"""The webhooks' automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

add_mail_template(
    MailTemplate(
        "webhooks/email/paused",
        _("Webhook paused"),
        _("Sent to the webhook's owner when it is paused after failing too often."),
        (
            P("name", 'subscription|localised:"name"', _("The webhook's name"), "CRM", "CRM"),
            P(
                "url",
                "subscription.url",
                _("Its address"),
                "https://crm.example.org/hook",
                "https://crm.example.org/hook",
            ),
            P("failures", "failures", _("Failed attempts in a row"), "10", "10"),
            P(
                "subscription_url",
                "{% url 'webhooks:subscription' summit.slug subscription.pk %}",
                _("The path of the webhook's page (after the site's address)"),
                "/forum/manage/webhooks/1/",
                "/forum/manage/webhooks/1/",
            ),
        ),
        order=70,
    )
)
