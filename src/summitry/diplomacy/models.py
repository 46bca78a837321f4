"""City diplomacy: bilateral meeting requests and their schedule, interpreters, protocol
settings, the gift log, and the host city's agreements with their status history.

The two sides of a meeting request are organisations: a delegation's organisation, acted for
by its contact, or the summit's host, which has no delegation and is acted for by staff with
the diplomacy permissions (protocol officers).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from summitry.core import models as core_models
from summitry.core.bilingual import at_least_one_language, localise
from summitry.directory.models import Organisation, Person
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Room, Summit

# Languages a meeting may be held in; interpretation is needed when the sides differ.
MEETING_LANGUAGES = [
    ("ko", _("Korean")),
    ("en", _("English")),
    ("zh", _("Chinese")),
    ("ja", _("Japanese")),
    ("uk", _("Ukrainian")),
    ("es", _("Spanish")),
    ("fr", _("French")),
    ("de", _("German")),
    ("da", _("Danish")),
    ("vi", _("Vietnamese")),
    ("id", _("Indonesian")),
    ("ru", _("Russian")),
]


class PrecedenceRule(models.TextChoices):
    RANK_ALPHABETICAL = "rank", _("Rank of the head of delegation, then English alphabetical order")
    ROTATION = "rotation", _("English alphabetical order, rotating from a chosen letter")


class DiplomacySettings(models.Model):
    """A summit's settings for bilateral meetings and protocol."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit,
        on_delete=models.CASCADE,
        related_name="diplomacy_settings",
        verbose_name=_("summit"),
    )
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
    )
    windows = models.JSONField(
        _("time windows for bilateral meetings"),
        default=list,
        blank=True,
        help_text=_(
            'A list of {"date": "2023-09-25", "start": "09:00", "end": "12:00"} in the '
            "summit's time zone."
        ),
    )
    rooms = models.ManyToManyField(
        Room, blank=True, related_name="+", verbose_name=_("rooms for bilateral meetings")
    )
    precedence_rule = models.CharField(
        _("order of precedence"),
        max_length=20,
        choices=PrecedenceRule.choices,
        default=PrecedenceRule.RANK_ALPHABETICAL,
    )
    rotation_letter = models.CharField(
        _("rotation starts at letter"),
        max_length=1,
        default="A",
        help_text=_("For the rotation rule: the English initial that goes first."),
    )

    class Meta:
        verbose_name = _("diplomacy settings")
        verbose_name_plural = _("diplomacy settings")
        constraints = [
            models.UniqueConstraint(
                fields=["summit"],
                name="one_diplomacy_settings_per_summit",
                violation_error_message=_("This summit has its diplomacy settings already."),
            ),
            models.CheckConstraint(
                condition=Q(precedence_rule__in=PrecedenceRule.values),
                name="diplomacy_precedence_rule_known",
                violation_error_message=_("Choose a known rule of precedence."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.summit)


class Interpreter(models.Model):
    """An interpreter available for bilateral meetings, for one language pair."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="interpreters", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=200)
    language_a = models.CharField(_("language"), max_length=5, choices=MEETING_LANGUAGES)
    language_b = models.CharField(_("other language"), max_length=5, choices=MEETING_LANGUAGES)

    class Meta:
        verbose_name = _("interpreter")
        verbose_name_plural = _("interpreters")
        ordering = ["summit", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(language_a=F("language_b")),
                name="interpreter_two_languages",
                violation_error_message=_("An interpreter works between two different languages."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language_a}–{self.language_b})"

    @property
    def pair(self) -> str:
        return language_pair(self.language_a, self.language_b)


def language_pair(a: str, b: str) -> str:
    return "+".join(sorted((a, b)))


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PROPOSED = "proposed", _("Other times proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Priority(models.IntegerChoices):
    LOW = 1, _("Normal")
    MEDIUM = 2, _("High")
    HIGH = 3, _("Very high")


class MeetingRequest(models.Model):
    """A bilateral meeting: the request, the answer, and its place in the schedule.

    Times are lists of {"start", "end"} in UTC ISO 8601. ``starts_at``/``room`` are the draft
    schedule; ``item`` is the programme item it was published as."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="meeting_requests", verbose_name=_("summit")
    )
    requester = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="meeting_requests_made",
        verbose_name=_("requested by"),
    )
    counterpart = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="meeting_requests_received",
        verbose_name=_("requested with"),
    )
    topic = models.CharField(_("topic"), max_length=300)
    attendees = models.ManyToManyField(
        Person, blank=True, related_name="bilateral_meetings", verbose_name=_("attendees")
    )
    requester_language = models.CharField(
        _("language of the requesting side"), max_length=5, choices=MEETING_LANGUAGES
    )
    counterpart_language = models.CharField(
        _("language of the other side"), max_length=5, choices=MEETING_LANGUAGES
    )
    preferred_times = models.JSONField(_("preferred times"), default=list, blank=True)
    requester_impossible = models.JSONField(
        _("impossible times of the requesting side"), default=list, blank=True
    )
    counterpart_impossible = models.JSONField(
        _("impossible times of the other side"), default=list, blank=True
    )
    proposed_times = models.JSONField(_("times proposed in reply"), default=list, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.LOW
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    response_note = models.CharField(_("reply"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by (account)"),
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    # The schedule.
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("room"),
    )
    interpreter = models.ForeignKey(
        Interpreter,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("interpreter"),
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("The scheduler keeps a pinned meeting in place.")
    )
    item = models.OneToOneField(
        ProgrammeItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bilateral",
        verbose_name=_("programme item"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made up for the demo, not a real record.")
    )

    class Meta:
        verbose_name = _("bilateral meeting")
        verbose_name_plural = _("bilateral meetings")
        ordering = ["summit", "starts_at", "created_at", "pk"]
        constraints = [
            at_least_one_language("topic", name="meeting_topic_in_a_language", label=_("topic")),
            models.CheckConstraint(
                condition=~Q(requester=F("counterpart")),
                name="meeting_two_sides",
                violation_error_message=_("A bilateral meeting needs two different sides."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="meeting_status_known",
                violation_error_message=_("Choose a known status."),
            ),
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="meeting_ends_after_it_starts",
                violation_error_message=_("The end must be after the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} – {self.counterpart}: {localise(self, 'topic')}"

    @property
    def needs_interpretation(self) -> bool:
        return self.requester_language != self.counterpart_language

    @property
    def pair(self) -> str:
        return language_pair(self.requester_language, self.counterpart_language)

    @property
    def is_scheduled(self) -> bool:
        return self.starts_at is not None and self.room_id is not None

    @property
    def publish_pending(self) -> bool:
        """The draft differs from what was published (or was never published)."""
        if not self.is_scheduled:
            return self.item_id is not None
        item = self.item
        return item is None or (
            item.starts_at != self.starts_at
            or item.ends_at != self.ends_at
            or item.room_id != self.room_id
        )


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("Given")
    RECEIVED = "received", _("Received")


class Gift(models.Model):
    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="gifts", verbose_name=_("summit")
    )
    direction = models.CharField(
        _("given or received"), max_length=10, choices=GiftDirection.choices
    )
    counterpart = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="gifts", verbose_name=_("counterpart")
    )
    description = models.CharField(_("description"), max_length=300)
    value = models.DecimalField(
        _("value"), max_digits=12, decimal_places=0, null=True, blank=True, help_text=_("In KRW.")
    )
    date = models.DateField(_("date"))
    kept_at = models.CharField(_("where it is kept"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made up for the demo, not a real record.")
    )

    class Meta:
        verbose_name = _("gift")
        verbose_name_plural = _("gifts")
        ordering = ["summit", "date", "pk"]
        constraints = [
            at_least_one_language(
                "description", name="gift_description_in_a_language", label=_("description")
            ),
            models.CheckConstraint(
                condition=Q(direction__in=GiftDirection.values),
                name="gift_direction_known",
                violation_error_message=_("Say whether the gift was given or received."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "description"))


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding")
    FRIENDSHIP = "friendship", _("Friendship city agreement")
    SISTER = "sister", _("Sister city agreement")
    UPGRADE = "upgrade", _("Upgrade of the relationship")
    COOPERATION = "cooperation", _("Cooperation agreement")


class AgreementStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    NEGOTIATING = "negotiating", _("Under negotiation")
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", _("Signed")
    ACTIVE = "active", _("In force")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")


# Statuses in which the partner counts as a partner city.
PARTNER_STATUSES = (AgreementStatus.SIGNED, AgreementStatus.ACTIVE)


class Agreement(models.Model):
    """An agreement of the host city with another city."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("summit")
    )
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("partner city"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=AgreementKind.choices)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.PROPOSED,
    )
    council_resolution = models.CharField(
        _("council resolution"),
        max_length=200,
        blank=True,
        help_text=_("The reference of the approval, such as the council resolution number."),
    )
    signatories = models.ManyToManyField(
        Person, blank=True, related_name="agreements_signed", verbose_name=_("signatories")
    )
    signed_on = models.DateField(_("date of signing"), null=True, blank=True)
    place = models.CharField(_("place of signing"), max_length=200, blank=True)
    ceremony = models.OneToOneField(
        ProgrammeItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement",
        verbose_name=_("signing ceremony"),
    )
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made up for the demo, not a real record.")
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["summit", "signed_on", "pk"]
        constraints = [
            at_least_one_language("title", name="agreement_title_in_a_language", label=_("title")),
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values),
                name="agreement_kind_known",
                violation_error_message=_("Choose a known type of agreement."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AgreementStatus.values),
                name="agreement_status_known",
                violation_error_message=_("Choose a known status."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "title"))


class AgreementChange(core_models.StatusChange):
    """A step of an agreement's lifecycle: who, when, and why."""

    summit_lookup = "agreement__summit"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="history", verbose_name=_("agreement")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=AgreementStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=AgreementStatus.choices)

    class Meta(core_models.StatusChange.Meta):
        verbose_name = _("agreement status change")
        verbose_name_plural = _("agreement status changes")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.from_status} → {self.to_status}"


class AgreementDocument(models.Model):
    """A text of the agreement in one language; served to staff only."""

    summit_lookup = "agreement__summit"

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="documents", verbose_name=_("agreement")
    )
    language = models.CharField(_("language"), max_length=5, choices=MEETING_LANGUAGES)
    file = models.FileField(
        _("file"),
        upload_to="agreements/%Y/",
        validators=[FileExtensionValidator(["pdf", "docx", "hwp", "hwpx"])],
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["agreement", "language", "pk"]

    def __str__(self) -> str:
        return f"{self.agreement} ({self.language})"
