"""Signatories of an adopted declaration (issue 16, item 8): the assembly's staff record each
organisation that signs it (a member of the assembly's body, or a city or organisation
with a delegation at the summit), who signed for it with their title, and the day; the
public page and the PDF list them in Korean and English."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from summitry.core import services as core

from . import access, queries
from .models import Signatory


def _require_staff(actor, summit) -> None:
    if not access.is_staff_for(actor, summit):
        raise PermissionDenied(_("Only the assembly's staff may do this."))


def adopted_on(motion) -> datetime.date | None:
    """The day (in the summit's zone) the declaration was adopted: its deciding vote's close."""
    poll = queries.deciding_poll(motion)
    if poll is None or poll.closed_at is None:
        return None
    return timezone.localtime(poll.closed_at, motion.assembly.summit.zone).date()


@transaction.atomic
def add_signatory(
    *, actor, motion, organisation, signer_name: dict, signer_title: dict, signed_on
) -> Signatory:
    """Record that ``organisation`` signed the adopted declaration ``motion`` (once), on
    ``signed_on``: not before its adoption, not after today in the summit's zone."""
    assembly = motion.assembly
    _require_staff(actor, assembly.summit)
    # Only an adopted declaration takes signatures (404 for anything else).
    motion = queries.adopted_declaration(assembly, motion.pk)
    if organisation is None or not queries.may_sign(assembly, organisation.pk):
        raise ValidationError(
            {
                "organisation": [
                    _(
                        "Choose a member of the assembly's body or an organisation with a "
                        "delegation at the summit."
                    )
                ]
            }
        )
    if not isinstance(signed_on, datetime.date):
        raise ValidationError({"signed_on": [_("Give the day of the signature.")]})
    today = timezone.localtime(timezone.now(), assembly.summit.zone).date()
    first = adopted_on(motion)
    if signed_on > today:
        raise ValidationError(
            {"signed_on": [_("The day of the signature cannot be in the future.")]}
        )
    if first is not None and signed_on < first:
        raise ValidationError(
            {
                "signed_on": [
                    _("The declaration was adopted on %(day)s: it was not signed before.")
                    % {"day": formats.date_format(first, "DATE_FORMAT")}
                ]
            }
        )
    signatory = Signatory(
        motion=motion,
        organisation=organisation,
        signed_on=signed_on,
        **core.flatten_bilingual(
            {
                "signer_name": {k: (v or "").strip() for k, v in signer_name.items()},
                "signer_title": {k: (v or "").strip() for k, v in signer_title.items()},
            }
        ),
    )
    return core.create(actor=actor, instance=signatory)


@transaction.atomic
def remove_signatory(*, actor, signatory: Signatory) -> None:
    _require_staff(actor, signatory.motion.assembly.summit)
    core.delete(actor=actor, instance=signatory)
