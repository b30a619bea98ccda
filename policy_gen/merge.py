"""Joining the sites that `build --shard K/N` wrote into one site.

Each shard's manifest lists its documents and every file with its SHA-256; the
merged site gets every file (checked against its hash), and its index,
sitemap and manifest are made anew from all the documents together, by the
same code as a single build, so the result equals one build of everything.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import jsonio, site
from .diagnostics import Diagnostic, InputError, msg
from .render.templating import Templates
from .safefs import read_inside, unsafe_site_paths
from .site import DocumentEntry
from .sitewriter import SiteWriter

_SITE_FILES = {"index.html", "sitemap.xml", "manifest.json"}
_SHA256 = re.compile(r"[0-9a-f]{64}")


def read_manifest(folder: Path) -> dict:
    """A shard's manifest, checked: it comes from another job, so every link it gives (which
    reaches index.html and sitemap.xml) must be a file of its own site, every date a date."""
    problem = msg("this folder has no readable manifest.json; name folders written by 'policy-gen build'")
    try:
        manifest = jsonio.loads(read_inside(folder, "manifest.json"))
        files = manifest["files"]
        if not isinstance(files, dict) or not all(
                isinstance(info, dict) and isinstance(info.get("sha256"), str) and _SHA256.fullmatch(info["sha256"])
                for info in files.values()):
            raise TypeError("files: a path -> {sha256} mapping")
        unsafe = unsafe_site_paths(manifest)
        manifest["documents"] = [DocumentEntry.from_json(d) for d in manifest["documents"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise InputError([Diagnostic(str(folder), 1, 1, problem)]) from None
    if unsafe:
        raise InputError([Diagnostic(str(folder / "manifest.json"), 1, 1,
                                     msg("the manifest names a file outside the site ({path}); build the shard "
                                         "again", path=repr(unsafe[0])))])
    return manifest


def merge(parts: list[Path], out: Path, template_dir: Path | None, site_url: str | None) -> list[str]:
    manifests = [read_manifest(part) for part in parts]
    with SiteWriter(out) as writer:
        documents: list[DocumentEntry] = []
        problems: list[Diagnostic] = []
        for part, manifest in zip(parts, manifests):
            documents += manifest["documents"]
            for path, info in manifest["files"].items():
                if path in _SITE_FILES:
                    continue
                source = part / path
                if path in writer.files:
                    if writer.files[path]["sha256"] != info["sha256"]:
                        problems.append(Diagnostic(str(source), 1, 1, msg(
                            "{path} differs between shards; build every shard with the same policy-gen", path=path)))
                    continue
                try:   # a regular file of the shard, reached without a symbolic link
                    data = read_inside(part, path)
                except OSError:
                    data = None
                if data is None or hashlib.sha256(data).hexdigest() != info["sha256"]:
                    problems.append(Diagnostic(str(source), 1, 1, msg(
                        "this file is missing or differs from its shard's manifest.json; build the shard again")))
                    continue
                writer.write(path, data)      # the bytes checked, not whatever the name leads to now
        ids = [(d.id, d.lang, d.kind) for d in documents]
        if len(ids) != len(set(ids)):
            problems.append(Diagnostic(str(parts[0]), 1, 1, msg("a register appears in more than one shard")))
        if problems:
            raise InputError(problems)
        site.write_site_files(writer, Templates(template_dir), documents, site_url)
        return writer.finish(lambda files: site.manifest(documents, files))
