"""Reads of judging, always summit-scoped. A judge's reads return only their own
assignments, so another judge's application (or a conflicted one) is a 404, never a 403."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from summitry.awards.models import Answer, Application, Award
from summitry.core.models import Run
from summitry.core.scoping import in_summit
from summitry.summits.models import Summit

from . import rules
from .models import Assignment, Conflict, Criterion, Judge, Round, Score, ShortlistEntry
from .problem import conflict_reasons, round_applications


def awards(summit: Summit) -> QuerySet[Award]:
    return in_summit(Award, summit)


def award(summit: Summit, award_id: int) -> Award:
    found = awards(summit).filter(pk=award_id).first()
    if found is None:
        raise Http404(_("There is no such award here."))
    return found


def rounds(summit: Summit) -> QuerySet[Round]:
    return in_summit(Round, summit).select_related("award").prefetch_related("criteria")


def round_for_staff(summit: Summit, user, round_id: int) -> Round:
    """A round for judging staff; everyone else gets a 404."""
    found = rounds(summit).filter(pk=round_id).first() if rules.is_staff_for(user, summit) else None
    if found is None:
        raise Http404(_("There is no such round for you here."))
    return found


ASSIGNMENT_RUN = "judging.assign"


def assignment_subject(round: Round) -> str:
    return f"round:{round.pk}"


def assignment_run(round: Round, run_id: int | None = None) -> Run | None:
    """The round's latest run of the assignment solver (or the one numbered ``run_id``)."""
    found = Run.objects.filter(kind=ASSIGNMENT_RUN, subject=assignment_subject(round))
    if run_id is not None:
        return found.filter(pk=run_id).first()
    return found.order_by("-created_at", "-pk").first()


def criteria(round: Round) -> list[Criterion]:
    return list(round.criteria.all())


def judges(summit: Summit, award: Award | None = None) -> QuerySet[Judge]:
    rows = in_summit(Judge, summit).select_related("user", "award")
    return rows.filter(award=award) if award is not None else rows


def judge_for_staff(summit: Summit, judge_id: int) -> Judge:
    found = judges(summit).filter(pk=judge_id).first()
    if found is None:
        raise Http404(_("There is no such judge here."))
    return found


def my_judges(summit: Summit, user) -> list[Judge]:
    """The user's judge records in this summit (one per award they judge)."""
    if not user.is_authenticated:
        return []
    return list(judges(summit).filter(user=user, is_active=True))


def application(summit: Summit, application_id: int) -> Application:
    found = in_summit(Application, summit).select_related("award").filter(pk=application_id)
    found = found.first()
    if found is None:
        raise Http404(_("There is no such application."))
    return found


def my_judge(summit: Summit, user, award: Award) -> Judge:
    found = next((j for j in my_judges(summit, user) if j.award_id == award.pk), None)
    if found is None:
        raise Http404(_("You are not a judge of this award."))
    return found


def round_application(round: Round, application_id: int) -> Application:
    found = round_applications(round).filter(pk=application_id).first()
    if found is None:
        raise Http404(_("This round has no such application."))
    return found


def assignments(round: Round) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(round=round)
        .select_related("judge", "application__category__parent")
        .prefetch_related(Prefetch("score", queryset=Score.objects.all()))
    )


def assigned_application_ids(round: Round) -> list[int]:
    return list(Assignment.objects.filter(round=round).values_list("application_id", flat=True))


def assignment_for_staff(round: Round, assignment_id: int) -> Assignment:
    found = assignments(round).filter(pk=assignment_id).first()
    if found is None:
        raise Http404(_("There is no such assignment here."))
    return found


def scores(round: Round) -> QuerySet[Score]:
    return Score.objects.filter(assignment__round=round).select_related(
        "assignment__judge", "assignment__application__category__parent"
    )


def conflicts(summit: Summit, judge: Judge | None = None) -> QuerySet[Conflict]:
    rows = in_summit(Conflict, summit).select_related("judge", "application")
    return rows.filter(judge=judge) if judge is not None else rows


def shortlist(round: Round) -> QuerySet[ShortlistEntry]:
    return ShortlistEntry.objects.filter(round=round).select_related("application__category")


def my_assignments(summit: Summit, user) -> QuerySet[Assignment]:
    """The user's own assignments, without those the judge is in declared conflict with."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    declared = Conflict.objects.filter(judge__user=user).values("application_id")
    return (
        in_summit(Assignment, summit)
        .filter(judge__user=user, judge__is_active=True)
        .exclude(application_id__in=declared)
        .select_related("round__award", "judge", "application__category__parent")
        .order_by("round__number", "application__reference", "application__pk")
    )


def my_rounds(summit: Summit, user) -> list[dict]:
    """Each round the judge has work in, with their progress."""
    mine = my_assignments(summit, user)
    totals = (
        mine.values("round")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(score__abstained=True) | Q(score__value__isnull=False)),
        )
        .order_by()
    )
    by_round = {row["round"]: row for row in totals}
    found = rounds(summit).filter(pk__in=by_round).order_by("award", "number")
    return [{**by_round[r.pk], "round": r} for r in found]


def my_assignment(summit: Summit, user, round_id: int, application_id: int) -> Assignment:
    """One of the judge's own assignments; anything else (another judge's, a conflicted
    one, an unknown one) is a 404."""
    found = my_assignments(summit, user).filter(round_id=round_id, application_id=application_id)
    assignment = found.prefetch_related("round__criteria").first()
    if assignment is None:
        raise Http404(_("There is no such application for you to judge."))
    if conflict_reasons(assignment.round, assignment.judge, assignment.application):
        raise Http404(_("There is no such application for you to judge."))
    return assignment


def my_assignment_by_id(summit: Summit, user, assignment_id: int) -> Assignment:
    found = my_assignments(summit, user).filter(pk=assignment_id).first()
    if found is None:
        raise Http404(_("There is no such application for you to judge."))
    return my_assignment(summit, user, found.round_id, found.application_id)


def neighbours(summit: Summit, user, assignment: Assignment) -> tuple:
    """The previous and next of the judge's applications in the same round."""
    ids = list(
        my_assignments(summit, user)
        .filter(round=assignment.round)
        .values_list("application_id", flat=True)
    )
    at = ids.index(assignment.application_id)
    previous = ids[at - 1] if at > 0 else None
    following = ids[at + 1] if at + 1 < len(ids) else None
    return previous, following, at + 1, len(ids)


def answers(application: Application) -> QuerySet[Answer]:
    return application.answers.select_related("question").order_by("question__position", "pk")


def answer_file(summit: Summit, user, answer_id: int) -> Answer:
    """A file of an application the user is assigned to judge (and not in conflict with)."""
    answer = in_summit(Answer, summit).filter(pk=answer_id).exclude(file="").first()
    if answer is None:
        raise Http404(_("There is no such file for you."))
    rows = my_assignments(summit, user).filter(application_id=answer.application_id)
    assignment = rows.first()
    if assignment is None:
        raise Http404(_("There is no such file for you."))
    my_assignment(summit, user, assignment.round_id, assignment.application_id)
    return answer


def award_applications(award: Award) -> QuerySet[Application]:
    return Application.objects.filter(award=award).select_related("category")


def my_judging_summits(user) -> list:
    """The summits where the user judges an award (a judge's own records, across summits)."""
    if not user.is_authenticated:
        return []
    found = Judge.objects.filter(user=user, is_active=True).select_related("award__summit")
    return list({j.award.summit.pk: j.award.summit for j in found}.values())


def my_page_block(request, summit=None) -> dict | None:
    """For a person's own page: a link to their judging, if they judge anywhere."""
    return {} if my_judging_summits(request.user) else None


def dashboard_panel(request, summit) -> dict | None:
    """The console's panel: each round's assignments and how many are scored."""
    from django.db.models import Count, Q

    from .models import Assignment

    found = list(rounds(summit))
    if not found:
        return None
    scored = Q(score__isnull=False) & (
        Q(score__value__isnull=False)
        | Q(score__abstained=True)
        | ~Q(score__verdict="")
        | Q(score__rank__isnull=False)
    )
    progress = {
        row["round"]: row
        for row in Assignment.objects.filter(round__in=found)
        .values("round")
        .annotate(total=Count("pk"), done=Count("pk", filter=scored))
        .order_by()
    }
    for entry in found:
        figures = progress.get(entry.pk, {"total": 0, "done": 0})
        entry.total, entry.done = figures["total"], figures["done"]
        entry.percent = round(100 * entry.done / entry.total) if entry.total else 0
    return {"rounds": found}


def has_assignments(round: Round) -> bool:
    from .models import Assignment

    return Assignment.objects.filter(round=round).exists()


def judge_may_view(user, application) -> bool:
    """For the awards pages: a judge assigned to the application, without a conflict."""
    if user is None or not user.is_authenticated:
        return False
    summit = application.award.summit
    assignment = my_assignments(summit, user).filter(application=application).first()
    if assignment is None:
        return False
    try:
        my_assignment(summit, user, assignment.round_id, assignment.application_id)
    except Http404:
        return False
    return True
