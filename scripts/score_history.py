#!/usr/bin/python3
"""Scores every documented siege under scenarios/history/ and writes the tables into docs/validation.md.

    scripts/score_history.py [--siege build/siege] [--replicates 20] [--threads 0] [--check]
    scripts/score_history.py --parameters output/calibration.h5   # after siege calibrate

Each case is a scenario `NAME.yaml` with its facts in `NAME.observations.yaml`; `siege score` runs
the replicates and prints one row per fact. This script puts each case's table, and the measures
reference (`siege schema --observations --format markdown`), between the markers of
docs/validation.md, and leaves the rest of the page as it is. With --check it changes nothing and
exits 1 if the measures reference in the page is out of date (the scores are not checked: they
take minutes to make). With --parameters, every replicate takes one of a calibration's accepted
parameter sets (siege score --parameters), and the tables go between the "calibrated scores"
markers instead: the scores after calibration, beside those before it.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "validation.md"
HISTORY = ROOT / "scenarios" / "history"


def replace_between(text, name, body):
    begin, end = f"<!-- begin {name} -->", f"<!-- end {name} -->"
    if begin not in text or end not in text:
        sys.exit(f"{PAGE}: the markers '{begin}' and '{end}' are missing; put them back where the {name} go")
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{begin}\n{body.rstrip()}\n{end}{tail}"


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, command))} failed ({result.returncode}):\n{result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--siege", default=str(ROOT / "build" / "siege"))
    parser.add_argument("--replicates", type=int, default=20)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--parameters", help="a calibration file of siege calibrate")
    args = parser.parse_args()

    page = PAGE.read_text()
    measures = run([args.siege, "schema", "--observations", "--format", "markdown"])
    updated = replace_between(page, "measures", measures)
    if args.check:
        if updated != page:
            sys.exit(f"{PAGE} is out of date: run scripts/score_history.py")
        return
    tables, summary = [], ["| case | facts inside their documented ranges |", "|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for observations in sorted(HISTORY.glob("*.observations.yaml")):
            scenario = HISTORY / observations.name.replace(".observations.yaml", ".yaml")
            scores = pathlib.Path(tmp) / (observations.stem + ".json")
            drawn = ["--parameters", args.parameters] if args.parameters else []
            table = run([args.siege, "score", scenario, "--observations", observations, "--replicates",
                         str(args.replicates), "--threads", str(args.threads), "--json", scores, *drawn])
            result = json.loads(scores.read_text())
            name = result["case"]
            shown = f" --parameters {args.parameters}" if args.parameters else ""
            tables.append(f"### {name}\n\n```\nsiege score {scenario.relative_to(ROOT)} --observations "
                          f"{observations.relative_to(ROOT)} --replicates {args.replicates}{shown}\n```\n\n"
                          + "\n".join(table.splitlines()[2:]))
            summary.append(f"| {name} | {result['passed']} of {len(result['facts'])} |")
            print(f"{name}: {result['passed']} of {len(result['facts'])}", file=sys.stderr)
    body = "\n".join(summary) + "\n\n" + "\n\n".join(tables)
    PAGE.write_text(replace_between(updated, "calibrated scores" if args.parameters else "scores", body))


if __name__ == "__main__":
    main()
