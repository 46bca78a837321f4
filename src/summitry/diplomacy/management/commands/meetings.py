"""`summitry meetings solve|verify`: the bilateral meeting scheduler on JSON files."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from summitry.solvers.meetings import ProblemError, load_problem, solve, verify

BAD_INPUT = 2  # exit status for a problem or solution file that cannot be read
VIOLATIONS = 1  # exit status of `verify` when the solution breaks a rule


class Command(BaseCommand):
    help = (
        "Schedule bilateral meetings: `solve PROBLEM.json -o SOLUTION.json [--time-limit S]`, "
        "or check an answer: `verify PROBLEM.json SOLUTION.json`."
    )
    # Pure file work: no database, so no system checks either.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        solve_parser = actions.add_parser("solve", help="Solve a problem file.")
        solve_parser.add_argument("problem", help="The problem (summitry.meetings/1 JSON).")
        solve_parser.add_argument(
            "-o", "--output", help="Where to write the solution (default: standard output)."
        )
        solve_parser.add_argument(
            "--time-limit", type=float, default=60.0, help="Seconds to spend (default 60)."
        )
        solve_parser.add_argument(
            "--workers", type=int, default=2, help="CP-SAT threads (default 2)."
        )
        verify_parser = actions.add_parser("verify", help="Check a solution against a problem.")
        verify_parser.add_argument("problem", help="The problem (summitry.meetings/1 JSON).")
        verify_parser.add_argument("solution", help="The solution JSON.")

    def handle(self, *args, **options):
        problem = _read_problem(options["problem"])
        if options["action"] == "solve":
            self._solve(problem, options)
        else:
            self._verify(problem, options["solution"])

    def _solve(self, problem, options) -> None:
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit must be positive", returncode=BAD_INPUT)
        solution = solve(problem, time_limit=options["time_limit"], workers=options["workers"])
        text = json.dumps(solution.to_json(), ensure_ascii=False, indent=2) + "\n"
        summary = (
            f"{solution.status}: {len(solution.assignments)} meetings placed, "
            f"{len(solution.unscheduled)} unscheduled"
        )
        if solution.idle_gaps is not None:
            summary += f", idle gaps {solution.idle_gaps}"
            if solution.bound is not None:
                summary += f" (bound {solution.bound})"
        if solution.reason:
            summary += f"; {solution.reason}"
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(summary)
        else:
            self.stdout.write(text, ending="")
            self.stderr.write(summary)

    def _verify(self, problem, path: str) -> None:
        try:
            solution = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: {error}", returncode=BAD_INPUT) from error
        violations = verify(problem, solution)
        for violation in violations:
            self.stdout.write(violation)
        if violations:
            raise CommandError(f"{len(violations)} violations", returncode=VIOLATIONS)
        self.stdout.write("valid: no violations")


def _read_problem(path: str):
    try:
        return load_problem(path)
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}", returncode=BAD_INPUT) from error
    except ProblemError as error:
        raise CommandError(f"{path}: {error}", returncode=BAD_INPUT) from error
