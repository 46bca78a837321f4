"""Interpretation rosters from the command line.

    python -m summitry.solvers.interpretation solve PROBLEM.json -o SOLUTION.json --time-limit 10
    python -m summitry.solvers.interpretation verify PROBLEM.json SOLUTION.json

`solve` exits 0 with a roster (optimal or feasible), 1 when there is none (infeasible or
unknown); `verify` prints every broken rule and exits 1 if there is any; both exit 2 when the
problem cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys

from .cpsat import solve
from .problem import ProblemError, load_problem
from .verify import verify


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m summitry.solvers.interpretation", description=__doc__.splitlines()[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    solving = commands.add_parser("solve", help="solve a problem")
    solving.add_argument("problem", help="the problem's JSON file (summitry.interpretation/1)")
    solving.add_argument("-o", "--output", help="write the solution here (default: stdout)")
    solving.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    solving.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    solving.add_argument("--seed", type=int, default=0)
    checking = commands.add_parser("verify", help="check a solution against a problem")
    checking.add_argument("problem")
    checking.add_argument("solution")
    args = parser.parse_args(argv)
    try:
        problem = load_problem(args.problem)
    except (OSError, ProblemError) as error:
        print(f"{args.problem}: {error}", file=sys.stderr)
        return 2
    if args.command == "verify":
        with open(args.solution, encoding="utf-8") as handle:
            errors = verify(problem, json.load(handle))
        for error in errors:
            print(error)
        print("valid" if not errors else f"{len(errors)} broken rule(s)", file=sys.stderr)
        return 1 if errors else 0
    solution = solve(problem, time_limit=args.time_limit, workers=args.workers, seed=args.seed)
    text = json.dumps(solution.to_json(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    gap = "" if solution.gap is None else f", gap {100 * solution.gap:.2f}%"
    print(
        f"{solution.status}: objective {solution.objective}, bound {solution.bound}{gap}"
        + (f" — {solution.reason}" if solution.reason else ""),
        file=sys.stderr,
    )
    return 0 if solution.status in ("optimal", "feasible") else 1


if __name__ == "__main__":
    sys.exit(main())
