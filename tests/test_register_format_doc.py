"""docs/register-format.md stays true: its first example is a register that validates and
builds, and every key its YAML examples write exists where they write it."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from policy_gen.i18n import LANGUAGES
from policy_gen.schema import frameworks, key_places

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "register-format.md"


def _yaml_blocks() -> list[str]:
    return re.findall(r"^```yaml\n(.*?)^```", DOC.read_text("utf-8"), re.MULTILINE | re.DOTALL)


def test_the_first_example_is_a_minimal_gdpr_register_that_validates_and_builds(tmp_path, run):
    skeleton = _yaml_blocks()[0]
    assert "framework: gdpr" in skeleton
    path = tmp_path / "registers" / "skeleton.yaml"
    path.parent.mkdir()
    path.write_text(skeleton, "utf-8")
    assert run("validate", path) == (0, f"{path}: ok\n", "")
    code, out, err = run("build", path, "--out", tmp_path / "site", "--format", "html,md", "--no-history")
    assert code == 0, err
    assert (tmp_path / "site" / "fi" / "skeleton.html").is_file()
    assert run("check", path)[0] == 0


def _paths(node, path=()):
    """Every key in an example, with the path of the group it stands in ('*' for list positions)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, str(key)
            yield from _paths(value, path + (str(key),))
    elif isinstance(node, list):
        for value in node:
            yield from _paths(value, path + ("*",))


def _known(parent: tuple, key: str) -> bool:
    if key in LANGUAGES:                 # a text per language
        return True
    if parent and parent[-1] in ("labels", "headings"):   # own labels and headings: keys by name
        return any(key in key_places(fw) for fw in frameworks())
    # an example may show a group without the groups around it (`addresses:` alone): its keys
    # must then stand where the schema has them, under some group
    return any(len(place) >= len(parent) and place[len(place) - len(parent):] == parent
               for fw in frameworks() for place in key_places(fw).get(key, ()))


@pytest.mark.parametrize("number", range(len(_yaml_blocks())))
def test_every_key_in_the_examples_exists_where_it_is_written(number):
    """Fails for a key the schemas do not have at that place (a misspelt or invented field)."""
    block = _yaml_blocks()[number]
    data = yaml.safe_load(block)
    if not isinstance(data, dict):
        pytest.skip("not a register fragment")
    unknown = [".".join(parent + (key,)) for parent, key in _paths(data) if not _known(parent, key)]
    assert unknown == [], block


def test_the_doc_names_the_fields_of_issue_10_and_9():
    text = DOC.read_text("utf-8")
    for field in ("public_authority", "joint_controllers", "special_categories", "criminal_offence_data",
                  "personal_identity_code", "children", "further_processing", "art14_exemption",
                  "art30_5_exemption", "cookies", "derogation_kind", "bcr", "replaces",
                  "numbering", "order", "date_label", "updated_label", "effective_label", "contact_person",
                  "organisation", "labels", "lines", "blocks", "rows", "section"):
        assert f"`{field}`" in text or f"{field}:" in text, field
    assert text.index("## The GDPR privacy notice") < text.index("## Fields every framework shares") \
        < text.index("## The historical rekisteriseloste")
