#!/usr/bin/env python3
"""Compare two builds' speed: flags any figure that got more than 10 % slower.

Either give two JSON files written by `siege bench --json FILE`, or two `siege` binaries, which are
then run in turns (A, B, A, B, ...) on the same scenario so that a busy machine slows both alike:

    scripts/bench_compare.py old.json new.json
    scripts/bench_compare.py --binaries old/siege new/siege [--rounds 3] [-- siege bench options]

Exit status: 0 if nothing slowed down beyond the threshold, 1 if something did, 2 on bad input.
For developers; not run in CI (timings there mean nothing).
"""
import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from statistics import median


def figures(bench):
    """Person-days per second and seconds per stage, by thread count."""
    out = {}
    for result in bench["results"]:
        threads = result["threads"]
        out[(threads, "person-days/s")] = (result["person_days_per_second"], "higher")
        out[(threads, "output s")] = (result["output_seconds"], "lower")
        for stage, seconds in result["stage_seconds"].items():
            out[(threads, f"{stage} s")] = (seconds, "lower")
    return out


def run_bench(binary, options):
    """One `binary bench` run; its JSON figures."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "bench.json"
        subprocess.run([binary, "bench", *options, "--json", str(path)], check=True, stdout=subprocess.DEVNULL)
        return json.loads(path.read_text())


def compare(old, new, threshold, min_seconds):
    """Prints a table; returns the number of figures that got slower by more than `threshold`."""
    if old["scenario"] != new["scenario"] or old["persons"] != new["persons"] or old["days"] != new["days"]:
        print(f"note: the runs differ: {old['scenario']} ({old['persons']} x {old['days']}) vs "
              f"{new['scenario']} ({new['persons']} x {new['days']})")
    a, b = figures(old), figures(new)
    slower = 0
    print(f"{'threads':>7}  {'figure':<20} {'old':>12} {'new':>12} {'change':>8}")
    for key in sorted(a.keys() & b.keys(), key=lambda k: (k[0], k[1] != "person-days/s", k[1])):
        (x, better), (y, _) = a[key], b[key]
        if better == "lower" and max(x, y) < min_seconds:
            continue  # too short to time
        change = (y - x) / x if x else 0.0
        worse = change < -threshold if better == "higher" else change > threshold
        slower += worse
        flag = "  SLOWER" if worse else ""
        print(f"{key[0]:>7}  {key[1]:<20} {x:12.4g} {y:12.4g} {100 * change:+7.1f}%{flag}")
    return slower


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", help="JSON from `siege bench --json`, or with --binaries the old siege")
    parser.add_argument("new", help="the same for the new build")
    parser.add_argument("--binaries", action="store_true", help="old and new are siege binaries to run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each binary, in turns (default 3)")
    parser.add_argument("--threshold", type=float, default=0.10, help="slowdown that is flagged (default 0.10)")
    parser.add_argument("--min-seconds", type=float, default=0.05,
                        help="stages shorter than this in both builds are not compared (default 0.05)")
    argv = sys.argv[1:]
    bench_options = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    try:
        if args.binaries:
            old_runs, new_runs = [], []
            for _ in range(args.rounds):
                old_runs.append(run_bench(args.old, bench_options))
                new_runs.append(run_bench(args.new, bench_options))
            old, new = (merge_medians(old_runs), merge_medians(new_runs))
        else:
            old, new = (json.loads(Path(p).read_text()) for p in (args.old, args.new))
    except (OSError, ValueError, KeyError, subprocess.CalledProcessError) as error:
        print(f"bench_compare: {error}", file=sys.stderr)
        return 2
    slower = compare(old, new, args.threshold, args.min_seconds)
    print(f"{slower} figure(s) slower by more than {100 * args.threshold:.0f}%" if slower else
          f"no figure slower by more than {100 * args.threshold:.0f}%")
    return 1 if slower else 0


def merge_medians(runs):
    """Medians, figure by figure, of several bench results of one build."""
    merged = json.loads(json.dumps(runs[0]))
    for i, result in enumerate(merged["results"]):
        result["person_days_per_second"] = median(r["results"][i]["person_days_per_second"] for r in runs)
        result["output_seconds"] = median(r["results"][i]["output_seconds"] for r in runs)
        for stage in result["stage_seconds"]:
            result["stage_seconds"][stage] = median(r["results"][i]["stage_seconds"][stage] for r in runs)
    return merged


if __name__ == "__main__":
    sys.exit(main())
