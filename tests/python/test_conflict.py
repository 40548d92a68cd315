"""Waer under hold, drop and phased, as a user reads the files: different trajectories, and an event
log that explains them in words."""
import numpy as np
import pytest
import xarray as xr

from conftest import SOURCE, siege

WAER = SOURCE / "scenarios" / "waer.yaml"
STATES = "siege talks ceasefire escalation surrender ended unbesieged".split()


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("waer")
    files = {}
    for policy in ("hold", "drop", "phased"):
        files[policy] = folder / f"waer-{policy}.h5"
        result = siege("run", WAER, "--policy", policy, "-o", files[policy])
        assert f"policy {policy}" in result.stdout
    return files


def test_policy_and_conflict_variables_are_self_describing(runs):
    with xr.open_dataset(runs["drop"]) as ds:
        assert ds.attrs["policy"] == "drop"
        assert "policies:" in ds.attrs["scenario_yaml"]
        state = ds["negotiation_state"]
        assert state.attrs["flag_meanings"].split() == STATES
        assert list(state.attrs["flag_values"]) == list(range(len(STATES)))
        for name in ("strikes", "injured", "evacuated", "detainees_held", "detainees_released",
                     "detainees_died", "fighters", "morale", "arrivals"):
            assert ds[name].attrs["units"] and ds[name].attrs["long_name"], name
        assert "arrivals from Waer" in list(ds.town.values)


def test_hold_and_drop_tell_different_stories(runs):
    with xr.open_dataset(runs["hold"]) as hold, xr.open_dataset(runs["drop"]) as drop:
        waer_hold = hold.sel(pocket="Waer", run=0)
        waer_drop = drop.sel(pocket="Waer", run=0)
        # Drop: surrender in March, then the buses; the destination receives everyone evacuated.
        assert (waer_drop.negotiation_state == STATES.index("surrender")).any()
        assert int(waer_drop.evacuated[-1]) > 10000
        assert int(drop.arrivals.sel(pocket="Idlib countryside", run=0).sum()) == int(waer_drop.evacuated[-1])
        # Hold: no agreement, no evacuation, and more strikes.
        assert int(waer_hold.evacuated[-1]) == 0
        assert not (waer_hold.negotiation_state == STATES.index("ceasefire")).any()
        assert int(waer_hold.strikes.sum()) > int(waer_drop.strikes.sum())
        # The list stays held: releases are nowhere near 7,360.
        assert int(waer_hold.detainees_released.sum()) < 0.05 * 7360


def test_events_explain_the_story_in_words(runs):
    with xr.open_dataset(runs["hold"], group="events") as hold, xr.open_dataset(runs["drop"], group="events") as drop:
        kinds = hold.kind.attrs["flag_meanings"].split()
        code = dict(zip(kinds, hold.kind.attrs["flag_values"]))
        hold_reasons = [str(r) for r in hold.reason.values]
        assert any("it holds out for 25% of the list" in r for r in hold_reasons)
        assert (hold.kind == code["offer_rejected"]).any()
        drop_reasons = [str(r) for r in drop.reason.values]
        assert any("dropped the release condition" in r for r in drop_reasons)
        batches = drop.where(drop.kind == code["evacuation_batch"], drop=True)
        # The deal's terms (first buses 5 days after it, a batch a week of up to 1,500) give Waer's
        # documented pattern: about a dozen batches, a week apart (calibration W2, W7, W9).
        assert 8 <= batches.sizes["event"] <= 14
        gaps = (batches.time.values[1:] - batches.time.values[:-1]) / np.timedelta64(1, "D")
        assert set(gaps) == {7}
        assert int(batches.value.max()) <= 1500 + 30
        assert all("persons on" in str(r) and "Idlib countryside" in str(r) for r in batches.reason.values)
        signed = drop.where(drop.kind == code["agreement_signed"], drop=True)
        assert (signed.agreement >= 0).all()


def test_phased_frees_detainees_step_by_step(runs):
    # Phased asks for no share up front: it signs what it values more than waiting, and each step of
    # the surrender (its taking force, then the buses) waits for a tranche of releases.
    with xr.open_dataset(runs["phased"]) as phased, xr.open_dataset(runs["drop"]) as drop, \
            xr.open_dataset(runs["phased"], group="events") as events:
        waer = phased.sel(pocket="Waer", run=0)
        released = int(waer.detainees_released.sum())
        assert released >= 100
        assert int(drop.sel(pocket="Waer", run=0).detainees_released.sum()) == 0
        assert int(waer.evacuated[-1]) > 10000
        kinds = events.kind.attrs["flag_meanings"].split()
        code = dict(zip(kinds, events.kind.attrs["flag_values"]))
        signed = [str(r) for r in events.where(events.kind == code["agreement_signed"], drop=True).reason.values]
        assert signed and "the committee asks for" in signed[0] and "a deal is worth up to" in signed[0]
        first_release = events.where(events.kind == code["releases"], drop=True).time.values.min()
        in_force = events.where(events.kind == code["agreement_in_force"], drop=True).time.values.min()
        assert first_release < in_force, "the first tranche comes before the surrender takes force"


def test_unknown_policy_is_bad_input(tmp_path):
    out = tmp_path / "x.h5"
    result = siege("run", WAER, "--policy", "hodl", "-o", out, check=False)
    assert result.returncode == 2
    assert "there is no policy 'hodl' (did you mean 'hold'?)" in result.stderr
    assert not out.exists()
