"""Every read of check-in used by pages and the API, scoped to a summit."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.delegations.models import Delegate, DelegationStatus, PlaceStatus

from . import access
from .models import (
    HOLDER_RELATED,
    AccreditationCategory,
    Badge,
    BadgeLayout,
    BadgePrint,
    RoleCategory,
    Scan,
    ScanResult,
    Zone,
)

# Badges of delegates whose place is cancelled or whose delegation declined or cancelled
# (a journalist's or booth staff member's badge is revoked by their app when they lose it).
WITHDRAWN = Q(delegate__place=PlaceStatus.CANCELLED) | Q(
    delegate__delegation__status__in=[DelegationStatus.DECLINED, DelegationStatus.CANCELLED]
)


def zones(summit) -> QuerySet[Zone]:
    return in_summit(Zone, summit)


def zone(summit, zone_id) -> Zone:
    # Unordered: the model's ordering would join the summit's table to find one row.
    found = zones(summit).order_by().filter(pk=zone_id).first() if str(zone_id).isdigit() else None
    if found is None:
        raise Http404(_("This summit has no such zone."))
    return found


def categories(summit) -> QuerySet[AccreditationCategory]:
    return in_summit(AccreditationCategory, summit).prefetch_related("zones")


def category(summit, category_id) -> AccreditationCategory:
    found = categories(summit).filter(pk=category_id).first()
    if found is None:
        raise Http404(_("This summit has no such category."))
    return found


def badges(summit) -> QuerySet[Badge]:
    return in_summit(Badge, summit).select_related("category", *HOLDER_RELATED)


def badge(summit, badge_id) -> Badge:
    found = badges(summit).filter(pk=badge_id).first() if str(badge_id).isdigit() else None
    if found is None:
        raise Http404(_("This summit has no such badge."))
    return found


def holder_badges(summit, text: str = "") -> QuerySet[Badge]:
    """The badges of journalists and exhibitors' booth staff (not delegates), searchable by
    name or organisation."""
    found = badges(summit).filter(delegate__isnull=True)
    text = (text or "").strip()
    if text:
        found = found.filter(
            Q(press_accreditation__name__icontains=text)
            | Q(press_accreditation__outlet__icontains=text)
            | Q(exhibitor_staff__name_hangul__icontains=text)
            | Q(exhibitor_staff__given_name__icontains=text)
            | Q(exhibitor_staff__family_name__icontains=text)
            | Q(exhibitor_staff__exhibitor__name_ko__icontains=text)
            | Q(exhibitor_staff__exhibitor__name_en__icontains=text)
        )
    return found.order_by("press_accreditation", "exhibitor_staff__exhibitor", "pk")


def delegates(summit) -> QuerySet[Delegate]:
    """Delegates who may get a badge (not cancelled), with their badge if any."""
    return (
        in_summit(Delegate, summit)
        .exclude(place=PlaceStatus.CANCELLED)
        .select_related("person", "delegation__organisation", "badge__category")
        .order_by("delegation__organisation__name_en", "role", "pk")
    )


def delegate(summit, delegate_id: int) -> Delegate:
    found = delegates(summit).filter(pk=delegate_id).first()
    if found is None:
        raise Http404(_("This summit has no such delegate."))
    return found


def delegation_delegates(summit, delegation_id: int) -> QuerySet[Delegate]:
    return delegates(summit).filter(delegation_id=delegation_id)


def prints(summit) -> QuerySet[BadgePrint]:
    return in_summit(BadgePrint, summit)


def finished_print(summit, print_id: int) -> BadgePrint:
    found = prints(summit).filter(pk=print_id, finished_at__isnull=False).first()
    if found is None:
        raise Http404(_("This batch is not ready."))
    return found


def search_badges(summit, text: str, limit: int = 10) -> list[Badge]:
    """Issued badges whose holder's name (either script) or organisation matches ``text``."""
    text = (text or "").strip()
    if len(text) < 2:
        return []
    match = (
        Q(delegate__person__name_hangul__icontains=text)
        | Q(delegate__person__given_name__icontains=text)
        | Q(delegate__person__family_name__icontains=text)
        | Q(delegate__delegation__organisation__name_en__icontains=text)
        | Q(delegate__delegation__organisation__name_ko__icontains=text)
        | Q(press_accreditation__name__icontains=text)
        | Q(press_accreditation__outlet__icontains=text)
        | Q(exhibitor_staff__name_hangul__icontains=text)
        | Q(exhibitor_staff__given_name__icontains=text)
        | Q(exhibitor_staff__family_name__icontains=text)
        | Q(exhibitor_staff__exhibitor__name_ko__icontains=text)
        | Q(exhibitor_staff__exhibitor__name_en__icontains=text)
    )
    return list(badges(summit).filter(match, version__gt=0)[:limit])


def revocations(summit) -> dict:
    """What an offline scanner needs besides the public key: the revoked badges, and the
    current version of every reprinted badge (a code of a lower version is superseded)."""
    rows = in_summit(Badge, summit).filter(
        Q(revoked_at__isnull=False) | Q(version__gt=1) | WITHDRAWN & Q(version__gt=0)
    )
    withdrawn = set(in_summit(Badge, summit).filter(WITHDRAWN).values_list("pk", flat=True))
    revoked, versions = [], {}
    for badge_id, version, revoked_at in rows.values_list("pk", "version", "revoked_at"):
        if revoked_at is not None or badge_id in withdrawn:
            revoked.append(badge_id)
        versions[str(badge_id)] = version
    return {"revoked": sorted(revoked), "versions": versions, "as_of": timezone.now()}


def scans(summit) -> QuerySet[Scan]:
    return in_summit(Scan, summit).select_related(
        "zone", *(f"badge__{path}" for path in HOLDER_RELATED)
    )


def inside_now(summit) -> list[Zone]:
    """Every zone with today's (the summit's calendar) ``entries``, ``exits`` and the badges
    ``inside`` now (entered and not left)."""
    today = timezone.localdate(timezone.now(), summit.zone)
    found = list(
        zones(summit).annotate(
            entries=Count("scans", filter=Q(scans__day=today, scans__result=ScanResult.ENTER)),
            exits=Count("scans", filter=Q(scans__day=today, scans__result=ScanResult.EXIT)),
        )
    )
    for zone in found:
        zone.inside = max(zone.entries - zone.exits, 0)
    return found


def role_categories(summit) -> dict[str, AccreditationCategory]:
    """The default category of each role that has one."""
    rows = in_summit(RoleCategory, summit).select_related("category")
    return {row.role: row.category for row in rows}


def own_badges(user) -> QuerySet[Badge]:
    if user is None or not user.is_authenticated:
        return Badge.objects.none()
    return (
        Badge.objects.filter(
            Q(delegate__user=user) | Q(press_accreditation__user=user),
            version__gt=0,
            revoked_at__isnull=True,
        )
        .exclude(WITHDRAWN)
        .select_related("category", "summit", *HOLDER_RELATED)
    )


def my_page_block(request, summit=None) -> dict | None:
    """For a person's own page: their badges' QR codes, to show at a door."""
    from . import badges as badge_rendering

    found = list(own_badges(request.user))
    if not found:
        return None
    return {"badges": [(badge, badge_rendering.qr_svg(badge)) for badge in found]}


def dashboard_panel(request, summit) -> dict | None:
    counts = in_summit(Badge, summit).aggregate(
        issued=Count("pk", filter=Q(version__gt=0, revoked_at__isnull=True)),
        revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
        unprinted=Count("pk", filter=Q(version__gt=0, printed_at__isnull=True)),
    )
    return {"counts": counts, "zones": inside_now(summit)}


def may_run(user, summit) -> bool:
    return access.is_staff_for(user, summit)


def layouts(summit) -> QuerySet[BadgeLayout]:
    return in_summit(BadgeLayout, summit).prefetch_related("categories")


def layout(summit, layout_id) -> BadgeLayout:
    found = layouts(summit).filter(pk=layout_id).first() if str(layout_id).isdigit() else None
    if found is None:
        raise Http404(_("This summit has no such badge layout."))
    return found


def layouts_for(summit, kind: str) -> tuple[dict[int, BadgeLayout], BadgeLayout | None]:
    """The layout of each category (id → layout) for ``kind``, and the summit's default."""
    by_category, default = {}, None
    for found in layouts(summit).filter(kind=kind):
        for category in found.categories.all():
            by_category.setdefault(category.pk, found)
        if found.is_default:
            default = found
    return by_category, default
