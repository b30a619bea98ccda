"""A framework and a format from another package, found through entry points.

tests/plugins/policy_gen_toy is a package like any other: its pyproject.toml
declares a framework ("toy") and a format ("txt") in the entry-point groups
policy_gen.frameworks and policy_gen.renderers. The tests make it installed the
way pip would for a wheel (a *.dist-info folder with its entry_points.txt beside
the package, on the path) and run policy-gen in a process of its own.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TOY = Path(__file__).resolve().parent / "plugins" / "policy_gen_toy"

REGISTER = """\
framework: toy
languages: [fi, en]
document:
  date: 2024-05-02
controller:
  name: Lelu Oy
  business_id: 2039096-6
  email: lelu@example.fi
register_name: {fi: Lelurekisteri, en: Toy register}
notice:
  intro:
    - {fi: Tämä on ilmoitus., en: This is a notice.}
  items:
    - {fi: ensimmäinen kohta, en: the first item}
"""


def install(target: Path) -> Path:
    """The toy package as pip installs a wheel: the package, and its metadata with the
    entry points read from its own pyproject.toml."""
    project = tomllib.loads((TOY / "pyproject.toml").read_text("utf-8"))["project"]
    shutil.copytree(TOY / "policy_gen_toy", target / "policy_gen_toy")
    info = target / f"policy_gen_toy-{project['version']}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    groups = project["entry-points"]
    (info / "entry_points.txt").write_text("".join(
        f"[{group}]\n" + "".join(f"{name} = {ref}\n" for name, ref in refs.items()) + "\n"
        for group, refs in groups.items()))
    return target


def run(*argv, path: Path, cwd: Path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(path), str(ROOT)])}
    return subprocess.run([sys.executable, "-m", "policy_gen", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.links = [], []

    def handle_data(self, data):
        self.text.append(data)

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def parse(path: Path) -> _Text:
    parser = _Text()
    parser.feed(path.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def toy_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("toy")
    path = install(tmp / "site-packages")
    registers = tmp / "registers"
    registers.mkdir()
    (registers / "lelut.yaml").write_text(REGISTER, "utf-8")
    # the built-in example too: the toy framework and format sit beside the built-in ones
    shutil.copy(ROOT / "registers" / "iljoja-networks.yaml", registers)
    done = run("build", str(registers), "--out", str(tmp / "site"), "--no-history", "--jobs", "2",
               path=path, cwd=tmp)
    return tmp, path, done


def test_the_toy_framework_and_format_build_a_site(toy_site):
    tmp, _, done = toy_site
    assert done.returncode == 0, done.stderr
    site = tmp / "site"
    # the toy format is one of the formats by default, for every framework
    assert "html, pdf, md, json, txt" in done.stdout
    text = (site / "fi" / "lelut.txt").read_text("utf-8")
    assert text.splitlines()[0] == "Lelurekisterin ilmoitus Lelu Oy 2.5.2024"   # own type, common title
    assert "2. Ilmoitus" in text and "Tämä on ilmoitus." in text and "- ensimmäinen kohta" in text
    assert (site / "fi" / "iljoja-networks.txt").is_file()
    en = parse(site / "en" / "lelut.html")
    assert "Toy Act 1/2024" in en.text and "Notice" in en.text           # its own catalogue, in English
    assert "Register controller" in en.text                              # falls back to henkilotietolaki-10
    # the page offers the toy format as a download, labelled from the plug-in's catalogue
    assert {"href": "lelut.txt", "type": "text/plain"}.items() <= next(
        a for a in en.links if a.get("href") == "lelut.txt").items()
    assert "Plain text" in en.text
    index = parse(site / "index.html")
    assert any(a.get("href") == "fi/lelut.txt" for a in index.links) and "Teksti" in index.text
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    entry = next(d for d in manifest["documents"] if d["id"] == "lelut" and d["lang"] == "fi")
    assert entry["framework"] == "toy" and entry["files"]["txt"] == "fi/lelut.txt"


def test_the_toy_framework_is_validated_by_its_own_schema_and_checks(toy_site):
    tmp, path, _ = toy_site
    bad = tmp / "bad"
    bad.mkdir()
    (bad / "lelut.yaml").write_text(REGISTER.replace("business_id: 2039096-6", "business_id: 2039096-5")
                                    .replace("notice:", "notis:"), "utf-8")
    done = run("validate", str(bad), path=path, cwd=tmp)
    assert done.returncode == 1
    assert "lelut.yaml:7:16: error: business ID 2039096-5: the check digit should be 6" in done.stderr
    assert "unknown key 'notis' — did you mean 'notice'?" in done.stderr


def test_the_toy_format_can_be_chosen_alone(toy_site):
    tmp, path, _ = toy_site
    done = run("build", str(tmp / "registers"), "--out", str(tmp / "txt-only"), "--no-history",
               "--format", "txt", "--jobs", "1", path=path, cwd=tmp)
    assert done.returncode == 0, done.stderr
    files = sorted(p.relative_to(tmp / "txt-only").as_posix() for p in (tmp / "txt-only").glob("*/*.txt"))
    assert files == ["en/lelut.txt", "fi/iljoja-networks.txt", "fi/lelut.txt"]
    assert not (tmp / "txt-only" / "index.html").exists()     # no web pages: no index


def test_without_the_package_neither_exists(tmp_path):
    """The toy comes only through its entry points: without its metadata it is unknown."""
    (tmp_path / "registers").mkdir()
    (tmp_path / "registers" / "lelut.yaml").write_text(REGISTER, "utf-8")
    done = run("validate", str(tmp_path / "registers"), path=tmp_path, cwd=tmp_path)
    assert done.returncode == 1 and "framework 'toy' is unknown" in done.stderr
    done = run("build", "--format", "txt", path=tmp_path, cwd=tmp_path)
    assert done.returncode == 2 and "unknown format txt" in done.stderr
