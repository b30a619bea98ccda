"""The build cache: rendered files by content hash, and what each render key gave.

A render key hashes everything an output depends on: the register's data, the
language and kind of document, the templates of that format (and for PDFs the
assets), the catalogues and policy-gen's own code. An unchanged register is
therefore not rendered again, and a changed template re-renders only the
formats that use it. A rendered file is written once, into the new site, and
linked into the object store (sitewriter.py); an unchanged one is linked from
there into the next site.

Layout: <cache>/objects/ab/abcdef… (rendered bytes), <cache>/index.json
(render key -> object hash, and summaries for the index page). After each
build only what that build used is kept, so the cache never grows stale.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

from . import jsonio
from .diagnostics import Lookup, msg, translate
from .fsutil import write_atomic
from .safefs import mark_cache, read_regular

_SHA256 = re.compile(r"[0-9a-f]{64}")

FORMAT_VERSION = 1


def digest(*parts) -> str:
    """A stable hash of JSON-able parts."""
    return hashlib.sha256(jsonio.dumps(parts)).hexdigest()


def files_digest(paths: list[Path], root: Path | None = None) -> str:
    h = hashlib.sha256()
    for path in paths:
        h.update(str(path.relative_to(root) if root else path.name).encode() + b"\0")
        h.update(path.read_bytes() + b"\0")
    return h.hexdigest()


@cache
def code_fingerprint() -> str:
    """policy-gen's own code and data (the supervisory authority's details, say), schemas
    and catalogues: a change to any of them re-validates and re-renders everything."""
    from importlib.metadata import version

    from . import __version__
    from .resources import locales_dir, schemas_dir
    package = Path(__file__).resolve().parent
    own = [p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml", ".json")
           and "__pycache__" not in p.parts]       # code and the data files beside it
    files = sorted(own) + sorted(schemas_dir().glob("*.json")) + sorted(locales_dir().rglob("*.po"))
    # the libraries that shape the output: a patch release can change a PDF's bytes
    from .render import registry
    names = {*_MODEL_LIBRARIES, *(name for cls in registry().values() for name in cls.libraries)}
    libraries = {name: version(name) for name in sorted(names)}
    return digest(__version__, libraries, files_digest(files))


# the libraries that shape every document's content (each renderer names its own)
_MODEL_LIBRARIES = ("babel", "phonenumbers", "pyyaml", "markdown-it-py")


def format_fingerprint(renderer, templates) -> str:
    """The template files (and assets) a renderer class reads, as one hash: a change to them
    re-renders that format only."""
    files = [path for pattern in renderer.templates for path in templates.effective_files(pattern)]
    if renderer.uses_assets:
        files += [templates.asset(name) for name in templates.asset_names()]
    return files_digest(files) if files else ""


def store_object(objects: Path, data: bytes, replace: bool = False) -> str:
    """Keep `data` under its SHA-256; returns the hash. Safe from several processes at once."""
    sha = hashlib.sha256(data).hexdigest()
    target = objects / sha[:2] / sha
    if replace or not target.exists():
        # read-only: the site's files are links to objects, and an edit made in the site
        # in place would otherwise change the cached object behind its hash
        write_atomic(target, data, mode=0o444)
    return sha


class Cache:
    def __init__(self, folder: Path | None, temporary_beside: Path | None = None, lookup: Lookup | None = None):
        """`folder` None: a temporary cache for this build only, made beside the output
        folder `temporary_beside` (one file system, so files are linked, not copied).
        `lookup`: the language of the warnings (cli.message_lookup; None: English)."""
        # The cache says its warnings itself, when it finds the damage: in the middle of a build,
        # beside the progress lines, and the build goes on. Only the language comes from the
        # command line; collecting them for cli.py to print later would separate each warning from
        # the work it explains, and the cache lives in the command's own process (never a worker).
        self.lookup = lookup
        self.temporary = folder is None
        if folder is None:
            beside = Path(temporary_beside) if temporary_beside else None
            if beside:
                beside.parent.mkdir(parents=True, exist_ok=True)
            folder = tempfile.mkdtemp(prefix=f".{beside.name}.cache-tmp-" if beside else "policy-gen-cache-",
                                      dir=beside.parent if beside else None)
        self.folder = Path(folder)
        self.objects = self.folder / "objects"     # made when the first object is stored
        self._objects = str(self.objects)
        self._sizes: dict[str, int] = {}
        self.entries: dict = {}
        index = self.folder / "index.json"
        if index.exists() or index.is_symlink():
            try:
                stored = jsonio.loads(read_regular(index))
                if stored.get("format") == FORMAT_VERSION:
                    self.entries = self._checked_entries(stored["entries"])
            except (OSError, ValueError, KeyError, AttributeError, TypeError):
                self.entries = {}          # a damaged index only costs a full render
        if not self.temporary:
            _scrub(self.folder)
        self.used: set[str] = set()
        self.changed = False
        self._good: set[str] = set()       # objects whose bytes were seen to hash to their name

    def get(self, key: str, kind: type = str):
        """The entry of `key` if it is of `kind`: an object's hash (str, the object checked
        against it) or what policy-gen keeps as a mapping (dict: a summary, validated data,
        which the caller checks). None otherwise: the index is untrusted storage."""
        value = self.entries.get(key)
        if not isinstance(value, kind):
            return None
        if isinstance(value, str) and not self._verify(value):
            return None                    # gone or damaged: render again
        self.used.add(key)
        return value

    def _verify(self, sha: str) -> bool:
        """Whether object `sha` is a regular file whose bytes hash to `sha` (read once per build).
        A damaged object is removed, with a warning: it is rendered again, never published."""
        if sha in self._good:
            return True
        path = self.object_path(sha)
        try:
            data = read_regular(path)
        except FileNotFoundError:
            return False                   # deleted by hand
        except OSError:
            data = None                    # a link, a folder, a device: not an object
        if data is None or hashlib.sha256(data).hexdigest() != sha:
            self._warn(msg("the cached file {name}… does not match its hash; it is rendered again", name=sha[:12]))
            _remove(path)
            return False
        self._good.add(sha)
        self._sizes[sha] = len(data)
        return True

    def _warn(self, text) -> None:
        print("policy-gen: warning: " + translate(text, self.lookup), file=sys.stderr)

    def _checked_entries(self, entries) -> dict:
        """The index's entries that can be what policy-gen wrote: a render key (a SHA-256) to an
        object's SHA-256 (never a path) or to a summary / validated data (a mapping). The cache is
        restored from storage anyone's pull request may have written (docs/security.md)."""
        if not isinstance(entries, dict):
            return {}
        kept = {key: value for key, value in entries.items()
                if isinstance(key, str) and _SHA256.fullmatch(key)
                and (isinstance(value, dict) or (isinstance(value, str) and _SHA256.fullmatch(value)))}
        if len(kept) != len(entries):
            self._warn(msg("the cache index has {count} entries that policy-gen does not write; they are ignored",
                           count=len(entries) - len(kept)))
        return kept

    def size(self, sha: str) -> int | None:
        """The object's size, or None if it is gone; asked of the disk once per build."""
        if sha not in self._sizes:
            try:
                self._sizes[sha] = os.stat(self.object_path(sha)).st_size
            except FileNotFoundError:
                return None
        return self._sizes[sha]

    def put(self, key: str, value) -> None:
        if isinstance(value, str):
            self._good.add(value)          # rendered by this build
        if self.entries.get(key) != value:
            self.entries[key] = value
            self.changed = True
        self.used.add(key)

    def object_path(self, sha: str) -> str:
        return os.path.join(self._objects, sha[:2], sha)     # strings: called for every file

    def save(self) -> None:
        """Keep only what this build used; drop unreferenced objects."""
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)
            return
        if not self.changed and len(self.used) == len(self.entries):
            return                         # a build that changed nothing leaves the cache as it was
        kept = {key: self.entries[key] for key in sorted(self.used)}
        write_atomic(self.folder / "index.json",
                     jsonio.dumps({"format": FORMAT_VERSION, "entries": kept}))
        mark_cache(self.folder)
        referenced = {value for value in kept.values() if isinstance(value, str)}
        for folder in (self.objects.iterdir() if self.objects.is_dir() and not self.objects.is_symlink() else ()):
            if folder.is_symlink() or not folder.is_dir():
                continue                   # removed by _scrub; never followed
            for obj in folder.iterdir():
                if obj.name not in referenced and not obj.name.startswith("."):
                    obj.unlink(missing_ok=True)

    def discard(self) -> None:
        if self.temporary:
            shutil.rmtree(self.folder, ignore_errors=True)


def _remove(path) -> None:
    try:
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    except OSError:
        pass


def _scrub(folder: Path) -> None:
    """Remove symbolic links (and anything not a folder) where the cache keeps its object folders,
    so that storing or pruning objects never reaches outside the cache."""
    objects = folder / "objects"
    if objects.is_symlink() or (objects.exists() and not objects.is_dir()):
        _remove(objects)
        return
    if objects.is_dir():
        with os.scandir(objects) as found:
            for entry in found:
                if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
                    _remove(entry.path)
                    continue
                # an object is a regular file: a folder (or a link) planted at an object's name
                # would make every later build fail to store or prune it
                with os.scandir(entry.path) as inside:
                    for item in inside:
                        if not item.is_file(follow_symlinks=False):
                            _remove(item.path)
