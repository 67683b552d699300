"""The repository's own scripts, run against stand-in commands (nothing is installed)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _stand_in(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def test_setup_tests_waits_for_the_dpkg_lock(tmp_path):
    """Another apt (unattended-upgrades, a second engineer) holding the dpkg lock makes
    apt-get fail at once with exit 100 unless told to wait for it."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(REPO / "scripts" / "setup-tests", project / "scripts" / "setup-tests")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "apt-calls"
    _stand_in(bin_dir, "apt-get", f'echo "$*" >> "{calls}"')
    _stand_in(bin_dir, "sudo", '"$@"')
    _stand_in(bin_dir, "python3", "exit 0")  # pip install -e: not in a test
    _stand_in(bin_dir, "fc-list", "exit 0")  # no fonts: some package is always missing
    env = {**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"}
    subprocess.run(["bash", str(project / "scripts" / "setup-tests")], env=env, check=True,
                   capture_output=True, timeout=60)
    lines = calls.read_text().splitlines()
    assert [line.split()[2] for line in lines] == ["update", "install"]
    assert all(line.startswith("-o DPkg::Lock::Timeout=") for line in lines), lines
