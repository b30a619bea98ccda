"""Property-based tests of load, validate and build (docs/security.md).

Generated and mutated registers give correct output or exit 1 with FILE:LINE:COL
problems: never exit 3, never a traceback, never a partial site.

The suite runs a few dozen examples so that it stays fast; a long run sets
POLICY_GEN_FUZZ_EXAMPLES (validate) and POLICY_GEN_FUZZ_BUILDS (build), for example

    POLICY_GEN_FUZZ_EXAMPLES=10000 POLICY_GEN_FUZZ_BUILDS=300 .venv/bin/python -m pytest -q tests/test_fuzz.py
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from policy_gen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [(ROOT / "registers" / name).read_text("utf-8")
            for name in ("iljoja-networks.yaml", "iljoja-networks-gdpr.yaml")]
WHERE = re.compile(r"[^\n]+:\d+:\d+: error: [^\n]+")
SUMMARY = re.compile(r"policy-gen: \d+ problems? found(; nothing was written)?")

VALIDATE_EXAMPLES = int(os.environ.get("POLICY_GEN_FUZZ_EXAMPLES", "40"))
BUILD_EXAMPLES = int(os.environ.get("POLICY_GEN_FUZZ_BUILDS", "6"))
COMMON = dict(deadline=None, derandomize=not os.environ.get("POLICY_GEN_FUZZ_RANDOM"),
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], database=None)

# what a hostile or careless edit puts in: YAML's own syntax, escapes, controls, other scripts
_PIECES = st.sampled_from([
    ":", ": ", "- ", "\n", "\n  ", "  ", "\t", "#", "&a ", "*a", "!!str ", "!!python/object ", "<<: ",
    "'", '"', "\\", "\\n", "\\e", "\\0", "\\ud800", "\\x1b", "{", "}", "[", "]", ",", "|", ">", "?",
    "\x00", "\x0b", "\x0c", "\x1b[31m", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\ufffe",
    "2039096-5", "2015-02-30", "+358 40 123", "javascript:alert(1)", "<script>", "../", "%0A::error::",
    "true", "null", "~", "0x1F", "1e9", "NO", "TODO: x", "framework: gdpr\n", "languages: [fi, xx]\n",
])
_TEXT = st.one_of(_PIECES, st.text(max_size=20))


@st.composite
def mutated(draw) -> str:
    """One of the examples with a few edits: inserted pieces, replaced values, lines dropped,
    duplicated or re-indented."""
    text = draw(st.sampled_from(EXAMPLES))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["insert", "value", "quoted", "drop", "copy", "indent"]))
        if action == "insert":
            at = draw(st.integers(0, len(text)))
            text = text[:at] + draw(_TEXT) + text[at:]
            continue
        line = lines[i]
        if action in ("value", "quoted") and ": " in line:
            key = line.split(": ", 1)[0]
            value = "".join(draw(st.lists(_TEXT, max_size=4)))
            if action == "quoted":
                value = '"' + value.replace('"', '\\"') + '"'
            lines[i] = f"{key}: {value}"
        elif action == "drop":
            del lines[i]
        elif action == "copy":
            lines.insert(i, line)
        elif action == "indent":
            lines[i] = " " * draw(st.integers(0, 6)) + line.lstrip(" ")
        text = "\n".join(lines)
    return text


def _run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


def _check_report(code: int, err: str, path: Path) -> None:
    event(f"exit {code}")
    assert code in (0, 1), err                                # never 3: no internal error
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 1:
        *lines, summary = err.splitlines()
        assert SUMMARY.fullmatch(summary), err
        assert lines and all(WHERE.fullmatch(line) and line.startswith(f"{path}:") for line in lines), err


@settings(max_examples=VALIDATE_EXAMPLES, **COMMON)
@given(text=mutated())
def test_validate_any_edit_is_accepted_or_reported_at_file_line_col(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "register.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        code, _, err = _run("validate", path)
        _check_report(code, err, path)


@settings(max_examples=BUILD_EXAMPLES, **COMMON)
@given(text=mutated())
def test_build_any_edit_publishes_a_whole_site_or_nothing(text):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registers" / "register.yaml"
        path.parent.mkdir()
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        site = Path(tmp) / "site"
        code, _, err = _run("build", path.parent, "--out", site, "--format", "html,md,json", "--jobs", "1",
                            "--no-history", "--no-cache")
        _check_report(code, err, path)
        if code == 1:
            assert not site.exists() and sorted(p.name for p in Path(tmp).iterdir()) == ["registers"]
            return
        manifest = json.loads((site / "manifest.json").read_text("utf-8"))
        files = {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
                 for p in site.rglob("*") if p.is_file() and p.name != "manifest.json"}
        assert {p: info["sha256"] for p, info in manifest["files"].items()} == files
        assert any(p.endswith("register.html") for p in files)
        shutil.rmtree(site)
