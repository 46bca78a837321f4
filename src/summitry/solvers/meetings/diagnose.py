"""Why a problem is infeasible: a small set of required meetings (and fairness) that clash."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from .cpsat import Options, ScheduleModel, make_solver
from .instance import Instance
from .state import State


def explain_infeasibility(instance: Instance, deadline: float, seed: int) -> str:
    """Why the required meetings cannot all be scheduled: a small set of them (and the
    fairness bound, if it takes part) that no schedule satisfies together."""
    problem = instance.problem
    fairness = "hard" if problem.objective.fairness_max_difference is not None else None
    free = list(range(instance.n_meetings))
    model = ScheduleModel(
        instance, State(instance), free, Options(fairness=fairness, assumptions=True)
    )
    literals = dict(model.required_literals)
    if model.fairness_literal is not None:
        literals[-1] = model.fairness_literal
    core = list(literals)
    budget = min(10.0, max(deadline - time.monotonic(), 1.0))
    started = time.monotonic()

    def infeasible(keys: list[int]) -> list[int] | None:
        model.model.clear_assumptions()
        model.model.add_assumptions([literals[k] for k in keys])
        solver = make_solver(budget / 4, 1, seed)
        if solver.solve(model.model) != cp_model.INFEASIBLE:
            return None
        found = {literal.index for literal in [literals[k] for k in keys]}
        proven = set(solver.sufficient_assumptions_for_infeasibility())
        return [k for k in keys if literals[k].index in proven & found] or keys

    core = infeasible(core) or core
    # Drop what is not needed while time allows, so the reason names few meetings.
    for key in list(core):
        if len(core) == 1 or time.monotonic() - started > budget:
            break
        if key not in core:
            continue
        smaller = infeasible([k for k in core if k != key])
        if smaller is not None:
            core = smaller
    meetings = [problem.meetings[k].id for k in core if k >= 0]
    named = ", ".join(f'"{m}"' for m in meetings)
    limit = problem.objective.fairness_max_difference
    if -1 in core and not meetings:
        return f"no schedule keeps the fairness bound (max difference {limit})"
    shared = set.intersection(*(set(problem.meeting_by_id[m].participants) for m in meetings))
    tail = f" (all involve {', '.join(sorted(shared))})" if len(meetings) > 1 and shared else ""
    if -1 in core:
        return (
            f"required meetings {named} cannot all be scheduled within the fairness bound "
            f"(max difference {limit}){tail}"
        )
    if len(meetings) == 1:
        return f"required meeting {named} cannot be scheduled with the other rules"
    return (
        f"required meetings {named} cannot all be scheduled together: they need more slots, "
        f"participants, locations or resources than there are{tail}"
    )
