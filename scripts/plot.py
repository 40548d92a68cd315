#!/usr/bin/env python3
"""Publication figures from siege files (Debian's python3-matplotlib and python3-xarray).

    scripts/plot.py output/waer-hold.h5                 # a run file: one panel of time series
    scripts/plot.py output/waer-hold-vs-drop.h5         # a compare file: fan charts and paired differences
    scripts/plot.py FILE.h5 --pocket Waer -o figures/   # choose the pocket and the folder

A run file gives FILE-timeseries.png: population, deaths by cause, food price, aid, strikes and support
for the release condition, each the mean over runs with the 5-95 % band of the runs when there are
several. A compare file gives FILE-fan.png (each arm's median with its 50 % and 90 % bands over
replicates), FILE-outcomes.png (the costs and gains of each arm over the whole run side by side:
deaths by cause, the death rate, people evacuated and the deaths where they went, arrests and
conscription after a surrender, detainees released, still held and dead in detention, days under
siege; each arm's median with the 5-95 % of its replicates) and FILE-difference.png (the paired
difference, second arm minus first, over time and for each whole-run outcome). Titles name the
scenario, pocket and policy; axes carry the file's units. No figure marks an arm better: the user
weighs the costs against the gains.
The figures show a model's consequences under stated assumptions, not a forecast.
"""
import argparse
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import xarray as xr  # noqa: E402

ARM_COLOURS = ["#1f5aa6", "#c0392b", "#2e8b57", "#8e44ad"]
CAUSE_COLOURS = {"malnutrition": "#d35400", "other": "#7f8c8d", "bombardment": "#c0392b",
                 "disease_or_injury": "#8e44ad"}
NOT_A_FORECAST = "Exploratory model output under stated assumptions; not a forecast."


def label(var):
    units = var.attrs.get("units", "")
    name = var.attrs.get("long_name", var.name)
    return f"{name} [{units}]" if units and units != "1" else name


UNITS = {"1": "share", "persons": "persons", "trucks": "trucks", "strikes": "strikes"}


def axis_label(name, var):
    if name == "Food price":
        return "× the price outside the siege"
    if name.startswith("Support"):
        return "mean support (0 to 1)"
    units = var.attrs.get("units", "")
    return UNITS.get(units, units)


def pick_pocket(ds, wanted):
    pockets = [str(p) for p in ds.pocket.values]
    if wanted:
        if wanted not in pockets:
            sys.exit(f"plot.py: no pocket '{wanted}' in the file (it has: {', '.join(pockets)})")
        return wanted
    state = ds["negotiation_state"]
    for pocket in pockets:  # the first pocket under siege, else the first
        if (state.sel(pocket=pocket) != 6).any():
            return pocket
    return pockets[0]


def panels(ds, pocket):
    """The series each figure shows: (title, DataArray over [arm,] run, time)."""
    one = ds.sel(pocket=pocket)
    series = [
        ("Population", one["population"]),
        ("Deaths (cumulative)", one["deaths"].sum("cause").cumsum("time").assign_attrs(
            long_name="deaths since day 0, all causes", units="persons")),
        ("Food price", one["food_price_multiple"]),
        ("Aid trucks (cumulative)", one["aid_trucks"].cumsum("time").assign_attrs(
            long_name="aid trucks unloaded since day 0", units="trucks")),
        ("Strikes (cumulative)", one["strikes"].cumsum("time").assign_attrs(
            long_name="strikes since day 0", units="strikes")),
        ("Support for the release condition", one["support_release_condition"]),
    ]
    return series


def date_axis(ax):
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))


def fan(ax, time, sample, colour, label):
    """Median of `sample` over runs, with its 50 % and 90 % bands."""
    q = sample.quantile([0.05, 0.25, 0.5, 0.75, 0.95], dim="run").values
    ax.fill_between(time, q[0], q[4], color=colour, alpha=0.15, linewidth=0)
    ax.fill_between(time, q[1], q[3], color=colour, alpha=0.3, linewidth=0)
    ax.plot(time, q[2], color=colour, label=f"{label}: median, 50 % and 90 % bands")


def finish_panel(ax, name, var):
    ax.set_title(name)
    ax.set_ylabel(axis_label(name, var))
    date_axis(ax)
    ax.legend(fontsize=7, loc="best")


def title(ds, pocket, what):
    return f"{ds.attrs.get('scenario_name', 'siege')} — {pocket} — {what}"


def save(fig, path, heading):
    fig.supxlabel(NOT_A_FORECAST, fontsize=8, color="#555555")
    fig.savefig(path, dpi=120, metadata={"Title": heading, "Software": "siege scripts/plot.py"})
    plt.close(fig)
    print(f"wrote {path}")


def plot_run(ds, pocket, out):
    heading = title(ds, pocket, f"policy {ds.attrs.get('policy', '?')}, {ds.sizes['run']} run(s)")
    fig, axes = plt.subplots(3, 2, figsize=(12, 10), sharex=True, constrained_layout=True)
    time = ds["time"].values
    for ax, (name, var) in zip(axes.flat, panels(ds, pocket)):
        mean = var.mean("run")
        if ds.sizes["run"] > 1:
            low, high = var.quantile([0.05, 0.95], dim="run").values
            ax.fill_between(time, low, high, color="#1f5aa6", alpha=0.2, linewidth=0, label="5–95 % of runs")
        ax.plot(time, mean.values, color="#1f5aa6", label="mean over runs")
        if name.startswith("Deaths"):
            by_cause = ds["deaths"].sel(pocket=pocket).mean("run").cumsum("time")
            for cause in ds.cause.values:
                ax.plot(time, by_cause.sel(cause=cause).values, lw=1, ls="--",
                        color=CAUSE_COLOURS.get(str(cause), "#333333"), label=str(cause))
        finish_panel(ax, name, var)
    fig.suptitle(heading)
    save(fig, out / f"{out_stem}-timeseries.png", heading)


def plot_compare(ds, pocket, out):
    arms = [str(a) for a in ds.arm.values]
    heading = title(ds, pocket, f"{' vs '.join(arms)}, {ds.sizes['run']} paired replicates")
    time = ds["time"].values
    fig, axes = plt.subplots(3, 2, figsize=(12, 10), sharex=True, constrained_layout=True)
    for ax, (name, var) in zip(axes.flat, panels(ds, pocket)):
        for i, arm in enumerate(arms):
            fan(ax, time, var.sel(arm=arm), ARM_COLOURS[i % len(ARM_COLOURS)], arm)
        finish_panel(ax, name, var)
    fig.suptitle(heading)
    save(fig, out / f"{out_stem}-fan.png", heading)

    plot_outcomes(ds, pocket, out)
    if len(arms) < 2:
        return
    first, second = arms[0], arms[1]
    heading = title(ds, pocket, f"paired difference {second} − {first}, {ds.sizes['run']} replicates")
    fig, axes = plt.subplots(1, 2, figsize=(13, 5), constrained_layout=True)
    ax = axes[0]
    for (name, var), colour in zip(panels(ds, pocket)[1:2], ["#c0392b"]):
        fan(ax, time, var.sel(arm=second) - var.sel(arm=first), colour, name)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_title(f"{second} − {first} over time (same seed and run)")
    ax.set_ylabel("persons")
    date_axis(ax)
    ax.legend(fontsize=8)
    ax = axes[1]
    names, samples = [], []
    for n in [n for n in ds.data_vars if n.startswith("outcome_") and "arm" in ds[n].dims]:
        values = (ds[n].sel(pocket=pocket, arm=second) - ds[n].sel(pocket=pocket, arm=first)).values
        values = values[np.isfinite(values)]
        if values.size and np.ptp(np.append(values, 0)) > 0:
            names.append(n[len("outcome_"):].replace("_", " "))
            scale = np.abs(values).max() or 1.0
            samples.append(values / scale)
    if samples:
        ax.boxplot(samples, vert=False, labels=names, whis=(5, 95))
    ax.axvline(0, color="black", lw=0.8)
    ax.set_title(f"whole-run outcomes, {second} − {first} (scaled)")
    ax.set_xlabel("paired difference ÷ its largest absolute value; box 25–75 %, whiskers 5–95 %")
    fig.suptitle(heading)
    save(fig, out / f"{out_stem}-difference.png", heading)


# The costs and gains of item 5 of issue 18, in the order a reader weighs them.
OUTCOMES = ["civilian_deaths", "deaths_malnutrition", "deaths_bombardment", "mean_crude_death_rate", "evacuated",
            "arrested", "conscripted", "detainees_released", "detainees_still_held", "detainees_died",
            "days_under_siege"]


def destination_of(ds, pocket):
    """The pocket that received the most evacuees from the others, if any."""
    if "outcome_arrivals" not in ds:
        return None
    arrivals = ds["outcome_arrivals"].sum(["arm", "run"])
    best = str(arrivals.idxmax("pocket").values)
    return best if best != pocket and float(arrivals.max()) > 0 else None


def plot_outcomes(ds, pocket, out):
    arms = [str(a) for a in ds.arm.values]
    panels_ = [(f"outcome_{n}", pocket) for n in OUTCOMES if f"outcome_{n}" in ds]
    destination = destination_of(ds, pocket)
    if destination:
        panels_.append(("outcome_civilian_deaths", destination))
    heading = title(ds, pocket, f"costs and gains of each arm, whole run, {ds.sizes['run']} paired replicates")
    columns = 4
    rows = -(-len(panels_) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(14, 2.8 * rows), constrained_layout=True, squeeze=False)
    for ax, (name, where) in zip(axes.flat, panels_):
        var = ds[name].sel(pocket=where)
        for i, arm in enumerate(arms):
            values = var.sel(arm=arm).values
            values = values[np.isfinite(values)]
            if not values.size:
                continue
            low, median, high = np.percentile(values, [5, 50, 95])
            ax.errorbar([i], [median], yerr=[[median - low], [high - median]], fmt="o", capsize=4,
                        color=ARM_COLOURS[i % len(ARM_COLOURS)])
        ax.set_xticks(range(len(arms)), arms)
        ax.set_xlim(-0.6, len(arms) - 0.4)
        what = var.attrs.get("long_name", name).replace(" (whole run)", "")
        ax.set_title(what if where == pocket else f"{what}, destination {where}", fontsize=9)
        units = var.attrs.get("units", "")
        ax.set_ylabel(UNITS.get(units, units), fontsize=8)
        ax.grid(axis="y", alpha=0.3)
    for ax in list(axes.flat)[len(panels_):]:
        ax.axis("off")
    fig.suptitle(heading + "\nmedian and 5-95 % of replicates; no arm is marked better", fontsize=10)
    save(fig, out / f"{out_stem}-outcomes.png", heading)


def main():
    global out_stem
    parser = argparse.ArgumentParser(description="PNG figures from a siege run or compare file.")
    parser.add_argument("file", type=pathlib.Path, help="a run file (siege run) or a compare file (siege compare)")
    parser.add_argument("-o", "--output", type=pathlib.Path, help="folder for the figures (default: beside the file)")
    parser.add_argument("--pocket", help="the pocket to show (default: the first under siege)")
    args = parser.parse_args()
    if not args.file.is_file():
        sys.exit(f"plot.py: {args.file}: no such file")
    out = args.output or args.file.parent
    out.mkdir(parents=True, exist_ok=True)
    out_stem = args.file.stem
    # Durations in days (days under siege) are counts here, not time spans to decode.
    with xr.open_dataset(args.file, decode_timedelta=False) as ds:
        if "population" not in ds:
            sys.exit(f"plot.py: {args.file} is not a siege run or compare file (sweep files hold no daily series)")
        pocket = pick_pocket(ds, args.pocket)
        if "arm" in ds.dims:
            plot_compare(ds, pocket, out)
        else:
            plot_run(ds, pocket, out)


out_stem = "siege"

if __name__ == "__main__":
    main()
