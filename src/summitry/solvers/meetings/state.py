"""A schedule under construction: placements with incremental loads, busy slots and gaps."""

from __future__ import annotations

from dataclasses import dataclass

from .instance import Instance


def gaps_of_mask(mask: int, block_masks: list[int]) -> int:
    """Idle gaps of one participant whose busy slots are the bits of `mask`."""
    gaps = 0
    for block in block_masks:
        bits = mask & block
        if bits:
            # Run starts: busy slots whose previous slot is not busy (or in another block).
            gaps += (bits & ~(bits << 1)).bit_count() - 1
    return gaps


@dataclass(frozen=True)
class Score:
    """Lexicographic: fewer required meetings missing, less fairness excess (the gap spread
    beyond the bound), more priority, fewer gaps."""

    missing_required: int
    excess: int
    priority: int
    gaps: int

    def key(self) -> tuple[int, int, int, int]:
        return (self.missing_required, self.excess, -self.priority, self.gaps)


class State:
    """Placed meetings (first slot each) and what they use, for checks in constant time."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.starts: list[int | None] = [None] * instance.n_meetings
        self.busy = [0] * instance.n_participants  # bit t: the participant meets in slot t
        self.union_load = [[0] * instance.n_slots for _ in instance.unions]
        self.resource_load = [[0] * instance.n_slots for _ in instance.resource_capacity]

    def fits(self, m: int, s: int) -> bool:
        """Whether meeting m can start in slot s given everything placed (locations counted
        per slot; order against placed `after` meetings)."""
        inst = self.instance
        bits = inst.mask(m, s)
        if any(self.busy[p] & bits for p in inst.parts[m]):
            return False
        span = inst.span(m, s)
        for u in inst.type_unions[inst.location_type[m]]:
            load, capacity = self.union_load[u], inst.unions[u][1]
            if any(load[t] >= capacity for t in span):
                return False
        for r in inst.needs[m]:
            load, capacity = self.resource_load[r], inst.resource_capacity[r]
            if any(load[t] >= capacity for t in span):
                return False
        for earlier in inst.preds[m]:
            first = self.starts[earlier]
            if first is None or first + inst.duration[earlier] > s:
                return False
        end = s + inst.duration[m]
        for later in inst.succs[m]:
            first = self.starts[later]
            if first is not None and first < end:
                return False
        return True

    def place(self, m: int, s: int) -> None:
        inst = self.instance
        self.starts[m] = s
        bits = inst.mask(m, s)
        for p in inst.parts[m]:
            self.busy[p] |= bits
        self._load(m, s, 1)

    def remove(self, m: int) -> None:
        s = self.starts[m]
        if s is None:
            return
        inst = self.instance
        self.starts[m] = None
        bits = inst.mask(m, s)
        for p in inst.parts[m]:
            self.busy[p] &= ~bits
        self._load(m, s, -1)

    def _load(self, m: int, s: int, delta: int) -> None:
        inst = self.instance
        span = inst.span(m, s)
        for u in inst.type_unions[inst.location_type[m]]:
            load = self.union_load[u]
            for t in span:
                load[t] += delta
        for r in inst.needs[m]:
            load = self.resource_load[r]
            for t in span:
                load[t] += delta

    def gaps(self, p: int) -> int:
        return gaps_of_mask(self.busy[p], self.instance.block_masks)

    def score(self, gaps: list[int] | None = None) -> Score:
        """The schedule's score; `gaps` per participant when the caller keeps them current."""
        inst = self.instance
        if gaps is None:
            gaps = [self.gaps(p) for p in range(inst.n_participants)]
        placed = [s is not None for s in self.starts]
        limit = inst.problem.objective.fairness_max_difference
        excess = 0
        if limit is not None:
            counted = [g for g, busy in zip(gaps, self.busy, strict=True) if busy]
            if counted:
                excess = max(0, max(counted) - min(counted) - limit)
        return Score(
            missing_required=sum(
                1
                for m in range(inst.n_meetings)
                if inst.required[m] and inst.domain[m] and not placed[m]
            ),
            excess=excess,
            priority=sum(inst.priority[m] for m in range(inst.n_meetings) if placed[m]),
            gaps=sum(gaps),
        )
