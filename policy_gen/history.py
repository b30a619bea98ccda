"""Published versions of a register, read from the git history.

Versions come from the first-parent git history of the current branch (the commits
made on it, a merged pull request as its merge commit; never a commit inside a pull
request, docs/security.md) of the register file: each distinct
`document.updated` (or, if absent, `document.date`) that the file has had is a
version, as the newest valid commit with that date left it. The working tree
gives the current one. A commit no build could have published (invalid, or not
even YAML: an edit finished in a later commit) is a draft and skipped; but a
date none of whose commits is valid is an error, not a version silently lost. Every version keeps a permanent URL (<lang>/<id>/<version>.html
and its PDF, Markdown and JSON), and the register's page lists the earlier
versions with a summary of changes (changes.py).

Outside a git work tree, or for a file git does not track yet, the register has
only its current version. A shallow clone would silently lose versions, so it is
an error: fetch the whole history (CI: fetch-depth 0) or build with --no-history.
"""
from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, InputError, msg
from .loader import load_text
from .model import document_date


@dataclass(frozen=True)
class Version:
    id: str            # the ISO date that names the version
    data: dict         # the validated register as it was


def version_id(data: dict) -> str:
    return document_date(data["document"])


def _git(args: list[str], cwd: Path, stdin: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True)
    except OSError:        # no git on this machine
        return None
    return done.stdout if done.returncode == 0 else None


class History:
    """The git history of register files, read with two git commands for all of them."""

    def __init__(self, paths: list[Path]):
        self.by_path: dict[Path, list[tuple[str, bytes]]] = {}
        folders = sorted({p.resolve().parent for p in paths})
        for folder in folders:
            self._read(folder, [p for p in paths if p.resolve().parent == folder])

    def _read(self, folder: Path, paths: list[Path]) -> None:
        top = _git(["rev-parse", "--show-toplevel"], folder)
        if top is None:
            return
        top_path = Path(top.decode().strip())
        if _git(["rev-parse", "--is-shallow-repository"], folder) == b"true\n":
            raise InputError([Diagnostic(str(folder), 1, 1, msg(
                "this git clone is shallow, so earlier versions of the registers cannot be read: fetch the "
                "whole history (CI: fetch-depth: 0), or build with --no-history"))])
        relative = {p: p.resolve().relative_to(top_path).as_posix() for p in paths}
        # -z and quotePath off: names come as typed (henkilöstö.yaml), one NUL after each
        # --first-parent: the commits of the current branch itself (a merged pull request counts
        # as its merge commit), never a commit made inside a pull request (docs/security.md)
        log = _git(["-c", "core.quotePath=false", "log", "-z", "--first-parent", "--diff-merges=first-parent",
                    "--format=%x01%H", "--name-only", "--no-renames", "--", *relative.values()],
                   top_path) or b""
        commits_of: dict[str, list[str]] = {}
        for chunk in log.decode("utf-8", "replace").split("\x01")[1:]:   # one per commit
            commit, *names = (part.strip("\n") for part in chunk.split("\x00"))
            for name in filter(None, names):
                commits_of.setdefault(name, []).append(commit)
        wanted = [(p, c) for p, rel in relative.items() for c in commits_of.get(rel, [])]
        if not wanted:
            return
        request = "".join(f"{commit}:{relative[p]}\n" for p, commit in wanted).encode()
        output = _git(["cat-file", "--batch"], top_path, stdin=request) or b""
        position = 0
        for path, commit in wanted:            # --batch answers in the order asked
            end = output.find(b"\n", position)
            if end < 0:
                break                           # git stopped answering: read what it gave
            header = output[position:end].split()
            position = end + 1
            if len(header) < 3 or header[1] != b"blob":
                continue                        # the file was deleted in that commit
            size = int(header[2])
            self.by_path.setdefault(path, []).append((commit, output[position:position + size]))
            position += size + 1

    def versions(self, path: Path, current: dict) -> list[Version]:
        """Every version of one register, newest first; the working tree's is the current one."""
        from .registers import validate_loaded     # registers is the caller's; loaded only here
        found = {version_id(current): Version(version_id(current), current)}
        drafts: dict[str, list[Diagnostic]] = {}     # version -> problems of its newest invalid commit
        for commit, blob in self.by_path.get(path, []):     # newest commit first
            display = f"{path} (as of commit {commit[:10]})"
            try:
                loaded = load_text(blob.decode("utf-8"), display)
                version = str(version_id(loaded.data))
            except UnicodeDecodeError:
                continue                        # not text: no build could have published it
            except (InputError, KeyError, TypeError, AttributeError):
                continue                        # no date: no version it could be
            if version in found:
                continue                        # a newer valid commit is this version already
            problems = validate_loaded(loaded)
            if problems:
                drafts.setdefault(version, problems)
            else:
                found[version] = Version(version, loaded.data)
        lost = sorted(version for version in drafts if version not in found)
        if lost:
            raise InputError([d for version in lost for d in drafts[version]] + [Diagnostic(
                str(path), 1, 1, msg("no commit of version {versions} in the git history is valid today "
                                     "(problems above), so its pages cannot be made again; build with "
                                     "--no-history to publish the current version only",
                                     versions=", ".join(lost)))])
        return sorted(found.values(), key=lambda v: v.id, reverse=True)
