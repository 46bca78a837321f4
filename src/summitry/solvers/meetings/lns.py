"""Large neighbourhood search: CP-SAT re-places a few hundred meetings around a fixed rest."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .cpsat import Options, ScheduleModel, make_solver
from .instance import Instance
from .state import Score, State

CALL_SECONDS = 3.0  # most sub-problems solve to optimality well within this
MIN_FREE, MAX_FREE = 30, 600


class Search:
    """Free some meetings (a participant and their partners, or a window of a few slots),
    let CP-SAT re-place them with the current places as a hint, and keep the result unless
    it scores worse."""

    def __init__(self, instance: Instance, state: State, *, workers: int, seed: int) -> None:
        self.instance = instance
        self.state = state
        self.workers = workers
        self.rng = random.Random(seed)  # noqa: S311 - a seeded search, not secrecy
        self.gaps = [state.gaps(p) for p in range(instance.n_participants)]
        self.target = 150
        self.window_share = 0.5  # of neighbourhoods that reorder meetings within a window
        self.width = 6
        self.calls = 0
        self.improvements = 0
        self.limit = instance.problem.objective.fairness_max_difference
        self.placeable = [m for m in range(instance.n_meetings) if instance.domain[m]]
        # Set when a neighbourhood holding every meeting was solved to optimality.
        self.proven = False
        # Told of each better schedule (for the answer's progress).
        self.on_better: Callable[[Score], None] | None = None

    def score(self) -> Score:
        return self.state.score(self.gaps)

    def run(self, deadline: float, stop_at_gaps: int | None = None) -> None:
        """Improve until the deadline (time.monotonic()) or a schedule scoring `stop_at_gaps`
        with nothing missing is reached."""
        while time.monotonic() < deadline - 0.05 and not self.proven:
            score = self.score()
            if (
                stop_at_gaps is not None
                and score.gaps <= stop_at_gaps
                and score.excess == 0
                and all(self.state.starts[m] is not None for m in self.placeable)
            ):
                return
            domains: dict[int, list[int]] = {}
            if score.missing_required == 0 and self.rng.random() < self.window_share:
                free, domains = self._window()
            else:
                free = self._neighbourhood()
            if free:
                self._step(free, score, deadline, domains)

    def _neighbourhood(self) -> list[int]:
        """A seed participant (one with gaps or an unplaced meeting, mostly) and then their
        partners, breadth first, until enough meetings are free."""
        inst, rng = self.instance, self.rng
        unplaced = [m for m in self.placeable if self.state.starts[m] is None]
        gapped = [p for p, g in enumerate(self.gaps) if g]
        roll = rng.random()
        if unplaced and roll < 0.5:
            seed = rng.choice(inst.parts[rng.choice(unplaced)])
        elif gapped and roll < 0.9:
            seed = rng.choice(gapped)
        else:
            seed = rng.randrange(inst.n_participants)
        chosen: set[int] = set()
        free: dict[int, None] = {}
        queue = [seed]
        others = list(range(inst.n_participants))
        rng.shuffle(others)
        while len(free) < self.target and len(chosen) < inst.n_participants:
            if not queue:
                # Partners exhausted: go on from someone else, up to everyone.
                queue.append(next(p for p in others if p not in chosen))
            p = queue.pop(0)
            if p in chosen:
                continue
            chosen.add(p)
            partners = []
            for m in inst.meetings_of[p]:
                if inst.domain[m]:
                    free[m] = None
                    partners += [q for q in inst.parts[m] if q not in chosen]
            rng.shuffle(partners)
            partners.sort(key=lambda q: -self.gaps[q])
            queue += partners
        return list(free)

    def _window(self) -> tuple[list[int], dict[int, list[int]]]:
        """Meetings inside a window of a few consecutive slots of one block, reached from a
        participant with gaps through shared participants; they may only move within it."""
        inst, rng, state = self.instance, self.rng, self.state
        gapped = [p for p, g in enumerate(self.gaps) if g]
        seed = rng.choice(gapped) if gapped else rng.randrange(inst.n_participants)
        mine = [state.starts[m] for m in inst.meetings_of[seed] if state.starts[m] is not None]
        if not mine:
            return [], {}
        a = rng.choice(mine)
        block = inst.block_slots[inst.block_of[a]]
        width = min(self.width, len(block))
        i = block.index(a)
        low = rng.randint(max(0, i - width + 1), min(i, len(block) - width))
        window = set(block[low : low + width])
        free: dict[int, None] = {}
        chosen: set[int] = set()
        queue = [seed]
        while queue and len(free) < self.target:
            p = queue.pop(0)
            if p in chosen:
                continue
            chosen.add(p)
            for m in inst.meetings_of[p]:
                s = state.starts[m]
                if s is not None and m not in free and window.issuperset(inst.span(m, s)):
                    free[m] = None
                    queue += [q for q in inst.parts[m] if q not in chosen]
        domains = {
            m: [s for s in inst.domain[m] if window.issuperset(inst.span(m, s))] for m in free
        }
        return list(free), domains

    def _step(
        self, free: list[int], before: Score, deadline: float, domains: dict[int, list[int]]
    ) -> None:
        inst, state = self.instance, self.state
        old = {m: state.starts[m] for m in free}
        touched = sorted({p for m in free for p in inst.parts[m]})
        for m in free:
            state.remove(m)
        outside = None
        if self.limit is not None:
            inside = set(touched)
            counted = [
                self.gaps[p]
                for p in range(inst.n_participants)
                if p not in inside and state.busy[p]
            ]
            outside = (max(counted), min(counted)) if counted else None
        fairness = None if self.limit is None else "soft"
        options = Options(fairness=fairness, soft_required=True, outside_gaps=outside)
        sub = ScheduleModel(inst, state, free, options, domains)
        sub.weighted_objective()
        sub.hint(old)
        seconds = min(CALL_SECONDS, deadline - time.monotonic())
        solver = make_solver(seconds, self.workers, self.rng.randrange(1 << 30))
        status = solver.solve(sub.model)
        self.calls += 1
        chosen = None
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = sub.chosen_starts(solver)
        self._adapt(status == cp_model.OPTIMAL, solver.wall_time, seconds)
        if status == cp_model.OPTIMAL and len(free) == len(self.placeable) and not domains:
            # The weights make the sub-objective lexicographic, so this is the optimum.
            self.proven = True
        if chosen is not None:
            self._apply(chosen, touched)
            after = self.score()
            if after.key() <= before.key():
                self.improvements += after.key() < before.key()
                if after.key() < before.key() and self.on_better is not None:
                    self.on_better(after)
                return
            for m in free:
                state.remove(m)
        self._apply(old, touched)

    def _apply(self, starts: dict[int, int | None], touched: list[int]) -> None:
        for m, s in starts.items():
            if s is not None:
                self.state.place(m, s)
        for p in touched:
            self.gaps[p] = self.state.gaps(p)

    def _adapt(self, optimal: bool, wall: float, seconds: float) -> None:
        """Grow neighbourhoods that solve quickly to optimality, shrink those that do not."""
        if optimal and wall < seconds / 3:
            self.target = min(MAX_FREE, int(self.target * 1.1) + 1)
        elif not optimal:
            self.target = max(MIN_FREE, int(self.target * 0.8))
