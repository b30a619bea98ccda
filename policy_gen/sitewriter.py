"""The one writer of the output folder, shared by `build` and `merge`.

A site is written into a staging folder beside the output folder and swapped in
place of it only when complete, so readers see the old site or the new one,
never a mix; a failure or an interruption leaves the old site as it was. Only
one policy-gen writes a folder at a time (a lock beside it), and what a killed
build left behind is cleared first. Every file's SHA-256 and size are recorded
for the manifest.

Worker processes write the files they render straight into the staging folder
(`write_new_file`); the writer is told of them with `add`.
"""
from __future__ import annotations

import errno
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .diagnostics import Diagnostic, InputError, msg
from .fsutil import exclusive, remove_leftovers, replace_dir
from .safefs import guard_output

MARKER = ".policy-gen-site"   # marks a folder policy-gen made, so it may replace it
MARKER_TEXT = b"This folder is written by policy-gen build and replaced as a whole.\n"

# what os.link answers where the file system cannot link (another device, no hard links)
_NO_LINK = (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP)


def link_or_copy(source: Path | str, target: Path) -> None:
    """A hard link where the file system allows one, else a copy."""
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in _NO_LINK:
            raise
        shutil.copyfile(source, target)


def _folder(path: Path, made: set[Path]) -> None:
    if path not in made:              # a build writes thousands of files into a few folders
        path.mkdir(parents=True, exist_ok=True)
        made.add(path)


def write_new_file(site: Path, path: str, data: bytes, objects: Path, made: set[Path]) -> str:
    """Write `data` as the new site's file `path` (in a worker) and keep it in the cache's
    object store as well: the object is a second name for the same file, so each rendered
    file is created once. `made`: the folders made so far. Returns the SHA-256."""
    from .cache import store_object
    sha = hashlib.sha256(data).hexdigest()
    target = site / path
    _folder(target.parent, made)
    # read-only from the start: the file is also the cached object behind its hash
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o444)
    try:
        os.fchmod(fd, 0o444)               # readable by all whatever the umask, like the site
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)
    stored = objects / sha[:2] / sha
    _folder(stored.parent, made)
    try:
        os.link(target, stored)
    except FileExistsError:
        # an object of that name is there already: replaced, since a damaged one (a cache
        # restored from storage is untrusted, docs/security.md) must not outlive this build
        temporary = stored.with_name(f".{sha}.{os.getpid()}")
        temporary.unlink(missing_ok=True)
        try:
            os.link(target, temporary)
            os.replace(temporary, stored)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            if error.errno not in _NO_LINK:
                raise
            store_object(objects, data, replace=True)
    except OSError as error:
        if error.errno not in _NO_LINK:
            raise
        store_object(objects, data)        # the cache is on another file system: a copy
    return sha


def check_output(out: Path, option: str = "--out") -> None:
    """Refuse an output folder policy-gen did not make (it would be replaced as a whole); `option`
    names the folder's option in the message."""
    if out.exists() and not out.is_dir():     # a file (a link was refused before): named as such
        raise InputError([Diagnostic(str(out), 1, 1, msg("{option} is a file, not a folder; choose another folder",
                                                         option=option))])
    if out.exists() and not (out / MARKER).exists() and any(out.iterdir()):
        raise InputError([Diagnostic(str(out), 1, 1, msg("this folder exists and was not made by policy-gen; "
                                                         "choose another {option}, or empty it first",
                                                         option=option))])


class SiteWriter:
    """Writes one new site in place of the folder `out`:

        with SiteWriter(out) as site:
            site.write("index.html", data)
            site.finish(make_manifest)     # swaps the new site in
    """

    def __init__(self, out: Path):
        self.out = Path(out)
        self.staging: Path | None = None
        self.files: dict[str, dict] = {}   # site path -> {"sha256", "bytes"}
        self._lock = None

    def __enter__(self) -> SiteWriter:
        guard_output(self.out)               # before anything is written beside it
        check_output(self.out)
        self._lock = exclusive(self.out)
        self._lock.__enter__()
        try:
            remove_leftovers(self.out)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        except BaseException as error:
            self._lock.__exit__(type(error), error, error.__traceback__)
            raise
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if self.staging is not None and self.staging.exists():
                shutil.rmtree(self.staging, ignore_errors=True)   # not swapped in: a failure
        finally:
            self._lock.__exit__(kind, error, trace)

    def add(self, path: str, sha: str, size: int) -> None:
        """Record a file already in the staging folder (written by a worker)."""
        self.files[path] = {"sha256": sha, "bytes": size}

    def write(self, path: str, data: bytes) -> None:
        target = self.staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.add(path, hashlib.sha256(data).hexdigest(), len(data))

    def link(self, source: Path | str, path: str, sha: str, size: int) -> None:
        """Place the file `source` (known to hold `sha`) at `path`: a hard link where possible."""
        target = self.staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(source, target)
        self.add(path, sha, size)

    def finish(self, manifest) -> list[str]:
        """Write the marker and manifest.json (`manifest(files)` gives its bytes from the files
        recorded), then swap the new site in. Returns every path of the site."""
        if MARKER not in self.files:
            self.write(MARKER, MARKER_TEXT)
        (self.staging / "manifest.json").write_bytes(manifest(self.files))
        os.chmod(self.staging, 0o755)        # mkdtemp makes it private; a site is for reading
        replace_dir(self.staging, self.out)
        self.staging = None
        return sorted([*self.files, "manifest.json"])
