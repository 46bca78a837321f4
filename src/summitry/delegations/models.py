"""Invitations, delegations and their members, status history, and frozen counts."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from summitry.core import models as core_models
from summitry.core.capacity import Place
from summitry.directory.models import Organisation, Person
from summitry.summits.models import Summit


class Invitation(models.Model):
    """A personal, unguessable, expiring and revocable link for one organisation's contact."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("summit")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    # Only the SHA-256 digest of the link's secret is stored.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    failed_attempts = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["summit", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "organisation"],
                name="one_invitation_per_organisation",
                violation_error_message=_("This organisation is already invited to this summit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.summit}"


class DelegationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    REGISTERED = "registered", _("Registered")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses in which a delegation counts as coming.
ATTENDING = (DelegationStatus.REGISTERED, DelegationStatus.CONFIRMED)


class Delegation(models.Model):
    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="delegations", verbose_name=_("summit")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("organisation"),
    )
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegation",
        verbose_name=_("invitation"),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("delegation contact"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=DelegationStatus.choices,
        default=DelegationStatus.INVITED,
    )
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("declined or cancelled"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Made up for the demo, not a real record.")
    )

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["summit", "organisation__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "organisation"],
                name="one_delegation_per_organisation",
                violation_error_message=_("This organisation already has a delegation here."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=DelegationStatus.values),
                name="delegation_status_known",
                violation_error_message=_("Choose a known status."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class StatusChange(core_models.StatusChange):
    """Who moved a delegation from one status to another, and when."""

    summit_lookup = "delegation__summit"

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="history", verbose_name=_("delegation")
    )
    from_status = models.CharField(_("from"), max_length=20, choices=DelegationStatus.choices)
    to_status = models.CharField(_("to"), max_length=20, choices=DelegationStatus.choices)

    class Meta(core_models.StatusChange.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.delegation}: {self.from_status} → {self.to_status}"


PHOTO_MAX_BYTES = 5 * 1024 * 1024


def validate_photo(photo) -> None:
    """At most 5 MB, and really a JPEG or PNG image (Pillow reads it), whatever its name, of a
    sane number of pixels (core.images)."""
    from summitry.core.images import image_format

    if not photo:
        return
    if photo.size > PHOTO_MAX_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."))
    if image_format(photo) not in ("JPEG", "PNG"):
        raise ValidationError(_("Send a JPEG or PNG image."))


class DelegateRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    MEMBER = "member", _("Member")


class DietaryNeed(models.TextChoices):
    """What catering counts: a delegate's main dietary need (details go in the notes)."""

    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    HALAL = "halal", _("Halal")
    KOSHER = "kosher", _("Kosher")
    NO_PORK = "no_pork", _("No pork")
    NO_BEEF = "no_beef", _("No beef")
    NO_SEAFOOD = "no_seafood", _("No seafood")
    GLUTEN_FREE = "gluten_free", _("Gluten-free")
    LACTOSE_FREE = "lactose_free", _("Lactose-free")
    NUT_ALLERGY = "nut_allergy", _("Nut allergy")
    OTHER = "other", _("Other (see the notes)")


# A delegate's place under the summit's capacity: the places of core.capacity.
PlaceStatus = Place


class Delegate(models.Model):
    """A member of a delegation: the directory's person plus this summit's travel and needs."""

    summit_lookup = "summit"

    # The delegation's summit, kept on the row (it never changes) so that counting a
    # summit's places is one index range, however many delegations there are.
    summit = models.ForeignKey(
        Summit,
        on_delete=models.CASCADE,
        related_name="delegates",
        editable=False,
        verbose_name=_("summit"),
    )
    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="members", verbose_name=_("delegation")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="delegate_records", verbose_name=_("person")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="delegate_records",
        verbose_name=_("account"),
        help_text=_("Lets the delegate see and correct their own data."),
    )
    # True when Summitry made the account for this member (so a link to set its password may
    # go to the member's address); False for an account its owner linked by confirming.
    account_created = models.BooleanField(default=False, editable=False)
    # The secret part of the member's personal calendar address: random, rotated on request,
    # removed with the member's personal data.
    calendar_secret = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    role = models.CharField(
        _("role"), max_length=20, choices=DelegateRole.choices, default=DelegateRole.MEMBER
    )
    place = models.CharField(
        _("place"), max_length=20, choices=PlaceStatus.choices, default=PlaceStatus.REGISTERED
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    arrival_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    arrival_flight = models.CharField(_("arrival flight"), max_length=20, blank=True)
    departure_at = models.DateTimeField(_("departure"), null=True, blank=True)
    departure_flight = models.CharField(_("departure flight"), max_length=20, blank=True)
    hotel = models.CharField(_("hotel"), max_length=200, blank=True)
    interpretation_language = models.CharField(
        _("interpretation language"),
        max_length=5,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language this delegate listens in."),
    )
    badge_photo = models.ImageField(
        _("badge photo"),
        upload_to="badge-photos/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["jpg", "jpeg", "png"]), validate_photo],
        help_text=_("A JPEG or PNG portrait, at most 5 MB."),
    )
    dietary_needs = models.CharField(
        _("dietary needs"), max_length=20, choices=DietaryNeed.choices, blank=True
    )
    dietary_notes = models.CharField(
        _("dietary notes"),
        max_length=200,
        blank=True,
        help_text=_("Allergies and other details for the caterer."),
    )
    access_needs = models.CharField(_("access needs"), max_length=200, blank=True)
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    erased_at = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["delegation", "role", "registered_at", "pk"]
        indexes = [models.Index(fields=["summit", "place"], name="delegate_places_of_summit")]
        constraints = [
            models.CheckConstraint(
                condition=Q(arrival_at__isnull=True)
                | Q(departure_at__isnull=True)
                | Q(departure_at__gte=models.F("arrival_at")),
                name="delegate_departs_after_arrival",
                violation_error_message=_("The departure cannot be before the arrival."),
            ),
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(role="head") & ~Q(place="cancelled"),
                name="one_head_per_delegation",
                violation_error_message=_("A delegation has one head."),
            ),
            models.UniqueConstraint(
                fields=["delegation", "person"],
                name="person_once_per_delegation",
                violation_error_message=_("This person is already a member."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)

    def save(self, *args, **kwargs) -> None:
        if self.summit_id is None and self.delegation_id is not None:
            self.summit_id = self.delegation.summit_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.arrival_at and self.departure_at and self.departure_at < self.arrival_at:
            raise ValidationError(
                {"departure_at": _("The departure cannot be before the arrival.")}
            )


class CountSnapshot(models.Model):
    """The counts as registered on a date, frozen so that a press release can cite them."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="count_snapshots", verbose_name=_("summit")
    )
    as_of = models.DateField(_("as registered on"))
    counts = models.JSONField(_("counts"))
    frozen_at = models.DateTimeField(_("frozen"), auto_now_add=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )

    class Meta:
        verbose_name = _("frozen count")
        verbose_name_plural = _("frozen counts")
        ordering = ["summit", "-as_of", "-frozen_at"]

    def __str__(self) -> str:
        return f"{self.summit}: {self.as_of}"


class ReminderSettings(models.Model):
    """When invited delegations that have not registered are reminded of the registration
    deadline: on or after each of these numbers of days before it (in the summit's zone)."""

    summit_lookup = "summit"

    summit = models.OneToOneField(
        Summit,
        on_delete=models.CASCADE,
        related_name="reminder_settings",
        verbose_name=_("summit"),
    )
    enabled = models.BooleanField(_("send reminders"), default=False)
    days_before = models.JSONField(_("days before the deadline"), default=list, blank=True)

    class Meta:
        verbose_name = _("reminder settings")
        verbose_name_plural = _("reminder settings")

    def __str__(self) -> str:
        return str(self.summit)


class DeadlineReminder(models.Model):
    """A registration deadline reminder sent to a delegation: at most one per delegation and
    reminder (days before the deadline), however often the scheduled job runs."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.CASCADE,
        related_name="deadline_reminders",
        verbose_name=_("delegation"),
    )
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    message = models.ForeignKey(
        core_models.OutboundMessage,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        ordering = ["summit", "-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "days_before"],
                name="one_reminder_per_delegation_and_day",
                violation_error_message=_("This reminder was already sent to this delegation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.days_before}"
