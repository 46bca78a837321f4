"""Webhooks: a summit's subscriptions (a URL that hears chosen events) and the log of what
was sent to each, with the answer."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summitry.core.bilingual import at_least_one_language, localise
from summitry.summits.models import Summit


class Subscription(models.Model):
    """A URL of another system (a city's CRM, a hotel, a translation agency) that hears the
    events it chose at one summit. Its payloads never hold more than its owner (the staff
    member who made it) may see at the summit."""

    summit_lookup = "summit"
    on_public_pages = False  # core.pagecache: no public page shows these rows

    summit = models.ForeignKey(
        Summit,
        on_delete=models.CASCADE,
        related_name="webhook_subscriptions",
        verbose_name=_("summit"),
    )
    name = models.CharField(_("name"), max_length=120)
    url = models.URLField(_("address (URL)"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Signs every delivery (HMAC-SHA256); shown once, when the subscription is made.
    secret = models.CharField(max_length=64, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    # The language of the e-mails about this subscription (its owner's, when it was made).
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    active = models.BooleanField(_("active"), default=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    # Failed attempts in a row, any delivery; a success sets it back to zero.
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["summit", "-created_at", "-pk"]
        constraints = [
            at_least_one_language(
                "name", name="webhook_subscription_name_in_a_language", label=_("name")
            )
        ]

    def __str__(self) -> str:
        return str(localise(self, "name"))


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("Waiting")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Given up")


class Delivery(models.Model):
    """One event sent (or to be sent) to one subscription: the body as sent, each attempt's
    answer, and when it is tried again."""

    summit_lookup = "subscription__summit"
    on_public_pages = False  # core.pagecache: no public page shows these rows

    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("subscription"),
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=60)
    payload = models.JSONField(_("payload"))
    state = models.CharField(
        _("state"), max_length=20, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_status = models.PositiveSmallIntegerField(_("last answer (HTTP status)"), null=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    response_excerpt = models.TextField(_("answer (excerpt)"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_try_at = models.DateTimeField(_("next try"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_try_at"], name="webhook_delivery_due")]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.uid})"
