"""Interpretation rosters: read a `summitry.interpretation/1` problem, solve it, verify answers."""

from .cpsat import solve
from .problem import FORMAT, Problem, ProblemError, Rules, load_problem, parse_problem
from .solution import SOLUTION_FORMAT, Assignment, Solution, Uncovered
from .verify import evaluate, verify

__all__ = [
    "FORMAT",
    "SOLUTION_FORMAT",
    "Assignment",
    "Problem",
    "ProblemError",
    "Rules",
    "Solution",
    "Uncovered",
    "evaluate",
    "load_problem",
    "parse_problem",
    "solve",
    "verify",
]
