"""The judging rules per pair, the score matrix that mirrors them, and the JSON format."""

import json

import numpy as np
import pytest

from summitry.solvers.judging import (
    FORMAT,
    Application,
    Judge,
    Problem,
    Rules,
    Weights,
    conflict_reasons,
    is_eligible,
    pair_score,
    problem_from_dict,
    problem_to_dict,
    solution_from_dict,
    solution_to_dict,
    solve,
)
from summitry.solvers.judging.matrix import INELIGIBLE, score_matrix


def problem_of(apps, judges, **options) -> Problem:
    return Problem(applications=tuple(apps), judges=tuple(judges), **options)


APP = Application(
    "A1",
    category="Mobility",
    languages=("ko", "en"),
    tags=("Transport", "energy", "housing"),
    organisation="Seoul Institute",
    city="Seoul",
    country="KR",
)


def test_the_score_counts_shared_tags_a_shared_language_and_the_category():
    judge = Judge("J1", 5, languages=(" EN ",), tags=("transport", "Energy", "mobility"))
    problem = problem_of([APP], [judge], weights=Weights(expertise=3, language=2, category=5))
    # Two shared tags (case and spaces ignored), a shared language, the category among tags.
    assert pair_score(problem, APP, judge) == 3 * 2 + 2 + 5
    silent = Judge("J2", 5, languages=("fr",), tags=("housing",))
    assert pair_score(problem, APP, silent) == 3


def test_declared_and_automatic_conflicts_name_their_reason():
    same_org = Judge("J1", 5, languages=("en",), organisation="  seoul   institute ")
    same_city = Judge("J2", 5, languages=("en",), city="SEOUL", country="kr")
    namesake_city = Judge("J3", 5, languages=("en",), city="Seoul", country="US")
    same_country = Judge("J4", 5, languages=("en",), country="KR")
    judges = [same_org, same_city, namesake_city, same_country]
    problem = problem_of([APP], judges, conflicts={("J3", "A1")})
    assert conflict_reasons(problem, APP, same_org) == ["same organisation (Seoul Institute)"]
    assert conflict_reasons(problem, APP, same_city) == ["same city (Seoul)"]
    # A city of the same name in another country is no conflict; the declaration is.
    assert conflict_reasons(problem, APP, namesake_city) == ["declared conflict"]
    assert conflict_reasons(problem, APP, same_country) == []
    strict = problem_of([APP], judges, rules=Rules(same_country=True))
    assert conflict_reasons(strict, APP, same_country) == ["same country (KR)"]
    relaxed = problem_of(
        [APP], judges, rules=Rules(same_organisation=False, same_city=False, same_country=False)
    )
    assert [is_eligible(relaxed, APP, j) for j in judges] == [True, True, True, True]


def test_the_language_rule_can_be_switched_off():
    judge = Judge("J1", 5, languages=("fr",))
    assert not is_eligible(problem_of([APP], [judge]), APP, judge)
    loose = problem_of([APP], [judge], rules=Rules(require_common_language=False))
    assert is_eligible(loose, APP, judge)


def test_the_score_matrix_agrees_with_the_rules_per_pair():
    apps = [
        APP,
        Application("A2", category="energy", languages=("fr",), tags=("energy",)),
        Application("A3", languages=("en",), city="Busan", country="KR", organisation="X"),
    ]
    judges = [
        Judge("J1", 5, languages=("en", "fr"), tags=("energy", "transport")),
        Judge("J2", 5, languages=("ko",), tags=("housing",), city="Busan", country="JP"),
        Judge("J3", 5, languages=("en",), organisation="x", country="KR"),
    ]
    for rules in (Rules(), Rules(same_country=True, require_common_language=False)):
        problem = problem_of(
            apps,
            judges,
            conflicts={("J1", "A2")},
            rules=rules,
            weights=Weights(expertise=2, language=1, category=4),
        )
        expected = [
            [
                pair_score(problem, a, j) if is_eligible(problem, a, j) else INELIGIBLE
                for j in judges
            ]
            for a in apps
        ]
        assert score_matrix(problem).tolist() == expected


def test_the_matrix_of_an_empty_round_is_empty():
    problem = problem_of([], [Judge("J1", 1)])
    assert score_matrix(problem).shape == (0, 1)
    assert np.asarray(score_matrix(problem_of([APP], []))).shape == (1, 0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: problem_of([APP, APP], []), "application id A1 appears twice"),
        (lambda: problem_of([APP], [Judge("J", 1)] * 2), "judge id J appears twice"),
        (lambda: problem_of([APP], [], conflicts={("J9", "A1")}), "unknown judge"),
        (lambda: problem_of([APP], [], judges_per_application=0), "at least 1"),
        (lambda: problem_of([APP], [], priority="speed"), "priority"),
        (lambda: Judge("J", max_load=2, min_load=3), "min_load"),
        (lambda: Weights(expertise=-1), "non-negative"),
    ],
)
def test_malformed_problems_are_refused_with_a_reason(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_problems_and_solutions_survive_a_json_round_trip():
    problem = problem_of(
        [APP, Application("A2", languages=("en",), tags=("energy",))],
        [Judge("J1", 2, min_load=1, languages=("en",), tags=("energy",)), Judge("J2", 2)],
        judges_per_application=1,
        conflicts={("J2", "A1")},
        rules=Rules(same_country=True),
        weights=Weights(expertise=2, language=0, category=1),
        priority="load",
        round="final",
    )
    data = json.loads(json.dumps(problem_to_dict(problem)))
    assert data["format"] == FORMAT == "summitry.judging/1"
    assert data["conflicts"] == [{"judge": "J2", "application": "A1"}]
    assert problem_from_dict(data) == problem
    solution = solve(problem)
    stored = json.loads(json.dumps(solution_to_dict(solution)))
    assert stored["kind"] == "solution"
    assert solution_from_dict(stored) == solution


def test_unknown_formats_are_refused():
    data = problem_to_dict(problem_of([APP], []))
    with pytest.raises(ValueError, match="expected format"):
        problem_from_dict({**data, "format": "summitry.judging/2"})
    with pytest.raises(ValueError, match="expected a solution"):
        solution_from_dict(data)
