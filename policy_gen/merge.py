"""Joining the sites that `build --shard K/N` wrote into one site.

Each shard's manifest lists its documents and every file with its SHA-256; the
merged site gets every file (checked against its hash), and its index,
sitemap and manifest are made anew from all the documents together, by the
same code as a single build, so the result equals one build of everything.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from . import site
from .cache import link_or_copy
from .diagnostics import Diagnostic, InputError
from .fsutil import exclusive, remove_leftovers, replace_dir
from .publish import _check_output, read_manifest, write_site_files
from .render.templating import Templates
from .safefs import read_inside

_SITE_FILES = {"index.html", "sitemap.xml", "manifest.json"}


def merge(parts: list[Path], out: Path, template_dir: Path | None, site_url: str | None) -> list[str]:
    manifests = [read_manifest(part) for part in parts]
    from .safefs import guard_output
    guard_output(out)
    _check_output(out)
    with exclusive(out):
        return _merge(parts, manifests, out, template_dir, site_url)


def _merge(parts, manifests, out: Path, template_dir, site_url) -> list[str]:
    remove_leftovers(out)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        files: dict[str, dict] = {}
        documents: list[dict] = []
        problems: list[Diagnostic] = []
        for part, manifest in zip(parts, manifests):
            documents += manifest["documents"]
            for path, info in manifest["files"].items():
                if path in _SITE_FILES:
                    continue
                source = part / path
                if path in files:
                    if files[path]["sha256"] != info["sha256"]:
                        problems.append(Diagnostic(str(source), 1, 1, f"{path} differs between shards; "
                                                                      "build every shard with the same policy-gen"))
                    continue
                try:   # a regular file of the shard, reached without a symbolic link
                    actual = hashlib.sha256(read_inside(part, path)).hexdigest()
                except OSError:
                    actual = None
                if actual != info["sha256"]:
                    problems.append(Diagnostic(str(source), 1, 1, "this file is missing or differs from "
                                                                  "its shard's manifest.json; build the shard again"))
                    continue
                target = staging / path
                target.parent.mkdir(parents=True, exist_ok=True)
                link_or_copy(source, target)
                files[path] = info
        ids = [(d["id"], d["lang"], d["kind"]) for d in documents]
        if len(ids) != len(set(ids)):
            problems.append(Diagnostic(str(parts[0]), 1, 1, "a register appears in more than one shard"))
        if problems:
            raise InputError(problems)

        def write(path: str, data: bytes) -> None:
            (staging / path).write_bytes(data)
            files[path] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}

        html = any("html" in d["files"] for d in documents)
        write_site_files(write, Templates(template_dir), documents, site_url, html)
        (staging / "manifest.json").write_bytes(site.manifest(documents, files))
        os.chmod(staging, 0o755)
        replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted([*files, "manifest.json"])
