"""Every write of judging: validated, atomic, recorded in the history (who, what, when).

The assignment itself is the optimal solver's (`summitry.solvers.judging`); hand changes are
checked against the same rules, and a conflict of interest is never assigned."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from summitry.awards import services as award_services
from summitry.awards.models import Application, Award, QuestionKind
from summitry.core import audit
from summitry.core import services as core
from summitry.core.bilingual import current_language, localise
from summitry.solvers import judging as solver

from . import queries, rules
from .models import (
    Assignment,
    Conflict,
    Criterion,
    Judge,
    Method,
    Round,
    Score,
    ShortlistEntry,
    Source,
    Verdict,
)

# Weights of the match score: shared expertise tags count double, a common language once,
# the application's category among the judge's expertise once more.
WEIGHTS = solver.Weights(expertise=2, language=1, category=1)
VERDICT_VALUES = {Verdict.YES: 100.0, Verdict.MAYBE: 50.0, Verdict.NO: 0.0}


# ---------------------------------------------------------------- tags and the solver's problem


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
        else queries.round_applications(round).prefetch_related("answers__question")
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


def _reason_in_words(reason: str) -> str:
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
    return [_reason_in_words(reason) for reason in found]


# ---------------------------------------------------------------- judges


@transaction.atomic
def add_judge(*, actor, award: Award, user, **data) -> Judge:
    judge = core.create(actor=actor, instance=Judge(award=award, user=user, **data))
    from django.contrib.auth.models import Group

    group, _created = Group.objects.get_or_create(name=rules.JUDGES_GROUP)
    user.groups.add(group)
    return judge


LANGUAGE_CODES = ("ko", "en")


@transaction.atomic
def appoint_judge(*, actor, award: Award, username: str, data: dict) -> Judge:
    """Staff make an existing account a judge of an award (the account joins the judges'
    group, which gives no staff rights)."""
    from django.contrib.auth import get_user_model

    rules.require_staff(actor, award.summit)
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({"username": [_("There is no active account with this name.")]})
    values = core.flatten_bilingual(data)
    unknown = [code for code in values.get("languages", []) if code not in LANGUAGE_CODES]
    if unknown or not values.get("languages"):
        raise ValidationError({"languages": [_("Choose Korean or English.")]})
    return add_judge(actor=actor, award=award, user=user, **values)


@transaction.atomic
def update_profile(
    *, actor, judge: Judge, expertise: list[str], languages: list[str], conflict_organisations
) -> Judge:
    if not (rules.is_judge(actor, judge) or rules.is_staff_for(actor, judge.award.summit)):
        raise PermissionDenied(_("You may not change this judge."))
    languages = [code for code in languages if code]
    if not languages:
        raise ValidationError({"languages": [_("Choose at least one language.")]})
    unknown = [code for code in languages if code not in LANGUAGE_CODES]
    if unknown:
        raise ValidationError({"languages": [_("Choose Korean or English.")]})
    organisations = [" ".join(n.split()) for n in conflict_organisations if n.strip()]
    return core.update(
        actor=actor,
        instance=judge,
        changes={
            "expertise": sorted({t.strip() for t in expertise if t.strip()}),
            "languages": languages,
            "conflict_organisations": organisations,
        },
    )


@transaction.atomic
def declare_conflict(*, actor, judge: Judge, application: Application, reason: str) -> Conflict:
    """A judge (or staff for them) declares a conflict: the judge is taken off the
    application in every round, with any score they gave it."""
    if not (rules.is_judge(actor, judge) or rules.is_staff_for(actor, judge.award.summit)):
        raise PermissionDenied(_("You may not declare conflicts for this judge."))
    if application.award_id != judge.award_id:
        raise ValidationError(_("This application is not part of the judge's award."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say what the conflict is.")]})
    existing = Conflict.objects.filter(judge=judge, application=application).first()
    if existing is not None:
        return existing
    conflict = core.create(
        actor=actor, instance=Conflict(judge=judge, application=application, reason=reason.strip())
    )
    for assignment in Assignment.objects.filter(judge=judge, application=application):
        core.delete(actor=actor, instance=assignment)
    return conflict


# ---------------------------------------------------------------- rounds


@transaction.atomic
def create_round(*, actor, award: Award, data: dict, criteria: list[dict] | None = None) -> Round:
    rules.require_staff(actor, award.summit)
    data = dict(data)
    if "number" not in data or data["number"] is None:
        last = award.rounds.order_by("-number").first()
        data["number"] = (last.number + 1) if last else 1
    round = core.create(actor=actor, instance=Round(award=award, **core.flatten_bilingual(data)))
    if round.method == Method.RUBRIC and not criteria:
        raise ValidationError({"criteria": [_("A rubric needs at least one criterion.")]})
    for position, criterion in enumerate(criteria or []):
        core.create(
            actor=actor,
            instance=Criterion(
                round=round, position=position, **core.flatten_bilingual(dict(criterion))
            ),
        )
    return round


def _refuse_if_scored(round: Round) -> None:
    if Score.objects.filter(assignment__round=round).exists():
        raise ValidationError(
            _("Judges have started scoring this round; change the assignment by hand.")
        )


@transaction.atomic
def run_assignment(*, actor, round: Round) -> solver.Solution:
    """Assign judges with the optimal solver; replaces an assignment nobody scored yet."""
    rules.require_staff(actor, round.award.summit)
    Round.objects.select_for_update().filter(pk=round.pk).first()
    _refuse_if_scored(round)
    problem = build_problem(round)
    if not problem.applications:
        raise ValidationError(_("This round has no applications to assign."))
    solution = solver.solve(problem)
    if solution.status != solver.OPTIMAL:
        raise ValidationError(
            [
                _(
                    "No assignment keeps every rule: add judges, raise load limits or lower the "
                    "number of judges per application."
                )
            ]
            + list(solution.reasons[:5])
        )
    Assignment.objects.filter(round=round).delete()
    Assignment.objects.bulk_create(
        Assignment(round=round, judge_id=int(j), application_id=int(a))
        for a, judges in solution.assignments.items()
        for j in judges
    )
    round.assigned_at = timezone.now()
    round.save(update_fields=["assigned_at"])
    audit.record(actor=actor, obj=round, action="changed", fields=["assignments"])
    return solution


def current_pairs(round: Round) -> dict[str, list[str]]:
    pairs: dict[str, list[str]] = {}
    for application_id, judge_id in Assignment.objects.filter(round=round).values_list(
        "application_id", "judge_id"
    ):
        pairs.setdefault(str(application_id), []).append(str(judge_id))
    return pairs


CHANGE_KINDS = ("replace", "move", "swap", "add", "remove")


def _changes(kind, application, judge, new_judge, other_application, other_judge):
    ids = {
        "a": str(application.pk),
        "j": str(judge.pk) if judge else None,
        "n": str(new_judge.pk) if new_judge else None,
        "oa": str(other_application.pk) if other_application else None,
        "oj": str(other_judge.pk) if other_judge else None,
    }
    needed = {
        "replace": ("j", "n"),
        "move": ("j", "oa"),
        "swap": ("j", "oa", "oj"),
        "add": ("n",),
        "remove": ("j",),
    }
    if kind not in needed:
        raise ValidationError({"kind": [_("Choose replace, move, swap, add or remove.")]})
    missing = [key for key in needed[kind] if ids[key] is None]
    if missing:
        raise ValidationError(_("This change needs a judge and an application on each side."))
    if kind == "replace":
        return solver.replace(ids["a"], ids["j"], ids["n"])
    if kind == "move":
        return solver.move(ids["j"], ids["a"], ids["oa"])
    if kind == "swap":
        return solver.swap(ids["a"], ids["j"], ids["oa"], ids["oj"])
    if kind == "add":
        return [solver.Change(ids["a"], add=ids["n"])]
    return [solver.Change(ids["a"], remove=ids["j"])]


def check_change(round: Round, changes: list, problem=None) -> list[str]:
    """What a hand change breaks, in the reader's language (empty: it keeps every rule)."""
    problem = problem or build_problem(round)
    apps, judges = problem.index()
    names = {str(j.pk): str(j) for j in round.award.judges.all()}
    labels = {str(a.pk): str(a) for a in queries.round_applications(round)}

    def judge_name(judge_id):
        return names.get(judge_id, judge_id)

    def app_name(application_id):
        return labels.get(application_id, application_id)

    before = current_pairs(round)
    after = {a: list(js) for a, js in before.items()}
    messages = []
    for change in changes:
        given = after.setdefault(change.application_id, [])
        if change.application_id not in apps:
            messages.append(_("This application is not part of the round."))
            continue
        if change.remove is not None:
            if change.remove in given:
                given.remove(change.remove)
            else:
                messages.append(
                    _("%(judge)s is not assigned to %(application)s.")
                    % {
                        "judge": judge_name(change.remove),
                        "application": app_name(change.application_id),
                    }
                )
        if change.add is not None:
            if change.add not in judges:
                messages.append(_("This judge is not a judge of the round."))
                continue
            if change.add in given:
                messages.append(
                    _("%(judge)s is already assigned to %(application)s.")
                    % {
                        "judge": judge_name(change.add),
                        "application": app_name(change.application_id),
                    }
                )
            given.append(change.add)
    if messages:
        return messages
    touched_apps = {c.application_id for c in changes}
    touched_judges = {j for c in changes for j in (c.remove, c.add) if j is not None}
    k = problem.k
    for violation in solver.violations(problem, after):
        a, j = violation.application_id, violation.judge_id
        if violation.rule == "count":
            # Only a count the change made worse: fixing one judge at a time must be possible.
            if a not in touched_apps or abs(len(after.get(a, [])) - k) <= abs(
                len(before.get(a, [])) - k
            ):
                continue
            messages.append(
                _("%(application)s would have %(count)s judges; it needs %(needed)s.")
                % {"application": app_name(a), "count": len(after.get(a, [])), "needed": k}
            )
        elif violation.rule == "conflict" and a in touched_apps and j in touched_judges:
            reasons = solver.conflict_reasons(problem, apps[a], judges[j])
            messages.append(
                _("%(judge)s has a conflict of interest with %(application)s: %(reasons)s.")
                % {
                    "judge": judge_name(j),
                    "application": app_name(a),
                    "reasons": "; ".join(_reason_in_words(r) for r in reasons),
                }
            )
        elif violation.rule == "language" and a in touched_apps and j in touched_judges:
            messages.append(
                _("%(judge)s does not read the language of %(application)s.")
                % {"judge": judge_name(j), "application": app_name(a)}
            )
        elif violation.rule == "max_load" and j in touched_judges:
            load = sum(j in js for js in after.values())
            messages.append(
                _("%(judge)s would judge %(load)s applications, above the limit of %(limit)s.")
                % {"judge": judge_name(j), "load": load, "limit": judges[j].max_load}
            )
    return messages


@transaction.atomic
def change_assignment(
    *,
    actor,
    round: Round,
    kind: str,
    application: Application,
    judge: Judge | None = None,
    new_judge: Judge | None = None,
    other_application: Application | None = None,
    other_judge: Judge | None = None,
) -> None:
    """A hand change (replace, move, swap, add, remove), refused with reasons when it breaks
    a rule. A judge taken off an application loses the score they gave it."""
    rules.require_staff(actor, round.award.summit)
    Round.objects.select_for_update().filter(pk=round.pk).first()
    changes = _changes(kind, application, judge, new_judge, other_application, other_judge)
    messages = check_change(round, changes)
    if messages:
        raise ValidationError(messages)
    for change in changes:
        if change.remove is not None:
            for assignment in Assignment.objects.filter(
                round=round, application_id=int(change.application_id), judge_id=int(change.remove)
            ):
                core.delete(actor=actor, instance=assignment)
        if change.add is not None:
            core.create(
                actor=actor,
                instance=Assignment(
                    round=round,
                    application_id=int(change.application_id),
                    judge_id=int(change.add),
                    manual=True,
                ),
            )


# ---------------------------------------------------------------- scores


def is_open(round: Round, now=None) -> bool:
    now = now or timezone.now()
    return round.opens_at <= now < round.closes_at


def score_value(round: Round, score: Score, criteria: list[Criterion], load: int) -> float | None:
    """0–100 when the score is complete for the round's method, else None."""
    if score.abstained:
        return None
    if round.method == Method.RUBRIC:
        total = weights = 0.0
        for criterion in criteria:
            value = score.criteria.get(str(criterion.pk))
            if value is None:
                return None
            total += criterion.weight * (value - 1) / (criterion.scale - 1)
            weights += criterion.weight
        return round_to(100 * total / weights) if weights else None
    if round.method == Method.YES_NO:
        return VERDICT_VALUES.get(score.verdict)
    if score.rank is None:
        return None
    return round_to(100 * (load - score.rank) / (load - 1)) if load > 1 else 100.0


def round_to(value: float) -> float:
    return float(f"{value:.2f}")


def _clean_criteria(round: Round, criteria: list[Criterion], given: dict) -> dict[str, int]:
    known = {str(c.pk): c for c in criteria}
    cleaned: dict[str, int] = {}
    errors: dict[str, list[str]] = {}
    for key, raw in (given or {}).items():
        criterion = known.get(str(key))
        if criterion is None:
            errors.setdefault("criteria", []).append(_("This round has no such criterion."))
            continue
        if raw in (None, ""):
            continue
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[f"criteria.{key}"] = [_("Enter a whole number.")]
            continue
        if not 1 <= value <= criterion.scale:
            errors[f"criteria.{key}"] = [
                _("%(criterion)s is scored from 1 to %(scale)s.")
                % {"criterion": localise(criterion, "name"), "scale": criterion.scale}
            ]
            continue
        cleaned[str(key)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_score(
    *,
    actor,
    assignment: Assignment,
    criteria: dict | None = None,
    verdict: str | None = None,
    rank: int | None = None,
    comment: str | None = None,
    abstained: bool | None = None,
    abstain_reason: str | None = None,
) -> Score:
    """A judge saves (part of) their score; only their own, only while the round is open.
    Fields left as None keep what was saved."""
    round = assignment.round
    if not rules.is_judge(actor, assignment.judge):
        raise PermissionDenied(_("Only the assigned judge may score this application."))
    if conflict_reasons(round, assignment.judge, assignment.application):
        raise PermissionDenied(_("You have a conflict of interest with this application."))
    if not is_open(round):
        raise ValidationError(_("This round is not open for scoring."))
    score = Score.objects.filter(assignment=assignment).first() or Score(assignment=assignment)
    is_new = score.pk is None
    round_criteria = list(round.criteria.all())
    if criteria is not None:
        score.criteria = {**score.criteria, **_clean_criteria(round, round_criteria, criteria)}
        score.criteria = {k: v for k, v in score.criteria.items() if criteria.get(k) != ""}
    if verdict is not None:
        if verdict and verdict not in Verdict.values:
            raise ValidationError({"verdict": [_("Choose yes, no or maybe.")]})
        score.verdict = verdict
    load = Assignment.objects.filter(round=round, judge=assignment.judge).count()
    if rank is not None:
        if not 1 <= rank <= load:
            raise ValidationError({"rank": [_("Rank from 1 to %(count)s.") % {"count": load}]})
        taken = Score.objects.filter(
            assignment__round=round, assignment__judge=assignment.judge, rank=rank
        ).exclude(pk=score.pk)
        if taken.exists():
            raise ValidationError({"rank": [_("You gave this rank to another application.")]})
        score.rank = rank
    if comment is not None:
        score.comment = comment
    if abstained is not None:
        score.abstained = abstained
    if abstain_reason is not None:
        score.abstain_reason = abstain_reason.strip()
    if score.abstained and not score.abstain_reason:
        raise ValidationError({"abstain_reason": [_("Say why you abstain.")]})
    score.value = score_value(round, score, round_criteria, load)
    core.validate(score)
    score.save()
    audit.record(
        actor=actor,
        obj=score,
        action="added" if is_new else "changed",
        fields=["criteria", "verdict", "rank", "comment", "abstained", "value"],
    )
    return score


# ---------------------------------------------------------------- shortlist and winners


def _cut(ranked: list[dict], top: int | None, threshold: float | None) -> tuple[list, list]:
    """The rows kept by "top N" or "score at least", and the rows tied across the cut."""
    scored = [r for r in ranked if r["normalised"] is not None]
    if threshold is not None:
        return [r for r in scored if r["normalised"] >= threshold], []
    kept = scored[:top]
    if top and len(scored) > top and kept and scored[top]["normalised"] == kept[-1]["normalised"]:
        tied = [r for r in scored if r["normalised"] == kept[-1]["normalised"]]
        return kept, tied
    return kept, []


def _selection(round, top, threshold, application_ids):
    from .results import results

    table = results(round)
    if application_ids is not None:
        known = {r["application"].pk for r in table["rows"]}
        unknown = set(application_ids) - known
        if unknown:
            raise ValidationError(_("Choose applications of this round."))
        return [
            r["application"] for r in table["rows"] if r["application"].pk in set(application_ids)
        ]
    if top is None and threshold is None:
        raise ValidationError(_("Give a number per category or a threshold."))
    if top is not None and top < 1:
        raise ValidationError({"top": [_("Take at least one application per category.")]})
    chosen, ties = [], []
    for group in table["categories"]:
        kept, tied = _cut(group["rows"], top, threshold)
        chosen.extend(r["application"] for r in kept)
        if tied:
            ties.append((group["category"], tied))
    if ties:
        raise ValidationError(
            [
                _("Tied at the cut in %(category)s: %(applications)s. Choose by hand.")
                % {
                    "category": localise(category, "name"),
                    "applications": ", ".join(str(r["application"]) for r in tied),
                }
                for category, tied in ties
            ]
        )
    return chosen


@transaction.atomic
def set_shortlist(
    *,
    actor,
    round: Round,
    top: int | None = None,
    threshold: float | None = None,
    application_ids: list[int] | None = None,
) -> list[Application]:
    """Shortlist the top N per category, those at or above a threshold (normalised), or
    the applications chosen by hand. Ties across the cut are refused, never broken."""
    rules.require_staff(actor, round.award.summit)
    chosen = _selection(round, top, threshold, application_ids)
    later = Round.objects.filter(
        award=round.award, number=round.number + 1, source=Source.SHORTLIST
    )
    if later.exists() and Assignment.objects.filter(round__in=later).exists():
        raise ValidationError(_("The next round is already assigned; its applications are fixed."))
    ShortlistEntry.objects.filter(round=round).delete()
    ShortlistEntry.objects.bulk_create(ShortlistEntry(round=round, application=a) for a in chosen)
    audit.record(actor=actor, obj=round, action="changed", fields=["shortlist"])
    return chosen


def prize_title(award: Award, category) -> dict[str, str]:
    return {
        lang: " · ".join(
            part
            for part in (str(localise(award, "name", lang)), str(localise(category, "name", lang)))
            if part
        )
        for lang in LANGUAGE_CODES
    }


def _by_category(applications: list[Application]) -> list[tuple]:
    """The applications grouped by category, in the order given (best first)."""
    groups: dict[int, tuple] = {}
    for application in applications:
        groups.setdefault(application.category_id, (application.category, []))[1].append(
            application
        )
    return list(groups.values())


@transaction.atomic
def decide_winners(
    *, actor, round: Round, top: int | None = None, application_ids: list[int] | None = None
) -> list:
    """The final round decides the winners per category through the awards service."""
    rules.require_staff(actor, round.award.summit)
    if not round.is_final:
        raise ValidationError(_("Only the final round decides the winners."))
    chosen = _selection(round, top, None, application_ids)
    if not chosen:
        raise ValidationError(_("Choose at least one winner."))
    winners = []
    groups = {c.pk: (c, apps) for c, apps in _by_category(chosen)}
    for application in queries.round_applications(round):
        groups.setdefault(application.category_id, (application.category, []))
    for category, applications in groups.values():
        winners.extend(
            award_services.set_winners(
                actor=actor,
                category=category,
                entries=[
                    (application, prize_title(round.award, category), rank)
                    for rank, application in enumerate(applications, start=1)
                ],
            )
        )
    ShortlistEntry.objects.filter(round=round).delete()
    ShortlistEntry.objects.bulk_create(ShortlistEntry(round=round, application=a) for a in chosen)
    round.decided_at = timezone.now()
    round.save(update_fields=["decided_at"])
    audit.record(actor=actor, obj=round, action="changed", fields=["winners"])
    return winners
