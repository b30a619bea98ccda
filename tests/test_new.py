"""`policy-gen new NAME`: a register with every section to fill in; validate lists exactly its
TODOs, each at its line; once they are written, the register builds and shows what was written."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml

from helpers_output import norm, parse_html
from policy_gen.diagnostics import is_todo
from policy_gen.i18n import LANGUAGES
from policy_gen.loader import load_text
from policy_gen.scaffold import FRAMEWORKS, write_new

ROOT = Path(__file__).resolve().parent.parent

CASES = [(framework, languages) for framework in FRAMEWORKS
         for languages in (["fi"], ["sv"], ["en"], ["fi", "sv", "en"])]


def _todo_positions(text: str) -> list[tuple[int, int]]:
    """(line, column) of every quoted "TODO: value in the file, as an editor counts them."""
    return [(number, match.start() + 1) for number, line in enumerate(text.splitlines(), start=1)
            for match in re.finditer(r'"TODO:', line)]


def _todo_paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _todo_paths(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _todo_paths(value, path + (i,))
    elif is_todo(node):
        yield path


# what a GDPR register says only when the processing has it (joint controllers, Art. 9 and 10
# data, children, cookies …): `new` leaves these out, and docs/register-format.md describes them
SITUATIONAL = {"public_authority", "joint_controllers", "special_categories", "criminal_offence_data",
               "personal_identity_code", "children", "further_processing", "art14_exemption",
               "art30_5_exemption", "cookies"}

FIXED = {"business_id": "2039096-6", "date": "2026-11-01", "email": "tietosuoja@example.fi",
         "phone": "+358 9 3157 6885", "postal_code": "04400", "legal_basis": "b",
         "outside_eea": False, "exists": False, "publicly_accessible": True}


def _fill(data: dict) -> dict[tuple, object]:
    """Write a plausible value of the right shape in place of every TODO; {path: value}."""
    written = {}
    for n, path in enumerate(list(_todo_paths(data))):
        keys = [p for p in path if isinstance(p, str) and p not in LANGUAGES]
        lang = path[-1] if path[-1] in LANGUAGES else None
        value = FIXED.get(keys[-1], f"Esimerkki {n}" + (f" {lang}" if lang else ""))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = value
        written[path] = value
    return written


@pytest.fixture
def project(tmp_path):
    """A folder laid out like this repository: schemas/ beside registers/."""
    (tmp_path / "schemas").mkdir()
    for schema in (ROOT / "schemas").glob("*.json"):
        (tmp_path / "schemas" / schema.name).write_bytes(schema.read_bytes())
    return tmp_path


@pytest.mark.parametrize("framework, languages", CASES)
def test_validate_lists_exactly_the_todos_and_the_filled_register_builds(project, run, framework, languages):
    folder = project / "registers"
    code, out, err = run("new", "uusi", "--framework", framework, "--lang", ",".join(languages), "--dir", folder)
    path = folder / "uusi.yaml"
    assert (code, err) == (0, "") and str(path) in out
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=../schemas/{framework}.schema.json"
    data = load_text(text, str(path)).data
    assert (data["framework"], data["languages"]) == (framework, languages)
    # every section of the framework's schema is there (the optional ones included)
    sections = set(json.loads((ROOT / "schemas" / f"{framework}.schema.json").read_text())["properties"])
    assert sections - set(data) <= {"rights", "extra_sections"} | SITUATIONAL

    code, out, err = run("validate", path)
    *lines, summary = err.splitlines()
    assert (code, out) == (1, "")
    positions = _todo_positions(text)
    assert summary == f"policy-gen: {len(positions)} problems found"
    reported = []
    for line in lines:
        match = re.fullmatch(rf"{re.escape(str(path))}:(\d+):(\d+): error: (TODO: .+)", line)
        assert match, line                        # a TODO, and nothing else
        reported.append((int(match[1]), int(match[2])))
        assert json.dumps(match[3], ensure_ascii=False) in text.splitlines()[int(match[1]) - 1]
    assert reported == positions

    written = _fill(data)
    assert len(written) == len(positions)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    out_dir = project / "site"
    code, out, err = run("build", path, "--out", out_dir, "--format", "html", "--no-history", "--no-cache")
    assert code == 0, err
    for lang in languages:
        page = norm(parse_html((out_dir / lang / "uusi.html").read_text("utf-8")).text())
        for where, value in written.items():
            if isinstance(value, bool) or where[-1] in ("date", "legal_basis") \
                    or (where[-1] in LANGUAGES and where[-1] != lang):
                continue
            assert str(value) in page, (lang, where, value)


def test_the_comments_are_in_the_first_language(tmp_path, run):
    for languages, word in ((["fi", "sv"], "Rekisterinpitäjän"), (["sv", "fi"], "personuppgiftsansvariges"),
                            (["en"], "controller's identity")):
        folder = tmp_path / "-".join(languages)
        assert run("new", "x", "--lang", ",".join(languages), "--dir", folder)[0] == 0
        comments = [line for line in (folder / "x.yaml").read_text("utf-8").splitlines()
                    if line.lstrip().startswith("#")]
        assert any(word in line for line in comments), languages
        assert any("GDPR" in line and "13" in line for line in comments)


def test_the_schema_line_points_at_a_schema_that_exists(tmp_path, run):
    """Without a schemas/ folder above the target, the line names policy-gen's own schema."""
    folder = tmp_path / "deep" / "er"
    assert run("new", "x", "--framework", "henkilotietolaki-10", "--dir", folder)[0] == 0
    first = (folder / "x.yaml").read_text("utf-8").splitlines()[0]
    relative = first.removeprefix("# yaml-language-server: $schema=")
    assert relative != first and not relative.startswith("/")
    assert (folder / relative).resolve().name == "henkilotietolaki-10.schema.json"
    assert (folder / relative).is_file()


def test_an_existing_file_is_never_replaced(tmp_path, run):
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "x.yaml").write_text("mine\n", "utf-8")
    code, out, err = run("new", "x", "--dir", folder)
    assert (code, out) == (1, "")
    assert err.startswith(f"{folder / 'x.yaml'}:1:1: error: this file exists already")
    assert (folder / "x.yaml").read_text("utf-8") == "mine\n"
    os.symlink(tmp_path / "elsewhere.yaml", folder / "y.yaml")        # a dangling link counts too
    assert run("new", "y", "--dir", folder)[0] == 1
    assert not (tmp_path / "elsewhere.yaml").exists()
    assert sorted(p.name for p in folder.iterdir()) == ["x.yaml", "y.yaml"]    # no temporary file left


def test_write_new_refuses_a_name_taken_meanwhile_and_leaves_no_temporary(tmp_path):
    """The last wall: the name taken between the check and the write (link() fails, rename()
    would have replaced it). Fails if write_new renames over the target."""
    target = tmp_path / "x.yaml"
    target.write_text("theirs\n", "utf-8")
    with pytest.raises(FileExistsError):
        write_new(target, "ours\n")
    assert target.read_text("utf-8") == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


@pytest.mark.parametrize("argv", [["new", "a b"], ["new", "../x"], ["new", "x", "--lang", "fi,de"],
                                  ["new", "x", "--lang", "fi,fi"], ["new", "x", "--framework", "hetil"]])
def test_mistyped_commands(tmp_path, run, argv):
    code = None
    try:
        code = run(*argv, "--dir", tmp_path)[0]
    except SystemExit as exit_:
        code = exit_.code
    assert code in (1, 2)
    assert list(tmp_path.iterdir()) == []
