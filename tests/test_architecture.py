"""The code's shape: modules import on their own, frameworks and formats are declared once,
and rendering keeps no state in modules."""
from __future__ import annotations

import hashlib
import pickle
import pkgutil
import subprocess
import sys
from pathlib import Path

import policy_gen
from policy_gen import frameworks, render
from policy_gen.cli import main

ROOT = Path(__file__).resolve().parent.parent


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(policy_gen.__path__, "policy_gen.")
                  if m.name != "policy_gen.__main__")


def test_every_module_imports_on_its_own():
    """Each module imported first, in an interpreter that has imported no other module of
    policy-gen: an import cycle fails whichever module of it comes first."""
    script = (
        "import importlib, sys, traceback\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m == 'policy_gen' or m.startswith('policy_gen.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        failed.append(name + ': ' + traceback.format_exc().splitlines()[-1])\n"
        "print('\\n'.join(failed))\n")
    modules = _modules()
    assert len(modules) > 30
    done = subprocess.run([sys.executable, "-c", script, *modules], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def _module_state() -> dict[str, bytes]:
    """A fingerprint of every module-level dict, list and set of policy-gen."""
    state = {}
    for name in _modules():
        module = sys.modules.get(name) or __import__(name, fromlist=["_"])
        for attr, value in vars(module).items():
            if isinstance(value, (dict, list, set)) and not attr.startswith("__"):
                try:
                    data = pickle.dumps(sorted(value, key=repr) if isinstance(value, set) else value)
                except Exception:
                    data = repr(value).encode()
                state[f"{name}.{attr}"] = hashlib.sha256(data).digest()
    return state


def test_a_build_changes_no_module_level_state(tmp_path, capsys):
    """Validating and rendering (in this process: --jobs 1) write nothing into module-level
    containers: what a render needs travels in its RenderSession and in the typed records.
    This fails if a module-level dict learns something during a build, as checks._PROSE_PLACES
    and workers._state did."""
    before = _module_state()
    assert main(["build", str(ROOT / "registers"), "--out", str(tmp_path / "site"), "--no-history",
                 "--jobs", "1", "--format", "html,md,json", "--records", str(tmp_path / "internal")]) == 0
    capsys.readouterr()
    after = _module_state()
    assert {k for k in before if before[k] != after.get(k)} == set()


def test_the_registries_hold_the_built_in_frameworks_and_formats():
    assert list(render.registry()) == ["html", "pdf", "md", "json"]
    assert sorted(frameworks.registry()) == ["gdpr", "henkilotietolaki-10"]
    for name, cls in render.registry().items():
        assert cls.name == name and cls.suffix and "/" in cls.media_type
    for framework in frameworks.registry().values():
        for kind in framework.kinds:          # every section a kind lists is declared once
            assert set(kind.sections) <= set(framework.section_ids), (framework.name, kind.name)
        assert len(framework.section_ids) == len(framework.sections)
