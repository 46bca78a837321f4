"""Judge assignment data (problem, solution), its rules per pair, and the JSON format."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

FORMAT = "summitry.judging/1"
PRIORITIES = ("score", "load")
OPTIMAL = "optimal"
INFEASIBLE = "infeasible"


def norm(text: str | None) -> str | None:
    """Compare names without case or extra spaces; an empty name counts as none."""
    if text is None:
        return None
    folded = " ".join(text.split()).casefold()
    return folded or None


def norm_set(items: Iterable[str]) -> frozenset[str]:
    return frozenset(n for n in (norm(item) for item in items) if n is not None)


@dataclass(frozen=True)
class Application:
    """One application of the round, with what a judge is matched against."""

    id: str
    category: str | None = None
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    organisation: str | None = None
    city: str | None = None
    country: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", tuple(self.languages))
        object.__setattr__(self, "tags", tuple(self.tags))


@dataclass(frozen=True)
class Judge:
    """One judge of the round: expertise, languages, where they come from, and load limits."""

    id: str
    max_load: int
    min_load: int = 0
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    organisation: str | None = None
    city: str | None = None
    country: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "languages", tuple(self.languages))
        object.__setattr__(self, "tags", tuple(self.tags))
        if not 0 <= self.min_load <= self.max_load:
            raise ValueError(
                f"judge {self.id}: need 0 <= min_load ({self.min_load}) <= max_load "
                f"({self.max_load})"
            )


@dataclass(frozen=True)
class Rules:
    """Which automatic conflict rules apply, and whether a common language is required."""

    same_organisation: bool = True
    same_city: bool = True
    same_country: bool = False
    require_common_language: bool = True


@dataclass(frozen=True)
class Weights:
    """Integer weights of the match score of one (judge, application) pair."""

    expertise: int = 1
    language: int = 1
    category: int = 0

    def __post_init__(self) -> None:
        for name in ("expertise", "language", "category"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"weight {name} must be a non-negative integer, not {value!r}")


@dataclass(frozen=True)
class Problem:
    """One judging round: who judges what, under which rules, optimised with which priority.

    `conflicts` holds the declared (judge id, application id) pairs; the automatic rules of
    `rules` add the others. `priority` "score" optimises (score, max load, sum of squared
    loads) in that order, "load" optimises (max load, score, sum of squared loads).
    """

    applications: tuple[Application, ...]
    judges: tuple[Judge, ...]
    judges_per_application: int = 3
    conflicts: frozenset[tuple[str, str]] = frozenset()
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    priority: str = "score"
    round: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "applications", tuple(self.applications))
        object.__setattr__(self, "judges", tuple(self.judges))
        object.__setattr__(self, "conflicts", frozenset(tuple(p) for p in self.conflicts))
        if self.judges_per_application < 1:
            raise ValueError("judges_per_application must be at least 1")
        if self.priority not in PRIORITIES:
            raise ValueError(f"priority must be one of {PRIORITIES}, not {self.priority!r}")
        for kind, items in (("application", self.applications), ("judge", self.judges)):
            seen: set[str] = set()
            for item in items:
                if item.id in seen:
                    raise ValueError(f"{kind} id {item.id} appears twice")
                seen.add(item.id)
        application_ids = {a.id for a in self.applications}
        judge_ids = {j.id for j in self.judges}
        for judge_id, application_id in sorted(self.conflicts):
            if judge_id not in judge_ids or application_id not in application_ids:
                raise ValueError(
                    f"conflict ({judge_id}, {application_id}) names an unknown judge or application"
                )

    @property
    def k(self) -> int:
        return self.judges_per_application

    def application(self, application_id: str) -> Application:
        return self.index()[0][application_id]

    def judge(self, judge_id: str) -> Judge:
        return self.index()[1][judge_id]

    def index(self) -> tuple[dict[str, Application], dict[str, Judge]]:
        # Cached on the frozen instance: lookups happen once per pair in the verifier.
        cached = self.__dict__.get("_index")
        if cached is None:
            cached = ({a.id: a for a in self.applications}, {j.id: j for j in self.judges})
            object.__setattr__(self, "_index", cached)
        return cached


# The rules of one pair, in plain Python: the definition that the vectorised solver matrix,
# the verifier and the tests all agree with.


def conflict_reasons(problem: Problem, application: Application, judge: Judge) -> list[str]:
    """Why the judge may not judge the application (empty when there is no conflict)."""
    reasons = []
    rules = problem.rules
    if (judge.id, application.id) in problem.conflicts:
        reasons.append("declared conflict")
    organisation = norm(application.organisation)
    if rules.same_organisation and organisation and organisation == norm(judge.organisation):
        reasons.append(f"same organisation ({application.organisation})")
    if rules.same_city and same_city(application, judge):
        reasons.append(f"same city ({application.city})")
    country = norm(application.country)
    if rules.same_country and country and country == norm(judge.country):
        reasons.append(f"same country ({application.country})")
    return reasons


def same_city(application: Application, judge: Judge) -> bool:
    """Same city name, unless both name a country and the countries differ."""
    city = norm(application.city)
    if not city or city != norm(judge.city):
        return False
    countries = norm(application.country), norm(judge.country)
    return not (countries[0] and countries[1] and countries[0] != countries[1])


def shares_language(application: Application, judge: Judge) -> bool:
    return bool(norm_set(application.languages) & norm_set(judge.languages))


def is_eligible(problem: Problem, application: Application, judge: Judge) -> bool:
    """No conflict, and a common language when the rules require one."""
    if problem.rules.require_common_language and not shares_language(application, judge):
        return False
    return not conflict_reasons(problem, application, judge)


def pair_score(problem: Problem, application: Application, judge: Judge) -> int:
    """expertise × |shared tags| + language × [a shared language] + category × [category in
    the judge's tags]."""
    weights = problem.weights
    judge_tags = norm_set(judge.tags)
    score = weights.expertise * len(norm_set(application.tags) & judge_tags)
    score += weights.language * shares_language(application, judge)
    category = norm(application.category)
    if category is not None and category in judge_tags:
        score += weights.category
    return score


@dataclass(frozen=True)
class Objective:
    """The recomputable value of an assignment; see `objective_key` for the order."""

    total_score: int
    max_load: int
    min_load: int
    load_sum_of_squares: int


def objective_key(priority: str, objective: Objective) -> tuple[int, int, int]:
    """Smaller is better: the lexicographic order the solver optimises."""
    if priority == "score":
        return (-objective.total_score, objective.max_load, objective.load_sum_of_squares)
    return (objective.max_load, -objective.total_score, objective.load_sum_of_squares)


@dataclass(frozen=True)
class Solution:
    """The solver's answer: an optimal assignment, or why there is none."""

    status: str
    assignments: Mapping[str, tuple[str, ...]]
    objective: Objective | None = None
    loads: Mapping[str, int] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    stats: Mapping[str, Any] = field(default_factory=dict)


# JSON-friendly dictionaries, versioned so the awards app and a CLI can exchange them.


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kind": "problem",
        "round": problem.round,
        "judges_per_application": problem.judges_per_application,
        "priority": problem.priority,
        "rules": {
            "same_organisation": problem.rules.same_organisation,
            "same_city": problem.rules.same_city,
            "same_country": problem.rules.same_country,
            "require_common_language": problem.rules.require_common_language,
        },
        "weights": {
            "expertise": problem.weights.expertise,
            "language": problem.weights.language,
            "category": problem.weights.category,
        },
        "applications": [
            {
                "id": a.id,
                "category": a.category,
                "languages": list(a.languages),
                "tags": list(a.tags),
                "organisation": a.organisation,
                "city": a.city,
                "country": a.country,
            }
            for a in problem.applications
        ],
        "judges": [
            {
                "id": j.id,
                "max_load": j.max_load,
                "min_load": j.min_load,
                "languages": list(j.languages),
                "tags": list(j.tags),
                "organisation": j.organisation,
                "city": j.city,
                "country": j.country,
            }
            for j in problem.judges
        ],
        "conflicts": [
            {"judge": judge_id, "application": application_id}
            for judge_id, application_id in sorted(problem.conflicts)
        ],
    }


def _check_header(data: Mapping[str, Any], kind: str) -> None:
    if data.get("format") != FORMAT:
        raise ValueError(f"expected format {FORMAT!r}, got {data.get('format')!r}")
    if data.get("kind") != kind:
        raise ValueError(f"expected a {kind}, got {data.get('kind')!r}")


def problem_from_dict(data: Mapping[str, Any]) -> Problem:
    _check_header(data, "problem")
    return Problem(
        applications=tuple(
            Application(
                id=a["id"],
                category=a.get("category"),
                languages=tuple(a.get("languages", ())),
                tags=tuple(a.get("tags", ())),
                organisation=a.get("organisation"),
                city=a.get("city"),
                country=a.get("country"),
            )
            for a in data["applications"]
        ),
        judges=tuple(
            Judge(
                id=j["id"],
                max_load=j["max_load"],
                min_load=j.get("min_load", 0),
                languages=tuple(j.get("languages", ())),
                tags=tuple(j.get("tags", ())),
                organisation=j.get("organisation"),
                city=j.get("city"),
                country=j.get("country"),
            )
            for j in data["judges"]
        ),
        judges_per_application=data.get("judges_per_application", 3),
        conflicts=frozenset((c["judge"], c["application"]) for c in data.get("conflicts", ())),
        rules=Rules(**data.get("rules", {})),
        weights=Weights(**data.get("weights", {})),
        priority=data.get("priority", "score"),
        round=data.get("round"),
    )


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    objective = solution.objective
    return {
        "format": FORMAT,
        "kind": "solution",
        "status": solution.status,
        "assignments": {a: list(js) for a, js in solution.assignments.items()},
        "objective": None
        if objective is None
        else {
            "total_score": objective.total_score,
            "max_load": objective.max_load,
            "min_load": objective.min_load,
            "load_sum_of_squares": objective.load_sum_of_squares,
        },
        "loads": dict(solution.loads),
        "reasons": list(solution.reasons),
        "stats": dict(solution.stats),
    }


def solution_from_dict(data: Mapping[str, Any]) -> Solution:
    _check_header(data, "solution")
    objective = data.get("objective")
    return Solution(
        status=data["status"],
        assignments={a: tuple(js) for a, js in data.get("assignments", {}).items()},
        objective=None if objective is None else Objective(**objective),
        loads=dict(data.get("loads", {})),
        reasons=tuple(data.get("reasons", ())),
        stats=dict(data.get("stats", {})),
    )
