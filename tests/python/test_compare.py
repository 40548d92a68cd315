"""siege compare as a researcher uses it: the paired table on the console, and a file with an arm
dimension, each outcome per run and the paired differences, read back with xarray."""
import numpy as np
import pytest
import xarray as xr

from conftest import SOURCE, siege

WAER = SOURCE / "scenarios" / "waer.yaml"


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    path = tmp_path_factory.mktemp("compare") / "waer-compare.h5"
    result = siege("compare", WAER, "--arms", "hold,drop", "-n", 4, "--days", 90, "-o", path)
    return path, result.stdout


def test_the_table_pairs_the_arms(comparison):
    _, stdout = comparison
    assert "4 paired replicates" in stdout
    assert "hold median [90%]" in stdout and "drop median [90%]" in stdout
    assert "drop - hold [95% CI]" in stdout
    assert "better" not in stdout.split("threads")[1].split("Medians")[0], "no arm is called better"
    for label in ("civilian deaths", "deaths: bombardment", "CDR, mean", "under-5 GAM", "detainees released",
                  "detainees still held", "detainees dead in detention", "residents arrested", "days under siege",
                  "evacuated", "arrivals from other pockets", "surrender by the last day", "aid delivered"):
        assert label in stdout, label
    # The destination of Waer's evacuees has its own block under drop.
    assert "Idlib countryside" in stdout


def test_the_file_has_an_arm_dimension_and_paired_differences(comparison):
    path, _ = comparison
    with xr.open_dataset(path) as ds:
        assert list(ds.arm.values) == ["hold", "drop"]
        assert ds.attrs["arms"] == "hold,drop"
        assert ds["population"].dims == ("arm", "run", "time", "pocket")
        assert ds.sizes["run"] == 4 and ds.sizes["time"] == 90
        deaths = ds["outcome_civilian_deaths"]
        assert deaths.dims == ("arm", "run", "pocket") and deaths.attrs["units"] == "persons"
        difference = ds["outcome_civilian_deaths_difference"]
        assert "paired difference drop minus hold" in difference.attrs["long_name"]
        np.testing.assert_array_equal(difference.values, deaths.sel(arm="drop").values - deaths.sel(arm="hold").values)
        # The evacuation under drop reaches Idlib countryside in every replicate, and only there.
        evacuated = ds["outcome_evacuated"].sel(arm="drop", pocket="Waer")
        arrived = ds["arrivals"].sel(arm="drop", pocket="Idlib countryside").sum("time")
        np.testing.assert_array_equal(evacuated.values, arrived.values)
        # The famine measures a researcher weighs hold against drop on.
        cdr = ds["outcome_mean_crude_death_rate"]
        assert cdr.attrs["units"] == "1e-4/day"
        np.testing.assert_allclose(cdr.values, ds["crude_death_rate"].mean("time").values, rtol=1e-9)
        np.testing.assert_allclose(ds["outcome_peak_under5_gam"].values, ds["under5_gam"].max("time").values)
        emergency = (ds["ipc_phase"] >= 4).sum("time")
        days = ds["outcome_days_ipc_emergency"].values  # "days": xarray reads it as a duration
        np.testing.assert_array_equal(days / np.timedelta64(1, "D"), emergency.values)
    with xr.open_dataset(path, group="events") as events:
        assert events["arm"].attrs["flag_meanings"].split() == ["hold", "drop"]


def test_info_describes_a_comparison_file_arm_by_arm(comparison):
    path, _ = comparison
    info = siege("info", path).stdout
    assert "dimensions arm=2, run=4, time=90" in info
    assert "Waer [hold]:" in info and "Waer [drop]:" in info


def test_arms_must_be_two_distinct_declared_policies(tmp_path):
    for arms, message in (("hold", "needs two or more"), ("hold,hold", "appears twice"), ("hold,,drop", "empty arm"),
                          ("hold,dorp", "dorp")):
        result = siege("compare", WAER, "--arms", arms, "-n", 1, "-o", tmp_path / "x.h5", check=False)
        assert result.returncode == 2, arms
        assert message in result.stderr, (arms, result.stderr)
        assert not (tmp_path / "x.h5").exists()


def test_branched_arms_are_identical_before_the_branch_day(tmp_path):
    path = tmp_path / "branched.h5"
    stdout = siege("compare", WAER, "--arms", "hold,drop", "-n", 2, "--days", 90, "--branch-day", 50,
                   "-o", path).stdout
    assert "one shared history under hold up to day 50" in stdout
    with xr.open_dataset(path) as ds:
        assert int(ds.attrs["branch_day"]) == 50
        daily = [name for name, v in ds.data_vars.items() if "time" in v.dims]
        assert len(daily) > 40
        before = ds.isel(time=slice(0, 50))
        after = ds.isel(time=slice(50, None))
        for name in daily:
            np.testing.assert_array_equal(before[name].sel(arm="hold").values, before[name].sel(arm="drop").values,
                                          err_msg=name)
        assert not np.array_equal(after["negotiation_state"].sel(arm="hold").values,
                                  after["negotiation_state"].sel(arm="drop").values)


def test_a_branch_day_outside_the_run_is_bad_input(tmp_path):
    result = siege("compare", WAER, "--arms", "hold,drop", "-n", 1, "--days", 30, "--branch-day", 30,
                   "-o", tmp_path / "x.h5", check=False)
    assert result.returncode == 2 and "--branch-day" in result.stderr and "between 1 and 29" in result.stderr


def test_a_run_resumed_from_its_checkpoint_writes_the_same_file(tmp_path):
    import h5py
    full = tmp_path / "full.h5"
    out = siege("run", WAER, "--policy", "drop", "--replicates", 2, "--days", 90, "--checkpoint-at", 45, "-o", full)
    checkpoint = tmp_path / "full-day45.checkpoint"
    assert str(checkpoint.name) in out.stdout and checkpoint.is_file()
    resumed = tmp_path / "resumed.h5"
    siege("run", WAER, "--policy", "drop", "--days", 90, "--resume-from", checkpoint, "-o", resumed)

    def datasets(group, prefix=""):
        for name, item in group.items():
            if isinstance(item, h5py.Group):
                yield from datasets(item, prefix + name + "/")
            else:
                yield prefix + name, item[()]

    with h5py.File(full) as a, h5py.File(resumed) as b:
        left, right = dict(datasets(a)), dict(datasets(b))
        assert left.keys() == right.keys()
        for name in left:
            np.testing.assert_array_equal(left[name], right[name], err_msg=name)
    # Other days, or a damaged file: refused, exit 2, nothing written.
    result = siege("run", WAER, "--policy", "drop", "--days", 80, "--resume-from", checkpoint, "-o", tmp_path / "x.h5",
                   check=False)
    assert result.returncode == 2 and "policy drop, seed 2017, 90 days" in result.stderr
    damaged = tmp_path / "damaged.checkpoint"
    damaged.write_bytes(checkpoint.read_bytes()[:1000])
    result = siege("run", WAER, "--policy", "drop", "--days", 90, "--resume-from", damaged, "-o", tmp_path / "x.h5",
                   check=False)
    assert result.returncode == 2 and "damaged" in result.stderr
    assert not (tmp_path / "x.h5").exists()


def test_a_checkpoint_resumed_under_another_policy_branches_like_compare(tmp_path):
    # Under hold until day 40, then the committee drops the condition: the same as compare's branch.
    siege("run", WAER, "--policy", "hold", "--replicates", 2, "--days", 90, "--checkpoint-at", 40,
          "-o", tmp_path / "hold.h5")
    branched = tmp_path / "branched.h5"
    out = siege("run", WAER, "--policy", "drop", "--days", 90, "--resume-from", tmp_path / "hold-day40.checkpoint",
                "-o", branched).stdout
    assert "policy hold until then, drop from then on" in out
    compared = tmp_path / "compared.h5"
    siege("compare", WAER, "--arms", "hold,drop", "-n", 2, "--days", 90, "--branch-day", 40, "-o", compared)
    with xr.open_dataset(branched) as run, xr.open_dataset(compared) as arms:
        for name in ("population", "evacuated", "negotiation_state", "strikes", "mean_nutrition"):
            np.testing.assert_array_equal(run[name].values, arms[name].sel(arm="drop").values, err_msg=name)
        assert int(run["evacuated"].sel(pocket="Waer").isel(time=-1).min()) > 0
