"""Concrete locations for meetings whose locations were counted per slot."""

from __future__ import annotations

import heapq
from collections import defaultdict

from ortools.graph.python import max_flow

from .instance import Instance


def assign_locations(instance: Instance, starts: list[int | None]) -> dict[int, int]:
    """A location per placed meeting. The solver kept every slot within Hall's condition, so
    this always succeeds; a failure means a solver bug and raises."""
    placed = [m for m, s in enumerate(starts) if s is not None]
    if len(instance.types) == 1:
        return _tracks(instance, placed, starts)
    if any(instance.duration[m] > 1 for m in placed):
        raise AssertionError("multi-slot meetings with several location types need z variables")
    by_slot: dict[int, list[int]] = defaultdict(list)
    for m in placed:
        by_slot[starts[m]].append(m)  # type: ignore[index]
    result: dict[int, int] = {}
    for meetings in by_slot.values():
        result.update(_flow(instance, meetings))
    return result


def _tracks(instance: Instance, placed: list[int], starts: list[int | None]) -> dict[int, int]:
    """One location type: a location of capacity c is c tracks; meetings are intervals, and
    taking any free track in order of start uses no more tracks than the busiest slot."""
    tracks = [
        loc for loc in sorted(instance.types[0]) for _ in range(instance.location_capacity[loc])
    ]
    idle = list(range(len(tracks)))  # a heap of free track numbers
    busy: list[tuple[int, int]] = []  # (free from slot, track)
    result = {}
    for m in sorted(placed, key=lambda m: (starts[m], m)):
        first = starts[m]
        assert first is not None
        while busy and busy[0][0] <= first:
            heapq.heappush(idle, heapq.heappop(busy)[1])
        if not idle:
            raise AssertionError(f"no location left for meeting {m} in slot {first}")
        track = heapq.heappop(idle)
        result[m] = tracks[track]
        heapq.heappush(busy, (first + instance.duration[m], track))
    return result


def _flow(instance: Instance, meetings: list[int]) -> dict[int, int]:
    """Single-slot meetings of one slot: a flow from location types to locations."""
    by_type: dict[int, list[int]] = defaultdict(list)
    for m in meetings:
        by_type[instance.location_type[m]].append(m)
    types = sorted(by_type)
    n_locations = len(instance.location_capacity)
    source, sink = 0, 1 + len(types) + n_locations
    flow = max_flow.SimpleMaxFlow()
    arcs: list[tuple[int, int, int]] = []  # (arc, type, location)
    for i, t in enumerate(types):
        flow.add_arc_with_capacity(source, 1 + i, len(by_type[t]))
        for loc in sorted(instance.types[t]):
            arc = flow.add_arc_with_capacity(1 + i, 1 + len(types) + loc, len(by_type[t]))
            arcs.append((arc, t, loc))
    for loc, capacity in enumerate(instance.location_capacity):
        flow.add_arc_with_capacity(1 + len(types) + loc, sink, capacity)
    if flow.solve(source, sink) != flow.OPTIMAL or flow.optimal_flow() != len(meetings):
        raise AssertionError("the meetings of a slot do not fit its locations")
    result = {}
    for arc, t, loc in arcs:
        for _ in range(flow.flow(arc)):
            result[by_type[t].pop()] = loc
    return result
