"""When the solver found its first schedule, its best one and the proof, for the answer."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model


class Progress:
    """Seconds since the solve began. A schedule is recorded only when it keeps every rule
    (required meetings placed, fairness held); its key is (-priority, gaps), lower is better."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.first_feasible: float | None = None
        self.events: list[tuple[float, tuple[int, int]]] = []
        self.proof: float | None = None

    def now(self) -> float:
        return time.monotonic() - self.started

    def found(self, priority: int, gaps: int) -> None:
        at = self.now()
        if self.first_feasible is None:
            self.first_feasible = at
        self.events.append((at, (-priority, gaps)))

    def proved(self) -> None:
        if self.proof is None:
            self.proof = self.now()

    def to_json(self, priority: int, gaps: int) -> dict[str, float | None]:
        """The times for an answer of this priority and gaps."""
        final = (-priority, gaps)
        reached = [at for at, key in self.events if key <= final]
        best = min(reached) if reached else self.now()
        first = self.first_feasible if self.first_feasible is not None else best
        return {
            "first_feasible": round(first, 2),
            "best": round(best, 2),
            "proof": None if self.proof is None else round(self.proof, 2),
        }


class Recorder(cp_model.CpSolverSolutionCallback):
    """Records each CP-SAT solution: `stage` "priority" (objective = priority, gaps unknown)
    or "gaps" (objective = gaps at priority `priority`)."""

    def __init__(self, progress: Progress, stage: str, priority: int = 0) -> None:
        super().__init__()
        self.progress = progress
        self.stage = stage
        self.priority = priority

    def on_solution_callback(self) -> None:
        value = round(self.objective_value)
        if self.stage == "priority":
            self.progress.found(value, 1 << 30)
        else:
            self.progress.found(self.priority, value)
