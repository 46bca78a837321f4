"""Pages of awards: the public award page and winners, the applicant's sign-up, applications
and form, staff overview with screening and export, files and certificates."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.console import exportviews
from summitry.console.views import console_summit, paginate
from summitry.core import pagecache
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, messages_of
from summitry.summits import queries as summit_queries

from . import certificates, exchange, queries, rules, services
from .forms import AnswersForm, ApplicantForm, ScreenForm, SignUpForm
from .models import ApplicationStatus, Eligibility


def _award(request: HttpRequest, slug: str, award_slug: str):
    summit = summit_queries.summit(slug, request.user)
    timezone.activate(summit.zone)
    award = queries.award(summit, award_slug)
    # Opening, closing and the results at their set times change the page by themselves.
    pagecache.changes_at(request, award.opens_at, award.closes_at, award.results_published_at)
    return summit, award


# --- public -----------------------------------------------------------------------------------


@pagecache.public_page
def award_page(request: HttpRequest, slug: str, award_slug: str) -> HttpResponse:
    summit, award = _award(request, slug, award_slug)
    return render(
        request,
        "awards/award.html",
        {
            "summit": summit,
            "award": award,
            "categories": queries.categories(award),
            "is_open": rules.is_open(award),
            "before_open": timezone.now() < award.opens_at,
            "results_public": rules.results_public(award),
            "winners": queries.winners(award, None),
            "is_staff": rules.is_staff_for(request.user, summit),
            "mine": queries.my_applications(request.user, summit).filter(award=award),
        },
    )


@pagecache.public_page
def winners_page(request: HttpRequest, slug: str, award_slug: str) -> HttpResponse:
    summit, award = _award(request, slug, award_slug)
    winners = queries.winners(award, request.user)
    return render(
        request,
        "awards/winners.html",
        {
            "summit": summit,
            "award": award,
            "winners": winners,
            "results_public": rules.results_public(award),
            "is_staff": rules.is_staff_for(request.user, summit),
        },
    )


# --- the applicant ----------------------------------------------------------------------------


def sign_up(request: HttpRequest, slug: str, award_slug: str) -> HttpResponse:
    summit, award = _award(request, slug, award_slug)
    apply_url = reverse("awards:apply", args=[slug, award_slug])
    if request.user.is_authenticated:
        return redirect(apply_url)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready. Start your application."))
            return redirect(apply_url)
    return render(request, "awards/sign_up.html", {"summit": summit, "award": award, "form": form})


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """The applicant's applications; a POST issues an API token, shown this once."""
    secret = None
    if request.method == "POST":
        secret = services.issue_applicant_token(actor=request.user)
    return render(
        request,
        "awards/my_applications.html",
        {
            "applications": queries.my_applications(request.user).order_by("-created_at"),
            "secret": secret,
        },
    )


@login_required
def apply(request: HttpRequest, slug: str, award_slug: str) -> HttpResponse:
    """Start an application: category, who applies, title. Then the form itself."""
    summit, award = _award(request, slug, award_slug)
    form = ApplicantForm(
        request.POST or None,
        award=award,
        categories=queries.leaf_categories(award),
        initial={"language": request.LANGUAGE_CODE, "category": request.GET.get("category")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            category = queries.category(award, form.cleaned_data["category"])
            application = services.start_application(
                actor=request.user, award=award, category=category, data=form.service_data()
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Your draft is saved. Answer the questions below."))
            return redirect("awards:application", slug, award_slug, application.pk)
    return render(
        request,
        "awards/apply.html",
        {"summit": summit, "award": award, "form": form, "is_open": rules.is_open(award)},
    )


def _application_forms(request, award, application, *, bound: bool):
    questions = services.questions_for(application.category)
    data = request.POST if bound else None
    files = request.FILES if bound else None
    details = ApplicantForm(
        data,
        award=award,
        categories=[application.category],
        fixed_category=application.category,
        prefix="details",
        initial={
            "category": application.category_id,
            "applicant_kind": application.applicant_kind,
            "applicant_name": application.applicant_name,
            "city": application.city,
            "country": str(application.country),
            "title_ko": application.title_ko,
            "title_en": application.title_en,
            "language": application.language,
        },
    )
    answers = AnswersForm(
        data, files, questions=questions, answers=application.answers.all(), prefix="answers"
    )
    return details, answers


@login_required
def application_page(
    request: HttpRequest, slug: str, award_slug: str, application_id: int
) -> HttpResponse:
    """The applicant's form (draft: save / submit), or the read-only application with its
    status; staff also screen it here."""
    summit, award = _award(request, slug, award_slug)
    application = queries.application(award, request.user, application_id)
    editable = (
        rules.is_applicant(request.user, application)
        and application.status == ApplicationStatus.DRAFT
    )
    bound = request.method == "POST" and editable
    details, answers = _application_forms(request, award, application, bound=bound)
    if bound and details.is_valid() and answers.is_valid():
        try:
            services.update_draft(
                actor=request.user,
                application=application,
                data=details.service_data(),
                answers=answers.answers(),
            )
            for question, upload in answers.uploads():
                services.attach_file(
                    actor=request.user, application=application, question=question, upload=upload
                )
            if request.POST.get("action") == "submit":
                services.submit(actor=request.user, application=application)
        except ValidationError as error:
            add_form_errors(answers, error)
            application.refresh_from_db()
        else:
            if request.POST.get("action") == "submit":
                application.refresh_from_db()
                messages.success(
                    request,
                    _("Your application is submitted. Reference number: %(reference)s")
                    % {"reference": application.reference},
                )
            else:
                messages.success(request, _("Draft saved."))
            return redirect("awards:application", slug, award_slug, application.pk)
    return render(
        request,
        "awards/application.html",
        {
            "summit": summit,
            "award": award,
            "application": application,
            "details": details,
            "answers": answers,
            "editable": editable,
            "is_open": rules.is_open(award),
            "is_applicant": rules.is_applicant(request.user, application),
            "is_staff": rules.is_staff_for(request.user, summit),
            "screen_form": ScreenForm(
                initial={
                    "eligibility": application.eligibility
                    if application.eligibility != Eligibility.PENDING
                    else None,
                    "reason_ko": application.eligibility_reason_ko,
                    "reason_en": application.eligibility_reason_en,
                }
            ),
            "wins": queries.winners(award, request.user).filter(application=application),
        },
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, slug: str, award_slug: str, application_id: int):
    summit, award = _award(request, slug, award_slug)
    application = queries.application(award, request.user, application_id)
    rules.require_applicant(request.user, application)  # before asking anything
    ask = unless_confirmed(
        request,
        question=_("Withdraw the application “%(title)s”?") % {"title": application},
        consequence=_("It stays on record but is no longer considered."),
        button=_("Withdraw the application"),
    )
    if ask:
        return ask
    try:
        services.withdraw(actor=request.user, application=application)
    except ValidationError as error:
        for text in messages_of(error).get("__all__", []):
            messages.error(request, text)
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("awards:application", slug, award_slug, application.pk)


@login_required
def answer_file(
    request: HttpRequest, slug: str, award_slug: str, application_id: int, answer_id: int
) -> HttpResponse:
    """An attached file, only to those who may view the application (never a public URL)."""
    summit, award = _award(request, slug, award_slug)
    application = queries.application(award, request.user, application_id)
    answer = queries.answer(application, answer_id)
    name = answer.file_name or PurePath(answer.file.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        answer.file.open("rb"), content_type=content_type, as_attachment=True, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- staff ------------------------------------------------------------------------------------


@login_required
def manage_index(request: HttpRequest, slug: str) -> HttpResponse:
    """The summit's awards in the console, each with its applications."""
    summit = console_summit(request, slug, rules.PERMISSION)
    return render(
        request,
        "awards/manage_index.html",
        {"summit": summit, "panel": queries.dashboard_panel(request, summit)},
    )


@login_required
def manage(request: HttpRequest, slug: str, award_slug: str) -> HttpResponse:
    summit = console_summit(request, slug, rules.PERMISSION)
    award = queries.award(summit, award_slug)
    filters = {
        "category": request.GET.get("category", ""),
        "status": request.GET.get("status", ""),
        "eligibility": request.GET.get("eligibility", ""),
        "search": request.GET.get("q", "").strip(),
    }
    applications = queries.staff_applications(award, request.user, **filters)
    return render(
        request,
        "awards/manage.html",
        {
            "summit": summit,
            "award": award,
            "page": paginate(request, applications),
            "shown": applications.count(),
            "counts": queries.counts(award),
            "categories": queries.categories(award),
            "statuses": ApplicationStatus.choices,
            "eligibilities": Eligibility.choices,
            "filters": filters,
            "winners": queries.winners(award, request.user),
            "results_public": rules.results_public(award),
        },
    )


@login_required
@require_POST
def screen(request: HttpRequest, slug: str, award_slug: str, application_id: int):
    summit, award = _award(request, slug, award_slug)
    rules.require_staff(request.user, summit)
    application = queries.application(award, request.user, application_id)
    form = ScreenForm(request.POST)
    if form.is_valid():
        try:
            services.screen(
                actor=request.user,
                application=application,
                eligibility=form.cleaned_data["eligibility"],
                reason={"ko": form.cleaned_data["reason_ko"], "en": form.cleaned_data["reason_en"]},
            )
        except ValidationError as error:
            for texts in messages_of(error).values():
                for text in texts:
                    messages.error(request, text)
        else:
            messages.success(request, _("Screening saved."))
    else:
        messages.error(request, _("Choose eligible or ineligible."))
    return redirect("awards:application", slug, award_slug, application.pk)


@login_required
def export(request: HttpRequest, slug: str, award_slug: str) -> HttpResponse:
    summit = console_summit(request, slug, rules.PERMISSION)
    """Staff: the award's applications as XLSX, at once when few, else in the background."""
    award = queries.award(summit, award_slug)
    return exportviews.answer(request, summit, exchange.APPLICATIONS_EXPORT, {"award": award.slug})


@login_required
def certificate(request: HttpRequest, slug: str, award_slug: str, winner_id: int) -> HttpResponse:
    """A winner's certificate (PDF): staff, and the winning applicant once results are public."""
    summit, award = _award(request, slug, award_slug)
    winner = queries.winner(award, request.user, winner_id)
    pdf = certificates.certificate_pdf(
        summit=summit, award=award, winner=winner, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"{award.slug}-{winner.application.reference or winner.pk}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
