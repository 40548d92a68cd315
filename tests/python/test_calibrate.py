"""siege calibrate as a researcher runs it: a history matching against a synthetic truth read back
with xarray, killed with SIGKILL and started again, sliced into shards, refused when the file is
wrong, and its accepted parameter sets carried into run, compare and score (--parameters)."""
import os
import shutil
import signal
import subprocess
import time

import numpy as np
import pytest
import xarray as xr

from conftest import SIEGE, SOURCE, siege

FILES = SOURCE / "tests" / "calibration"


def calibration_folder(folder):
    """The test calibration, its observations and the classroom scenario, side by side."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("classroom.calibration.yaml", "classroom_truth.observations.yaml"):
        shutil.copy(FILES / name, folder / name)
    shutil.copy(SOURCE / "scenarios" / "classroom.yaml", folder / "classroom.yaml")
    return folder / "classroom.calibration.yaml"


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("calibration")
    out = folder / "out.h5"
    result = siege("calibrate", calibration_folder(folder), "-o", out)
    return out, result


def test_the_truth_is_kept_and_a_deadlier_strike_ruled_out(calibrated):
    out, result = calibrated
    assert "history matching, 2 parameters, 2 facts in 1 targets" in result.stdout
    with xr.open_dataset(out) as ds:
        assert ds.attrs["kind"] == "calibration" and ds.attrs["method"] == "history_matching"
        assert "killed_per_strike" in ds.attrs["calibration_yaml"]
        assert "Classroom truth" in str(ds["target_observations_yaml"].values[0])
        assert ds.sizes["point"] == 36 and ds.sizes["wave"] == 3 and ds.sizes["fact"] == 2
        assert ds["value"].dims == ("point", "parameter")
        assert ds["fact_mean"].dims == ("point", "fact") and ds["fact_mean"].attrs["long_name"]
        kills = ds["value"].sel(parameter="besieger.killed_per_strike").values
        accepted = ds["accepted"].values == 1
        cut = ds.attrs["cutoff"]
        np.testing.assert_array_equal(accepted, ds["implausibility"].values <= cut)
        assert accepted.any() and not accepted.all()
        # The truth (0.3) lies inside the accepted range; a strike killing 1.5 or more never does.
        assert kills[accepted].min() < 0.3 < kills[accepted].max()
        assert kills[accepted].max() < 1.0
        # The later waves run where the first did not rule out: their strikes are all mild.
        waves = ds["point_wave"].values
        assert kills[waves > 1].max() < 1.0 and kills[waves == 1].max() > 1.5
        shares = ds["wave_nonimplausible_share"].values
        assert shares[0] == 1.0 and (shares[1:] < 0.8).all()
        assert 0.0 < ds.attrs["final_nonimplausible_share"] < 0.8
        # The inert parameter stays spread over its prior.
        starvation = ds["value"].sel(parameter="mortality.starvation_per_1000_day").values[accepted]
        assert starvation.max() - starvation.min() > 90
        assert (ds["wave_emulator_loo_within_3sd"].values >= 0.8).all()
        assert (ds["fact_excluded"].values == 0).all()
    info = siege("info", out).stdout
    assert "history matching, 2 parameters" in info and "accepted points:" in info
    assert "besieger.killed_per_strike" in info


def test_an_excluded_fact_is_measured_but_rules_nothing_out(tmp_path):
    calibration = calibration_folder(tmp_path)
    calibration.write_text(calibration.read_text().replace("waves: 3", "waves: 1") +
                           "excluded_facts:\n  - {fact: 'Classroom truth: violent', why: a test}\n")
    out = tmp_path / "excluded.h5"
    result = siege("calibrate", calibration, "-o", out)
    assert "(1 of them excluded from the implausibility)" in result.stdout
    with xr.open_dataset(out) as ds:
        assert list(ds["fact_excluded"].values) == [1, 0]
        assert (ds["accepted"].values == 1).all(), "only the population is judged, and every point keeps it"
        assert np.isfinite(ds["fact_mean"].values).all(), "the excluded fact is still measured"


def test_a_killed_calibration_resumes_without_losing_or_repeating_a_run(tmp_path, calibrated):
    reference, _ = calibrated
    calibration = calibration_folder(tmp_path)
    out = tmp_path / "killed.h5"
    first = tmp_path / "killed.h5.wave1.manifest"
    process = subprocess.Popen([SIEGE, "calibrate", str(calibration), "-o", str(out), "--threads", "1", "-q"])
    deadline = time.time() + 60
    while time.time() < deadline:
        if first.exists() and first.read_text().count("\n") >= 10:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not out.exists(), "no output before every wave is in"
    siege("calibrate", calibration, "-o", out, "-q")
    for wave in (1, 2, 3):
        ids = [line.split()[0] for line in (tmp_path / f"killed.h5.wave{wave}.manifest").read_text().splitlines()]
        assert len(ids) == 36 and len(set(ids)) == 36, "every run of the wave once"
    with xr.open_dataset(out) as resumed, xr.open_dataset(reference) as whole:
        for name in ("value", "fact_mean", "implausibility", "accepted"):
            np.testing.assert_array_equal(resumed[name].values, whole[name].values)


def test_slurm_array_tasks_run_one_wave_slice_each_then_a_last_job_writes_the_file(tmp_path, calibrated):
    reference, _ = calibrated
    calibration = calibration_folder(tmp_path)
    out = tmp_path / "sharded.h5"
    for wave in (1, 2, 3):
        for k in range(3):
            env = dict(os.environ, SLURM_ARRAY_TASK_ID=str(k), SLURM_ARRAY_TASK_COUNT="3")
            result = subprocess.run([SIEGE, "calibrate", str(calibration), "-o", str(out)], env=env,
                                    capture_output=True, text=True, check=True)
            assert f"wave {wave}:" in result.stderr
            assert (tmp_path / f"sharded.h5.wave{wave}.shard{k}of3.manifest").exists()
            assert not out.exists()
    siege("calibrate", calibration, "-o", out, "-q")
    with xr.open_dataset(out) as sharded, xr.open_dataset(reference) as whole:
        for name in ("value", "fact_mean", "implausibility", "accepted"):
            np.testing.assert_array_equal(sharded[name].values, whole[name].values)


def test_a_wrong_calibration_file_names_the_line_and_leaves_no_file(tmp_path):
    calibration = calibration_folder(tmp_path)
    text = calibration.read_text()
    cases = {
        "min: 20, max: 200": ("min: 20, max: 10", ":11:", "give a range with max > min"),
        "max: 2}": ("max: 2000}", ":10:", "does not give a valid scenario in"),
        "scenario: classroom.yaml": ("scenario: ../classroom.yaml", ":13:", "lies outside the calibration file's folder"),
        "waves: 3": ("waves: 0", ":4:", "waves"),
        "key: besieger.killed_per_strike": ("key: besieger.killed_per_strikes", ":10:", "killed_per_strike"),
        "targets:\n": ("excluded_facts: [{fact: 'Classroom truth: violet', why: x}]\ntargets:\n", ":12:",
                        "did you mean 'Classroom truth: violent'"),
    }
    out = tmp_path / "bad.h5"
    for old, (new, line, fix) in cases.items():
        calibration.write_text(text.replace(old, new))
        result = siege("calibrate", calibration, "-o", out, check=False)
        assert result.returncode == 2, (new, result.stderr)
        assert f"{calibration}{line}" in result.stderr and fix in result.stderr, (new, result.stderr)
        assert not out.exists() and not list(tmp_path.glob("bad.h5*"))


def test_posterior_predictive_compare_on_waer_carries_parameter_uncertainty(tmp_path, calibrated):
    parameters, _ = calibrated
    waer = SOURCE / "scenarios" / "waer.yaml"
    plain, drawn = tmp_path / "plain.h5", tmp_path / "drawn.h5"
    args = ("compare", waer, "--arms", "hold,drop", "-n", 6, "--days", 200, "-q")
    siege(*args, "-o", plain)
    result = siege(*args[:-1], "-o", drawn, "--parameters", parameters)
    assert f"takes one of 6 accepted parameter sets of {parameters}" in result.stdout
    with xr.open_dataset(plain) as p, xr.open_dataset(drawn) as d:
        assert "parameter_sets" not in p.attrs
        assert d.attrs["parameters_file"] == str(parameters)
        sets = d.attrs["parameter_sets"].split("\n\n")
        assert len(sets) == 6 and len(set(sets)) == 6, "six replicates, six accepted sets"
        assert all("besieger.killed_per_strike=" in s for s in sets)
        # The same random numbers, other parameters: the violent deaths differ run by run.
        violent = "outcome_violent_deaths" if "outcome_violent_deaths" in p else "outcome_civilian_deaths"
        assert not np.array_equal(p[violent].values, d[violent].values)
    # run and score take the sets too; a --set of a fitted key is refused.
    result = siege("score", SOURCE / "tests/calibration/../../scenarios/classroom.yaml", "--observations",
                   FILES / "classroom_truth.observations.yaml", "--replicates", 4, "--parameters", parameters)
    assert "facts inside their documented ranges" in result.stdout
    refused = siege("run", waer, "--days", 10, "-o", tmp_path / "r.h5", "--parameters", parameters,
                    "--set", "besieger.killed_per_strike=1", check=False)
    assert refused.returncode == 2 and "is a parameter of" in refused.stderr
    not_calibration = siege("run", waer, "--days", 10, "-o", tmp_path / "r.h5", "--parameters", plain, check=False)
    assert not_calibration.returncode == 2 and "is not a calibration file" in not_calibration.stderr
