"""The online capability's automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

add_mail_template(
    MailTemplate(
        "online/email/rehearsal_reminder",
        _("Rehearsal reminder for a remote speaker"),
        _(
            "Sent to each speaker of an online or hybrid item some time before its technical "
            "rehearsal (set with the slot), with the times in the summit's zone and the "
            "speaker's own."
        ),
        (
            P("name", "speaker|person_display", _("The speaker's name"), "김민준", "Jane Doe"),
            P("title", 'item|localised:"title"', _("The item's title"), "기후 세션", "Climate"),
            P(
                "rehearsal_starts",
                "rehearsal_starts",
                _("When the rehearsal starts, in the summit's zone and the speaker's"),
                "2020-06-02 09:00 Seoul / 03:00 모스크바",
                "2020-06-02 09:00 Seoul / 03:00 Moscow",
            ),
            P(
                "rehearsal_ends",
                "rehearsal_ends",
                _("When the rehearsal ends, in both zones"),
                "2020-06-02 09:30 Seoul / 03:30 모스크바",
                "2020-06-02 09:30 Seoul / 03:30 Moscow",
            ),
            P(
                "item_starts",
                "item_starts",
                _("When the item starts, in both zones"),
                "2020-06-02 10:00 Seoul / 04:00 모스크바",
                "2020-06-02 10:00 Seoul / 04:00 Moscow",
            ),
            P(
                "confirmed",
                "confirmed",
                _("When the speaker confirmed the slot (empty if not yet)"),
                "",
                "",
            ),
            P(
                "link",
                "link",
                _("The path of the speaker's page (after the site's address)"),
                "/cac2020/programme/12/online/speakers/3/",
                "/cac2020/programme/12/online/speakers/3/",
            ),
        ),
        order=75,
    )
)
