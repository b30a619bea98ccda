"""File-system steps that must not leave anything half-done."""
from __future__ import annotations

import ctypes
import errno
import fcntl
import functools
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .diagnostics import Diagnostic, InputError, msg

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@functools.cache
def _renameat2():
    """The C library's renameat2, looked up when a folder is first swapped (not at import)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)      # the C library already loaded
        function = libc.renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return function



def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux renameat2 RENAME_EXCHANGE).

    Returns False where the system or file system cannot, and then changes nothing."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def replace_dir(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is, so that readers see either the old or the new folder.

    With renameat2 the swap is one atomic step; elsewhere two renames leave
    `target` missing for an instant, but never half-written."""
    if not target.exists():
        os.replace(staging, target)
        return
    if exchange(staging, target):
        shutil.rmtree(staging)        # now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.replace(target, old / "site")
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(target: Path) -> None:
    """Clear what a killed build of `target` left beside it. If it was killed between the
    two renames of the fallback swap, the old site is put back first."""
    if not target.exists():
        for old in sorted(target.parent.glob(f".{target.name}.old-*")):
            if (old / "site").is_dir():
                os.replace(old / "site", target)
                break
    for prefix in (f".{target.name}.new-", f".{target.name}.old-", f".{target.name}.cache-tmp-"):
        for leftover in target.parent.glob(prefix + "*"):
            shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def exclusive(target: Path):
    """Only one build or merge writes `target` at a time (a lock file beside it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path = target.parent / f".{target.name}.lock"
    from .safefs import open_nofollow
    try:   # never through a link, never truncated (docs/security.md)
        lock = os.fdopen(open_nofollow(path), "r+b")
    except OSError as error:
        if error.errno != 40:            # ELOOP: a symbolic link at the lock's name
            raise
        raise InputError([Diagnostic(str(path), 1, 1, msg("this lock file is a symbolic link; delete it "
                                                          "(policy-gen never writes through one)"))]) from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError([Diagnostic(str(target), 1, 1, msg("another policy-gen is writing this folder "
                                                                  "right now; wait for it to finish"))]) from None
        # the lock file stays: removed while held, a build that opened it before could lock the
        # removed file while a third locks a new one, and two would write at once
        yield


def write_atomic(path: Path, data: bytes, *, mode: int | None = None, replace: bool = True) -> None:
    """Write a file through a temporary name of its own, so no reader ever sees part of it.

    `mode`: the file's permissions (else those any new file gets: 0666 less the umask);
    `replace` False: never replace an existing file (FileExistsError instead). A link at
    `path` is replaced, never written through."""
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            os.fchmod(fh.fileno(), mode)
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)      # fails if `path` exists: nothing is replaced
            except FileExistsError:
                raise
            except OSError:                   # a file system without hard links: rename, if still free
                if os.path.lexists(path):
                    raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
                os.rename(temporary, path)
            else:
                os.unlink(temporary)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
