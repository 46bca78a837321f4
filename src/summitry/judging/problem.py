"""The judging solver's problem built from a round's rows (summitry.solvers.judging): the
applications and judges with their tags, the declared conflicts, the rules; and why a judge may
not judge an application. Reads rows itself (never through queries or services), so that
queries, services and rules can all use it without a cycle."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from summitry.awards.models import Application, ApplicationStatus, Award, Eligibility, QuestionKind
from summitry.core.bilingual import current_language, localise
from summitry.solvers import judging as solver

from .models import Conflict, Judge, Round, Source

# Weights of the match score: shared expertise tags count double, a common language once,
# the application's category among the judge's expertise once more.
WEIGHTS = solver.Weights(expertise=2, language=1, category=1)


def round_applications(round: Round) -> QuerySet[Application]:
    """The applications a round takes: every eligible submitted one, or the previous
    round's shortlist."""
    rows = Application.objects.filter(award_id=round.award_id).select_related(
        "category__parent", "organisation"
    )
    if round.source == Source.SHORTLIST:
        return rows.filter(
            shortlistings__round__award_id=round.award_id,
            shortlistings__round__number=round.number - 1,
        )
    return rows.filter(status=ApplicationStatus.SUBMITTED, eligibility=Eligibility.ELIGIBLE)


def category_tag(category) -> str:
    return slugify(category.name_en or category.name_ko, allow_unicode=True)


def application_tags(application: Application) -> list[str]:
    """What an application is about: its category (and the parent), and its choice answers."""
    tags = []
    category = application.category
    while category is not None:
        tags.append(category_tag(category))
        category = category.parent
    for answer in application.answers.all():
        if answer.question.kind == QuestionKind.CHOICE and answer.text:
            tags.extend(value for value in answer.text.split(",") if value)
    return tags


def expertise_choices(award: Award) -> list[tuple[str, str]]:
    """The tags a judge can claim: the award's categories and its choice-question values."""
    choices: dict[str, str] = {}
    for category in award.categories.all():
        choices[category_tag(category)] = str(localise(category, "name"))
    for question in award.questions.filter(kind=QuestionKind.CHOICE):
        for choice in question.choices:
            value = choice.get("value")
            if value:
                choices.setdefault(
                    value, choice.get(current_language()) or choice.get("en") or value
                )
    return list(choices.items())


def answer_text(answer) -> str:
    """An answer as the judge reads it: a choice by its label in the reader's language."""
    if answer.question.kind != QuestionKind.CHOICE:
        return answer.text
    labels = {c.get("value"): c for c in answer.question.choices}
    lang = current_language()
    shown = []
    for value in (v for v in answer.text.split(",") if v):
        choice = labels.get(value, {})
        shown.append(choice.get(lang) or choice.get("en") or choice.get("ko") or value)
    return ", ".join(shown)


def _application(application: Application) -> solver.Application:
    return solver.Application(
        id=str(application.pk),
        category=category_tag(application.category),
        languages=(application.language,),
        tags=tuple(application_tags(application)),
        organisation=str(application.organisation or application.applicant_name),
        city=application.city or None,
        country=str(application.country) or None,
    )


def _judge(round: Round, judge: Judge) -> solver.Judge:
    return solver.Judge(
        id=str(judge.pk),
        max_load=judge.max_load if judge.max_load is not None else round.max_load,
        languages=tuple(judge.languages),
        tags=tuple(judge.expertise),
        organisation=judge.organisation_en or judge.organisation_ko or None,
        city=judge.city or None,
        country=str(judge.country) or None,
    )


def _names(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def declared_pairs(judges: Iterable[Judge], applications: Iterable[Application]) -> set:
    """Declared conflicts: on an application, or on an organisation by name."""
    judges = list(judges)
    applications = list(applications)
    pairs = {
        (str(c.judge_id), str(c.application_id))
        for c in Conflict.objects.filter(judge__in=judges, application__in=applications)
    }
    for judge in judges:
        named = {_names(n) for n in judge.conflict_organisations if _names(n)}
        if not named:
            continue
        for application in applications:
            theirs = {
                _names(application.applicant_name),
                _names(str(application.organisation or "")),
            }
            if application.organisation is not None:
                theirs |= {
                    _names(application.organisation.name_en),
                    _names(application.organisation.name_ko),
                }
            if named & theirs:
                pairs.add((str(judge.pk), str(application.pk)))
    return pairs


def _rules(round: Round) -> solver.Rules:
    return solver.Rules(
        same_organisation=round.same_organisation,
        same_city=round.same_city,
        same_country=round.same_country,
        require_common_language=round.require_common_language,
    )


def build_problem(round: Round, applications=None, judges=None) -> solver.Problem:
    applications = list(
        applications
        if applications is not None
        else round_applications(round).prefetch_related("answers__question")
    )
    judges = list(judges if judges is not None else round.award.judges.filter(is_active=True))
    return solver.Problem(
        applications=tuple(_application(a) for a in applications),
        judges=tuple(_judge(round, j) for j in judges),
        judges_per_application=round.judges_per_application,
        conflicts=frozenset(declared_pairs(judges, applications)),
        rules=_rules(round),
        weights=WEIGHTS,
        round=str(round.pk),
    )


def reason_in_words(reason: str) -> str:
    """The solver's reasons (English, fixed forms) in the reader's language."""
    for prefix, text in (
        ("same organisation", _("same organisation")),
        ("same city", _("same city")),
        ("same country", _("same country")),
    ):
        if reason.startswith(prefix):
            return f"{text}{reason[len(prefix) :]}"
    return _("declared conflict")


def conflict_reasons(round: Round, judge: Judge, application: Application) -> list[str]:
    """Why the judge may not judge the application in this round (empty: no conflict)."""
    problem = build_problem(round, applications=[application], judges=[judge])
    found = solver.conflict_reasons(problem, problem.applications[0], problem.judges[0])
    return [reason_in_words(reason) for reason in found]
