"""The staff list's bulk actions: change the status of the ticked delegations, e-mail their
contacts in their language."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from summitry.core import mail
from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from . import rules, services
from .models import (
    Delegation,
)

# --- the staff list's bulk actions ------------------------------------------------------------


def change_statuses(*, actor, summit: Summit, delegation_ids, to: str) -> tuple[int, list[str]]:
    """Move each chosen delegation to ``to``; those that cannot go there are named (with why)
    and stay as they are. Returns (how many moved, the refusals)."""
    rules.require_staff(actor, summit)
    moved, refused = 0, []
    for delegation in in_summit(Delegation, summit).filter(pk__in=delegation_ids):
        try:
            with transaction.atomic():
                services.change_status(actor=actor, delegation=delegation, to=to)
        except ValidationError as error:
            refused.append(f"{delegation}: {' '.join(error.messages)}")
        else:
            moved += 1
    return moved, refused


@transaction.atomic
def message_contacts(
    *, actor, summit: Summit, delegation_ids, subject: dict[str, str], body: dict[str, str]
) -> int:
    """E-mail the contacts of the chosen delegations, each in their invitation's language
    (the other language where one is missing). Returns how many were written."""
    rules.require_staff(actor, summit)
    if not any(subject.values()) or not any(body.values()):
        raise ValidationError(_("Write the subject and the message in at least one language."))
    sent = 0
    chosen = in_summit(Delegation, summit).filter(pk__in=delegation_ids)
    for delegation in chosen.select_related("invitation", "contact", "organisation"):
        invitation = delegation.invitation
        address = (invitation.contact_email if invitation else "") or (
            delegation.contact.email if delegation.contact else ""
        )
        if not address:
            continue
        language = invitation.language if invitation else "en"
        other = "en" if language == "ko" else "ko"
        mail.send(
            summit=summit,
            recipient=address,
            language=language,
            template="delegations/email/message",
            context={
                "delegation": delegation,
                "subject": subject.get(language) or subject.get(other, ""),
                "message": body.get(language) or body.get(other, ""),
            },
            kind="delegations-message",
        )
        sent += 1
    return sent
