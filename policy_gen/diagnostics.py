"""Problems found in the user's input, reported as `FILE:LINE:COL: error: MESSAGE`.

Every stage (loading, schema validation, content checks) reports through these
types, so the command line prints all of them the same way and no traceback
ever reaches the legal team.
"""
from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import Callable


class Text(str):
    """A message in English that can also be said in another language.

    It *is* the English string (so tests, hashes and comparisons see plain text), and it
    keeps its template and parameters: the template is the msgid of the message in the
    catalogues (context "cli"), and `translate` says it in another language. A parameter
    may be a Text too (a phrase inside a sentence), which is translated the same way."""

    template: str
    params: dict
    context: str = "cli"        # the catalogue context: "schema" for a text written in schemas/*.schema.json

    def __new__(cls, template: str, /, **params) -> "Text":
        self = super().__new__(cls, template.format(**params) if params else template)
        self.template = template
        self.params = params
        return self


def msg(template: str, /, **params) -> Text:
    """A translatable message: `msg("unknown key '{key}'", key=key)`."""
    return Text(template, **params)


def schema_text(english: str) -> Text:
    """A text the JSON Schema gives (an `errorMessage`, `patternErrorMessage` or property `title`),
    translatable like a message: its msgid is the schema's English text, in context "schema".
    It has no parameters, so its braces ('{...}') are text, never placeholders."""
    text = Text(english)
    text.context = "schema"
    return text


# template (and context, "cli" unless given) -> the template in a language, or None
Lookup = Callable[..., "str | None"]


def translate(text, lookup: Lookup | None) -> str:
    """`text` in the language of `lookup`; English (as is) without one, and for any piece
    the catalogue lacks. A value from the register is never translated."""
    if lookup is None or not isinstance(text, Text):
        return str(text)
    params = {name: translate(value, lookup) for name, value in text.params.items()}
    found = lookup(text.template) if text.context == "cli" else lookup(text.template, text.context)
    template = found or text.template
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):   # a catalogue entry with other placeholders
        return text.template.format(**params) if params else text.template


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return self.text(None)

    def text(self, lookup: Lookup | None) -> str:
        """The problem as printed: the FILE:LINE:COL: severity: prefix is always the same
        (programs read it), the message is in the language of `lookup`."""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {translate(self.message, lookup)}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


@dataclass(frozen=True)
class StandIn:
    """A file's text with the one character that stopped YAML (a non-breaking space, a typographic
    dash starting a list item, a zero-width space) replaced by what was surely meant, so that the
    problems behind it can be reported in the same run. Never used as the register's data.
    `removed` says where a character was taken out (line, column), so that columns after it on
    that line can be given back as they stand in the file; `failure` is YAML's failure that
    blamed the character (line, problem), and `source` the text it was found in, to say that
    failure without the blame when the stand-in fails the same way (the character was near the
    failure, not its cause)."""

    text: str
    removed: tuple[int, int] | None = None
    failure: tuple[int, str] | None = None
    source: str = ""


class InputError(Exception):
    """Raised with every problem found in one or more input files; for a file YAML could not
    read, `failure` is where and why (line, problem) and `stand_in` the text to read on with."""

    def __init__(self, diagnostics: list[Diagnostic], stand_in: StandIn | None = None,
                 failure: tuple[int, str] | None = None):
        self.diagnostics = sorted(diagnostics)
        self.stand_in = stand_in
        self.failure = failure
        super().__init__("\n".join(str(d) for d in self.diagnostics))


# the usual reasons the machine says no, in the lawyer's words (the system's own text is English)
_OS_REASONS = {errno.ENOENT: msg("no such file or folder"), errno.EACCES: msg("permission denied"),
               errno.EPERM: msg("permission denied"), errno.EISDIR: msg("this is a folder"),
               errno.ENOTDIR: msg("a part of the path is not a folder"), errno.ENOSPC: msg("the disk is full"),
               errno.EROFS: msg("the disk can only be read"), errno.ELOOP: msg("too many symbolic links"),
               errno.EADDRINUSE: msg("another program uses this port"), errno.EEXIST: msg("it exists already")}


def os_reason(error: OSError):
    """Why the machine said no: in the language of messages for the usual reasons, else as the
    operating system said it."""
    return _OS_REASONS.get(error.errno) or str(error.strerror or error)


def field_name(path: tuple) -> str:
    """A data path as the legal team writes it: ('purpose', 'items', 2) -> 'purpose.items[3]'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or msg("(the document)")


TODO = "TODO:"


def is_todo(value) -> bool:
    """A value still to be written, such as those `policy-gen migrate` leaves: `validate`
    reports each one with its location, and nothing else about it."""
    return isinstance(value, str) and value.startswith(TODO)


def as_list(value) -> list:
    """`value` if it is a list, else none: checks run on registers the schema has refused too,
    whose values may be of any shape (the schema reports those)."""
    return value if isinstance(value, list) else []
