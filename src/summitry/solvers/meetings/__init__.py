"""Bilateral meeting scheduling: read a `summitry.meetings/1` problem, solve it, verify answers."""

from .model import FORMAT, Problem, ProblemError, load_problem, parse_problem
from .solution import SOLUTION_FORMAT, Assignment, Solution
from .solve import solve
from .verify import evaluate, verify

__all__ = [
    "FORMAT",
    "SOLUTION_FORMAT",
    "Assignment",
    "Problem",
    "ProblemError",
    "Solution",
    "evaluate",
    "load_problem",
    "parse_problem",
    "solve",
    "verify",
]
