"""Legal frameworks: each is one declared `Framework` object, found through one registry.

A framework says everything policy-gen needs to know about one law's documents:
its name (which is also its schema's stem and its catalogue context), its
sections (how each becomes blocks, whether a register may leave it out, which
parts make up its text), the kinds of document it gives (the public notice, an
internal record …) each with its own section order, its own checks, the module
of its legal checks (legal.py runs them), and the catalogue contexts its texts
fall back to. Nothing about a framework is written
anywhere else: validation, the builders, the site and the cache all ask it.

The built-in frameworks are listed in BUILTIN; others come from installed
packages through the entry-point group `policy_gen.frameworks`, each naming a
Framework object (the way Sphinx finds builders and Pelican finds readers):

    [project.entry-points."policy_gen.frameworks"]
    my-law = "my_package.my_law:FRAMEWORK"
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Callable

from ..facts import Facts, load_facts
from ..i18n import Messages
from ..model import Block, Document, Register, localise
from .blocks import place_extra_sections
from .own import arrange, date_lines, own_blocks, register_blocks, register_name

PUBLIC, RECORD = "public", "record"
ENTRY_POINTS = "policy_gen.frameworks"
BUILTIN = ("policy_gen.frameworks.henkilotietolaki_10:FRAMEWORK", "policy_gen.frameworks.gdpr:FRAMEWORK")

SectionBuilder = Callable[[dict, Messages, Facts], list[Block]]
Check = Callable[..., list]     # (LoadedFile, Facts) -> list[Diagnostic]


@dataclass(frozen=True)
class SectionSpec:
    """One standard section of a framework."""
    id: str
    blocks: SectionBuilder           # the localised register -> the section's blocks ([]: left out)
    optional: bool = False           # a register may leave it out (then no extra section can follow it)
    text_parts: tuple[str, ...] = () # its whole content is these parts: one of them must be written


@dataclass(frozen=True)
class DocumentKind:
    """One kind of document a framework gives from a register."""
    name: str                        # PUBLIC (published, on the index) or e.g. RECORD (internal, on request)
    sections: tuple[str, ...]        # section ids, in document order
    type_key: str                    # catalogue key of the document type: "Rekisteriseloste"
    legal_reference: Callable[[dict, Messages], str]
    extra_sections: bool = True      # the register's own additional sections appear in it


@dataclass(frozen=True)
class Framework:
    name: str                        # = the schema's stem and the catalogue context
    sections: tuple[SectionSpec, ...]
    kinds: tuple[DocumentKind, ...]
    checks: tuple[Check, ...] = ()   # checks a schema cannot make, beyond the generic ones
    legal: str | None = None         # the module of its legal checks and coverage (policy-gen check)
    repealed: str | None = None      # ISO date its act was repealed: its documents are historical
    fallbacks: tuple[str, ...] = ()  # catalogue contexts tried after its own, before "common"
    schema: Path | None = None       # None: schemas/<name>.schema.json of policy-gen
    locales: Path | None = None      # a folder of extra catalogues (<lang>/LC_MESSAGES/policy_gen.po)
    _sections: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_sections", {s.id: s for s in self.sections})

    def section(self, ident: str) -> SectionSpec:
        return self._sections[ident]

    @property
    def section_ids(self) -> tuple[str, ...]:
        return tuple(self._sections)

    @property
    def optional_sections(self) -> frozenset[str]:
        return frozenset(s.id for s in self.sections if s.optional)

    def kind(self, name: str) -> DocumentKind:
        return next(k for k in self.kinds if k.name == name)

    @property
    def kind_names(self) -> tuple[str, ...]:
        return tuple(k.name for k in self.kinds)

    def legal_module(self):
        """The module of the framework's legal checks (imported on first use: only
        `check`, `validate` and `build` of valid registers need it), or None."""
        from importlib import import_module
        return import_module(self.legal) if self.legal else None

    def messages(self, lang: str) -> Messages:
        return Messages(lang, self.name, self.fallbacks, self.locales)

    def build(self, register_id: str, data: dict, lang: str, kind: str, facts: Facts) -> Document:
        """The document of `kind` in `lang` from the register `data` (localised here); `facts`
        are the dated facts about the law (read by the caller: building does no I/O)."""
        spec, msg = self.kind(kind), self.messages(lang)
        data = localise(data, lang)
        standard = []
        for ident in spec.sections:
            blocks = self.section(ident).blocks(data, msg, facts) + own_blocks(data.get(ident))
            if blocks:
                own = data[ident].get("heading") if isinstance(data.get(ident), dict) else None
                own = own or (data["document"].get("headings") or {}).get(ident)
                standard.append((ident, own or msg(f"section.{ident}"), blocks))
        extras = (data.get("extra_sections") or []) if spec.extra_sections else []
        document = data["document"]
        date_text = msg.date(document["date"])
        doc_type = msg(spec.type_key)
        return Document(
            register_id=register_id, framework=self.name, kind=kind, lang=lang,
            languages=tuple(data["languages"]), doc_type=doc_type,
            title=document.get("title") or msg("document.title", type=doc_type,
                                                controller=data["controller"]["name"], date=date_text),
            legal_reference=spec.legal_reference(data, msg), date=document["date"], date_text=date_text,
            updated=document.get("updated"),
            updated_text=msg.date(document["updated"]) if document.get("updated") else None,
            controller=data["controller"]["name"], register_name=register_name(data),
            sections=arrange(place_extra_sections(standard, extras), document), data=data, messages=msg,
            numbered=document.get("numbering", True), dates=date_lines(document, msg),
            intro=tuple(register_blocks(document.get("intro"))))


def _load(reference: str) -> Framework:
    from importlib import import_module
    module, _, name = reference.partition(":")
    return getattr(import_module(module), name)


@cache
def registry() -> dict[str, Framework]:
    """Every framework by name: the built-in ones, then those of installed packages."""
    from importlib.metadata import entry_points
    found: dict[str, Framework] = {}
    for framework in [_load(ref) for ref in BUILTIN] + [ep.load() for ep in entry_points(group=ENTRY_POINTS)]:
        if not isinstance(framework, Framework):
            raise TypeError(f"entry point in {ENTRY_POINTS} is not a policy_gen Framework: {framework!r}")
        found.setdefault(framework.name, framework)
    return found


def get(name: str) -> Framework:
    return registry()[name]


def build_document(register: Register, lang: str, kind: str = PUBLIC, facts: Facts | None = None) -> Document:
    """The document of `kind` in `lang` for a validated register (with today's dated facts
    about the law unless `facts` are given)."""
    return get(register.data["framework"]).build(register.id, register.data, lang, kind,
                                                 facts or load_facts())
