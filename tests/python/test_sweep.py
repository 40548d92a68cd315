"""siege sweep and siege merge as a cluster user runs them: the file read back with xarray, a sweep
killed with SIGKILL and started again, shards merged, and bad sweep files refused."""
import os
import signal
import subprocess
import time

import numpy as np
import pytest
import xarray as xr

from conftest import SIEGE, SOURCE, siege

# The test sweeps name no scenario (a sweep file may only name one in its own folder): the command
# line does, as a cluster user running one design over a scenario kept elsewhere would.
WAER = (SOURCE / "tests/sweeps/waer_lhs.yaml", "--scenario", SOURCE / "scenarios/waer.yaml")
CLASSROOM = (SOURCE / "tests/sweeps/classroom_sobol.yaml", "--scenario", SOURCE / "scenarios/classroom.yaml")


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    path = tmp_path_factory.mktemp("sweep") / "waer.h5"
    result = siege("sweep", *WAER, "-o", path)
    assert "16 runs" in result.stdout and "Standardized regression coefficients" in result.stdout
    return path


def test_the_sweep_file_has_a_run_dimension_parameters_and_outcomes(whole):
    with xr.open_dataset(whole) as ds:
        assert ds.sizes["run"] == 16
        assert ds.attrs["kind"] == "sweep" and ds.attrs["arms"] == "hold,drop"
        cap = ds["besieger.siege_cost_share_per_year"]
        assert cap.dims == ("run",) and float(cap.min()) >= 0.02 and float(cap.max()) <= 0.3
        buses = ds["pockets[Waer].conflict.evacuation.batch_persons_max"]
        np.testing.assert_array_equal(buses.values, np.round(buses.values))
        assert ds["arm"].attrs["flag_meanings"] == "hold drop"
        deaths = ds["outcome_civilian_deaths"]
        assert deaths.dims == ("run", "pocket") and deaths.attrs["units"] == "persons"
        assert (ds["error"].values == "").all()
        assert len(set(ds["run_id"].values)) == 16
    assert "latin_hypercube design, 4 points x 2 arms x 2 replicates = 16 runs" in siege("info", whole).stdout
    with xr.open_dataset(whole, group="sensitivity") as s:
        assert "src" in s and s["src"].dims == ("outcome", "parameter")
        assert "civilian_deaths (hold - drop)" in list(s.outcome.values)


def test_a_killed_sweep_resumes_without_losing_or_repeating_a_run(tmp_path, whole):
    out = tmp_path / "killed.h5"
    manifest = tmp_path / "killed.h5.manifest"
    process = subprocess.Popen([SIEGE, "sweep", *map(str, WAER), "-o", str(out), "--threads", "1", "-q"])
    deadline = time.time() + 60
    while time.time() < deadline:
        if manifest.exists() and manifest.read_text().count("\n") >= 3:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not out.exists(), "no output before every run is in"
    done_before = manifest.read_text().count("\n")
    assert 3 <= done_before < 16
    siege("sweep", *WAER, "-o", out, "-q")
    ids = [line.split()[0] for line in manifest.read_text().splitlines()]
    assert len(ids) == 16 and len(set(ids)) == 16, "every run once in the manifest"
    with xr.open_dataset(out) as resumed, xr.open_dataset(whole) as reference:
        np.testing.assert_array_equal(resumed["run_id"].values, reference["run_id"].values)
        for name in ("outcome_civilian_deaths", "outcome_evacuated", "outcome_days_under_siege"):
            np.testing.assert_array_equal(resumed[name].values, reference[name].values)


def test_shards_from_slurm_variables_merge_into_the_whole_sweep(tmp_path, whole):
    parts = []
    for k in range(4):
        part = tmp_path / f"part{k}.h5"
        env = dict(os.environ, SLURM_ARRAY_TASK_ID=str(k), SLURM_ARRAY_TASK_COUNT="4")
        subprocess.run([SIEGE, "sweep", *map(str, WAER), "-o", str(part), "-q"], env=env, check=True)
        with xr.open_dataset(part) as ds:
            assert list(ds.run.values) == list(range(k, 16, 4))
        parts.append(part)
    merged = tmp_path / "merged.h5"
    siege("merge", *parts, "-o", merged)
    with xr.open_dataset(merged) as m, xr.open_dataset(whole) as w:
        for name in ("run_id", "outcome_civilian_deaths", "besieger.siege_cost_share_per_year"):
            np.testing.assert_array_equal(m[name].values, w[name].values)
    result = siege("merge", *parts[:3], "-o", tmp_path / "partial.h5", check=False)
    assert result.returncode == 2 and "missing" in result.stderr
    other = tmp_path / "other.h5"
    siege("sweep", *CLASSROOM, "-o", other, "-q")
    result = siege("merge", parts[0], other, "-o", tmp_path / "mixed.h5", check=False)
    assert result.returncode == 2 and "belongs to sweep" in result.stderr
    assert not (tmp_path / "partial.h5").exists() and not (tmp_path / "mixed.h5").exists()


def test_bad_sweep_files_exit_2_with_the_line(tmp_path):
    cases = {
        "scenario: waer.yaml\nreplicate: 2\nparameters: [{key: besieger.siege_cost_share_per_year, min: 0, max: 1}]\n":
            ":2:1: replicate: unknown key",
        "scenario: waer.yaml\narms: hold, dorp\nparameters: [{key: besieger.siege_cost_share_per_year, min: 0, max: 1}]\n":
            "no policy 'dorp'",
        "scenario: waer.yaml\nparameters: [{key: besieger.concession_per_round, min: 0, max: 7}]\n":
            "parameters[0].max",
        "scenario: waer.yaml\nparameters: [{key: besieger.no_such_key, min: 0, max: 1}]\n":
            "no_such_key",
        "scenario: waer.yaml\narms: hold, drop\n"
        "parameters: [{key: \"pockets[Waer].conflict.committee.policy\", min: 0, max: 1}]\n":
            "is set by the arm 'hold'",
    }
    (tmp_path / "sweeps").mkdir()
    (tmp_path / "sweeps" / "waer.yaml").write_text((SOURCE / "scenarios" / "waer.yaml").read_text())
    for text, expected in cases.items():
        path = tmp_path / "sweeps" / "bad.yaml"
        path.write_text(text)
        result = siege("sweep", path, "-o", tmp_path / "out.h5", check=False)
        assert result.returncode == 2, text
        assert expected in result.stderr, (expected, result.stderr)
        assert not (tmp_path / "out.h5").exists()


def test_progress_is_a_bar_on_a_terminal_lines_elsewhere_and_nothing_when_quiet(tmp_path):
    import pty
    logged = siege("sweep", *CLASSROOM, "-o", tmp_path / "a.h5")
    assert "siege: 32/32 runs" in logged.stderr and "runs/s" in logged.stderr and "\r" not in logged.stderr
    quiet = siege("sweep", *CLASSROOM, "-o", tmp_path / "b.h5", "-q")
    assert quiet.stderr == "" and quiet.stdout == ""
    leader, follower = pty.openpty()
    process = subprocess.Popen([SIEGE, "sweep", *map(str, CLASSROOM), "-o", str(tmp_path / "c.h5")],
                               stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    process.wait()
    os.close(leader)
    assert process.returncode == 0
    assert b"\r[" in seen and b"] 32/32 runs" in seen and b"left" in seen
