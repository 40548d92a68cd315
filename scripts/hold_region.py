#!/usr/bin/env python3
"""Where holding the release condition wins releases, and what it costs: a table from a sweep file
whose arms include hold (and, to price it, drop) over its parameters (Debian's python3-xarray).

    siege sweep tests/sweeps/waer_hold_region.yaml --scenario scenarios/waer.yaml -o output/waer_hold_region.h5
    scripts/hold_region.py output/waer_hold_region.h5 [--pocket Waer]

One row per grid point: the share of replicates in which the committee won any release under hold,
the median releases, and the median civilian deaths under hold and under drop in the same
replicates (common random numbers): their difference is what holding cost in lives at that point.
The table shows the model's consequences under stated assumptions, not a forecast.
"""
import argparse
import sys

import numpy as np
import xarray as xr


def region(path, pocket=None):
    """Rows (parameter values..., share with releases, median released, deaths under hold, under drop)."""
    with xr.open_dataset(path) as ds:
        arms = list(ds["arm"].attrs["flag_meanings"].split())
        if "hold" not in arms:
            raise SystemExit(f"{path}: the sweep has no hold arm (arms: {', '.join(arms)})")
        pockets = list(ds["pocket"].values)
        p = pockets.index(pocket) if pocket else 0
        keys = [name for name in ds.data_vars if ds[name].dims == ("run",) and name not in
                ("point", "arm", "replicate", "run_id", "error")]
        point, arm = ds["point"].values, ds["arm"].values
        released = ds["outcome_detainees_released"].values[:, p]
        deaths = ds["outcome_civilian_deaths"].values[:, p]
        hold, drop = arms.index("hold"), arms.index("drop") if "drop" in arms else -1
        rows = []
        for k in np.unique(point):
            at_hold = (point == k) & (arm == hold)
            at_drop = (point == k) & (arm == drop)
            values = [float(ds[key].values[at_hold][0]) for key in keys]
            rows.append(values + [float(np.mean(released[at_hold] > 0)), float(np.median(released[at_hold])),
                                  float(np.median(deaths[at_hold])),
                                  float(np.median(deaths[at_drop])) if at_drop.any() else float("nan")])
        return keys, rows, pockets[p]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep", help="a sweep file (siege sweep -o)")
    parser.add_argument("--pocket", help="the pocket (default: the first)")
    args = parser.parse_args(argv)
    keys, rows, pocket = region(args.sweep, args.pocket)
    header = keys + ["hold: share with releases", "hold: released (median)", "civilian deaths, hold",
                     "civilian deaths, drop"]
    print(f"{pocket}: where holding the condition wins releases, and its cost in lives\n")
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for row in rows:
        cells = [f"{v:g}" for v in row[:len(keys)]] + [f"{row[-4]:.2f}", f"{row[-3]:.0f}", f"{row[-2]:.0f}",
                                                       "-" if np.isnan(row[-1]) else f"{row[-1]:.0f}"]
        print("| " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
