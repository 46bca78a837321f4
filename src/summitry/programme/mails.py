"""The programme's automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

CHANGES = """{% for change in changes %}
- {% change_line change %}{% endfor %}"""

for mail in (
    MailTemplate(
        "programme/email/changed",
        _("Programme changes"),
        _("Sent to delegates when a new version of the programme changes what concerns them."),
        (
            P(
                "name",
                "delegate.person|person_display",
                _("The delegate's name"),
                "김민준",
                "Jane Doe",
            ),
            P("number", "release.number", _("The programme's version"), "3", "3"),
            P(
                "changes",
                CHANGES,
                _("The list of changes, one per line"),
                "\n- 개회식: 10:00 → 10:30",
                "\n- Opening: 10:00 → 10:30",
            ),
            P(
                "change_list",
                "changes",
                _("The changes, a list to loop over"),
                fields=(
                    P(
                        "text",
                        "{% change_line item %}",
                        _("The change, in one line"),
                        "개회식: 10:00 → 10:30",
                        "Opening: 10:00 → 10:30",
                    ),
                ),
            ),
            P("release_note", "release.note", _("The note published with the version")),
        ),
        order=30,
    ),
    MailTemplate(
        "programme/email/promoted",
        _("A place at a programme item"),
        _("Sent when a delegate on an item's waiting list gets a place."),
        (
            P(
                "name",
                "signup.delegate.person|person_display",
                _("The delegate's name"),
                "김민준",
                "Jane Doe",
            ),
            P("title", 'item|localised:"title"', _("The item's title"), "도시 투어", "City tour"),
            P(
                "when",
                'item.starts_at|date:"DATETIME_FORMAT"',
                _("When the item starts"),
                "2030년 9월 25일 14:00",
                "25 Sept 2030, 14:00",
            ),
        ),
        order=31,
    ),
):
    add_mail_template(mail)
