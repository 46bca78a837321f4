"""The solver's answer and its JSON form (`summitry.meetings.solution/1`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SOLUTION_FORMAT = "summitry.meetings.solution/1"
STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass(frozen=True)
class Assignment:
    meeting: str
    slot: str  # the first slot of a multi-slot meeting
    location: str


@dataclass
class Solution:
    status: str
    assignments: list[Assignment] = field(default_factory=list)
    unscheduled: list[str] = field(default_factory=list)
    idle_gaps: int | None = None
    max_gap_difference: int | None = None
    bound: int | None = None  # a proven lower bound on idle_gaps, when known
    reason: str | None = None
    # Seconds from the start to the first schedule keeping every rule, to the answer's
    # schedule and to its proof (None when unproven).
    progress: dict[str, float | None] | None = None
    # Not part of the format: what the solver did, for benchmarks and logs.
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": SOLUTION_FORMAT,
            "status": self.status,
            "assignments": [
                {"meeting": a.meeting, "slot": a.slot, "location": a.location}
                for a in self.assignments
            ],
            "unscheduled": list(self.unscheduled),
        }
        if self.idle_gaps is None:
            data["objective"] = None
        else:
            objective: dict[str, int] = {
                "idle_gaps": self.idle_gaps,
                "max_gap_difference": self.max_gap_difference or 0,
            }
            if self.bound is not None:
                objective["bound"] = self.bound
                objective["gap"] = self.idle_gaps - self.bound
            data["objective"] = objective
        if self.progress is not None:
            data["progress"] = dict(self.progress)
        if self.reason is not None:
            data["reason"] = self.reason
        return data
