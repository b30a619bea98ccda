"""`policy-gen new NAME`: a new register with every section of its framework, to fill in.

Each framework's register is described below as a short tree of fields; the file is
written from it. Every field gets a comment, in the register's first language, saying
what belongs there and under which provision (the texts are in the catalogues,
locales/*/LC_MESSAGES/policy_gen.po, context "new"); every value still to be written
is "TODO: ...", which `validate` reports at its line until someone writes the answer.
"""
from __future__ import annotations

import json
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import TODO, Diagnostic, InputError, Lookup, msg, translate
from .fsutil import write_atomic
from .i18n import Messages
from .resources import schemas_dir
from .termsafe import for_terminal

TEXT = "text"        # prose: one text, or one per language when there are several
TEXTS = "texts"      # a list of prose texts (paragraphs or list items)
VALUE = "value"      # the same in every language: a date, an ID, an address, a choice
GROUP = "group"      # a mapping of fields
EACH = "each"        # a list of mappings: one is written, to copy for the next
NOTE = "note"        # a comment only: an optional part the reader may add


@dataclass(frozen=True)
class Field:
    key: str | None      # None for a NOTE
    note: str            # its comment: catalogue key "new.<note>"
    shape: str
    children: tuple = ()


def text(key: str, note: str) -> Field:
    return Field(key, note, TEXT)


def texts(key: str, note: str) -> Field:
    return Field(key, note, TEXTS)


def value(key: str, note: str) -> Field:
    return Field(key, note, VALUE)


def group(key: str, note: str, *children: Field) -> Field:
    return Field(key, note, GROUP, children)


def each(key: str, note: str, *children: Field) -> Field:
    return Field(key, note, EACH, children)


def note(note: str) -> Field:
    return Field(None, note, NOTE)


def contact_details(*more: Field) -> tuple[Field, ...]:
    """Name, address, phone and e-mail, as every framework asks them (common.schema.json)."""
    return (value("name", "field.name"), *more,
            each("addresses", "field.addresses", value("street", "field.street"),
                 value("postal_code", "field.postal_code"), value("city", "field.city")),
            value("phone", "field.phone"), value("email", "field.email"))


def document_fields() -> tuple[Field, ...]:
    return (group("document", "field.document", value("date", "field.date")),)


FRAMEWORKS: dict[str, tuple[Field, ...]] = {
    "gdpr": (
        *document_fields(),
        group("controller", "gdpr.controller", *contact_details(value("business_id", "field.business_id"))),
        group("contact", "gdpr.contact", *contact_details()),
        group("dpo", "gdpr.dpo", value("name", "field.name"), value("email", "field.email")),
        text("register_name", "gdpr.register_name"),
        group("purposes", "gdpr.purposes",
              each("items", "gdpr.purposes.items", text("purpose", "gdpr.purpose"),
                   value("legal_basis", "gdpr.legal_basis"))),
        group("data_subjects", "gdpr.data_subjects", texts("items", "field.items")),
        group("data_categories", "gdpr.data_categories", text("retention", "gdpr.retention"),
              each("items", "field.items", text("category", "gdpr.category"))),
        group("sources", "gdpr.sources", texts("items", "gdpr.sources.items"),
              group("external", "gdpr.external",
                    each("items", "field.items", value("source", "field.source"),
                         text("provides", "field.provides"),
                         value("publicly_accessible", "gdpr.publicly_accessible")))),
        texts("provision_requirement", "gdpr.provision_requirement"),
        group("recipients", "gdpr.recipients", texts("items", "field.items")),
        group("processors", "gdpr.processors",
              each("items", "field.items", value("name", "gdpr.processor"), text("task", "gdpr.task"))),
        group("transfers", "gdpr.transfers", value("outside_eea", "gdpr.outside_eea")),
        group("automated_decisions", "gdpr.automated_decisions", value("exists", "gdpr.automated")),
        note("gdpr.rights"),
        group("security", "gdpr.security", texts("electronic", "field.electronic"),
              texts("manual", "field.manual")),
    ),
    "henkilotietolaki-10": (
        *document_fields(),
        group("controller", "hetil.controller", *contact_details(value("business_id", "field.business_id"))),
        group("contact", "hetil.contact", *contact_details()),
        text("register_name", "hetil.register_name"),
        group("purpose", "hetil.purpose", texts("items", "field.items")),
        group("data_content", "hetil.data_content", texts("items", "field.items")),
        group("sources", "hetil.sources", texts("items", "field.items")),
        group("disclosures", "hetil.disclosures", texts("intro", "field.paragraphs")),
        group("transfers", "hetil.transfers", value("outside_eea", "hetil.outside_eea"),
              texts("intro", "field.paragraphs")),
        group("security", "hetil.security", texts("electronic", "field.electronic"),
              texts("manual", "field.manual")),
    ),
}

WIDTH = 96
GENERIC = ("field.items", "field.paragraphs")    # these TODOs say what their section is for


class _Writer:
    def __init__(self, languages: list[str]):
        self.languages = languages
        self.first = Messages(languages[0], "new")
        self.lines: list[str] = []

    def comment(self, note: str, indent: int) -> None:
        for line in textwrap.wrap(self.first(f"new.{note}"), WIDTH - indent - 2):
            self.lines.append(" " * indent + "# " + line)

    def todo(self, note: str, lang: str) -> str:
        """A value to write, saying what belongs there, in `lang`; quoted so it reads back as typed."""
        return json.dumps(f"{TODO} {Messages(lang, 'new')(f'new.{note}')}", ensure_ascii=False)

    def text(self, note: str, indent: int) -> list[str]:
        """The lines of a text: `"TODO: ..."` in one language, or one line per language."""
        if len(self.languages) == 1:
            return [self.todo(note, self.languages[0])]
        return [f"{lang}: {self.todo(note, lang)}" for lang in self.languages]

    def field(self, field: Field, indent: int, first_prefix: str = "", parent: str = "") -> None:
        """`field` at `indent`; `first_prefix` ('- ') starts a list item on its first line. A list
        or paragraphs say in their TODO what their section (`parent`) is for."""
        pad = " " * indent
        self.comment(field.note, indent - len(first_prefix))
        if field.shape == NOTE:
            return
        todo = parent if field.note in GENERIC and parent else field.note
        head = pad[:len(pad) - len(first_prefix)] + first_prefix + f"{field.key}:"
        if field.shape == VALUE:
            self.lines.append(f"{head} {self.todo(todo, self.languages[0])}")
        elif field.shape == TEXT:
            lines = self.text(todo, indent + 2)
            if len(lines) == 1:
                self.lines.append(f"{head} {lines[0]}")
            else:
                self.lines.append(head)
                self.lines.extend(" " * (indent + 2) + line for line in lines)
        elif field.shape == TEXTS:
            self.lines.append(head)
            for n, line in enumerate(self.text(todo, indent + 4)):
                self.lines.append(" " * (indent + 2) + ("- " if n == 0 else "  ") + line)
        elif field.shape == GROUP:
            self.lines.append(head)
            for child in field.children:
                self.field(child, indent + 2, parent=field.note)
        elif field.shape == EACH:
            self.lines.append(head)
            for n, child in enumerate(field.children):
                self.field(child, indent + 4, "- " if n == 0 else "", parent=field.note)


def schema_line(framework: str, folder: Path) -> str:
    """The editor's schema comment, relative from `folder` to the nearest schemas/ folder above it
    that has this framework's schema (as registers/ sits beside schemas/), else to policy-gen's own."""
    name = f"{framework}.schema.json"
    start = folder.resolve()
    found = next((d / "schemas" for d in (start, *start.parents) if (d / "schemas" / name).is_file()),
                 schemas_dir())
    relative = Path(os.path.relpath(found / name, start)).as_posix()
    if not relative.isprintable():
        # the path is only '..' and 'schemas' up to policy-gen's own folder, whose name could hold a
        # line break (or U+2028, a line break to YAML) ending the comment: never write one
        relative = f"../schemas/{name}"
    return f"# yaml-language-server: $schema={relative}"


def skeleton(framework: str, languages: list[str], folder: Path) -> str:
    """The text of a new register of `framework` in `languages`, to be saved in `folder`."""
    writer = _Writer(languages)
    writer.lines.append(schema_line(framework, folder))
    writer.comment("intro", 0)
    writer.comment("field.framework", 0)
    writer.lines.append(f"framework: {framework}")
    writer.comment("field.languages", 0)
    writer.lines.append(f"languages: [{', '.join(languages)}]")
    for field in FRAMEWORKS[framework]:
        writer.lines.append("")
        writer.field(field, 0)
    return "\n".join(writer.lines) + "\n"


def write_new(target: Path, text: str) -> None:
    """Create `target` with `text`, never replacing anything there (a file, a link, a folder):
    FileExistsError instead, even for a name taken meanwhile; no half-written file is seen."""
    write_atomic(target, text.encode("utf-8"), replace=False)


NAME = re.compile(r"\w[\w.-]*")


EXISTS = msg("this file exists already and is left as it is; choose another NAME or --dir")


def run(name: str, framework: str, languages: list[str], folder: str, lookup: Lookup | None = None) -> int:
    """Write the new register; its problems are raised (cli.py prints them in the language of
    messages, `lookup`), and the line saying what was written is in that language too."""
    stem = name.removesuffix(".yaml")
    target = Path(folder) / f"{stem}.yaml"
    if not NAME.fullmatch(stem):
        raise InputError([Diagnostic(name, 1, 1, msg("a register's name names its web pages: use letters, digits, "
                                                     "'-', '_' and '.' (no spaces, no folders; see --dir)"))])
    if os.path.lexists(target):
        raise InputError([Diagnostic(str(target), 1, 1, EXISTS)])
    try:
        write_new(target, skeleton(framework, languages, Path(folder)))
    except FileExistsError:
        raise InputError([Diagnostic(str(target), 1, 1, EXISTS)]) from None
    print(translate(msg("wrote {target}: a {framework} register in {languages}; write each TODO, "
                        "then `policy-gen validate {target}` lists what is left",
                        target=for_terminal(str(target)), framework=framework, languages=", ".join(languages)),
                    lookup))
    return 0
