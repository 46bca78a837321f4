"""Every read of the press room used by pages, the feed and the API, summit-scoped.

What a reader sees is decided here, with the instant ``at`` passed in: press staff see every
release; accredited journalists see scheduled and published ones, embargoed or not; everyone
else sees them from their embargo instant on. A release one may not see is a 404.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from . import policy
from .models import (
    RELEASED,
    Accreditation,
    AccreditationStatus,
    PressRelease,
    ReleaseAttachment,
    ReleaseContact,
    ReleaseStatus,
)

STAFF, PRESS, PUBLIC = "staff", "press", "public"


def releases(summit: Summit) -> QuerySet[PressRelease]:
    return in_summit(PressRelease, summit).select_related("approved_by")


def accreditation_of(user, summit: Summit) -> Accreditation | None:
    if user is None or not user.is_authenticated:
        return None
    return in_summit(Accreditation, summit).filter(user=user).first()


def own_badge(accreditation: Accreditation | None):
    """The journalist's valid badge (issued, not revoked, accreditation approved), or None."""
    from summitry.checkin.models import Badge

    if accreditation is None or accreditation.status != AccreditationStatus.APPROVED:
        return None
    return (
        Badge.objects.filter(
            press_accreditation=accreditation, version__gt=0, revoked_at__isnull=True
        )
        .select_related("category", "press_accreditation")
        .first()
    )


def is_accredited(user, summit: Summit) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return (
        in_summit(Accreditation, summit)
        .filter(user=user, status=AccreditationStatus.APPROVED)
        .exists()
    )


def audience(user, summit: Summit) -> str:
    if policy.is_staff_for(user, summit):
        return STAFF
    if is_accredited(user, summit):
        return PRESS
    return PUBLIC


def public_releases(summit: Summit, at: datetime.datetime) -> QuerySet[PressRelease]:
    return releases(summit).filter(status__in=RELEASED, embargo_at__lte=at)


def visible_releases(summit: Summit, user, at: datetime.datetime) -> QuerySet[PressRelease]:
    """What ``user`` may read at ``at``: staff everything released or not, accredited press
    also the embargoed ones, everyone else the public ones."""
    who = audience(user, summit)
    if who == STAFF:
        return releases(summit)
    if who == PRESS:
        return releases(summit).filter(status__in=RELEASED)
    return public_releases(summit, at)


def visible_release(summit: Summit, user, release_id: int, at: datetime.datetime):
    found = (
        visible_releases(summit, user, at)
        .filter(pk=release_id)
        .prefetch_related("contacts__person")
        .first()
    )
    if found is None:
        raise Http404(_("This summit has no such press release."))
    return found


def staff_release(summit: Summit, release_id: int) -> PressRelease:
    found = releases(summit).filter(pk=release_id).prefetch_related("contacts__person").first()
    if found is None:
        raise Http404(_("This summit has no such press release."))
    return found


def figures_for(release: PressRelease) -> dict:
    """The counts a release cites: frozen at approval, else live as registered on its day
    (by default today in the summit's zone)."""
    if release.figures:
        return release.figures
    from summitry.delegations.queries import counts

    day = release.figures_as_of or timezone.localtime(timezone.now(), release.summit.zone).date()
    return counts(release.summit, day)


def accreditations(summit: Summit, status: str = "") -> QuerySet[Accreditation]:
    rows = in_summit(Accreditation, summit).select_related("user", "decided_by")
    if status:
        rows = rows.filter(status=status)
    return rows


def accreditation(summit: Summit, accreditation_id: int) -> Accreditation:
    found = accreditations(summit).filter(pk=accreditation_id).first()
    if found is None:
        raise Http404(_("This summit has no such accreditation."))
    return found


def press_card_of(summit: Summit, user, accreditation_id: int) -> Accreditation:
    """The accreditation whose press card ``user`` may open: their own, or any for staff."""
    rows = accreditations(summit)
    if not policy.is_staff_for(user, summit):
        rows = rows.filter(user=user) if user.is_authenticated else rows.none()
    found = rows.filter(pk=accreditation_id).exclude(press_card="").first()
    if found is None:
        raise Http404(_("There is no such press card."))
    return found


def dashboard_panel(request, summit) -> dict | None:
    now = timezone.now()
    by_status = dict(
        releases(summit).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    embargoed = releases(summit).filter(status__in=RELEASED, embargo_at__gt=now).count()
    pending = accreditations(summit, AccreditationStatus.PENDING).count()
    return {
        "drafts": by_status.get(ReleaseStatus.DRAFT, 0),
        "in_review": by_status.get(ReleaseStatus.REVIEW, 0),
        "embargoed": embargoed,
        "public": public_releases(summit, now).count(),
        "pending_accreditations": pending,
    }


def home_block(request, summit) -> dict | None:
    """A link to the press room, with the latest public releases."""
    return {"latest": list(public_releases(summit, timezone.now())[:3])}


def next_embargo(summit: Summit, at: datetime.datetime) -> datetime.datetime | None:
    """The next instant a released release becomes public (public pages change by themselves
    then)."""
    found = (
        releases(summit)
        .filter(status__in=RELEASED, embargo_at__gt=at)
        .order_by("embargo_at")
        .values_list("embargo_at", flat=True)
        .first()
    )
    return found


def press_material(summit: Summit, at: datetime.datetime) -> QuerySet[ReleaseAttachment]:
    """The files staff offer in the media kit, of releases public at ``at`` only (an embargoed
    release's files never, whoever asks)."""
    public = public_releases(summit, at).values("pk")
    return (
        ReleaseAttachment.objects.filter(release__in=public, is_press_material=True)
        .select_related("release")
        .order_by("-release__embargo_at", "release_id", "position", "pk")
    )


def press_contacts(summit: Summit, at: datetime.datetime) -> list[ReleaseContact]:
    """The contacts named on the releases public at ``at``, newest release first, each person
    once."""
    public = public_releases(summit, at).values("pk")
    rows = (
        ReleaseContact.objects.filter(release__in=public)
        .select_related("person", "release")
        .order_by("-release__embargo_at", "release_id", "position", "pk")
    )
    seen: set = set()
    found = []
    for contact in rows:
        key = contact.person_id or (contact.email, contact.phone)
        if key not in seen:
            seen.add(key)
            found.append(contact)
    return found
