"""REST API of exhibitions (tag ``exhibitions``): public reads of the exhibition guide (public
exhibitions, their booths, their published exhibitors) and the staff's booth assignment.
Writes need the token of someone holding the ``exhibitions`` permission at the summit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from summitry.core import pagecache
from summitry.core.api import OptionalTokenAuth, TokenAuth
from summitry.core.bilingual import values
from summitry.core.schemas import Bilingual, Problem, UtcDateTime
from summitry.summits import queries as summit_queries

from . import policy, queries, services
from .models import ExhibitionKind, ExhibitorKind, ExhibitorStatus

router = Router(tags=["exhibitions"])
READ = {"auth": OptionalTokenAuth()}
BASE = "/summits/{slug}/exhibitions"
ERRORS = {404: Problem}
WRITE_ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


class ExhibitionHoursOut(Schema):
    opens_at: UtcDateTime
    closes_at: UtcDateTime


class ExhibitionThemeOut(Schema):
    id: int
    name: Bilingual
    colour: str


class ExhibitionOut(Schema):
    slug: str
    kind: ExhibitionKind
    title: Bilingual
    description: Bilingual
    hall: Bilingual
    venue_id: int | None
    allows_several_booths: bool
    is_sample: bool
    hours: list[ExhibitionHoursOut]
    themes: list[ExhibitionThemeOut]


class BoothOut(Schema):
    code: str
    size: str
    plan_id: int
    x: int
    y: int
    w: int
    h: int
    theme_id: int | None
    exhibitor_id: int | None
    # Whether the exhibitor has accepted the booth (staff and the exhibitor; None in public).
    accepted: bool | None = None


class ExhibitionPhotoOut(Schema):
    id: int
    caption: Bilingual
    width: int
    height: int
    url: str
    thumbnail_url: str


class ExhibitionProductOut(Schema):
    id: int
    name: Bilingual
    description: Bilingual
    photos: list[ExhibitionPhotoOut]


class ExhibitionCaptionIn(Schema):
    caption: Bilingual


class ExhibitorOut(Schema):
    id: int
    kind: ExhibitorKind
    name: Bilingual
    summary: Bilingual
    description: Bilingual
    department: Bilingual
    figures: Bilingual
    theme_id: int | None
    website: str
    booths: list[str]
    is_sample: bool
    products: list[ExhibitionProductOut]
    programme_item_ids: list[int]


class ExhibitorProgrammeIn(Schema):
    item_ids: list[int]


class BoothAssignIn(Schema):
    exhibitor_id: int | None = None


def _exhibition_out(exhibition) -> dict:
    return {
        "slug": exhibition.slug,
        "kind": exhibition.kind,
        "title": values(exhibition, "title"),
        "description": values(exhibition, "description"),
        "hall": values(exhibition, "hall"),
        "venue_id": exhibition.venue_id,
        "allows_several_booths": exhibition.allows_several_booths,
        "is_sample": exhibition.is_sample,
        "hours": list(exhibition.hours.all()),
        "themes": [
            {"id": t.pk, "name": values(t, "name"), "colour": t.colour}
            for t in exhibition.themes.all()
        ],
    }


def _booth_out(booth, *, public: bool) -> dict:
    shown = booth.exhibitor_id
    if public and booth.exhibitor_id and booth.exhibitor.status != ExhibitorStatus.PUBLISHED:
        shown = None
    return {
        "code": booth.code,
        "size": booth.size,
        "plan_id": booth.plan_id,
        "x": booth.x,
        "y": booth.y,
        "w": booth.w,
        "h": booth.h,
        "theme_id": booth.theme_id,
        "exhibitor_id": shown,
        "accepted": None if public else booth.accepted_at is not None,
    }


def _exhibitor_out(exhibitor, exhibition, shown_items: set[int] | None = None) -> dict:
    """``shown_items``: the programme items a reader may see (None: all, for staff)."""
    linked = [i.pk for i in exhibitor.programme_items.all()]
    return {
        "id": exhibitor.pk,
        "kind": exhibitor.kind,
        **{
            f: values(exhibitor, f)
            for f in ("name", "summary", "description", "department", "figures")
        },
        "programme_item_ids": [pk for pk in linked if shown_items is None or pk in shown_items],
        "theme_id": exhibitor.theme_id,
        "website": exhibitor.website,
        "booths": [b.code for b in exhibitor.booths.all()],
        "is_sample": exhibitor.is_sample,
        "products": [_product_out(p, exhibition) for p in exhibitor.products.all()],
    }


def _photo_out(photo, exhibition) -> dict:
    args = [exhibition.summit.slug, exhibition.slug, photo.pk]
    return {
        "id": photo.pk,
        "caption": values(photo, "caption"),
        "width": photo.width,
        "height": photo.height,
        "url": reverse("exhibitions:photo", args=[*args, "full"]),
        "thumbnail_url": reverse("exhibitions:photo", args=[*args, "thumb"]),
    }


def _product_out(product, exhibition) -> dict:
    return {
        "id": product.pk,
        "name": values(product, "name"),
        "description": values(product, "description"),
        "photos": [_photo_out(ph, exhibition) for ph in product.photos.all()],
    }


def _exhibition(request, slug: str, exhibition_slug: str):
    summit = summit_queries.summit(slug, request.user)
    return queries.exhibition(summit, exhibition_slug, public=True)


@router.get(BASE, response={200: list[ExhibitionOut], **ERRORS}, **READ)
@decorate_view(pagecache.public_page)
def list_exhibitions(request: HttpRequest, slug: str):
    """The summit's public exhibitions, with their themes and opening hours (UTC)."""
    summit = summit_queries.summit(slug, request.user)
    found = queries.public_exhibitions(summit).prefetch_related("hours", "themes")
    return [_exhibition_out(e) for e in found]


@router.get(f"{BASE}/{{exhibition_slug}}/booths", response={200: list[BoothOut], **ERRORS}, **READ)
@decorate_view(pagecache.public_page)
def list_exhibition_booths(request: HttpRequest, slug: str, exhibition_slug: str):
    """Every booth on the exhibition's plans; ``exhibitor_id`` only for a published exhibitor."""
    exhibition = _exhibition(request, slug, exhibition_slug)
    return [_booth_out(b, public=True) for b in queries.booths(exhibition)]


@router.get(
    f"{BASE}/{{exhibition_slug}}/exhibitors", response={200: list[ExhibitorOut], **ERRORS}, **READ
)
@decorate_view(pagecache.public_page)
def list_exhibition_exhibitors(request: HttpRequest, slug: str, exhibition_slug: str, q: str = ""):
    """The published exhibitors (``q`` searches names, descriptions, products, booth codes)."""
    exhibition = _exhibition(request, slug, exhibition_slug)
    rows = queries.search(queries.published_exhibitors(exhibition), q[:100])
    shown = queries.public_item_ids(exhibition.summit)
    rows = rows.prefetch_related("products__photos", "programme_items")
    return [_exhibitor_out(e, exhibition, shown) for e in rows]


@router.put(
    f"{BASE}/{{exhibition_slug}}/exhibitors/{{exhibitor_id}}/programme",
    response={200: ExhibitorOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def link_exhibitor_programme(
    request: HttpRequest,
    slug: str,
    exhibition_slug: str,
    exhibitor_id: int,
    payload: ExhibitorProgrammeIn,
):
    """Staff say which programme items present the exhibit (a policy case, a keynote); the
    list replaces the previous one (empty: no link)."""
    summit = summit_queries.summit(slug, request.user)
    policy.require_staff(request.user, summit)
    exhibition = queries.exhibition(summit, exhibition_slug)
    exhibitor = queries.staff_exhibitor(exhibition, exhibitor_id)
    items = list(queries.programme_choices(summit).filter(pk__in=payload.item_ids))
    missing = sorted(set(payload.item_ids) - {i.pk for i in items})
    if missing:
        raise ValidationError(
            {
                "item_ids": [
                    _("This summit's programme has no item %(ids)s.")
                    % {"ids": ", ".join(map(str, missing))}
                ]
            }
        )
    services.link_programme(actor=request.user, exhibitor=exhibitor, items=items)
    return _exhibitor_out(queries.staff_exhibitor(exhibition, exhibitor.pk), exhibition)


@router.put(
    f"{BASE}/{{exhibition_slug}}/booths/{{code}}/exhibitor",
    response={200: BoothOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def assign_exhibition_booth(
    request: HttpRequest, slug: str, exhibition_slug: str, code: str, payload: BoothAssignIn
):
    """Staff give the booth to an exhibitor (``null`` frees it). A booth held by another
    exhibitor must be freed first; one booth per exhibitor unless the exhibition allows more."""
    summit = summit_queries.summit(slug, request.user)
    policy.require_staff(request.user, summit)
    exhibition = queries.exhibition(summit, exhibition_slug)
    booth = queries.booth(exhibition, code)
    exhibitor = None
    if payload.exhibitor_id is not None:
        exhibitor = queries.exhibitors(exhibition).filter(pk=payload.exhibitor_id).first()
        if exhibitor is None:
            raise ValidationError({"exhibitor_id": [_("This exhibition has no such exhibitor.")]})
    booth = services.assign_booth(actor=request.user, booth=booth, exhibitor=exhibitor)
    return _booth_out(queries.booth(exhibition, booth.code), public=False)


class ExhibitionLeadOut(Schema):
    name: str
    organisation: str
    email: str
    booth: str | None
    created_at: UtcDateTime


class ExhibitionVisitCountOut(Schema):
    key: str
    visits: int


class ExhibitionVisitsOut(Schema):
    total: int
    booths: list[ExhibitionVisitCountOut]
    themes: list[ExhibitionVisitCountOut]


@router.get(
    f"{BASE}/{{exhibition_slug}}/leads",
    response={200: list[ExhibitionLeadOut], **WRITE_ERRORS},
    auth=TokenAuth(),
)
def list_exhibition_leads(request: HttpRequest, slug: str, exhibition_slug: str):
    """The calling exhibitor's own leads (visitors who left their contact), newest first.
    404 for an account that is not an exhibitor of the exhibition."""
    summit = summit_queries.summit(slug, request.user)
    exhibition = queries.exhibition(summit, exhibition_slug, public=True)
    exhibitor = queries.exhibitor_of(request.user, exhibition)
    if exhibitor is None:
        raise Http404(_("You are not an exhibitor of this exhibition."))
    return [
        {
            "name": lead.name,
            "organisation": lead.organisation,
            "email": lead.email,
            "booth": lead.booth.code if lead.booth else None,
            "created_at": lead.created_at,
        }
        for lead in queries.leads(exhibitor)
    ]


@router.get(
    f"{BASE}/{{exhibition_slug}}/visits",
    response={200: ExhibitionVisitsOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def exhibition_visit_counts(request: HttpRequest, slug: str, exhibition_slug: str):
    """Staff: how many visitors left their contact, per booth code and per theme (its English
    name, else Korean; ``""`` for exhibitors without a theme). No visitor's data."""
    summit = summit_queries.summit(slug, request.user)
    policy.require_staff(request.user, summit)
    counts = queries.lead_counts(queries.exhibition(summit, exhibition_slug))
    themes = [{"key": t.name_en or t.name_ko, "visits": n} for t, n in counts["themes"]]
    if counts["no_theme"]:
        themes.append({"key": "", "visits": counts["no_theme"]})
    return {
        "total": counts["total"],
        "booths": [{"key": code, "visits": n} for code, n in counts["booths"]],
        "themes": themes,
    }


def _own(request, slug: str, exhibition_slug: str):
    summit = summit_queries.summit(slug, request.user)
    exhibition = queries.exhibition(summit, exhibition_slug, public=True)
    exhibitor = queries.exhibitor_of(request.user, exhibition)
    if exhibitor is None:
        raise Http404(_("You are not an exhibitor of this exhibition."))
    return exhibition, exhibitor


def _own_products(exhibitor) -> list:
    return list(queries.products_with_photos(exhibitor).select_related("exhibitor"))


@router.get(
    f"{BASE}/{{exhibition_slug}}/mine/products",
    response={200: list[ExhibitionProductOut], **WRITE_ERRORS},
    auth=TokenAuth(),
)
def list_my_exhibition_products(request: HttpRequest, slug: str, exhibition_slug: str):
    """The calling exhibitor's own products with their photos, in any status (a draft's
    photos are served only to its own account and staff)."""
    exhibition, exhibitor = _own(request, slug, exhibition_slug)
    return [_product_out(p, exhibition) for p in _own_products(exhibitor)]


def _own_product(exhibitor, product_id: int):
    product = next((p for p in _own_products(exhibitor) if p.pk == product_id), None)
    if product is None:
        raise Http404(_("You have no such product."))
    return product


@router.post(
    f"{BASE}/{{exhibition_slug}}/mine/products/{{product_id}}/photos",
    response={201: ExhibitionPhotoOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def add_exhibition_product_photo(
    request: HttpRequest,
    slug: str,
    exhibition_slug: str,
    product_id: int,
    image: File[UploadedFile],
    caption_ko: Form[str] = "",
    caption_en: Form[str] = "",
):
    """The calling exhibitor adds a photo (JPEG or PNG by content, at most 5 MB) to one of its
    products while its profile is a draft; it is re-encoded and gets a thumbnail."""
    exhibition, exhibitor = _own(request, slug, exhibition_slug)
    product = _own_product(exhibitor, product_id)
    photo = services.add_photo(
        actor=request.user,
        product=product,
        upload=image,
        caption={"ko": caption_ko, "en": caption_en},
    )
    return Status(201, _photo_out(photo, exhibition))


def _own_photo(exhibitor, photo_id: int):
    for product in _own_products(exhibitor):
        for photo in product.photos.all():
            if photo.pk == photo_id:
                photo.product = product
                return photo
    raise Http404(_("You have no such photo."))


@router.put(
    f"{BASE}/{{exhibition_slug}}/mine/photos/{{photo_id}}",
    response={200: ExhibitionPhotoOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def update_exhibition_product_photo(
    request: HttpRequest, slug: str, exhibition_slug: str, photo_id: int,
    payload: ExhibitionCaptionIn,
):  # fmt: skip
    """The calling exhibitor changes a photo's caption (its profile in draft)."""
    exhibition, exhibitor = _own(request, slug, exhibition_slug)
    photo = _own_photo(exhibitor, photo_id)
    caption = payload.caption.model_dump()
    photo = services.update_photo(actor=request.user, photo=photo, caption=caption)
    return _photo_out(photo, exhibition)


@router.delete(
    f"{BASE}/{{exhibition_slug}}/mine/photos/{{photo_id}}",
    response={204: None, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def delete_exhibition_product_photo(
    request: HttpRequest, slug: str, exhibition_slug: str, photo_id: int
):
    """The calling exhibitor removes a photo (its profile in draft)."""
    _exhibition, exhibitor = _own(request, slug, exhibition_slug)
    services.remove_photo(actor=request.user, photo=_own_photo(exhibitor, photo_id))
    return Status(204, None)


# --- booth staff: the exhibitor registers them, staff approve (check-in issues the badges) ------


class BoothStaffOut(Schema):
    id: int
    name_hangul: str
    given_name: str
    family_name: str
    position: Bilingual
    status: str = Field(..., description="pending, approved or refused.")
    badge_version: int | None = Field(None, description="The badge's version, if issued.")
    badge_revoked: bool


class BoothStaffIn(Schema):
    name_hangul: str = ""
    given_name: str = ""
    family_name: str = ""
    position: Bilingual = Field(default_factory=Bilingual)


class BoothStaffDecisionIn(Schema):
    approve: bool


class BoothStaffLimitIn(Schema):
    staff_limit: int


def _staff_out(person) -> dict:
    badge = getattr(person, "badge", None)
    return {
        "id": person.pk,
        "name_hangul": person.name_hangul,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "position": values(person, "position"),
        "status": person.status,
        "badge_version": badge.version if badge is not None and badge.version else None,
        "badge_revoked": bool(badge is not None and badge.revoked_at),
    }


@router.post(
    f"{BASE}/{{exhibition_slug}}/mine/booths/{{code}}/accept",
    response={200: BoothOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def accept_my_booth(request: HttpRequest, slug: str, exhibition_slug: str, code: str):
    """The calling exhibitor accepts the booth staff assigned to it (again after a new one)."""
    _exhibition, exhibitor = _own(request, slug, exhibition_slug)
    booth = services.accept_booth(actor=request.user, booth=queries.booth_of(exhibitor, code))
    return _booth_out(booth, public=False)


@router.get(
    f"{BASE}/{{exhibition_slug}}/mine/staff",
    response={200: list[BoothStaffOut], **WRITE_ERRORS},
    auth=TokenAuth(),
)
def list_my_booth_staff(request: HttpRequest, slug: str, exhibition_slug: str):
    """The calling exhibitor's booth staff and the state of their badges."""
    _exhibition, exhibitor = _own(request, slug, exhibition_slug)
    return [_staff_out(p) for p in queries.staff_of(exhibitor)]


@router.post(
    f"{BASE}/{{exhibition_slug}}/mine/staff",
    response={201: BoothStaffOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def register_my_booth_staff(
    request: HttpRequest, slug: str, exhibition_slug: str, payload: BoothStaffIn
):
    """The calling exhibitor registers someone for a badge (once approved, within its limit)."""
    from . import staff

    _exhibition, exhibitor = _own(request, slug, exhibition_slug)
    data = payload.dict()
    position = data.pop("position") or {}
    data["position_ko"] = str(position.get("ko") or "")
    data["position_en"] = str(position.get("en") or "")
    person = staff.register(actor=request.user, exhibitor=exhibitor, data=data)
    return Status(201, _staff_out(queries.staff_member(exhibitor, person.pk)))


def _staff_exhibitor(request, slug: str, exhibition_slug: str, exhibitor_id: int):
    summit = summit_queries.summit(slug, request.user)
    policy.require_staff(request.user, summit)
    exhibition = queries.exhibition(summit, exhibition_slug)
    return queries.staff_exhibitor(exhibition, exhibitor_id)


@router.get(
    f"{BASE}/{{exhibition_slug}}/exhibitors/{{exhibitor_id}}/staff",
    response={200: list[BoothStaffOut], **WRITE_ERRORS},
    auth=TokenAuth(),
)
def list_booth_staff(request: HttpRequest, slug: str, exhibition_slug: str, exhibitor_id: int):
    """Staff: an exhibitor's booth staff."""
    exhibitor = _staff_exhibitor(request, slug, exhibition_slug, exhibitor_id)
    return [_staff_out(p) for p in queries.staff_of(exhibitor)]


@router.put(
    f"{BASE}/{{exhibition_slug}}/exhibitors/{{exhibitor_id}}/staff/{{staff_id}}/decision",
    response={200: BoothStaffOut, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def decide_booth_staff(
    request: HttpRequest,
    slug: str,
    exhibition_slug: str,
    exhibitor_id: int,
    staff_id: int,
    payload: BoothStaffDecisionIn,
):
    """Staff approve (the exhibitor badge is issued) or refuse (a badge issued is revoked)."""
    from . import staff

    exhibitor = _staff_exhibitor(request, slug, exhibition_slug, exhibitor_id)
    person = queries.staff_member(exhibitor, staff_id)
    staff.decide(actor=request.user, person=person, approve=payload.approve)
    return _staff_out(queries.staff_member(exhibitor, staff_id))


@router.put(
    f"{BASE}/{{exhibition_slug}}/exhibitors/{{exhibitor_id}}/staff-limit",
    response={200: BoothStaffLimitIn, **WRITE_ERRORS},
    auth=TokenAuth(),
)
def set_booth_staff_limit(
    request: HttpRequest,
    slug: str,
    exhibition_slug: str,
    exhibitor_id: int,
    payload: BoothStaffLimitIn,
):
    """Staff set how many people the exhibitor may register (0 to 50)."""
    from . import staff

    exhibitor = _staff_exhibitor(request, slug, exhibition_slug, exhibitor_id)
    exhibitor = staff.set_limit(actor=request.user, exhibitor=exhibitor, limit=payload.staff_limit)
    return {"staff_limit": exhibitor.staff_limit}


# Investor relations' endpoints, on this router (ir_api).
from . import ir_api  # noqa: E402, F401
