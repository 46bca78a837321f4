"""Awards: the call (award, categories, form questions) and the applications it receives.

Judging (judges, rounds, assignments, scores, results) lives in the `judging` app and
refers to these applications.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from summitry.core.bilingual import at_least_one_language, localise
from summitry.directory.models import Organisation, OrganisationKind, slug_validator
from summitry.summits.models import Summit


class ApplicantKind(models.TextChoices):
    CITY = OrganisationKind.CITY.value, _("City")
    COMPANY = OrganisationKind.COMPANY.value, _("Company")
    INSTITUTION = OrganisationKind.INSTITUTION.value, _("Institution")


class Award(models.Model):
    """A prize with its call for applications, e.g. the 1st Seoul Smart City Prize."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        Summit, on_delete=models.CASCADE, related_name="awards", verbose_name=_("summit")
    )
    slug = models.SlugField(_("short identifier"), max_length=80, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    reference_prefix = models.CharField(
        _("reference prefix"),
        max_length=20,
        help_text=_("Application reference numbers start with this, e.g. SSCP23."),
    )
    opens_at = models.DateTimeField(_("applications open"))
    closes_at = models.DateTimeField(_("applications close"))
    eligible_kinds = models.JSONField(
        _("who may apply"),
        default=list,
        blank=True,
        help_text=_("Applicant kinds (city, company, institution); empty means all."),
    )
    eligible_countries = models.JSONField(
        _("eligible countries"),
        default=list,
        blank=True,
        help_text=_("ISO 3166-1 codes; empty means every country."),
    )
    results_published_at = models.DateTimeField(
        _("results published"),
        null=True,
        blank=True,
        help_text=_("Winners become public at this time; before it nobody outside sees results."),
    )
    ceremony = models.ForeignKey(
        "programme.ProgrammeItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("award ceremony"),
        help_text=_("The programme item where the winners are announced."),
    )

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["summit", "opens_at", "pk"]
        constraints = [
            at_least_one_language("name", name="award_name_in_a_language", label=_("name")),
            models.UniqueConstraint(
                fields=["summit", "slug"],
                name="award_slug_unique_in_summit",
                violation_error_message=_("This summit already has an award with this identifier."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="award_closes_after_it_opens",
                violation_error_message=_("Applications must close after they open."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class Category(models.Model):
    """A category of an award; a sub-category has a parent (Project → People-centric)."""

    summit_lookup = "award__summit"

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="categories", verbose_name=_("award")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["award", "position", "pk"]
        constraints = [
            at_least_one_language("name", name="category_name_in_a_language", label=_("name"))
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    NUMBER = "number", _("Number")
    URL = "url", _("Web address")
    FILE = "file", _("File upload")


class Question(models.Model):
    """A question of the application form: for one category, or every category if none."""

    summit_lookup = "award__summit"

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="questions", verbose_name=_("award")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("category"),
        help_text=_("Empty: the question is asked in every category."),
    )
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("guidance"), blank=True)
    required = models.BooleanField(_("required"), default=True)
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    # [{"value": "smart-mobility", "ko": "스마트 모빌리티", "en": "Smart mobility"}, ...]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    min_value = models.DecimalField(
        _("smallest number"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("largest number"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    file_types = models.CharField(
        _("file types"),
        max_length=100,
        blank=True,
        default="pdf",
        help_text=_("File name extensions, separated by commas, e.g. pdf,jpg,png."),
    )
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), default=10)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["award", "position", "pk"]
        constraints = [
            at_least_one_language(
                "label", name="question_label_in_a_language", label=_("question")
            ),
            models.CheckConstraint(
                condition=Q(kind__in=QuestionKind.values),
                name="question_kind_known",
                violation_error_message=_("Choose a known type."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "label"))


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Eligibility(models.TextChoices):
    PENDING = "pending", _("Not screened yet")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Ineligible")


class Application(models.Model):
    """One applicant's application to one category of an award."""

    summit_lookup = "award__summit"

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="applications", verbose_name=_("award")
    )
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("category"),
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_applications",
        verbose_name=_("applicant account"),
    )
    applicant_kind = models.CharField(
        _("applicant kind"), max_length=20, choices=ApplicantKind.choices
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_applications",
        verbose_name=_("organisation"),
        help_text=_("The applying city, company or institution in the directory, if known."),
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = CountryField(_("country"))
    title = models.CharField(_("title"), max_length=300)
    language = models.CharField(
        _("language of the application"), max_length=5, choices=settings.LANGUAGES
    )
    reference = models.CharField(_("reference number"), max_length=40, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    eligibility = models.CharField(
        _("eligibility"), max_length=20, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Shown to the applicant.")
    )
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("screened by"),
    )
    is_sample = models.BooleanField(
        _("sample record"), default=False, help_text=_("Demo data, not a real application.")
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["award", "reference", "pk"]
        constraints = [
            at_least_one_language(
                "title", name="application_title_in_a_language", label=_("title")
            ),
            models.UniqueConstraint(
                fields=["award", "reference"],
                condition=~Q(reference=""),
                name="application_reference_unique",
                violation_error_message=_("This reference number is taken."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="application_status_known",
                violation_error_message=_("Choose a known status."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"{localise(self, 'title')}"


class Answer(models.Model):
    """The answer to one question of an application; the field used follows the question."""

    summit_lookup = "application__award__summit"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answers", verbose_name=_("application")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question")
    )
    text = models.TextField(_("text"), blank=True)
    number = models.DecimalField(
        _("number"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    # Stored outside the web root (MEDIA_ROOT has no URL); served only to those allowed.
    file = models.FileField(_("file"), upload_to="award-files/%Y/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["application", "question__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "question"],
                name="one_answer_per_question",
                violation_error_message=_("This question is answered already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.question}"

    @property
    def shown(self) -> str:
        """The answer as a reader sees it: a choice by its label in the active language."""
        if self.question.kind == QuestionKind.CHOICE:
            from summitry.core.bilingual import current_language

            for choice in self.question.choices:
                if choice.get("value") == self.text:
                    lang = current_language()
                    return choice.get(lang) or choice.get("en") or choice.get("ko") or self.text
        if self.number is not None:
            return str(self.number)
        return self.text


class Winner(models.Model):
    """A prize decided for an application in a category (set by the judging's final round)."""

    summit_lookup = "award__summit"

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="winners", verbose_name=_("award")
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="winners", verbose_name=_("category")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="wins",
        verbose_name=_("application"),
    )
    prize_title = models.CharField(_("prize"), max_length=200)
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    decided_at = models.DateTimeField(_("decided"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("winner")
        verbose_name_plural = _("winners")
        ordering = ["award", "category__position", "category", "rank", "pk"]
        constraints = [
            at_least_one_language(
                "prize_title", name="winner_prize_in_a_language", label=_("prize")
            ),
            models.UniqueConstraint(
                fields=["category", "application"],
                name="winner_once_per_category",
                violation_error_message=_("This application already won in this category."),
            ),
        ]

    def __str__(self) -> str:
        return f"{localise(self, 'prize_title')} · {self.application}"
