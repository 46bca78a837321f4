"""The awards' automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

add_mail_template(
    MailTemplate(
        "awards/email/submitted",
        _("Award application received"),
        _("Sent to an applicant when their application is submitted."),
        (
            P(
                "name",
                "application.applicant_name",
                _("The applicant's name"),
                "김민준",
                "Jane Doe",
            ),
            P(
                "reference",
                "application.reference",
                _("The application's reference number"),
                "A-2030-0042",
                "A-2030-0042",
            ),
            P(
                "award_name",
                'award|localised:"name"',
                _("The award"),
                "스마트시티 상",
                "Smart City Award",
            ),
            P(
                "application_url",
                "{% url 'awards:application' summit.slug award.slug application.pk %}",
                _("The path of the application's page (after the site's address)"),
                "/forum/awards/smart/applications/42/",
                "/forum/awards/smart/applications/42/",
            ),
        ),
        order=50,
    )
)
