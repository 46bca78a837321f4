"""The online capability's automatic e-mails, for the console's catalogue (core.mailtemplates)."""

from django.utils.translation import gettext_lazy as _

from summitry.core.registry import MailPlaceholder as P
from summitry.core.registry import MailTemplate, add_mail_template

# Placeholders both speakers' e-mails have.
NAME = P("name", "speaker|person_display", _("The speaker's name"), "김민준", "Jane Doe")
TITLE = P("title", 'item|localised:"title"', _("The item's title"), "기후 세션", "Climate")
REHEARSAL_ENDS = P(
    "rehearsal_ends",
    "rehearsal_ends",
    _("When the rehearsal ends, in both zones"),
    "2020-06-02 09:30 Seoul / 03:30 모스크바",
    "2020-06-02 09:30 Seoul / 03:30 Moscow",
)

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
            NAME,
            TITLE,
            P(
                "rehearsal_starts",
                "rehearsal_starts",
                _("When the rehearsal starts, in the summit's zone and the speaker's"),
                "2020-06-02 09:00 Seoul / 03:00 모스크바",
                "2020-06-02 09:00 Seoul / 03:00 Moscow",
            ),
            REHEARSAL_ENDS,
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

add_mail_template(
    MailTemplate(
        "online/email/speaker_invitation",
        _("Invitation of a speaker to an online item"),
        _(
            "Sent when staff invite the speakers of an online or hybrid item, with each of the "
            "speaker's items in the summit's zone and their own, the video room, the rehearsal "
            "and the link where they accept or decline."
        ),
        (
            NAME,
            TITLE,
            P(
                "item_time",
                "item_time",
                _("When the item is held, in the summit's zone and the speaker's"),
                "2020-06-02 10:00–12:00 Seoul / 04:00–06:00 모스크바",
                "2020-06-02 10:00–12:00 Seoul / 04:00–06:00 Moscow",
            ),
            P(
                "room",
                "room",
                _("The video room's link (speakers may see it; empty if none yet)"),
                "https://meet.jit.si/example",
                "https://meet.jit.si/example",
            ),
            P(
                "opens_minutes",
                "opens_minutes",
                _("How many minutes before the start the room opens"),
                "30",
                "30",
            ),
            P(
                "rehearsal_starts",
                "rehearsal_starts",
                _("When the rehearsal starts, in both zones (empty if not scheduled)"),
                "2020-06-02 09:00 Seoul / 03:00 모스크바",
                "2020-06-02 09:00 Seoul / 03:00 Moscow",
            ),
            REHEARSAL_ENDS,
            P(
                "items",
                "items",
                _("Each of the speaker's items at the summit, a list to loop over"),
                fields=(
                    P("title", "item.title", _("The item's title"), "기후 세션", "Climate"),
                    P(
                        "times",
                        "item.times",
                        _("Its date and hours in both zones"),
                        "2020-06-02 10:00–12:00 Seoul / 04:00–06:00 모스크바",
                        "2020-06-02 10:00–12:00 Seoul / 04:00–06:00 Moscow",
                    ),
                    P("room", "item.room", _("Its video room's link (empty if none)")),
                    P(
                        "rehearsal",
                        "item.rehearsal",
                        _("When its rehearsal starts, in both zones (empty if none)"),
                    ),
                ),
            ),
            P(
                "link",
                "link",
                _("The path of the speaker's page, where they answer (after the site's address)"),
                "/cac2020/programme/12/online/speakers/3/",
                "/cac2020/programme/12/online/speakers/3/",
            ),
        ),
        order=76,
    )
)
