"""Programme items (sessions, meals, site visits, ...), their sub-items and their people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from summitry.core.bilingual import at_least_one_language, localise
from summitry.delegations.models import PlaceStatus
from summitry.directory.models import Organisation, Person
from summitry.summits.models import Room, SessionTheme, Summit


class ItemType(models.TextChoices):
    FORUM_SESSION = "forum_session", _("Forum session")
    THEMED_SESSION = "themed_session", _("Themed session")
    KEYNOTE = "keynote", _("Keynote")
    PRESENTATION = "presentation", _("Presentation")
    MEAL = "meal", _("Meal")
    RECEPTION = "reception", _("Reception")
    CEREMONY = "ceremony", _("Ceremony")
    SITE_VISIT = "site_visit", _("Site visit")
    VISIT_STOP = "visit_stop", _("Stop of a site visit")
    MEETING = "meeting", _("Meeting")
    TRANSFER = "transfer", _("Transfer")
    ARRIVAL_DEPARTURE = "arrival_departure", _("Arrival or departure")


class TimeBlock(models.TextChoices):
    MORNING = "morning", _("Morning")
    LUNCH = "lunch", _("Lunch")
    AFTERNOON = "afternoon", _("Afternoon")
    DINNER = "dinner", _("Dinner")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Everyone (public programme)")
    REGISTERED = "registered", _("All registered participants")
    INVITED = "invited", _("Invited delegations only")
    HEADS = "heads", _("Heads of delegation")


# Only these audiences appear in the public programme and feed.
PUBLIC_AUDIENCES = (Audience.PUBLIC, Audience.REGISTERED, Audience.HEADS)


class ProgrammeItem(models.Model):
    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="programme", verbose_name=_("summit")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=ItemType.choices)
    block = models.CharField(_("time block"), max_length=20, choices=TimeBlock.choices)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    theme = models.ForeignKey(
        SessionTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("theme"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("room"),
    )
    place = models.CharField(
        _("off-site place"), max_length=200, blank=True, help_text=_("Where, if not in a room.")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.PUBLIC
    )
    invitees = models.ManyToManyField(
        Organisation,
        blank=True,
        related_name="invited_items",
        verbose_name=_("invited delegations"),
        help_text=_("For items open to invited delegations only."),
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    signup = models.BooleanField(
        _("sign-up needed"),
        default=False,
        help_text=_("Delegates sign up (site visits); beyond the capacity, a waiting list."),
    )
    signup_deadline = models.DateTimeField(_("sign-up deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["summit", "starts_at", "ends_at", "pk"]
        indexes = [models.Index(fields=["summit", "starts_at"])]
        constraints = [
            at_least_one_language("title", name="item_title_in_a_language", label=_("title")),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="item_ends_after_it_starts",
                violation_error_message=_("The end must be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ItemType.values),
                name="item_kind_known",
                violation_error_message=_("Choose a known type."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="item_capacity_positive",
                violation_error_message=_("A capacity is at least one person."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "title"))


class ItemRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MODERATOR = "moderator", _("Moderator")
    SPEAKER = "speaker", _("Speaker")
    HOST = "host", _("Host")
    GUIDE = "guide", _("Guide")


# Roles that put a person in the room: they cannot be in two places at once.
COMMITTING_ROLES = tuple(ItemRole.values)


class ItemPerson(models.Model):
    """A person with a role in an item: chair, moderator, speaker (with their talk's title)."""

    summit_lookup = "item__summit"

    item = models.ForeignKey(
        ProgrammeItem, on_delete=models.CASCADE, related_name="people", verbose_name=_("item")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="programme_roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=ItemRole.choices)
    presentation_title = models.CharField(_("presentation title"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("person in the programme")
        verbose_name_plural = _("people in the programme")
        ordering = ["item", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person", "role"],
                name="person_role_once_per_item",
                violation_error_message=_("This person already has this role here."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


# A place at an item is the same notion as a place at the summit: held, waiting, cancelled.
SignUpStatus = PlaceStatus


class SignUpGroup(models.Model):
    """A group of an item's participants (bus 1, bus 2) with where and when to meet."""

    summit_lookup = "item__summit"

    item = models.ForeignKey(
        ProgrammeItem, on_delete=models.CASCADE, related_name="groups", verbose_name=_("item")
    )
    name = models.CharField(_("name"), max_length=100)
    meeting_point = models.CharField(_("meeting point"), max_length=200, blank=True)
    meeting_at = models.DateTimeField(_("meeting time"), null=True, blank=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["item", "name_en", "pk"]
        constraints = [
            at_least_one_language("name", name="group_name_in_a_language", label=_("name"))
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class SignUp(models.Model):
    """A delegate's place (or place on the waiting list) at an item that needs sign-up."""

    summit_lookup = "item__summit"

    item = models.ForeignKey(
        ProgrammeItem, on_delete=models.CASCADE, related_name="signups", verbose_name=_("item")
    )
    delegate = models.ForeignKey(
        "delegations.Delegate",
        on_delete=models.CASCADE,
        related_name="signups",
        verbose_name=_("delegate"),
    )
    status = models.CharField(_("status"), max_length=20, choices=SignUpStatus.choices)
    group = models.ForeignKey(
        SignUpGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signups",
        verbose_name=_("group"),
    )
    signed_up_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["item", "signed_up_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "delegate"],
                condition=~Q(status="cancelled"),
                name="one_active_signup_per_delegate",
                violation_error_message=_("This delegate is already signed up."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.delegate} → {self.item}"


class ProgrammeRelease(models.Model):
    """A published version of a summit's programme: what it said, and what changed."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit,
        on_delete=models.CASCADE,
        related_name="programme_releases",
        verbose_name=_("summit"),
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    snapshot = models.JSONField(_("programme as published"))
    changes = models.JSONField(_("changes since the previous version"), default=list)

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["summit", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "number"],
                name="release_number_unique",
                violation_error_message=_("This version exists already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.summit} v{self.number}"
