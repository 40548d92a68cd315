"""The browser viewer, end to end in Debian's Chromium driven by playwright-core: it opens a run file
of the classroom scenario and a compare file, shows the file's numbers on the map, the charts and the
day's figures, follows the slider, switches arms, and saves a screenshot."""
import json
import shutil
import subprocess
import sys

import pytest
import xarray as xr

from conftest import SOURCE, siege

VIEW = SOURCE / "scripts" / "view"
CHECK = SOURCE / "tests" / "browser" / "check_viewer.mjs"
CLASSROOM = SOURCE / "scenarios" / "classroom.yaml"
WAER = SOURCE / "scenarios" / "waer.yaml"

needs_browser = pytest.mark.skipif(
    not shutil.which("node") or not (SOURCE / "scripts" / "viewer" / "node_modules" / "playwright-core").is_dir()
    or not shutil.which("chromium"),
    reason="needs node, scripts/viewer/node_modules (npm ci) and Debian's chromium; scripts/quickstart test installs them")


def serve(path):
    server = subprocess.Popen([sys.executable, str(VIEW), str(path)], stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip()
    assert url.startswith("http://127.0.0.1:"), url
    return server, url


def check(path, expected, tmp_path, name):
    server, url = serve(path)
    try:
        return drive(url, expected, tmp_path, name)
    finally:
        server.terminate()
        server.wait()


def drive(url, expected, tmp_path, name):
    expected_path = tmp_path / f"{name}.json"
    expected_path.write_text(json.dumps(expected))
    screenshot = tmp_path / f"{name}.png"
    result = subprocess.run(["node", str(CHECK), url, str(expected_path), str(screenshot)], capture_output=True,
                            text=True, timeout=180)
    assert result.returncode == 0, result.stderr + result.stdout
    assert screenshot.stat().st_size > 10000
    return result.stdout


@needs_browser
def test_the_viewer_shows_a_run_file_with_the_files_numbers(tmp_path):
    run = tmp_path / "classroom.h5"
    siege("run", CLASSROOM, "-o", run, "-q")
    with xr.open_dataset(run) as ds:
        pocket = str(ds.pocket.values[0])
        population = ds["population"].sel(pocket=pocket).isel(run=0)
        expected = {"day": 100, "population": int(population.isel(time=100)), "other_day": 200,
                    "population_other_day": int(population.isel(time=200)), "days": ds.sizes["time"],
                    "towns": int((ds["town_pocket"] == pocket).sum())}
    assert "ok" in check(run, expected, tmp_path, "run")


@needs_browser
def test_the_viewer_shows_the_arms_side_by_side_with_their_costs_and_gains(tmp_path):
    compare = tmp_path / "waer-compare.h5"
    siege("compare", WAER, "--arms", "hold,drop,phased", "-n", 3, "--days", 120, "-o", compare, "-q")
    with xr.open_dataset(compare) as ds:
        population = ds["population"].sel(pocket="Waer").isel(run=0)
        medians = {name: [float(ds[f"outcome_{name}"].sel(pocket="Waer", arm=arm).median()) for arm in ds.arm.values]
                   for name in ("civilian_deaths", "detainees_released", "evacuated", "arrested", "conscripted")}
        expected = {"day": 100, "population": int(population.sel(arm="hold").isel(time=100)), "other_day": 20,
                    "population_other_day": int(population.sel(arm="hold").isel(time=20)), "days": ds.sizes["time"],
                    "towns": int((ds["town_pocket"] == "Waer").sum()), "arms": ["hold", "drop", "phased"],
                    "population_second_arm": int(population.sel(arm="drop").isel(time=100)),
                    "outcome_medians": medians}
    assert "ok" in check(compare, expected, tmp_path, "compare")


def test_view_refuses_a_missing_file(tmp_path):
    result = subprocess.run([sys.executable, str(VIEW), str(tmp_path / "missing.h5")], capture_output=True, text=True)
    assert result.returncode != 0 and "no such file" in result.stderr
