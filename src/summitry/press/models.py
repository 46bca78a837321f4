"""The press room: press releases with their embargo, their contacts and the figures they cite,
and the accreditation of journalists who may read releases before the embargo lifts.

A release is public from its embargo instant on, by itself: visibility is computed from the
instant (``policy.is_public``), never from a button or a task having run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField

from summitry.core.bilingual import at_least_one_language, localise
from summitry.directory.models import Person
from summitry.summits.models import Summit


def _once(*fields: str, name: str, message) -> models.UniqueConstraint:
    """A uniqueness rule of a model, with the message a form shows when it is broken."""
    return models.UniqueConstraint(fields=list(fields), name=name, violation_error_message=message)


class _ShownBy:
    """A row shown (in the console, the admin, the audit log) by one of its fields."""

    shown_by = "email"

    def __str__(self) -> str:
        return str(getattr(self, self.shown_by))


class Edition(models.TextChoices):
    MORNING = "morning", _("For the morning papers")
    EVENING = "evening", _("For the evening papers")
    IMMEDIATE = "immediate", _("For immediate release")


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("press release", "Draft")
    REVIEW = "review", pgettext_lazy("press release", "In review")
    APPROVED = "approved", pgettext_lazy("press release", "Approved")
    SCHEDULED = "scheduled", pgettext_lazy("press release", "Scheduled")
    PUBLISHED = "published", pgettext_lazy("press release", "Published")


# A release is released (to accredited press before the embargo, to everyone after it) only in
# these states; drafts, releases in review and approved ones not yet scheduled stay with staff.
RELEASED = (ReleaseStatus.SCHEDULED, ReleaseStatus.PUBLISHED)


class PressRelease(models.Model):
    """A press release of a summit, in Korean and English, with its embargo."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="press_releases", verbose_name=_("summit")
    )
    headline = models.CharField(_("headline"), max_length=300)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("The summary bullets, one per line.")
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Rich text (paragraphs, lists, emphasis, links). Figures: {{ counts.foreign_cities }}, "
            "{{ counts.countries }}, {{ counts.organisations }}, {{ counts.people }}, "
            "{{ counts.delegations }}."
        ),
    )
    department = models.CharField(_("department"), max_length=200, blank=True)
    original_language = models.CharField(
        _("written in"),
        max_length=2,
        choices=settings.LANGUAGES,
        default="ko",
        help_text=_("The other language's version is marked as a translation."),
    )
    edition_date = models.DateField(_("edition date"))
    edition = models.CharField(
        _("edition"), max_length=20, choices=Edition.choices, default=Edition.MORNING
    )
    embargo_at = models.DateTimeField(
        _("embargo"), help_text=_("The release may be reported from this instant on.")
    )
    photos_enclosed = models.BooleanField(_("photos enclosed"), default=False)
    page_count = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    figures_as_of = models.DateField(
        _("figures as registered on"),
        null=True,
        blank=True,
        help_text=_("The cited counts are those registered by the end of this day."),
    )
    figures = models.JSONField(
        _("cited figures"), null=True, blank=True, help_text=_("Frozen when approved.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(
        _("publication recorded"),
        null=True,
        blank=True,
        help_text=_("When Summitry noticed that the embargo had passed."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        ordering = ["summit", "-embargo_at", "-pk"]
        indexes = [models.Index(fields=["summit", "status", "embargo_at"])]
        constraints = [
            at_least_one_language(
                "headline", name="press_release_headline_in_a_language", label=_("headline")
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReleaseStatus.values),
                name="press_release_status_known",
                violation_error_message=_("Choose a known status."),
            ),
            models.CheckConstraint(
                condition=Q(edition__in=Edition.values),
                name="press_release_edition_known",
                violation_error_message=_("Choose a known edition."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=[ReleaseStatus.DRAFT, ReleaseStatus.REVIEW])
                | Q(approved_at__isnull=False),
                name="press_release_approval_recorded",
                violation_error_message=_("An approved release records when it was approved."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "headline"))


class ReleaseContact(models.Model):
    """A person of the directory to call about a release, with the numbers to call."""

    summit_lookup = "release__summit"

    release = models.ForeignKey(
        PressRelease, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("release")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("For example Director, Team leader.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")
        ordering = ["release", "position", "pk"]
        constraints = [
            _once(
                "release",
                "person",
                name="press_contact_once_per_release",
                message=_("This person is already a contact of this release."),
            ),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="press_contact_reachable",
                violation_error_message=_("Give a phone number or an e-mail address."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class AccreditationStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("accreditation", "Pending")
    APPROVED = "approved", pgettext_lazy("accreditation", "Approved")
    REFUSED = "refused", pgettext_lazy("accreditation", "Refused")


class Accreditation(models.Model):
    """A journalist's request to cover a summit; approved, it opens embargoed releases."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="accreditations", verbose_name=_("summit")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="accreditations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    outlet = models.CharField(_("outlet"), max_length=200)
    role = models.CharField(
        _("role"), max_length=120, help_text=_("For example reporter, photographer, editor.")
    )
    country = CountryField(_("country"))
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="ko"
    )
    press_card = models.FileField(_("press card"), upload_to="press/cards/", blank=True)
    press_card_name = models.CharField(_("file name"), max_length=200, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AccreditationStatus.choices,
        default=AccreditationStatus.PENDING,
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Made up for the demo, not a real journalist.")
    )
    category = models.ForeignKey(
        "checkin.AccreditationCategory",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accreditation category"),
        help_text=_("The badge category of check-in, given when the accreditation is approved."),
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["summit", "-created_at", "-pk"]
        constraints = [
            _once(
                "summit",
                "user",
                name="press_accreditation_once_per_summit",
                message=_("This account has already applied for this summit."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=AccreditationStatus.values),
                name="press_accreditation_status_known",
                violation_error_message=_("Choose a known status."),
            ),
            models.CheckConstraint(
                condition=~Q(status=AccreditationStatus.REFUSED) | ~Q(reason_ko="", reason_en=""),
                name="press_accreditation_refusal_has_reason",
                violation_error_message=_("Say why the accreditation is refused."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.outlet})"

    def badge_holder(self):
        """What check-in's badges, scanners and pages show of the journalist: the name as
        given (in the Korean slot when written in Hangul, else in Latin script), the outlet
        as organisation; withdrawn unless approved."""
        from summitry.checkin.models import BadgeHolder
        from summitry.directory.models import Organisation, Person

        name = (self.name or "").strip()
        hangul = any("\uac00" <= ch <= "\ud7a3" for ch in name)
        return BadgeHolder(
            kind="press",
            person=Person(
                name_hangul=name if hangul else "",
                given_name="" if hangul else name,
                position_ko=self.role,
                position_en=self.role,
            ),
            organisation=Organisation(
                kind="company", name_ko=self.outlet, name_en=self.outlet, country=self.country
            ),
            user_id=self.user_id,
            withdrawn=self.status != AccreditationStatus.APPROVED,
        )


# --- mailings ----------------------------------------------------------------------------------


class TemplateKind(models.TextChoices):
    RELEASE = "release", _("A press release")
    MESSAGE = "message", _("A free mailing")


class MailTemplate(models.Model):
    """A summit's own wording of a mailing's e-mail, in Korean and English; without one, the
    default text (mailings.DEFAULTS) is used. Deleting it resets to the default."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    kind = models.CharField(_("for"), max_length=20, choices=TemplateKind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        constraints = [
            _once(
                "summit",
                "kind",
                name="press_template_once_per_kind",
                message=_("This summit already has this template."),
            ),
            at_least_one_language(
                "subject", name="press_template_subject_in_a_language", label=_("subject")
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Audience(models.TextChoices):
    PRESS = "press", _("Accredited press")
    DELEGATIONS = "delegations", _("Delegations' contacts")
    HEADS = "heads", _("Heads of delegation")
    JUDGES = "judges", _("Judges of the summit's awards")
    APPLICANTS = "applicants", _("Award applicants")
    SUBSCRIBERS = "subscribers", _("Subscribers")
    SAVED_LIST = "list", _("A saved list")


# Lists whose e-mails are part of a service their members asked for (accredited press get the
# releases they were accredited for): unsubscribing from the summit's mailings does not end
# them, and their e-mails say so instead of offering the link.
SERVICE_AUDIENCES = (Audience.PRESS,)


class SavedList(_ShownBy, models.Model):
    """A named list of addresses staff keep per summit, to pick as a mailing's audience."""

    shown_by = "name"
    summit_lookup = "summit"
    on_public_pages = False  # core.pagecache: no public page shows these rows

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    name = models.CharField(_("name"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("author", "by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved list")
        verbose_name_plural = _("saved lists")
        ordering = ["summit", "name", "pk"]
        constraints = [
            _once(
                "summit",
                "name",
                name="press_saved_list_name_once_per_summit",
                message=_("This summit already has a list of this name."),
            ),
        ]


class SavedListEntry(_ShownBy, models.Model):
    """One address on a saved list, with the name and language to write to it in."""

    summit_lookup = "saved_list__summit"
    on_public_pages = False

    saved_list = models.ForeignKey(
        SavedList, on_delete=models.CASCADE, related_name="entries", verbose_name=_("list")
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="ko"
    )

    class Meta:
        verbose_name = _("address on a list")
        verbose_name_plural = _("addresses on a list")
        ordering = ["saved_list", "email", "pk"]
        constraints = [
            _once(
                "saved_list",
                "email",
                name="press_saved_list_address_once",
                message=_("This address is already on the list."),
            ),
        ]


class MailingStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("mailing", "Draft")
    QUEUED = "queued", pgettext_lazy("mailing", "Queued")
    HELD = "held", pgettext_lazy("mailing", "Partly held until the embargo")
    SENT = "sent", pgettext_lazy("mailing", "Sent")


class Mailing(models.Model):
    """An e-mail to lists of people: a press release (its template) or a free message."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    release = models.ForeignKey(
        PressRelease,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("press release"),
    )
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    message = models.TextField(_("message"), blank=True)
    audiences = models.JSONField(pgettext_lazy("mailing", "to"), default=list)
    delegation_statuses = models.JSONField(
        _("delegations in status"),
        default=list,
        blank=True,
        help_text=_(
            "For delegations' contacts and heads of delegation; none: all but those "
            "declined or cancelled."
        ),
    )
    saved_list = models.ForeignKey(
        SavedList,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("saved list"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MailingStatus.choices, default=MailingStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("author", "by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    queued_at = models.DateTimeField(_("sending asked"), null=True, blank=True)

    # Addresses on the chosen lists that were left out, by why: {"unsubscribed": n, "bounced": n}.
    skipped = models.JSONField(_("left out"), default=dict, blank=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["summit", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MailingStatus.values),
                name="press_mailing_status_known",
                violation_error_message=_("Choose a known status."),
            ),
        ]

    def __str__(self) -> str:
        if self.release_id:
            return str(self.release)
        return str(localise(self, "subject"))

    def audience_labels(self) -> str:
        labels = []
        for code in self.audiences:
            if code not in Audience.values:
                continue
            if code == Audience.SAVED_LIST and self.saved_list_id:
                labels.append(f"{Audience(code).label}: {self.saved_list}")
            else:
                labels.append(str(Audience(code).label))
        return ", ".join(labels)


class MailingRecipient(_ShownBy, models.Model):
    """One address a mailing goes to, with its language and list; its e-mail (in the outbox)
    once written. A recipient not entitled to an embargoed release waits without one."""

    summit_lookup = "mailing__summit"

    mailing = models.ForeignKey(
        Mailing, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("mailing")
    )
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    audience = models.CharField(_("list"), max_length=20, choices=Audience.choices)
    message = models.OneToOneField(
        "core.OutboundMessage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)
    bounce_reason = models.CharField(_("bounce reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["mailing", "pk"]
        constraints = [
            _once(
                "mailing",
                "email",
                name="press_recipient_once_per_mailing",
                message=_("This address is already a recipient."),
            ),
        ]


class Subscriber(_ShownBy, models.Model):
    """Someone who asked for the summit's press releases by e-mail (confirmed by a link)."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    email = models.EmailField(_("e-mail"))
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="ko"
    )
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["summit", "email"]
        constraints = [
            _once(
                "summit",
                "email",
                name="press_subscriber_once_per_summit",
                message=_("This address is already subscribed."),
            ),
        ]


class Unsubscription(_ShownBy, models.Model):
    """An address that asked (through the link in a mailing) to receive no more of the
    summit's mailings; later mailings leave it out (but the service lists, SERVICE_AUDIENCES)."""

    summit_lookup = "summit"
    on_public_pages = False

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    email = models.EmailField(_("e-mail"))
    created_at = models.DateTimeField(_("unsubscribed"), auto_now_add=True)

    class Meta:
        verbose_name = _("unsubscribed address")
        verbose_name_plural = _("unsubscribed addresses")
        ordering = ["summit", "email"]
        constraints = [
            _once(
                "summit",
                "email",
                name="press_unsubscribed_once_per_summit",
                message=_("This address has already unsubscribed."),
            ),
        ]


# --- the after-event report ------------------------------------------------------------------


class BouncedAddress(_ShownBy, models.Model):
    """An address whose e-mail from the summit came back undelivered (staff or the mail
    provider said so): later mailings leave it out, on every list, until staff take it off
    (the recipient's own record of the bounce stays with its mailing)."""

    summit_lookup = "summit"
    on_public_pages = False

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    email = models.EmailField(_("e-mail"))
    bounced_at = models.DateTimeField(_("bounced"))
    reason = models.CharField(_("bounce reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("bounced address")
        verbose_name_plural = _("bounced addresses")
        ordering = ["summit", "email"]
        constraints = [
            _once(
                "summit",
                "email",
                name="press_bounced_once_per_summit",
                message=_("This address is already marked bounced."),
            ),
        ]


class ReportStatus(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("report", "Being built")
    READY = "ready", pgettext_lazy("report", "Ready")
    FAILED = "failed", pgettext_lazy("report", "Failed")


class SummitReport(models.Model):
    """The summit's after-event report, built in the background: its figures, a PDF (both
    languages, charts drawn server-side) and an XLSX workbook (with a native chart)."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ready"), null=True, blank=True)
    figures = models.JSONField(_("figures"), null=True, blank=True)
    # The charts drawn once by the builder, {language: [[title, svg], …]} (press.charts).
    charts = models.JSONField(_("charts"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="press/reports/", blank=True)
    xlsx = models.FileField(_("XLSX"), upload_to="press/reports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    published_at = models.DateTimeField(
        _("on the summit's page since"),
        null=True,
        blank=True,
        help_text=_("The latest published report is shown on the summit's public report page."),
    )

    class Meta:
        verbose_name = _("after-event report")
        verbose_name_plural = _("after-event reports")
        ordering = ["summit", "-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="press_report_status_known",
                violation_error_message=_("Choose a known status."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.summit} ({self.requested_at:%Y-%m-%d %H:%M})"


class ReleaseAttachment(_ShownBy, models.Model):
    """A photo or a document of a release, with its caption and credit; served only to who may
    read the release now (press.views.attachment), never from a guessable public address."""

    shown_by = "file_name"
    summit_lookup = "release__summit"

    release = models.ForeignKey(
        PressRelease,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("release"),
    )
    file = models.FileField(_("file"), upload_to="press/attachments/")
    file_name = models.CharField(_("file name"), max_length=200)
    is_image = models.BooleanField(_("photo"), default=False)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_press_material = models.BooleanField(
        _("press material"),
        default=False,
        help_text=_("Offered for download in the media kit once its release is public."),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["release", "position", "pk"]


class PressCoverage(models.Model):
    """An article, broadcast or post about the summit, entered by staff for the report."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="+", verbose_name=_("summit")
    )
    outlet = models.CharField(_("outlet"), max_length=200)
    headline = models.CharField(_("headline"), max_length=300)
    published_on = models.DateField(_("date"))
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    language = models.CharField(
        _("language"),
        max_length=20,
        help_text=_("The language of the article, for example ko, en, ja."),
    )
    reach = models.PositiveIntegerField(
        _("reach"), null=True, blank=True, help_text=_("Readers, viewers or listeners, if known.")
    )
    is_sample = models.BooleanField(
        _("sample"), default=False, help_text=_("Made up for the demo, not a real article.")
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("press coverage")
        verbose_name_plural = _("press coverage")
        ordering = ["summit", "-published_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.headline}"
