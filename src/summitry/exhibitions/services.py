"""Every write of exhibitions: exhibitions, themes, floor plans and booths (staff), an
exhibitor's application and profile (its account, in draft), the review workflow and booth
assignment (staff). Pages, the API and the demo call these; each write is validated, atomic
and recorded in the history (core.audit) with the acting user.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.checkin import signing
from summitry.checkin.models import HOLDER_RELATED, Badge
from summitry.core import audit, pagecache
from summitry.core import services as core
from summitry.core.bilingual import LANGUAGE_CODES
from summitry.core.images import image_format

from . import photos, policy
from .models import (
    Booth,
    Exhibition,
    Exhibitor,
    ExhibitorStatus,
    FloorPlan,
    Lead,
    OpeningHours,
    Product,
    ProductPhoto,
    Theme,
)

PLAN_MAX_MB = 5
PROFILE_BILINGUAL = ("name", "summary", "description", "department", "figures")
PROFILE_PLAIN = ("website", "contact_name", "contact_email", "contact_phone", "theme")
PROFILE = {f"{n}_{lang}" for n in PROFILE_BILINGUAL for lang in LANGUAGE_CODES} | set(PROFILE_PLAIN)
EXHIBITION_BILINGUAL = ("title", "description", "hall")
EXHIBITION_PLAIN = (
    "slug",
    "kind",
    "venue",
    "allows_several_booths",
    "accepts_applications",
    "is_public",
    "leads_need_consent",
    "is_sample",
    "position",
)
EXHIBITION = {f"{n}_{lang}" for n in EXHIBITION_BILINGUAL for lang in LANGUAGE_CODES} | set(
    EXHIBITION_PLAIN
)


def _only(data: dict[str, Any], allowed: set[str]) -> dict[str, Any]:
    data = core.flatten_bilingual(dict(data))
    unknown = sorted(name for name in data if name not in allowed)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    return data


# --- staff: exhibitions, themes, plans, booths ---------------------------------------------------


def create_exhibition(*, actor, summit, data: dict[str, Any]) -> Exhibition:
    policy.require_staff(actor, summit)
    data = _only(data, EXHIBITION)
    if data.get("venue") is not None and data["venue"].summit_id != summit.pk:
        raise ValidationError(_("Choose a venue of this summit."))
    return core.create(actor=actor, instance=Exhibition(summit=summit, **data))


def update_exhibition(*, actor, exhibition: Exhibition, data: dict[str, Any]) -> Exhibition:
    policy.require_staff(actor, exhibition.summit)
    data = _only(data, EXHIBITION)
    if data.get("venue") is not None and data["venue"].summit_id != exhibition.summit_id:
        raise ValidationError(_("Choose a venue of this summit."))
    return core.update(actor=actor, instance=exhibition, changes=data)


def add_hours(*, actor, exhibition: Exhibition, opens_at, closes_at) -> OpeningHours:
    policy.require_staff(actor, exhibition.summit)
    hours = OpeningHours(exhibition=exhibition, opens_at=opens_at, closes_at=closes_at)
    return core.create(actor=actor, instance=hours)


def add_theme(*, actor, exhibition: Exhibition, name: dict[str, str], colour: str = "#4a7bd0"):
    policy.require_staff(actor, exhibition.summit)
    position = exhibition.themes.count()
    theme = Theme(exhibition=exhibition, colour=colour, position=position)
    theme.name_ko, theme.name_en = name.get("ko", ""), name.get("en", "")
    return core.create(actor=actor, instance=theme)


def _check_plan_file(upload) -> None:
    if upload.size > PLAN_MAX_MB * 1024 * 1024:
        raise ValidationError(_("The plan drawing is larger than %(mb)s MB.") % {"mb": PLAN_MAX_MB})
    name = (upload.name or "").lower()
    if name.endswith(".svg"):
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        if b"<svg" not in head.lower():
            raise ValidationError(_("This file is not an SVG drawing."))
        return
    if image_format(upload) not in ("PNG", "JPEG"):
        raise ValidationError(_("Upload the plan as PNG, JPEG or SVG."))


def add_plan(
    *, actor, exhibition: Exhibition, name: dict[str, str], width: int, height: int,
    background=None, is_sample: bool = False,
) -> FloorPlan:  # fmt: skip
    policy.require_staff(actor, exhibition.summit)
    if background is not None:
        _check_plan_file(background)
    plan = FloorPlan(
        exhibition=exhibition,
        width=width,
        height=height,
        is_sample=is_sample,
        position=exhibition.plans.count(),
    )
    plan.name_ko, plan.name_en = name.get("ko", ""), name.get("en", "")
    if background is not None:
        plan.background.save(background.name, background, save=False)
    return core.create(actor=actor, instance=plan)


def _check_booth_fits(plan: FloorPlan, x: int, y: int, w: int, h: int) -> None:
    if x + w > plan.width or y + h > plan.height:
        raise ValidationError(
            _("The booth must lie inside the plan (%(width)s × %(height)s).")
            % {"width": plan.width, "height": plan.height}
        )


def add_booth(
    *, actor, plan: FloorPlan, code: str, x: int, y: int, w: int, h: int,
    size: str = "", theme: Theme | None = None,
) -> Booth:  # fmt: skip
    exhibition = plan.exhibition
    policy.require_staff(actor, exhibition.summit)
    if theme is not None and theme.exhibition_id != exhibition.pk:
        raise ValidationError(_("Choose a theme of this exhibition."))
    _check_booth_fits(plan, x, y, w, h)
    booth = Booth(
        exhibition=exhibition, plan=plan, code=code.strip(), size=size, x=x, y=y, w=w, h=h,
        theme=theme,
    )  # fmt: skip
    return core.create(actor=actor, instance=booth)


def move_booth(*, actor, booth: Booth, x: int, y: int, w: int, h: int) -> Booth:
    policy.require_staff(actor, booth.exhibition.summit)
    _check_booth_fits(booth.plan, x, y, w, h)
    return core.update(actor=actor, instance=booth, changes={"x": x, "y": y, "w": w, "h": h})


@transaction.atomic
def assign_booth(*, actor, booth: Booth, exhibitor: Exhibitor | None) -> Booth:
    """Give ``booth`` to ``exhibitor`` (None frees it). A booth taken by another exhibitor must
    be freed first; an exhibitor holds one booth unless the exhibition allows several."""
    exhibition = booth.exhibition
    policy.require_staff(actor, exhibition.summit)
    booth = Booth.objects.select_for_update().get(pk=booth.pk)
    if exhibitor is None:
        if booth.exhibitor_id is None:
            return booth
        return core.update(
            actor=actor,
            instance=booth,
            changes={"exhibitor": None, "additional": False, "accepted_at": None},
        )
    if exhibitor.exhibition_id != booth.exhibition_id:
        raise ValidationError(_("This exhibitor is not in this booth's exhibition."))
    if exhibitor.status == ExhibitorStatus.DRAFT:
        raise ValidationError(_("A booth goes to a submitted exhibitor, not to a draft."))
    if booth.exhibitor_id == exhibitor.pk:
        return booth
    if booth.exhibitor_id is not None:
        raise ValidationError(
            _("Booth %(code)s is already held by %(name)s; free it first.")
            % {"code": booth.code, "name": booth.exhibitor}
        )
    # Lock the exhibitor: two assignments at once see each other's booth.
    Exhibitor.objects.select_for_update().filter(pk=exhibitor.pk).first()
    holds = Booth.objects.filter(exhibitor=exhibitor).exists()
    if holds and not exhibition.allows_several_booths:
        raise ValidationError(
            _("%(name)s already holds a booth; this exhibition allows one booth per exhibitor.")
            % {"name": exhibitor}
        )
    return core.update(
        actor=actor,
        instance=booth,
        changes={"exhibitor": exhibitor, "additional": holds, "accepted_at": None},
    )


@transaction.atomic
def accept_booth(*, actor, booth: Booth) -> Booth:
    """The exhibitor's account says yes to the booth staff gave it (once; again after a new
    assignment)."""
    locked = Booth.objects.select_for_update(of=("self",)).select_related("exhibitor")
    booth = locked.get(pk=booth.pk)
    exhibitor = booth.exhibitor
    if exhibitor is None or actor is None or exhibitor.user_id != actor.pk:
        raise PermissionDenied(_("Only the exhibitor given this booth may accept it."))
    if booth.accepted_at is not None:
        return booth
    return core.update(actor=actor, instance=booth, changes={"accepted_at": timezone.now()})


# --- the exhibitor: application and profile ------------------------------------------------------


def apply(*, actor, exhibition: Exhibition, data: dict[str, Any]) -> Exhibitor:
    """A signed-in account applies for a booth: a draft profile only it and staff see."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to apply."))
    if not exhibition.accepts_applications:
        raise ValidationError(_("This exhibition does not accept applications."))
    if Exhibitor.objects.filter(exhibition=exhibition, user=actor).exists():
        raise ValidationError(_("This account has already applied to this exhibition."))
    data = _only(data, PROFILE)
    _check_theme(exhibition, data.get("theme"))
    return core.create(actor=actor, instance=Exhibitor(exhibition=exhibition, user=actor, **data))


def _check_theme(exhibition: Exhibition, theme) -> None:
    if theme is not None and theme.exhibition_id != exhibition.pk:
        raise ValidationError(_("Choose a theme of this exhibition."))


def may_edit(user, exhibitor: Exhibitor) -> bool:
    if policy.is_staff_for(user, exhibitor.exhibition.summit):
        return True
    return (
        user is not None
        and user.is_authenticated
        and exhibitor.user_id == user.pk
        and policy.is_editable_by_exhibitor(exhibitor)
    )


def _require_edit(actor, exhibitor: Exhibitor) -> None:
    if may_edit(actor, exhibitor):
        return
    if exhibitor.user_id is not None and actor is not None and exhibitor.user_id == actor.pk:
        raise ValidationError(
            _("The profile is under review; it can be changed once staff return it.")
        )
    raise PermissionDenied(_("You may not change this exhibitor."))


def update_profile(*, actor, exhibitor: Exhibitor, data: dict[str, Any]) -> Exhibitor:
    _require_edit(actor, exhibitor)
    data = _only(data, PROFILE)
    _check_theme(exhibitor.exhibition, data.get("theme"))
    return core.update(actor=actor, instance=exhibitor, changes=data)


def add_product(*, actor, exhibitor: Exhibitor, name: dict, description: dict | None = None):
    _require_edit(actor, exhibitor)
    description = description or {}
    product = Product(exhibitor=exhibitor, position=exhibitor.products.count())
    for lang in LANGUAGE_CODES:
        setattr(product, f"name_{lang}", name.get(lang, ""))
        setattr(product, f"description_{lang}", description.get(lang, ""))
    return core.create(actor=actor, instance=product)


def remove_product(*, actor, product: Product) -> None:
    _require_edit(actor, product.exhibitor)
    core.delete(actor=actor, instance=product)


def add_photo(*, actor, product: Product, upload, caption: dict | None = None) -> ProductPhoto:
    """A photo of a product, while its exhibitor edits the draft (or by staff): a JPEG or PNG
    by its content, at most photos.PHOTO_MAX_MB, re-encoded, with a thumbnail."""
    _require_edit(actor, product.exhibitor)
    full, thumb, width, height = photos.renditions(upload)
    caption = caption or {}
    photo = ProductPhoto(
        product=product, width=width, height=height, position=product.photos.count()
    )
    for lang in LANGUAGE_CODES:
        setattr(photo, f"caption_{lang}", (caption.get(lang) or "").strip()[:300])
    photo.image.save(full.name, full, save=False)
    photo.thumbnail.save(thumb.name, thumb, save=False)
    return core.create(actor=actor, instance=photo)


def update_photo(*, actor, photo: ProductPhoto, caption: dict) -> ProductPhoto:
    _require_edit(actor, photo.product.exhibitor)
    changes = {
        f"caption_{lang}": (caption.get(lang) or "").strip()[:300] for lang in LANGUAGE_CODES
    }
    return core.update(actor=actor, instance=photo, changes=changes)


def remove_photo(*, actor, photo: ProductPhoto) -> None:
    _require_edit(actor, photo.product.exhibitor)
    files = [photo.image, photo.thumbnail]
    core.delete(actor=actor, instance=photo)
    for stored in files:
        if stored:
            stored.storage.delete(stored.name)


def create_exhibitor(
    *, actor, exhibition: Exhibition, data: dict[str, Any], kind: str = "company",
    organisation=None, is_sample: bool = False, position: int = 0,
) -> Exhibitor:  # fmt: skip
    """Staff add an exhibitor themselves (an invited company, a city's policy exhibit)."""
    policy.require_staff(actor, exhibition.summit)
    data = _only(data, PROFILE)
    _check_theme(exhibition, data.get("theme"))
    exhibitor = Exhibitor(
        exhibition=exhibition, kind=kind, organisation=organisation, is_sample=is_sample,
        position=position, **data,
    )  # fmt: skip
    return core.create(actor=actor, instance=exhibitor)


# --- the review ----------------------------------------------------------------------------------


def _move(actor, exhibitor: Exhibitor, allowed, changes: dict[str, Any], action: str):
    if exhibitor.status not in allowed:
        raise ValidationError(
            _("An exhibitor that is “%(status)s” cannot be %(action)s.")
            % {"status": exhibitor.get_status_display(), "action": action}
        )
    return core.update(actor=actor, instance=exhibitor, changes=changes)


def submit(*, actor, exhibitor: Exhibitor) -> Exhibitor:
    """The exhibitor (or staff) hands the profile in for review; it is locked from now on."""
    _require_edit(actor, exhibitor)
    if not ((exhibitor.description_ko or "").strip() or (exhibitor.description_en or "").strip()):
        raise ValidationError(_("Describe the organisation before submitting."))
    return _move(
        actor,
        exhibitor,
        (ExhibitorStatus.DRAFT,),
        {"status": ExhibitorStatus.SUBMITTED, "submitted_at": timezone.now()},
        _("submitted"),
    )


def approve(*, actor, exhibitor: Exhibitor) -> Exhibitor:
    policy.require_staff(actor, exhibitor.exhibition.summit)
    return _move(
        actor,
        exhibitor,
        (ExhibitorStatus.SUBMITTED,),
        {"status": ExhibitorStatus.APPROVED, "approved_at": timezone.now(), "approved_by": actor},
        _("approved"),
    )


def publish(*, actor, exhibitor: Exhibitor) -> Exhibitor:
    policy.require_staff(actor, exhibitor.exhibition.summit)
    return _move(
        actor,
        exhibitor,
        (ExhibitorStatus.APPROVED,),
        {"status": ExhibitorStatus.PUBLISHED, "published_at": timezone.now()},
        _("published"),
    )


def unpublish(*, actor, exhibitor: Exhibitor) -> Exhibitor:
    policy.require_staff(actor, exhibitor.exhibition.summit)
    return _move(
        actor,
        exhibitor,
        (ExhibitorStatus.PUBLISHED,),
        {"status": ExhibitorStatus.APPROVED, "published_at": None},
        _("withdrawn"),
    )


@transaction.atomic
def link_programme(*, actor, exhibitor: Exhibitor, items) -> Exhibitor:
    """Staff say where in the programme an exhibit is presented (a city's policy case, a
    keynote): the exhibitor's page links to those items and their pages to it."""
    summit = exhibitor.exhibition.summit
    policy.require_staff(actor, summit)
    items = list(items)
    if any(item.summit_id != summit.pk for item in items):
        raise ValidationError(_("Choose items of this summit's programme."))
    before = set(exhibitor.programme_items.values_list("pk", flat=True))
    if before == {item.pk for item in items}:
        return exhibitor
    exhibitor.programme_items.set(items)
    audit.record(actor=actor, obj=exhibitor, action="changed", fields=["programme_items"])
    # A many-to-many change saves no row: the exhibitor's and the items' cached pages go now.
    pagecache.bump(summit.pk)
    return exhibitor


def return_to_draft(*, actor, exhibitor: Exhibitor, note: dict[str, str] | None = None):
    """Staff send the profile back for changes (with a note); it leaves the public guide."""
    policy.require_staff(actor, exhibitor.exhibition.summit)
    note = note or {}
    return _move(
        actor,
        exhibitor,
        (ExhibitorStatus.SUBMITTED, ExhibitorStatus.APPROVED, ExhibitorStatus.PUBLISHED),
        {
            "status": ExhibitorStatus.DRAFT,
            "approved_at": None,
            "approved_by": None,
            "published_at": None,
            "note_ko": note.get("ko", ""),
            "note_en": note.get("en", ""),
        },
        _("returned to draft"),
    )


# --- visitors: leads ------------------------------------------------------------------------------


def leave_contact(
    *, actor, booth: Booth, name: str, organisation: str = "", email: str = ""
) -> Lead:
    """The signed-in visitor leaves their contact with the booth's published exhibitor: one lead
    per visitor and exhibitor (leaving it again updates it)."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to leave your contact."))
    exhibitor = booth.exhibitor
    if exhibitor is None or not policy.is_public(exhibitor):
        raise ValidationError(_("No exhibitor is shown at this booth yet."))
    name = (name or "").strip()[:200]
    if not name:
        raise ValidationError({"name": [_("Give your name.")]})
    if exhibitor.user_id == actor.pk:
        raise ValidationError(_("This is your own booth."))
    changes = {
        "booth": booth,
        "name": name,
        "organisation": organisation,
        "email": email,
        "consented": True,
    }
    with transaction.atomic():
        found = Lead.objects.select_for_update().filter(exhibitor=exhibitor, user=actor).first()
        if found is not None:
            return core.update(actor=actor, instance=found, changes=changes)
        return core.create(actor=actor, instance=Lead(exhibitor=exhibitor, user=actor, **changes))


def scan_badge(*, actor, exhibitor: Exhibitor, code: str) -> Lead:
    """The exhibitor's staff scan a visitor's badge at the booth (a scanner types its signed
    code). A forged, superseded or revoked code, or another summit's, makes no lead. Where the
    exhibition's leads need consent, the lead keeps no name until the visitor leaves their
    contact at the booth; a badge scanned twice is one lead."""
    if actor is None or exhibitor.user_id != actor.pk:
        raise PermissionDenied(_("Only the exhibitor scans badges at its booth."))
    if not policy.is_public(exhibitor):
        raise ValidationError(_("Your profile must be published before you collect leads."))
    try:
        payload = signing.verify(code)
    except signing.Forged as error:
        raise ValidationError({"code": [_("This is not a valid badge code.")]}) from error
    badge = (
        Badge.objects.select_related(*HOLDER_RELATED)
        .filter(summit_id=exhibitor.exhibition.summit_id, pk=payload.badge_id)
        .first()
    )
    if badge is None or badge.revoked_at is not None or badge.version != payload.version:
        raise ValidationError({"code": [_("This badge is no longer valid.")]})
    holder = badge.holder
    booth = exhibitor.booths.order_by("additional", "code").first()
    with transaction.atomic():
        found = Lead.objects.select_for_update().filter(exhibitor=exhibitor)
        found = found.filter(Q(badge_id=badge.pk) | Q(user__isnull=False, user=holder.user_id))
        found = found.first()
        if found is not None:
            if found.badge_id is None:
                found = core.update(actor=actor, instance=found, changes={"badge_id": badge.pk})
            return found
        lead = Lead(exhibitor=exhibitor, booth=booth, badge_id=badge.pk, user_id=holder.user_id)
        if exhibitor.exhibition.leads_need_consent:
            lead.consented = False
        else:
            person = holder.person
            lead.name = person.latin_name or str(person)
            organisation = holder.organisation
            lead.organisation = organisation.name_en or organisation.name_ko
        return core.create(actor=actor, instance=lead)


def start_booth_signs(*, actor, exhibition: Exhibition, plan: FloorPlan | None = None):
    """Queue the booth signs' PDF of a large exhibition (or one floor plan) in the background
    (core.runs); the run under way when one is queued or running already."""
    from summitry.core import runs

    from . import signs
    from .tasks import make_booth_signs

    policy.require_staff(actor, exhibition.summit)
    return runs.start(
        kind=signs.RUN_KIND,
        subject=signs.subject(exhibition, plan),
        summit=exhibition.summit,
        actor=actor,
        task=make_booth_signs,
    )
