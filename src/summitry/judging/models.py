"""Judging of an award: judges and their conflicts, rounds with their scoring method,
assignments (made by the optimal solver, changed by hand under the same rules), scores and
shortlists. Winners are the awards app's (`awards.Winner`), set by the final round."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from summitry.awards.models import Application, Award
from summitry.core.bilingual import at_least_one_language, localise

HOME_COUNTRY = "KR"


class Judge(models.Model):
    """A judge of one award: who they are, what they know, and how much they can judge."""

    summit_lookup = "award__summit"

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="judges", verbose_name=_("award")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="judge_roles",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=200, blank=True)
    country = CountryField(_("country"))
    expertise = models.JSONField(
        _("expertise"), default=list, blank=True, help_text=_("Tags the judge knows well.")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    conflict_organisations = models.JSONField(
        _("organisations in conflict"),
        default=list,
        blank=True,
        help_text=_("Applicants the judge may not judge (employer, clients, family)."),
    )
    max_load = models.PositiveSmallIntegerField(
        _("load limit"),
        null=True,
        blank=True,
        help_text=_("Most applications per round; empty: the round's limit."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_sample = models.BooleanField(_("sample record"), default=False)

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["award_id", "name_en", "pk"]
        constraints = [
            at_least_one_language("name", name="judge_name_in_a_language", label=_("name")),
            models.UniqueConstraint(
                fields=["award", "user"],
                name="judge_once_per_award",
                violation_error_message=_("This account is already a judge of this award."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))

    @property
    def is_international(self) -> bool:
        return str(self.country) != HOME_COUNTRY


class Source(models.TextChoices):
    ELIGIBLE = "eligible", _("All eligible applications")
    SHORTLIST = "shortlist", _("The previous round's shortlist")


class Method(models.TextChoices):
    RUBRIC = "rubric", _("Rubric of weighted criteria")
    YES_NO = "yes_no", _("Yes / no / maybe")
    RANKING = "ranking", _("Ranking")


class Round(models.Model):
    """One round of judging: a window, its applications, its scoring method and its rules."""

    summit_lookup = "award__summit"

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("award")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    source = models.CharField(
        _("applications"), max_length=20, choices=Source.choices, default=Source.ELIGIBLE
    )
    method = models.CharField(
        _("scoring method"), max_length=20, choices=Method.choices, default=Method.RUBRIC
    )
    judges_per_application = models.PositiveSmallIntegerField(
        _("judges per application"), default=3
    )
    max_load = models.PositiveSmallIntegerField(_("load limit per judge"), default=30)
    same_organisation = models.BooleanField(_("conflict: same organisation"), default=True)
    same_city = models.BooleanField(_("conflict: same city"), default=True)
    same_country = models.BooleanField(_("conflict: same country"), default=False)
    require_common_language = models.BooleanField(_("judge reads the language"), default=True)
    is_final = models.BooleanField(
        _("final round"), default=False, help_text=_("Its results decide the winners.")
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["award_id", "number"]
        constraints = [
            at_least_one_language("name", name="round_name_in_a_language", label=_("name")),
            models.UniqueConstraint(
                fields=["award", "number"],
                name="round_number_unique",
                violation_error_message=_("This award already has a round with this number."),
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="round_closes_after_it_opens",
                violation_error_message=_("A round must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(judges_per_application__gte=1),
                name="round_needs_a_judge",
                violation_error_message=_("Each application needs at least one judge."),
            ),
            models.CheckConstraint(
                condition=Q(source="eligible") | Q(number__gt=1),
                name="round_shortlist_needs_previous",
                violation_error_message=_("The first round cannot take a previous shortlist."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class Criterion(models.Model):
    """One weighted criterion of a rubric, scored from 1 to its scale."""

    summit_lookup = "round__award__summit"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("round")
    )
    name = models.CharField(_("name"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    scale = models.PositiveSmallIntegerField(
        _("scale"), default=10, help_text=_("Scores 1 to this.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["round_id", "position", "pk"]
        constraints = [
            at_least_one_language("name", name="criterion_name_in_a_language", label=_("name")),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(scale__gte=2),
                name="criterion_weight_and_scale",
                violation_error_message=_("A weight is at least 1 and a scale at least 2."),
            ),
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))

    @property
    def scale_range(self) -> range:
        return range(1, self.scale + 1)


class Conflict(models.Model):
    """A conflict of interest a judge (or staff for them) declared on one application."""

    summit_lookup = "judge__award__summit"

    judge = models.ForeignKey(
        Judge, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("judge")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="judge_conflicts",
        verbose_name=_("application"),
    )
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(_("declared"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["judge_id", "application_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["judge", "application"],
                name="conflict_once",
                violation_error_message=_("This conflict is declared already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.judge} × {self.application}"


class Assignment(models.Model):
    """A judge judges an application in a round."""

    summit_lookup = "round__award__summit"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("round")
    )
    judge = models.ForeignKey(
        Judge, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("judge")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="judge_assignments",
        verbose_name=_("application"),
    )
    manual = models.BooleanField(_("changed by hand"), default=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round_id", "application_id", "judge_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "judge", "application"],
                name="assignment_once",
                violation_error_message=_("This judge is already assigned to this application."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.application} · {self.judge}"


class Verdict(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


class Score(models.Model):
    """A judge's score of one assigned application; `value` (0–100) once it is complete."""

    summit_lookup = "assignment__round__award__summit"

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="score", verbose_name=_("assignment")
    )
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    abstained = models.BooleanField(_("abstained"), default=False)
    abstain_reason = models.TextField(_("reason for abstaining"), blank=True)
    value = models.FloatField(_("score"), null=True, blank=True)
    updated_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["assignment_id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(abstained=False) | ~Q(abstain_reason=""),
                name="score_abstain_has_reason",
                violation_error_message=_("Say why you abstain."),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | (Q(value__gte=0) & Q(value__lte=100)),
                name="score_value_in_range",
                violation_error_message=_("A score is between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.value}"

    @property
    def is_complete(self) -> bool:
        return self.abstained or self.value is not None


class ShortlistEntry(models.Model):
    """An application a round passes on (to the next round, or as a winner candidate)."""

    summit_lookup = "round__award__summit"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="shortlist", verbose_name=_("round")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="shortlistings",
        verbose_name=_("application"),
    )

    class Meta:
        verbose_name = _("shortlisted application")
        verbose_name_plural = _("shortlist")
        ordering = ["round_id", "application_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "application"],
                name="shortlisted_once",
                violation_error_message=_("This application is shortlisted already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.application}"
