"""An exact min-cost flow over a growing subset of (application, judge) arcs, with pricing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from summitry.solvers.judging.matrix import INELIGIBLE

# OR-Tools scales costs by the node count; keep the largest arc cost times nodes below this.
_COST_LIMIT = 2**62
_BLOCK_CELLS = 4_000_000
_TIE_BITS = 21


@dataclass(frozen=True)
class FlowResult:
    """One exact optimum under a load cap: the chosen pairs and what could not be met."""

    cap: int
    apps: np.ndarray  # application index of each chosen pair
    judges: np.ndarray  # judge index of each chosen pair
    loads: np.ndarray  # per judge
    score: int
    unplaced: np.ndarray  # per application: judge places the rules left empty
    short: np.ndarray  # per judge: units missing to reach the minimum load

    @property
    def feasible(self) -> bool:
        return not self.unplaced.any() and not self.short.any()

    @property
    def max_load(self) -> int:
        return int(self.loads.max(initial=0))


class Network:
    """Min-cost flow of one round: applications → judges → sink, solved with column pricing.

    Nodes: applications 0..N-1 (supply k each), judges N..N+J-1 (demand = min load), sink T.
    Arcs: application → judge (capacity 1, so judges are distinct; cost -W × score) for the
    current candidate pairs; judge → T as unit arcs costing 2t-1 for the t-th application
    above the minimum load, so a flow pays Σ load² (convex, hence cheapest units first);
    artificial application → T and T → judge arcs costing BIG, so every solve is feasible and
    any use of them proves that the rules cannot all be met.

    Why the weights give the lexicographic order (artificial units, then score, then Σ load²):
    two feasible flows differ by simple cycles of the residual graph of either, and an optimal
    flow has no negative cycle. A simple cycle passes the sink once, so it moves one unit
    between two judges' penalty arcs and changes Σ load² by less than 2 × the largest cap;
    with W = 2 × the largest cap, a cycle that raises the (integer) score by one or more has a
    negative cost. Likewise a simple cycle has at most n real arcs, so BIG > n × the largest
    real arc cost makes any cycle that removes artificial units negative.

    Only some application → judge arcs are in the network. After each solve, potentials
    (shortest distances in the residual graph) give every left-out eligible pair a reduced
    cost; negative ones enter and the flow is solved again. When none is negative the flow is
    optimal for all pairs (linear programming duality), so the result is exact.
    """

    def __init__(
        self,
        scores: np.ndarray,
        k: int,
        max_loads: np.ndarray,
        min_loads: np.ndarray,
        candidates: int | None,
        balance: bool = True,
    ) -> None:
        self.scores = scores
        self.n, self.m = scores.shape
        self.k = k
        self.eligible_per_judge = (scores >= 0).sum(axis=0)
        self.cap_hi = np.minimum(max_loads, self.eligible_per_judge).astype(np.int64)
        self.min_loads = min_loads.astype(np.int64)
        self.n_nodes = self.n + self.m + 1
        self.solves = 0
        self.pricing_rounds = 0
        top_score = int(scores.max(initial=0))
        self.balance = balance
        for _attempt in range(2):
            self.weight = max(2 * int(self.cap_hi.max(initial=0)), 1) if self.balance else 1
            largest = max(self.weight * top_score, 2 * int(self.cap_hi.max(initial=0)), 1)
            self.big = (self.n_nodes + 1) * largest + 1
            if self.big * (self.n_nodes + 1) < _COST_LIMIT:
                break
            # Too large for int64 arithmetic: give up the Σ load² tie-break, keep exactness.
            self.balance = False
        else:
            raise ValueError("problem too large for exact integer costs")
        self.chosen = np.zeros(scores.shape, dtype=bool)
        self._initial_candidates(candidates)

    def _initial_candidates(self, per_application: int | None) -> None:
        """The best-scoring eligible judges of each application (ties spread pseudo-randomly)."""
        if per_application is None or per_application >= self.m:
            self.chosen[:] = self.scores >= 0
            self.complete = True
            return
        self.complete = False
        rows = max(1, _BLOCK_CELLS // max(self.m, 1))
        judge_part = (np.arange(self.m, dtype=np.int64) * 40503) % (1 << _TIE_BITS)
        for start in range(0, self.n, rows):
            stop = min(self.n, start + rows)
            block = self.scores[start:stop].astype(np.int64)
            app_part = (np.arange(start, stop, dtype=np.int64) * 2654435761) % (1 << _TIE_BITS)
            ties = (app_part[:, None] ^ judge_part[None, :]) & ((1 << _TIE_BITS) - 1)
            key = np.where(block >= 0, (block << _TIE_BITS) | ties, -1)
            top = np.argpartition(-key, per_application - 1, axis=1)[:, :per_application]
            picked = np.take_along_axis(key, top, axis=1) >= 0
            rows_index = np.broadcast_to(np.arange(start, stop)[:, None], top.shape)
            self.chosen[rows_index[picked], top[picked]] = True
        self.per_round = max(2 * per_application, self.k)
        self.slack = self.weight  # one score point: see `_price`

    def solve(self, cap: int) -> FlowResult:
        """The exact optimum with every judge's load capped at `cap` (and its own limit)."""
        caps = np.minimum(self.cap_hi, cap)
        while True:
            arcs, flows, app_of, judge_of = self._solve_once(caps)
            if self.complete:
                break
            entering = self._price(arcs, flows)
            if entering is None:
                break
            self.pricing_rounds += 1
            self.chosen[entering] = True
        used = flows[: len(app_of)] > 0
        apps, judges = app_of[used], judge_of[used]
        loads = np.bincount(judges, minlength=self.m).astype(np.int64)
        # The artificial arcs come last: one per application, then one per judge with a floor.
        floor = self.min_loads > 0
        artificial = flows[len(flows) - self.n - int(floor.sum()) :]
        unplaced = artificial[: self.n]
        short = np.zeros(self.m, dtype=np.int64)
        short[floor] = artificial[self.n :]
        return FlowResult(
            cap=cap,
            apps=apps,
            judges=judges,
            loads=loads,
            score=int(self.scores[apps, judges].astype(np.int64).sum()),
            unplaced=unplaced,
            short=short,
        )

    def _solve_once(
        self, caps: np.ndarray
    ) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray, np.ndarray]:
        n, m, sink = self.n, self.m, self.n + self.m
        app_of, judge_of = np.nonzero(self.chosen)
        cand_cost = -self.weight * self.scores[app_of, judge_of].astype(np.int64)
        units = np.maximum(caps - self.min_loads, 0)
        if self.balance:
            pen_judge = np.repeat(np.arange(m, dtype=np.int64), units)
            first = np.cumsum(units) - units
            step = np.arange(len(pen_judge), dtype=np.int64) - np.repeat(first, units)
            load = self.min_loads[pen_judge] + step + 1
            pen_cost, pen_cap = 2 * load - 1, np.ones(len(pen_judge), dtype=np.int64)
        else:
            pen_judge = np.arange(m, dtype=np.int64)
            pen_cost, pen_cap = np.zeros(m, dtype=np.int64), units
        floor = np.flatnonzero(self.min_loads > 0)
        tails = np.concatenate(
            [app_of, n + pen_judge, np.arange(n), np.full(len(floor), sink)]
        ).astype(np.int32)
        heads = np.concatenate(
            [n + judge_of, np.full(len(pen_judge), sink), np.full(n, sink), n + floor]
        ).astype(np.int32)
        capacities = np.concatenate(
            [np.ones(len(app_of)), pen_cap, np.full(n, self.k), self.min_loads[floor]]
        ).astype(np.int64)
        costs = np.concatenate(
            [cand_cost, pen_cost, np.full(n, self.big), np.full(len(floor), self.big)]
        ).astype(np.int64)
        flow = min_cost_flow.SimpleMinCostFlow()
        arc_ids = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, capacities, costs)
        supplies = np.concatenate(
            [np.full(n, self.k), -self.min_loads, [-(self.k * n - int(self.min_loads.sum()))]]
        ).astype(np.int64)
        flow.set_nodes_supplies(np.arange(self.n_nodes, dtype=np.int32), supplies)
        status = flow.solve()
        self.solves += 1
        if status != flow.OPTIMAL:
            raise RuntimeError(f"min-cost flow failed with status {status}")
        flows = np.asarray(flow.flows(arc_ids), dtype=np.int64)
        return (tails, heads, capacities, costs), flows, app_of, judge_of

    def _price(self, arcs: tuple[np.ndarray, ...], flows: np.ndarray) -> tuple | None:
        """Left-out eligible pairs with a negative reduced cost, or None when there are none."""
        potential = _potentials(self.n_nodes, *arcs, flows)
        app_pot, judge_pot = potential[: self.n], potential[self.n : self.n + self.m]
        rows = max(1, _BLOCK_CELLS // max(self.m, 1))
        found_rows, found_cols = [], []
        negative = False
        for start in range(0, self.n, rows):
            stop = min(self.n, start + rows)
            block = self.scores[start:stop]
            reduced = -self.weight * block.astype(np.int64)
            reduced += app_pot[start:stop, None] - judge_pot[None, :]
            outside = (block != INELIGIBLE) & ~self.chosen[start:stop]
            negative = negative or bool((outside & (reduced < 0)).any())
            # Near-zero pairs enter too: the next potentials often make them negative, and a
            # few extra arcs cost less than another round of flow.
            entering = outside & (reduced < self.slack)
            if not entering.any():
                continue
            reduced = np.where(entering, reduced, self.slack)
            take = min(self.per_round, self.m)
            # Most negative first: the pairs most likely to be used.
            top = np.argpartition(reduced, take - 1, axis=1)[:, :take]
            keep = np.take_along_axis(reduced, top, axis=1) < self.slack
            row_index = np.broadcast_to(np.arange(start, stop)[:, None], top.shape)
            found_rows.append(row_index[keep])
            found_cols.append(top[keep])
        if not negative:
            return None
        return np.concatenate(found_rows), np.concatenate(found_cols)


def _potentials(
    n_nodes: int,
    tails: np.ndarray,
    heads: np.ndarray,
    capacities: np.ndarray,
    costs: np.ndarray,
    flows: np.ndarray,
) -> np.ndarray:
    """Shortest distances from a virtual root to every node of the residual graph.

    An optimal flow leaves no negative cycle, so Bellman-Ford ends; each pass relaxes all arcs
    at once (vectorised), grouped by head so one `minimum.reduceat` does the work.
    """
    forward, backward = flows < capacities, flows > 0
    tail = np.concatenate([tails[forward], heads[backward]]).astype(np.int64)
    head = np.concatenate([heads[forward], tails[backward]]).astype(np.int64)
    cost = np.concatenate([costs[forward], -costs[backward]])
    order = np.argsort(head, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    distance = np.zeros(n_nodes, dtype=np.int64)
    if len(head) == 0:
        return distance
    starts = np.flatnonzero(np.r_[True, head[1:] != head[:-1]])
    targets = head[starts]
    for _ in range(n_nodes + 1):
        best = np.minimum.reduceat(distance[tail] + cost, starts)
        better = best < distance[targets]
        if not better.any():
            return distance
        distance[targets[better]] = best[better]
    raise RuntimeError("negative cycle in the residual graph of an optimal flow")
