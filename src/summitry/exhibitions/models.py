"""Exhibitions of a summit: exhibitions in a venue's hall, their themes, floor plans with booths
placed on them, and the exhibitors (companies, or a city's departments with policy exhibits)
who apply for a booth, fill their profile in both languages and are published by staff.

One booth never holds two exhibitors: the booth holds its exhibitor in one column. An exhibitor
holds one booth (the database refuses a second ``primary`` booth); further booths are marked
``additional`` and allowed only where the exhibition allows several booths (services.assign).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from summitry.core.bilingual import at_least_one_language, localise
from summitry.directory.models import Organisation
from summitry.summits.models import Summit, Venue


class ExhibitionKind(models.TextChoices):
    COMPANY = "company", _("Company exhibition")
    POLICY = "policy", _("Policy exhibition")


class Exhibition(models.Model):
    """An exhibition of a summit, in a hall of one of its venues."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="exhibitions", verbose_name=_("summit")
    )
    slug = models.SlugField(_("short identifier"), max_length=60)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ExhibitionKind.choices, default=ExhibitionKind.COMPANY
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("venue"),
    )
    hall = models.CharField(_("hall"), max_length=200, blank=True)
    allows_several_booths = models.BooleanField(
        _("an exhibitor may hold several booths"), default=False
    )
    accepts_applications = models.BooleanField(_("accepts applications"), default=True)
    leads_need_consent = models.BooleanField(
        _("leads need the visitor's consent"),
        default=True,
        help_text=_(
            "A scanned badge shows the visitor's name and organisation to the exhibitor only "
            "once the visitor leaves their contact at the booth."
        ),
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown in the public exhibition guide.")
    )
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Made up for the demo.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("exhibition")
        verbose_name_plural = _("exhibitions")
        ordering = ["summit", "position", "pk"]
        constraints = [
            at_least_one_language("title", name="exhibition_title_in_a_language", label=_("title")),
            models.UniqueConstraint(
                fields=["summit", "slug"],
                name="exhibition_slug_once_per_summit",
                violation_error_message=_("This summit already has an exhibition at this address."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ExhibitionKind.values),
                name="exhibition_kind_known",
                violation_error_message=_("Choose a known kind of exhibition."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "title"))


class OpeningHours(models.Model):
    """One opening of an exhibition (a day's hours), stored in UTC, shown in the summit's zone."""

    summit_lookup = "exhibition__summit"

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="hours", verbose_name=_("exhibition")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["exhibition", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")),
                name="exhibition_hours_close_after_opening",
                violation_error_message=_("The exhibition must close after it opens."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opens_at:%Y-%m-%d %H:%M}–{self.closes_at:%H:%M}"


class Theme(models.Model):
    """A theme of an exhibition (뷰티테크, 스마트시티, …), which booths and exhibitors carry."""

    summit_lookup = "exhibition__summit"

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="themes", verbose_name=_("exhibition")
    )
    name = models.CharField(_("name"), max_length=120)
    colour = models.CharField(
        _("colour"), max_length=7, default="#4a7bd0", help_text=_("#rrggbb, on the floor plan.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["exhibition", "position", "pk"]
        constraints = [
            at_least_one_language(
                "name", name="exhibition_theme_name_in_a_language", label=_("name")
            ),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="exhibition_theme_colour_hex",
                violation_error_message=_("Give the colour as #rrggbb."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class FloorPlan(models.Model):
    """The plan of a hall: a drawing area of ``width`` × ``height`` units (booths are placed in
    these units) over an optional uploaded plan (PNG, JPEG or SVG)."""

    summit_lookup = "exhibition__summit"

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="plans", verbose_name=_("exhibition")
    )
    name = models.CharField(_("name"), max_length=200)
    width = models.PositiveIntegerField(_("width"), default=1000)
    height = models.PositiveIntegerField(_("height"), default=600)
    background = models.FileField(_("plan drawing"), upload_to="exhibitions/plans/", blank=True)
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Made up for the demo.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("floor plan")
        verbose_name_plural = _("floor plans")
        ordering = ["exhibition", "position", "pk"]
        constraints = [
            at_least_one_language(
                "name", name="exhibition_plan_name_in_a_language", label=_("name")
            ),
            models.CheckConstraint(
                condition=Q(width__gt=0, height__gt=0, width__lte=10000, height__lte=10000),
                name="exhibition_plan_size_sane",
                violation_error_message=_("Width and height are between 1 and 10000."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class ExhibitorKind(models.TextChoices):
    COMPANY = "company", _("Company")
    POLICY = "policy", _("Policy exhibit")


class ExhibitorStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("exhibitor", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("exhibitor", "Submitted")
    APPROVED = "approved", pgettext_lazy("exhibitor", "Approved")
    PUBLISHED = "published", pgettext_lazy("exhibitor", "Published")


class Exhibitor(models.Model):
    """A company (or a city's policy exhibit) in an exhibition, with its bilingual profile.

    Its profile is edited in draft only; submitted, it is what staff review, approve and
    publish, so the public page shows exactly what was approved."""

    summit_lookup = "exhibition__summit"

    exhibition = models.ForeignKey(
        Exhibition,
        on_delete=models.CASCADE,
        related_name="exhibitors",
        verbose_name=_("exhibition"),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=ExhibitorKind.choices, default=ExhibitorKind.COMPANY
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibitors",
        verbose_name=_("account"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation in the directory"),
        help_text=_("For a policy exhibit: its city."),
    )
    name = models.CharField(_("organisation"), max_length=200)
    summary = models.CharField(
        _("in one line"), max_length=300, blank=True, help_text=_("What the organisation is.")
    )
    description = models.TextField(_("description"), blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    figures = models.TextField(
        _("key figures"),
        blank=True,
        help_text=_("One figure per line, e.g. '3,200 households in the pilot'."),
    )
    programme_items = models.ManyToManyField(
        "programme.ProgrammeItem",
        blank=True,
        related_name="exhibits",
        verbose_name=_("presented in the programme"),
        help_text=_("The programme's presentations of this exhibit (a policy case, a keynote)."),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibitors",
        verbose_name=_("theme"),
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ExhibitorStatus.choices, default=ExhibitorStatus.DRAFT
    )
    note = models.TextField(
        _("note from staff"), blank=True, help_text=_("Why the profile was returned.")
    )
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Made up for the demo.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    staff_limit = models.PositiveSmallIntegerField(
        _("booth staff allowed"),
        default=4,
        help_text=_("How many people the exhibitor may register for badges."),
    )

    class Meta:
        verbose_name = _("exhibitor")
        verbose_name_plural = _("exhibitors")
        ordering = ["exhibition", "position", "name_en", "pk"]
        indexes = [models.Index(fields=["exhibition", "status"])]
        constraints = [
            at_least_one_language(
                "name", name="exhibitor_name_in_a_language", label=_("organisation")
            ),
            models.UniqueConstraint(
                fields=["exhibition", "user"],
                condition=Q(user__isnull=False),
                name="exhibitor_once_per_account",
                violation_error_message=_("This account has already applied to this exhibition."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ExhibitorStatus.values),
                name="exhibitor_status_known",
                violation_error_message=_("Choose a known status."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ExhibitorKind.values),
                name="exhibitor_kind_known",
                violation_error_message=_("Choose a known kind of exhibitor."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted"]) | Q(approved_at__isnull=False),
                name="exhibitor_approval_recorded",
                violation_error_message=_("An approved exhibitor records when it was approved."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))

    @property
    def is_published(self) -> bool:
        return self.status == ExhibitorStatus.PUBLISHED

    def figure_lines(self) -> list[str]:
        """The key figures in the reader's language, one per line, blank lines left out."""
        lines = str(localise(self, "figures")).splitlines()
        return [line.strip() for line in lines if line.strip()]


class Product(models.Model):
    """A product or exhibit an exhibitor shows, part of its profile."""

    summit_lookup = "exhibitor__exhibition__summit"

    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, related_name="products", verbose_name=_("exhibitor")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["exhibitor", "position", "pk"]
        constraints = [
            at_least_one_language(
                "name", name="exhibition_product_name_in_a_language", label=_("name")
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class ProductPhoto(models.Model):
    """A photo of a product, part of the exhibitor's profile: the upload re-encoded (at most
    PHOTO_MAX_SIDE pixels a side, no metadata) and a thumbnail. Served by the app only while
    its exhibitor is public, else to its own account and staff (never from MEDIA_URL)."""

    summit_lookup = "product__exhibitor__exhibition__summit"

    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("product")
    )
    image = models.FileField(_("photo"), upload_to="exhibitions/products/")
    thumbnail = models.FileField(_("thumbnail"), upload_to="exhibitions/products/thumbs/")
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["product", "position", "pk"]

    def __str__(self) -> str:
        return str(localise(self, "caption")) or self.image.name


class Booth(models.Model):
    """A booth drawn on a floor plan (x, y, w, h in the plan's units), with its exhibitor."""

    summit_lookup = "exhibition__summit"

    exhibition = models.ForeignKey(
        Exhibition, on_delete=models.CASCADE, related_name="booths", verbose_name=_("exhibition")
    )
    plan = models.ForeignKey(
        FloorPlan, on_delete=models.CASCADE, related_name="booths", verbose_name=_("floor plan")
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("As printed at the booth, e.g. A-01.")
    )
    size = models.CharField(_("size"), max_length=40, blank=True, help_text=_("e.g. 3 × 3 m"))
    x = models.PositiveIntegerField("x")
    y = models.PositiveIntegerField("y")
    w = models.PositiveIntegerField(_("width"))
    h = models.PositiveIntegerField(_("height"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booths",
        verbose_name=_("theme"),
    )
    # One column: a booth can never hold two exhibitors.
    exhibitor = models.ForeignKey(
        Exhibitor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="booths",
        verbose_name=_("exhibitor"),
    )
    additional = models.BooleanField(
        _("additional booth"),
        default=False,
        help_text=_("A further booth of an exhibitor, where the exhibition allows several."),
    )
    # The exhibitor's yes to the booth it was given; a new assignment asks again.
    accepted_at = models.DateTimeField(_("accepted by the exhibitor"), null=True, blank=True)

    class Meta:
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        ordering = ["exhibition", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibition", "code"],
                name="exhibition_booth_code_unique",
                violation_error_message=_("This exhibition already has a booth with this code."),
            ),
            models.UniqueConstraint(
                fields=["exhibitor"],
                condition=Q(exhibitor__isnull=False, additional=False),
                name="exhibition_one_booth_per_exhibitor",
                violation_error_message=_("This exhibitor already holds a booth."),
            ),
            models.CheckConstraint(
                condition=Q(w__gt=0, h__gt=0),
                name="exhibition_booth_has_area",
                violation_error_message=_("A booth needs a width and a height."),
            ),
            models.CheckConstraint(
                condition=Q(exhibitor__isnull=False) | Q(additional=False),
                name="exhibition_free_booth_not_additional",
                violation_error_message=_("A free booth is not an additional booth."),
            ),
        ]

    def __str__(self) -> str:
        return self.code


class Lead(models.Model):
    """A visitor's contact left with an exhibitor: the visitor, signed in, pressed "leave my
    contact" on the booth's page (opened from its QR), or the exhibitor scanned the visitor's
    badge at the booth. Where the exhibition's leads need consent, a scanned lead holds no name
    until the visitor leaves their contact at the booth (``consented``). It belongs to that
    exhibitor (and to the summit's staff); other exhibitors never see it. The name,
    organisation and e-mail are copied when the lead is made, as the visitor gave them."""

    summit_lookup = "exhibitor__exhibition__summit"

    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, related_name="leads", verbose_name=_("exhibitor")
    )
    booth = models.ForeignKey(
        Booth,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leads",
        verbose_name=_("booth"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exhibition_leads",
        verbose_name=_("visitor's account"),
    )
    badge_id = models.PositiveIntegerField(_("badge scanned"), null=True, blank=True)
    consented = models.BooleanField(_("visitor consented"), default=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    created_at = models.DateTimeField(_("left"), auto_now_add=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["exhibitor", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exhibitor", "user"],
                condition=Q(user__isnull=False),
                name="exhibition_lead_once_per_visitor",
                violation_error_message=_("You have already left your contact here."),
            ),
            models.UniqueConstraint(
                fields=["exhibitor", "badge_id"],
                condition=Q(badge_id__isnull=False),
                name="exhibition_lead_once_per_badge",
                violation_error_message=_("This badge is already among your leads."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.exhibitor}"


# Investor relations (C10): their models live in ir_models, imported here for Django.
from .ir_models import (  # noqa: E402, F401
    Attendance,
    FollowUp,
    Investor,
    IRMeeting,
    IRSession,
    MeetingStatus,
    Outcome,
    PitchingCompany,
    PitchMode,
    Sector,
    Side,
    Stage,
    TicketSize,
)


class StaffStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("booth staff", "Waiting for approval")
    APPROVED = "approved", pgettext_lazy("booth staff", "Approved")
    REFUSED = "refused", pgettext_lazy("booth staff", "Refused")


class ExhibitorStaff(models.Model):
    """Someone an exhibitor registers to work at its booth: staff approve them, and check-in
    issues their badge (the exhibitor category); refused, their badge is revoked."""

    summit_lookup = "exhibitor__exhibition__summit"
    on_public_pages = False  # core.pagecache: no public page shows these rows

    exhibitor = models.ForeignKey(
        Exhibitor, on_delete=models.CASCADE, related_name="staff", verbose_name=_("exhibitor")
    )
    given_name = models.CharField(_("given name (Latin script)"), max_length=100, blank=True)
    family_name = models.CharField(_("family name (Latin script)"), max_length=100, blank=True)
    name_hangul = models.CharField(_("name in Korean script"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=StaffStatus.choices, default=StaffStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("booth staff member")
        verbose_name_plural = _("booth staff")
        ordering = ["exhibitor", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(family_name="") | ~Q(given_name="") | ~Q(name_hangul=""),
                name="exhibitor_staff_has_a_name",
                violation_error_message=_(
                    "Give the person's name in Latin script, in Korean script, or both."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=StaffStatus.values),
                name="exhibitor_staff_status_known",
                violation_error_message=_("Choose a known status."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person())  # in the reader's script

    def person(self):
        """The name in both scripts and the position, as a directory person (not saved)."""
        from summitry.directory.models import Person

        return Person(
            given_name=self.given_name,
            family_name=self.family_name,
            name_hangul=self.name_hangul,
            position_ko=self.position_ko or "",
            position_en=self.position_en or "",
        )

    def badge_holder(self):
        """What check-in's badges, scanners and pages show of this person."""
        from summitry.checkin.models import BadgeHolder

        exhibitor = self.exhibitor
        country = exhibitor.organisation.country if exhibitor.organisation_id else ""
        return BadgeHolder(
            kind="exhibitor",
            person=self.person(),
            organisation=Organisation(
                kind="company",
                name_ko=exhibitor.name_ko or "",
                name_en=exhibitor.name_en or "",
                country=country,
            ),
            photo=None,
            user_id=None,
            withdrawn=self.status != StaffStatus.APPROVED,
        )
