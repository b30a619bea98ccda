"""The command line on bad input: every problem at once, exit codes, and `build` writing nothing."""
import hashlib
import os
import subprocess
import sys

import pytest

from policy_gen.cli import main
from policy_gen.sitewriter import MARKER

from conftest import EXAMPLE, ROOT

FAST = ("--format", "html,md,json")   # PDF rendering is slow and not what these tests are about


def _tree(folder):
    """Every file and folder under `folder` with the sha256 of each file's bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


# --- every problem, in one run --------------------------------------------------------

def test_several_problems_in_one_file_are_all_reported_sorted_by_line(register, problems):
    # the schema's problems (lines 8, 26, 36) are found before the check digit's (line 13)
    reg = register(("date: 2015-01-01", "date: 1.1.2015"),
                   ("business_id: 2039096-6", "business_id: 2039096-5"),
                   ("register_name: Asiakas-", "regster_name: Asiakas-"),
                   ("    - tekninen tuki", "    - "))
    empty_item, _ = reg.pos("    - \n")
    assert problems(reg.path) == [
        reg.at("date: 1.1.2015", "1.1.2015") + "document.date '1.1.2015': write 2015-01-01 "
                                               "(year-month-day)",
        reg.at("business_id:", "2039096-5") + "business ID 2039096-5: the check digit should be 6; "
                                              "check the number",
        reg.at("regster_name:") + "unknown key 'regster_name' — did you mean 'register_name'?",
        f"{reg.path}:{empty_item}:{len('    -') + 1}: error: 'purpose.items[2]' has no value: write it, "
        "or delete the line",   # an empty value is found where it would start: just after the '-'
    ]


def test_problems_in_two_files_are_all_reported_sorted_by_file_then_line(tmp_path, register, problems):
    folder = tmp_path / "registers"
    # b's problem is higher up in its file than a's; c cannot even be read as YAML
    a = register(("register_name: Asiakas-", "regster_name: Asiakas-"), name="a-asiakas", folder=folder)
    b = register(("date: 2015-01-01", "date: 2015-02-30"), name="b-kumppani", folder=folder)
    c = register(("languages: [fi]", "languages: [fi"), name="c-rikki", folder=folder)
    register(name="d-ok", folder=folder)
    assert problems(folder) == [
        a.at("regster_name:") + "unknown key 'regster_name' — did you mean 'register_name'?",
        b.at("date:", "2015-02-30") + "the date 2015-02-30 does not exist; check the day and the month",
        c.at("languages:", "[") + "the '[' here is never closed: end it with ']', and put text that "
                                  "contains ',' or ':' inside double quotes",
    ]


def test_a_missing_path_does_not_hide_the_problems_of_the_files_found(tmp_path, register, problems):
    good = register(name="good")
    bad = register(("email: tuki@palvelimet.net", "email: tuki@palvelimet"), name="bad")
    missing = tmp_path / "registers" / "missing.yaml"
    assert problems(good.path, missing, bad.path) == [
        bad.at("email:", "tuki") + "contact.email 'tuki@palvelimet': write the e-mail address in full, "
                                   "for example tietosuoja@example.fi",
        f"{missing}:1:1: error: no such file or folder; check the path",
    ]


def test_a_file_named_twice_is_read_once(register, run, problems):
    good = register()
    assert run("validate", good.path.parent, good.path) == (0, f"{good.path}: ok\n", "")
    bad = register(("date: 2015-01-01", "date: 2015-02-30"))
    assert len(problems(bad.path.parent, bad.path)) == 1


def test_two_registers_with_the_same_name(tmp_path, register, problems):
    first = register(name="asiakas", folder=tmp_path / "one")
    second = register(name="asiakas", folder=tmp_path / "two")
    assert problems(first.path, second.path) == [
        f"{second.path}:1:1: error: another register is also called 'asiakas' ({first.path}); the names "
        "must differ, since they name the published files"]


# --- usage errors: exit 2 --------------------------------------------------------------

@pytest.mark.parametrize("argv, says", [
    (["publish"], "unknown command 'publish'"),             # then the list of commands
    ([], "give a command, for example policy-gen validate"),
    (["build", "--format", "pdf,docx"], "argument --format: unknown format docx; choose from html,pdf,md,json"),
    (["build", "--format", ","], "argument --format: unknown format (none); choose from html,pdf,md,json"),
    (["validate", "--strict"], "unknown option --strict"),
], ids=["unknown-subcommand", "no-subcommand", "unknown-format", "no-format", "unknown-option"])
def test_usage_errors_exit_2(capsys, tmp_path, monkeypatch, argv, says):
    monkeypatch.chdir(tmp_path)          # a mistyped build must not write build/ either
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: policy-gen")
    said = [line for line in captured.err.splitlines() if line.startswith("policy-gen") and "error: " in line]
    assert len(said) == 1 and says in said[0]
    assert list(tmp_path.iterdir()) == []


def test_templates_folder_that_does_not_exist_exits_2(register, run, tmp_path):
    reg = register()
    site = tmp_path / "site"
    code, out, err = run("build", reg.path, "--out", site, *FAST, "--templates", tmp_path / "nope")
    assert (code, out) == (2, "")
    assert err == f"policy-gen: error: --templates {tmp_path / 'nope'}: no such folder\n"
    assert not site.exists()


def _without_progress(err: str) -> str:
    """stderr less the progress lines a build prints when stderr is not a terminal."""
    return "".join(line for line in err.splitlines(keepends=True) if not line.startswith("rendered "))


# --- build writes all or nothing --------------------------------------------------------

def test_build_with_one_invalid_register_leaves_the_previous_site_exactly_as_it_was(tmp_path, register, run):
    folder = tmp_path / "registers"
    register(name="asiakas", folder=folder)
    register(("register_name: Asiakas-", "register_name: Kumppani-"), name="kumppani", folder=folder)
    site = tmp_path / "site"
    code, out, err = run("build", folder, "--out", site, *FAST)
    assert (code, _without_progress(err)) == (0, "")
    assert out.startswith("built 2 documents (html, md, json) from 2 registers")
    before = _tree(site)
    assert {"fi/asiakas.html", "fi/kumppani.json", "index.html", MARKER} <= set(before)

    # the next edit breaks one register and adds a new valid one
    bad = register(("business_id: 2039096-6", "business_id: 2039096-5"), name="kumppani", folder=folder)
    register(("register_name: Asiakas-", "register_name: Uusi-"), name="uusi", folder=folder)
    around = {name: digest for name, digest in _tree(tmp_path).items() if not name.startswith("registers")}
    code, out, err = run("build", folder, "--out", site, *FAST)
    assert (code, out) == (1, "")
    assert err == (bad.at("business_id:", "2039096-5") + "business ID 2039096-5: the check digit should "
                   "be 6; check the number\npolicy-gen: 1 problem found; nothing was written\n")
    assert _tree(site) == before
    # nothing beside it changed either: no staging folder left, no cache written
    assert {name: digest for name, digest in _tree(tmp_path).items() if not name.startswith("registers")} == around


def test_build_refuses_a_folder_it_did_not_make(tmp_path, register, run):
    reg = register()
    theirs = tmp_path / "documents"
    (theirs / "contracts").mkdir(parents=True)
    (theirs / "contracts" / "nda.txt").write_text("do not delete", "utf-8")
    (theirs / "index.html").write_text("<p>our intranet</p>", "utf-8")
    before = _tree(theirs)
    code, out, err = run("build", reg.path, "--out", theirs, *FAST)
    assert (code, out) == (1, "")
    assert err == (f"{theirs}:1:1: error: this folder exists and was not made by policy-gen; choose another "
                   "--out, or empty it first\npolicy-gen: 1 problem found; nothing was written\n")
    assert _tree(theirs) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents", "registers"]   # nothing beside it


@pytest.mark.parametrize("prepare", ["missing", "empty"])
def test_build_into_a_new_or_empty_folder(tmp_path, register, run, prepare):
    reg = register()
    site = tmp_path / "out" / "site"
    if prepare == "empty":
        site.mkdir(parents=True)
    code, out, err = run("build", reg.path, "--out", site, *FAST)
    assert (code, _without_progress(err)) == (0, "")
    assert out.startswith(f"built 1 document (html, md, json) from 1 register into {site}/: 1 document rendered")
    assert {"fi/register.html", "fi/register.md", "fi/register.json", "index.html", MARKER} <= set(_tree(site))


# --- a valid register ----------------------------------------------------------------

def test_the_example_register_validates(run):
    assert run("validate", EXAMPLE) == (0, f"{EXAMPLE}: ok\n", "")


def test_a_folder_of_valid_registers_validates(tmp_path, register, run):
    folder = tmp_path / "registers"
    first = register(name="a", folder=folder)
    second = register(name="b", folder=folder)
    (folder / "README.txt").write_text("not a register", "utf-8")
    assert run("validate", folder) == (0, f"{first.path}: ok\n{second.path}: ok\n", "")


# --- as the legal team runs it ---------------------------------------------------------

def test_the_command_as_a_process_prints_problems_never_a_traceback(tmp_path, register):
    folder = tmp_path / "registers"
    register(name="ok", folder=folder)
    bad = register(("outside_eea: true", "outside_eea: yes"), name="rikki", folder=folder)
    (folder / "tyhja.yaml").write_bytes(b"\xff\xfe")          # UTF-16, as Notepad may save it

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}

    def policy_gen(*argv):     # this checkout's policy_gen, run from the folder the registers are in
        return subprocess.run([sys.executable, "-m", "policy_gen", *argv], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)

    failed = policy_gen("validate")                            # the default folder: registers/
    assert failed.returncode == 1
    assert failed.stdout == ""
    line, col = bad.pos("outside_eea:", "yes")
    assert failed.stderr.splitlines() == [
        f"registers/rikki.yaml:{line}:{col}: error: transfers.outside_eea is 'yes': write true or false",
        "registers/tyhja.yaml:1:1: error: the file is not UTF-8 text; save it as UTF-8 in your editor",
        "policy-gen: 2 problems found",
    ]
    (folder / "tyhja.yaml").unlink()
    bad.path.unlink()
    passed = policy_gen("validate")
    assert (passed.returncode, passed.stdout, passed.stderr) == (0, "registers/ok.yaml: ok\n", "")
    mistyped = policy_gen("valdate")
    assert mistyped.returncode == 2 and mistyped.stdout == ""
    assert "unknown command 'valdate' — did you mean 'validate'?" in mistyped.stderr
    for result in (failed, passed, mistyped):
        assert "Traceback" not in result.stderr
