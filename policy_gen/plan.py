"""Planning a build: every document the site will hold, and a render key for each file.

A document is one register × version × language × kind; each of its output
files gets a render key that hashes everything its bytes depend on (the cache's
`digest`). A file whose key the cache knows is not rendered again.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import frameworks
from .cache import code_fingerprint, digest, format_fingerprint
from .frameworks import PUBLIC, RECORD
from .history import Version, version_id
from .layout import site_path
from .model import Register
from .render import registry
from .render.templating import Templates


@dataclass(frozen=True)
class Options:
    """What a build publishes."""
    formats: tuple[str, ...]
    records: bool = False
    site_url: str | None = None
    template_dir: Path | None = None


@dataclass(frozen=True)
class Output:
    """One file of a document."""
    path: str          # site path, e.g. fi/x.pdf
    key: str           # render key
    fmt: str           # format name


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


def path_of(register_id: str, lang: str, kind: str, version: str | None, fmt: str) -> str:
    return site_path(register_id, lang, registry()[fmt].suffix, version, record=kind == RECORD)


def plan(registers: list[Register], histories: dict[str, list[Version]], options: Options,
         templates: Templates) -> list[DocumentPlan]:
    code = code_fingerprint()
    renderers = registry()
    fingerprints = {fmt: format_fingerprint(renderers[fmt], templates) for fmt in options.formats}
    plans = []
    for register in sorted(registers, key=lambda r: r.id):
        kinds = frameworks.get(register.data["framework"]).kind_names
        versions = histories.get(register.id) or [Version(version_id(register.data), register.data)]
        history = [(v.id, v.data) for v in versions]
        # hashing a register's data is the costly part of a key: once per version
        data_hashes = {id(v.data): digest(v.data) for v in versions}
        data_hashes.setdefault(id(register.data), digest(register.data))
        history_key = digest([(v.id, data_hashes[id(v.data)]) for v in versions]) if len(history) > 1 else ""
        # (the version list on a page depends on the whole history: any new version changes it)
        for lang in register.data["languages"]:
            wanted = [PUBLIC] + ([RECORD] if options.records and RECORD in kinds else [])
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
                        path = path_of(register.id, lang, kind, version, fmt)
                        # a page also depends on where it is, the formats it links to and the
                        # version list; the other formats only on the document
                        context = [path, options.formats, history_key] if renderers[fmt].site_context else []
                        key = digest(code, fingerprints[fmt], fmt, kind, lang, register.id, data_hashes[id(data)],
                                     context)
                        doc.outputs.append(Output(path, key, fmt))
                    plans.append(doc)
    return plans
