"""Every write of judging: validated, atomic, recorded in the history (who, what, when).

The assignment itself is the optimal solver's (`summitry.solvers.judging`); hand changes are
checked against the same rules, and a conflict of interest is never assigned."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from summitry.awards.models import Application, Award
from summitry.core import audit, runs
from summitry.core import services as core
from summitry.core.models import Run
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
)
from .problem import (  # noqa: F401 - also for callers
    answer_text,
    application_tags,
    build_problem,
    category_tag,
    conflict_reasons,
    declared_pairs,
    expertise_choices,
    reason_in_words,
)
from .queries import ASSIGNMENT_RUN, assignment_subject
from .scoring import is_open, save_score, score_value  # noqa: F401
from .selection import decide_winners, prize_title, set_shortlist  # noqa: F401

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


def start_assignment(*, actor, round: Round) -> Run:
    """Queue a run of the solver for ``round`` (``tasks.assign_judges``), or get the run under
    way. What can be refused at once (no right, scoring started) is refused at once; the
    request answers with the run and the round's page follows it."""
    from .tasks import assign_judges

    rules.require_staff(actor, round.award.summit)
    _refuse_if_scored(round)
    return runs.start(
        kind=ASSIGNMENT_RUN,
        subject=assignment_subject(round),
        summit=round.award.summit,
        actor=actor,
        task=assign_judges,
    )


def assignment_result(solution: solver.Solution) -> dict:
    """What a run keeps of the solver's answer, for the page and the API."""
    return {
        "total_score": solution.objective.total_score,
        "max_load": solution.objective.max_load,
        "assigned": sum(len(judges) for judges in solution.assignments.values()),
    }


@transaction.atomic
def run_assignment(*, actor, round: Round, report=None) -> solver.Solution:
    """Assign judges with the optimal solver; replaces an assignment nobody scored yet.
    Runs in the task queue (``start_assignment``); ``report`` hears the stage reached."""
    rules.require_staff(actor, round.award.summit)
    Round.objects.select_for_update().filter(pk=round.pk).first()
    _refuse_if_scored(round)
    problem = build_problem(round)
    if not problem.applications:
        raise ValidationError(_("This round has no applications to assign."))
    if report is not None:
        report(stage="solving", applications=len(problem.applications), judges=len(problem.judges))
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
                    "reasons": "; ".join(reason_in_words(r) for r in reasons),
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
