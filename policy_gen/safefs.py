"""File-system defences: no symlink followed where policy-gen chose the name, and the
folders it replaces or empties guarded (see docs/security.md).

- helper files with fixed names (the lock, migrate's temporary file) are opened with
  O_NOFOLLOW | O_CREAT and never truncated through a link;
- `--out` and `--cache` are refused when they are a symbolic link, inside a `.git`
  folder, or (for the cache) a folder with other things in it than policy-gen's own;
- files read from places policy-gen does not control (a shard, the cache) are read
  only when they are regular files reached without a symbolic link.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .diagnostics import Diagnostic, InputError, msg

CACHE_MARKER = ".policy-gen-cache"     # written into every cache folder policy-gen makes
_CACHE_NAMES = {"index.json", "objects", CACHE_MARKER}


def _refuse(path: Path, message) -> InputError:
    return InputError([Diagnostic(str(path), 1, 1, message)])


def _in_git(option: str):
    return msg("{option} is inside a .git folder, which holds git's own data; choose another folder", option=option)


def inside_git(path: Path) -> bool:
    """Whether `path` (resolved, so a link cannot hide it) is or lies in a `.git` folder."""
    return ".git" in Path(os.path.realpath(path)).parts


def guard_output(out: Path, option: str = "--out") -> None:
    """Refuse an output folder that is a symbolic link or inside .git (before anything is written)."""
    out = Path(out)
    if out.is_symlink():
        raise _refuse(out, msg("{option} is a symbolic link, which policy-gen would replace by a folder; "
                                "choose another folder", option=option))
    if inside_git(out):
        raise _refuse(out, _in_git(option))


def guard_cache(folder: Path) -> None:
    """Refuse a cache folder that is a link, inside .git, or holds files policy-gen did not make:
    saving the cache deletes every object the build did not use."""
    folder = Path(folder)
    if folder.is_symlink():
        raise _refuse(folder, msg("{option} is a symbolic link; choose another folder", option="--cache"))
    if inside_git(folder):
        raise _refuse(folder, _in_git("--cache"))
    if folder.exists():
        if not folder.is_dir():
            raise _refuse(folder, msg("{option} is a file, not a folder; choose another folder", option="--cache"))
        names = set(os.listdir(folder))
        if names and CACHE_MARKER not in names and not names <= _CACHE_NAMES:
            raise _refuse(folder, msg("{option} is a folder that policy-gen did not make (it holds {name}), and "
                                      "saving the cache deletes what the build did not use; choose another folder",
                                      option="--cache", name=repr(sorted(names - _CACHE_NAMES)[0])))


def mark_cache(folder: Path) -> None:
    """Mark `folder` as a cache policy-gen made (an empty file, created without following links)."""
    try:
        os.close(open_nofollow(Path(folder) / CACHE_MARKER, os.O_WRONLY))
    except OSError:
        pass                                # a marker is a courtesy: the next build checks again


def open_nofollow(path: Path, flags: int = os.O_RDWR, mode: int = 0o644) -> int:
    """Open (creating) a file with a fixed name; a symbolic link there is an error (ELOOP), and an
    existing file is never truncated. Returns the descriptor."""
    return os.open(path, flags | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, mode)


def read_regular(path: Path, limit: int | None = None, *, follow: bool = False) -> bytes:
    """The bytes of a regular file reached without a symbolic link at its last component (with
    `follow`, through one: a register may be a link inside its folder); OSError otherwise (ELOOP
    for a link, EINVAL for a device or a folder, EFBIG over `limit` bytes)."""
    fd = os.open(path, os.O_RDONLY | (0 if follow else os.O_NOFOLLOW) | os.O_CLOEXEC | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(22, "not a regular file", str(path))
        if limit is not None and info.st_size > limit:
            raise OSError(27, "file too large", str(path))
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if limit is not None and size > limit:
                raise OSError(27, "file too large", str(path))
        return b"".join(chunks)
    finally:
        os.close(fd)


def within(root: Path, path: Path) -> bool:
    """Whether `path`, every link in it resolved, lies inside `root` (resolved too)."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def read_inside(root: Path, relative: str, limit: int | None = None) -> bytes:
    """read_regular of `root/relative`, refused (OSError) when a link in the path leads outside `root`."""
    path = Path(root) / relative
    if not within(root, path) or os.path.realpath(path) != os.path.join(os.path.realpath(root), relative):
        raise OSError(40, "reached through a symbolic link", str(path))
    return read_regular(path, limit)


# a file of a site as build writes it: relative, '/'-separated names of letters, digits, '.', '_'
# and '-' (no ':' so never a scheme such as javascript:, no '//' so never another host)
_SITE_PATH = re.compile(r"(?:[\w.-]+/)*[\w.-]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def unsafe_site_paths(manifest: dict) -> list:
    """The paths in a shard's manifest that are not files of its own site: outside it ('..', '/'),
    an address (javascript:…, https://…), or a document file the manifest does not list."""
    files = manifest["files"]
    listed = set(files)
    named = [p for d in manifest["documents"] for p in [d["page"], *d["files"].values()]]
    # a historical document's successor may be built by another shard: a site path, not a listed file
    successors = [d["successor"] for d in manifest["documents"] if d.get("successor") is not None]
    named += [p for d in manifest["documents"] for v in d.get("versions", [])
              for p in [v["page"], *v["files"].values()]]
    # the dates go into sitemap.xml as they are
    dates = [x for d in manifest["documents"] for x in [d.get("date"), d.get("updated"),
                                                        *(v["version"] for v in d.get("versions", []))]]
    named += [x for x in dates if x is not None and not (isinstance(x, str) and _DATE.fullmatch(x))]
    unsafe = [p for p in list(files) + named + successors
              if not isinstance(p, str) or not _SITE_PATH.fullmatch(p)
              or any(part in (".", "..") for part in p.split("/"))]
    return unsafe + [p for p in named if isinstance(p, str) and p not in listed and p not in unsafe]


def refuse_links(folder: Path, option: str = "--templates") -> None:
    """Refuse a folder holding a symbolic link anywhere in it (a user's templates: an asset
    linked to /etc/passwd would be copied into the public site)."""
    problems = []
    for top, dirs, files in os.walk(folder):
        for name in sorted(dirs + files):
            path = Path(top) / name
            if path.is_symlink():
                problems.append(Diagnostic(str(path), 1, 1, msg(
                    "{option}: this is a symbolic link; policy-gen follows none in a templates folder: "
                    "copy the file here", option=option)))
    if problems:
        raise InputError(problems)
