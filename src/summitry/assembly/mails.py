"""The assembly's automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

# The agenda as the default e-mail lists it (the same text, so the default's wording shows it
# as {{ agenda }}).
AGENDA = (
    '{% for item in agenda %}{{ forloop.counter }}. {{ item|localised:"titl'
    'e" }} ({{ item.get_kind_display }})\n'
    "{% if item.description_ko or item.description_en %}   {{ item|localise"
    'd:"description" }}\n'
    "{% endif %}{% endfor %}"
)

# The documents as the default e-mail lists them.
DOCUMENTS = (
    '{% for document in documents %}- {{ document|localised:"title" }} ({{ document.get_lang'
    "uage_display }})\n{% endfor %}"
)

add_mail_template(
    MailTemplate(
        "assembly/email/agenda",
        _("Assembly agenda"),
        _("Sent to the assembly's members when its agenda is circulated or revised."),
        (
            P(
                "title",
                'assembly|localised:"title"',
                _("The assembly's title"),
                "총회",
                "General Assembly",
            ),
            P("version", "circulation.version", _("The agenda's version"), "2", "2"),
            P(
                "agenda",
                AGENDA,
                _("The agenda, one numbered item per line"),
                "1. 개회 (절차)\n2. 예산 승인 (의결)\n",
                "1. Opening (procedure)\n2. Budget approval (decision)\n",
            ),
            P(
                "agenda_items",
                "agenda",
                _("The agenda's items, a list to loop over"),
                fields=(
                    P("title", 'item|localised:"title"', _("The item's title"), "개회", "Opening"),
                    P("kind", "item.get_kind_display", _("The item's kind"), "절차", "Procedure"),
                    P(
                        "description",
                        'item|localised:"description"',
                        _("The item's description (may be empty)"),
                        "개회 선언",
                        "The chair opens the assembly.",
                    ),
                ),
            ),
            P(
                "documents",
                DOCUMENTS,
                _("The documents members may download, one a line"),
                "- 활동 보고서 (한국어 및 영어)\n",
                "- Activity report (Korean and English)\n",
            ),
            P(
                "agenda_url",
                "agenda_url",
                _("The address of the agenda and its documents for the members"),
                "https://summitry.example/wcsmf2023/assemblies/ga/agenda/",
                "https://summitry.example/wcsmf2023/assemblies/ga/agenda/",
            ),
            P(
                "circulation_revised",
                "circulation.revised",
                _("Whether this agenda is revised"),
                "",
                "",
            ),
        ),
        order=60,
    )
)
