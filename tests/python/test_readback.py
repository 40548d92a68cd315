"""Run files read back with Debian's xarray (both engines) and h5py, as users will read them."""
import datetime

import h5py
import numpy as np
import pytest
import xarray as xr

from conftest import SOURCE


@pytest.mark.parametrize("engine", ["netcdf4", "h5netcdf"])
def test_opens_with_named_dimensions_and_cf_time(classroom_file, engine):
    with xr.open_dataset(classroom_file, engine=engine) as ds:
        assert dict(ds.sizes) == {"run": 2, "time": 240, "pocket": 1, "cause": 4, "age_band": 3, "sex": 2,
                                  "town": 3}
        assert ds.population.dims == ("run", "time", "pocket")
        assert ds.deaths.dims == ("run", "time", "pocket", "cause")
        assert ds.town_population.dims == ("run", "time", "town")
        assert list(ds.cause.values) == ["malnutrition", "other", "bombardment", "disease_or_injury"]
        assert list(ds.pocket.values) == ["District"]
        assert np.issubdtype(ds.time.dtype, np.datetime64)
        assert str(ds.time.values[0])[:10] == "2016-03-01"
        assert str(ds.time.values[-1])[:10] == str(datetime.date(2016, 3, 1) + datetime.timedelta(days=239))
        for name in ["population", "deaths", "food_stock", "food_price_multiple", "aid_trucks",
                     "mean_nutrition", "share_malnourished"]:
            assert name in ds.data_vars


def test_every_variable_has_units_and_long_name(classroom_file):
    with xr.open_dataset(classroom_file, decode_times=False) as ds:
        for name, variable in ds.variables.items():
            assert variable.attrs.get("units"), name
            assert variable.attrs.get("long_name"), name
        assert ds.time.attrs["units"] == "days since 2016-03-01"
        assert ds.population.attrs["units"] == "persons"
        assert ds.food_stock.attrs["units"] == "person-days"
        assert ds.checkpoint_open.attrs["flag_meanings"] == "closed open"
        assert list(ds.checkpoint_open.attrs["flag_values"]) == [0, 1]
    with xr.open_dataset(classroom_file, group="events", decode_times=False) as events:
        for name, variable in events.variables.items():
            assert variable.attrs.get("units"), name
            assert variable.attrs.get("long_name"), name


def test_file_embeds_scenario_seed_policy_and_version(classroom_file):
    scenario_text = (SOURCE / "scenarios" / "classroom.yaml").read_text()
    with xr.open_dataset(classroom_file) as ds:
        assert ds.attrs["scenario_yaml"] == scenario_text
        assert ds.attrs["scenario_name"] == "Besieged district (classroom)"
        assert ds.attrs["seed"] == 42
        assert ds.attrs["policy"] == "baseline"
        assert ds.attrs["siege_version"]
        assert ds.attrs["git_commit"]
        assert ds.attrs["Conventions"] == "CF-1.8"
        assert ds.attrs["days"] == 240
        assert ds.attrs["persons"] == 5000


def test_nobody_is_lost_between_days(classroom_file):
    with xr.open_dataset(classroom_file) as ds:
        dead = ds.deaths.sum("cause").cumsum("time")
        assert (ds.population + dead == ds.initial_population).all()
        assert (ds.town_population.sum("town") == ds.population.sel(pocket="District")).all()
        assert int(ds.deaths.sel(cause="malnutrition").sum()) > 0


def test_famine_measures_are_the_fields_rates(classroom_file):
    # The classroom pocket is closed (nobody comes or goes), so those at each day's meal are the
    # living of the day before less those the morning's strikes killed.
    with xr.open_dataset(classroom_file) as ds:
        pocket = ds.sel(pocket="District")
        assert pocket.crude_death_rate.attrs["units"] == "1e-4/day"
        at_meal = (pocket.population.shift(time=1).fillna(pocket.initial_population) -
                   pocket.deaths.sel(cause="bombardment"))
        expected = 1e4 * pocket.deaths.sum("cause") / at_meal
        np.testing.assert_allclose(pocket.crude_death_rate, expected, rtol=1e-12)
        assert float(pocket.crude_death_rate.max()) > 0
        for name in ("under5_gam", "under5_sam"):
            assert ((pocket[name] >= 0) & (pocket[name] <= 1)).all()
        assert (pocket.under5_sam <= pocket.under5_gam).all()
        # Children are fed first there, so the wasted are the grown-ups (under-5 GAM is checked on
        # hand-built cases in the C++ tests).
        assert float(pocket.share_malnourished.max()) > 0, "the classroom pocket starves: some are wasted"
        assert (pocket.under5_death_rate >= 0).all()
        # The IPC phase: 20 % of households in gaps at least crisis, in large gaps at least
        # emergency; famine only with extreme gaps and GAM of 30 % together.
        phase = pocket.ipc_phase
        assert phase.attrs["flag_meanings"].split() == ["empty", "minimal", "stressed", "crisis", "emergency", "famine"]
        assert ((phase >= 1) & (phase <= 5)).all()
        assert bool((phase >= 3).where(pocket.households_food_gap >= 0.2, True).all())
        assert bool((phase >= 4).where(pocket.households_large_food_gap >= 0.2, True).all())
        assert bool((phase >= 3).where(pocket.under5_gam >= 0.10, True).all())
        famine = phase == 5
        assert bool(((pocket.households_extreme_food_gap >= 0.2) & (pocket.under5_gam >= 0.3)).where(famine, True).all())
        assert int((phase >= 3).sum()) > 0, "the classroom pocket starves into crisis"
        for name in ("households_food_gap", "households_large_food_gap", "households_extreme_food_gap"):
            assert ((pocket[name] >= 0) & (pocket[name] <= 1)).all()
        assert (pocket.households_extreme_food_gap <= pocket.households_large_food_gap).all()
        assert (pocket.households_large_food_gap <= pocket.households_food_gap).all()
        # Deaths by cause, age band and sex add up to the deaths by cause.
        by_group = ds.deaths_by_age_sex
        assert by_group.dims == ("run", "time", "pocket", "cause", "age_band", "sex")
        assert list(ds.age_band.values) == ["child", "adult", "elderly"] and list(ds.sex.values) == ["female", "male"]
        assert (by_group.sum(["age_band", "sex"]) == ds.deaths).all()
        assert int(by_group.sel(cause="malnutrition", age_band="elderly").sum()) > 0


def test_runs_differ_but_start_alike(classroom_file):
    with xr.open_dataset(classroom_file) as ds:
        a, b = ds.population.isel(run=0), ds.population.isel(run=1)
        assert not a.equals(b)
        assert int(ds.initial_population.sum()) == 5000


def test_events_group_tells_what_happened(classroom_file):
    with xr.open_dataset(classroom_file, group="events") as events:
        kinds = dict(zip(events.kind.attrs["flag_meanings"].split(), events.kind.attrs["flag_values"]))
        assert {"aid_requested", "aid_arrived", "checkpoint_closed", "checkpoint_opened"} <= set(kinds)
        closed = events.time.values[(events.kind == kinds["checkpoint_closed"]).values & (events.run == 0).values]
        assert [str(t)[:10] for t in closed] == ["2016-04-30"]  # day 60 of the scenario
        arrived = (events.kind == kinds["aid_arrived"]) & (events.run == 0)
    with xr.open_dataset(classroom_file) as ds:
        assert int(events.value[arrived].sum()) == int(ds.aid_trucks.isel(run=0).sum())


def test_dimensions_are_real_hdf5_dimension_scales(classroom_file):
    with h5py.File(classroom_file, "r") as f:
        for name in ["run", "time", "pocket", "cause", "age_band", "sex", "town"]:
            assert h5py.h5ds.is_scale(f[name].id), name
        assert [d[0].name for d in f["deaths"].dims] == ["/run", "/time", "/pocket", "/cause"]
        assert [d[0].name for d in f["deaths_by_age_sex"].dims] == ["/run", "/time", "/pocket", "/cause", "/age_band",
                                                                     "/sex"]
        assert h5py.h5ds.is_scale(f["events"]["event"].id)
