"""The command line as a user meets it: help, errors with line and column, exit codes, no partial files."""
import filecmp
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time

import h5py
import pytest
import xarray as xr

from conftest import SIEGE, SOURCE, siege

CLASSROOM = SOURCE / "scenarios" / "classroom.yaml"


@pytest.mark.parametrize("command", [[], ["run"], ["validate"], ["schema"], ["info"], ["bench"]])
def test_every_command_has_help(command):
    result = siege(*command, "--help")
    assert "Usage" in result.stdout or "usage" in result.stdout.lower()


def test_thread_count_never_changes_the_file(tmp_path):
    one, two = tmp_path / "one.h5", tmp_path / "two.h5"
    siege("run", CLASSROOM, "-o", one, "--threads", 1, "--days", 90, "-q")
    siege("run", CLASSROOM, "-o", two, "--threads", 2, "--days", 90, "-q")
    with xr.open_dataset(one) as a, xr.open_dataset(two) as b:
        xr.testing.assert_identical(a, b)
    assert filecmp.cmp(one, two, shallow=False), "the files differ byte for byte"


def test_misspelled_key_exits_2_with_line_and_column_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(CLASSROOM.read_text().replace("      mean_size: 5", "      mean_sise: 5"))
    line = next(i for i, text in enumerate(bad.read_text().splitlines(), 1) if "mean_sise" in text)
    out = tmp_path / "out.h5"
    result = siege("run", bad, "-o", out, check=False)
    assert result.returncode == 2
    assert f"{bad}:{line}:7: pockets[0].households.mean_sise: unknown key (did you mean 'mean_size'?)" in result.stderr
    assert os.listdir(tmp_path) == ["bad.yaml"]


def test_validate_reports_every_error_and_passes_good_files(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(CLASSROOM.read_text().replace("days: 240", "days: -3").replace("seed: 42", "seeds: 42"))
    result = siege("validate", bad, check=False)
    assert result.returncode == 2
    assert "days: must be between 1 and 36500 (got -3)" in result.stderr
    assert "seeds: unknown key (did you mean 'seed'?)" in result.stderr
    good = siege("validate", *sorted((SOURCE / "scenarios").glob("*.yaml")))
    assert good.stdout.count(": ok:") == len(list((SOURCE / "scenarios").glob("*.yaml")))


@pytest.mark.parametrize("args", [["--threads", "-1"], ["--days", "0"], ["--replicates", "0"], ["--bogus"]])
def test_bad_command_line_values_exit_2(tmp_path, args):
    out = tmp_path / "out.h5"
    result = siege("run", CLASSROOM, "-o", out, *args, check=False)
    assert result.returncode == 2, result.stderr
    assert not out.exists()


def test_unwritable_output_is_refused_before_any_work(tmp_path):
    result = siege("run", CLASSROOM, "-o", tmp_path / "no" / "such" / "dir" / "x.h5", check=False)
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    result = siege("run", CLASSROOM, "-o", tmp_path, check=False)
    assert result.returncode == 2
    assert "is a directory" in result.stderr


def test_missing_scenario_file_exits_2(tmp_path):
    result = siege("run", tmp_path / "nope.yaml", "-o", tmp_path / "x.h5", check=False)
    assert result.returncode == 2
    assert "nope.yaml" in result.stderr and "cannot open" in result.stderr


SMALL_SWEEP = "replicates: 1\nsamples: 2\nparameters: [{key: besieger.strikes_per_day_siege, min: 0.5, max: 3}]\n"


@pytest.mark.parametrize("how", ["dot-dot", "absolute", "link", "link to a pipe"])
def test_a_sweep_file_cannot_make_siege_read_outside_its_folder(tmp_path, how):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "classroom.yaml").write_text(CLASSROOM.read_text())
    os.mkfifo(outside / "pipe.yaml")  # opened for reading, it would block: siege must not even open it
    folder = tmp_path / "sweeps"
    folder.mkdir()
    named = {"dot-dot": "../outside/classroom.yaml", "absolute": str(outside / "classroom.yaml"),
             "link": "classroom.yaml", "link to a pipe": "pipe.yaml"}[how]
    if how.startswith("link"):
        (folder / named).symlink_to(outside / named)
    sweep = folder / "sweep.yaml"
    sweep.write_text(f"# a sweep that reaches out\nscenario: '{named}'\n" + SMALL_SWEEP)
    out = tmp_path / "out.h5"
    result = subprocess.run([SIEGE, "sweep", str(sweep), "-o", str(out)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2, result.stderr
    assert f"{sweep}:2:1: scenario: the scenario '{named}' lies outside the sweep file's folder" in result.stderr
    assert "--scenario" in result.stderr
    assert not out.exists() and not (tmp_path / "out.h5.manifest").exists()
    # Named on the command line, the same scenario is the user's own choice: the sweep runs.
    result = siege("sweep", sweep, "--scenario", outside / "classroom.yaml", "-o", out, "-q")
    assert result.returncode == 0 and out.exists()
    with xr.open_dataset(out) as ds:
        assert ds.sizes["run"] == 2 and ds.attrs["scenario_file"] == str(outside / "classroom.yaml")


def test_a_sweep_with_no_scenario_says_how_to_name_one(tmp_path):
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(SMALL_SWEEP)
    result = siege("sweep", sweep, "-o", tmp_path / "out.h5", check=False)
    assert result.returncode == 2
    assert f"{sweep}:1:1: scenario: missing key 'scenario'" in result.stderr
    assert f"siege sweep {sweep} --scenario FILE" in result.stderr
    assert not (tmp_path / "out.h5").exists()
    # Beside the sweep file it needs no command line.
    (tmp_path / "classroom.yaml").write_text(CLASSROOM.read_text())
    sweep.write_text("scenario: classroom.yaml\n" + SMALL_SWEEP)
    siege("sweep", sweep, "-o", tmp_path / "out.h5", "-q")
    assert (tmp_path / "out.h5").exists()


def test_default_output_goes_to_the_output_folder(tmp_path):
    result = siege("run", CLASSROOM, "--days", 20, cwd=tmp_path)
    assert (tmp_path / "output" / "classroom.h5").is_file()
    assert "District: 5000 ->" in result.stdout


def test_info_describes_a_run_file(classroom_file):
    result = siege("info", classroom_file)
    assert "Besieged district (classroom)" in result.stdout
    assert "seed       42" in result.stdout
    assert "run=2, time=240, pocket=1, cause=4, town=3" in result.stdout
    assert "District: 5000 ->" in result.stdout


def test_info_refuses_other_files(tmp_path):
    other = tmp_path / "other.h5"
    other.write_bytes(b"\x89HDF not really")
    result = siege("info", other, check=False)
    assert result.returncode == 2
    assert "not an HDF5 file" in result.stderr


def test_info_never_passes_control_characters_from_a_file_to_the_terminal(tmp_path, classroom_file):
    hostile = tmp_path / "hostile.h5"
    hostile.write_bytes(classroom_file.read_bytes())
    with h5py.File(hostile, "r+") as f:
        f.attrs["scenario_name"] = "District\x1b[2J\x1b]0;owned\x07 \u0627\u0644\u0648\u0639\u0631"
    result = subprocess.run([SIEGE, "info", str(hostile)], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert b"\x1b" not in result.stdout and b"\x07" not in result.stdout
    text = result.stdout.decode()  # UTF-8 throughout
    assert "District\\x1B[2J\\x1B]0;owned\\x07 \u0627\u0644\u0648\u0639\u0631" in text


@pytest.mark.parametrize("damaged", sorted((SOURCE / "tests" / "fuzz" / "hdf5").glob("*.h5")), ids=lambda p: p.name)
def test_files_that_break_the_hdf5_library_are_refused_with_a_message(tmp_path, damaged):
    """Found by fuzz/hdf5_fuzz.cpp: Debian's libhdf5 crashes, loops or grows without end reading these.
    siege reads HDF5 inputs in a child process with limits first, so the user gets a message naming
    the file and exit 2, never a crash, a hang or an out-of-memory kill."""
    merged = tmp_path / "merged.h5"
    commands = [["info", damaged], ["merge", damaged, "-o", merged]]
    running = [subprocess.Popen([SIEGE, *map(str, c)], stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in commands]
    for process in running:
        _, stderr = process.communicate(timeout=60)
        stderr = stderr.decode(errors="replace")
        assert process.returncode == 2, stderr
        assert stderr.startswith(f"{damaged}: ")
        if "vlen_string" in damaged.name:  # a damaged string length: libhdf5 reads past its heap
            assert "the HDF5 library crashed (signal 11, Segmentation fault) while reading it" in stderr
        if "heap_loop" in damaged.name:
            assert "the HDF5 library had not finished reading it after 10 s" in stderr
        if "grows" in damaged.name:
            assert "the HDF5 library took more than 1.0 GB of memory reading it" in stderr
    assert os.listdir(tmp_path) == []


def test_ctrl_c_stops_siege_waiting_for_a_looping_hdf5_read():
    looping = SOURCE / "tests" / "fuzz" / "hdf5" / "sweep_global_heap_loop.h5"
    process = subprocess.Popen([SIEGE, "info", str(looping)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    time.sleep(1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    assert process.returncode == 128 + signal.SIGINT
    assert "interrupted by SIGINT" in stderr.decode()
    still_reading = []
    for cmdline in pathlib.Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(looping).encode() in cmdline.read_bytes():
                still_reading.append(cmdline.parent.name)
        except OSError:
            pass  # ended meanwhile
    assert still_reading == [], "the child reading the file was left running"


def test_seed_and_days_override_the_scenario(tmp_path):
    out = tmp_path / "x.h5"
    siege("run", CLASSROOM, "-o", out, "--seed", 7, "--days", 15, "-q")
    with xr.open_dataset(out) as ds:
        assert ds.attrs["seed"] == 7
        assert ds.sizes["time"] == 15


def test_bench_prints_person_days_per_second_and_stages():
    result = siege("bench", CLASSROOM, "--repetitions", 2, "--warmup", 0, "--days", 30)
    assert "million person-days/s" in result.stdout
    for stage in ["supply", "households", "mortality", "observe", "output file"]:
        assert stage in result.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root (CI runs as root)")
def test_a_full_disk_ends_with_a_message_and_leaves_earlier_files_alone(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(disk)], check=True)
    try:
        earlier = disk / "earlier.h5"
        siege("run", CLASSROOM, "-o", earlier, "--days", 5, "-q")
        before = earlier.read_bytes()
        out = disk / "out.h5"
        result = subprocess.run([str(SIEGE), "run", str(CLASSROOM), "-o", str(out), "--replicates", "3"],
                                capture_output=True, text=True)
        assert result.returncode == 1, result.stderr
        assert "disk full" in result.stderr
        assert sorted(p.name for p in disk.iterdir()) == ["earlier.h5"], "no partial or temporary file"
        assert earlier.read_bytes() == before
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_an_oversized_scenario_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as f:
        f.truncate(17 << 20)  # sparse: no disk used
    start = time.monotonic()
    result = subprocess.run([str(SIEGE), "validate", str(huge)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "at most 16 MB" in result.stderr and str(huge) in result.stderr
    assert time.monotonic() - start < 5
    out = tmp_path / "out.h5"
    result = subprocess.run([str(SIEGE), "run", str(huge), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 2 and not out.exists()


def test_a_run_too_large_for_the_memory_is_refused_before_it_starts(tmp_path):
    # A billion persons (the validation limit) without a network: about 32 GB, more than CI's 24.
    text = CLASSROOM.read_text()
    towns = "".join(f"      - {{name: T{i}, population: 50000000, lat: 34.7, lon: 36.6}}\n" for i in range(20))
    text = re.sub(r"(    towns:[^\n]*\n)(      - [^\n]*\n)+", lambda m: m.group(1) + towns, text, count=1)
    text = text.replace("\npockets:", "\nopinion: {ties_within_town: 0, ties_across_towns: 0}\npockets:", 1)
    huge = tmp_path / "billion.yaml"
    huge.write_text(text)
    out = tmp_path / "out.h5"
    start = time.monotonic()
    result = subprocess.run([str(SIEGE), "run", str(huge), "-o", str(out)], capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "GB of memory" in result.stderr and "available" in result.stderr and str(huge) in result.stderr
    assert time.monotonic() - start < 5 and not out.exists()


def test_bench_measures_each_thread_count_and_scales_persons(tmp_path):
    figures = tmp_path / "bench.json"
    result = siege("bench", CLASSROOM, "--threads", "1,2", "--persons", 20000, "--repetitions", 1, "--warmup", 0,
                   "--days", 10, "--json", figures)
    assert "20000 persons x 10 days" in result.stdout
    assert "1 thread:" in result.stdout and "2 threads:" in result.stdout
    assert "speed-up" in result.stdout and "efficiency" in result.stdout
    assert "bytes per person" in result.stdout
    bench = json.loads(figures.read_text())
    assert bench["persons"] == 20000
    assert [r["threads"] for r in bench["results"]] == [1, 2]
    for r in bench["results"]:
        assert r["person_days_per_second"] > 0
        assert r["person_days"] <= 20000 * 10
        assert set(r["stage_seconds"]) >= {"households", "opinion", "mortality", "observe"}
    assert bench["peak_resident_bytes"] > bench["state_bytes"] > 20000 * 10


def test_bench_compare_flags_a_slowdown(tmp_path):
    result = {"threads": 2, "person_days": 100, "person_days_per_second": 1.0e8, "run_seconds": 1.0,
              "initialise_seconds": 0.1, "output_seconds": 0.01,
              "stage_seconds": {"households": 0.5, "opinion": 0.4, "mortality": 0.04}}
    old = {"scenario": "s", "persons": 1, "days": 1, "repetitions": 1, "peak_resident_bytes": 1, "state_bytes": 1,
           "results": [result]}
    new = json.loads(json.dumps(old))
    new["results"][0]["person_days_per_second"] = 0.95e8
    new["results"][0]["stage_seconds"]["households"] = 0.52
    script = [sys.executable, str(SOURCE / "scripts" / "bench_compare.py")]
    (tmp_path / "old.json").write_text(json.dumps(old))
    (tmp_path / "new.json").write_text(json.dumps(new))
    same = subprocess.run(script + [tmp_path / "old.json", tmp_path / "new.json"], capture_output=True, text=True)
    assert same.returncode == 0, same.stdout + same.stderr
    new["results"][0]["stage_seconds"]["opinion"] = 0.5
    (tmp_path / "new.json").write_text(json.dumps(new))
    slower = subprocess.run(script + [tmp_path / "old.json", tmp_path / "new.json"], capture_output=True, text=True)
    assert slower.returncode == 1
    assert "opinion s" in slower.stdout and "SLOWER" in slower.stdout


def test_rebellion_prints_counts_and_refuses_bad_parameters():
    result = siege("rebellion", "--steps", 5, "--runs", 2, "--csv")
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "run,step,active,quiet,jailed"
    rows = [list(map(int, line.split(","))) for line in lines[1:]]
    assert {row[0] for row in rows} == {0, 1}
    for run in (0, 1):
        citizens = {row[2] + row[3] + row[4] for row in rows if row[0] == run}
        assert len(citizens) == 1, "active + quiet + jailed is every citizen at every step"
    bad = subprocess.run([str(SIEGE), "rebellion", "--width", "10"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "vision" in bad.stderr


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_run_cleanly_and_leaves_no_file(tmp_path, sig):
    out = tmp_path / "out.h5"
    process = subprocess.Popen([str(SIEGE), "run", str(CLASSROOM), "-o", str(out), "--replicates", "1000", "-q"],
                               stderr=subprocess.PIPE, text=True)
    # Wait until the run is under way: its temporary file exists.
    deadline = time.monotonic() + 30
    while not any(tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert any(tmp_path.iterdir()), "the run never started writing"
    process.send_signal(sig)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 128 + sig
    assert "stopped cleanly, no output file written" in stderr
    assert list(tmp_path.iterdir()) == []


COMMITTEE = "pockets[District].conflict.committee.policy"


def test_set_changes_values_after_the_policy_and_the_file_and_info_record_it(tmp_path):
    out = tmp_path / "x.h5"
    # Before the scenario, too: each --set takes one value, so the scenario stays the positional.
    siege("run", "--set", f"{COMMITTEE}=drop", CLASSROOM, "--policy", "hold", "-o", out, "--set=days=12",
          "--set", "besieger.strikes_per_day_siege=0", "-q")
    with xr.open_dataset(out) as ds:
        assert ds.attrs["overrides"] == f"{COMMITTEE}=drop\ndays=12\nbesieger.strikes_per_day_siege=0"
        assert ds.attrs["policy"] == "hold"
        assert "days: 240" in ds.attrs["scenario_yaml"], "the file as written"
        assert ds.sizes["time"] == 12
        assert (ds["committee_policy"].isel(time=0) == 1).all(), "drop, set after the policy's hold"
    info = siege("info", out).stdout
    assert f"--set      {COMMITTEE}=drop, days=12, besieger.strikes_per_day_siege=0" in info
    plain = tmp_path / "plain.h5"
    siege("run", CLASSROOM, "--days", 5, "-o", plain, "-q")
    with xr.open_dataset(plain) as ds:
        assert ds.attrs["overrides"] == ""
    assert "--set" not in siege("info", plain).stdout


def small_sweep(folder):
    (folder / "classroom.yaml").write_text(CLASSROOM.read_text())
    sweep = folder / "sweep.yaml"
    sweep.write_text("scenario: classroom.yaml\narms: hold, drop\n" + SMALL_SWEEP)
    return sweep


@pytest.mark.parametrize("command,sets,expected", [
    ("run", [f"{COMMITTEE}=maybe"], f"command line: --set {COMMITTEE}=maybe: unknown choice 'maybe'"),
    ("run", ["pockets[District].conflict.committee.polcy=drop"],
     "command line: --set pockets[District].conflict.committee.polcy=drop: unknown key (did you mean 'policy'?)"),
    ("run", ["pockets[Distrct].aid.approval_probability=0"], "the list has no item Distrct"),
    ("run", ["pockets..aid=1"], "not a key path"),
    ("run", ["days=0"], "command line: --set days=0: must be between 1 and 36500 (got 0)"),
    ("run", ["days"], "command line: --set days: give a key path and a value joined by '='"),
    ("compare", ["besieger.strikes_per_day_siege=x"], "command line: --set besieger.strikes_per_day_siege=x: expected a number"),
    ("compare", [f"{COMMITTEE}=drop"], f"command line: --set {COMMITTEE}=drop: the arm 'hold' sets {COMMITTEE} too"),
    ("sweep", ["days=0"], "command line: --set days=0: must be between 1 and 36500"),
    ("sweep", [f"{COMMITTEE}=hold"], "the arm 'hold' sets"),
    ("sweep", ["besieger.strikes_per_day_siege=1"], "parameters[0].key: besieger.strikes_per_day_siege is set on the command line"),
])
def test_a_bad_set_exits_2_names_the_option_and_writes_nothing(tmp_path, command, sets, expected):
    inputs = tmp_path / "in"
    inputs.mkdir()
    out = tmp_path / "out.h5"
    where = {"run": [CLASSROOM], "compare": [CLASSROOM, "--arms", "hold,drop", "-n", 1],
             "sweep": [small_sweep(inputs)]}[command]
    result = siege(command, *where, "-o", out, *[a for s in sets for a in ("--set", s)], check=False)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert os.listdir(tmp_path) == ["in"], "no output, no manifest"


def test_compare_and_sweep_apply_and_record_the_sets(tmp_path):
    compared = tmp_path / "compare.h5"
    siege("compare", CLASSROOM, "--arms", "hold,drop", "-n", 1, "--days", 20, "--set",
          "besieger.strikes_per_day_siege=0", "-o", compared, "-q")
    with xr.open_dataset(compared) as ds:
        assert ds.attrs["overrides"] == "besieger.strikes_per_day_siege=0"
    sweep = small_sweep(tmp_path)
    plain, changed = tmp_path / "plain.h5", tmp_path / "changed.h5"
    siege("sweep", sweep, "-o", plain, "-q")
    siege("sweep", sweep, "-o", changed, "--set", "pockets[District].aid.approval_probability=0", "-q")
    with xr.open_dataset(plain) as a, xr.open_dataset(changed) as b:
        assert b.attrs["overrides"] == "pockets[District].aid.approval_probability=0"
        assert a.attrs["overrides"] == ""
        assert a.attrs["sweep_id"] != b.attrs["sweep_id"], "a resumed sweep never mixes runs made without the --set"
        assert set(a["run_id"].values).isdisjoint(b["run_id"].values)
        assert float(b["outcome_aid_delivered"].sum()) < float(a["outcome_aid_delivered"].sum())


def test_a_checkpoint_resumes_only_with_the_same_sets(tmp_path):
    out = tmp_path / "x.h5"
    siege("run", CLASSROOM, "--days", 20, "--checkpoint-at", 10, "--set", "besieger.strikes_per_day_siege=0", "-o",
          out, "-q")
    checkpoint = tmp_path / "x-day10.checkpoint"
    result = siege("run", CLASSROOM, "--days", 20, "--resume-from", checkpoint, "-o", tmp_path / "y.h5", check=False)
    assert result.returncode == 2 and "--set besieger.strikes_per_day_siege=0" in result.stderr, result.stderr
    siege("run", CLASSROOM, "--days", 20, "--resume-from", checkpoint, "--set", "besieger.strikes_per_day_siege=0",
          "-o", tmp_path / "y.h5", "-q")
