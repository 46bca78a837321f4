"""A fast first schedule: meetings placed one by one where they add the fewest idle gaps."""

from __future__ import annotations

from .instance import Instance
from .state import State


def greedy_order(instance: Instance) -> list[int]:
    """Fixed meetings, then required ones, then the rest; within each, grouped by participant
    (busiest first) so that a participant's meetings are placed while their run is open."""
    degree = [len(ms) for ms in instance.meetings_of]
    by_participant = sorted(range(instance.n_participants), key=lambda p: (-degree[p], p))
    grouped: list[int] = []
    seen = [False] * instance.n_meetings
    for p in by_participant:
        mine = sorted(
            instance.meetings_of[p],
            key=lambda m: (-instance.priority[m], -max(degree[q] for q in instance.parts[m]), m),
        )
        for m in mine:
            if not seen[m]:
                seen[m] = True
                grouped.append(m)
    fixed = instance.problem.meetings

    def rank(m: int) -> int:
        if fixed[m].fixed_slot is not None:
            return 0
        return 1 if instance.required[m] else 2

    return sorted(grouped, key=rank)  # stable: keeps the grouping inside each rank


def place_greedily(instance: Instance, state: State, meetings: list[int]) -> None:
    """Place the given unplaced meetings into `state` where they fit best; a meeting whose
    `after` meetings are not placed waits for them, and stays out if they never are."""
    pending = [m for m in meetings if state.starts[m] is None and instance.domain[m]]
    while pending:
        waiting = []
        for m in pending:
            if any(state.starts[e] is None for e in instance.preds[m]):
                waiting.append(m)
                continue
            best = best_start(instance, state, m)
            if best is not None:
                state.place(m, best)
        if len(waiting) == len(pending):
            break
        pending = waiting


def best_start(instance: Instance, state: State, m: int) -> int | None:
    """The start slot adding the fewest gaps to the meeting's participants; then the one next
    to most of their meetings; then the least loaded slot; then the earliest."""
    best_key: tuple[int, int, int, int] | None = None
    best = None
    block_masks = instance.block_masks
    parts = instance.parts[m]
    loads = state.union_load[-1] if state.union_load else None  # all locations
    for s in instance.domain[m]:
        if not state.fits(m, s):
            continue
        bits = instance.mask(m, s)
        block = block_masks[instance.block_of[s]]
        added = 0
        beside = 0
        around = ((bits << 1) | (bits >> 1)) & ~bits & block
        for p in parts:
            before = state.busy[p] & block
            added += _gaps(before | bits) - _gaps(before)
            if before & around:
                beside += 1
        key = (added, -beside, loads[s] if loads else 0, s)
        if best_key is None or key < best_key:
            best_key, best = key, s
    return best


def _gaps(bits: int) -> int:
    """Idle gaps inside one block's bits."""
    return (bits & ~(bits << 1)).bit_count() - 1 if bits else 0
