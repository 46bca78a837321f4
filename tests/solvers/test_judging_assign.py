"""The solver on hand-made rounds with known answers, and the checks of hand edits."""

import pytest

from summitry.solvers.judging import (
    INFEASIBLE,
    OPTIMAL,
    Application,
    Change,
    Judge,
    Problem,
    Rules,
    Weights,
    apply_changes,
    check_change,
    evaluate,
    move,
    replace,
    solve,
    swap,
    verify,
)

TAGS_ONLY = Weights(expertise=1, language=0)


def app(id, *tags, languages=("en",), **where) -> Application:
    return Application(id, languages=languages, tags=tags, **where)


def judge(id, *tags, load=5, languages=("en",), **rest) -> Judge:
    return Judge(id, max_load=load, languages=languages, tags=tags, **rest)


def round_of(apps, judges, k=1, **options) -> Problem:
    options.setdefault("weights", TAGS_ONLY)
    return Problem(
        applications=tuple(apps), judges=tuple(judges), judges_per_application=k, **options
    )


def solved(problem: Problem):
    solution = solve(problem)
    assert solution.status == OPTIMAL, solution.reasons
    assert verify(problem, solution) == []
    return solution


def test_each_application_gets_the_judge_who_knows_its_topic():
    problem = round_of(
        [app("A1", "energy"), app("A2", "health")],
        [judge("J1", "energy"), judge("J2", "health"), judge("J3")],
    )
    solution = solved(problem)
    assert solution.assignments == {"A1": ("J1",), "A2": ("J2",)}
    assert solution.objective.total_score == 2


def test_a_declared_conflict_is_never_assigned():
    problem = round_of(
        [app("A1", "energy"), app("A2", "health")],
        [judge("J1", "energy"), judge("J2", "health"), judge("J3", "energy")],
        conflicts={("J1", "A1")},
    )
    assert solved(problem).assignments == {"A1": ("J3",), "A2": ("J2",)}


@pytest.mark.parametrize(
    ("rules", "chosen"),
    [
        (Rules(), "J3"),  # J1 same organisation, J2 same city; J3's Seoul is in another country
        (Rules(same_organisation=False), "J1"),
        (Rules(same_city=False), "J2"),
        (Rules(same_country=True), "J3"),
        (Rules(same_organisation=False, same_city=False, same_country=True), "J1"),
    ],
)
def test_the_automatic_conflict_rules_follow_their_switches(rules, chosen):
    applicant = app("A1", "a", "b", "c", organisation="Seoul Institute", city="Seoul", country="KR")
    judges = [
        judge("J1", "a", "b", "c", organisation="seoul institute", country="JP"),
        judge("J2", "a", "b", city="Seoul", country="KR"),
        judge("J3", "a", city="Seoul", country="US"),
        judge("J4", country="KR"),
    ]
    assert solved(round_of([applicant], judges, rules=rules)).assignments == {"A1": (chosen,)}


def test_a_judge_must_share_a_language_unless_the_rule_is_off():
    apps = [app("A1", "energy", languages=("ko",))]
    judges = [judge("J1", "energy", languages=("en",)), judge("J2", languages=("ko", "en"))]
    weights = Weights(expertise=2, language=1)
    assert solved(round_of(apps, judges, weights=weights)).assignments == {"A1": ("J2",)}
    loose = round_of(apps, judges, weights=weights, rules=Rules(require_common_language=False))
    assert solved(loose).assignments == {"A1": ("J1",)}


def test_load_limits_send_the_expert_where_it_matters_most():
    problem = round_of(
        [app("A1", "x", "y"), app("A2", "x")],
        [judge("J1", "x", "y", load=1), judge("J2", "x", load=2)],
    )
    solution = solved(problem)
    assert solution.assignments == {"A1": ("J1",), "A2": ("J2",)}
    assert solution.loads == {"J1": 1, "J2": 1}


def test_judges_of_one_application_are_distinct():
    problem = round_of(
        [app("A1", "x", "y")],
        [judge("J1", "x", "y"), judge("J2", "x"), judge("J3")],
        k=2,
    )
    assert solved(problem).assignments == {"A1": ("J1", "J2")}


def test_equal_scores_spread_the_load_evenly():
    problem = round_of(
        [app(f"A{i}", "x") for i in range(6)], [judge(f"J{i}", "x") for i in range(3)]
    )
    solution = solved(problem)
    assert solution.loads == {"J0": 2, "J1": 2, "J2": 2}
    assert solution.objective.load_sum_of_squares == 12


def test_priority_decides_between_the_best_score_and_the_lightest_load():
    apps = [app(f"A{i}", "x") for i in range(3)]
    judges = [judge("J1", "x", load=3), judge("J2", load=3)]
    by_score = solved(round_of(apps, judges))
    assert by_score.loads == {"J1": 3, "J2": 0}
    assert (by_score.objective.total_score, by_score.objective.max_load) == (3, 3)
    by_load = solved(round_of(apps, judges, priority="load"))
    assert by_load.loads == {"J1": 2, "J2": 1}
    assert (by_load.objective.total_score, by_load.objective.max_load) == (2, 2)


def test_among_the_best_scores_the_maximum_load_is_the_least_possible():
    # J1 and J2 are equally good for everything; J3 is better for A0 only.
    apps = [app("A0", "x", "y"), *(app(f"A{i}", "x") for i in range(1, 5))]
    judges = [judge("J1", "x"), judge("J2", "x"), judge("J3", "x", "y")]
    solution = solved(round_of(apps, judges))
    assert solution.objective.total_score == 6
    assert solution.assignments["A0"] == ("J3",)
    assert solution.loads == {"J1": 2, "J2": 2, "J3": 1}


def test_the_load_priority_finds_a_maximum_load_between_the_bounds():
    # A0, A2 and A5 can only have J1, so no maximum load below 3 (the counting bound is 2);
    # the best score alone would give J1 a fourth application (A1 or A4, whose topic it knows).
    apps = [app("A0"), app("A1", "x"), app("A2"), app("A3"), app("A4", "x"), app("A5")]
    judges = [judge("J0", load=2), judge("J1", "x", load=4), judge("J2", load=6)]
    conflicts = {("J0", a) for a in ("A0", "A2", "A4", "A5")}
    conflicts |= {("J2", a) for a in ("A0", "A1", "A2", "A5")} | {("J1", "A3")}
    problem = round_of(apps, judges, conflicts=conflicts, priority="load")
    solution = solved(problem)
    assert solution.objective.max_load == 3
    assert solution.loads["J1"] == 3
    assert solution.objective.load_sum_of_squares == 14
    assert {a: solution.assignments[a] for a in ("A0", "A1", "A2", "A4", "A5")} == {
        "A0": ("J1",),
        "A1": ("J0",),
        "A2": ("J1",),
        "A4": ("J2",),
        "A5": ("J1",),
    }
    assert solved(round_of(apps, judges, conflicts=conflicts)).objective.max_load == 4


def test_keeping_every_rule_comes_before_any_score():
    # The only assignment gives up two expert matches along a chain: X needs J1, so Y1
    # moves to J2, so Y2 moves to J3.
    apps = [app("X"), app("Y1", "a"), app("Y2", "b")]
    judges = [judge("J1", "a", load=1), judge("J2", "b", load=1), judge("J3", load=1)]
    conflicts = {("J2", "X"), ("J3", "X"), ("J3", "Y1"), ("J1", "Y2")}
    problem = round_of(apps, judges, conflicts=conflicts, weights=Weights(expertise=3))
    assert solved(problem).assignments == {"X": ("J1",), "Y1": ("J2",), "Y2": ("J3",)}


def test_a_minimum_load_is_met_even_at_a_cost_in_score():
    apps = [app(f"A{i}", "x") for i in range(3)]
    judges = [judge("J1", "x", load=3), judge("J2", load=3, min_load=2)]
    solution = solved(round_of(apps, judges))
    assert solution.loads == {"J1": 1, "J2": 2}
    assert solution.objective.total_score == 1


def test_an_empty_round_is_solved_with_no_assignments():
    solution = solved(round_of([], [judge("J1")]))
    assert solution.assignments == {}
    assert solution.loads == {"J1": 0}


def test_too_few_eligible_judges_names_the_application_and_why():
    problem = round_of(
        [app("A1", languages=("ko",)), app("A2", languages=("ko",))],
        [judge("J1", languages=("ko",)), judge("J2", languages=("ko",)), judge("J3")],
        k=2,
        conflicts={("J2", "A1")},
    )
    solution = solve(problem)
    assert solution.status == INFEASIBLE
    assert solution.assignments == {}
    assert solution.reasons == (
        "application A1 has 1 eligible judge(s) but needs 2 (of 3 judges, 1 in conflict, "
        "1 without a common language)",
    )


def test_too_little_capacity_is_reported_with_the_numbers():
    problem = round_of([app(f"A{i}") for i in range(3)], [judge("J1", load=1), judge("J2", load=1)])
    assert solve(problem).reasons == (
        "the judges' load limits add up to 2, fewer than the 3 places needed "
        "(3 applications × 1 judges)",
    )


def test_minimum_loads_beyond_the_places_are_reported():
    problem = round_of([app("A1"), app("A2")], [judge("J1", load=3, min_load=3)])
    assert solve(problem).reasons == (
        "the judges' minimum loads add up to 3, more than the 2 places (2 applications × 1 judges)",
        "judge J1 needs at least 3 applications but only 2 are eligible for them",
    )


def test_applications_competing_for_one_judge_are_named_together():
    problem = round_of(
        [app("A1"), app("A2"), app("A3")],
        [judge("J1", load=1), judge("J2", load=5)],
        conflicts={("J2", "A1"), ("J2", "A2")},
    )
    solution = solve(problem)
    assert solution.status == INFEASIBLE
    assert solution.reasons == (
        "applications A1, A2 need 2 judge places in total, but the only judges eligible for "
        "them (J1) can take 1 at most",
    )


def test_an_unreachable_minimum_load_is_reported():
    problem = round_of(
        [app("A1"), app("A2")],
        [judge("J1", min_load=1), judge("J2", min_load=1), judge("J3")],
        conflicts={("J1", "A2"), ("J2", "A2")},
    )
    solution = solve(problem)
    assert solution.status == INFEASIBLE
    assert len(solution.reasons) == 1
    assert "cannot reach the minimum load of 1" in solution.reasons[0]


@pytest.mark.parametrize("priority", ["score", "load"])
def test_few_candidates_and_pricing_give_the_same_optimum(priority):
    apps = [app(f"A{i}", *("xyz"[: 1 + i % 3]), city=f"c{i % 4}") for i in range(12)]
    judges = [
        judge(f"J{i}", *("zyx"[: 1 + i % 3]), load=3 + i % 3, city=f"c{i % 5}") for i in range(7)
    ]
    problem = round_of(apps, judges, k=2, priority=priority)
    full = solved(problem)
    for candidates in (1, 2, 5):
        sparse = solve(problem, candidates=candidates)
        assert verify(problem, sparse) == []
        assert sparse.objective == full.objective


# Hand edits: the verifier and the change check.


@pytest.fixture
def edited_round():
    problem = round_of(
        [app("A1", "x", organisation="Org"), app("A2", "y", languages=("ko",))],
        [
            judge("J1", "x", load=1),
            judge("J2", "y", languages=("ko", "en")),
            judge("J3", "x", organisation="org"),
            judge("J4", "y", load=2, min_load=1, languages=("ko", "en")),
        ],
        conflicts={("J4", "A1")},
    )
    assignment = {"A1": ("J1",), "A2": ("J2",)}
    return problem, assignment


def test_the_verifier_names_every_broken_rule(edited_round):
    problem, _ = edited_round
    hand_made = {"A1": ("J3", "J4", "J4"), "A2": ("J1", "J9"), "A7": ("J1",)}
    assert verify(problem, hand_made) == [
        "unknown application A7",
        "application A1 has 3 judge(s), needs exactly 1",
        "judge J4 is assigned 2 times to application A1",
        "judge J3 is in conflict with application A1: same organisation (Org)",
        "judge J4 is in conflict with application A1: declared conflict",
        "application A2 has 2 judge(s), needs exactly 1",
        "judge J1 shares no language with application A2 (application: ko; judge: en)",
        "application A2 names unknown judge J9",
    ]
    assert verify(problem, {"A1": ("J1",), "A2": ()})[-2:] == [
        "application A2 has 0 judge(s), needs exactly 1",
        "judge J4 has 0 applications, below the minimum load of 1",
    ]


def test_the_verifier_recomputes_a_reported_objective(edited_round):
    problem, _ = edited_round
    solution = solve(problem)
    assert verify(problem, solution) == []
    assert evaluate(problem, solution) == solution.objective
    forged = type(solution)(
        status=solution.status,
        assignments=solution.assignments,
        objective=type(solution.objective)(99, 1, 0, 2),
        loads=solution.loads,
    )
    assert verify(problem, forged) == [
        f"the reported objective {forged.objective} is not {solution.objective}"
    ]


def test_a_valid_replacement_passes(edited_round):
    problem, assignment = edited_round
    assert check_change(problem, assignment, replace("A2", "J2", "J4")) == []


def test_a_replacement_with_a_conflicting_judge_is_refused_in_words(edited_round):
    problem, assignment = edited_round
    assert check_change(problem, assignment, replace("A1", "J1", "J3")) == [
        "judge J3 is in conflict with application A1: same organisation (Org)"
    ]
    assert check_change(problem, assignment, replace("A1", "J1", "J4")) == [
        "judge J4 is in conflict with application A1: declared conflict"
    ]


def test_a_change_that_overloads_or_unloads_a_judge_is_refused(edited_round):
    problem, _ = edited_round
    assignment = {"A1": ("J1",), "A2": ("J4",)}
    assert check_change(problem, assignment, replace("A2", "J4", "J2")) == [
        "judge J4 has 0 applications, below the minimum load of 1"
    ]
    extra = round_of(
        [*problem.applications, app("A3", "x")],
        problem.judges,
        conflicts=problem.conflicts,
    )
    assert check_change(extra, {**assignment, "A3": ("J3",)}, replace("A3", "J3", "J1")) == [
        "judge J1 has 2 applications, above the load limit of 1"
    ]


def test_moves_swaps_and_impossible_edits_are_explained(edited_round):
    problem, assignment = edited_round
    assert check_change(problem, assignment, move("J2", "A2", "A1")) == [
        "application A1 has 2 judge(s), needs exactly 1",
        "application A2 has 0 judge(s), needs exactly 1",
    ]
    assert check_change(problem, assignment, swap("A1", "J1", "A2", "J2")) == [
        "judge J1 shares no language with application A2 (application: ko; judge: en)"
    ]
    assert check_change(problem, assignment, [Change("A1", remove="J2", add="J1")]) == [
        "judge J2 is not assigned to application A1, so it cannot be removed",
        "judge J1 is already assigned to application A1",
        "application A1 has 2 judge(s), needs exactly 1",
    ]
    assert apply_changes(assignment, replace("A2", "J2", "J4")) == {"A1": ("J1",), "A2": ("J4",)}
    assert assignment == {"A1": ("J1",), "A2": ("J2",)}
