"""What an attacker's review of the day's work found, each pinned by a test that fails
without its defence (each was seen failing before the fix)."""
from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from policy_gen.cli import main
from test_security import alter_cached_data

ROOT = Path(__file__).resolve().parent.parent
GDPR = (ROOT / "registers" / "iljoja-networks-gdpr.yaml").read_text("utf-8")
OLD = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
FAST = ("--format", "html,md,json", "--no-history", "--jobs", "1")


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    return code, capsys.readouterr().err


@pytest.fixture
def registers(tmp_path) -> Path:
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "iljoja-networks.yaml").write_text(OLD, "utf-8")
    (folder / "iljoja-networks-gdpr.yaml").write_text(GDPR, "utf-8")
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_an_object_slot_holding_a_mapping_is_ignored(tmp_path, registers, capsys):
    """Defence: Cache.get(key, kind). Fails without it: a render key's entry edited to a mapping
    was taken as a cached file and the build ended in an internal error (exit 3)."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert run(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    first = tree(site)
    index = json.loads((cache / "index.json").read_text("utf-8"))
    for key, value in index["entries"].items():
        if isinstance(value, str):
            index["entries"][key] = {"x": 1}
    (cache / "index.json").write_text(json.dumps(index), "utf-8")
    code, err = run(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)
    assert code == 0, err
    assert tree(site) == first


def test_cached_data_with_a_date_that_does_not_exist_is_validated_again(tmp_path, registers, capsys):
    """Defence: registers._still_valid runs the checks the documents rely on. Fails without it:
    validated data altered in the cache to 2015-02-30 (the schema accepts its shape) crashed
    every later build (exit 3)."""
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert run(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)[0] == 0
    first = tree(site)
    assert alter_cached_data(cache, lambda data: data["document"].update(date="2015-02-30")) == 2
    code, err = run(capsys, "build", registers, "--out", site, "--cache", cache, *FAST)
    assert code == 0, err
    assert tree(site) == first


def test_two_notices_cannot_replace_the_same_document(tmp_path, registers, capsys):
    """Defence: check_references refuses a second `replaces` of the same register. Fails
    without it: a new file silently took over the historical notice's link."""
    (registers / "zz-other.yaml").write_text(GDPR, "utf-8")
    code, err = run(capsys, "build", registers, "--out", tmp_path / "site", *FAST)
    assert code == 1
    assert "zz-other.yaml:13:13: error: 'document.replaces: iljoja-networks' is already named by " \
           "iljoja-networks-gdpr" in err
    assert not (tmp_path / "site").exists()


def test_deeply_nested_emphasis_prints_as_text(tmp_path, capsys):
    """Defence: inline.MAX_DEPTH. Fails without it: 2,000 asterisks on each side of a word made
    the renderers recurse past Python's limit (exit 3)."""
    folder = tmp_path / "registers"
    folder.mkdir()
    deep = "*" * 2000 + "a" + "*" * 2000
    text = GDPR.replace("data_subjects:\n", f'data_subjects:\n  blocks:\n    - {{fi: "{deep}", sv: "{deep}", '
                                            f'en: "{deep}"}}\n', 1)
    (folder / "x.yaml").write_text(text, "utf-8")
    code, err = run(capsys, "build", folder, "--out", tmp_path / "site", *FAST)
    assert code == 0, err
    assert "a" in (tmp_path / "site" / "fi" / "x.html").read_text("utf-8")


def test_an_effective_date_that_does_not_exist_is_an_input_error(tmp_path, capsys):
    """Defence: the date check covers document.effective. Fails without it: validate said ok
    and build ended in an internal error (exit 3)."""
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "x.yaml").write_text(GDPR.replace("  date: 2026-11-01", "  date: 2026-11-01\n  effective: 2015-02-30"),
                                   "utf-8")
    code, err = run(capsys, "validate", folder)
    assert code == 1 and "x.yaml:13:14: error: the date 2015-02-30 does not exist" in err


@pytest.mark.parametrize("text", ["framework: [gdpr]\n", "framework: {x: y}\n", GDPR + "extra_sections: true\n"])
def test_values_of_the_wrong_shape_are_input_errors(tmp_path, capsys, text):
    """Defence: the checks read lists and names only when they are lists and names
    (diagnostics.as_list). Fails without it: these ended `validate` in an internal error (exit 3)."""
    (tmp_path / "x.yaml").write_text(text, "utf-8")
    code, err = run(capsys, "validate", tmp_path / "x.yaml")
    assert code == 1, err
    assert "internal error" not in err and "x.yaml:" in err


def test_check_output_never_writes_through_a_link(tmp_path, capsys):
    """Defence: the report is written through a new file (fsutil.write_atomic). Fails without
    it: a link committed at the report's name had its target overwritten."""
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", "utf-8")
    report = tmp_path / "report.sarif"
    report.symlink_to(precious)
    code = main(["check", str(ROOT / "registers"), "--format", "sarif", "--output", str(report)])
    capsys.readouterr()
    assert code == 0
    assert precious.read_text("utf-8") == "keep me"
    assert not report.is_symlink() and json.loads(report.read_text("utf-8"))["version"] == "2.1.0"


def test_the_preview_reads_no_register_through_a_link_out_of_its_folder(tmp_path):
    """Defence: Preview.registers uses discover's rules. Fails without it: a link to a file
    outside the folder was read and its contents shown."""
    from policy_gen import preview
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / "ok.yaml").write_text(GDPR, "utf-8")
    (tmp_path / "secret.yml").write_text("SECRET: x\n", "utf-8")
    (folder / "sec.yaml").symlink_to(tmp_path / "secret.yml")
    assert set(preview.Preview([str(folder)]).registers()) == {"ok"}


def test_import_refuses_a_document_that_unpacks_to_far_too_much(tmp_path, capsys):
    """Defence: readers.MAX_UNPACKED_BYTES, checked before parsing. Fails without it: a small
    .docx of 40 MB of XML was parsed for minutes."""
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document>" + " " * (40 * 1024 * 1024) + "</w:document>")
    assert bomb.stat().st_size < 1024 * 1024
    code, err = run(capsys, "import", bomb)
    assert code == 1 and "unpacks to more than 30 MiB" in err
    assert not (tmp_path / "bomb.yaml").exists()


def test_an_imported_file_name_cannot_write_yaml(tmp_path, capsys):
    """Defence: the file name is escaped in the header comment. Fails without it: a line break
    in the name started a YAML line of its own."""
    name = tmp_path / "a\ncontact: {name: X}\n#.txt"
    name.write_text((ROOT / "tests" / "fixtures" / "rekisteriseloste-iljoja-networks-2015.txt")
                    .read_text("utf-8"), "utf-8")
    out = tmp_path / "out.yaml"
    code, err = run(capsys, "import", name, "--out", out)
    assert code == 0, err
    head, _ = out.read_text("utf-8").split("\nframework:", 1)
    header = head.splitlines()               # the comments, in the register's language (Finnish)
    assert all(line.startswith("# ") for line in header) and header[1].startswith("# Tuotu komennolla")
    assert "a\\ncontact: {name: X}\\n#.txt" in " ".join(line[2:] for line in header)
    assert "\ncontact: {name: X}" not in out.read_text("utf-8")


def test_shards_link_a_historical_document_to_its_successor_in_another_shard(tmp_path, registers, capsys):
    """Defence: a sharded build reads who replaces whom from every file (successors_in). Fails
    without it: the shard with the rekisteriseloste lost the link, so the merge differed from
    one build."""
    whole = tmp_path / "whole"
    assert run(capsys, "build", registers, "--out", whole, *FAST)[0] == 0
    parts = []
    for k in (1, 2):
        part = tmp_path / f"part{k}"
        assert run(capsys, "build", registers, "--out", part, "--shard", f"{k}/2", *FAST)[0] == 0
        parts.append(part)
    merged = tmp_path / "merged"
    assert main(["merge", *map(str, parts), "--out", str(merged)]) == 0
    capsys.readouterr()
    page = (merged / "fi" / "iljoja-networks.html").read_text("utf-8")
    assert 'href="iljoja-networks-gdpr.html"' in page
    assert tree(merged) == tree(whole)


ESC = "\x1b[31mR\n::error::forged"


def test_values_typed_on_the_command_line_reach_the_terminal_escaped(tmp_path, capsys):
    """An argument error quotes the value typed, and migrate's and new's 'wrote' lines name the file:
    each with ESC and a line break reached the terminal raw, able to colour it and to forge a CI
    '::error::' line (fails without for_terminal in _Parser.error, migrate.run and scaffold.run)."""
    from policy_gen.cli import main
    OLD = Path(__file__).resolve().parent.parent / "registers" / "iljoja-networks.yaml"
    with pytest.raises(SystemExit):
        main(["validate", "--jobs", ESC])
    said = capsys.readouterr()
    assert main(["migrate", str(OLD), "--to", "gdpr", "--out", str(tmp_path / f"o{ESC}.yaml")]) == 0
    said_migrate = capsys.readouterr()
    assert main(["new", "r", "--dir", str(tmp_path / f"d{ESC}")]) == 0
    said_new = capsys.readouterr()
    for text in (said.err, said_migrate.out, said_new.out):
        assert "\x1b" not in text and "\n::error::" not in text, text
