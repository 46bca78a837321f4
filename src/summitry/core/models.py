"""API tokens: how programs act as a user through the REST API."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token; only its SHA-256 digest is stored, the token itself is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    prefix = models.CharField(_("prefix"), max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class OutboundMessage(models.Model):
    """Every e-mail Summitry sends, as sent: the outbox staff can read."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        "summits.Summit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbox",
        verbose_name=_("summit"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("e-mail in the outbox")
        verbose_name_plural = _("outbox")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


class StatusChange(models.Model):
    """A step in the life of a record with statuses: from what, to what, who, when, why.
    Subclasses add the record they belong to and the statuses' choices."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class AuditEntry(models.Model):
    """One step in a summit's audit log: who did what to which record, and when. Services
    record every write here (core.audit); the console shows a summit's log with filters."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        "summits.Summit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_log",
        verbose_name=_("summit"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=40)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("kind of record")
    )
    object_id = models.CharField(_("record"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    fields = models.JSONField(_("fields"), default=list, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["summit", "-at"], name="audit_of_summit")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Run(models.Model):
    """One run of slow work that a person started and watches (a solver, a bulk PDF): queued,
    running (with the progress the work reports), then done with its result or failed with
    its reasons. At most one run of a kind on a subject is queued or running at a time, so a
    second click, a retry or a second node finds the run already under way (core.runs)."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        "summits.Summit",
        on_delete=models.CASCADE,
        related_name="runs",
        verbose_name=_("summit"),
    )
    kind = models.CharField(_("kind"), max_length=60)
    subject = models.CharField(_("subject"), max_length=100)
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    progress = models.JSONField(_("progress"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("background run")
        verbose_name_plural = _("background runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_active_run_per_subject",
                violation_error_message=_("This work is already under way."),
            )
        ]
        indexes = [models.Index(fields=["kind", "subject", "-created_at"], name="run_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class MailTemplateOverride(models.Model):
    """A summit's own text for one automatic e-mail in one language, used by core.mail.send
    instead of the default template files; deleting it restores the default."""

    summit_lookup = "summit"

    summit = models.ForeignKey(
        "summits.Summit",
        on_delete=models.CASCADE,
        related_name="mail_templates",
        verbose_name=_("summit"),
    )
    template = models.CharField(_("e-mail"), max_length=150)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("edited e-mail template")
        verbose_name_plural = _("edited e-mail templates")
        ordering = ["template", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "template", "language"],
                name="one_mail_template_per_language",
                violation_error_message=_(
                    "This e-mail already has its own text in this language at this summit."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} ({self.language})"
