"""REST API of judging: rounds, the assignment (run, read, checked hand changes), a judge's
own scores, and results, shortlist and winners for staff. Everything needs a token; a judge
sees only their own assignments (anything else is a 404), anyone else gets a 404 or 403."""

from __future__ import annotations

import datetime

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from summitry.core import runs
from summitry.core.api import TokenAuth
from summitry.core.schemas import Bilingual, Problem, RunOut, SummitDateTime, bilingual
from summitry.summits import queries as summit_queries

from . import queries, rules, services
from .models import Method, Source, Verdict
from .results import results

router = Router(tags=["judging"], auth=TokenAuth())
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem}


class CriterionIn(Schema):
    name: Bilingual
    weight: int = Field(1, ge=1)
    scale: int = Field(10, ge=2)


class CriterionOut(Schema):
    id: int
    name: Bilingual = bilingual("name")
    weight: int
    scale: int


class RoundIn(Schema):
    award: int
    name: Bilingual
    number: int | None = None
    opens_at: SummitDateTime
    closes_at: SummitDateTime
    source: Source = Source.ELIGIBLE
    method: Method = Method.RUBRIC
    judges_per_application: int = 3
    max_load: int = 30
    same_organisation: bool = True
    same_city: bool = True
    same_country: bool = False
    is_final: bool = False
    criteria: list[CriterionIn] = []


class RoundOut(Schema):
    id: int
    award: int = Field(..., alias="award_id")
    number: int
    name: Bilingual = bilingual("name")
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    source: Source
    method: Method
    judges_per_application: int
    max_load: int
    same_organisation: bool
    same_city: bool
    same_country: bool
    is_final: bool
    assigned_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(round):
        return list(round.criteria.all())


class PairOut(Schema):
    application: int
    judges: list[int]


class AssignmentOut(Schema):
    round: int
    judges_per_application: int
    pairs: list[PairOut]
    loads: dict[str, int]
    total_score: int


class ChangeIn(Schema):
    kind: str = Field(..., description="replace, move, swap, add or remove")
    application: int
    judge: int | None = None
    new_judge: int | None = None
    other_application: int | None = None
    other_judge: int | None = None


class MyAssignmentOut(Schema):
    id: int
    round: int = Field(..., alias="round_id")
    application: int = Field(..., alias="application_id")
    reference: str = Field(..., alias="application.reference")
    title: Bilingual = bilingual("application.title")
    category: Bilingual = bilingual("application.category.name")
    scored: bool

    @staticmethod
    def resolve_scored(assignment) -> bool:
        score = getattr(assignment, "score", None)
        return bool(score and score.is_complete)


class ScoreIn(Schema):
    criteria: dict[str, int | None] | None = None
    verdict: Verdict | None = None
    rank: int | None = None
    comment: str | None = None
    abstained: bool | None = None
    abstain_reason: str | None = None


class ScoreOut(Schema):
    assignment: int = Field(..., alias="assignment_id")
    criteria: dict[str, int]
    verdict: str
    rank: int | None
    comment: str
    abstained: bool
    abstain_reason: str
    value: float | None
    complete: bool = Field(..., alias="is_complete")
    updated_at: datetime.datetime


class ResultRowOut(Schema):
    application: int
    reference: str
    category: int
    place: int | None
    raw: float | None
    normalised: float | None
    scores: int
    assigned: int
    abstained: int
    disagree: bool
    tied: bool
    shortlisted: bool


class ResultsOut(Schema):
    round: int
    method: str
    mean: float
    spread: float
    rows: list[ResultRowOut]


class AssignmentResultOut(Schema):
    total_score: int
    max_load: int
    assigned: int


class AssignmentRunOut(RunOut):
    """A run of the judge-assignment solver; once done, the round's assignment is the new one
    (GET the assignment)."""

    result: AssignmentResultOut | None


def _assignment_run_out(run) -> dict:
    done = run.status == "done" and "assigned" in run.result
    return {**runs.described(run), "result": run.result if done else None}


class ShortlistIn(Schema):
    top: int | None = None
    threshold: float | None = None
    applications: list[int] | None = None


class ShortlistOut(Schema):
    round: int
    applications: list[int]


class WinnersIn(Schema):
    top: int | None = None
    applications: list[int] | None = None


class DecidedWinnerOut(Schema):
    application: int = Field(..., alias="application_id")
    category: int = Field(..., alias="category_id")
    rank: int
    prize_title: Bilingual = bilingual("prize_title")


def _staff_round(request, slug, round_id):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    return summit, queries.round_for_staff(summit, request.user, round_id)


def _assignment_out(round) -> dict:
    pairs = services.current_pairs(round)
    problem = services.build_problem(round)
    from summitry.solvers import judging as solver

    objective = solver.evaluate(problem, pairs)
    loads: dict[str, int] = {}
    for judges in pairs.values():
        for judge in judges:
            loads[judge] = loads.get(judge, 0) + 1
    return {
        "round": round.pk,
        "judges_per_application": round.judges_per_application,
        "pairs": [
            {"application": int(a), "judges": sorted(int(j) for j in js)}
            for a, js in sorted(pairs.items(), key=lambda item: int(item[0]))
        ],
        "loads": loads,
        "total_score": objective.total_score,
    }


@router.get("/summits/{slug}/judging/rounds", response={200: list[RoundOut], **ERRORS})
def list_judging_rounds(request: HttpRequest, slug: str):
    """Every round for judging staff; for a judge, the rounds they have applications in."""
    summit = summit_queries.in_its_zone(request, slug)
    if rules.is_staff_for(request.user, summit):
        return list(queries.rounds(summit))
    mine = [entry["round"] for entry in queries.my_rounds(summit, request.user)]
    if not mine and not queries.my_judges(summit, request.user):
        raise Http404(_("There is no such page for you here."))
    return mine


@router.post("/summits/{slug}/judging/rounds", response={201: RoundOut, **ERRORS})
def create_judging_round(request: HttpRequest, slug: str, payload: RoundIn):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    data = payload.dict()
    award = queries.award(summit, data.pop("award"))
    criteria = data.pop("criteria")
    round = services.create_round(actor=request.user, award=award, data=data, criteria=criteria)
    return Status(201, queries.round_for_staff(summit, request.user, round.pk))


@router.get("/summits/{slug}/judging/rounds/{round_id}", response={200: RoundOut, **ERRORS})
def get_judging_round(request: HttpRequest, slug: str, round_id: int):
    return _staff_round(request, slug, round_id)[1]


@router.get(
    "/summits/{slug}/judging/rounds/{round_id}/assignment",
    response={200: AssignmentOut, **ERRORS},
)
def get_assignment(request: HttpRequest, slug: str, round_id: int):
    return _assignment_out(_staff_round(request, slug, round_id)[1])


@router.post(
    "/summits/{slug}/judging/rounds/{round_id}/assignment",
    response={202: AssignmentRunOut, **ERRORS},
)
def run_assignment(request: HttpRequest, slug: str, round_id: int):
    """Start the optimal solver in the background (it replaces an assignment nobody has
    scored yet), or get the run under way: follow the run at its address until it is done,
    then GET the assignment."""
    _summit_, round = _staff_round(request, slug, round_id)
    run = services.start_assignment(actor=request.user, round=round)
    run.refresh_from_db()
    return Status(202, _assignment_run_out(run))


@router.get(
    "/summits/{slug}/judging/rounds/{round_id}/assignment/runs/{run_id}",
    response={200: AssignmentRunOut, **ERRORS},
)
def get_assignment_run(request: HttpRequest, slug: str, round_id: int, run_id: int):
    """A solver run's progress and, once done, its result (or, failed, the reasons)."""
    _summit_, round = _staff_round(request, slug, round_id)
    run = queries.assignment_run(round, run_id)
    if run is None:
        raise Http404(_("There is no such run here."))
    return _assignment_run_out(run)


@router.post(
    "/summits/{slug}/judging/rounds/{round_id}/assignment/changes",
    response={200: AssignmentOut, **ERRORS},
)
def change_assignment(request: HttpRequest, slug: str, round_id: int, payload: ChangeIn):
    """A hand change, checked against the solver's rules; refused (400) with the reasons."""
    summit, round = _staff_round(request, slug, round_id)
    judges = {j.pk: j for j in queries.judges(summit, round.award)}

    def judge(pk):
        if pk is None:
            return None
        if pk not in judges:
            raise Http404(_("There is no such judge here."))
        return judges[pk]

    services.change_assignment(
        actor=request.user,
        round=round,
        kind=payload.kind,
        application=queries.round_application(round, payload.application),
        judge=judge(payload.judge),
        new_judge=judge(payload.new_judge),
        other_application=(
            queries.round_application(round, payload.other_application)
            if payload.other_application
            else None
        ),
        other_judge=judge(payload.other_judge),
    )
    return _assignment_out(round)


@router.get(
    "/summits/{slug}/judging/my/assignments", response={200: list[MyAssignmentOut], **ERRORS}
)
def list_my_assignments(request: HttpRequest, slug: str):
    """The caller's own assignments (a judge); empty for anyone else."""
    summit = summit_queries.in_its_zone(request, slug)
    return list(queries.my_assignments(summit, request.user).prefetch_related("score"))


@router.get(
    "/summits/{slug}/judging/my/assignments/{assignment_id}/score",
    response={200: ScoreOut, **ERRORS},
)
def get_my_score(request: HttpRequest, slug: str, assignment_id: int):
    summit = summit_queries.in_its_zone(request, slug)
    assignment = queries.my_assignment_by_id(summit, request.user, assignment_id)
    score = getattr(assignment, "score", None)
    if score is None:
        raise Http404(_("You have not scored this application yet."))
    return score


@router.patch(
    "/summits/{slug}/judging/my/assignments/{assignment_id}/score",
    response={200: ScoreOut, **ERRORS},
)
def save_my_score(request: HttpRequest, slug: str, assignment_id: int, payload: ScoreIn):
    """Save (part of) the caller's own score; fields left out keep what was saved."""
    summit = summit_queries.in_its_zone(request, slug)
    assignment = queries.my_assignment_by_id(summit, request.user, assignment_id)
    data = payload.dict(exclude_unset=True)
    if "criteria" in data and data["criteria"] is not None:
        data["criteria"] = {k: ("" if v is None else v) for k, v in data["criteria"].items()}
    return services.save_score(actor=request.user, assignment=assignment, **data)


@router.get(
    "/summits/{slug}/judging/rounds/{round_id}/results", response={200: ResultsOut, **ERRORS}
)
def get_round_results(request: HttpRequest, slug: str, round_id: int):
    _summit_, round = _staff_round(request, slug, round_id)
    table = results(round)
    rows = [
        {
            **{k: row[k] for k in ("place", "raw", "normalised", "scores", "assigned")},
            **{k: row[k] for k in ("abstained", "disagree", "tied", "shortlisted")},
            "application": row["application"].pk,
            "reference": row["application"].reference,
            "category": row["application"].category_id,
        }
        for group in table["categories"]
        for row in group["rows"]
    ]
    return {
        "round": round.pk,
        "method": round.method,
        "mean": table["mean"],
        "spread": table["spread"],
        "rows": rows,
    }


@router.get(
    "/summits/{slug}/judging/rounds/{round_id}/shortlist", response={200: ShortlistOut, **ERRORS}
)
def get_shortlist(request: HttpRequest, slug: str, round_id: int):
    _summit_, round = _staff_round(request, slug, round_id)
    ids = sorted(e.application_id for e in queries.shortlist(round))
    return {"round": round.pk, "applications": ids}


@router.post(
    "/summits/{slug}/judging/rounds/{round_id}/shortlist", response={200: ShortlistOut, **ERRORS}
)
def set_shortlist(request: HttpRequest, slug: str, round_id: int, payload: ShortlistIn):
    """Top N per category, a threshold on the normalised score, or chosen applications."""
    _summit_, round = _staff_round(request, slug, round_id)
    chosen = services.set_shortlist(
        actor=request.user,
        round=round,
        top=payload.top,
        threshold=payload.threshold,
        application_ids=payload.applications,
    )
    return {"round": round.pk, "applications": sorted(a.pk for a in chosen)}


@router.post(
    "/summits/{slug}/judging/rounds/{round_id}/winners",
    response={200: list[DecidedWinnerOut], **ERRORS},
)
def decide_winners(request: HttpRequest, slug: str, round_id: int, payload: WinnersIn):
    """The final round decides the winners per category; ties at the cut are refused."""
    _summit_, round = _staff_round(request, slug, round_id)
    return services.decide_winners(
        actor=request.user, round=round, top=payload.top, application_ids=payload.applications
    )


class JudgeIn(Schema):
    award: int
    username: str = Field(..., description="An existing account; it joins the judges' group.")
    name: Bilingual
    organisation: str = ""
    city: str = ""
    country: str
    expertise: list[str] = Field(default_factory=list)
    languages: list[str] = Field(..., description="ko and/or en")
    conflict_organisations: list[str] = Field(default_factory=list)
    max_load: int | None = None


class JudgeOut(Schema):
    id: int
    award: int = Field(..., alias="award_id")
    name: Bilingual = bilingual("name")
    organisation: str
    city: str
    country: str
    international: bool = Field(..., alias="is_international")
    expertise: list[str]
    languages: list[str]
    conflict_organisations: list[str]
    max_load: int | None
    is_active: bool

    @staticmethod
    def resolve_country(judge) -> str:
        return str(judge.country)


class ConflictIn(Schema):
    application: int
    reason: str


class ConflictOut(Schema):
    id: int
    judge: int = Field(..., alias="judge_id")
    application: int = Field(..., alias="application_id")
    reason: str


@router.get("/summits/{slug}/judging/judges", response={200: list[JudgeOut], **ERRORS})
def list_judges(request: HttpRequest, slug: str):
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    return list(queries.judges(summit))


@router.post("/summits/{slug}/judging/judges", response={201: JudgeOut, **ERRORS})
def appoint_judge(request: HttpRequest, slug: str, payload: JudgeIn):
    """Staff make an account a judge of one of the summit's awards."""
    summit = summit_queries.in_its_zone(request, slug)
    rules.require_staff(request.user, summit)
    data = payload.dict()
    award = queries.award(summit, data.pop("award"))
    username = data.pop("username")
    judge = services.appoint_judge(actor=request.user, award=award, username=username, data=data)
    return Status(201, judge)


@router.post("/summits/{slug}/judging/my/conflicts", response={201: ConflictOut, **ERRORS})
def declare_conflict(request: HttpRequest, slug: str, payload: ConflictIn):
    """A judge declares a conflict of interest with an application of their award: they are
    taken off it in every round."""
    summit = summit_queries.in_its_zone(request, slug)
    application = queries.application(summit, payload.application)
    judge = queries.my_judge(summit, request.user, application.award)
    conflict = services.declare_conflict(
        actor=request.user, judge=judge, application=application, reason=payload.reason
    )
    return Status(201, conflict)
