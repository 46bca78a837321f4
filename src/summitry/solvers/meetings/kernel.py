"""The large search's inner loop, compiled with Numba: simulated annealing over Kempe chains.

It makes the moves `local.LocalSearch.anneal` makes in Python (the same kinds of proposals,
the same chains, checks, costs and acceptance rule), many times faster, for the common case:
one kind of location, no resources, no `after` order, blocks of at most MAX_BLOCK slots.
Anything else stays in Python. It counts gaps only: under a fairness bound, the Python search
takes over from its result to bring the spread of gaps back within the bound.

Each participant's busy slots are kept per block as block-local bits, so the cost and the gaps
of a block are looked up in tables of every possible bit pattern (2**MAX_BLOCK entries).
A Kempe chain between slots a and b toggles, for each participant it touches, either nothing
(they swap one meeting for another) or both a and b: the parity of the participant's
meetings in the chain says which.

`anneal` takes the whole search state as NumPy arrays (one `Search` tuple) and changes them
in place; the Python side decides the temperature of each call and how many steps it makes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numba import njit

MAX_BLOCK = 20  # slots in a block, at most: the cost tables have 2**MAX_BLOCK entries
MAX_SLOTS = 62  # all slots' bits fit one signed 64-bit integer
# Of the proposals that target a participant's gap: moving a run's end next to another run
# (the rest fill a hole between runs).
EXTEND_SHARE = 0.5


def tables(length: int, *functions: Callable[[int], int]):
    """Each function's value for every bit pattern of a block of `length` slots."""
    size = 1 << length
    return tuple(np.fromiter(map(f, range(size)), dtype=np.int64, count=size) for f in functions)


class Search(NamedTuple):
    """The arrays `anneal` works on, in the order `_anneal` takes them. Meetings,
    participants and slots are numbered as in the instance; a participant's busy slots are
    bits per block (busyb); -1 means none."""

    starts: np.ndarray  # per meeting: its slot, or -1 when unplaced
    who: np.ndarray  # per participant and slot: the meeting they attend, or -1
    busyb: np.ndarray  # per participant and block: the busy slots, as bits of the block
    usable: np.ndarray  # per participant: bit s set when one of their meetings may be in slot s
    gaps: np.ndarray  # per participant
    total: np.ndarray  # [total gaps]
    best: np.ndarray  # [the fewest total gaps seen]
    best_starts: np.ndarray  # the schedule that had them
    load: np.ndarray  # per union of locations and slot: meetings held
    capacity: np.ndarray  # per union of locations
    movable: np.ndarray  # per meeting
    allowed: np.ndarray  # per meeting: bit s set when it may be in slot s
    parts_ptr: np.ndarray  # participants of meeting m: parts_idx[parts_ptr[m]:parts_ptr[m+1]]
    parts_idx: np.ndarray
    mo_ptr: np.ndarray  # meetings of participant p, likewise
    mo_idx: np.ndarray
    block_of: np.ndarray  # per slot
    pos: np.ndarray  # per slot: its place in its block
    block_slot: np.ndarray  # per block and place: the slot
    block_len: np.ndarray  # per block
    cost_table: np.ndarray  # per bit pattern of a block
    gap_table: np.ndarray
    ends_table: np.ndarray  # per bit pattern: the run ends a meeting leaves to close a gap
    seen: np.ndarray  # work space: a stamp per meeting, per participant, the current stamps
    pstamp: np.ndarray
    stamps: np.ndarray
    parity: np.ndarray  # per participant: meetings of theirs in the chain, modulo 2
    chain_m: np.ndarray  # the chain: meetings and the slots they leave
    chain_from: np.ndarray
    stack: np.ndarray
    touched: np.ndarray  # participants whose busy slots the chain changes
    counters: np.ndarray  # [moves proposed, moves made]


@njit(cache=True)
def seed(value):  # pragma: no cover - compiled
    np.random.seed(value)


@njit(cache=True)
def _bit_length(bits):  # pragma: no cover - compiled
    n = 0
    while bits:
        bits >>= 1
        n += 1
    return n


@njit(cache=True)
def _count_bits(bits):  # pragma: no cover - compiled
    count = 0
    while bits:
        bits &= bits - 1
        count += 1
    return count


@njit(cache=True)
def _random_bit(bits):  # pragma: no cover - compiled
    for _ in range(int(np.random.random() * _count_bits(bits))):
        bits &= bits - 1
    return _bit_length(bits & -bits) - 1


# fmt: off
@njit(cache=True)
def _chain(starts, who, movable, allowed, parts_ptr, parts_idx, seen, stamps, chain_m,
    chain_from, stack, m0, b, max_chain):  # pragma: no cover - compiled
    """The Kempe chain moving m0 to slot b into chain_m / chain_from (each meeting goes to
    the other slot of the pair), its length, or -1 when it would move something immovable or
    grow longer than max_chain."""
    a = starts[m0]
    if a < 0 or a == b:
        return -1
    stamps[0] += 1
    mark = stamps[0]
    seen[m0] = mark
    top = 0
    stack[0] = m0
    n = 0
    while top >= 0:
        m = stack[top]
        top -= 1
        frm = starts[m]
        to = b if frm == a else a
        if not movable[m] or not (allowed[m] >> to) & 1:
            return -1
        if n >= max_chain:
            return -1
        chain_m[n] = m
        chain_from[n] = frm
        n += 1
        for i in range(parts_ptr[m], parts_ptr[m + 1]):
            other = who[parts_idx[i], to]
            if other >= 0 and seen[other] != mark:
                seen[other] = mark
                top += 1
                stack[top] = other
    return n


@njit(cache=True)
def _feasible(load, capacity, chain_from, n, a, b):  # pragma: no cover - compiled
    """Room at the locations: only the net flow between the two slots counts."""
    flow = 0
    for i in range(n):
        flow += 1 if chain_from[i] == a else -1
    if flow == 0:
        return True
    into = b if flow > 0 else a
    flow = abs(flow)
    for u in range(capacity.shape[0]):  # noqa: SIM110 - a plain loop compiles best
        if load[u, into] + flow > capacity[u]:
            return False
    return True


@njit(cache=True)
def _touched(
    parts_ptr, parts_idx, pstamp, stamps, parity, chain_m, touched, n
):  # pragma: no cover - compiled
    """Participants whose busy bits change (an odd number of their meetings in the chain)
    into touched; their count."""
    stamps[1] += 1
    mark = stamps[1]
    k = 0
    for i in range(n):
        m = chain_m[i]
        for j in range(parts_ptr[m], parts_ptr[m + 1]):
            p = parts_idx[j]
            if pstamp[p] != mark:
                pstamp[p] = mark
                parity[p] = 0
                touched[k] = p
                k += 1
            parity[p] ^= 1
    out = 0
    for i in range(k):
        p = touched[i]
        if parity[p]:
            touched[out] = p
            out += 1
    return out


@njit(cache=True)
def _delta(busyb, block_of, pos, cost_table, touched, k, a, b):  # pragma: no cover - compiled
    """The change in cost if the touched participants' slots a and b flipped."""
    ba, bb = block_of[a], block_of[b]
    delta = 0
    for i in range(k):
        p = touched[i]
        if ba == bb:
            old = busyb[p, ba]
            new = old ^ ((1 << pos[a]) | (1 << pos[b]))
            delta += cost_table[new] - cost_table[old]
        else:
            old = busyb[p, ba]
            delta += cost_table[old ^ (1 << pos[a])] - cost_table[old]
            old = busyb[p, bb]
            delta += cost_table[old ^ (1 << pos[b])] - cost_table[old]
    return delta


@njit(cache=True)
def _apply(starts, who, busyb, gaps, total, load, parts_ptr, parts_idx, block_of, pos,
    gap_table, chain_m, chain_from, touched, n, k, a, b):  # pragma: no cover - compiled
    flow = 0
    for i in range(n):
        m = chain_m[i]
        for j in range(parts_ptr[m], parts_ptr[m + 1]):
            who[parts_idx[j], chain_from[i]] = -1
    for i in range(n):
        m = chain_m[i]
        to = b if chain_from[i] == a else a
        flow += 1 if to == b else -1
        starts[m] = to
        for j in range(parts_ptr[m], parts_ptr[m + 1]):
            who[parts_idx[j], to] = m
    for u in range(load.shape[0]):
        load[u, b] += flow
        load[u, a] -= flow
    ba, bb = block_of[a], block_of[b]
    for i in range(k):
        p = touched[i]
        busyb[p, ba] ^= 1 << pos[a]
        busyb[p, bb] ^= 1 << pos[b]
        g = 0
        for blk in range(busyb.shape[1]):
            g += gap_table[busyb[p, blk]]
        total[0] += g - gaps[p]
        gaps[p] = g


@njit(cache=True)
def _propose(starts, who, busyb, usable, gaps, mo_ptr, mo_idx, block_of, block_slot,
    block_len, gap_table, ends_table, pool, block):  # pragma: no cover - compiled
    """(meeting, target slot) as `LocalSearch._propose` picks them; (-1, -1) for none.
    Mostly a meeting of a participant with gaps, to fill one of their holes, next to another
    of their runs, or to a slot inside or next to their busy stretch of the block; sometimes
    any meeting, anywhere."""
    n_p = gaps.shape[0]
    if np.random.random() < 0.85:
        p = int(np.random.random() * n_p)
        for _ in range(8):
            if gaps[p]:
                break
            p = int(np.random.random() * n_p)
        if gaps[p] and np.random.random() < 0.8:
            if np.random.random() < EXTEND_SHARE:
                return _extend(who, busyb, usable, block_slot, block_len, gap_table, ends_table,
                    p, block)
            return _fill_hole(who, busyb, block_slot, gap_table, p, block)
        count = mo_ptr[p + 1] - mo_ptr[p]
        if count == 0:
            return -1, -1
        m = mo_idx[mo_ptr[p] + int(np.random.random() * count)]
        a = starts[m]
        if a < 0:
            return -1, -1
        if block >= 0 and block_of[a] != block:
            return -1, -1
        if np.random.random() < 0.1:
            return m, _any_slot(who, block_slot, block_len, block)
        blk = block_of[a]
        bits = busyb[p, blk]
        low = _bit_length(bits & -bits) - 1
        high = _bit_length(bits) - 1
        if low > 0:
            low -= 1
        if high + 1 < block_len[blk]:
            high += 1
        return m, block_slot[blk, low + int(np.random.random() * (high - low + 1))]
    m = pool[int(np.random.random() * pool.shape[0])]
    return m, _any_slot(who, block_slot, block_len, block)


@njit(cache=True)
def _any_slot(who, block_slot, block_len, block):  # pragma: no cover - compiled
    if block < 0:
        return int(np.random.random() * who.shape[1])
    return block_slot[block, int(np.random.random() * block_len[block])]


@njit(cache=True)
def _extend(who, busyb, usable, block_slot, block_len, gap_table, ends_table, p,
    block):  # pragma: no cover - compiled
    """`LocalSearch._extend`: a meeting at an end of one of p's shorter runs in a block where
    p has a gap, and a slot p may use right next to one of p's runs, in any block (anywhere
    in a block where p has none): how a run grows past slots where p is away (a hole p
    cannot fill), or moves to another day."""
    ends = 0
    room = 0
    for blk in range(busyb.shape[1]):
        if block >= 0 and blk != block:
            continue
        bits = busyb[p, blk]
        first = block_slot[blk, 0]  # blocks are runs of consecutive slots
        if gap_table[bits]:
            ends |= ends_table[bits] << first
        near = ((bits << 1) | (bits >> 1)) & ~bits if bits else -1
        room |= (near & (usable[p] >> first) & ((1 << block_len[blk]) - 1)) << first
    if ends == 0 or room == 0:
        return -1, -1
    return who[p, _random_bit(ends)], _random_bit(room)


@njit(cache=True)
def _fill_hole(who, busyb, block_slot, gap_table, p, block):  # pragma: no cover - compiled
    """A meeting at the end of one of p's runs and an idle slot between p's runs, in one of
    the blocks where p has a gap."""
    n_blocks = busyb.shape[1]
    count = 0
    for blk in range(n_blocks):
        if (block < 0 or blk == block) and gap_table[busyb[p, blk]]:
            count += 1
    if count == 0:
        return -1, -1
    pick = int(np.random.random() * count)
    chosen = -1
    for blk in range(n_blocks):
        if (block < 0 or blk == block) and gap_table[busyb[p, blk]]:
            if pick == 0:
                chosen = blk
                break
            pick -= 1
    bits = busyb[p, chosen]
    ends = bits & ~((bits << 1) & (bits >> 1))
    holes = ~bits & ((1 << _bit_length(bits)) - (bits & -bits))
    a = block_slot[chosen, _random_bit(ends)]
    return who[p, a], block_slot[chosen, _random_bit(holes)]


@njit(cache=True)
def _anneal(starts, who, busyb, usable, gaps, total, best, best_starts, load, capacity, movable,
    allowed, parts_ptr, parts_idx, mo_ptr, mo_idx, block_of, pos, block_slot, block_len, cost_table,
    gap_table, ends_table, seen, pstamp, stamps, parity, chain_m, chain_from, stack, touched,
    counters, steps, temperature, floor, block, pool, max_chain):  # pragma: no cover - compiled
    """Make `steps` proposals at `temperature` (in batches of 256, stopping once the best
    total of gaps is at most `floor`), keeping in best / best_starts the best schedule
    seen. Only meetings of `pool` (and those chained to them) move; within `block` unless
    it is -1. Returns the number of proposals made."""
    done = 0
    while done < steps and best[0] > floor:
        for _ in range(256):
            counters[0] += 1
            m, b = _propose(starts, who, busyb, usable, gaps, mo_ptr, mo_idx, block_of,
                block_slot, block_len, gap_table, ends_table, pool, block)
            if m < 0:
                continue
            a = starts[m]
            n = _chain(starts, who, movable, allowed, parts_ptr, parts_idx, seen, stamps,
                chain_m, chain_from, stack, m, b, max_chain)
            if n < 0 or not _feasible(load, capacity, chain_from, n, a, b):
                continue
            k = _touched(parts_ptr, parts_idx, pstamp, stamps, parity, chain_m, touched, n)
            delta = _delta(busyb, block_of, pos, cost_table, touched, k, a, b)
            if delta <= 0 or np.random.random() < np.exp(-delta / temperature):
                _apply(starts, who, busyb, gaps, total, load, parts_ptr, parts_idx, block_of,
                    pos, gap_table, chain_m, chain_from, touched, n, k, a, b)
                counters[1] += 1
        done += 256
        if total[0] < best[0]:
            best[0] = total[0]
            best_starts[:] = starts
    return done
# fmt: on


def anneal(z: Search, steps: int, temperature: float, floor: int, block: int, pool, max_chain: int):
    """Make `steps` proposals at `temperature`; see `_anneal`. Returns the number made."""
    return _anneal(*z, steps, temperature, floor, block, pool, max_chain)


def usable(instance, plain: bool) -> bool:
    """Whether the compiled search can take this instance (see the module's docstring)."""
    if not plain or instance.n_slots > MAX_SLOTS:
        return False
    # Blocks are runs of consecutive slots (the format's rule), so block-local bits suffice.
    return all(len(slots) <= MAX_BLOCK for slots in instance.block_slots)


def build(instance, state, movable, allowed, usable, unions, max_chain, lookups) -> Search:
    """A local search's state as the arrays `anneal` works on, from its schedule;
    lookups: the cost, gap and ends `tables` of the longest block."""
    n_m, n_p, n_t = instance.n_meetings, instance.n_participants, instance.n_slots
    starts = np.array([-1 if s is None else s for s in state.starts], dtype=np.int64)
    who = np.full((n_p, n_t), -1, dtype=np.int64)
    for m, s in enumerate(state.starts):
        if s is not None:
            for t in instance.span(m, s):
                who[instance.parts[m], t] = m
    blocks = instance.block_slots
    longest = max(len(slots) for slots in blocks)
    pos = np.zeros(n_t, dtype=np.int64)
    block_slot = np.zeros((len(blocks), longest), dtype=np.int64)
    for k, slots in enumerate(blocks):
        for i, t in enumerate(slots):
            pos[t] = i
            block_slot[k, i] = t
    busyb = np.zeros((n_p, len(blocks)), dtype=np.int64)
    for p, busy in enumerate(state.busy):
        for k, slots in enumerate(blocks):
            busyb[p, k] = (busy >> slots[0]) & ((1 << len(slots)) - 1)
    cost_table, gap_table, ends_table = lookups
    gaps = gap_table[busyb].sum(axis=1)
    total = np.array([gaps.sum()], dtype=np.int64)
    parts_ptr, parts_idx = _csr(instance.parts)
    mo_ptr, mo_idx = _csr(instance.meetings_of)
    return Search(
        starts=starts,
        who=who,
        busyb=busyb,
        usable=np.array(usable, dtype=np.int64),
        gaps=gaps,
        total=total,
        best=total.copy(),
        best_starts=starts.copy(),
        load=np.array([state.union_load[u] for u in unions], dtype=np.int64).reshape(-1, n_t),
        capacity=np.array([instance.unions[u][1] for u in unions], dtype=np.int64),
        movable=np.array(movable, dtype=np.bool_),
        allowed=np.array(allowed, dtype=np.int64),
        parts_ptr=parts_ptr,
        parts_idx=parts_idx,
        mo_ptr=mo_ptr,
        mo_idx=mo_idx,
        block_of=np.array(instance.block_of, dtype=np.int64),
        pos=pos,
        block_slot=block_slot,
        block_len=np.array([len(slots) for slots in blocks], dtype=np.int64),
        cost_table=cost_table,
        gap_table=gap_table,
        ends_table=ends_table,
        seen=np.zeros(n_m, dtype=np.int64),
        pstamp=np.zeros(n_p, dtype=np.int64),
        stamps=np.zeros(2, dtype=np.int64),
        parity=np.zeros(n_p, dtype=np.int64),
        chain_m=np.zeros(max_chain + 1, dtype=np.int64),
        chain_from=np.zeros(max_chain + 1, dtype=np.int64),
        stack=np.zeros(n_m + 1, dtype=np.int64),
        touched=np.zeros(n_p, dtype=np.int64),
        counters=np.zeros(2, dtype=np.int64),
    )


def best_schedule(z: Search) -> list[int | None]:
    return [None if s < 0 else int(s) for s in z.best_starts]


def _csr(lists: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    ptr = np.zeros(len(lists) + 1, dtype=np.int64)
    ptr[1:] = np.cumsum([len(items) for items in lists])
    flat = np.array([i for items in lists for i in items], dtype=np.int64)
    return ptr, flat
