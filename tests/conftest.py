"""Shared fixtures: registers made from the example by replacing one line, and the CLI in-process."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

# The tests build this checkout's registers/ but must not depend on its git history (a CI
# clone may be shallow, which `build` rightly refuses): git does not look above ROOT.
# The tests of versions make repositories of their own. Subprocesses inherit this.
os.environ["GIT_CEILING_DIRECTORIES"] = str(Path(__file__).resolve().parent.parent)
# Messages are in the locale's language (cli.language_from_environment): the tests read English.
for _name in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

from policy_gen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "registers" / "iljoja-networks.yaml"


@dataclass
class Written:
    """A register file written for a test, and where things stand in it."""

    path: Path
    text: str

    def pos(self, line_text: str, value: str | None = None) -> tuple[int, int]:
        """(line, column), 1-based, of the only line containing `line_text` (ending it with a
        newline matches the end of the line), at `value` in it, or at its first non-blank character."""
        hits = [i for i, line in enumerate(self.text.splitlines()) if line_text in line + "\n"]
        assert len(hits) == 1, f"{line_text!r} is on lines {[i + 1 for i in hits]}"
        line = self.text.splitlines()[hits[0]]
        col = line.index(value) if value is not None else len(line) - len(line.lstrip())
        return hits[0] + 1, col + 1

    def at(self, line_text: str, value: str | None = None) -> str:
        """The `FILE:LINE:COL: error: ` prefix a problem there is reported with."""
        line, col = self.pos(line_text, value)
        return f"{self.path}:{line}:{col}: error: "


@pytest.fixture
def example_text() -> str:
    return EXAMPLE.read_text("utf-8")


@pytest.fixture
def register(tmp_path, example_text):
    """register(("old", "new"), ..., name=..., folder=...): the example with each `old` (found
    exactly once) replaced by `new`, written as <folder>/<name>.yaml."""

    def write(*replacements: tuple[str, str], name: str = "register", folder: Path | None = None) -> Written:
        text = example_text
        for old, new in replacements:
            assert text.count(old) == 1, f"{old!r} is not in the example exactly once"
            text = text.replace(old, new)
        path = (folder or tmp_path / "registers") / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        return Written(path, text)

    return write


@pytest.fixture
def run(capsys):
    """run("validate", ...) -> (exit code, stdout, stderr) of policy-gen, in-process."""

    def invoke(*argv: str) -> tuple[int, str, str]:
        code = main([str(a) for a in argv])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke


@pytest.fixture
def problems(run, tmp_path):
    """problems(path, ...) -> the problem lines policy-gen reports for the registers, after checking
    that `validate` and `build` both exit 1 with the same report, and that `build` wrote nothing."""

    def report(*paths) -> list[str]:
        code, out, err = run("validate", *paths)
        assert (code, out) == (1, "")
        *lines, summary = err.splitlines()
        plural = "s" if len(lines) != 1 else ""
        assert summary == f"policy-gen: {len(lines)} problem{plural} found"   # validate never writes
        site = tmp_path / "site"
        build_err = err.replace(summary, summary + "; nothing was written")
        assert run("build", *paths, "--out", site, "--format", "html,md,json") == (1, "", build_err)
        assert not site.exists() and not list(tmp_path.glob(".site*"))   # no staging folder left either
        return lines

    return report
