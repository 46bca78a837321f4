"""Every read of exhibitions used by pages and the API, summit-scoped.

The public guide shows public exhibitions and, in them, published exhibitors only; drafts and
profiles under review are seen by their own account and the summit's exhibitions staff.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from . import policy
from .models import (
    Booth,
    Exhibition,
    Exhibitor,
    ExhibitorStaff,
    ExhibitorStatus,
    FloorPlan,
    Lead,
    Product,
    ProductPhoto,
)


def exhibitions(summit: Summit) -> QuerySet[Exhibition]:
    return in_summit(Exhibition, summit).select_related("venue")


def public_exhibitions(summit: Summit) -> QuerySet[Exhibition]:
    return exhibitions(summit).filter(is_public=True)


def exhibition(summit: Summit, slug: str, *, public: bool = False) -> Exhibition:
    rows = public_exhibitions(summit) if public else exhibitions(summit)
    found = rows.filter(slug=slug).prefetch_related("hours", "themes").first()
    if found is None:
        raise Http404(_("This summit has no such exhibition."))
    return found


def _booths() -> Prefetch:
    return Prefetch("booths", queryset=Booth.objects.order_by("code"))


def exhibitors(exhibition: Exhibition) -> QuerySet[Exhibitor]:
    return (
        Exhibitor.objects.filter(exhibition=exhibition)
        .select_related("theme", "user", "organisation")
        .prefetch_related(_booths())
    )


def published_exhibitors(exhibition: Exhibition) -> QuerySet[Exhibitor]:
    return exhibitors(exhibition).filter(status=ExhibitorStatus.PUBLISHED)


def search(rows: QuerySet[Exhibitor], text: str) -> QuerySet[Exhibitor]:
    text = text.strip()
    if not text:
        return rows
    match = Q()
    for field in ("name", "summary", "description", "department"):
        for lang in ("ko", "en"):
            match |= Q(**{f"{field}_{lang}__icontains": text})
    match |= Q(products__name_ko__icontains=text) | Q(products__name_en__icontains=text)
    match |= Q(booths__code__iexact=text)
    return rows.filter(match).distinct()


def _products() -> Prefetch:
    return Prefetch(
        "products", queryset=Product.objects.order_by("position", "pk").prefetch_related("photos")
    )


def public_exhibitor(exhibition: Exhibition, exhibitor_id: int) -> Exhibitor:
    found = (
        published_exhibitors(exhibition)
        .filter(pk=exhibitor_id)
        .prefetch_related(_products())
        .first()
    )
    if found is None:
        raise Http404(_("This exhibition has no such exhibitor."))
    return found


def staff_exhibitor(exhibition: Exhibition, exhibitor_id: int) -> Exhibitor:
    found = exhibitors(exhibition).filter(pk=exhibitor_id).prefetch_related(_products()).first()
    if found is None:
        raise Http404(_("This exhibition has no such exhibitor."))
    return found


def exhibitor_of(user, exhibition: Exhibition) -> Exhibitor | None:
    if user is None or not user.is_authenticated:
        return None
    return exhibitors(exhibition).filter(user=user).prefetch_related(_products()).first()


def staff_of(exhibitor: Exhibitor) -> QuerySet[ExhibitorStaff]:
    """The exhibitor's booth staff with their badges (a badge of check-in, if issued)."""
    return ExhibitorStaff.objects.filter(exhibitor=exhibitor).select_related("badge").order_by("pk")


def staff_member(exhibitor: Exhibitor, staff_id) -> ExhibitorStaff:
    found = staff_of(exhibitor).filter(pk=staff_id).first() if str(staff_id).isdigit() else None
    if found is None:
        raise Http404(_("This exhibitor has no such booth staff member."))
    return found


def my_exhibitors(user, summit: Summit) -> QuerySet[Exhibitor]:
    if user is None or not user.is_authenticated:
        return Exhibitor.objects.none()
    return in_summit(Exhibitor, summit).filter(user=user).select_related("exhibition")


def plans(exhibition: Exhibition, *, public: bool) -> list[FloorPlan]:
    """The exhibition's floor plans with their booths; in the public guide a booth shows its
    exhibitor only once that exhibitor is published."""
    booths = Booth.objects.select_related("theme", "exhibitor").order_by("code")
    found = list(
        FloorPlan.objects.filter(exhibition=exhibition)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("booths", queryset=booths))
    )
    if public:
        for plan in found:
            for booth in plan.booths.all():
                if (
                    booth.exhibitor is not None
                    and booth.exhibitor.status != ExhibitorStatus.PUBLISHED
                ):
                    booth.exhibitor = None
    return found


def booths(exhibition: Exhibition) -> QuerySet[Booth]:
    return (
        Booth.objects.filter(exhibition=exhibition)
        .select_related("theme", "exhibitor", "plan")
        .order_by("code")
    )


def booth(exhibition: Exhibition, code: str) -> Booth:
    found = booths(exhibition).filter(code=code).first()
    if found is None:
        raise Http404(_("This exhibition has no booth %(code)s.") % {"code": code})
    return found


def plan(exhibition: Exhibition, plan_id: int) -> FloorPlan:
    found = FloorPlan.objects.filter(exhibition=exhibition, pk=plan_id).first()
    if found is None:
        raise Http404(_("This exhibition has no such floor plan."))
    return found


def by_theme(exhibition: Exhibition, rows) -> list[tuple]:
    """Published exhibitors grouped by the exhibition's themes (then those without)."""
    rows = list(rows)
    groups = []
    for theme in exhibition.themes.all():
        members = [e for e in rows if e.theme_id == theme.pk]
        if members:
            groups.append((theme, members))
    rest = [e for e in rows if e.theme_id is None]
    if rest:
        groups.append((None, rest))
    return groups


def status_counts(exhibition: Exhibition) -> dict[str, int]:
    return dict(
        Exhibitor.objects.filter(exhibition=exhibition)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def dashboard_panel(request, summit) -> dict | None:
    found = list(exhibitions(summit))
    if not found:
        return None
    waiting = in_summit(Exhibitor, summit).filter(status=ExhibitorStatus.SUBMITTED).count()
    published = in_summit(Exhibitor, summit).filter(status=ExhibitorStatus.PUBLISHED).count()
    return {"exhibitions": found, "waiting": waiting, "published": published}


def home_block(request, summit) -> dict | None:
    found = list(public_exhibitions(summit))
    return {"exhibitions": found} if found else None


def is_staff(user, summit) -> bool:
    return policy.is_staff_for(user, summit)


def leads(exhibitor: Exhibitor) -> QuerySet[Lead]:
    """The exhibitor's own leads, newest first."""
    return Lead.objects.filter(exhibitor=exhibitor).select_related("booth")


def lead_counts(exhibition: Exhibition) -> dict:
    """Visits (leads) per booth and per theme of the exhibitor, for the staff's report."""
    rows = Lead.objects.filter(exhibitor__exhibition=exhibition)
    per_booth = dict(
        rows.filter(booth__isnull=False)
        .values_list("booth__code")
        .annotate(n=Count("pk"))
        .values_list("booth__code", "n")
    )
    per_theme = dict(
        rows.values_list("exhibitor__theme")
        .annotate(n=Count("pk"))
        .values_list("exhibitor__theme", "n")
    )
    themes = [(theme, per_theme.get(theme.pk, 0)) for theme in exhibition.themes.all()]
    return {
        "total": rows.count(),
        "booths": sorted(per_booth.items()),
        "themes": themes,
        "no_theme": per_theme.get(None, 0),
    }


def photo(exhibition: Exhibition, photo_id: int, user=None) -> ProductPhoto:
    """A product photo as ``user`` may see it: anyone once its exhibitor is public (published
    in a public exhibition); before, only its own account and the summit's staff. Else 404."""
    found = (
        ProductPhoto.objects.filter(product__exhibitor__exhibition=exhibition, pk=photo_id)
        .select_related("product__exhibitor__exhibition__summit")
        .first()
    )
    if found is not None:
        exhibitor = found.product.exhibitor
        own = user is not None and user.is_authenticated and exhibitor.user_id == user.pk
        if not (policy.is_public(exhibitor) or own or policy.is_staff_for(user, exhibition.summit)):
            found = None
    if found is None:
        raise Http404(_("This exhibition has no such photo."))
    return found


def products_with_photos(exhibitor: Exhibitor) -> QuerySet[Product]:
    return (
        Product.objects.filter(exhibitor=exhibitor)
        .order_by("position", "pk")
        .prefetch_related("photos")
    )


def signs_run(exhibition: Exhibition, run_id: int):
    """A finished run that made this exhibition's booth signs (its PDF), or None."""
    from summitry.core.models import Run, RunStatus

    from .signs import RUN_KIND

    return Run.objects.filter(
        pk=run_id,
        kind=RUN_KIND,
        subject__startswith=f"signs:{exhibition.pk}:",
        status=RunStatus.DONE,
    ).first()


def presented_exhibits(programme_item) -> list[Exhibitor]:
    """The published exhibits of public exhibitions that ``programme_item`` presents."""
    return list(
        programme_item.exhibits.filter(
            status=ExhibitorStatus.PUBLISHED, exhibition__is_public=True
        ).select_related("exhibition")
    )


def item_link(request, programme_item) -> tuple[str, str] | None:
    """The programme item page's link to the exhibit it presents (one exhibit: its page;
    several: the guide of the first one's exhibition). It depends on the item and the
    exhibits alone, never on the reader: the item page is cached for anonymous visitors."""
    found = presented_exhibits(programme_item)
    if not found:
        return None
    first = found[0]
    summit_slug = programme_item.summit.slug
    if len(found) == 1:
        url = reverse("exhibitions:exhibitor", args=[summit_slug, first.exhibition.slug, first.pk])
        return url, _("In the exhibition: %(name)s") % {"name": first}
    url = reverse("exhibitions:guide", args=[summit_slug, first.exhibition.slug])
    return url, _("In the exhibition: %(count)d exhibits") % {"count": len(found)}


def programme_choices(summit: Summit):
    """The summit's programme items an exhibit may be presented in, in time order."""
    from summitry.programme.models import ProgrammeItem

    return in_summit(ProgrammeItem, summit).order_by("starts_at", "pk")


def _public_items(summit: Summit):
    from django.contrib.auth.models import AnonymousUser

    from summitry.programme.queries import visible_items

    return visible_items(summit, AnonymousUser())


def public_item_ids(summit: Summit) -> set[int]:
    """The programme items anyone may see, for the exhibitors' links in the public API."""
    return set(_public_items(summit).values_list("pk", flat=True))


def presented_in(exhibitor: Exhibitor) -> list:
    """The programme items presenting ``exhibitor`` that anyone may see (the exhibitor's page
    is the same for every reader, and cached)."""
    shown = _public_items(exhibitor.exhibition.summit).values("pk")
    return list(exhibitor.programme_items.filter(pk__in=shown).order_by("starts_at", "pk"))


def booth_of(exhibitor: Exhibitor, code: str) -> Booth:
    """A booth the exhibitor holds (404 for any other)."""
    found = exhibitor.booths.filter(code=code).first()
    if found is None:
        raise Http404(_("You hold no such booth."))
    return found
