"""`summitry meetings solve|verify`: files in, files out, exit statuses 0, 1 and 2."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.solvers.test_meetings_model import meeting, problem

PROBLEM = problem(
    n_slots=3,
    participants=("seoul", "wellington", "kyiv"),
    meetings=(
        meeting("m1", "seoul", "wellington", allowed_slots=["s1"]),
        meeting("m2", "seoul", "kyiv", allowed_slots=["s2", "s3"]),
    ),
)


@pytest.fixture
def problem_file(tmp_path: Path) -> Path:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(PROBLEM), encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("meetings", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_solve_writes_the_solution_and_summarises_it(problem_file, tmp_path):
    output = tmp_path / "solution.json"
    out, _err = run("solve", str(problem_file), "-o", str(output), "--time-limit", "10")
    assert out == "optimal: 2 meetings placed, 0 unscheduled, idle gaps 0 (bound 0)\n"
    answer = json.loads(output.read_text(encoding="utf-8"))
    # Seconds to the first schedule, the best one and the proof: present, not compared.
    assert set(answer.pop("progress")) == {"first_feasible", "best", "proof"}
    assert answer == {
        "format": "summitry.meetings.solution/1",
        "status": "optimal",
        "assignments": [
            {"meeting": "m1", "slot": "s1", "location": "room-1"},
            {"meeting": "m2", "slot": "s2", "location": "room-1"},
        ],
        "unscheduled": [],
        "objective": {"idle_gaps": 0, "max_gap_difference": 0, "bound": 0, "gap": 0},
    }


def test_solve_without_output_prints_the_json(problem_file):
    out, err = run("solve", str(problem_file))
    assert json.loads(out)["status"] == "optimal"
    assert err == "optimal: 2 meetings placed, 0 unscheduled, idle gaps 0 (bound 0)\n"


def test_verify_accepts_a_valid_solution(problem_file, tmp_path):
    output = tmp_path / "solution.json"
    run("solve", str(problem_file), "-o", str(output))
    out, _err = run("verify", str(problem_file), str(output))
    assert out == "valid: no violations\n"


def test_verify_prints_the_violations_and_exits_1(problem_file, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "summitry.meetings.solution/1",
                "status": "feasible",
                "assignments": [
                    {"meeting": "m1", "slot": "s1", "location": "room-1"},
                    {"meeting": "m2", "slot": "s1", "location": "room-1"},
                ],
                "unscheduled": [],
                "objective": {"idle_gaps": 0, "max_gap_difference": 0},
            }
        ),
        encoding="utf-8",
    )
    out = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("meetings", "verify", str(problem_file), str(bad), stdout=out)
    assert error.value.returncode == 1
    assert str(error.value) == "3 violations"
    assert out.getvalue().splitlines() == [
        'meeting "m2": slot s1 is not in its allowed_slots',
        'participant "seoul" is in meetings "m1" and "m2" in slot s1',
        'location "room-1" holds 2 meetings in slot s1, capacity 1',
    ]


def test_bad_input_is_named_and_exits_2(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem(meetings=(meeting("m1", "seoul", "tokyo"),))))
    with pytest.raises(CommandError) as error:
        run("solve", str(path))
    assert error.value.returncode == 2
    assert str(error.value) == f'{path}: meeting "m1": participants: unknown participant "tokyo"'


def test_unreadable_files_exit_2(problem_file, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("solve", str(broken))
    assert error.value.returncode == 2
    assert str(error.value).startswith(f"{broken}: not valid JSON")
    with pytest.raises(CommandError) as error:
        run("verify", str(problem_file), str(tmp_path / "missing.json"))
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        run("solve", str(tmp_path / "missing.json"))
    assert (error.value.returncode, str(error.value)) == (
        2,
        f"{tmp_path / 'missing.json'}: No such file or directory",
    )


def test_the_console_script_exits_with_the_status(problem_file, tmp_path):
    """Through `summitry` itself, as an organiser's script would run it."""
    summitry = Path(sys.executable).with_name("summitry")
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem() | {"format": "summitry.meetings/0"}))
    result = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [str(summitry), "meetings", "solve", str(path)], capture_output=True, text=True
    )
    assert result.returncode == 2
    assert 'format must be "summitry.meetings/1", not "summitry.meetings/0"' in result.stderr
