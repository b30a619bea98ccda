"""Two builds of the same input, in two separate processes, are byte-identical (PDFs too)."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_in_separate_processes_are_identical(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    outputs = []
    for name in ("one", "two"):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "policy_gen", "build", "registers", "--out", str(out)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        outputs.append(_digests(out))
    assert any(name.endswith(".pdf") for name in outputs[0])
    assert outputs[0] == outputs[1]
