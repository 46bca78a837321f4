"""Judge assignment: wall time, score and its distance from upper bounds, on seeded rounds."""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from dataclasses import replace

import numpy as np

from summitry.solvers.judging import Application, Judge, Problem, Rules, Weights, solve, verify
from summitry.solvers.judging.matrix import score_matrix

SIZES = {
    # name: (applications, judges, judges per application, load limit, declared conflicts)
    "small": (240, 30, 3, 30, 0.005),
    "large": (10_000, 2_000, 3, 20, 0.005),
}
LANGUAGES = ["ko", "en", "ja", "zh", "fr", "es"]
LANGUAGE_WEIGHTS = [35, 35, 10, 10, 5, 5]
TOPICS = [f"topic-{i:02d}" for i in range(40)]
CATEGORIES = [f"category-{i}" for i in range(8)]


def machine() -> str:
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cores} cores (nproc), {model}, Python {platform.python_version()}"


def generate(size: str, seed: int, priority: str) -> Problem:
    """A seeded random round: ~1% conflicting pairs (automatic rules plus declared ones)."""
    n, m, k, limit, declared_share = SIZES[size]
    rng = random.Random(seed)
    countries = [f"country-{i}" for i in range(15)]
    cities = [(f"city-{i}", countries[i % len(countries)]) for i in range(150)]
    organisations = [f"organisation-{i}" for i in range(800)]

    def place() -> dict:
        city, country = rng.choice(cities)
        return {"organisation": rng.choice(organisations), "city": city, "country": country}

    def spoken(main: list[str], other: float) -> tuple[str, ...]:
        languages = {rng.choice(main)}
        if rng.random() < other:
            languages.add(rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0])
        return tuple(sorted(languages))

    applications = [
        Application(
            id=f"A{i:05d}",
            category=rng.choice(CATEGORIES),
            languages=spoken(["ko", "en"], 0.3),
            tags=tuple(rng.sample(TOPICS, rng.randint(2, 4))),
            **place(),
        )
        for i in range(n)
    ]
    judges = []
    for i in range(m):
        languages = set(spoken(["en"] * 4 + ["ko"] * 3, 0.5))
        if rng.random() < 0.4:
            languages.add("ko" if "en" in languages else "en")
        tags = rng.sample(TOPICS, rng.randint(3, 6)) + rng.sample(CATEGORIES, rng.randint(0, 2))
        judges.append(
            Judge(
                id=f"J{i:04d}",
                max_load=limit,
                languages=tuple(sorted(languages)),
                tags=tuple(tags),
                **place(),
            )
        )
    count = int(declared_share * n * m)
    pairs = set()
    while len(pairs) < count:
        pairs.add((judges[rng.randrange(m)].id, applications[rng.randrange(n)].id))
    return Problem(
        applications=tuple(applications),
        judges=tuple(judges),
        judges_per_application=k,
        conflicts=frozenset(pairs),
        rules=Rules(same_organisation=True, same_city=True, same_country=False),
        weights=Weights(expertise=3, language=1, category=2),
        priority=priority,
        round=f"bench-{size}-{seed}",
    )


def k_best_bound(problem: Problem) -> int:
    """Σ over applications of their k best eligible judges' scores (ignores load limits)."""
    scores = score_matrix(problem).astype(np.int64)
    k = problem.k
    top = -np.partition(-scores, k - 1, axis=1)[:, :k]
    return int(top.clip(0).sum())


def conflict_share(problem: Problem) -> float:
    """Share of pairs excluded by conflicts alone (declared and automatic)."""
    loose = replace(problem, rules=replace(problem.rules, require_common_language=False))
    return float((score_matrix(loose) < 0).mean())


def run(size: str, seed: int, priority: str, check: bool) -> None:
    problem = generate(size, seed, priority)
    n, m = len(problem.applications), len(problem.judges)
    started = time.perf_counter()
    solution = solve(problem)
    wall = time.perf_counter() - started
    print(f"\n{size}: {n} applications × {m} judges, k={problem.k}, priority={priority}")
    print(f"  conflicting pairs: {conflict_share(problem):.2%}; stats: {dict(solution.stats)}")
    print(f"  status: {solution.status}, wall time: {wall:.2f} s")
    if solution.objective is None:
        print("  reasons:", *solution.reasons, sep="\n    ")
        return
    objective = solution.objective
    score = objective.total_score
    bound = k_best_bound(problem)
    if "unbalanced_score" in solution.stats:
        unbalanced = int(solution.stats["unbalanced_score"])
    else:  # priority "load": the best score under the load limits alone, solved apart
        unbalanced = solve(replace(problem, priority="score")).objective.total_score
    print(
        f"  score: {score}; upper bound (k best eligible judges each): {bound}, "
        f"gap {bound - score} ({(bound - score) / max(bound, 1):.3%})"
    )
    print(f"  best score with load limits but no balancing: {unbalanced}, gap {unbalanced - score}")
    print(
        f"  loads: max {objective.max_load}, min {objective.min_load}, "
        f"Σ load² {objective.load_sum_of_squares}, mean {problem.k * n / m:.2f}"
    )
    if check:
        started = time.perf_counter()
        problems = verify(problem, solution)
        print(f"  verifier: {len(problems)} problem(s) in {time.perf_counter() - started:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=[*SIZES, "all"], default="all")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--priority", choices=["score", "load", "both"], default="score")
    parser.add_argument("--no-verify", dest="check", action="store_false")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    sizes = list(SIZES) if args.size == "all" else [args.size]
    priorities = ["score", "load"] if args.priority == "both" else [args.priority]
    for size in sizes:
        for priority in priorities:
            run(size, args.seed, priority, args.check)


if __name__ == "__main__":
    main()
