"""A summit edition, the organisations in its roles, its themes, venues and rooms."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from summitry.core.bilingual import at_least_one_language, localise
from summitry.core.timezones import validate_time_zone
from summitry.directory.models import Organisation, slug_validator


class SummitFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class SummitStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CONCLUDED = "concluded", _("Concluded")
    CANCELLED = "cancelled", _("Cancelled")


# Only a draft is hidden from the public.
PUBLIC_STATUSES = (SummitStatus.PUBLISHED, SummitStatus.CONCLUDED, SummitStatus.CANCELLED)


class Summit(models.Model):
    slug = models.SlugField(
        _("short identifier"),
        max_length=40,
        unique=True,
        validators=[slug_validator],
        help_text=_("Used in addresses, for example wcsmf2023."),
    )
    edition = models.PositiveSmallIntegerField(
        _("edition number"),
        validators=[MinValueValidator(1, _("The edition number starts at 1."))],
    )
    name = models.CharField(_("name"), max_length=200)
    theme = models.CharField(_("theme"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Seoul", validators=[validate_time_zone]
    )
    format = models.CharField(
        _("format"), max_length=20, choices=SummitFormat.choices, default=SummitFormat.IN_PERSON
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SummitStatus.choices, default=SummitStatus.DRAFT
    )
    capacity = models.PositiveIntegerField(
        _("capacity (people)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("A capacity is at least one person."))],
        help_text=_("Registered delegates beyond this go on the waiting list."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Delegation contacts edit their registration until then."),
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="SummitOrganisation",
        related_name="summits",
        verbose_name=_("organisations"),
    )

    class Meta:
        verbose_name = _("summit")
        verbose_name_plural = _("summits")
        ordering = ["-start_date", "slug"]
        constraints = [
            at_least_one_language("name", name="summit_name_in_a_language", label=_("name")),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="summit_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(edition__gte=1),
                name="summit_edition_positive",
                violation_error_message=_("The edition number starts at 1."),
            ),
            models.CheckConstraint(
                condition=Q(format__in=SummitFormat.values),
                name="summit_format_known",
                violation_error_message=_("Choose a known format."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=SummitStatus.values),
                name="summit_status_known",
                violation_error_message=_("Choose a known status."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def edition_label(self) -> str:
        """“Edition 12” in English, “제12회” in Korean."""
        return gettext("Edition %(number)s") % {"number": self.edition}

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})


class OrganisationRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    HOST = "host", _("Host")
    PARTNER = "partner", _("Partner")
    PARTICIPANT = "participant", _("Participant")


class SummitOrganisation(models.Model):
    """An organisation in a role at a summit: organiser, host, partner or participant."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="roles", verbose_name=_("summit")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="summit_roles",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=OrganisationRole.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("organisation at a summit")
        verbose_name_plural = _("organisations at a summit")
        ordering = ["summit", "role", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "organisation", "role"],
                name="one_role_per_organisation_and_summit",
                violation_error_message=_(
                    "This organisation already has this role at this summit."
                ),
            ),
            models.CheckConstraint(
                condition=Q(role__in=OrganisationRole.values),
                name="summit_role_known",
                violation_error_message=_("Choose a known role."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class SessionTheme(models.Model):
    """One of the summit's themes, each discussed in a themed session."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="themes", verbose_name=_("summit")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)

    class Meta:
        verbose_name = _("session theme")
        verbose_name_plural = _("session themes")
        ordering = ["summit", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "number"],
                name="theme_number_unique",
                violation_error_message=_("This summit already has a theme with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="theme_number_positive",
                violation_error_message=_("Theme numbers start at 1."),
            ),
            at_least_one_language("title", name="theme_title_in_a_language", label=_("title")),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {localise(self, 'title')}"


class Venue(models.Model):
    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="venues", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    is_main = models.BooleanField(_("main venue"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["summit", "-is_main", "position", "pk"]
        constraints = [
            at_least_one_language("name", name="venue_name_in_a_language", label=_("name")),
            models.UniqueConstraint(
                fields=["summit"],
                condition=Q(is_main=True),
                name="one_main_venue_per_summit",
                violation_error_message=_("A summit has only one main venue."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class Room(models.Model):
    summit_lookup = "venue__summit"

    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=200)
    floor = models.CharField(_("floor"), max_length=20, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity (people)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("A capacity is at least one person."))],
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue", "position", "pk"]
        constraints = [
            at_least_one_language("name", name="room_name_in_a_language", label=_("name")),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="room_capacity_positive",
                violation_error_message=_("A capacity is at least one person."),
            ),
        ]

    def __str__(self) -> str:
        return f"{localise(self.venue, 'name')} · {localise(self, 'name')}"


class Team(models.Model):
    """People who run a summit together, with what they may do there (as pretalx's teams):
    organisers, protocol, the registration desk, the jury administration, the press office.
    Permissions are codes the capabilities register (core.registry); they hold only for this
    summit."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="teams", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=120)
    permissions = models.JSONField(_("permissions"), default=list, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="summit_teams", verbose_name=_("members")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["summit", "name_en", "pk"]
        constraints = [
            at_least_one_language("name", name="team_name_in_a_language", label=_("name"))
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))

    def clean(self) -> None:
        from summitry.core import registry

        unknown = sorted(set(self.permissions or []) - registry.permission_codes())
        if unknown:
            raise ValidationError(
                {
                    "permissions": gettext("Unknown permissions: %(codes)s")
                    % {"codes": ", ".join(unknown)}
                }
            )


class TeamInvitation(models.Model):
    """A colleague invited by e-mail to join a team; the link's secret is stored as a digest."""

    summit_lookup = "team__summit"

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("team")
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=5, default="ko")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.email} → {self.team}"
