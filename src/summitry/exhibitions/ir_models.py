"""Investor relations (C10): an IR session of the programme where companies pitch, the
investors registered for it with their interests, one-to-one meetings between an investor and a
pitching company (asked by either side, or suggested by staff from matching interests, and
accepted by the other side), their places in the session's slots and at its tables (placed by
the meetings solver, ``ir_scheduling``), attendance and each side's follow-up.

Imported by ``models`` so that Django finds these models in the exhibitions app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from summitry.directory.models import Organisation, Person
from summitry.programme.models import ProgrammeItem
from summitry.summits.models import Summit


class Sector(models.TextChoices):
    UNTACT_IT = "untact_it", _("Untact IT")
    MEDICAL_DEVICES = "medical_devices", _("Medical devices")
    BIO = "bio", _("Bio and health")
    AI = "ai", _("Artificial intelligence")
    SMART_CITY = "smart_city", _("Smart city")
    MOBILITY = "mobility", _("Mobility")
    FINTECH = "fintech", _("Fintech")
    CLIMATE = "climate", _("Climate and energy")


class Stage(models.TextChoices):
    SEED = "seed", _("Seed")
    SERIES_A = "series_a", _("Series A")
    SERIES_B = "series_b", _("Series B")
    GROWTH = "growth", _("Growth")


class TicketSize(models.TextChoices):
    SMALL = "small", _("Up to USD 0.5 million")
    MEDIUM = "medium", _("USD 0.5–2 million")
    LARGE = "large", _("USD 2–10 million")
    XLARGE = "xlarge", _("Over USD 10 million")


class PitchMode(models.TextChoices):
    STAGE = "stage", _("On stage")
    ONLINE = "online", _("Online")


class IRSession(models.Model):
    """A programme item marked as an IR session, with the window of its one-to-one meetings:
    slots of ``meeting_minutes`` from ``meetings_start`` to ``meetings_end``, ``tables``
    meetings at a time. The schedule is a draft until staff publish it."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="ir_sessions", verbose_name=_("summit")
    )
    item = models.OneToOneField(
        ProgrammeItem,
        on_delete=models.CASCADE,
        related_name="ir_session",
        verbose_name=_("programme item"),
    )
    meeting_minutes = models.PositiveSmallIntegerField(_("minutes per meeting"), default=20)
    meetings_start = models.DateTimeField(_("one-to-one meetings from"))
    meetings_end = models.DateTimeField(_("one-to-one meetings until"))
    tables = models.PositiveSmallIntegerField(_("tables"), default=5)
    published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Made up for the demo.")
    )

    class Meta:
        verbose_name = _("IR session")
        verbose_name_plural = _("IR sessions")
        ordering = ["summit", "item__starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(meetings_end__gt=models.F("meetings_start")),
                name="ir_meetings_end_after_start",
                violation_error_message=_("The meetings must end after they start."),
            ),
            models.CheckConstraint(
                condition=models.Q(meeting_minutes__gte=5, meeting_minutes__lte=240),
                name="ir_meeting_minutes_range",
                violation_error_message=_("A meeting lasts 5 to 240 minutes."),
            ),
            models.CheckConstraint(
                condition=models.Q(tables__gte=1, tables__lte=200),
                name="ir_tables_range",
                violation_error_message=_("Give 1 to 200 tables."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.item)


class PitchingCompany(models.Model):
    """A company pitching in the session, in order, with its deck; its account answers
    meeting requests."""

    summit_lookup = "session__summit"

    session = models.ForeignKey(
        IRSession, on_delete=models.CASCADE, related_name="companies", verbose_name=_("IR session")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    contact = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person pitching"),
    )
    summary = models.TextField(_("summary"), blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    pitch_minutes = models.PositiveSmallIntegerField(_("minutes per pitch"), default=5)
    mode = models.CharField(
        _("pitch"), max_length=10, choices=PitchMode.choices, default=PitchMode.STAGE
    )
    deck = models.FileField(_("pitch deck"), upload_to="ir/decks/", blank=True)
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Made up for the demo.")
    )

    class Meta:
        verbose_name = _("pitching company")
        verbose_name_plural = _("pitching companies")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "organisation"],
                name="ir_company_once_per_session",
                violation_error_message=_("This company already pitches in this session."),
            ),
            models.CheckConstraint(
                condition=models.Q(pitch_minutes__gte=1, pitch_minutes__lte=120),
                name="ir_pitch_minutes_range",
                violation_error_message=_("A pitch lasts 1 to 120 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class InvestorStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("investor", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("investor", "Approved")


class Investor(models.Model):
    """An investor registered for the session, with their interests: added by staff, or
    signed up through the session's public form and approved by staff (only approved
    investors request and get meetings)."""

    summit_lookup = "session__summit"

    session = models.ForeignKey(
        IRSession, on_delete=models.CASCADE, related_name="investors", verbose_name=_("IR session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    sectors = models.JSONField(_("sectors"), default=list, blank=True)
    stages = models.JSONField(_("stages"), default=list, blank=True)
    ticket_size = models.CharField(
        _("ticket size"), max_length=20, choices=TicketSize.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    profile = models.TextField(
        _("profile"), blank=True, help_text=_("Who the investor is and what they look for.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InvestorStatus.choices,
        default=InvestorStatus.APPROVED,
    )
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Made up for the demo.")
    )

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["session", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="ir_investor_account_once_per_session",
                violation_error_message=_("This account is already an investor of this session."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=InvestorStatus.values),
                name="ir_investor_status_known",
                violation_error_message=_("Choose a known status."),
            ),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return f"{self.name} ({self.organisation})"
        return self.name


class Side(models.TextChoices):
    INVESTOR = "investor", _("Investor")
    COMPANY = "company", _("Company")
    ORGANISER = "organiser", _("Organiser")


class MeetingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Not marked")
    PRESENT = "present", _("Present")
    NO_SHOW = "no_show", _("No-show")


class IRMeeting(models.Model):
    """A one-to-one meeting between an investor and a company: asked by one side (or by staff
    for both), answered by the other; placed in a slot at a table by the scheduler."""

    summit_lookup = "session__summit"

    session = models.ForeignKey(
        IRSession, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("IR session")
    )
    investor = models.ForeignKey(
        Investor, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("investor")
    )
    company = models.ForeignKey(
        PitchingCompany,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("company"),
    )
    requested_by = models.CharField(_("asked by"), max_length=10, choices=Side.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PENDING
    )
    message = models.TextField(_("message"), blank=True)
    # Each side's yes: the asking side's is given; the meeting is accepted once both have it.
    investor_agreed = models.BooleanField(_("investor agreed"), default=False)
    company_agreed = models.BooleanField(_("company agreed"), default=False)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    investor_attendance = models.CharField(
        _("investor"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    company_attendance = models.CharField(
        _("company"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("IR meeting")
        verbose_name_plural = _("IR meetings")
        ordering = ["session", "starts_at", "table", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["investor", "company"],
                name="ir_meeting_once_per_pair",
                violation_error_message=_("These two already have a meeting request."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investor.name} – {self.company}"

    @property
    def is_scheduled(self) -> bool:
        return self.starts_at is not None


class Outcome(models.TextChoices):
    INTERESTED = "interested", _("Interested: we continue")
    NEXT_MEETING = "next_meeting", _("A next meeting is set")
    NOT_A_FIT = "not_a_fit", _("Not a fit")


class FollowUp(models.Model):
    """One side's note after a meeting: how it went and what comes next."""

    summit_lookup = "meeting__session__summit"

    meeting = models.ForeignKey(
        IRMeeting, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("meeting")
    )
    side = models.CharField(_("side"), max_length=10, choices=Side.choices[:2])
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    next_step = models.TextField(_("next step"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    written_at = models.DateTimeField(_("written"), auto_now=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["meeting", "side"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "side"],
                name="ir_follow_up_once_per_side",
                violation_error_message=_("This side has already written its follow-up."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_side_display()}"
