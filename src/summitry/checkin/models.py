"""Accreditation and check-in: zones, categories, badges and the scans at the doors.

A badge belongs to exactly one holder: a delegate, an approved journalist (the press room's
accreditation) or an exhibitor's booth staff member; ``Badge.holder`` is what every page,
PDF and scanner shows of them, whichever they are. A holder has at most one badge;
reprinting raises its ``version``, so a code printed before (a lower version) is
*superseded*. A revoked badge is refused until a new
version is issued. A scan is recorded once per ``client_scan_id`` (the scanner's own id, so
the same scan sent twice counts once), and a badge enters a zone once per day (a unique
constraint over the entries, whatever the number of doors scanning it at the same time).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from summitry.core.bilingual import at_least_one_language
from summitry.delegations.models import Delegate, DelegateRole, DelegationStatus, PlaceStatus
from summitry.directory.models import Organisation, Person, person_name
from summitry.summits.models import Summit

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Give a colour as #RRGGBB, for example #1d4ed8.")
)


class Zone(models.Model):
    """A place behind a door: the forum hall, the VIP lounge, a site-visit bus."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="zones", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        ordering = ["summit", "position", "pk"]
        constraints = [
            at_least_one_language("name", name="zone_name_in_a_language", label=_("name"))
        ]

    def __str__(self) -> str:
        from summitry.core.bilingual import localise

        return str(localise(self, "name"))


class AccreditationCategory(models.Model):
    """Head of delegation, delegate, press, staff…: a colour, the zones, the days."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit,
        on_delete=models.CASCADE,
        related_name="accreditation_categories",
        verbose_name=_("summit"),
    )
    name = models.CharField(_("name"), max_length=200)
    colour = models.CharField(
        _("colour"), max_length=7, default="#1d4ed8", validators=[colour_validator]
    )
    zones = models.ManyToManyField(
        Zone, blank=True, related_name="categories", verbose_name=_("zones")
    )
    # ISO dates (the summit's calendar) on which the badge opens doors; empty: every day.
    valid_days = models.JSONField(
        _("valid days"),
        default=list,
        blank=True,
        help_text=_("The days this category may enter; none: every day of the summit."),
    )
    position = models.PositiveIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("accreditation category")
        verbose_name_plural = _("accreditation categories")
        ordering = ["summit", "position", "pk"]
        constraints = [
            at_least_one_language(
                "name", name="accreditation_category_name_in_a_language", label=_("name")
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="accreditation_category_colour_hex",
                violation_error_message=_("Give a colour as #RRGGBB, for example #1d4ed8."),
            ),
        ]

    def __str__(self) -> str:
        from summitry.core.bilingual import localise

        return str(localise(self, "name"))


class RoleCategory(models.Model):
    """The category a delegate's badge gets from their role when it is issued without one
    chosen by staff (a category given to the delegate by hand wins)."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="role_categories", verbose_name=_("summit")
    )
    role = models.CharField(_("role"), max_length=20, choices=DelegateRole.choices)
    category = models.ForeignKey(
        AccreditationCategory,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("accreditation category"),
    )

    class Meta:
        verbose_name = _("default category of a role")
        verbose_name_plural = _("default categories of roles")
        ordering = ["summit", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "role"],
                name="one_default_category_per_role",
                violation_error_message=_("This role already has a default category."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} → {self.category}"


def delegate_withdrawn(delegate) -> bool:
    """A delegate whose place is cancelled, or whose delegation declined or cancelled: no
    badge is issued to them and their badge is refused at every door."""
    return delegate.place == PlaceStatus.CANCELLED or delegate.delegation.status in (
        DelegationStatus.DECLINED,
        DelegationStatus.CANCELLED,
    )


class HolderKind(models.TextChoices):
    DELEGATE = "delegate", _("Delegate")
    PRESS = "press", _("Press")
    EXHIBITOR = "exhibitor", _("Exhibitor staff")


@dataclass
class BadgeHolder:
    """Who a badge belongs to, whatever their kind: their name in both scripts and position
    (``person``, a directory person, unsaved for holders who are not in the directory), their
    organisation (likewise), their photo (a file or None), their account (to show them their
    own badge) and whether their place is withdrawn (no badge issued, refused at the doors).

    The press room's accreditation and the exhibitions' booth staff each make theirs
    (``badge_holder()``): check-in imports neither app."""

    kind: str
    person: Person
    organisation: Organisation
    photo: object = None
    user_id: int | None = None
    withdrawn: bool = False

    @property
    def name(self):
        """The name in the reader's script (the other one, marked, where it is missing)."""
        return person_name(self.person)

    @property
    def name_ko(self) -> str:
        return self.person.name_hangul or ""

    @property
    def name_en(self) -> str:
        return self.person.latin_name

    def get_kind_display(self) -> str:
        return str(HolderKind(self.kind).label)


# What to load with a badge to show its holder, whichever kind they are.
HOLDER_RELATED = (
    "delegate__person",
    "delegate__delegation__organisation",
    "press_accreditation",
    "exhibitor_staff__exhibitor__organisation",
)


class Badge(models.Model):
    """A badge: its holder (exactly one of a delegate, a journalist's accreditation, an
    exhibitor's staff member), its category, its version (raised by each reprint) and its
    state."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit,
        on_delete=models.CASCADE,
        related_name="badges",
        editable=False,
        verbose_name=_("summit"),
    )
    delegate = models.OneToOneField(
        Delegate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="badge",
        verbose_name=_("delegate"),
    )
    press_accreditation = models.OneToOneField(
        "press.Accreditation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="badge",
        verbose_name=_("press accreditation"),
    )
    exhibitor_staff = models.OneToOneField(
        "exhibitions.ExhibitorStaff",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="badge",
        verbose_name=_("exhibitor's staff member"),
    )
    category = models.ForeignKey(
        AccreditationCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="badges",
        verbose_name=_("accreditation category"),
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    printed_at = models.DateTimeField(_("printed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["summit", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    delegate__isnull=False,
                    press_accreditation__isnull=True,
                    exhibitor_staff__isnull=True,
                )
                | Q(
                    delegate__isnull=True,
                    press_accreditation__isnull=False,
                    exhibitor_staff__isnull=True,
                )
                | Q(
                    delegate__isnull=True,
                    press_accreditation__isnull=True,
                    exhibitor_staff__isnull=False,
                ),
                name="badge_has_one_holder",
                violation_error_message=_(
                    "A badge belongs to one delegate, journalist or exhibitor's staff member."
                ),
            )
        ]

    def __str__(self) -> str:
        who = self.delegate or self.press_accreditation or self.exhibitor_staff
        return f"{who} (v{self.version})"

    def save(self, *args, **kwargs) -> None:
        if self.summit_id is None and self.delegate_id is not None:
            self.summit_id = self.delegate.summit_id
        super().save(*args, **kwargs)

    @property
    def holder(self) -> BadgeHolder:
        """Whoever holds the badge, as the pages, PDFs and scanners show them."""
        if self.delegate_id is not None:
            delegate = self.delegate
            return BadgeHolder(
                kind=HolderKind.DELEGATE,
                person=delegate.person,
                organisation=delegate.delegation.organisation,
                photo=delegate.badge_photo or None,
                user_id=delegate.user_id,
                withdrawn=delegate_withdrawn(delegate),
            )
        if self.press_accreditation_id is not None:
            return self.press_accreditation.badge_holder()
        return self.exhibitor_staff.badge_holder()

    @property
    def issued(self) -> bool:
        return self.version > 0


class ScanResult(models.TextChoices):
    ENTER = "enter", _("Enter")
    EXIT = "exit", _("Exit")
    REFUSED = "refused", _("Refused")


class Direction(models.TextChoices):
    """Which way a door counts: into the zone or out of it."""

    IN = "in", _("Entrance (counts people in)")
    OUT = "out", _("Exit (counts people out)")


class Reason(models.TextChoices):
    """Why a scan is refused (empty for an entry)."""

    FORGED = "forged", _("Not a valid badge (forged or damaged code)")
    REVOKED = "revoked", _("Badge revoked")
    SUPERSEDED = "superseded", _("Badge replaced by a newer one")
    ZONE = "zone", _("Not accredited for this zone")
    DAY = "day", _("Not valid today")
    ALREADY_INSIDE = "already_inside", _("Already inside")
    NOT_ISSUED = "not_issued", _("No badge issued")
    WITHDRAWN = "withdrawn", _("Registration cancelled or withdrawn")
    NOT_INSIDE = "not_inside", _("Not inside (no entry to leave from)")


class Scan(models.Model):
    """One reading of a code at a door, with the decision taken."""

    summit_lookup = "summit"
    on_public_pages = False  # core.pagecache: no public page shows these rows

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="scans", verbose_name=_("summit")
    )
    badge = models.ForeignKey(
        Badge,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="scans",
        verbose_name=_("badge"),
    )
    zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="scans", verbose_name=_("zone")
    )
    door = models.CharField(_("door"), max_length=100, blank=True)
    direction = models.CharField(
        _("direction"), max_length=3, choices=Direction.choices, default=Direction.IN
    )
    at = models.DateTimeField(_("scanned at"))
    # The summit's calendar day of ``at``: a badge enters a zone once a day.
    day = models.DateField(_("day"))
    result = models.CharField(_("result"), max_length=10, choices=ScanResult.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    badge_version = models.PositiveIntegerField(_("badge version"), null=True, blank=True)
    # The day's visit of the badge to the zone this entry opens or this exit closes (1, 2…):
    # one entry and one exit per visit, so a badge is inside at most once at a time.
    visit = models.PositiveIntegerField(_("visit"), null=True, blank=True)
    client_scan_id = models.CharField(_("scanner's scan id"), max_length=64)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operator"),
    )

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["summit", "-at", "-pk"]
        indexes = [models.Index(fields=["summit", "zone", "at"], name="scans_of_zone")]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "client_scan_id"],
                name="scan_once_per_client_id",
                violation_error_message=_("This scan was already received."),
            ),
            models.UniqueConstraint(
                fields=["badge", "zone", "day", "visit"],
                condition=Q(result="enter"),
                name="badge_enters_once_per_visit",
                violation_error_message=_("Already inside."),
            ),
            models.UniqueConstraint(
                fields=["badge", "zone", "day", "visit"],
                condition=Q(result="exit"),
                name="badge_leaves_once_per_visit",
                violation_error_message=_("Already left."),
            ),
            models.CheckConstraint(
                condition=Q(result__in=["enter", "exit"], reason="", visit__isnull=False)
                | Q(result="refused") & ~Q(reason=""),
                name="scan_reason_for_refusals",
                violation_error_message=_("A refusal has a reason, an entry none."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.badge_id} {self.zone} {self.result}"


class Layout(models.TextChoices):
    """How badges are laid out for print: the designer's layouts (each category's, else the
    summit's default, else the fixed A6 badge or folded name card), or a fixed layout."""

    DESIGNED = "designed", _("Designed badges (each category's layout)")
    CARDS = "cards", _("Designed name cards for tables")
    A6 = "a6", _("A6 badges, one per page")
    CR80 = "cr80", _("CR80 cards, ten per A4 sheet with cut marks")
    TENT = "tent", _("Name cards for tables (A4, folded)")


def print_upload_to(instance, filename: str) -> str:
    return f"badge-prints/{instance.summit_id}/{filename}"


class BadgePrint(models.Model):
    """A batch of badges rendered as one PDF in the background (``tasks.render_print``)."""

    summit_lookup = "summit"
    on_public_pages = False  # core.pagecache: no public page shows these rows

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="badge_prints", verbose_name=_("summit")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    badge_ids = models.JSONField(_("badges"), default=list)
    layout = models.CharField(
        _("layout"), max_length=10, choices=Layout.choices, default=Layout.DESIGNED
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=print_upload_to, blank=True)

    class Meta:
        verbose_name = _("badge print")
        verbose_name_plural = _("badge prints")
        ordering = ["summit", "-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{len(self.badge_ids)} badges ({self.requested_at:%Y-%m-%d %H:%M})"


class LayoutKind(models.TextChoices):
    BADGE = "badge", _("Badge")
    NAME_CARD = "name_card", _("Name card for a table")


class PageSize(models.TextChoices):
    A6 = "a6", _("A6 (105 × 148 mm)")
    A7 = "a7", _("A7 (74 × 105 mm)")
    CR80 = "cr80", _("CR80 card (85.6 × 54 mm)")
    TENT = "tent", _("Folded A4 name card (297 × 105 mm face)")
    CUSTOM = "custom", _("Custom size (mm)")


class BadgeLayout(models.Model):
    """A layout drawn in the badge designer: a page size and the fields placed on it (see
    ``checkin.layouts``). Used for the categories chosen (``categories``), or as the summit's
    default of its kind; badges of a category without one print in the fixed layout."""

    summit_lookup = "summit"
    on_public_pages = False  # core.pagecache: no public page shows these rows

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="badge_layouts", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=LayoutKind.choices, default=LayoutKind.BADGE
    )
    page_size = models.CharField(
        _("page size"), max_length=10, choices=PageSize.choices, default=PageSize.A6
    )
    width_mm = models.DecimalField(
        _("width (mm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    height_mm = models.DecimalField(
        _("height (mm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    grid_mm = models.DecimalField(
        _("grid step (mm)"),
        max_digits=4,
        decimal_places=1,
        default=5,
        help_text=_("How far a field moves with the arrows."),
    )
    fields = models.JSONField(_("fields"), default=list, blank=True)
    is_default = models.BooleanField(
        _("default of the summit"),
        default=False,
        help_text=_("Used for the categories that have no layout of this kind."),
    )
    categories = models.ManyToManyField(
        AccreditationCategory,
        blank=True,
        related_name="layouts",
        verbose_name=_("used for categories"),
    )

    class Meta:
        verbose_name = _("badge layout")
        verbose_name_plural = _("badge layouts")
        ordering = ["summit", "kind", "pk"]
        constraints = [
            at_least_one_language("name", name="badge_layout_name_in_a_language", label=_("name")),
            models.UniqueConstraint(
                fields=["summit", "kind"],
                condition=Q(is_default=True),
                name="one_default_layout_per_kind",
                violation_error_message=_("The summit already has a default layout of this kind."),
            ),
        ]

    def __str__(self) -> str:
        from summitry.core.bilingual import localise

        return str(localise(self, "name"))

    @property
    def size(self) -> tuple[float, float]:
        from .layouts import page_mm

        return page_mm(self.page_size, self.width_mm, self.height_mm)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .layouts import check, normalise

        if self.page_size == PageSize.CUSTOM and not (self.width_mm and self.height_mm):
            raise ValidationError({"width_mm": _("Give a custom page its width and height.")})
        if self.grid_mm is not None and not 0.5 <= float(self.grid_mm) <= 50:
            raise ValidationError({"grid_mm": _("Give a grid step from 0.5 to 50 mm.")})
        if not isinstance(self.fields, list) or not all(isinstance(f, dict) for f in self.fields):
            raise ValidationError({"fields": _("Give the fields as a list.")})
        width, height = self.size
        problems = check(kind=self.kind, width=width, height=height, fields=self.fields)
        if problems:
            raise ValidationError({"fields": problems})
        self.fields = normalise(self.fields)
