"""The JSON Schema from `siege schema` is valid and accepts every bundled scenario under a real
validator (Debian's python3-jsonschema); it rejects what the program rejects."""
import json

import jsonschema
import pytest
import yaml

from conftest import SOURCE, siege


class Yaml12Loader(yaml.SafeLoader):
    """YAML as siege reads it: dates stay text (YAML 1.2 has no timestamp type)."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

SCENARIOS = sorted((SOURCE / "scenarios").glob("*.yaml")) + sorted((SOURCE / "tests" / "scenarios").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(siege("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_every_bundled_scenario_passes_the_schema(validator, path):
    errors = list(validator.iter_errors(yaml.load(path.read_text(), Loader=Yaml12Loader)))
    assert not errors, [e.message for e in errors]


def test_schema_rejects_a_misspelled_key(validator):
    scenario = yaml.load((SOURCE / "scenarios" / "classroom.yaml").read_text(), Loader=Yaml12Loader)
    scenario["pockets"][0]["households"]["mean_sise"] = 5
    assert any("mean_sise" in e.message for e in validator.iter_errors(scenario))


def test_schema_rejects_out_of_range_values(validator):
    scenario = yaml.load((SOURCE / "scenarios" / "classroom.yaml").read_text(), Loader=Yaml12Loader)
    scenario["pockets"][0]["aid"]["approval_probability"] = 1.5
    assert list(validator.iter_errors(scenario))


def test_schema_documents_units_and_defaults():
    schema = json.loads(siege("schema").stdout)
    size = schema["properties"]["pockets"]["items"]["properties"]["households"]["properties"]["mean_size"]
    assert size["default"] == 5.5
    assert "Units: persons" in size["description"]
    assert schema["additionalProperties"] is False


def test_markdown_reference_matches_the_docs():
    assert siege("schema", "--format", "markdown").stdout == (SOURCE / "docs" / "parameters.md").read_text()


@pytest.mark.parametrize("path", [SOURCE / "scenarios/history/calibration.yaml",
                                  SOURCE / "tests/calibration/classroom.calibration.yaml"], ids=lambda p: p.name)
def test_the_calibration_files_pass_the_calibration_schema(path):
    schema = json.loads(siege("schema", "--calibration").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    calibration = yaml.load(path.read_text(), Loader=Yaml12Loader)
    assert not [e.message for e in validator.iter_errors(calibration)]
    calibration["wave"] = 2  # a misspelled key
    assert any("wave" in e.message for e in validator.iter_errors(calibration))
    assert "| `excluded_facts[]` |" in siege("schema", "--calibration", "--format", "markdown").stdout
