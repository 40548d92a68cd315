"""scripts/plot.py makes the figures a researcher puts in a paper, from a run file and from a
compare file, titled with the scenario and pocket."""
import subprocess
import sys

import pytest
from PIL import Image

from conftest import SOURCE, siege

PLOT = SOURCE / "scripts" / "plot.py"
WAER = SOURCE / "scenarios" / "waer.yaml"


def plot(*args):
    return subprocess.run([sys.executable, str(PLOT), *map(str, args)], capture_output=True, text=True, timeout=300)


def png_title(path):
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size[0] >= 1200 and image.size[1] >= 500
        return image.info.get("Title", "")


def test_a_run_file_gives_a_panel_of_time_series(tmp_path):
    run = tmp_path / "waer.h5"
    siege("run", WAER, "--policy", "drop", "--replicates", 2, "--days", 60, "-o", run, "-q")
    result = plot(run, "-o", tmp_path / "figures")
    assert result.returncode == 0, result.stderr
    title = png_title(tmp_path / "figures" / "waer-timeseries.png")
    assert "al-Waer 2017" in title and "Waer" in title and "policy drop" in title


def test_a_compare_file_gives_fan_charts_costs_and_gains_and_paired_differences(tmp_path):
    compare = tmp_path / "cmp.h5"
    siege("compare", WAER, "--arms", "hold,drop", "-n", 3, "--days", 90, "-o", compare, "-q")
    result = plot(compare)
    assert result.returncode == 0, result.stderr
    assert "hold vs drop" in png_title(tmp_path / "cmp-fan.png")
    assert "paired difference drop − hold" in png_title(tmp_path / "cmp-difference.png")
    assert "costs and gains of each arm" in png_title(tmp_path / "cmp-outcomes.png")
    # The whole-run outcomes are drawn (differences that are not all 0), and the evacuees'
    # destination has its own panel.
    sys.path.insert(0, str(PLOT.parent))
    import plot as plot_module
    import xarray as xr
    with xr.open_dataset(compare, decode_timedelta=False) as ds:
        assert plot_module.destination_of(ds, "Waer") == "Idlib countryside"
        moved = [n for n in plot_module.OUTCOMES
                 if float(abs(ds[f"outcome_{n}"].sel(pocket="Waer", arm="drop")
                              - ds[f"outcome_{n}"].sel(pocket="Waer", arm="hold")).max()) > 0]
        assert "evacuated" in moved and "civilian_deaths" in moved


def test_a_wrong_pocket_or_file_is_a_clear_error(tmp_path):
    run = tmp_path / "waer.h5"
    siege("run", WAER, "--days", 10, "-o", run, "-q")
    result = plot(run, "--pocket", "Homs")
    assert result.returncode != 0 and "no pocket 'Homs'" in result.stderr
    result = plot(tmp_path / "missing.h5")
    assert result.returncode != 0 and "no such file" in result.stderr
