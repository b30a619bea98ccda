"""Strict YAML loading: what the legal team typed arrives exactly as typed.

PyYAML's default (YAML 1.1) resolvers turn `NO` into False, `04400` into 2304
and `2015-01-01` into a date, and silently keep the last of two duplicate keys.
This loader keeps every scalar a string except `true`, `false` and an empty
value; duplicate keys, anchors, aliases and merge keys are errors. It records the
line and column of every key and value so later stages can point at them.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import limits
from .diagnostics import Diagnostic, InputError, StandIn, msg

Path_ = tuple  # a data path such as ("controller", "addresses", 0, "city")


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that policy-gen refuses (anchors, aliases)."""


class _NoAnchorsComposer(yaml.composer.Composer):
    """Refuses anchors and aliases: the legal team needs neither, and expanding
    aliases is how 'billion laughs' inputs exhaust memory."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(None, None, msg("'*{anchor}' is an alias; aliases and anchors are "
                                           "not allowed, write the value out in full", anchor=event.anchor),
                          event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _Refused(None, None, msg("'&{anchor}' is an anchor; anchors and aliases are "
                                           "not allowed, write the value out in full", anchor=event.anchor),
                          event.start_mark)
        return super().compose_node(parent, index)


class _StrictLoader(_NoAnchorsComposer, yaml.SafeLoader):
    """SafeLoader whose only implicit types are null and the booleans true/false."""

    yaml_implicit_resolvers: dict = {}


_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), ["t", "f"])

if yaml.__with_libyaml__:
    class _FastStrictLoader(yaml.CSafeLoader):
        """libyaml parses and composes in C, about ten times faster, with the same
        strict resolvers. Its composer accepts anchors and aliases, so it is used
        only for texts in which neither '&' nor '*' appears (see load_text)."""

        yaml_implicit_resolvers = _StrictLoader.yaml_implicit_resolvers
else:  # a PyYAML built without libyaml
    _FastStrictLoader = _StrictLoader

_ALLOWED_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq",
}


@dataclass
class LoadedFile:
    """A YAML file's data plus where each value and key stands in the file."""

    path: str
    data: object
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)   # valid, but probably not what was meant

    def mark(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value (or key) at `path`, or of its nearest parent."""
        path = tuple(path)
        while True:
            if key and path in self.key_marks:
                return self.key_marks[path]
            if path in self.value_marks:
                return self.value_marks[path]
            if not path:
                return (1, 1)
            path = path[:-1]

    def diagnostic(self, path: Path_, message: str, *, key: bool = False) -> Diagnostic:
        line, col = self.mark(path, key=key)
        return Diagnostic(self.path, line, col, message)


def _pos(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_position = limits.position      # (line, column) of a character, both from 1


# Characters no one sees: spaces YAML does not take for spaces, zero-width and other format
# characters (bidi marks, the byte order mark inside a text, the soft hyphen). Pasted from a
# word processor or a web page, they make a key unknown or YAML fail a line later.
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
INVISIBLE = re.compile(f"[{_SPACES}\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_ZERO_WIDTH = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_EDGE_SPACE = re.compile(f"^[{_SPACES}]|[{_SPACES}]$")
_NAMES = {"\u00a0": msg("a non-breaking space"), "\u202f": msg("a narrow non-breaking space"),
          "\u200b": msg("a zero-width space"), "\u200c": msg("a zero-width non-joiner"),
          "\u200d": msg("a zero-width joiner"), "\u2060": msg("a word joiner"),
          "\ufeff": msg("a zero-width no-break space (byte order mark)"), "\u00ad": msg("a soft hyphen"),
          "\u200e": msg("a left-to-right mark"), "\u200f": msg("a right-to-left mark")}
# a list item started with a typographic dash: YAML reads the line as text
_DASH_ITEM = re.compile(r"^[ ]*([\u2010-\u2015\u2212])[ ]", re.MULTILINE)
_DASH_NAMES = {"\u2013": msg("an en dash (–)"), "\u2014": msg("an em dash (—)"), "\u2212": msg("a minus sign (−)")}


def invisible_name(char: str):
    """'a non-breaking space (U+00A0)': an invisible character named so it can be found."""
    name = _NAMES.get(char) or unicodedata.name(char, "").lower() or "?"
    return msg("{name} (U+{code})", name=name, code=f"{ord(char):04X}")


def _invisible_problem(char: str, *, in_key: bool = False):
    if in_key:
        return msg("this key has {char} in it, an invisible character: delete it (type the key again with "
                   "ordinary letters and spaces)", char=invisible_name(char))
    if not _ZERO_WIDTH.fullmatch(char):     # a space of another kind
        return msg("{char} is here, an invisible character YAML does not read as a space: delete it and type an "
                   "ordinary space if one is needed (it is often pasted along with text from another program)",
                   char=invisible_name(char))
    return msg("{char} is here, an invisible character that would be published with the text: delete it "
               "(it is often pasted along with text from another program)", char=invisible_name(char))


def _dash_item_problem(char: str):
    return msg("this line starts with {dash} where a list item starts with a hyphen: type '- ' "
               "(a hyphen and a space)", dash=_DASH_NAMES.get(char) or invisible_name(char))


class _Builder:
    def __init__(self, loader: _StrictLoader, loaded: LoadedFile, text: str):
        self.loader = loader
        self.loaded = loaded
        self.text = text
        self.problems: list[Diagnostic] = []

    def problem(self, node, message: str) -> None:
        line, col = _pos(node)
        self.problems.append(Diagnostic(self.loaded.path, line, col, message))

    def build(self, node, path: Path_):
        self.loaded.value_marks[path] = _pos(node)
        if self._over_limit(node, path):
            return None
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, msg("the tag '{tag}' is not allowed; remove it and write plain text", tag=node.tag))
            return None
        if isinstance(node, MappingNode):
            out: dict = {}
            first_seen: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, msg("this key is not plain text; write keys as simple words"))
                    continue
                if key_node.value == "<<":
                    self.problem(key_node, msg("merge keys ('<<') are not allowed; write the values out in full"))
                    continue
                key = key_node.value
                if key in first_seen:
                    self.problem(key_node, msg("duplicate key '{key}' (first at line {line}); "
                                               "keep one and delete the other", key=key, line=first_seen[key]))
                    continue
                self._invisible(key_node, key=True)
                first_seen[key] = key_node.start_mark.line + 1
                self.loaded.key_marks[path + (key,)] = _pos(key_node)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        self._invisible(node)
        if not node.style and "\t" in node.value:   # plain (unquoted) text
            # libyaml keeps a tab inside unquoted text, PyYAML's own parser refuses it:
            # report it either way, so both parsers read a file the same
            at = node.start_mark.index + self.text[node.start_mark.index:node.end_mark.index].index("\t")
            self.problems.append(Diagnostic(self.loaded.path, *_position(self.text, at), _TAB))
        return self.loader.construct_object(node, deep=True)


    def _invisible(self, node, *, key: bool = False) -> None:
        """Invisible characters typed (not escaped) in a key or a text, at their own place: any in a
        key; zero-width and format characters anywhere in a text, and spaces YAML does not
        take for spaces at its start or end; a list item started with a typographic dash."""
        start, end = node.start_mark.index, node.end_mark.index
        raw = self.text[start:end]
        if not raw.isascii():
            found = (INVISIBLE if key else _ZERO_WIDTH).search(raw)
            edge = None if key or node.style else _EDGE_SPACE.search(raw.strip(" "))
            if edge and not found:
                found = re.search(re.escape(edge.group()), raw)
            if found:
                at = start + found.start()
                # one before the key's first letter stands in its indentation, to the lawyer's eye
                self.problems.append(Diagnostic(self.loaded.path, *_position(self.text, at),
                                                _invisible_problem(found.group(),
                                                                   in_key=key and found.start() > 0)))
            if not key and not node.style:
                line_start = self.text.rfind("\n", 0, start) + 1
                dash = _DASH_ITEM.search(self.text[line_start:end])
                if dash:
                    at = line_start + dash.start(1)
                    self.problems.append(Diagnostic(self.loaded.path, *_position(self.text, at),
                                                    _dash_item_problem(dash.group(1))))

    values = 0

    def _over_limit(self, node, path: Path_) -> bool:
        """Limits and forbidden characters (limits.py): reported here, and the node not read on."""
        self.values += 1
        if self.values == limits.MAX_VALUES + 1:
            self.problem(node, limits.values_problem())
        if len(path) > limits.MAX_DEPTH and not isinstance(node, ScalarNode):
            self.problem(node, limits.depth_problem())
            return True
        if isinstance(node, SequenceNode) and len(node.value) > limits.MAX_LIST_ITEMS:
            self.problem(node, limits.list_problem(len(node.value)))
            return True
        if isinstance(node, MappingNode):
            for key_node, _ in node.value:
                problem = isinstance(key_node, ScalarNode) and limits.value_problem(key_node.value)
                if problem:
                    self.problem(key_node, problem)
                    return True
        if isinstance(node, ScalarNode):
            problem = limits.value_problem(node.value)
            if problem:
                self.problem(node, problem)
                return True
        return False


_TAB = msg("a tab character is not allowed here: replace it with spaces (YAML indents with spaces only)")


def _quote_closed_late(text: str, mark) -> tuple[int, int] | None:
    """Where a quoted text starts that runs over several lines up to the line of `mark`.

    A missing closing quote makes YAML read on to the next quote in the file and fail
    there, far from the mistake; this finds the quote that was left open.
    """
    last = None
    try:
        for token in yaml.scan(text, Loader=_StrictLoader):
            if token.start_mark.index >= mark.index:
                break
            last = token
    except yaml.YAMLError:
        pass
    if (isinstance(last, yaml.ScalarToken) and last.style in ('"', "'")
            and last.start_mark.line < last.end_mark.line == mark.line):
        return last.start_mark.line + 1, last.start_mark.column + 1
    return None


def _yaml_error(path: str, exc: yaml.YAMLError, text: str, blame_invisible: bool = True) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, _Refused):
        return Diagnostic(path, line, col, problem)
    invisible = _invisible_near(text, mark, getattr(exc, "context_mark", None)) if mark and blame_invisible else None
    if invisible is not None:
        # YAML fails where the invisible character's effect shows, often a line later
        char = text[invisible]
        return Diagnostic(path, *_position(text, invisible),
                          _invisible_problem(char) if INVISIBLE.fullmatch(char) else _dash_item_problem(char))
    opened_quote = _quote_closed_late(text, mark) if mark else None
    if opened_quote:
        return Diagnostic(path, *opened_quote, msg("the quote that starts here is closed only on line {line}; "
                                                   "add the closing quote at the end of this text", line=line))
    context = getattr(exc, "context", None)
    opened = getattr(exc, "context_mark", None)
    message = f"{context}: {problem}" if context else problem
    if "found character '\\t'" in message:
        # also raised for a tab inside unquoted text, so do not speak only of indentation
        return Diagnostic(path, line, col, _TAB)
    if "mapping values are not allowed" in message:
        return Diagnostic(path, line, col, msg(
            "a ':' followed by a space or the end of the line starts a key, "
            "and no key can start here: put text that contains ':' inside "
            "double quotes, or check the indentation of this line"))
    if "expected <block end>" in message:
        return Diagnostic(path, line, col, msg("this line is not indented like the lines above it: keys of one "
                                               "group start in the same column, indented with spaces"))
    if context and context.startswith("while parsing a flow") and "expected ','" in problem and opened:
        opener, closer = ("[", "]") if "sequence" in context else ("{", "}")
        if mark.line > opened.line or "<stream end>" in problem:
            # the parser notices only on a later line; point at the bracket left open
            return Diagnostic(path, opened.line + 1, opened.column + 1,
                              msg("the '{opener}' here is never closed: end it with '{closer}', and put text "
                                  "that contains ',' or ':' inside double quotes", opener=opener, closer=closer))
        return Diagnostic(path, line, col, msg("between '{opener}' and '{closer}' write values separated by "
                                               "commas; put text that contains ',' ':' or quotes inside double "
                                               "quotes", opener=opener, closer=closer))
    if "could not find expected ':'" in message and opened:
        return Diagnostic(path, opened.line + 1, opened.column + 1, msg(
            "this line has no ':' after its key, so YAML cannot read it: write 'key: value', or, if this text "
            "continues the line above, indent it more than the key it belongs to"))
    if "sequence entries are not allowed here" in message:
        return Diagnostic(path, line, col, msg(
            "a list item ('- ') cannot start here: a list starts on the line after its key, which ends "
            "with ':' and nothing after it, and its items are indented alike"))
    if "did not find expected '-' indicator" in message:
        return Diagnostic(path, line, col, msg(
            "this line is not a list item like the lines above it: start each item with '- ', indented alike"))
    if "did not find expected key" in message:
        return Diagnostic(path, line, col, msg(
            "a key was expected here: indent this line like the keys above it, and put text that starts "
            "with a quote, or contains ': ', inside double quotes"))
    if "that cannot start any token" in message:
        char = re.search(r"found character '(.+?)'", message)
        return Diagnostic(path, line, col, msg(
            "text cannot start with '{char}' unquoted: put the whole text inside double quotes",
            char=char.group(1) if char else "?"))
    if "<document start>" in message or "found another document" in message:
        return Diagnostic(path, line, col, msg(
            "a register file holds one register: delete the line '---' or '%…' here, and move what follows "
            "it to a file of its own if it is another register"))
    if context and "quoted scalar" in context and "end of stream" in problem and opened:
        return Diagnostic(path, opened.line + 1, opened.column + 1,
                          msg("the quote that starts here is never closed; add the closing quote after the text"))
    return Diagnostic(path, line, col, msg("this is not valid YAML ({message}); "
                                           "check the indentation and quotes on this line and the one above",
                                           message=message))


def _invisible_near(text: str, mark, context_mark) -> int | None:
    """Where an invisible character stands on the lines where YAML failed (from the line where
    what it was reading starts, or the line above, to the line of the failure), or None."""
    first_line = min(mark.line, context_mark.line) if context_mark else mark.line - 1
    start = 0
    for _ in range(max(first_line, 0)):
        start = text.find("\n", start) + 1
    end = text.find("\n", mark.index)
    window = text[start:end if end >= 0 else len(text)]
    found = [start + m.start() for m in INVISIBLE.finditer(window)]
    found += [start + m.start(1) for m in _DASH_ITEM.finditer(window)]
    if not found:
        return None
    before = [i for i in found if i <= mark.index]
    return max(before) if before else min(found)


def _stand_in(text: str, exc: yaml.YAMLError) -> StandIn | None:
    """The text with the invisible character or typographic dash that stopped YAML replaced by
    what was meant (a space, a hyphen; a zero-width character taken out), or None."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None or isinstance(exc, _Refused):
        return None
    at = _invisible_near(text, mark, getattr(exc, "context_mark", None))
    if at is None:
        return None
    char = text[at]
    line_start = text.rfind("\n", 0, at) + 1
    if _ZERO_WIDTH.fullmatch(char) and not (text[at - 1:at] == ":" or not text[line_start:at].strip(" ")):
        return StandIn(text[:at] + text[at + 1:], _position(text, at))      # inside a word: taken out
    # a space of another kind is a space; anything else found here starts a list item: a hyphen
    return StandIn(text[:at] + (" " if INVISIBLE.fullmatch(char) else "-") + text[at + 1:])


def yaml_failure(text: str, path: str) -> Diagnostic | None:
    """Why YAML cannot read `text`, blaming no stray character (for one that turned out not to be
    the cause), or None when it can."""
    loader = _StrictLoader(text)
    try:
        loader.get_single_node()
    except yaml.YAMLError as exc:
        return _yaml_error(path, exc, text, blame_invisible=False)
    finally:
        loader.dispose()
    return None


_COMMENT = re.compile(r"(?<=[ \t])#(?=\w)")    # ' #word': YAML's comment, written like a hashtag or a note


def prose_comments(text: str, path: str) -> list[Diagnostic]:
    """Warnings for text YAML drops as a comment though it reads as part of the value.

    A ' #' starts a comment, so `retention: kuusi vuotta #kirjanpitolaki` publishes only
    "kuusi vuotta". A comment is reported when it stands on the same line as a value (not
    on a line of its own, not after a key with nothing after it) and a word follows the '#'
    directly, as in a hashtag or a reference: a comment written for the file's readers
    starts '# ' with a space, and is left alone."""
    if not _COMMENT.search(text):
        return []
    tokens = []
    previous = None
    for token in yaml.scan(text, Loader=_StrictLoader):
        if isinstance(token, yaml.ScalarToken):
            tokens.append((token.start_mark.index, token.end_mark.index, isinstance(previous, yaml.KeyToken),
                           token.style))
        previous = token
    out = []
    for found in _COMMENT.finditer(text):
        at = found.start()
        if any(start <= at < end for start, end, _, _ in tokens):
            continue                                  # inside a quoted or block text: printed
        line_start = text.rfind("\n", 0, at) + 1
        value = [t for t in tokens if line_start <= t[1] <= at and not text[t[1]:at].strip(" \t")]
        if not value or value[-1][2] or value[-1][3] in ("|", ">"):
            continue                                  # a comment after a key, or on a line of its own
        start, end = value[-1][0], value[-1][1]
        line_end = text.find("\n", at)
        comment = text[at + 1:line_end if line_end >= 0 else len(text)].rstrip()
        out.append(Diagnostic(path, *_position(text, at), msg(
            "the text after '#' ('{comment}') is not printed: YAML reads ' #' as the start of a comment. "
            "To print it, put the whole value inside double quotes: \"{value} #{comment}\"",
            comment=comment, value=text[start:end].strip("'\"")), severity="warning"))
    return out


def load_text(text: str, path: str) -> LoadedFile:
    """Parse YAML text strictly; raise InputError with every problem found."""
    loaded = LoadedFile(path=path, data=None)
    if text.startswith("\ufeff"):
        text = text[1:]
    limits.check_text(text, path)       # control characters: at their line and column
    if not text.strip() or all(
            not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise InputError([Diagnostic(path, 1, 1, msg("the file is empty; a register needs at least "
                                                      "'framework', 'controller' and the sections"))])
    # libyaml reads plain valid files fast; when it finds a mistake, or the text may
    # hold anchors or aliases, the pure-Python loader reads it, whose refusals and
    # error messages are the ones explained to the user.
    may_alias = "&" in text or "*" in text
    for loader_class in ((_StrictLoader,) if may_alias else (_FastStrictLoader, _StrictLoader)):
        loader = loader_class(text)
        loader.name = path
        try:
            node = loader.get_single_node()
            builder = _Builder(loader, loaded, text)
            loaded.data = builder.build(node, ())
            break
        except yaml.YAMLError as exc:
            if loader_class is _StrictLoader:
                mark = getattr(exc, "problem_mark", None)
                failure = (mark.line, str(getattr(exc, "problem", ""))) if mark else None
                stand_in = _stand_in(text, exc)
                if stand_in is not None:
                    stand_in = replace(stand_in, failure=failure, source=text)
                raise InputError([_yaml_error(path, exc, text)], stand_in, failure) from None
        except RecursionError:         # nested deeper than Python recurses: at the place it starts
            raise InputError([limits.too_deep(text, path)]) from None
        finally:
            loader.dispose()
    if builder.problems:
        raise InputError(builder.problems)
    loaded.warnings = prose_comments(text, path)
    if not isinstance(loaded.data, dict):
        raise InputError([Diagnostic(path, *_pos(node),
                                     msg("the file must be a set of 'key: value' lines at the top level, "
                                         "not a single value or a list"))])
    return loaded


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read a register file as UTF-8 and parse it strictly."""
    shown = display or str(path)
    raw = limits.read_register(path, shown)     # a regular file, not too large
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Diagnostic(shown, line, col,
                                     msg("the file is not UTF-8 text; save it as UTF-8 in your editor"))]) from None
    return load_text(text, shown)
