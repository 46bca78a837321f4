"""The problem in integer form for the solver: indices, candidate start slots, location groups."""

from __future__ import annotations

from dataclasses import dataclass
from graphlib import TopologicalSorter

from .model import Meeting, Problem

# More unions of allowed-location sets than this and locations are modelled one by one.
MAX_LOCATION_UNIONS = 64


@dataclass
class Instance:
    problem: Problem
    n_slots: int
    block_of: list[int]  # block number of each slot
    block_masks: list[int]  # per block, a bit per slot of that block
    block_slots: list[list[int]]  # per block, its slots in time order
    parts: list[list[int]]  # participant indices of each meeting
    meetings_of: list[list[int]]  # meeting indices of each participant
    duration: list[int]
    priority: list[int]
    required: list[bool]
    preds: list[list[int]]  # meetings that must end before each meeting starts
    succs: list[list[int]]
    topological: list[int]  # meetings, each after all of its `after` meetings
    needs: list[list[int]]  # resource indices
    resource_capacity: list[int]
    location_capacity: list[int]
    # Meetings allowed the same locations share a location type. A union of types is a set of
    # locations; by Hall's theorem the meetings of one slot fit the locations iff, for every
    # union U, the meetings whose type lies inside U number at most the capacity of U.
    location_type: list[int]
    types: list[frozenset[int]]
    unions: list[tuple[frozenset[int], int]]  # locations and their total capacity
    type_unions: list[list[int]]  # per type, the unions containing it
    # Per-slot counting is exact only when no multi-slot meeting must keep one location among
    # differently restricted ones; otherwise the model chooses locations itself.
    explicit_locations: bool
    domain: list[list[int]]  # candidate first slots of each meeting
    empty_reason: dict[int, str]  # why a meeting has no candidate slot

    @property
    def n_meetings(self) -> int:
        return len(self.parts)

    @property
    def n_participants(self) -> int:
        return len(self.meetings_of)

    def mask(self, meeting: int, first: int) -> int:
        """Bits of the slots the meeting occupies when it starts at `first`."""
        return ((1 << self.duration[meeting]) - 1) << first

    def span(self, meeting: int, first: int) -> range:
        return range(first, first + self.duration[meeting])


def build_instance(problem: Problem) -> Instance:
    slot_index = problem.slot_index
    blocks: dict[str, int] = {}
    block_of = [blocks.setdefault(slot.block, len(blocks)) for slot in problem.slots]
    block_masks = [0] * len(blocks)
    block_slots: list[list[int]] = [[] for _ in blocks]
    for t, block in enumerate(block_of):
        block_masks[block] |= 1 << t
        block_slots[block].append(t)
    participant_index = {p.id: i for i, p in enumerate(problem.participants)}
    meeting_index = {m.id: i for i, m in enumerate(problem.meetings)}
    resource_index = {r.id: i for i, r in enumerate(problem.resources)}
    location_index = {loc.id: i for i, loc in enumerate(problem.locations)}
    location_capacity = [loc.capacity for loc in problem.locations]

    parts = [[participant_index[p] for p in m.participants] for m in problem.meetings]
    meetings_of: list[list[int]] = [[] for _ in problem.participants]
    for m, members in enumerate(parts):
        for p in members:
            meetings_of[p].append(m)
    preds = [[meeting_index[other] for other in m.after] for m in problem.meetings]
    succs: list[list[int]] = [[] for _ in problem.meetings]
    for m, earlier in enumerate(preds):
        for other in earlier:
            succs[other].append(m)
    topological = list(TopologicalSorter({m: preds[m] for m in range(len(preds))}).static_order())

    all_locations = frozenset(range(len(problem.locations)))
    type_index: dict[frozenset[int], int] = {}
    location_type = []
    for m in problem.meetings:
        allowed = (
            all_locations
            if m.allowed_locations is None
            else frozenset(location_index[loc] for loc in m.allowed_locations)
        )
        location_type.append(type_index.setdefault(allowed, len(type_index)))
    types = list(type_index)
    union_sets = _union_closure(types)
    multi_slot = any(m.duration_slots > 1 for m in problem.meetings)
    explicit = union_sets is None or (multi_slot and len(types) > 1)
    unions = [(u, sum(location_capacity[i] for i in u)) for u in union_sets or []]
    type_unions = [[k for k, (u, _cap) in enumerate(unions) if t <= u] for t in types]

    instance = Instance(
        problem=problem,
        n_slots=len(problem.slots),
        block_of=block_of,
        block_masks=block_masks,
        block_slots=block_slots,
        parts=parts,
        meetings_of=meetings_of,
        duration=[m.duration_slots for m in problem.meetings],
        priority=[m.priority for m in problem.meetings],
        required=[m.required for m in problem.meetings],
        preds=preds,
        succs=succs,
        topological=topological,
        needs=[[resource_index[r] for r in m.needs] for m in problem.meetings],
        resource_capacity=[r.capacity for r in problem.resources],
        location_capacity=location_capacity,
        location_type=location_type,
        types=types,
        unions=unions,
        type_unions=type_unions,
        explicit_locations=explicit,
        domain=[],
        empty_reason={},
    )
    _domains(instance, slot_index)
    return instance


def _union_closure(types: list[frozenset[int]]) -> list[frozenset[int]] | None:
    closure = set(types)
    frontier = set(types)
    while frontier:
        grown = {a | b for a in frontier for b in types} - closure
        closure |= grown
        frontier = grown
        if len(closure) > MAX_LOCATION_UNIONS:
            return None
    return sorted(closure, key=lambda u: (len(u), sorted(u)))


def _domains(instance: Instance, slot_index: dict[str, int]) -> None:
    """Candidate first slots: the meeting fits its block, its fixed and allowed slots, its
    participants' availability, and starts after the earliest end of every `after` meeting."""
    problem = instance.problem
    unavailable = [{slot_index[s] for s in p.unavailable} for p in problem.participants]
    domain: list[list[int]] = [[] for _ in problem.meetings]
    for m in instance.topological:
        meeting = problem.meetings[m]
        candidates = [
            s for s in range(instance.n_slots) if problem.occupied(meeting, s) is not None
        ]
        reason = None
        if not candidates:
            reason = f"its {meeting.duration_slots} slots fit in no block"
        if meeting.fixed_slot is not None and reason is None:
            candidates = [slot_index[meeting.fixed_slot]]
        if meeting.allowed_slots is not None and reason is None:
            candidates = [s for s in candidates if _allowed(problem, meeting, s)]
            if not candidates:
                reason = "no run of its allowed_slots is long enough"
        if reason is None:
            busy = set().union(*(unavailable[p] for p in instance.parts[m]))
            candidates = [s for s in candidates if busy.isdisjoint(instance.span(m, s))]
            if not candidates:
                names = ", ".join(meeting.participants)
                where = "in its fixed slot" if meeting.fixed_slot else "in any slot it may use"
                reason = f"its participants ({names}) are not all available {where}"
        for earlier in instance.preds[m]:
            if reason is not None:
                break
            if not domain[earlier]:
                reason = (
                    f'it must come after "{problem.meetings[earlier].id}", which cannot be placed'
                )
                break
            earliest_end = domain[earlier][0] + instance.duration[earlier] - 1
            candidates = [s for s in candidates if s > earliest_end]
            if not candidates:
                reason = f'it cannot start after "{problem.meetings[earlier].id}" ends'
        if reason is None and not instance.types[instance.location_type[m]]:
            reason = "its allowed_locations is empty"
        if reason is not None:
            candidates = []
            instance.empty_reason[m] = reason
        domain[m] = candidates
    instance.domain = domain


def _allowed(problem: Problem, meeting: Meeting, first: int) -> bool:
    span = problem.occupied(meeting, first) or []
    return all(problem.slots[t].id in (meeting.allowed_slots or ()) for t in span)
