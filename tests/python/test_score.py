"""siege score: replicates of a scenario against documented facts, read back as a person would."""
import json
import re

from conftest import SOURCE, siege

WAER = SOURCE / "scenarios" / "waer.yaml"

# Waer under drop surrenders in March 2017; 40,000 residents on day 0.
FACTS = """\
name: Waer test
facts:
  - id: residents
    text: residents on the first day
    source: scenario
    measure: population
    pocket: Waer
    low: 39000
    high: 41000
  - id: too-many-residents
    text: a range set to exclude the model, so that the fact must fail
    source: none
    measure: population
    pocket: Waer
    low: 100000
    high: 200000
  - id: batches
    text: evacuation batches after the surrender
    source: W7
    measure: evacuation_batches
    pocket: Waer
    from: 2017-03-01
    low: 1
    high: 1000
"""


def write(tmp_path, text, name="facts.yaml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_score_prints_one_row_per_fact_and_fails_a_fact_outside_its_range(tmp_path):
    facts = write(tmp_path, FACTS)
    out = tmp_path / "score.json"
    result = siege("score", WAER, "--policy", "drop", "--observations", facts, "--replicates", 3, "--json", out)
    rows = [line for line in result.stdout.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [row.split("|")[1].strip() for row in rows] == ["residents", "too-many-residents", "batches"]
    assert rows[0].rstrip().endswith("| yes |")
    assert rows[1].rstrip().endswith("| no |")
    assert "2 of 3 facts inside their documented ranges" in result.stdout
    scores = json.loads(out.read_text())
    assert scores["replicates"] == 3 and scores["passed"] == 2
    by_id = {f["id"]: f for f in scores["facts"]}
    assert len(by_id["residents"]["values"]) == 3
    assert all(39900 <= v <= 40000 for v in by_id["residents"]["values"])  # alive at the end of day 0
    assert by_id["too-many-residents"]["pass"] is False
    assert by_id["too-many-residents"]["documented"] == [100000, 200000]
    low, high = by_id["batches"]["interval_90"]
    assert 1 <= low <= by_id["batches"]["median"] <= high


def test_bad_observations_name_the_line_and_the_fix(tmp_path):
    cases = {
        "measure: populaton": ("facts[0].measure", "population"),
        "pocket: Wear": ("facts[0].pocket", "did you mean 'Waer'"),
    }
    for change, expected in cases.items():
        key = change.split(":")[0]
        text = re.sub(rf"^    {key}: .*$", f"    {change}", FACTS, count=1, flags=re.M)
        facts = write(tmp_path, text, f"bad-{key}.yaml")
        out = tmp_path / f"bad-{key}.json"
        result = siege("score", WAER, "--observations", facts, "--replicates", 1, "--json", out, check=False)
        assert result.returncode == 2, result.stderr
        line = 1 + text.splitlines().index(f"    {change}")
        assert re.search(rf"{re.escape(str(facts))}:{line}:\d+", result.stderr), result.stderr
        path, hint = expected
        assert path in result.stderr and hint in result.stderr, result.stderr
        assert not out.exists()


def test_a_window_outside_the_run_or_an_empty_range_is_refused(tmp_path):
    outside = FACTS.replace("    from: 2017-03-01\n", "    from: 2019-03-01\n")
    result = siege("score", WAER, "--observations", write(tmp_path, outside, "outside.yaml"), check=False)
    assert result.returncode == 2
    assert "2019-03-01 is outside the run" in result.stderr
    empty = FACTS.replace("    low: 39000\n    high: 41000\n", "    low: 41000\n    high: 39000\n")
    result = siege("score", WAER, "--observations", write(tmp_path, empty, "empty.yaml"), check=False)
    assert result.returncode == 2
    assert "facts[0].high" in result.stderr and "must not be empty" in result.stderr


def test_every_history_case_validates_and_names_facts_its_scenario_can_measure(tmp_path):
    history = SOURCE / "scenarios" / "history"
    cases = sorted(history.glob("*.observations.yaml"))
    assert len(cases) >= 6
    for observations in cases:
        scenario = history / observations.name.replace(".observations.yaml", ".yaml")
        siege("validate", scenario)
        # One short replicate: the facts' pockets and dates are checked against the scenario.
        result = siege("score", scenario, "--observations", observations, "--replicates", 1)
        assert "facts inside their documented ranges" in result.stdout


def test_the_validation_page_holds_the_current_measures(source):
    import subprocess
    import sys
    from conftest import SIEGE
    result = subprocess.run([sys.executable, source / "scripts" / "score_history.py", "--siege", SIEGE, "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr + result.stdout
