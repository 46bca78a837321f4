"""The solver's answer and its JSON form (`summitry.interpretation.solution/1`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOLUTION_FORMAT = "summitry.interpretation.solution/1"
# optimal: proven best; feasible: valid, not proven best; infeasible: proven impossible
# (`uncovered` names the channels that cannot be covered); unknown: no roster within the time.
STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass(frozen=True)
class Assignment:
    """An interpreter in an item's booth for `channel`; `via` is the channel they take as relay,
    None when they work directly from the floor."""

    item: str
    channel: str
    interpreter: str
    via: str | None = None


@dataclass(frozen=True)
class Uncovered:
    item: str
    channel: str
    needed: int
    assigned: int


@dataclass
class Solution:
    status: str
    assignments: list[Assignment] = field(default_factory=list)
    objective: int | None = None
    bound: int | None = None
    cost: int | None = None
    relays: int | None = None
    changes: int | None = None
    uncovered: list[Uncovered] = field(default_factory=list)
    reason: str | None = None
    # Not part of the format: what the solver did, for benchmarks and logs.
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        """(objective − bound) / objective: 0 when proven optimal."""
        if self.objective is None or self.bound is None:
            return None
        return (self.objective - self.bound) / max(abs(self.objective), 1)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": SOLUTION_FORMAT,
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap": self.gap,
            "cost": self.cost,
            "relays": self.relays,
            "changes": self.changes,
            "assignments": [
                {"item": a.item, "channel": a.channel, "interpreter": a.interpreter, "via": a.via}
                for a in self.assignments
            ],
            "uncovered": [
                {"item": u.item, "channel": u.channel, "needed": u.needed, "assigned": u.assigned}
                for u in self.uncovered
            ],
        }
        if self.reason is not None:
            data["reason"] = self.reason
        return data
