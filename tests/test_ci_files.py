"""The reusable GitHub Action (action.yml) and the pre-commit hooks (.pre-commit-hooks.yaml):
the structure GitHub and pre-commit require, and commands that policy-gen runs."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text("utf-8"))


def _steps_named(action: dict) -> dict[str, dict]:
    return {step.get("name") or step.get("uses"): step for step in action["runs"]["steps"]}


def test_the_action_is_a_composite_action_with_its_inputs():
    action = _action()
    assert isinstance(action["name"], str) and action["name"]
    assert isinstance(action["description"], str) and action["description"]
    assert action["runs"]["using"] == "composite"
    assert isinstance(action["runs"]["steps"], list) and action["runs"]["steps"]
    inputs = action["inputs"]
    assert {"paths", "out", "formats", "deploy", "site-url"} <= set(inputs)
    for name, spec in inputs.items():
        assert spec["description"] and "default" in spec, name
        assert isinstance(spec["default"], str), name       # inputs are strings: "true", not true
    assert inputs["deploy"]["default"] == "true"
    for step in action["runs"]["steps"]:
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step["shell"] == "bash", step        # a composite step must name its shell


def test_no_input_is_pasted_into_a_script():
    """Inputs reach the scripts as environment variables only: `${{ inputs.x }}` inside `run`
    would let a value with quotes or $(...) run as commands."""
    for step in _action()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_it_installs_itself_validates_pull_requests_and_deploys_only_the_default_branch():
    steps = _steps_named(_action())
    install = steps["Install policy-gen"]["run"]
    assert "pip install" in install and '"$GITHUB_ACTION_PATH"' in install
    validate = steps["Validate the registers"]
    assert "pull_request" in validate["if"] and "policy-gen validate" in validate["run"]
    build = steps["Build the site"]
    assert "pull_request" in build["if"] and "policy-gen build" in build["run"]
    assert {"PATHS", "OUT", "FORMATS", "SITE_URL"} <= set(build["env"])
    uses = {step["uses"].split("@")[0]: step for step in steps.values() if "uses" in step}
    for name in ("actions/upload-pages-artifact", "actions/deploy-pages"):
        condition = " ".join(uses[name]["if"].split())
        assert "inputs.deploy == 'true'" in condition
        assert "github.event_name == 'push'" in condition
        assert "github.event.repository.default_branch" in condition
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "${{ inputs.out }}"


def _hooks() -> list[dict]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))


def test_the_pre_commit_hooks_have_what_pre_commit_requires():
    hooks = {hook["id"]: hook for hook in _hooks()}
    assert set(hooks) == {"policy-gen-validate", "policy-gen-check"}
    for ident, hook in hooks.items():
        assert {"id", "name", "entry", "language"} <= set(hook), ident
        assert hook["language"] == "python"          # pre-commit installs this repository with pip
        files = re.compile(hook["files"])
        for path in ("registers/asiakas.yaml", "registers/asiakas.yml"):
            assert files.search(path), (ident, path)
        for path in ("README.md", "schemas/gdpr.schema.json", "registers/notes.txt"):
            assert not files.search(path), (ident, path)
    assert hooks["policy-gen-validate"]["entry"] == "policy-gen validate"
    assert hooks["policy-gen-check"]["entry"] == "policy-gen check"


def test_the_validate_hook_runs_on_the_files_pre_commit_passes(run):
    """pre-commit appends the staged file names to the entry."""
    hook = next(h for h in _hooks() if h["id"] == "policy-gen-validate")
    program, *argv = shlex.split(hook["entry"])
    assert program == "policy-gen"
    code, out, err = run(*argv, ROOT / "registers" / "iljoja-networks.yaml", ROOT / "registers" / "iljoja-networks-gdpr.yaml")
    assert (code, err) == (0, "") and out.count(": ok") == 2
