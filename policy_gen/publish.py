"""Publishing the site: plan → render → assemble → swap.

1. plan: every output file gets a render key (cache.py); files whose key is in
   the cache are not rendered again.
2. render: the documents still needed are rendered, in worker processes when
   --jobs > 1 (workers.py, processes.py), into a staging folder beside the output folder;
   each rendered file is also kept in the cache under its hash.
3. assemble: the staging folder gets the unchanged files (linked from the
   cache), the assets, index.html, sitemap.xml and manifest.json.
4. swap: the staging folder replaces the output folder in one step.

A failure or an interruption at any point leaves the previous site as it was.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__, jsonio, site
from .cache import Cache, code_fingerprint, digest, files_digest
from .diagnostics import Diagnostic, InputError
from .frameworks import PUBLIC, RECORD, kinds
from .fsutil import exclusive, remove_leftovers, replace_dir
from .registers import Register
from .render.html import site_path
from .render.templating import Templates
from .versions import Version, version_id

MARKER = ".policy-gen-site"   # marks a folder policy-gen made, so it may replace it
MARKER_TEXT = b"This folder is written by policy-gen build and replaced as a whole.\n"


@dataclass
class Options:
    formats: tuple[str, ...]
    records: bool = False
    site_url: str | None = None
    template_dir: Path | None = None


@dataclass
class Output:
    path: str          # site path, e.g. fi/x.pdf
    key: str           # render key
    fmt: str


@dataclass
class DocumentPlan:
    """One document (register × version × language × kind) and its output files."""
    register: Register
    lang: str
    kind: str
    version: str | None            # None: the latest page; else a permanent version page
    data: dict                     # the register as in that version
    history: list[tuple[str, dict]]  # every version, newest first (for the version list)
    data_hash: str = ""            # digest of `data`, made once per register version
    outputs: list[Output] = field(default_factory=list)

    @property
    def page(self) -> str:
        return _path(self.register.id, self.lang, self.kind, self.version, "html")


@dataclass(frozen=True)
class BuildResult:
    files: list[str]               # every file of the site, sorted
    documents: int                 # documents published (register x language x kind)
    rendered: int                  # of which rendered now, in one version or more
    reused: int                    # files whose content was in the cache before this build


def _path(register_id: str, lang: str, kind: str, version: str | None, fmt: str) -> str:
    return site_path(register_id, lang, fmt, version, record=kind == RECORD)


def _format_fingerprints(templates: Templates) -> dict[str, str]:
    html = templates.effective_files("*.html.j2")
    assets = [templates.asset(name) for name in templates.asset_names()]
    return {"html": files_digest(html), "md": files_digest(templates.effective_files("*.md.j2")),
            "json": "", "pdf": files_digest(html + assets)}


def plan(registers: list[Register], histories: dict[str, list[Version]], options: Options,
         templates: Templates) -> list[DocumentPlan]:
    code = code_fingerprint()
    fingerprints = _format_fingerprints(templates)
    plans = []
    for register in sorted(registers, key=lambda r: r.id):
        versions = histories.get(register.id) or [Version(version_id(register.data), register.data, None)]
        history = [(v.id, v.data) for v in versions]
        # hashing a register's data is the costly part of a key: once per version
        data_hashes = {id(v.data): digest(v.data) for v in versions}
        data_hashes.setdefault(id(register.data), digest(register.data))
        history_key = digest([(v.id, data_hashes[id(v.data)]) for v in versions]) if len(history) > 1 else ""
        # (the version list on a page depends on the whole history: any new version changes it)
        for lang in register.data["languages"]:
            wanted = [PUBLIC] + ([RECORD] if options.records and RECORD in kinds(register.data["framework"]) else [])
            # the versions published in this language (a language may have been added later)
            in_lang = [(v, d) for v, d in history if lang in d["languages"]]
            for kind in wanted:
                # the latest page, and with the history read, every version at its permanent
                # address (even the only one: it must not move when a second version comes)
                versioned = kind == PUBLIC and register.id in histories
                pages = [(None, register.data)] + (in_lang if versioned else [])
                for version, data in pages:
                    doc = DocumentPlan(register, lang, kind, version, data, in_lang if kind == PUBLIC else [],
                                       data_hashes[id(data)])
                    for fmt in options.formats:
                        path = _path(register.id, lang, kind, version, fmt)
                        # the HTML page also depends on where it is, the formats it links to
                        # and the version list; the other formats only on the document
                        page_context = [path, options.formats, history_key] if fmt == "html" else []
                        key = digest(code, fingerprints[fmt], fmt, kind, lang, register.id, data_hashes[id(data)],
                                     page_context)
                        doc.outputs.append(Output(path, key, fmt))
                    plans.append(doc)
    return plans


def _summary_key(doc: DocumentPlan) -> str:
    return digest("summary", __version__, doc.kind, doc.lang, doc.register.id, doc.data_hash)


def _check_output(out: Path) -> None:
    if out.exists() and not (out / MARKER).exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError([Diagnostic(str(out), 1, 1, "this folder exists and was not made by policy-gen; "
                                                     "choose another --out, or empty it first")])


def build(registers: list[Register], out: Path, options: Options, cache: Cache,
          histories=None, progress=None, workers=None) -> BuildResult:
    """Render and publish `registers` into `out`, replacing it only when all is done.

    The cache is saved only when the site is in place; on failure it is left as it was."""
    out = Path(out)
    _check_output(out)                # before anything is written beside it
    with exclusive(out):
        return _build(registers, out, options, cache, histories or {}, progress, workers)


def _build(registers, out: Path, options: Options, cache: Cache, histories, progress, workers) -> BuildResult:
    from .workers import render_all
    remove_leftovers(out)
    templates = Templates(options.template_dir)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        plans = plan(registers, histories, options, templates)
        # every key still missing is rendered once, however many paths use it
        todo: dict[int, list[Output]] = {}
        missing: set[str] = set()
        for i, doc in enumerate(plans):
            summary = cache.get(_summary_key(doc)) if doc.version is None else True
            needed = [o for o in doc.outputs if cache.get(o.key) is None and o.key not in missing]
            if needed or summary is None:
                todo[i] = needed
                missing.update(o.key for o in needed)
        results = render_all([(i, plans[i], todo[i]) for i in sorted(todo)], options, cache.objects, staging,
                             workers, progress)
        for i, (shas, summary) in results.items():
            for key, sha in shas.items():
                cache.put(key, sha)
            if summary is not None:
                cache.put(_summary_key(plans[i]), summary)
        written = {o.path for outputs in todo.values() for o in outputs}
        files = _assemble(plans, cache, templates, staging, options, written)
        os.chmod(staging, 0o755)      # mkdtemp makes it private; a site is for reading
        replace_dir(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        cache.discard()
        raise
    cache.save()                      # the site is in place: a failure here costs only speed
    reused = sum(1 for doc in plans for o in doc.outputs if o.key not in missing)
    documents = sum(1 for doc in plans if doc.version is None)
    rendered = len({(plans[i].register.id, plans[i].lang, plans[i].kind) for i in todo})
    return BuildResult(files=files, documents=documents, rendered=rendered, reused=reused)


def _assemble(plans: list[DocumentPlan], cache: Cache, templates: Templates, into: Path,
              options: Options, written: set[str]) -> list[str]:
    """Complete the staging folder `into`: the files not `written` by this build's rendering
    (linked from the cache), the assets, the index, the sitemap and the manifest."""
    files: dict[str, dict] = {}

    def add(path: str, sha: str) -> None:
        if path not in written:
            cache.link(sha, into / path)
        files[path] = {"sha256": sha, "bytes": cache.size(sha)}

    def write(path: str, data: bytes) -> None:
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        files[path] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}

    documents: dict[tuple, dict] = {}
    for doc in plans:
        for output in doc.outputs:
            add(output.path, cache.get(output.key))
        entry_files = {o.fmt: o.path for o in doc.outputs}
        identity = (doc.register.id, doc.lang, doc.kind)
        if doc.version is None:
            summary = cache.get(_summary_key(doc))
            documents[identity] = {**summary, "id": doc.register.id, "lang": doc.lang, "kind": doc.kind,
                                   "framework": doc.register.data["framework"],
                                   "version": version_id(doc.data),
                                   "page": entry_files.get("html", next(iter(entry_files.values()))),
                                   "files": entry_files, "versions": []}
        else:
            documents[identity]["versions"].append(
                {"version": doc.version, "page": entry_files.get("html", next(iter(entry_files.values()))),
                 "files": entry_files})
    for name in templates.asset_names():
        write(f"assets/{name}", templates.asset(name).read_bytes())
    entries = list(documents.values())
    write_site_files(write, templates, entries, options.site_url, "html" in options.formats)
    write(MARKER, MARKER_TEXT)
    (into / "manifest.json").write_bytes(site.manifest(entries, files))
    return sorted([*files, "manifest.json"])


def write_site_files(write, templates: Templates, entries: list[dict], site_url: str | None,
                     html: bool) -> None:
    if html:
        write("index.html", site.index_page(templates, entries))
        write("sitemap.xml", site.sitemap(entries, site_url))


def read_manifest(folder: Path) -> dict:
    """A shard's manifest, checked: every path in it must stay inside the site."""
    problem = "this folder has no readable manifest.json; name folders written by 'policy-gen build'"
    try:
        manifest = jsonio.loads((folder / "manifest.json").read_bytes())
        from .safefs import unsafe_site_paths
        unsafe = unsafe_site_paths(manifest)        # links too: they reach index.html and sitemap.xml
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise InputError([Diagnostic(str(folder), 1, 1, problem)]) from None
    if unsafe:
        raise InputError([Diagnostic(str(folder / "manifest.json"), 1, 1,
                                     f"the manifest names a file outside the site ({unsafe[0]!r}); "
                                     "build the shard again")])
    return manifest
