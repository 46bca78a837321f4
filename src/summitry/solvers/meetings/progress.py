"""When the solver found its first schedule, its best one and the proof, for the answer."""

from __future__ import annotations

import time
from collections.abc import Callable

from ortools.sat.python import cp_model


class Progress:
    """Seconds since the solve began. A schedule is recorded only when it keeps every rule
    (required meetings placed, fairness held); its key is (-priority, gaps), lower is better.
    A `listener`, when given, hears of each schedule and bound as they come (for a page that
    shows the solve's progress): a dict with `seconds`, `priority`, `gaps` (None while only
    the priority is known), `bound` (the fewest gaps any schedule can have, once known) and
    `proven`. It is called from the solver's threads; it must be quick and thread-safe."""

    def __init__(self, listener: Callable[[dict], None] | None = None) -> None:
        self.started = time.monotonic()
        self.first_feasible: float | None = None
        self.events: list[tuple[float, tuple[int, int]]] = []
        self.proof: float | None = None
        self.bounds: dict[int, int] = {}  # per priority: no schedule of it has fewer gaps
        self.listener = listener

    def _tell(self) -> None:
        if self.listener is None:
            return
        best = min((key for _at, key in self.events), default=None)
        self.listener(
            {
                "seconds": round(self.now(), 2),
                "priority": None if best is None else -best[0],
                "gaps": None if best is None or best[1] >= 1 << 30 else best[1],
                # The bound of the best schedule's priority: a bound for placing every
                # meeting says nothing of a schedule that leaves one out (it may have fewer).
                "bound": None if best is None else self.bounds.get(-best[0]),
                "proven": self.proof is not None,
            }
        )

    def now(self) -> float:
        return time.monotonic() - self.started

    def found(self, priority: int, gaps: int) -> None:
        at = self.now()
        if self.first_feasible is None:
            self.first_feasible = at
        self.events.append((at, (-priority, gaps)))
        self._tell()

    def bounded(self, bound: int | None, priority: int) -> None:
        """No schedule of this priority has fewer gaps than `bound`."""
        if bound is not None and bound > self.bounds.get(priority, -1):
            self.bounds[priority] = bound
            self._tell()

    def proved(self) -> None:
        if self.proof is None:
            self.proof = self.now()
            self._tell()

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
