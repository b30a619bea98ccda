"""Strict YAML loading: what the legal team typed arrives exactly as typed.

PyYAML's default (YAML 1.1) resolvers turn `NO` into False, `04400` into 2304
and `2015-01-01` into a date, and silently keep the last of two duplicate keys.
This loader keeps every scalar a string except `true`, `false` and an empty
value; duplicate keys, anchors, aliases and merge keys are errors. It records the
line and column of every key and value so later stages can point at them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import limits
from .diagnostics import Diagnostic, InputError, msg

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
                first_seen[key] = key_node.start_mark.line + 1
                self.loaded.key_marks[path + (key,)] = _pos(key_node)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        if not node.style and "\t" in node.value:   # plain (unquoted) text
            # libyaml keeps a tab inside unquoted text, PyYAML's own parser refuses it:
            # report it either way, so both parsers read a file the same
            at = node.start_mark.index + self.text[node.start_mark.index:node.end_mark.index].index("\t")
            line = self.text.count("\n", 0, at) + 1
            column = at - (self.text.rfind("\n", 0, at) + 1) + 1
            self.problems.append(Diagnostic(self.loaded.path, line, column,
                                            _TAB))
        return self.loader.construct_object(node, deep=True)


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


def _yaml_error(path: str, exc: yaml.YAMLError, text: str) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, _Refused):
        return Diagnostic(path, line, col, problem)
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
    if context and "quoted scalar" in context and "end of stream" in problem and opened:
        return Diagnostic(path, opened.line + 1, opened.column + 1,
                          msg("the quote that starts here is never closed; add the closing quote after the text"))
    return Diagnostic(path, line, col, msg("this is not valid YAML ({message}); "
                                           "check the indentation and quotes on this line and the one above",
                                           message=message))


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
                raise InputError([_yaml_error(path, exc, text)]) from None
        except RecursionError:         # nested deeper than Python recurses: at the place it starts
            raise InputError([limits.too_deep(text, path)]) from None
        finally:
            loader.dispose()
    if builder.problems:
        raise InputError(builder.problems)
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
