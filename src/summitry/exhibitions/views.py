"""Pages of exhibitions: the public guide (cached for anonymous visitors: the exhibitions, an
exhibition's floor plan with clickable booths, its exhibitors by theme and search, an exhibitor's
page, a booth's page and its QR code), the exhibitor's own application and profile, and the
console's exhibitions, exhibitors (review, booth assignment, publication), themes, plans, booths.
"""

from __future__ import annotations

import mimetypes

from csp.decorators import csp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from summitry.console.views import console_summit, paginate
from summitry.core import pagecache, runs
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors, flash_form_errors
from summitry.core.spreadsheets import csv_bytes
from summitry.summits import queries as summit_queries

from . import drawing, policy, queries, services, signs, staff
from .forms import (
    AssignForm,
    BadgeScanForm,
    BoothForm,
    CaptionForm,
    ContactForm,
    ExhibitionForm,
    HoursForm,
    NoteForm,
    PhotoForm,
    PlanForm,
    ProductForm,
    ProfileForm,
    ProgrammeLinkForm,
    StaffForm,
    ThemeForm,
)
from .models import ExhibitorStatus

# --- the public guide ---------------------------------------------------------------------------


def _public(request: HttpRequest, slug: str, exhibition_slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    return summit, queries.exhibition(summit, exhibition_slug, public=True)


def _drawing_url(summit, exhibition, plan) -> str | None:
    if not plan.background:
        return None
    return reverse("exhibitions:plan-drawing", args=[summit.slug, exhibition.slug, plan.pk])


def _plans(summit, exhibition, *, highlight: str = "") -> list[dict]:
    def link(booth):
        return drawing.booth_path(summit, exhibition, booth)

    return [
        {
            "plan": plan,
            "svg": drawing.plan_svg(
                plan,
                booth_url=link,
                drawing_url=_drawing_url(summit, exhibition, plan),
                highlight=highlight,
            ),
        }
        for plan in queries.plans(exhibition, public=True)
    ]


@pagecache.public_page
def index(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    found = list(queries.public_exhibitions(summit).prefetch_related("hours"))
    return render(request, "exhibitions/index.html", {"summit": summit, "exhibitions": found})


@pagecache.public_page
def guide(request: HttpRequest, slug: str, exhibition_slug: str) -> HttpResponse:
    """An exhibition: its floor plans with clickable booths, its exhibitors by theme, search."""
    summit, exhibition = _public(request, slug, exhibition_slug)
    text = request.GET.get("q", "")[:100]
    rows = queries.search(queries.published_exhibitors(exhibition), text)
    return render(
        request,
        "exhibitions/guide.html",
        {
            "summit": summit,
            "exhibition": exhibition,
            "plans": _plans(summit, exhibition),
            "legend": drawing.legend(exhibition.themes.all()),
            "groups": queries.by_theme(exhibition, rows),
            "q": text,
            "searched": bool(text.strip()),
        },
    )


@pagecache.public_page
def exhibitor_page(request: HttpRequest, slug: str, exhibition_slug: str, exhibitor_id: int):
    summit, exhibition = _public(request, slug, exhibition_slug)
    exhibitor = queries.public_exhibitor(exhibition, exhibitor_id)
    return render(
        request,
        "exhibitions/exhibitor.html",
        {
            "summit": summit,
            "exhibition": exhibition,
            "exhibitor": exhibitor,
            "booth": None,
            "presented_in": queries.presented_in(exhibitor),
        },
    )


@pagecache.public_page
def booth_page(request: HttpRequest, slug: str, exhibition_slug: str, code: str):
    """What the QR at a booth opens: its exhibitor's page (once published) and where it is."""
    summit, exhibition = _public(request, slug, exhibition_slug)
    booth = queries.booth(exhibition, code)
    exhibitor = None
    if booth.exhibitor_id and booth.exhibitor.status == ExhibitorStatus.PUBLISHED:
        exhibitor = queries.public_exhibitor(exhibition, booth.exhibitor_id)
    plan = next(
        p for p in _plans(summit, exhibition, highlight=booth.code) if p["plan"].pk == booth.plan_id
    )
    return render(
        request,
        "exhibitions/exhibitor.html",
        {
            "summit": summit,
            "exhibition": exhibition,
            "exhibitor": exhibitor,
            "booth": booth,
            "plan": plan,
            "presented_in": queries.presented_in(exhibitor) if exhibitor else [],
        },
    )


@pagecache.public_page
def booth_qr(request: HttpRequest, slug: str, exhibition_slug: str, code: str) -> HttpResponse:
    summit, exhibition = _public(request, slug, exhibition_slug)
    booth = queries.booth(exhibition, code)
    url = request.build_absolute_uri(drawing.booth_path(summit, exhibition, booth))
    response = HttpResponse(drawing.qr_svg(url), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="booth-{booth.pk}.svg"'
    return response


@csp({"default-src": ["'none'"], "style-src": ["'unsafe-inline'"], "sandbox": [True]})
@pagecache.public_page
def plan_drawing(request: HttpRequest, slug: str, exhibition_slug: str, plan_id: int):
    """A hall's uploaded plan drawing, as an image never as a document: an SVG with script in it
    cannot run (sandboxed, no script allowed, not sniffed)."""
    summit = summit_queries.in_its_zone(request, slug)
    exhibition = queries.exhibition(summit, exhibition_slug)
    if not exhibition.is_public and not policy.is_staff_for(request.user, summit):
        raise Http404(_("This summit has no such exhibition."))
    plan = queries.plan(exhibition, plan_id)
    if not plan.background:
        raise Http404(_("This floor plan has no drawing."))
    kind = mimetypes.guess_type(plan.background.name)[0] or "application/octet-stream"
    with plan.background.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@pagecache.public_page
def photo(request: HttpRequest, slug: str, exhibition_slug: str, photo_id: int, size: str):
    """A product photo (``size`` "full" or "thumb"): to everyone once its exhibitor is public,
    before only to its own account and staff (a 404 to anyone else)."""
    if size not in ("full", "thumb"):
        raise Http404(_("This exhibition has no such photo."))
    summit = summit_queries.in_its_zone(request, slug)
    exhibition = queries.exhibition(summit, exhibition_slug)
    found = queries.photo(exhibition, photo_id, request.user)
    stored = found.image if size == "full" else found.thumbnail
    kind = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    with stored.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the exhibitor ------------------------------------------------------------------------------


def _profile_data(form) -> dict:
    return dict(form.cleaned_data)


@login_required
def apply(request: HttpRequest, slug: str, exhibition_slug: str) -> HttpResponse:
    """A signed-in company applies for a booth: its profile starts as a private draft."""
    summit, exhibition = _public(request, slug, exhibition_slug)
    mine = queries.exhibitor_of(request.user, exhibition)
    if mine is not None:
        return redirect("exhibitions:mine", slug=summit.slug, exhibition_slug=exhibition.slug)
    form = ProfileForm(request.POST or None, themes=exhibition.themes.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.apply(actor=request.user, exhibition=exhibition, data=_profile_data(form))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request, _("Your application is saved as a draft. Add your products, then submit.")
            )
            return redirect("exhibitions:mine", slug=summit.slug, exhibition_slug=exhibition.slug)
    return render(
        request,
        "exhibitions/apply.html",
        {"summit": summit, "exhibition": exhibition, "form": form},
    )


def _initial(exhibitor) -> dict:
    names = [f"{n}_{lang}" for n in services.PROFILE_BILINGUAL for lang in ("ko", "en")]
    initial = {name: getattr(exhibitor, name) for name in names}
    initial.update({name: getattr(exhibitor, name) for name in services.PROFILE_PLAIN})
    return initial


@login_required
def mine(request: HttpRequest, slug: str, exhibition_slug: str) -> HttpResponse:
    """The exhibitor's own profile: edited in draft, then submitted; its status and booth."""
    summit, exhibition = _public(request, slug, exhibition_slug)
    exhibitor = queries.exhibitor_of(request.user, exhibition)
    if exhibitor is None:
        return redirect("exhibitions:apply", slug=summit.slug, exhibition_slug=exhibition.slug)
    editable = policy.is_editable_by_exhibitor(exhibitor)
    form = ProfileForm(
        request.POST or None, themes=exhibition.themes.all(), initial=_initial(exhibitor)
    )
    back = redirect("exhibitions:mine", slug=summit.slug, exhibition_slug=exhibition.slug)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "submit":
            try:
                services.submit(actor=request.user, exhibitor=exhibitor)
            except ValidationError as error:
                flash_errors(request, error)
            else:
                messages.success(request, _("Submitted. The exhibitions team will review it."))
            return back
        if form.is_valid():
            try:
                services.update_profile(
                    actor=request.user, exhibitor=exhibitor, data=_profile_data(form)
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Your profile is saved."))
                return back
    return render(
        request,
        "exhibitions/mine.html",
        {
            "summit": summit,
            "exhibition": exhibition,
            "exhibitor": exhibitor,
            "form": form,
            "product_form": ProductForm(),
            "photo_form": PhotoForm(),
            "editable": editable,
            "staff": queries.staff_of(exhibitor),
            "staff_form": StaffForm(),
        },
    )


# --- booth staff: the exhibitor registers them, staff approve; check-in issues their badges ------


@login_required
@require_POST
def staff_add(request: HttpRequest, slug: str, exhibition_slug: str) -> HttpResponse:
    summit, exhibition, exhibitor = _own_exhibitor(request, slug, exhibition_slug)
    form = StaffForm(request.POST)
    back = redirect(
        reverse("exhibitions:mine", args=[summit.slug, exhibition.slug]) + "#booth-staff"
    )
    if not form.is_valid():
        flash_form_errors(request, form)
        return back
    try:
        person = staff.register(actor=request.user, exhibitor=exhibitor, data=form.cleaned_data)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("%(name)s is registered; the exhibitions team approves their badge.")
            % {"name": person},
        )
    return back


@login_required
@require_POST
def booth_accept(request: HttpRequest, slug: str, exhibition_slug: str, code: str):
    """The exhibitor accepts the booth staff assigned to it."""
    summit, exhibition, exhibitor = _own_exhibitor(request, slug, exhibition_slug)
    booth = queries.booth_of(exhibitor, code)
    services.accept_booth(actor=request.user, booth=booth)
    messages.success(request, _("You have accepted booth %(code)s.") % {"code": booth.code})
    return redirect("exhibitions:mine", summit.slug, exhibition.slug)


@login_required
@require_POST
def staff_remove(request: HttpRequest, slug: str, exhibition_slug: str, staff_id: int):
    summit, exhibition, exhibitor = _own_exhibitor(request, slug, exhibition_slug)
    person = queries.staff_member(exhibitor, staff_id)
    asked = unless_confirmed(
        request,
        question=_("Remove %(name)s from your booth staff?") % {"name": person},
        consequence=_("They will not get a badge."),
        button=_("Remove"),
    )
    if asked is not None:
        return asked
    try:
        staff.remove(actor=request.user, person=person)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, _("%(name)s is removed.") % {"name": person})
    return redirect(
        reverse("exhibitions:mine", args=[summit.slug, exhibition.slug]) + "#booth-staff"
    )


# --- leads: a visitor leaves their contact; the exhibitor sees and exports them -------------------


@login_required
def leave_contact(request: HttpRequest, slug: str, exhibition_slug: str, code: str):
    """From the booth's page (its QR): the signed-in visitor leaves their contact with the
    booth's exhibitor, prefilled from their account."""
    summit, exhibition = _public(request, slug, exhibition_slug)
    booth = queries.booth(exhibition, code)
    exhibitor = booth.exhibitor
    if exhibitor is None or not policy.is_public(exhibitor):
        raise Http404(_("No exhibitor is shown at this booth yet."))
    user = request.user
    form = ContactForm(
        request.POST or None,
        initial={"name": user.get_full_name() or user.get_username(), "email": user.email},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_contact(actor=user, booth=booth, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            shown = _("Your contact is left with %(name)s.") % {"name": exhibitor}
            messages.success(request, shown)
            return redirect("exhibitions:booth", summit.slug, exhibition.slug, booth.code)
    return render(
        request,
        "exhibitions/leave_contact.html",
        {"summit": summit, "exhibition": exhibition, "booth": booth, "exhibitor": exhibitor,
         "form": form},
    )  # fmt: skip


def _own_exhibitor(request, slug: str, exhibition_slug: str):
    summit, exhibition = _public(request, slug, exhibition_slug)
    exhibitor = queries.exhibitor_of(request.user, exhibition)
    if exhibitor is None:
        raise Http404(_("You are not an exhibitor of this exhibition."))
    return summit, exhibition, exhibitor


@login_required
def leads(request: HttpRequest, slug: str, exhibition_slug: str) -> HttpResponse:
    """The exhibitor's own leads (pages), and the badge scanner's field (a USB or Bluetooth
    scanner types the code and Enter); no other exhibitor sees them."""
    summit, exhibition, exhibitor = _own_exhibitor(request, slug, exhibition_slug)
    form = BadgeScanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.scan_badge(
                actor=request.user, exhibitor=exhibitor, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if lead.consented:
                messages.success(request, _("Lead recorded: %(name)s.") % {"name": lead.name})
            else:
                messages.success(
                    request,
                    _(
                        "Lead recorded. The visitor's name shows once they leave their contact "
                        "from your booth's QR."
                    ),
                )
            return redirect("exhibitions:leads", summit.slug, exhibition.slug)
    return render(
        request,
        "exhibitions/leads.html",
        {
            "summit": summit,
            "exhibition": exhibition,
            "exhibitor": exhibitor,
            "page": paginate(request, queries.leads(exhibitor)),
            "form": form,
        },
    )


@login_required
def leads_csv(request: HttpRequest, slug: str, exhibition_slug: str) -> HttpResponse:
    """The exhibitor's leads as CSV (cells that look like formulas are neutralised)."""
    summit, exhibition, exhibitor = _own_exhibitor(request, slug, exhibition_slug)
    header = [_("Name"), _("Organisation"), _("E-mail"), _("Booth"), pgettext("lead", "Left")]
    rows = [
        [
            lead.name,
            lead.organisation,
            lead.email,
            lead.booth.code if lead.booth else "",
            lead.created_at.astimezone(summit.zone).strftime("%Y-%m-%d %H:%M"),
        ]
        for lead in queries.leads(exhibitor)
    ]
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="leads-{exhibition.slug}.csv"'
    return response


@login_required
@require_POST
def product_add(request: HttpRequest, slug: str, exhibition_slug: str) -> HttpResponse:
    summit, exhibition = _public(request, slug, exhibition_slug)
    exhibitor = queries.exhibitor_of(request.user, exhibition)
    if exhibitor is None:
        raise Http404(_("You have not applied to this exhibition."))
    form = ProductForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_product(
                actor=request.user,
                exhibitor=exhibitor,
                name={"ko": data["name_ko"], "en": data["name_en"]},
                description={"ko": data["description_ko"], "en": data["description_en"]},
            )
        except ValidationError as error:
            flash_errors(request, error)
    else:
        flash_form_errors(request, form)
    return redirect("exhibitions:mine", slug=summit.slug, exhibition_slug=exhibition.slug)


@login_required
@require_POST
def product_remove(request: HttpRequest, slug: str, exhibition_slug: str, product_id: int):
    summit, exhibition = _public(request, slug, exhibition_slug)
    exhibitor = queries.exhibitor_of(request.user, exhibition)
    if exhibitor is None:
        raise Http404(_("You have not applied to this exhibition."))
    back = redirect("exhibitions:mine", slug=summit.slug, exhibition_slug=exhibition.slug)
    product = next((p for p in exhibitor.products.all() if p.pk == product_id), None)
    if product is None:
        return back
    asked = unless_confirmed(
        request, question=_("Remove %(name)s?") % {"name": product}, button=_("Remove")
    )
    if asked is not None:
        return asked
    try:
        services.remove_product(actor=request.user, product=product)
    except ValidationError as error:
        flash_errors(request, error)
    return back


def _own_product(request, slug: str, exhibition_slug: str, product_id: int):
    summit, exhibition, exhibitor = _own_exhibitor(request, slug, exhibition_slug)
    product = next((p for p in exhibitor.products.all() if p.pk == product_id), None)
    if product is None:
        raise Http404(_("You have no such product."))
    return summit, exhibition, product


@login_required
@require_POST
def photo_add(request: HttpRequest, slug: str, exhibition_slug: str, product_id: int):
    """The exhibitor adds a photo to one of its products (in draft)."""
    summit, exhibition, product = _own_product(request, slug, exhibition_slug, product_id)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_photo(
                actor=request.user,
                product=product,
                upload=data["image"],
                caption={"ko": data["caption_ko"], "en": data["caption_en"]},
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The photo is added."))
    else:
        _flash_form(request, form)
    return redirect("exhibitions:mine", slug=summit.slug, exhibition_slug=exhibition.slug)


def _own_photo(request, slug: str, exhibition_slug: str, photo_id: int):
    summit, exhibition, exhibitor = _own_exhibitor(request, slug, exhibition_slug)
    found = next(
        (ph for p in exhibitor.products.all() for ph in p.photos.all() if ph.pk == photo_id), None
    )
    if found is None:
        raise Http404(_("You have no such photo."))
    return summit, exhibition, found


@login_required
@require_POST
def photo_edit(request: HttpRequest, slug: str, exhibition_slug: str, photo_id: int):
    """The exhibitor changes a photo's caption, or removes the photo (asked first)."""
    summit, exhibition, found = _own_photo(request, slug, exhibition_slug, photo_id)
    back = redirect("exhibitions:mine", slug=summit.slug, exhibition_slug=exhibition.slug)
    try:
        if request.POST.get("action") == "remove":
            asked = unless_confirmed(request, question=_("Remove this photo?"), button=_("Remove"))
            if asked is not None:
                return asked
            services.remove_photo(actor=request.user, photo=found)
            messages.success(request, _("The photo is removed."))
            return back
        form = CaptionForm(request.POST)
        if not form.is_valid():
            _flash_form(request, form)
            return back
        data = form.cleaned_data
        caption = {"ko": data["caption_ko"], "en": data["caption_en"]}
        services.update_photo(actor=request.user, photo=found, caption=caption)
        messages.success(request, _("The caption is saved."))
    except ValidationError as error:
        flash_errors(request, error)
    return back


# --- console ------------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The summit's exhibitions, and a new one."""
    summit = console_summit(request, slug, policy.PERMISSION)
    form = ExhibitionForm(request.POST or None, venues=summit_queries.venues(summit))
    if request.method == "POST" and form.is_valid():
        try:
            found = services.create_exhibition(
                actor=request.user, summit=summit, data=dict(form.cleaned_data)
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The exhibition is created."))
            return redirect(
                "exhibitions:manage-exhibition", slug=summit.slug, exhibition_slug=found.slug
            )
    rows = queries.exhibitions(summit)
    return render(
        request,
        "exhibitions/manage.html",
        {"summit": summit, "exhibitions": rows, "form": form},
    )


def _staff_exhibition(request, slug: str, exhibition_slug: str):
    summit = console_summit(request, slug, policy.PERMISSION)
    return summit, queries.exhibition(summit, exhibition_slug)


@login_required
def manage_exhibition(request: HttpRequest, slug: str, exhibition_slug: str) -> HttpResponse:
    """An exhibition's exhibitors (search, status filter, pages), its floor plans with booths
    (click a booth to assign it), its themes, opening hours and settings."""
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    status = request.GET.get("status", "")
    text = request.GET.get("q", "")[:100]
    rows = queries.exhibitors(exhibition)
    if status in ExhibitorStatus.values:
        rows = rows.filter(status=status)
    rows = queries.search(rows, text)
    plans = queries.plans(exhibition, public=False)
    counts = queries.status_counts(exhibition)
    visits = queries.lead_counts(exhibition)

    def link(booth):
        return reverse("exhibitions:manage-booth", args=[summit.slug, exhibition.slug, booth.pk])

    drawings = [
        {
            "plan": plan,
            "svg": drawing.plan_svg(
                plan, booth_url=link, drawing_url=_drawing_url(summit, exhibition, plan)
            ),
        }
        for plan in plans
    ]
    themes = exhibition.themes.all()
    waiting = queries.exhibitors(exhibition).exclude(status=ExhibitorStatus.DRAFT)
    waiting = list(waiting.filter(booths__isnull=True))
    return render(
        request,
        "exhibitions/manage_exhibition.html",
        {
            "summit": summit,
            "exhibition": exhibition,
            "page": paginate(request, rows),
            "statuses": ExhibitorStatus.choices,
            "status": status,
            "q": text,
            "counts": [(label, counts.get(value, 0)) for value, label in ExhibitorStatus.choices],
            "plans": drawings,
            "waiting": waiting,
            "visits": visits,
            "theme_form": ThemeForm(),
            "plan_form": PlanForm(),
            "booth_form": BoothForm(plans=exhibition.plans.all(), themes=themes) if plans else None,
            "hours_form": HoursForm(),
            "settings_form": ExhibitionForm(
                venues=summit_queries.venues(summit),
                initial={
                    name: getattr(exhibition, name) for name in ExhibitionForm(venues=None).fields
                },
            ),
        },
    )


def _flash_form(request, form) -> None:
    flash_form_errors(request, form)


def _back(summit, exhibition):
    return redirect(
        "exhibitions:manage-exhibition", slug=summit.slug, exhibition_slug=exhibition.slug
    )


@login_required
@require_POST
def exhibition_settings(request: HttpRequest, slug: str, exhibition_slug: str):
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    form = ExhibitionForm(request.POST, venues=summit_queries.venues(summit))
    if form.is_valid():
        try:
            exhibition = services.update_exhibition(
                actor=request.user, exhibition=exhibition, data=dict(form.cleaned_data)
            )
        except ValidationError as error:
            flash_errors(request, error)
            return _back(summit, queries.exhibition(summit, exhibition_slug))
        messages.success(request, _("The exhibition is saved."))
    else:
        _flash_form(request, form)
    return _back(summit, exhibition)


@login_required
@require_POST
def theme_add(request: HttpRequest, slug: str, exhibition_slug: str):
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    form = ThemeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_theme(
                actor=request.user,
                exhibition=exhibition,
                name={"ko": data["name_ko"], "en": data["name_en"]},
                colour=data["colour"],
            )
        except ValidationError as error:
            flash_errors(request, error)
    else:
        _flash_form(request, form)
    return _back(summit, exhibition)


@login_required
@require_POST
def hours_add(request: HttpRequest, slug: str, exhibition_slug: str):
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.add_hours(actor=request.user, exhibition=exhibition, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
    else:
        _flash_form(request, form)
    return _back(summit, exhibition)


@login_required
@require_POST
def plan_add(request: HttpRequest, slug: str, exhibition_slug: str):
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    form = PlanForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_plan(
                actor=request.user,
                exhibition=exhibition,
                name={"ko": data["name_ko"], "en": data["name_en"]},
                width=data["width"],
                height=data["height"],
                background=data["background"],
            )
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("The floor plan is added."))
    else:
        _flash_form(request, form)
    return _back(summit, exhibition)


@login_required
@require_POST
def booth_add(request: HttpRequest, slug: str, exhibition_slug: str):
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    form = BoothForm(request.POST, plans=exhibition.plans.all(), themes=exhibition.themes.all())
    if form.is_valid():
        try:
            services.add_booth(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(
                request, _("Booth %(code)s is added.") % {"code": form.cleaned_data["code"]}
            )
    else:
        _flash_form(request, form)
    return _back(summit, exhibition)


@login_required
def booth_signs(request: HttpRequest, slug: str, exhibition_slug: str):
    """The PDF of the booths' signs (code, exhibitor's name in both languages, the QR that
    opens the booth's page), all booths or one floor plan's (``?plan=``): made in the request
    for up to signs.SYNC_MAX booths, else in the background (core.runs; this page shows the
    run and links its PDF when done)."""
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    rows = queries.booths(exhibition)
    chosen = request.GET.get("plan", "")
    plan = None
    if chosen:
        plan = queries.plan(exhibition, int(chosen) if chosen.isdigit() else 0)
        rows = rows.filter(plan=plan)
    count = rows.count()
    if not count:
        messages.error(request, _("There are no booths to print."))
        return _back(summit, exhibition)
    if count <= signs.SYNC_MAX and request.method == "GET":
        base_url = request.build_absolute_uri("/")
        pdf = signs.signs_pdf(summit, exhibition, list(rows), base_url=base_url)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="booth-signs-{exhibition.slug}.pdf"'
        return response
    if request.method == "POST":
        services.start_booth_signs(actor=request.user, exhibition=exhibition, plan=plan)
        return redirect(request.get_full_path())
    run = runs.latest(kind=signs.RUN_KIND, subject=signs.subject(exhibition, plan))
    return render(
        request,
        "exhibitions/booth_signs.html",
        {"summit": summit, "exhibition": exhibition, "plan": plan, "count": count, "run": run},
    )


@login_required
def booth_signs_file(request: HttpRequest, slug: str, exhibition_slug: str, run_id: int):
    """The PDF a background run made (staff)."""
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    run = queries.signs_run(exhibition, run_id)
    if run is None or not run.result.get("file"):
        raise Http404(_("This PDF is not ready."))
    with default_storage.open(run.result["file"], "rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="booth-signs-{exhibition.slug}.pdf"'
    return response


@login_required
def manage_booth(request: HttpRequest, slug: str, exhibition_slug: str, booth_id: int):
    """A booth clicked on the plan: give it to an exhibitor waiting for one, or free it."""
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    booth = queries.booths(exhibition).filter(pk=booth_id).first()
    if booth is None:
        raise Http404(_("This exhibition has no such booth."))
    back = redirect(
        "exhibitions:manage-booth",
        slug=summit.slug,
        exhibition_slug=exhibition.slug,
        booth_id=booth.pk,
    )
    if request.method == "POST":
        chosen = request.POST.get("exhibitor", "")
        exhibitor = None
        if chosen:
            exhibitor = (
                queries.exhibitors(exhibition).filter(pk=chosen if chosen.isdigit() else 0).first()
            )
            if exhibitor is None:
                messages.error(request, _("Choose an exhibitor of this exhibition."))
                return back
        elif booth.exhibitor_id:
            asked = unless_confirmed(
                request,
                question=_("Free booth %(code)s?") % {"code": booth.code},
                consequence=_("%(name)s no longer holds it.") % {"name": booth.exhibitor},
                button=_("Free the booth"),
            )
            if asked is not None:
                return asked
        try:
            services.assign_booth(actor=request.user, booth=booth, exhibitor=exhibitor)
        except ValidationError as error:
            flash_errors(request, error)
        else:
            messages.success(request, _("Booth %(code)s is saved.") % {"code": booth.code})
        return back
    candidates = queries.exhibitors(exhibition).exclude(status=ExhibitorStatus.DRAFT)
    plan = queries.plan(exhibition, booth.plan_id)
    plan = next(p for p in queries.plans(exhibition, public=False) if p.pk == plan.pk)

    def link(other):
        return reverse("exhibitions:manage-booth", args=[summit.slug, exhibition.slug, other.pk])

    return render(
        request,
        "exhibitions/manage_booth.html",
        {
            "summit": summit,
            "exhibition": exhibition,
            "booth": booth,
            "candidates": candidates,
            "svg": drawing.plan_svg(
                plan,
                booth_url=link,
                drawing_url=_drawing_url(summit, exhibition, plan),
                highlight=booth.code,
            ),
        },
    )


ACTIONS = {
    "submit": services.submit,
    "approve": services.approve,
    "publish": services.publish,
    "unpublish": services.unpublish,
}


@login_required
def manage_exhibitor(request: HttpRequest, slug: str, exhibition_slug: str, exhibitor_id: int):
    """Review an exhibitor: its profile as submitted, approve, assign a booth, publish."""
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    exhibitor = queries.staff_exhibitor(exhibition, exhibitor_id)
    free = queries.booths(exhibition).filter(exhibitor__isnull=True)
    return render(
        request,
        "exhibitions/manage_exhibitor.html",
        {
            "summit": summit,
            "exhibition": exhibition,
            "exhibitor": exhibitor,
            "assign_form": AssignForm(booths=free) if free.exists() else None,
            "note_form": NoteForm(),
            "programme_form": ProgrammeLinkForm(
                items=queries.programme_choices(summit),
                zone=summit.zone,
                initial={"items": list(exhibitor.programme_items.all())},
            ),
            "staff": queries.staff_of(exhibitor),
        },
    )


@login_required
@require_POST
def staff_decide(request: HttpRequest, slug: str, exhibition_slug: str, exhibitor_id: int):
    """Approve or refuse a booth staff member (their badge issued or revoked), or set how
    many the exhibitor may register."""
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    exhibitor = queries.staff_exhibitor(exhibition, exhibitor_id)
    back = redirect(
        reverse("exhibitions:manage-exhibitor", args=[summit.slug, exhibition.slug, exhibitor.pk])
        + "#booth-staff"
    )
    action = request.POST.get("action", "")
    try:
        if action == "limit":
            staff.set_limit(
                actor=request.user, exhibitor=exhibitor, limit=request.POST.get("limit")
            )
            messages.success(request, _("The limit of booth staff is saved."))
        elif action in ("approve", "refuse"):
            person = queries.staff_member(exhibitor, request.POST.get("staff", ""))
            if action == "refuse":
                asked = unless_confirmed(
                    request,
                    question=_("Refuse %(name)s?") % {"name": person},
                    consequence=_("A badge issued to them is revoked at once."),
                    button=_("Refuse"),
                )
                if asked is not None:
                    return asked
            person = staff.decide(actor=request.user, person=person, approve=action == "approve")
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": person, "status": person.get_status_display()},
            )
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        flash_errors(request, error)
    return back


@login_required
@require_POST
def exhibitor_action(request: HttpRequest, slug: str, exhibition_slug: str, exhibitor_id: int):
    summit, exhibition = _staff_exhibition(request, slug, exhibition_slug)
    exhibitor = queries.staff_exhibitor(exhibition, exhibitor_id)
    back = redirect(
        "exhibitions:manage-exhibitor",
        slug=summit.slug,
        exhibition_slug=exhibition.slug,
        exhibitor_id=exhibitor.pk,
    )
    action = request.POST.get("action", "")
    try:
        if action == "assign":
            form = AssignForm(request.POST, booths=queries.booths(exhibition))
            if not form.is_valid():
                _flash_form(request, form)
                return back
            booth = form.cleaned_data["booth"]
            services.assign_booth(actor=request.user, booth=booth, exhibitor=exhibitor)
            messages.success(
                request,
                _("Booth %(code)s is assigned to %(name)s.")
                % {"code": booth.code, "name": exhibitor},
            )
            if request.POST.get("back") == "plan":
                # Dropped on the exhibition's floor plan (plan.js): back to the plan.
                return redirect(
                    reverse("exhibitions:manage-exhibition", args=[summit.slug, exhibition.slug])
                    + "#plans"
                )
        elif action == "programme":
            form = ProgrammeLinkForm(
                request.POST, items=queries.programme_choices(summit), zone=summit.zone
            )
            if not form.is_valid():
                _flash_form(request, form)
                return back
            services.link_programme(
                actor=request.user, exhibitor=exhibitor, items=form.cleaned_data["items"]
            )
            messages.success(request, _("The programme links are saved."))
        elif action == "draft":
            asked = unless_confirmed(
                request,
                question=_("Return this profile to its exhibitor?"),
                consequence=_(
                    "It leaves the public guide until it is approved and published again."
                ),
                button=_("Return to draft"),
            )
            if asked is not None:
                return asked
            form = NoteForm(request.POST)
            form.is_valid()
            data = form.cleaned_data
            services.return_to_draft(
                actor=request.user,
                exhibitor=exhibitor,
                note={"ko": data.get("note_ko", ""), "en": data.get("note_en", "")},
            )
            messages.success(request, _("The profile is returned to its exhibitor."))
        elif action in ACTIONS:
            ACTIONS[action](actor=request.user, exhibitor=exhibitor)
            messages.success(
                request, _("Status: %(status)s.") % {"status": exhibitor.get_status_display()}
            )
        else:
            messages.error(request, _("Unknown action."))
    except ValidationError as error:
        flash_errors(request, error)
        if action == "assign" and request.POST.get("back") == "plan":
            return _back(summit, exhibition)
    return back
