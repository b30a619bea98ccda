"""The data model between the steps: a validated `Register` in, a `Document` out.

A framework turns a validated register into a `Document` for one language:
numbered sections of paragraphs, lists, sub-headings and label/value rows, with
every heading and fixed text already taken from the catalogue. Every renderer
only lays this one model out (as pandoc's writers do its AST), so the formats
cannot disagree on the content. No I/O happens here.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import ClassVar

from .i18n import Messages, is_text_mapping


@dataclass(frozen=True)
class Register:
    """A validated register: what a reader gives and every framework builds from."""
    id: str          # the file name without .yaml: names the output files
    source: str      # the path as the user gave it, for messages
    data: dict


# ---- inline text: typed spans (parsed by policy_gen.inline from the register's own blocks) ----

@dataclass(frozen=True)
class Text:
    text: str
    kind: ClassVar[str] = "text"


@dataclass(frozen=True)
class Link:
    href: str                   # https:, mailto: or tel: only (policy_gen.inline refuses the rest)
    children: tuple["Span", ...]
    kind: ClassVar[str] = "link"


@dataclass(frozen=True)
class Emphasis:
    children: tuple["Span", ...]
    kind: ClassVar[str] = "emphasis"


@dataclass(frozen=True)
class Strong:
    children: tuple["Span", ...]
    kind: ClassVar[str] = "strong"


Span = Text | Link | Emphasis | Strong


def plain(spans) -> str:
    """The text of spans without their markup."""
    return "".join(s.text if isinstance(s, Text) else plain(s.children) for s in spans)


@dataclass(frozen=True)
class Row:
    label: str | None           # None: the value is printed alone, as the original has no label
    value: str
    href: str | None = None     # mailto:, tel: or https: link for the HTML page
    spans: tuple[Span, ...] | None = None   # the value with inline links and emphasis, where parsed


@dataclass(frozen=True)
class Item:
    text: str
    term: str | None = None     # "YTJ: provides ..." items print the term first
    spans: tuple[Span, ...] | None = None   # the text with inline links and emphasis, where parsed
    items: tuple["Item", ...] = ()          # a nested list (one level)


@dataclass(frozen=True)
class Paragraph:
    text: str
    spans: tuple[Span, ...] | None = None   # the text with inline links and emphasis, where parsed
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


@dataclass(frozen=True)
class Subsection:
    """A sub-section with its own heading and blocks (h3, '###', a bookmark under its section)."""
    heading: str
    blocks: tuple["Block", ...]
    number: str | None = None   # "5.1" when the document is numbered
    id: str | None = None       # its anchor: "<section>-<n>"
    kind: ClassVar[str] = "subsection"


Block = Paragraph | BulletList | Rows | Subheading | Subsection


@dataclass(frozen=True)
class Section:
    id: str
    number: int | None          # None: the document's sections are not numbered
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
class DateLine:
    """A date the masthead prints: 'Viimeisin muutos 13.4.2020'."""
    label: str
    date: str                   # ISO
    text: str                   # as the language writes it


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
    numbered: bool = True       # sections carry numbers ("1.")
    dates: tuple[DateLine, ...] = ()                        # printed under the title, in order
    intro: tuple[Block, ...] = ()                           # blocks before the first section


def localise(value, lang: str):
    """A register value with every per-language text replaced by its `lang` text."""
    if is_text_mapping(value):
        return value[lang]
    if isinstance(value, dict):
        return {k: localise(v, lang) for k, v in value.items()}
    if isinstance(value, list):
        return [localise(v, lang) for v in value]
    return value


def is_iso_date(text) -> bool:
    """YYYY-MM-DD naming a day that exists."""
    if not isinstance(text, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def document_date(document: dict) -> str:
    """The date a document speaks for (and names its version): its latest update, else its date."""
    return document.get("updated") or document["date"]
