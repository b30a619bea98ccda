"""The schemas themselves: valid draft 2020-12, strict, and documented for the editor."""
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from policy_gen import schema
from policy_gen.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_2020_12_with_id(path):
    document = json.loads(path.read_text("utf-8"))
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"].endswith("/" + path.name)


def _properties(node, where=""):
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/{name}", sub
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_title_description_and_examples(path):
    document = json.loads(path.read_text("utf-8"))
    undocumented = [where for where, sub in _properties(document)
                    if "/if/" not in where and "/then/" not in where   # conditions, not fields
                    and not {"title", "description", "examples"} <= set(sub)]
    assert undocumented == []


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_object_is_closed(path):
    """A misspelt key must be an error, never silently ignored."""
    document = json.loads(path.read_text("utf-8"))
    open_objects = []

    def walk(node, where):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                if node.get("additionalProperties") is not False \
                        and node.get("unevaluatedProperties") is not False:
                    open_objects.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(document, "")
    # contact_details and section are building blocks closed by the definitions that use them
    assert [w for w in open_objects if not w.endswith(("/contact_details", "/section"))] == []


def test_every_register_names_its_schema_in_a_modeline():
    for path in sorted((ROOT / "registers").glob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        framework = load_file(path).data["framework"]
        assert first == f"# yaml-language-server: $schema=../schemas/{framework}.schema.json"


def test_example_register_is_valid():
    loaded = load_file(ROOT / "registers" / "iljoja-networks.yaml")
    assert schema.check(loaded) == []


@pytest.mark.parametrize("framework", schema.frameworks())
def test_schema_examples_are_valid_against_their_own_property(framework):
    """An example the editor offers must itself pass validation."""
    registry_validator = schema.validator(framework)
    document = json.loads((ROOT / "schemas" / f"{framework}.schema.json").read_text("utf-8"))
    bad = []
    for name, sub in document["properties"].items():
        for example in sub.get("examples", []):
            sub_validator = registry_validator.evolve(schema={**sub, "$id": document["$id"]})
            if list(sub_validator.iter_errors(example)):
                bad.append((name, example))
    assert bad == []


def test_fast_validator_agrees_with_jsonschema():
    """jsonschema-rs decides validity; jsonschema explains. They must agree, or a
    register could pass unexplained, or fail with no message."""
    from policy_gen.loader import load_text
    text = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
    variants = [text] + [text.replace(old, new) for old, new in [
        ("register_name:", "regster_name:"), ("04400", "0440"), ("outside_eea: true", "outside_eea: yes"),
        ("    - laskutus", "    - {fi: x, de: y}"), ("    - laskutus", '    - "  "'),
        ("    - laskutus", "    - [a, b]"), ("  date: 2015-01-01", "  date: 1.1.2015"),
        ("  business_id: 2039096-6", "  business_id: 2039096"), ("languages: [fi]", "languages: []"),
        ("languages: [fi]", "languages: [fi, fi]"), ("  email_obfuscated: true", "  email_obfuscated: 1"),
        ("      postal_code: 04400", "      postal_code: 04400\n      country: SE"),
        ("      postal_code: 04400", "      postal_code: 111 22\n      country: SE"),
        ("framework: henkilotietolaki-10", "framework: henkilotietolaki-10\nextra_sections: []"),
        ("purpose:\n", "purpose: {}\nold_purpose:\n")]]
    for variant in variants:
        data = load_text(variant, "x.yaml").data
        fast = schema._fast_validator("henkilotietolaki-10").is_valid(data)
        slow = not list(schema.validator("henkilotietolaki-10").iter_errors(data))
        assert fast == slow, variant
