"""Shared fixtures: the siege binary under test, the source tree, and run files made with it."""
import os
import pathlib
import subprocess

import pytest

SOURCE = pathlib.Path(os.environ.get("SIEGE_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
SIEGE = os.environ.get("SIEGE", str(SOURCE / "build-test" / "siege"))


def siege(*args, cwd=None, check=True):
    """Runs the siege command; returns the CompletedProcess (text output)."""
    result = subprocess.run([SIEGE, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"siege {' '.join(map(str, args))} exited {result.returncode}:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def source():
    return SOURCE


@pytest.fixture(scope="session")
def classroom_file(tmp_path_factory):
    """Two runs of the classroom scenario."""
    path = tmp_path_factory.mktemp("runs") / "classroom.h5"
    siege("run", SOURCE / "scenarios" / "classroom.yaml", "-o", path, "--replicates", 2, "--quiet")
    return path
