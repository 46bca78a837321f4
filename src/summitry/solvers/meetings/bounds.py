"""A lower bound on idle gaps from each participant alone, valid for large instances too."""

from __future__ import annotations

from .instance import Instance


def gap_lower_bound(instance: Instance, must: list[bool]) -> int:
    """Sum over participants of their fewest possible gaps, counting the meetings in `must`
    (those scheduled in every optimal schedule). A participant who must spend k slots in
    meetings, all within the slots their meetings may use, needs at least this many gaps: in
    each block the longest run of usable slots is free, each further run costs one gap, and
    the longest runs go first."""
    total = 0
    for meetings in instance.meetings_of:
        needed = sum(instance.duration[m] for m in meetings if must[m])
        if not needed:
            continue
        usable = 0
        for m in meetings:
            for s in instance.domain[m]:
                usable |= instance.mask(m, s)
        total += _fewest_gaps(instance, usable, needed)
    return total


def _fewest_gaps(instance: Instance, usable: int, needed: int) -> int:
    free_room = 0
    extra_runs: list[int] = []
    for slots in instance.block_slots:
        runs = []
        length = 0
        for t in slots:
            if usable >> t & 1:
                length += 1
            elif length:
                runs.append(length)
                length = 0
        if length:
            runs.append(length)
        if runs:
            runs.sort(reverse=True)
            free_room += runs[0]
            extra_runs += runs[1:]
    if free_room >= needed:
        return 0
    gaps = 0
    for run in sorted(extra_runs, reverse=True):
        free_room += run
        gaps += 1
        if free_room >= needed:
            return gaps
    return gaps  # cannot fit at all: the schedule is infeasible anyway


def must_meetings(instance: Instance, priority: int) -> list[bool]:
    """Meetings in every schedule of optimal priority: the required ones, and every placeable
    meeting of positive priority when the optimum places them all."""
    placeable = [bool(d) for d in instance.domain]
    top = sum(p for p, ok in zip(instance.priority, placeable, strict=True) if ok)
    return [
        instance.required[m] or (priority >= top and placeable[m] and instance.priority[m] > 0)
        for m in range(instance.n_meetings)
    ]
