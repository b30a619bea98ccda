"""Planning a build: every document the site will hold, and a render key for each file.

A document is one register × version × language × kind; each of its output
files gets a render key that hashes everything its bytes depend on (the cache's
`digest`). A file whose key the cache knows is not rendered again.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from . import frameworks
from .cache import code_fingerprint, digest, format_fingerprint
from .frameworks import PUBLIC
from .history import Version, version_id
from .layout import site_path
from .model import Register
from .render import registry
from .render.templating import Templates


@dataclass(frozen=True)
class Options:
    """What a build publishes: the documents of `kinds` (the public site is PUBLIC's; the
    internal records, RECORD's, go to a folder of their own) in `formats`."""
    formats: tuple[str, ...]
    kinds: tuple[str, ...] = (PUBLIC,)
    site_url: str | None = None
    template_dir: Path | None = None


@dataclass(frozen=True)
class Output:
    """One file of a document."""
    path: str          # site path, e.g. fi/x.pdf
    key: str           # render key
    fmt: str           # format name


@dataclass(frozen=True)
class Standing:
    """Where a document stands, as its notices say (site paths, not yet links)."""
    superseded_by: str | None = None     # an earlier version's: the current version's id
    current: str | None = None           # … and the site path of the current version
    repealed: str | None = None          # made under an act repealed on this date: historical
    successor: str | None = None         # the site path of the document that replaces it, if any


@dataclass
class DocumentPlan:
    """One document (register × version × language × kind) and its output files."""
    register: Register
    lang: str
    kind: str
    version: str | None              # None: the latest page; else a permanent version page
    data: dict                       # the register as in that version
    history: list[tuple[str, dict]]  # every version in this language, newest first (for the version list)
    data_hash: str = ""              # digest of `data`, made once per register version
    standing: Standing = Standing()
    outputs: list[Output] = field(default_factory=list)

    @property
    def files(self) -> dict[str, str]:
        """Site path by format."""
        return {o.fmt: o.path for o in self.outputs}


@dataclass(frozen=True)
class RenderJob:
    """What a worker renders of one document: some or all of its outputs."""
    index: int                       # the document's place in the plan
    plan: DocumentPlan
    outputs: tuple[Output, ...]


def path_of(register_id: str, lang: str, version: str | None, fmt: str) -> str:
    return site_path(register_id, lang, registry()[fmt].suffix, version)


@dataclass(frozen=True)
class Successor:
    """The register whose document replaces another's (it names it in `document.replaces`)."""
    id: str
    languages: tuple[str, ...]


def successors(registers: list[Register]) -> dict[str, Successor]:
    """register id -> the register that replaces it (registers.check_references has made
    sure that no two name the same)."""
    return {r.data["document"]["replaces"]: Successor(r.id, tuple(r.data["languages"]))
            for r in registers if r.data["document"].get("replaces")}


def plan(registers: list[Register], histories: dict[str, list[Version]], options: Options,
         templates: Templates, replaced_by: dict[str, Successor] | None = None) -> list[DocumentPlan]:
    """Every document of the site and its files. `replaced_by`: which register replaces which
    (by default worked out from `registers`; a shard is given it for every register)."""
    code = code_fingerprint()
    renderers = registry()
    fingerprints = {fmt: format_fingerprint(renderers[fmt], templates) for fmt in options.formats}
    # a document's address: its web page, else its first format
    address = next((f for f in options.formats if renderers[f].web_page), options.formats[0])
    replaced_by = successors(registers) if replaced_by is None else replaced_by
    plans = []
    for register in sorted(registers, key=lambda r: r.id):
        framework = frameworks.get(register.data["framework"])
        kinds = framework.kind_names
        successor = replaced_by.get(register.id)
        current_id = version_id(register.data)
        versions = histories.get(register.id) or [Version(version_id(register.data), register.data)]
        history = [(v.id, v.data) for v in versions]
        # hashing a register's data is the costly part of a key: once per version
        data_hashes = {id(v.data): digest(v.data) for v in versions}
        data_hashes.setdefault(id(register.data), digest(register.data))
        history_key = digest([(v.id, data_hashes[id(v.data)]) for v in versions]) if len(history) > 1 else ""
        # (the version list on a page depends on the whole history: any new version changes it)
        for lang in register.data["languages"]:
            wanted = [kind for kind in options.kinds if kind in kinds]
            # the versions published in this language (a language may have been added later)
            in_lang = [(v, d) for v, d in history if lang in d["languages"]]
            for kind in wanted:
                # the latest page, and with the history read, every version at its permanent
                # address (even the only one: it must not move when a second version comes)
                versioned = kind == PUBLIC and register.id in histories
                pages = [(None, register.data)] + (in_lang if versioned else [])
                for version, data in pages:
                    standing = Standing(
                        repealed=framework.repealed,
                        successor=path_of(successor.id, _lang_of(successor, lang), None, address)
                        if successor and framework.repealed else None)
                    if version is not None and version != current_id:
                        standing = replace(standing, superseded_by=current_id,
                                           current=path_of(register.id, lang, None, address))
                    doc = DocumentPlan(register, lang, kind, version, data, in_lang if kind == PUBLIC else [],
                                       data_hashes[id(data)], standing)
                    for fmt in options.formats:
                        path = path_of(register.id, lang, version, fmt)
                        # a page also depends on where it is, the formats it links to and the
                        # version list; the other formats only on the document
                        context = [path, options.formats, history_key] if renderers[fmt].site_context else []
                        key = digest(code, fingerprints[fmt], fmt, kind, lang, register.id, data_hashes[id(data)],
                                     asdict(standing), context)
                        doc.outputs.append(Output(path, key, fmt))
                    plans.append(doc)
    return plans


def _lang_of(successor: Successor, lang: str) -> str:
    """`lang` if the successor is published in it, else in its first language."""
    return lang if lang in successor.languages else successor.languages[0]
