"""Every write of the press room: releases (content, contacts, workflow, embargo), the
noticing of embargoes that have passed, and journalists' accreditations.

Pages, the API and the scheduled task call these; each write is validated, atomic and recorded
in the history (core.audit) with the acting user.
"""

from __future__ import annotations

import datetime
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core import audit, live
from summitry.core import events as core_events
from summitry.core import services as core
from summitry.core.bilingual import LANGUAGE_CODES
from summitry.core.images import image_format
from summitry.core.scoping import in_summit

from . import events, figures, policy
from .models import (
    Accreditation,
    AccreditationStatus,
    PressRelease,
    ReleaseContact,
    ReleaseStatus,
)
from .richtext import sanitise

BILINGUAL = ("headline", "summary", "body", "department")
PLAIN = (
    "original_language",
    "edition_date",
    "edition",
    "embargo_at",
    "photos_enclosed",
    "page_count",
    "figures_as_of",
)
SETTABLE = {f"{name}_{lang}" for name in BILINGUAL for lang in LANGUAGE_CODES} | set(PLAIN)
EDITABLE = (ReleaseStatus.DRAFT, ReleaseStatus.REVIEW)

PRESS_CARD_TYPES = {"pdf", "png", "jpg", "jpeg"}
PRESS_CARD_MAX_MB = 5


def topic(summit) -> str:
    """The live topic of a summit's press room (core.live): bumped when what it shows moves."""
    return f"press:{summit.pk}"


def _release_data(data: dict[str, Any]) -> dict[str, Any]:
    data = core.flatten_bilingual(dict(data))
    unknown = [name for name in data if name not in SETTABLE]
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    for lang in LANGUAGE_CODES:
        if f"body_{lang}" in data:
            data[f"body_{lang}"] = sanitise(data[f"body_{lang}"])
    figures.check(
        {
            name: data[name]
            for name in data
            if name.rsplit("_", 1)[0] in ("headline", "summary", "body")
            and isinstance(data[name], str)
        }
    )
    return data


@transaction.atomic
def create_release(*, actor, summit, data: dict[str, Any]) -> PressRelease:
    policy.require_staff(actor, summit)
    release = PressRelease(summit=summit, **_release_data(data))
    core.create(actor=actor, instance=release)
    return release


def _require_editable(release: PressRelease) -> None:
    if release.status not in EDITABLE:
        raise ValidationError(
            _("An approved release is frozen: return it to draft to change its text.")
        )


@transaction.atomic
def update_release(*, actor, release: PressRelease, data: dict[str, Any]) -> PressRelease:
    """Change the text of a draft or a release in review. The embargo moves with
    :func:`change_embargo` (at any stage)."""
    policy.require_staff(actor, release.summit)
    data = _release_data(data)
    embargo = data.pop("embargo_at", None)
    if embargo is not None and embargo != release.embargo_at:
        change_embargo(actor=actor, release=release, embargo_at=embargo)
    if any(getattr(release, name) != value for name, value in data.items()):
        _require_editable(release)
        core.update(actor=actor, instance=release, changes=data)
    return release


@transaction.atomic
def change_embargo(
    *, actor, release: PressRelease, embargo_at: datetime.datetime, at=None
) -> PressRelease:
    """Move the embargo, at any stage. A published release moved to a later instant is
    scheduled again: it disappears from the public pages, the feed and the API until then."""
    policy.require_staff(actor, release.summit)
    at = at or timezone.now()
    changes: dict[str, Any] = {"embargo_at": embargo_at}
    if release.status == ReleaseStatus.PUBLISHED and embargo_at > at:
        changes.update(status=ReleaseStatus.SCHEDULED, published_at=None)
    core.update(actor=actor, instance=release, changes=changes)
    live.bump(topic(release.summit))
    return release


def _move(actor, release: PressRelease, allowed, changes: dict[str, Any], action: str):
    policy.require_staff(actor, release.summit)
    if release.status not in allowed:
        raise ValidationError(
            _("A release that is “%(status)s” cannot be %(action)s.")
            % {"status": release.get_status_display(), "action": action}
        )
    core.update(actor=actor, instance=release, changes=changes)
    live.bump(topic(release.summit))
    return release


@transaction.atomic
def submit_for_review(*, actor, release: PressRelease) -> PressRelease:
    return _move(
        actor, release, (ReleaseStatus.DRAFT,), {"status": ReleaseStatus.REVIEW}, _("submitted")
    )


@transaction.atomic
def approve(*, actor, release: PressRelease) -> PressRelease:
    """Approve a release in review: the figures it cites are frozen now, as registered on its
    figures' day, so that the published text never changes under the reader."""
    from summitry.delegations.queries import counts

    now = timezone.now()
    day = release.figures_as_of or timezone.localtime(now, release.summit.zone).date()
    return _move(
        actor,
        release,
        (ReleaseStatus.REVIEW,),
        {
            "status": ReleaseStatus.APPROVED,
            "approved_by": actor,
            "approved_at": now,
            "figures_as_of": day,
            "figures": counts(release.summit, day),
        },
        _("approved"),
    )


@transaction.atomic
def schedule(*, actor, release: PressRelease) -> PressRelease:
    """Release an approved release: to accredited press at once, to everyone at its embargo."""
    return _move(
        actor,
        release,
        (ReleaseStatus.APPROVED,),
        {"status": ReleaseStatus.SCHEDULED},
        _("scheduled"),
    )


@transaction.atomic
def return_to_draft(*, actor, release: PressRelease) -> PressRelease:
    """Take a release back (also a published one): the approval and the frozen figures go."""
    return _move(
        actor,
        release,
        (
            ReleaseStatus.REVIEW,
            ReleaseStatus.APPROVED,
            ReleaseStatus.SCHEDULED,
            ReleaseStatus.PUBLISHED,
        ),
        {
            "status": ReleaseStatus.DRAFT,
            "approved_by": None,
            "approved_at": None,
            "figures": None,
            "published_at": None,
        },
        _("returned to draft"),
    )


def publish_due(*, at: datetime.datetime | None = None) -> list[PressRelease]:
    """Record the publication of every scheduled release whose embargo has passed (the beat
    task runs this every minute). Visibility does not wait for it: pages decide from the
    instant. This marks the release published and tells live pages to refresh. Idempotent."""
    at = at or timezone.now()
    done = []
    with transaction.atomic():
        due = (
            PressRelease.objects.select_for_update(skip_locked=True)
            .filter(status=ReleaseStatus.SCHEDULED, embargo_at__lte=at)
            .select_related("summit")
        )
        for release in due:
            release.status = ReleaseStatus.PUBLISHED
            release.published_at = at
            release.save(update_fields=["status", "published_at", "updated_at"])
            core_events.emit(release.summit_id, events.RELEASE_PUBLISHED, release)
            done.append(release)
    for summit in {release.summit for release in done}:
        live.bump(topic(summit))
    return done


# --- contacts ---------------------------------------------------------------------------------


@transaction.atomic
def add_contact(
    *, actor, release: PressRelease, person, title: dict | None = None, phone="", email=""
) -> ReleaseContact:
    policy.require_staff(actor, release.summit)
    _require_editable(release)
    position = release.contacts.count()
    contact = ReleaseContact(
        release=release,
        person=person,
        phone=phone.strip(),
        email=email.strip(),
        position=position,
        **core.flatten_bilingual({"title": title or {}}),
    )
    return core.create(actor=actor, instance=contact)


@transaction.atomic
def remove_contact(*, actor, contact: ReleaseContact) -> None:
    policy.require_staff(actor, contact.release.summit)
    _require_editable(contact.release)
    core.delete(actor=actor, instance=contact)


# --- accreditation ----------------------------------------------------------------------------


def _check_press_card(upload) -> str:
    """The press card's checks (type, size, really an image or a PDF); its extension."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in PRESS_CARD_TYPES:
        raise ValidationError(
            {
                "press_card": _("Attach a file of type %(types)s.")
                % {"types": ", ".join(sorted(PRESS_CARD_TYPES))}
            }
        )
    if upload.size == 0:
        raise ValidationError({"press_card": _("The file is empty.")})
    if upload.size > PRESS_CARD_MAX_MB * 1024 * 1024:
        raise ValidationError(
            {"press_card": _("The file is larger than %(mb)s MB.") % {"mb": PRESS_CARD_MAX_MB}}
        )
    if extension == "pdf":
        upload.seek(0)
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise ValidationError({"press_card": _("This file is not a PDF.")})
    else:
        try:
            image_format(upload)
        except ValidationError as error:
            raise ValidationError({"press_card": error.messages}) from error
    return extension


@transaction.atomic
def apply_for_accreditation(
    *, actor, summit, data: dict[str, Any], press_card=None, is_sample: bool = False
) -> Accreditation:
    """A signed-in journalist applies (once per summit); staff decide."""
    if actor is None or not actor.is_authenticated:
        raise ValidationError(_("Sign in to apply for accreditation."))
    allowed = {"name", "outlet", "role", "country", "language"}
    unknown = [name for name in data if name not in allowed]
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    if press_card is None:
        raise ValidationError({"press_card": _("Attach your press card.")})
    extension = _check_press_card(press_card)
    accreditation = Accreditation(summit=summit, user=actor, is_sample=is_sample, **data)
    core.validate(accreditation)
    accreditation.save()
    accreditation.press_card.save(
        f"{summit.pk}-{accreditation.pk}.{extension}", press_card, save=False
    )
    accreditation.press_card_name = PurePath(press_card.name or "").name[:200]
    accreditation.save(update_fields=["press_card", "press_card_name"])
    audit.record(actor=actor, obj=accreditation, action="added")
    return accreditation


@transaction.atomic
def decide_accreditation(
    *, actor, accreditation: Accreditation, approve: bool, reason: dict | None = None
) -> Accreditation:
    """Approve, or refuse with a reason (in either language); a decision may be revised.

    Approved, the journalist's badge is issued at once in the press category (staff print
    it with the others at check-in; the journalist shows its QR from their press page);
    refused after an approval, their badge is revoked."""
    from summitry.checkin import services as checkin

    policy.require_staff(actor, accreditation.summit)
    status = AccreditationStatus.APPROVED if approve else AccreditationStatus.REFUSED
    was_approved = accreditation.status == AccreditationStatus.APPROVED
    changes = {
        "status": status,
        "decided_by": actor,
        "decided_at": timezone.now(),
        "category": press_category(actor, accreditation.summit) if approve else None,
        **core.flatten_bilingual({"reason": reason or {"ko": "", "en": ""}}),
    }
    accreditation = core.update(actor=actor, instance=accreditation, changes=changes)
    if approve and not was_approved:
        checkin.issue_to_holder(
            actor=actor,
            summit=accreditation.summit,
            category=accreditation.category,
            press_accreditation=accreditation,
        )
    elif not approve:
        checkin.revoke_for_holder(actor=actor, press_accreditation=accreditation)
    return accreditation


# The check-in's category an approved journalist's badge gets: the summit's own "press"
# category (found by its name in either language), made when the summit has none yet.
PRESS_CATEGORY_NAMES = {"ko": ("취재진", "언론", "프레스", "기자"), "en": ("press", "media")}
PRESS_CATEGORY = {"ko": "취재진", "en": "Press"}
PRESS_COLOUR = "#15803d"


def press_category(actor, summit):
    """The summit's "press" accreditation category of check-in (press depends on check-in,
    never the other way round: check-in knows nothing of the press room)."""
    from django.db.models import Q

    from summitry.checkin.models import AccreditationCategory

    named = Q()
    for name in PRESS_CATEGORY_NAMES["ko"]:
        named |= Q(name_ko=name)
    for name in PRESS_CATEGORY_NAMES["en"]:
        named |= Q(name_en__iexact=name)
    found = in_summit(AccreditationCategory, summit).filter(named).order_by("position", "pk")
    if found.exists():
        return found.first()
    category = AccreditationCategory(
        summit=summit,
        colour=PRESS_COLOUR,
        position=90,
        **core.flatten_bilingual({"name": PRESS_CATEGORY}),
    )
    return core.create(actor=actor, instance=category)
