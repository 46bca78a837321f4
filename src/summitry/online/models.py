"""Online and hybrid items: an item's format, its video room (for those entitled), its streams
per language channel, the summit's interpreters and who interprets which item's booth."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from summitry.core.timezones import validate_time_zone
from summitry.directory.models import Person
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Summit


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class Provider(models.TextChoices):
    JITSI = "jitsi", _("Jitsi Meet")
    ZOOM = "zoom", _("Zoom")
    WEBEX = "webex", _("Webex")
    TEAMS = "teams", _("Microsoft Teams")
    OTHER = "other", _("Other")


# Languages of streams and booths (ISO 639-1), in the order pages list them.
LANGUAGES = (
    ("ko", _("Korean")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("ru", _("Russian")),
    ("id", _("Indonesian")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("de", _("German")),
    ("ar", _("Arabic")),
    ("vi", _("Vietnamese")),
)
FLOOR = "floor"
CHANNELS = ((FLOOR, _("Floor (original sound)")), *LANGUAGES)
CLASSES = (("A", _("A (native)")), ("B", _("B (active)")), ("C", _("C (passive)")))


class Rehearsal(models.TextChoices):
    TO_SCHEDULE = "to_schedule", _("To schedule")
    SCHEDULED = "scheduled", _("Scheduled")
    DONE = "done", _("Done")


class RatePer(models.TextChoices):
    DAY = "day", _("per day")
    HOUR = "hour", _("per hour")


class OnlineItem(models.Model):
    """How a programme item is held: in person, online or hybrid; the video room of its
    speakers and entitled attendees (never public), which opens ``opens_minutes`` before the
    start; and the language spoken on the floor."""

    summit_lookup = "item__summit"

    item = models.OneToOneField(
        ProgrammeItem, on_delete=models.CASCADE, related_name="online", verbose_name=_("item")
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON
    )
    floor_language = models.CharField(
        _("floor language"), max_length=8, choices=LANGUAGES, default="ko"
    )
    provider = models.CharField(
        _("video service"), max_length=20, choices=Provider.choices, blank=True
    )
    join_url = models.URLField(_("video room link"), max_length=500, blank=True)
    opens_minutes = models.PositiveSmallIntegerField(
        _("room opens (minutes before the start)"), default=30
    )
    rehearsal = models.CharField(
        _("technical rehearsal"), max_length=12, choices=Rehearsal.choices, default="to_schedule"
    )
    rehearsal_starts_at = models.DateTimeField(_("rehearsal starts"), null=True, blank=True)
    rehearsal_ends_at = models.DateTimeField(_("rehearsal ends"), null=True, blank=True)
    # The speakers are reminded of the rehearsal this long before it (0: no reminder).
    rehearsal_reminder_minutes = models.PositiveIntegerField(
        _("reminder before the rehearsal (minutes)"), default=24 * 60
    )

    class Meta:
        verbose_name = _("online format of an item")
        verbose_name_plural = _("online formats of items")

    def __str__(self) -> str:
        return f"{self.item} ({self.get_format_display()})"

    def clean(self) -> None:
        if self.format == Format.IN_PERSON and self.join_url:
            raise ValidationError(
                {
                    "join_url": _(
                        "An item held in person has no video room; choose online or hybrid."
                    )
                }
            )
        if self.join_url and not self.provider:
            raise ValidationError({"provider": _("Say which video service the room is on.")})
        if self.join_url and not self.join_url.startswith("https://"):
            raise ValidationError(
                {"join_url": _("Enter a video room link that starts with https://.")}
            )
        if self.opens_minutes > 24 * 60:
            raise ValidationError(
                {
                    "opens_minutes": _(
                        "The room opens at most a day (1440 minutes) before the start."
                    )
                }
            )

    @property
    def is_online(self) -> bool:
        return self.format in (Format.ONLINE, Format.HYBRID)


class Stream(models.Model):
    """A public live stream of an item in one language channel: the floor (original sound) or
    an interpreted language; a player page or an HLS address."""

    summit_lookup = "online__item__summit"

    online = models.ForeignKey(
        OnlineItem, on_delete=models.CASCADE, related_name="streams", verbose_name=_("item")
    )
    channel = models.CharField(_("language channel"), max_length=8, choices=CHANNELS)
    url = models.URLField(_("stream link"), max_length=500)
    is_sample = models.BooleanField(
        _("sample record"), default=False, help_text=_("Made up for the demo, not a real stream.")
    )

    class Meta:
        verbose_name = _("stream")
        verbose_name_plural = _("streams")
        ordering = ["online", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["online", "channel"],
                name="online_stream_channel_once",
                violation_error_message=_("This item already has a stream in this channel."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.online.item} · {self.get_channel_display()}"

    def clean(self) -> None:
        if self.url and not self.url.startswith("https://"):
            raise ValidationError({"url": _("Enter a stream link that starts with https://.")})


class Interpreter(models.Model):
    """A conference interpreter on the summit's roster: a person with languages in AIIC
    classes (A native, B active, C passive), their daily maximum and rate; ``user`` is their
    account, so that they see their assignments and their items' video rooms."""

    summit_lookup = "summit"
    on_public_pages = False

    summit = models.ForeignKey(
        Summit,
        on_delete=models.CASCADE,
        related_name="online_interpreters",
        verbose_name=_("summit"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="interpreting", verbose_name=_("person")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreting",
        verbose_name=_("account"),
    )
    languages = models.JSONField(_("languages"), default=dict, blank=True)
    works_into_b = models.BooleanField(_("works into B"), default=True)
    daily_max_minutes = models.PositiveSmallIntegerField(_("daily maximum (minutes)"), default=360)
    # Periods the interpreter cannot work: [{"start": ISO UTC, "end": ISO UTC}, ...].
    unavailable = models.JSONField(_("unavailable periods"), default=list, blank=True)
    rate = models.PositiveIntegerField(_("rate"), default=0)
    rate_per = models.CharField(_("rate per"), max_length=8, choices=RatePer.choices, default="day")
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    is_sample = models.BooleanField(
        _("sample record"), default=False, help_text=_("Made up for the demo, not a real person.")
    )

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["summit", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "person"],
                name="online_interpreter_once_per_summit",
                violation_error_message=_("This person is already on the summit's interpreters."),
            )
        ]

    def __str__(self) -> str:
        return str(self.person)

    def clean(self) -> None:
        known = {code for code, _label in LANGUAGES}
        classes = {code for code, _label in CLASSES}
        if not isinstance(self.languages, dict) or not self.languages:
            raise ValidationError({"languages": _("Give at least one language with its class.")})
        for language, klass in self.languages.items():
            if language not in known or klass not in classes:
                raise ValidationError(
                    {"languages": _("Each language needs a known code and the class A, B or C.")}
                )
        if "A" not in self.languages.values():
            raise ValidationError({"languages": _("An interpreter has an A language.")})

    def pairs(self) -> str:
        """The languages as "ko A · en B"."""
        return " · ".join(f"{code} {klass}" for code, klass in self.languages.items())


class Assignment(models.Model):
    """An interpreter in an item's booth for a language channel, from the floor or from
    another channel (``via``, relay); made by the roster solver or by hand."""

    summit_lookup = "online__item__summit"
    on_public_pages = False

    online = models.ForeignKey(
        OnlineItem, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("item")
    )
    channel = models.CharField(_("booth"), max_length=8, choices=LANGUAGES)
    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("interpreter"),
    )
    via = models.CharField(_("relay from"), max_length=8, choices=LANGUAGES, blank=True)
    by_hand = models.BooleanField(_("set by hand"), default=False)

    class Meta:
        verbose_name = _("interpretation assignment")
        verbose_name_plural = _("interpretation assignments")
        ordering = ["online", "channel", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["online", "channel", "interpreter"],
                name="online_assignment_once",
                violation_error_message=_("This interpreter is already in this booth."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.interpreter} · {self.online.item} · {self.channel}"


class RunState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RosterRun(models.Model):
    """One "plan roster": the problem handed to the solver, its answer and the verifier's
    verdict on it."""

    summit_lookup = "summit"
    on_public_pages = False

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="roster_runs", verbose_name=_("summit")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=RunState.choices, default=RunState.QUEUED
    )
    status = models.CharField(_("solver status"), max_length=20, blank=True)
    cost = models.BigIntegerField(_("cost"), null=True, blank=True)
    relays = models.PositiveIntegerField(_("relays"), null=True, blank=True)
    problem = models.JSONField(_("problem"), default=dict, blank=True)
    solution = models.JSONField(_("solution"), default=dict, blank=True)
    verdict = models.JSONField(_("verifier's findings"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("roster run")
        verbose_name_plural = _("roster runs")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.summit} · {self.pk}"


# --- live Q&A, quick polls and the studio --------------------------------------------------


class QuestionState(models.TextChoices):
    PENDING = "pending", _("Waiting for the moderator")
    APPROVED = "approved", _("Approved")
    ANSWERED = "answered", _("Answered")
    HIDDEN = "hidden", _("Hidden")
    MERGED = "merged", _("Merged")


QUESTION_LANGUAGES = (("ko", _("Korean")), ("en", _("English")))


class Question(models.Model):
    """A viewer's question to a live item, in Korean or English, as they wrote it; shown to
    everyone once the moderator approves it; ``merged_into`` another question that asks the
    same (its votes count there)."""

    summit_lookup = "online__item__summit"
    on_public_pages = False

    online = models.ForeignKey(
        OnlineItem, on_delete=models.CASCADE, related_name="questions", verbose_name=_("item")
    )
    text = models.TextField(_("question"), max_length=500)
    language = models.CharField(
        _("language"), max_length=2, choices=QUESTION_LANGUAGES, default="ko"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    author_name = models.CharField(_("name"), max_length=80)
    viewer = models.CharField(_("viewer"), max_length=80)
    state = models.CharField(
        _("state"), max_length=10, choices=QuestionState.choices, default=QuestionState.PENDING
    )
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
        verbose_name=_("merged into"),
    )
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["online", "asked_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class QuestionVote(models.Model):
    """One viewer's upvote of a question: ``voter`` is ``user:<id>`` for a signed-in viewer,
    ``viewer:<cookie>`` for an anonymous one; the database keeps it once per question."""

    summit_lookup = "question__online__item__summit"
    on_public_pages = False

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="votes", verbose_name=_("question")
    )
    voter = models.CharField(_("voter"), max_length=80)
    voted_at = models.DateTimeField(_("voted"), auto_now_add=True)

    class Meta:
        verbose_name = _("vote on a question")
        verbose_name_plural = _("votes on questions")
        constraints = [
            models.UniqueConstraint(
                fields=["question", "voter"],
                name="online_question_vote_once",
                violation_error_message=_("You have already voted for this question."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id} · {self.voter}"


class PollState(models.TextChoices):
    DRAFT = "draft", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class QuickPoll(models.Model):
    """A quick poll of an item's viewers, opened and closed by the moderator; single or
    multiple choice; results shown live."""

    summit_lookup = "online__item__summit"

    online = models.ForeignKey(
        OnlineItem, on_delete=models.CASCADE, related_name="polls", verbose_name=_("item")
    )
    text = models.CharField(_("question"), max_length=300)
    multiple = models.BooleanField(_("several answers allowed"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=PollState.choices, default=PollState.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("quick poll")
        verbose_name_plural = _("quick polls")
        ordering = ["online", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text


class PollOption(models.Model):
    summit_lookup = "poll__online__item__summit"

    poll = models.ForeignKey(
        QuickPoll,
        on_delete=models.CASCADE,
        related_name="options",
        verbose_name=pgettext_lazy("quick poll", "poll"),
    )
    label = models.CharField(pgettext_lazy("poll option", "answer"), max_length=200)
    position = models.PositiveSmallIntegerField(pgettext_lazy("order", "position"), default=0)

    class Meta:
        verbose_name = _("answer of a poll")
        verbose_name_plural = _("answers of polls")
        ordering = ["poll", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    """A viewer's answer to a quick poll (once per answer; a single-choice poll keeps only a
    viewer's last answer)."""

    summit_lookup = "poll__online__item__summit"
    on_public_pages = False

    poll = models.ForeignKey(
        QuickPoll,
        on_delete=models.CASCADE,
        related_name="votes",
        verbose_name=pgettext_lazy("quick poll", "poll"),
    )
    option = models.ForeignKey(
        PollOption, on_delete=models.CASCADE, related_name="votes", verbose_name=_("answer")
    )
    voter = models.CharField(_("voter"), max_length=80)

    class Meta:
        verbose_name = _("answer to a poll")
        verbose_name_plural = _("answers to polls")
        constraints = [
            models.UniqueConstraint(
                fields=["option", "voter"],
                name="online_poll_vote_once",
                violation_error_message=_("You have already chosen this answer."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.option_id} · {self.voter}"


class SpeakerConnection(models.Model):
    """A speaker of an online item saying "I'm connected" (for the studio's control room)."""

    summit_lookup = "online__item__summit"
    on_public_pages = False

    online = models.ForeignKey(
        OnlineItem, on_delete=models.CASCADE, related_name="connections", verbose_name=_("item")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("speaker")
    )
    connected_at = models.DateTimeField(_("connected"), auto_now=True)

    class Meta:
        verbose_name = _("speaker's connection")
        verbose_name_plural = _("speakers' connections")
        constraints = [
            models.UniqueConstraint(
                fields=["online", "person"], name="online_speaker_connected_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.online_id}"


class SpeakerPrep(models.Model):
    """A remote speaker's preparation of an online item: their own time zone (with a label in
    both languages), the rehearsal slot confirmed, their slides and their consent to be
    recorded and streamed (with the moment it was given)."""

    summit_lookup = "online__item__summit"
    on_public_pages = False

    online = models.ForeignKey(
        OnlineItem, on_delete=models.CASCADE, related_name="preps", verbose_name=_("item")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("speaker")
    )
    time_zone = models.CharField(
        _("speaker's time zone"), max_length=64, blank=True, validators=[validate_time_zone]
    )
    zone_label = models.CharField(_("place of the time zone"), max_length=60, blank=True)
    rehearsal_confirmed_at = models.DateTimeField(_("rehearsal confirmed"), null=True, blank=True)
    # When the reminder of the current rehearsal slot was written to the outbox (the marker
    # that makes it once: cleared when the slot changes).
    rehearsal_reminded_at = models.DateTimeField(
        _("rehearsal reminder sent"), null=True, blank=True
    )
    slides_url = models.URLField(_("slides link"), max_length=500, blank=True)
    consent_at = models.DateTimeField(
        _("consent to record and stream given"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("speaker's preparation")
        verbose_name_plural = _("speakers' preparations")
        constraints = [
            models.UniqueConstraint(fields=["online", "person"], name="online_speaker_prep_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.online_id}"


class PersonZone(models.Model):
    """The time zone a person follows a summit from (a remote participant or speaker), with
    its place in both languages; their itinerary, calendar feed and mails give the times of
    online items in the summit's zone and this one."""

    summit_lookup = "summit"
    on_public_pages = False

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    time_zone = models.CharField(
        _("your time zone"), max_length=64, validators=[validate_time_zone]
    )
    zone_label = models.CharField(_("place of the time zone"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("time zone of a person")
        verbose_name_plural = _("time zones of people")
        constraints = [
            models.UniqueConstraint(fields=["summit", "person"], name="online_person_zone_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.time_zone}"


class ViewerMinute(models.Model):
    """A viewer watching an item's stream in a language channel during one minute (the page's
    "I'm watching" signal, sent every half-minute while the player is shown). The viewer is a
    keyed hash of their account or cookie, never the account or cookie itself: the figures
    count people, they cannot name them."""

    summit_lookup = "online__item__summit"
    on_public_pages = False

    online = models.ForeignKey(
        OnlineItem, on_delete=models.CASCADE, related_name="+", verbose_name=_("item")
    )
    channel = models.CharField(_("language channel"), max_length=8, choices=CHANNELS)
    viewer = models.CharField(_("viewer"), max_length=32)
    minute = models.DateTimeField(_("minute"))

    class Meta:
        verbose_name = _("viewer's minute")
        verbose_name_plural = _("viewers' minutes")
        constraints = [
            models.UniqueConstraint(
                fields=["online", "channel", "viewer", "minute"], name="online_viewer_minute_once"
            )
        ]
        indexes = [models.Index(fields=["online", "minute"], name="online_viewer_minute_idx")]

    def __str__(self) -> str:
        return f"{self.online_id} · {self.channel} · {self.minute:%H:%M}"


class Recording(models.Model):
    """The recording of an item in one language channel (a link), with its captions or
    transcript as WebVTT (validated and kept as text; served as ``text/vtt``)."""

    summit_lookup = "online__item__summit"

    online = models.ForeignKey(
        OnlineItem, on_delete=models.CASCADE, related_name="recordings", verbose_name=_("item")
    )
    channel = models.CharField(_("language channel"), max_length=8, choices=CHANNELS)
    url = models.URLField(_("recording link"), max_length=500)
    captions = models.TextField(_("captions (WebVTT)"), blank=True)
    is_sample = models.BooleanField(
        _("sample record"), default=False, help_text=_("Made up for the demo, not a real video.")
    )

    class Meta:
        verbose_name = _("recording")
        verbose_name_plural = _("recordings")
        ordering = ["online", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["online", "channel"],
                name="online_recording_channel_once",
                violation_error_message=_("This item already has a recording in this channel."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.online.item} · {self.get_channel_display()}"

    def clean(self) -> None:
        if self.url and not self.url.startswith("https://"):
            raise ValidationError({"url": _("Enter a recording link that starts with https://.")})


# The speakers' invitations live in their own module (invitations.py writes them).
from .invitation_models import SpeakerInvitation  # noqa: E402, F401
