"""The assignment matrix of a round: applications × judges, with conflicts and loads."""

from __future__ import annotations

from summitry.solvers import judging as solver

from . import services


def matrix(round, applications, judges) -> dict:
    problem = services.build_problem(round, applications=applications, judges=judges)
    apps, people = problem.index()
    pairs = services.current_pairs(round)
    loads = {str(j.pk): 0 for j in judges}
    rows = []
    for application in applications:
        key = str(application.pk)
        given = set(pairs.get(key, ()))
        cells = []
        for judge in judges:
            jid = str(judge.pk)
            if jid in given:
                loads[jid] += 1
                state = "assigned"
            elif solver.conflict_reasons(problem, apps[key], people[jid]):
                state = "conflict"
            elif not solver.is_eligible(problem, apps[key], people[jid]):
                state = "language"
            else:
                state = ""
            cells.append(state)
        rows.append(
            {
                "application": application,
                "cells": cells,
                "count": len(given),
                "short": len(given) != round.judges_per_application,
            }
        )
    columns = [
        {"judge": j, "load": loads[str(j.pk)], "limit": people[str(j.pk)].max_load} for j in judges
    ]
    objective = solver.evaluate(problem, pairs)
    return {
        "rows": rows,
        "columns": columns,
        "assigned": bool(pairs),
        "objective": objective,
        "problems": len(solver.violations(problem, pairs)) if pairs else 0,
    }
