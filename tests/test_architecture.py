"""The shape of the code: the shared layers know no capability, and solvers are pure."""

import shutil
import subprocess
import sys
from pathlib import Path


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(  # noqa: S603 - the project's own tool, fixed arguments
        [str(lint_imports), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_make_run_points_links_at_the_address_it_serves():
    root = Path(__file__).resolve().parent.parent

    def runserver_line(env: dict, *args: str) -> str:
        result = subprocess.run(  # noqa: S603 - make, with fixed arguments
            [shutil.which("make") or "make", "-n", "run", *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env={"PATH": "/usr/bin:/bin", **env},
        )
        return next(line for line in result.stdout.splitlines() if "runserver" in line)

    served = runserver_line({}, "ADDRESS=0.0.0.0:9123")
    assert "SUMMITRY_SITE_URL=http://0.0.0.0:9123 " in served
    assert served.endswith("runserver 0.0.0.0:9123")
    chosen = runserver_line({"SUMMITRY_SITE_URL": "https://summit.example"})
    assert "SUMMITRY_SITE_URL=https://summit.example " in chosen
