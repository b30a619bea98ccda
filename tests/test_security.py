"""The threat model's tests (docs/security.md): one or more per finding of issue 11.

Each test's docstring names the defence it pins; each fails when that defence is removed.
"""
from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policy_gen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write_registers  # noqa: E402

FAST = ("--format", "html,md,json", "--jobs", "1", "--no-history")
WHERE = re.compile(r"[^:\n]+:\d+:\d+: error: .+")


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def alter_cached_data(cache: Path, change) -> int:
    """Apply `change` to every register's validated data in the cache index, as an attacker with
    the CI cache storage would; the number of entries changed."""
    index = json.loads((cache / "index.json").read_text("utf-8"))
    altered = 0
    for value in index["entries"].values():
        if isinstance(value, dict) and "framework" in value:
            change(value)
            altered += 1
    (cache / "index.json").write_text(json.dumps(index), "utf-8")
    return altered


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_site_is_its_manifest(site: Path) -> None:
    """Every file of the site is listed in manifest.json with the SHA-256 of its bytes."""
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    files = tree(site)
    files.pop("manifest.json")
    assert {path: info["sha256"] for path, info in manifest["files"].items()} == files


@pytest.fixture
def registers(tmp_path):
    folder = tmp_path / "registers"
    write_registers(folder, 2)
    return folder


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.fi",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.fi"})


def _repo_with(tmp_path, name: str, text: str, message: str, branch: str | None = "main"):
    """A git repository tmp/repo whose first commit holds registers/NAME as `text`: (repo, the file)."""
    repo = tmp_path / "repo"
    (repo / "registers").mkdir(parents=True)
    _git(repo, "init", "-q", *(("-b", branch) if branch else ()))
    register = repo / "registers" / name
    register.write_text(text, "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", message)
    return repo, register


# ---- 1, 2: the cache is untrusted storage ---------------------------------------------

def test_finding_1_cache_index_values_are_never_paths(tmp_path, registers, capsys):
    """Defence: Cache keeps only index values that are 64-hex digests (fullmatch). Fails without
    it: an index value naming a file outside the cache published that file, exit 0."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    first = tree(site)
    secret = tmp_path / "secret.txt"
    secret.write_text("CI_SECRET=hunter2\n", "utf-8")
    index = json.loads((cache / "index.json").read_text("utf-8"))
    for key, value in index["entries"].items():
        if isinstance(value, str):
            index["entries"][key] = str(secret)
    (cache / "index.json").write_text(json.dumps(index), "utf-8")
    code, _, err = cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)
    assert code == 0, err
    assert "entries that policy-gen does not write" in err
    assert tree(site) == first                      # rendered again, byte for byte the same
    assert all(b"hunter2" not in p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert_site_is_its_manifest(site)


def test_finding_1_validated_data_from_the_cache_must_still_pass_the_schema(tmp_path, registers, capsys):
    """Defence: registers._still_valid. Fails without it: a register's data altered in the cache
    index (not the file) reached the build unvalidated and crashed it (exit 3)."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    first = tree(site)
    assert alter_cached_data(cache, lambda data: data.update(controller={"name": ["not", "text"]})) == 2
    code, _, err = cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)
    assert code == 0, err
    assert tree(site) == first


def test_finding_1_a_page_summary_altered_in_the_cache_is_made_again(tmp_path, registers, capsys):
    """Defence: site.Summary.from_json. Fails without it: a summary in the cache index with
    markup in its title, or of the wrong shape, reached index.html, or crashed the build (exit 3)."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    first = tree(site)
    index = json.loads((cache / "index.json").read_text("utf-8"))
    summaries = [v for v in index["entries"].values() if isinstance(v, dict) and "title" in v]
    assert summaries
    summaries[0]["title"] = ["<script>alert(1)</script>"]      # not text
    summaries[1:2] and summaries[1].pop("date_text")            # a key missing
    (cache / "index.json").write_text(json.dumps(index), "utf-8")
    code, _, err = cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)
    assert code == 0, err
    assert tree(site) == first


def _damage_every_object(cache: Path) -> int:
    count = 0
    for obj in (cache / "objects").rglob("*"):
        if obj.is_file():
            os.chmod(obj, 0o644)
            data = bytearray(obj.read_bytes())
            data[len(data) // 2] ^= 0x01
            obj.write_bytes(bytes(data[: len(data) // 2 + 1]) if obj.stat().st_size > 2000 else bytes(data))
            count += 1
    return count


def test_finding_2_a_damaged_cache_object_is_rendered_again_never_published(tmp_path, registers, capsys):
    """Defence: Cache._verify uses an object only when its bytes hash to its name, else removes it
    and warns. Fails without it: flipped or truncated objects were published."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    first = tree(site)
    assert _damage_every_object(cache) > 0
    code, _, err = cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)
    assert code == 0 and "does not match its hash; it is rendered again" in err
    assert tree(site) == first
    assert_site_is_its_manifest(site)
    for obj in (cache / "objects").rglob("*"):
        if obj.is_file():
            assert hashlib.sha256(obj.read_bytes()).hexdigest() == obj.name


def test_finding_2_a_damaged_object_does_not_survive_deleting_the_index(tmp_path, registers, capsys):
    """Defence: write_and_store replaces an object already there by the bytes just rendered. Fails
    without it: after the index was deleted, the damaged objects were kept under their names."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    assert _damage_every_object(cache) > 0
    (cache / "index.json").unlink()
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    for obj in (cache / "objects").rglob("*"):
        if obj.is_file():
            assert hashlib.sha256(obj.read_bytes()).hexdigest() == obj.name


# ---- 3: versions are what was published -------------------------------------------------

def test_finding_3_a_commit_inside_a_merged_pull_request_is_never_a_version(tmp_path, capsys):
    """Defence: versions.History reads `git log --first-parent`. Fails without it: a WIP commit
    of a pull request, undone by its next commit, was published as a version of its own."""
    repo, register = _repo_with(tmp_path, "iljoja-networks.yaml", EXAMPLE, "published 2015")
    _git(repo, "checkout", "-qb", "pull-request")
    fixed = EXAMPLE.replace("Niittykatu 28", "Niittykatu 30")     # what the pull request is for
    register.write_text(fixed.replace("  date: 2015-01-01\n", "  date: 2015-01-01\n  updated: 2019-09-09\n"),
                        "utf-8")
    _git(repo, "commit", "-qam", "WIP")
    register.write_text(fixed, "utf-8")
    _git(repo, "commit", "-qam", "undo the WIP date")
    _git(repo, "checkout", "-q", "main")
    _git(repo, "merge", "-q", "--no-ff", "pull-request", "-m", "merge the pull request")
    site = repo / "site"
    code, _, err = cli(capsys, "build", repo / "registers", "--out", site, "--format", "html", "--jobs", "1")
    assert code == 0, err
    assert sorted(p.name for p in (site / "fi" / "iljoja-networks").iterdir()) == ["2015-01-01.html"]
    assert "2019-09-09" not in (site / "sitemap.xml").read_text("utf-8")


def test_finding_3_a_pull_request_merged_with_a_change_is_one_version(tmp_path, capsys):
    """The merge commit of a pull request is a version as it merged (the first-parent diff),
    so a change made in a pull request is published once it is merged, and only then."""
    repo, register = _repo_with(tmp_path, "x.yaml", EXAMPLE, "2015")
    _git(repo, "checkout", "-qb", "pr")
    for day in ("2016-01-01", "2016-02-02"):
        register.write_text(EXAMPLE.replace("  date: 2015-01-01\n", f"  date: 2015-01-01\n  updated: {day}\n"),
                            "utf-8")
        _git(repo, "commit", "-qam", day)
    _git(repo, "checkout", "-q", "main")
    (repo / "README").write_text("notes\n", "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "other work")
    _git(repo, "merge", "-q", "--no-ff", "pr", "-m", "merge")
    register.write_text(EXAMPLE.replace("  date: 2015-01-01\n", "  date: 2015-01-01\n  updated: 2016-02-02\n"),
                        "utf-8")
    site = repo / "site"
    assert cli(capsys, "build", repo / "registers", "--out", site, "--format", "html", "--jobs", "1")[0] == 0
    assert sorted(p.name for p in (site / "fi" / "x").iterdir()) == ["2015-01-01.html", "2016-02-02.html"]


# ---- 4, 10: --cache and --out guarded ----------------------------------------------------

def test_finding_4_cache_inside_git_or_in_a_foreign_folder_is_refused(tmp_path, registers, capsys):
    """Defence: safefs.guard_cache. Fails without it: `--cache .git` deleted git's pack files,
    and a folder of one's own lost every file policy-gen did not write."""
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "f").write_text("x\n", "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "one")
    _git(repo, "gc", "-q")
    before = tree(repo / ".git")
    assert any(name.startswith("objects/pack/") for name in before)
    code, _, err = cli(capsys, "build", registers, "--out", tmp_path / "site", "--cache", repo / ".git", *FAST)
    assert code == 1 and "--cache is inside a .git folder" in err
    assert tree(repo / ".git") == before and not (tmp_path / "site").exists()
    mine = tmp_path / "mine"
    (mine / "objects" / "ab").mkdir(parents=True)
    (mine / "objects" / "ab" / "notes.txt").write_text("keep me\n", "utf-8")
    (mine / "thesis.tex").write_text("keep me\n", "utf-8")
    code, _, err = cli(capsys, "build", registers, "--out", tmp_path / "site", "--cache", mine, *FAST)
    assert code == 1 and "policy-gen did not make" in err
    assert (mine / "objects" / "ab" / "notes.txt").exists() and (mine / "thesis.tex").exists()


def test_finding_4_a_cache_made_by_policy_gen_is_used_again(tmp_path, registers, capsys):
    """The guard lets policy-gen's own cache through (its marker file)."""
    cache = tmp_path / "cache"
    for _ in range(2):
        code, out, err = cli(capsys, "build", registers, "--out", tmp_path / "site", "--cache", cache, *FAST)
        assert code == 0, err
    assert (cache / ".policy-gen-cache").exists() and "0 documents rendered" in out


def test_finding_4_links_planted_inside_the_cache_are_never_followed(tmp_path, registers, capsys):
    """Defence: cache._scrub removes links where the object folders are. Fails without it:
    pruning unused objects deleted the files of a folder linked in as objects/ab."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep me\n", "utf-8")
    (cache / "objects" / "zz").symlink_to(victim, target_is_directory=True)
    (registers / "register-0000.yaml").write_text(
        (registers / "register-0000.yaml").read_text("utf-8").replace("Yhtiö 0 Oy", "Yhtiö Nolla Oy"), "utf-8")
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    assert (victim / "precious.txt").read_text("utf-8") == "keep me\n"
    assert not (cache / "objects" / "zz").exists()


def test_finding_10_out_that_is_a_symbolic_link_is_refused(tmp_path, registers, capsys):
    """Defence: safefs.guard_output. Fails without it: the link was replaced by a folder and a
    .NAME.new-* link was left beside it."""
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    code, _, err = cli(capsys, "build", registers, "--out", link, *FAST)
    assert code == 1 and "--out is a symbolic link" in err and "nothing was written" in err
    assert link.is_symlink() and list(real.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real", "registers"]


def test_finding_10_out_inside_git_is_refused(tmp_path, registers, capsys):
    """Defence: safefs.guard_output. Fails without it: the site was written into .git."""
    (tmp_path / ".git").mkdir()
    code, _, err = cli(capsys, "build", registers, "--out", tmp_path / ".git" / "site", *FAST)
    assert code == 1 and "--out is inside a .git folder" in err
    assert list((tmp_path / ".git").iterdir()) == []


# ---- 5: fixed-name helper files -------------------------------------------------------------

def test_finding_5_a_lock_file_that_is_a_link_is_refused_and_its_target_kept(tmp_path, registers, capsys):
    """Defence: fsutil.exclusive opens the lock with O_NOFOLLOW and no O_TRUNC. Fails without it:
    a .NAME.lock link truncated its target to 0 bytes."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", "utf-8")
    (tmp_path / ".site.lock").symlink_to(victim)
    code, _, err = cli(capsys, "build", registers, "--out", tmp_path / "site", *FAST)
    assert code == 1 and "this lock file is a symbolic link" in err
    assert victim.read_text("utf-8") == "precious\n"


def test_finding_5_migrate_never_writes_through_a_link_at_its_temporary_name(tmp_path, capsys):
    """Defence: migrate creates its temporary file with O_EXCL | O_NOFOLLOW. Fails without it:
    a .x-gdpr.yaml.tmp link made migrate overwrite the link's target."""
    source = tmp_path / "x.yaml"
    source.write_text(EXAMPLE, "utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", "utf-8")
    (tmp_path / ".x-gdpr.yaml.tmp").symlink_to(victim)
    code, out, err = cli(capsys, "migrate", source, "--to", "gdpr")
    assert code == 0, err
    assert victim.read_text("utf-8") == "precious\n"
    assert (tmp_path / "x-gdpr.yaml").read_text("utf-8").count("framework: gdpr") == 1


# ---- 6: template overrides ----------------------------------------------------------------------

def test_finding_6_a_link_in_a_templates_folder_is_refused(tmp_path, registers, capsys):
    """Defence: safefs.refuse_links on --templates. Fails without it: an asset linked to a file
    outside was copied into the public site."""
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n", "utf-8")
    override = tmp_path / "my-templates"
    (override / "assets").mkdir(parents=True)
    (override / "assets" / "leak.css").symlink_to(secret)
    site = tmp_path / "site"
    code, _, err = cli(capsys, "build", registers, "--out", site, "--templates", override, *FAST)
    assert code == 1 and f"{override / 'assets' / 'leak.css'}:1:1: error: --templates: this is a symbolic link" in err
    assert not site.exists()


def test_finding_6_template_overrides_run_in_jinja_s_sandbox(tmp_path, registers, capsys):
    """Defence: an override is rendered in ImmutableSandboxedEnvironment. Fails without it:
    `cycler.__init__.__globals__.os.popen(...)` ran a shell command."""
    pwned = tmp_path / "pwned"
    override = tmp_path / "my-templates"
    override.mkdir()
    builtin = (ROOT / "templates" / "document.html.j2").read_text("utf-8")
    (override / "document.html.j2").write_text(
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(pwned) + "').read() }}\n" + builtin, "utf-8")
    site = tmp_path / "site"
    code, _, err = cli(capsys, "build", registers, "--out", site, "--templates", override, *FAST)
    assert code == 1, err
    assert f"{override / 'document.html.j2'}:1:1: error: template error:" in err
    assert not pwned.exists() and not site.exists()


def test_finding_6_a_copy_of_the_built_in_templates_renders_the_same_in_the_sandbox(tmp_path, registers, capsys):
    """The sandbox does not change what correct templates make."""
    import shutil
    override = tmp_path / "copy"
    shutil.copytree(ROOT / "templates", override)
    plain, sandboxed = tmp_path / "plain", tmp_path / "sandboxed"
    assert cli(capsys, "build", registers, "--out", plain, "--no-cache", *FAST)[0] == 0
    assert cli(capsys, "build", registers, "--out", sandboxed, "--no-cache", "--templates", override, *FAST)[0] == 0
    assert tree(plain) == tree(sandboxed)


# ---- 7: whole strings ------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, message", [
    ("business_id: 2039096-6", 'business_id: "2039096-5\\n"', "write the business ID as seven digits"),
    ("business_id: 2039096-6", 'business_id: "2039096-6\\n"', "write the business ID as seven digits"),
    ("  phone: +358 (0)9 3157 6885\n\ncontact", '  phone: "+358 9 3157 6885\\n"\n\ncontact', "write a phone number"),
    ("  date: 2015-01-01", '  date: "2015-01-01\\n"', "write the date as YYYY-MM-DD"),
])
def test_finding_7_a_trailing_newline_does_not_pass_a_value_check(register, run, old, new, message):
    """Defence: strict_schema reads a pattern's final `$` as the end of the text (and schema.check
    never accepts what jsonschema-rs refuses). Fails without it: "2039096-5\\n" validated and was
    published with a wrong check digit; a date with \\n crashed build."""
    written = register((old, new))
    code, out, err = run("validate", written.path)
    assert code == 1, out
    assert message in err and WHERE.match(err.splitlines()[0])
    code, _, err = run("build", written.path, "--out", written.path.parent.parent / "site", *FAST)
    assert code == 1 and message in err


# ---- 8: control characters, surrogates, nesting --------------------------------------------------

@pytest.mark.parametrize("raw, name", [
    ("\x0b", "U+000B"), ("\x0c", "U+000C"), ("\x00", "U+0000"), ("\x1b", "U+001B"), ("\x7f", "U+007F"),
    ("\ufffe", "U+FFFE"), ("\\ud800", "U+D800"), ("\\e[31m", "U+001B"), ("\\0", "U+0000"),
])
def test_finding_8_control_characters_and_lone_surrogates_are_input_errors(register, run, raw, name):
    """Defence: limits.check_text (raw characters, at their column) and limits.value_problem
    (after YAML's escapes). Fails without it: exit 3 with no FILE:LINE:COL."""
    written = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri\n", f'register_name: "Asiakas{raw}"\n'))
    code, _, err = run("validate", written.path)
    assert code == 1
    line, col = written.pos('register_name: "Asiakas')
    first = err.splitlines()[0]
    assert first.startswith(f"{written.path}:{line}:") and name in first, first
    column = int(first.split(":")[2])
    assert column in (col + len("register_name: "), col + len('register_name: "Asiakas'))  # value or character


def test_finding_8_nesting_deeper_than_python_recurses_is_an_input_error(tmp_path, run):
    """Defence: the loader catches RecursionError and limits.too_deep finds where the nesting
    passes the limit. Fails without it: exit 3, RecursionError."""
    path = tmp_path / "deep.yaml"
    path.write_text("framework: gdpr\nx: " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    code, _, err = run("validate", path)
    assert code == 1
    assert err.splitlines()[0].startswith(f"{path}:2:") and "nested more than 20 levels" in err


def test_finding_8_one_bad_file_does_not_stop_the_others(tmp_path, run):
    """Defence: as above (an input error, not a crash). Fails without it: one file with a control
    character stopped validate of every other file, and build --keep-going published nothing."""
    folder = tmp_path / "registers"
    write_registers(folder, 2)
    bad = folder / "register-0000.yaml"
    bad.write_text(bad.read_text("utf-8").replace("Yhtiö 0 Oy", "Yhtiö\x1b[2J 0 Oy"), "utf-8")
    other = folder / "register-0001.yaml"
    other.write_text(other.read_text("utf-8").replace("2039096-6", "2039096-5"), "utf-8")
    code, _, err = run("validate", folder)
    assert code == 1 and f"{bad}:" in err and f"{other}:" in err and "check digit" in err
    other.write_text(other.read_text("utf-8").replace("2039096-5", "2039096-6"), "utf-8")
    code, _, err = run("build", folder, "--out", tmp_path / "site", "--keep-going", *FAST)
    assert code == 1 and (tmp_path / "site" / "fi" / "register-0001.html").exists()


def test_finding_8_a_draft_with_a_control_character_in_the_history_is_skipped(tmp_path, run):
    """Defence: as above: such a commit is an invalid draft, skipped. Fails without it: every
    later build failed with exit 3."""
    repo, register = _repo_with(tmp_path, "x.yaml", EXAMPLE.replace("register_name: Asiakas-", "register_name: Asiakas\x00-"),
                                "draft", branch=None)
    register.write_text(EXAMPLE, "utf-8")
    _git(repo, "commit", "-qam", "fixed")
    code, _, err = run("build", repo / "registers", "--out", repo / "site", "--format", "html", "--jobs", "1")
    assert code == 0, err


def test_a_version_in_the_history_larger_than_a_register_may_be_is_refused(tmp_path, run):
    """Defence: limits.check_text refuses a text over MAX_FILE_BYTES, which load_text calls for
    the git history's versions too. Fails without it: a 300 KiB version, which no register file
    may be, was read from a commit and published; now it is an invalid draft, skipped."""
    big = EXAMPLE.replace("  date: 2015-01-01\n", "  date: 2015-01-01\n  updated: 2016-01-01\n") + "#" * 300_000 + "\n"
    repo, register = _repo_with(tmp_path, "x.yaml", EXAMPLE, "2015", branch=None)
    register.write_text(big, "utf-8")
    _git(repo, "commit", "-qam", "big")
    register.write_text(EXAMPLE, "utf-8")
    _git(repo, "commit", "-qam", "back")
    code, _, err = run("build", repo / "registers", "--out", repo / "site", "--format", "html", "--jobs", "1")
    assert code == 0, err
    assert not (repo / "site" / "fi" / "x" / "2016-01-01.html").exists()      # an invalid draft, skipped


# ---- 9: merge trusts nothing in a shard ------------------------------------------------------------

def _shard(tmp_path, registers, capsys) -> Path:
    part = tmp_path / "shard"
    assert cli(capsys, "build", registers, "--out", part, "--no-cache", *FAST)[0] == 0
    return part


@pytest.mark.parametrize("link", ["javascript:alert(document.domain)", "https://evil.example/fi/x.html",
                                  "//evil.example/x.html", "fi/not-listed.html"])
def test_finding_9_merge_refuses_links_that_are_not_files_of_the_shard(tmp_path, registers, capsys, link):
    """Defence: safefs.unsafe_site_paths in read_manifest. Fails without it: a document link
    javascript:… or an outside address reached index.html and sitemap.xml."""
    part = _shard(tmp_path, registers, capsys)
    os.chmod(part / "manifest.json", 0o644)
    manifest = json.loads((part / "manifest.json").read_text("utf-8"))
    manifest["documents"][0]["page"] = link
    (part / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    merged = tmp_path / "merged"
    code, _, err = cli(capsys, "merge", part, "--out", merged)
    assert code == 1 and "the manifest names a file outside the site" in err
    assert not merged.exists()


@pytest.mark.parametrize("files", [["index.html"], {"fi/x.html": "abc"}, {"fi/x.html": {"sha256": 5}}])
def test_merge_refuses_a_manifest_whose_files_are_of_the_wrong_shape(tmp_path, registers, capsys, files):
    """Defence: read_manifest checks the types of 'files'. Fails without it: a list, or entries
    that are not {sha256: hex}, ended the merge in an internal error (exit 3)."""
    part = _shard(tmp_path, registers, capsys)
    os.chmod(part / "manifest.json", 0o644)
    manifest = json.loads((part / "manifest.json").read_text("utf-8"))
    manifest["files"] = files
    (part / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    code, _, err = cli(capsys, "merge", part, "--out", tmp_path / "merged")
    assert code == 1 and "no readable manifest.json" in err and not (tmp_path / "merged").exists()


@pytest.mark.parametrize("key, value", [("title", {"a": 1}), ("lang", "xx"), ("historical", "no"),
                                        ("files", {"exe": "fi/x.exe"})])
def test_merge_refuses_a_manifest_entry_of_the_wrong_types(tmp_path, registers, capsys, key, value):
    """Defence: site.DocumentEntry.from_json checks each value's type. Fails without it: a title
    {'a': 1} was published as the text "{'a': 1}", a document in language 'xx' left out without a
    word, 'historical': 'no' listed as historical, a format policy-gen has not kept."""
    part = _shard(tmp_path, registers, capsys)
    os.chmod(part / "manifest.json", 0o644)
    manifest = json.loads((part / "manifest.json").read_text("utf-8"))
    manifest["documents"][0][key] = value
    (part / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    code, _, err = cli(capsys, "merge", part, "--out", tmp_path / "merged")
    assert code == 1 and "no readable manifest.json" in err and not (tmp_path / "merged").exists()


def test_finding_9_merge_refuses_markup_in_a_shard_s_dates(tmp_path, registers, capsys):
    """Defence: safefs.unsafe_site_paths checks the dates that go into sitemap.xml unescaped.
    Fails without it: markup in a shard's `date` reached sitemap.xml."""
    part = _shard(tmp_path, registers, capsys)
    os.chmod(part / "manifest.json", 0o644)
    manifest = json.loads((part / "manifest.json").read_text("utf-8"))
    manifest["documents"][0]["date"] = "</lastmod><loc>https://evil.example/</loc><lastmod>"
    (part / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    code, _, err = cli(capsys, "merge", part, "--out", tmp_path / "merged")
    assert code == 1 and not (tmp_path / "merged").exists()


def test_finding_9_merge_refuses_a_symbolic_link_inside_a_shard(tmp_path, registers, capsys):
    """Defence: merge reads each file with safefs.read_inside (no link). Fails without it: a link
    inside a shard, even to a file with the right bytes, was merged into the site."""
    part = _shard(tmp_path, registers, capsys)
    victim = next(part.glob("fi/*.md"))
    outside = tmp_path / "outside.md"
    outside.write_bytes(victim.read_bytes())
    victim.unlink()
    victim.symlink_to(outside)
    merged = tmp_path / "merged"
    code, _, err = cli(capsys, "merge", part, "--out", merged)
    assert code == 1 and f"{victim}:1:1: error: this file is missing or differs" in err
    assert not merged.exists()


# ---- 11: what reaches the terminal and CI --------------------------------------------------------

def test_finding_11_values_cannot_forge_annotations_or_control_the_terminal(register, run, monkeypatch):
    """Defence: termsafe.for_terminal / for_annotation in the command's reports. Fails without it:
    a value holding \\n::error file=…:: printed a second, fake annotation line."""
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    written = register(("business_id: 2039096-6",
                        'business_id: "2039096-6\\n::error file=.github/workflows/x.yml,line=1::approved\\u202e"'))
    code, out, err = run("validate", written.path)
    assert code == 1
    lines = out.splitlines() + err.splitlines()
    assert [line for line in lines if line.startswith("::")] == [out.splitlines()[0]]
    assert out.count("::error") == 1 + 1 and "%0A" in out    # ours, and the value's, escaped
    assert "\\n::error" in err and "\\u202e" in err and "\u202e" not in err + out


def test_finding_11_for_terminal_escapes_every_control():
    from policy_gen.termsafe import for_annotation, for_terminal
    assert for_terminal("a\x1b[2Jb\r\n\t\u2028\ud800ö€") == "a\\x1b[2Jb\\r\\n\\t\\u2028\\ud800ö€"
    assert for_annotation("50%\n::x", prop=True) == "50%25%0A%3A%3Ax"


# ---- 12: limits ----------------------------------------------------------------------------------

def test_finding_12_a_register_of_100000_list_items_is_refused_naming_the_limit(tmp_path, run):
    """Defence: limits.MAX_FILE_BYTES / MAX_LIST_ITEMS. Fails without it: such a register took
    minutes and gigabytes to render."""
    items = "".join(f"    - kohta {i}\n" for i in range(100_000))
    big = tmp_path / "big.yaml"
    big.write_text(EXAMPLE.replace("  items:\n", "  items:\n" + items, 1), "utf-8")
    code, _, err = run("validate", big)
    assert code == 1 and f"{big}:1:1: error: the file is larger than 256 KiB" in err
    items = "".join(f"    - k{i}\n" for i in range(501))
    long = tmp_path / "long.yaml"
    long.write_text(EXAMPLE.replace("  items:\n", "  items:\n" + items, 1), "utf-8")
    code, _, err = run("validate", long)
    assert code == 1 and "this list has 50" in err and "at most 500" in err
    assert WHERE.match(err.splitlines()[0])


def test_finding_12_a_huge_file_behind_a_link_is_refused_unread(tmp_path, run):
    """Defence: limits.read_register reads at most MAX_FILE_BYTES + 1 bytes. Fails without it:
    the whole file was read (gigabytes through a link)."""
    folder = tmp_path / "registers"
    folder.mkdir()
    data = folder / "data.bin"
    with open(data, "wb") as fh:
        fh.truncate(64 * 1024 * 1024)             # sparse: 64 MiB of nothing on the disk
    (folder / "huge.yaml").symlink_to("data.bin")
    code, _, err = run("validate", folder / "huge.yaml")
    assert code == 1 and "larger than 256 KiB" in err
    (folder / "dev.yaml").symlink_to("/dev/zero")
    code, _, err = run("validate", folder / "dev.yaml")
    assert code == 1


def test_finding_12_a_long_text_and_too_many_values_are_refused(tmp_path, run):
    long = tmp_path / "long.yaml"
    long.write_text(EXAMPLE.replace("register_name: Asiakas-", "register_name: " + "a" * 20_001 + " "), "utf-8")
    code, _, err = run("validate", long)
    assert code == 1 and "at most 20000" in err and WHERE.match(err.splitlines()[0])


# ---- 13: no file outside the registers folder quoted -----------------------------------------------

def test_finding_13_a_link_out_of_the_registers_folder_is_not_read(tmp_path, run):
    """Defence: registers.discover refuses a link whose target lies outside its folder. Fails
    without it: the messages quoted the linked file's contents."""
    folder = tmp_path / "registers"
    folder.mkdir()
    secret = tmp_path / "secret.yaml"
    secret.write_text("DATABASE_PASSWORD: hunter2\n", "utf-8")
    (folder / "leak.yaml").symlink_to(secret)
    (folder / "ok.yaml").write_text(EXAMPLE, "utf-8")
    (folder / "alias.yaml").symlink_to("ok.yaml")      # a link inside the folder is fine
    code, _, err = run("validate", folder)
    assert code == 1
    assert "hunter2" not in err and "DATABASE_PASSWORD" not in err
    assert f"{folder / 'leak.yaml'}:1:1: error: this is a symbolic link to a file outside its folder" in err
    assert err.count("error:") == 1


# ---- 14: workers and the lock ---------------------------------------------------------------------

def test_finding_14_the_lock_is_never_removed_while_held(tmp_path, registers, capsys):
    """Defence: fsutil.exclusive leaves the lock file in place. Fails without it: a build that had
    the lock file open locked the removed file while another build locked a new one."""
    site = tmp_path / "site"
    lock_path = tmp_path / ".site.lock"
    lock_path.touch()
    early = open(lock_path, "rb")          # another build that opened the lock file first
    try:
        assert cli(capsys, "build", registers, "--out", site, *FAST)[0] == 0
        fcntl.flock(early, fcntl.LOCK_EX | fcntl.LOCK_NB)    # that other build now holds the lock
        code, _, err = cli(capsys, "build", registers, "--out", site, *FAST)
        assert code == 1 and "another policy-gen is writing this folder" in err
    finally:
        early.close()


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(p) for p in text.split())
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
def test_finding_14_workers_end_with_a_killed_build(tmp_path):
    """Defence: lifeline.die_with_parent (PR_SET_PDEATHSIG) in every worker. Fails without it:
    the workers of a build killed with SIGKILL rendered on into its staging folder."""
    folder = tmp_path / "registers"
    write_registers(folder, 12)
    command = [sys.executable, "-m", "policy_gen", "build", str(folder), "--out", str(tmp_path / "site"),
               "--jobs", "2", "--no-history", "--no-cache", "--format", "html,pdf"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        process.stderr.readline()           # a document is rendered: the workers are at work
        workers = {pid for pid in _children(process.pid)
                   if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()
                   and b"resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_bytes()}
        assert workers
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    for _ in range(100):                    # the kernel kills them at once; wait at most 10 s
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def test_a_folder_planted_at_an_objects_name_in_the_cache_is_removed(tmp_path, registers, capsys):
    """Defence: cache._scrub looks inside each object folder. Fails without it: a folder at an
    object's name (objects/00/000…) made every later build that changed the cache end in
    'this is a folder … nothing was written', after the new site had already been swapped in."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    (cache / "objects" / "00" / ("0" * 64)).mkdir(parents=True)
    first = sorted(registers.glob("*.yaml"))[0]
    first.write_text(first.read_text("utf-8").replace("Oy", "Oyj", 1), "utf-8")
    for _ in range(2):
        code, _, err = cli(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)
        assert code == 0, err
    assert not (cache / "objects" / "00" / ("0" * 64)).exists()
