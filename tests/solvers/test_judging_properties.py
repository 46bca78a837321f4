"""The solver against brute force and CP-SAT on random small rounds, and the verifier on all."""

from __future__ import annotations

import itertools
import json

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from summitry.solvers.judging import (
    INFEASIBLE,
    OPTIMAL,
    Application,
    Judge,
    Objective,
    Problem,
    Rules,
    Weights,
    apply_changes,
    check_change,
    evaluate,
    is_eligible,
    objective_key,
    pair_score,
    problem_from_dict,
    problem_to_dict,
    replace,
    solve,
    verify,
)
from summitry.solvers.judging.matrix import INELIGIBLE, score_matrix

# Modest example counts keep every test_judging* file under 30 s; no example database is written.
QUICK = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SMALL = settings(QUICK, max_examples=250)
FEW = settings(QUICK, max_examples=60)
NAMES = st.sampled_from([None, None, None, None, "Alpha", " alpha", "Beta", "Gamma"])


@st.composite
def rounds(
    draw, max_apps: int = 6, max_judges: int = 5, max_k: int = 2, max_apps_k: int = 4
) -> Problem:
    """A random round; with k > 1 at most `max_apps_k` applications, which keeps the brute
    force near 10^4 assignments ((5 choose 2) ** 4)."""
    k = draw(st.integers(1, max_k))
    n_judges = draw(st.integers(min(k + 2, max_judges), max_judges))
    n_apps = draw(st.integers(1, max_apps if k == 1 else min(max_apps, max_apps_k)))
    tags = st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=3, unique=True)
    languages = st.sampled_from([("en", "ko"), ("en", "ko"), ("en",), ("ko",)])
    apps = [
        Application(
            f"A{i}",
            category=draw(st.sampled_from([None, "a", "e"])),
            languages=draw(languages),
            tags=draw(tags),
            organisation=draw(NAMES),
            city=draw(NAMES),
            country=draw(NAMES),
        )
        for i in range(n_apps)
    ]
    judges = []
    for i in range(n_judges):
        max_load = draw(st.sampled_from([0, 1]) | st.integers(2, max_apps) | st.just(max_apps))
        judges.append(
            Judge(
                f"J{i}",
                max_load=max_load,
                min_load=draw(st.sampled_from([0, 0, 0, 0, min(1, max_load), max_load // 2])),
                languages=draw(languages),
                tags=draw(tags),
                organisation=draw(NAMES),
                city=draw(NAMES),
                country=draw(NAMES),
            )
        )
    pairs = [(j.id, a.id) for j in judges for a in apps]
    conflicts = draw(st.sets(st.sampled_from(pairs), max_size=3)) if pairs else set()
    return Problem(
        applications=tuple(apps),
        judges=tuple(judges),
        judges_per_application=k,
        conflicts=frozenset(conflicts),
        rules=Rules(
            same_organisation=draw(st.booleans()),
            same_city=draw(st.booleans()),
            same_country=draw(st.sampled_from([False, False, True])),
            require_common_language=draw(st.booleans()),
        ),
        weights=Weights(
            expertise=draw(st.integers(0, 3)),
            language=draw(st.integers(0, 2)),
            category=draw(st.integers(0, 2)),
        ),
        priority=draw(st.sampled_from(["score", "load"])),
    )


def brute_force(problem: Problem) -> tuple[int, int, int] | None:
    """The best objective key over every valid assignment, enumerated one application at a
    time (None when there is no valid assignment)."""
    judges = problem.judges
    options = [
        [
            (combo, sum(pair_score(problem, a, judges[j]) for j in combo))
            for combo in itertools.combinations(range(len(judges)), problem.k)
            if all(is_eligible(problem, a, judges[j]) for j in combo)
        ]
        for a in problem.applications
    ]
    loads = [0] * len(judges)
    best = None

    def walk(index: int, score: int) -> None:
        nonlocal best
        if index == len(options):
            if all(load >= j.min_load for load, j in zip(loads, judges, strict=True)):
                objective = Objective(
                    total_score=score,
                    max_load=max(loads),
                    min_load=min(loads),
                    load_sum_of_squares=sum(load * load for load in loads),
                )
                key = objective_key(problem.priority, objective)
                best = key if best is None else min(best, key)
            return
        for combo, gain in options[index]:
            if all(loads[j] < judges[j].max_load for j in combo):
                for j in combo:
                    loads[j] += 1
                walk(index + 1, score + gain)
                for j in combo:
                    loads[j] -= 1

    walk(0, 0)
    return best


@SMALL
@given(rounds())
def test_the_solver_finds_the_brute_force_optimum_and_passes_the_verifier(problem):
    expected = brute_force(problem)
    solution = solve(problem)
    event("infeasible" if expected is None else "feasible")
    if expected is None:
        assert solution.status == INFEASIBLE
        assert solution.reasons
        event(f"infeasible: {solution.reasons[0].split()[1]}")
        return
    assert solution.status == OPTIMAL, solution.reasons
    assert verify(problem, solution) == []
    assert evaluate(problem, solution) == solution.objective
    assert objective_key(problem.priority, solution.objective) == expected
    # Starting from one candidate per application exercises the pricing: same optimum.
    sparse = solve(problem, candidates=1)
    event(f"pricing rounds > 0: {sparse.stats['pricing_rounds'] > 0}")
    assert verify(problem, sparse) == []
    assert sparse.objective == solution.objective


@SMALL
@given(rounds())
def test_the_score_matrix_mirrors_the_rules_per_pair(problem):
    expected = [
        [
            pair_score(problem, a, j) if is_eligible(problem, a, j) else INELIGIBLE
            for j in problem.judges
        ]
        for a in problem.applications
    ]
    assert score_matrix(problem).tolist() == expected


@SMALL
@given(rounds(), st.data())
def test_a_single_replacement_is_refused_exactly_when_the_result_breaks_a_rule(problem, data):
    solution = solve(problem)
    if solution.status != OPTIMAL or not problem.applications:
        return
    application = data.draw(st.sampled_from(problem.applications))
    old = data.draw(st.sampled_from(solution.assignments[application.id]))
    new = data.draw(st.sampled_from([j.id for j in problem.judges]))
    changes = replace(application.id, old, new)
    messages = check_change(problem, solution, changes)
    after = apply_changes(solution, changes)
    assert (messages == []) == (verify(problem, after) == [])


@SMALL
@given(rounds())
def test_problems_survive_the_json_format(problem):
    assert problem_from_dict(json.loads(json.dumps(problem_to_dict(problem)))) == problem


def cp_sat_optimum(problem: Problem) -> tuple[int, int, int] | None:
    """The lexicographic optimum by CP-SAT, one stage per objective term."""
    model = cp_model.CpModel()
    scores = score_matrix(problem)
    apps, judges = problem.applications, problem.judges
    x = {
        (a, j): model.new_bool_var(f"x{a}_{j}")
        for a in range(len(apps))
        for j in range(len(judges))
        if scores[a, j] != INELIGIBLE
    }
    for a in range(len(apps)):
        model.add(sum(v for (b, _), v in x.items() if b == a) == problem.k)
    loads, squares = [], []
    for j, judge in enumerate(judges):
        load = model.new_int_var(judge.min_load, judge.max_load, f"load{j}")
        model.add(load == sum(v for (_, i), v in x.items() if i == j))
        square = model.new_int_var(0, judge.max_load**2, f"square{j}")
        model.add_multiplication_equality(square, [load, load])
        loads.append(load)
        squares.append(square)
    peak = model.new_int_var(0, max(j.max_load for j in judges), "peak")
    model.add_max_equality(peak, loads)
    total = sum(int(scores[a, j]) * v for (a, j), v in x.items())
    stages = [-total, peak] if problem.priority == "score" else [peak, -total]
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    values = []
    for expression in [*stages, sum(squares)]:
        model.minimize(expression)
        status = solver.solve(model)
        if status == cp_model.INFEASIBLE:
            return None
        assert status == cp_model.OPTIMAL
        value = round(solver.objective_value)
        model.add(expression == value)
        values.append(value)
    return tuple(values)


@FEW
@given(rounds(max_apps=14, max_judges=7, max_k=3, max_apps_k=14))
def test_the_solver_agrees_with_cp_sat_on_larger_rounds(problem):
    expected = cp_sat_optimum(problem)
    solution = solve(problem)
    event("infeasible" if expected is None else "feasible")
    if expected is None:
        assert solution.status == INFEASIBLE
        return
    assert solution.status == OPTIMAL, solution.reasons
    assert verify(problem, solution) == []
    assert objective_key(problem.priority, solution.objective) == expected
