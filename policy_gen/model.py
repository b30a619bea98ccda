"""The data model between the steps: a validated `Register` in, a `Document` out.

A framework turns a validated register into a `Document` for one language:
numbered sections of paragraphs, lists, sub-headings and label/value rows, with
every heading and fixed text already taken from the catalogue. Every renderer
only lays this one model out (as pandoc's writers do its AST), so the formats
cannot disagree on the content. No I/O happens here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

from .i18n import Messages, is_text_mapping


@dataclass(frozen=True)
class Register:
    """A validated register: what a reader gives and every framework builds from."""
    id: str          # the file name without .yaml: names the output files
    source: str      # the path as the user gave it, for messages
    data: dict


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    href: str | None = None     # mailto:, tel: or https: link for the HTML page


@dataclass(frozen=True)
class Item:
    text: str
    term: str | None = None     # "YTJ: provides ..." items print the term first


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True)
class BulletList:
    items: tuple[Item, ...]
    kind: ClassVar[str] = "list"


@dataclass(frozen=True)
class Rows:
    rows: tuple[Row, ...]
    kind: ClassVar[str] = "rows"


@dataclass(frozen=True)
class Subheading:
    text: str
    kind: ClassVar[str] = "subheading"


Block = Paragraph | BulletList | Rows | Subheading


@dataclass(frozen=True)
class Section:
    id: str
    number: int
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Notice:
    """What a document says of its own standing, above its first section."""
    kind: str                   # "historical" (made under a repealed act) or "superseded" (an earlier version)
    text: str
    short: str                  # a word or two, for titles and metadata: "historiallinen asiakirja"
    link_text: str | None = None
    href: str | None = None     # relative to the document's own folder


@dataclass(frozen=True)
class Document:
    register_id: str
    framework: str
    kind: str                   # the framework's document kind: "public", "record"
    lang: str
    languages: tuple[str, ...]
    doc_type: str               # "Rekisteriseloste"
    title: str                  # "Rekisteriseloste ILJOJA Networks 1.1.2015"
    legal_reference: str
    date: str                   # ISO date
    date_text: str              # the date as the language writes it
    updated: str | None
    updated_text: str | None
    controller: str
    register_name: str
    sections: tuple[Section, ...]
    data: dict = field(compare=False, repr=False)          # the register, in this language
    messages: Messages = field(compare=False, repr=False)
    notices: tuple[Notice, ...] = ()     # historical, superseded: set where the site is planned


def localise(value, lang: str):
    """A register value with every per-language text replaced by its `lang` text."""
    if is_text_mapping(value):
        return value[lang]
    if isinstance(value, dict):
        return {k: localise(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [localise(v, lang) for v in value]
    return value


def document_date(document: dict) -> str:
    """The date a document speaks for (and names its version): its latest update, else its date."""
    return document.get("updated") or document["date"]
