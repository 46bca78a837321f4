"""Pages of judging: the judge's dashboard, scoring page and profile; staff round management
(rounds, the assignment matrix, results, shortlist and winners). Anyone else gets a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from summitry.core import live, runs
from summitry.core.confirm import unless_confirmed
from summitry.core.errors import add_form_errors, flash_errors, messages_of
from summitry.summits import queries as summit_queries

from . import queries, rules, services
from .forms import (
    LANGUAGE_CHOICES,
    ChangeForm,
    ConflictForm,
    ProfileForm,
    RoundForm,
    ShortlistForm,
    WinnersForm,
)
from .matrix import matrix
from .models import Method, Verdict
from .results import DISAGREEMENT, results

# ---------------------------------------------------------------- judges


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """/judging/: the summits where the user judges (straight there when only one)."""
    summits = queries.my_judging_summits(request.user)
    if len(summits) == 1:
        return redirect("judging:dashboard", summits[0].slug)
    if not summits:
        raise Http404(_("You are not a judge of any award."))
    return render(request, "judging/home.html", {"summits": summits})


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    judges = queries.my_judges(summit, request.user)
    is_staff = rules.is_staff_for(request.user, summit)
    if not judges and not is_staff:
        raise Http404(_("You are not a judge of any award."))
    mine = list(queries.my_assignments(summit, request.user).prefetch_related("score"))
    rounds = queries.my_rounds(summit, request.user)
    for entry in rounds:
        entry["assignments"] = [a for a in mine if a.round_id == entry["round"].pk]
        entry["is_open"] = services.is_open(entry["round"])
    return render(
        request,
        "judging/dashboard.html",
        {"summit": summit, "judges": judges, "rounds": rounds, "is_staff": is_staff},
    )


def _score_context(summit, request, assignment, form_errors=None):
    round = assignment.round
    score = getattr(assignment, "score", None)
    previous, following, position, total = queries.neighbours(summit, request.user, assignment)
    criteria = queries.criteria(round)
    values = score.criteria if score else {}
    return {
        "summit": summit,
        "round": round,
        "assignment": assignment,
        "application": assignment.application,
        "answers": [
            (answer, services.answer_text(answer))
            for answer in queries.answers(assignment.application)
        ],
        "score": score,
        "criteria": [(c, values.get(str(c.pk))) for c in criteria],
        "verdicts": Verdict.choices,
        "is_open": services.is_open(round),
        "previous": previous,
        "next": following,
        "position": position,
        "total": total,
        "load": total,
        "rank_choices": range(1, total + 1),
        "methods": Method,
        "conflict_form": ConflictForm(),
        "errors": form_errors or {},
    }


def _score_data(post) -> dict:
    data: dict = {"comment": post.get("comment", "")}
    criteria = {
        key.removeprefix("criterion_"): value
        for key, value in post.items()
        if key.startswith("criterion_")
    }
    if criteria:
        data["criteria"] = criteria
    if "verdict" in post:
        data["verdict"] = post.get("verdict", "")
    if post.get("rank"):
        try:
            data["rank"] = int(post["rank"])
        except ValueError:
            raise ValidationError({"rank": [_("Enter a whole number.")]}) from None
    action = post.get("action")
    if action == "abstain":
        data.update(abstained=True, abstain_reason=post.get("abstain_reason", ""))
    elif action == "unabstain":
        data.update(abstained=False, abstain_reason="")
    return data


@login_required
def score(request: HttpRequest, slug: str, round_id: int, application_id: int) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    assignment = queries.my_assignment(summit, request.user, round_id, application_id)
    if request.method == "POST":
        try:
            saved = services.save_score(
                actor=request.user, assignment=assignment, **_score_data(request.POST)
            )
        except (ValidationError, PermissionDenied) as error:
            problems = (
                messages_of(error)
                if isinstance(error, ValidationError)
                else {"__all__": [str(error)]}
            )
            if request.htmx:
                return render(request, "judging/_saved.html", {"problems": problems}, status=200)
            assignment = queries.my_assignment(summit, request.user, round_id, application_id)
            context = _score_context(summit, request, assignment, problems)
            return render(request, "judging/score.html", context, status=400)
        target = request.POST.get("go")
        _prev, following, _pos, _total = queries.neighbours(summit, request.user, assignment)
        if request.htmx:
            response = render(request, "judging/_saved.html", {"score": saved})
            if target == "next" and following:
                # "Save and go to the next" inside the autosaving form: htmx follows this.
                response["HX-Redirect"] = reverse("judging:score", args=[slug, round_id, following])
            return response
        messages.success(request, _("Saved."))
        if target == "next" and following:
            return redirect("judging:score", slug, round_id, following)
        return redirect("judging:score", slug, round_id, application_id)
    return render(request, "judging/score.html", _score_context(summit, request, assignment))


@login_required
@require_POST
def declare_conflict(
    request: HttpRequest, slug: str, round_id: int, application_id: int
) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    assignment = queries.my_assignment(summit, request.user, round_id, application_id)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            services.declare_conflict(
                actor=request.user,
                judge=assignment.judge,
                application=assignment.application,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            flash_errors(request, error)
            return redirect("judging:score", slug, round_id, application_id)
        messages.success(
            request,
            _("Your conflict of interest is recorded; the application is taken off your list."),
        )
        return redirect("judging:dashboard", slug)
    messages.error(request, _("Say what the conflict is."))
    return redirect("judging:score", slug, round_id, application_id)


@login_required
def answer_file(request: HttpRequest, slug: str, answer_id: int) -> HttpResponse:
    """An application's file, for a judge assigned to it (files are outside the web root)."""
    summit = summit_queries.in_its_zone(request, slug)
    answer = queries.answer_file(summit, request.user, answer_id)
    return FileResponse(
        answer.file.open("rb"),
        as_attachment=False,
        filename=answer.file_name or answer.file.name.rsplit("/", 1)[-1],
    )


@login_required
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    summit = summit_queries.in_its_zone(request, slug)
    judges = queries.my_judges(summit, request.user)
    if not judges:
        raise Http404(_("You are not a judge of any award."))
    judge = judges[0]
    initial = {
        "expertise": judge.expertise,
        "languages": judge.languages,
        "conflict_organisations": "\n".join(judge.conflict_organisations),
    }
    choices = services.expertise_choices(judge.award)
    known = {value for value, _label in choices}
    initial["other_expertise"] = ", ".join(t for t in judge.expertise if t not in known)
    form = ProfileForm(request.POST or None, initial=initial, expertise_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(actor=request.user, judge=judge, **form.service_data())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("judging:profile", slug)
    return render(
        request,
        "judging/profile.html",
        {
            "summit": summit,
            "judge": judge,
            "form": form,
            "conflicts": queries.conflicts(summit, judge),
        },
    )


# ---------------------------------------------------------------- staff


def _staff_summit(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    if not rules.is_staff_for(request.user, summit):
        raise Http404(_("There is no such page for you here."))
    return summit


@login_required
def manage(request: HttpRequest, slug: str) -> HttpResponse:
    summit = _staff_summit(request, slug)
    awards = list(queries.awards(summit))
    form = RoundForm(request.POST or None, awards=awards)
    if request.method == "POST" and form.is_valid():
        data, criteria = form.service_data()
        try:
            round = services.create_round(
                actor=request.user,
                award=queries.award(summit, form.cleaned_data["award"]),
                data=data,
                criteria=criteria,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The round is created."))
            return redirect("judging:round", slug, round.pk)
    judges = list(queries.judges(summit))
    languages = dict(LANGUAGE_CHOICES)
    labels: dict[int, dict] = {}
    for judge in judges:
        if judge.award_id not in labels:
            labels[judge.award_id] = dict(services.expertise_choices(judge.award))
        judge.expertise_shown = [labels[judge.award_id].get(t, t) for t in judge.expertise]
        judge.languages_shown = [str(languages.get(code, code)) for code in judge.languages]
    return render(
        request,
        "judging/manage.html",
        {"summit": summit, "rounds": queries.rounds(summit), "judges": judges, "form": form},
    )


@login_required
def round_detail(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    summit = _staff_summit(request, slug)
    round = queries.round_for_staff(summit, request.user, round_id)
    applications = list(queries.round_applications(round))
    judges = list(queries.judges(summit, round.award).filter(is_active=True))
    form = ChangeForm(request.POST or None, applications=applications, judges=judges)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_app = {a.pk: a for a in applications}
        by_judge = {j.pk: j for j in judges}
        try:
            services.change_assignment(
                actor=request.user,
                round=round,
                kind=data["kind"],
                application=by_app[data["application"]],
                judge=by_judge.get(data["judge"]),
                new_judge=by_judge.get(data["new_judge"]),
                other_application=by_app.get(data["other_application"]),
                other_judge=by_judge.get(data["other_judge"]),
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The assignment is changed."))
            return redirect("judging:round", slug, round.pk)
    return render(
        request,
        "judging/round.html",
        {
            "summit": summit,
            "round": round,
            "grid": matrix(round, applications, judges),
            "form": form,
            **_assignment_run_panel(request, summit, round),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def run_assignment(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    summit = _staff_summit(request, slug)
    round = queries.round_for_staff(summit, request.user, round_id)
    if queries.has_assignments(round):
        ask = unless_confirmed(
            request,
            question=_("Run the assignment of “%(round)s” again?") % {"round": round},
            consequence=_(
                "Every assignment is made afresh, hand changes included (only while nobody has "
                "scored yet)."
            ),
            button=_("Run the assignment again"),
        )
        if ask:
            return ask
    try:
        run = services.start_assignment(actor=request.user, round=round)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        if run.status == "done":
            messages.success(request, assignment_message(run.result))
        elif run.status == "failed":
            for reason in run.errors:
                messages.error(request, reason)
        else:
            messages.info(
                request, _("The solver is assigning the judges; this page shows its progress.")
            )
    return redirect("judging:round", slug, round.pk)


def assignment_message(result: dict) -> str:
    return _("Judges are assigned: total match %(score)s, at most %(load)s applications each.") % {
        "score": result.get("total_score"),
        "load": result.get("max_load"),
    }


def _assignment_run_context(request, summit, round, run) -> dict:
    return {
        "summit": summit,
        "round": round,
        "run": run,
        "progress": runs.progress_of(run),
        "result_message": assignment_message(run.result) if run.status == "done" else "",
    }


def _assignment_run_panel(request, summit, round) -> dict:
    """The latest solver run while it is under way or when it failed (a finished one shows in
    the matrix itself), with what the page needs to follow it."""
    run = queries.assignment_run(round)
    if run is None or run.status == "done":
        return {"run": None}
    path = reverse("judging:assign-run", args=[summit.slug, round.pk, run.pk])
    return {
        **_assignment_run_context(request, summit, round, run),
        **live.live_context(request, runs.topic(run), "1s", path),
    }


@login_required
def assignment_run(request: HttpRequest, slug: str, round_id: int, run_id: int) -> HttpResponse:
    """The solver run's panel, polled by the round's page while the run is queued or running;
    once it is done the page reloads to show the new assignment."""
    summit = _staff_summit(request, slug)
    round = queries.round_for_staff(summit, request.user, round_id)
    run = queries.assignment_run(round, run_id)
    if run is None:
        raise Http404(_("There is no such run here."))
    response = live.fragment(
        request,
        runs.topic(run),
        "judging/_run.html",
        lambda: _assignment_run_context(request, summit, round, run),
    )
    if response.status_code == 200 and run.finished and request.htmx:
        response["HX-Refresh"] = "true"
    return response


@login_required
def round_results(request: HttpRequest, slug: str, round_id: int) -> HttpResponse:
    summit = _staff_summit(request, slug)
    round = queries.round_for_staff(summit, request.user, round_id)
    table = results(round)
    shortlist_form = ShortlistForm(prefix="shortlist")
    winners_form = WinnersForm(
        prefix="winners", applications=[r["application"] for r in table["rows"]]
    )
    status = 200
    if request.method == "POST":
        try:
            if "shortlist-top" in request.POST or "shortlist-threshold" in request.POST:
                shortlist_form = ShortlistForm(request.POST, prefix="shortlist")
                if shortlist_form.is_valid():
                    chosen = services.set_shortlist(
                        actor=request.user,
                        round=round,
                        top=shortlist_form.cleaned_data["top"],
                        threshold=shortlist_form.cleaned_data["threshold"],
                    )
                    messages.success(
                        request,
                        _("Shortlisted: %(count)s applications.") % {"count": len(chosen)},
                    )
                    return redirect("judging:results", slug, round.pk)
            else:
                winners_form = WinnersForm(
                    request.POST,
                    prefix="winners",
                    applications=[r["application"] for r in table["rows"]],
                )
                if winners_form.is_valid():
                    data = winners_form.cleaned_data
                    winners = services.decide_winners(
                        actor=request.user,
                        round=round,
                        top=None if data["applications"] else data["top"],
                        application_ids=data["applications"] or None,
                    )
                    messages.success(
                        request, _("Winners decided: %(count)s.") % {"count": len(winners)}
                    )
                    return redirect("judging:results", slug, round.pk)
        except ValidationError as error:
            flash_errors(request, error)
        status = 400
    return render(
        request,
        "judging/results.html",
        {
            "summit": summit,
            "round": round,
            "table": table,
            "disagreement": int(DISAGREEMENT),
            "shortlist_form": shortlist_form,
            "winners_form": winners_form,
            "next_url": reverse("judging:manage", args=[slug]),
        },
        status=status,
    )
