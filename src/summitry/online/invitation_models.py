"""The invitation of a speaker of an online or hybrid item: when staff asked for it, when it
was written to the outbox (and how often), and the speaker's answer with its moment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from summitry.directory.models import Person


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class SpeakerInvitation(models.Model):
    """One speaker's invitation to one online item. ``queued_at`` marks a mail staff asked for
    and the task queue has not written yet (the task clears it in the transaction that writes
    the message, so a mail is written once per request of staff); ``invited_at`` is when the
    last one was written, ``sends`` how many were."""

    summit_lookup = "online__item__summit"
    on_public_pages = False

    online = models.ForeignKey(
        "online.OnlineItem",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("item"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="+", verbose_name=_("speaker")
    )
    queued_at = models.DateTimeField(_("invitation asked for"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked for by"),
    )
    invited_at = models.DateTimeField(_("invitation sent"), null=True, blank=True)
    sends = models.PositiveSmallIntegerField(_("invitations sent"), default=0)
    recipient = models.EmailField(_("sent to"), blank=True)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("speaker's invitation")
        verbose_name_plural = _("speakers' invitations")
        constraints = [
            models.UniqueConstraint(fields=["online", "person"], name="online_invitation_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.online_id}"
