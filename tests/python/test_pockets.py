"""Many pockets in one file, as a user reads it: support for the release condition, demonstrations,
mediators' pressure per pocket, and evacuees flowing from the pockets that surrender into the one
that receives them."""
import numpy as np
import pytest
import xarray as xr

from conftest import SOURCE, siege

FOUR_ZONES = SOURCE / "tests" / "scenarios" / "four_zones.yaml"


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("zones") / "four_zones.h5"
    siege("run", FOUR_ZONES, "-o", path, "--replicates", 2, "--quiet")
    return path


def test_opinion_and_mediation_variables_describe_themselves(run_file):
    with xr.open_dataset(run_file) as ds:
        for name in ("support_release_condition", "support_above_half", "demonstrations", "mediator_pressure",
                     "committee_policy", "arrivals", "town_support_release_condition"):
            assert ds[name].attrs["units"] and ds[name].attrs["long_name"], name
        assert ds["committee_policy"].attrs["flag_meanings"].split() == ["hold", "drop", "phased"]
        support = ds["support_release_condition"]
        assert float(support.min()) >= 0.0 and float(support.max()) <= 1.0
        share = ds["support_above_half"]
        assert float(share.min()) >= 0.0 and float(share.max()) <= 1.0
        assert int(ds["demonstrations"].sum()) > 0


def test_the_mediator_splits_its_pressure_as_declared(run_file):
    with xr.open_dataset(run_file) as ds:
        first_day = ds["mediator_pressure"].isel(run=0, time=0)
        expected = {"South": 0.8 * 0.5, "Ghouta": 0.8 * 0.3, "North": 0.8 * 0.2, "Outside": 0.0}
        for pocket, pressure in expected.items():
            assert float(first_day.sel(pocket=pocket)) == pytest.approx(pressure)


def test_evacuees_leaving_equal_evacuees_arriving(run_file):
    with xr.open_dataset(run_file) as ds:
        for run in range(ds.sizes["run"]):
            one = ds.isel(run=run)
            left = int(one["evacuated"].isel(time=-1).sum())
            arrived = int(one["arrivals"].sum())
            assert left > 0
            assert arrived == left
            assert int(one["arrivals"].sel(pocket=["South", "Ghouta", "Outside"]).sum()) == 0
            # The destination's daily arrivals are the other pockets' daily departures on buses.
            daily_left = one["evacuated"].diff("time").sum("pocket")
            np.testing.assert_array_equal(one["arrivals"].sel(pocket="North").isel(time=slice(1, None)), daily_left)


def test_a_committee_that_follows_its_residents_says_why_it_dropped_the_condition(run_file):
    with xr.open_dataset(run_file) as ds:
        policy = ds["committee_policy"].sel(pocket="South", run=0)
        assert int(policy.isel(time=0)) == 0 and int(policy.isel(time=-1)) == 1
    with xr.open_dataset(run_file, group="events") as lazy:
        events = lazy.load()
        kinds = dict(zip(events.kind.attrs["flag_meanings"].split(), events.kind.attrs["flag_values"]))
        changed = events.where(events.kind == kinds["policy_changed"], drop=True)
        assert changed.sizes["event"] >= 1
        assert all("support for holding the release condition stayed under 45%" in str(r) for r in changed.reason.values)
