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

from .diagnostics import Diagnostic, InputError

Path_ = tuple  # a data path such as ("controller", "addresses", 0, "city")


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that policy-gen refuses (anchors, aliases)."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader whose only implicit types are null and the booleans true/false."""

    yaml_implicit_resolvers: dict = {}

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _Refused(
                None, None,
                f"'*{event.anchor}' is an alias; aliases and anchors are not allowed, "
                "write the value out in full", event.start_mark)
        event = self.peek_event()
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _Refused(
                None, None,
                f"'&{anchor}' is an anchor; anchors and aliases are not allowed, "
                "write the value out in full", event.start_mark)
        return super().compose_node(parent, index)


_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), ["t", "f"])

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
    def __init__(self, loader: _StrictLoader, loaded: LoadedFile):
        self.loader = loader
        self.loaded = loaded
        self.problems: list[Diagnostic] = []

    def problem(self, node, message: str) -> None:
        line, col = _pos(node)
        self.problems.append(Diagnostic(self.loaded.path, line, col, message))

    def build(self, node, path: Path_):
        self.loaded.value_marks[path] = _pos(node)
        if node.tag not in _ALLOWED_TAGS:
            self.problem(node, f"the tag '{node.tag}' is not allowed; remove it and write plain text")
            return None
        if isinstance(node, MappingNode):
            out: dict = {}
            first_seen: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                    self.problem(key_node, "this key is not plain text; write keys as simple words")
                    continue
                if key_node.value == "<<":
                    self.problem(key_node, "merge keys ('<<') are not allowed; write the values out in full")
                    continue
                key = key_node.value
                if key in first_seen:
                    self.problem(key_node, f"duplicate key '{key}' (first at line {first_seen[key]}); "
                                           "keep one and delete the other")
                    continue
                first_seen[key] = key_node.start_mark.line + 1
                self.loaded.key_marks[path + (key,)] = _pos(key_node)
                out[key] = self.build(value_node, path + (key,))
            return out
        if isinstance(node, SequenceNode):
            return [self.build(child, path + (i,)) for i, child in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


def _yaml_error(path: str, exc: yaml.YAMLError) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, _Refused):
        return Diagnostic(path, line, col, problem)
    context = getattr(exc, "context", None)
    message = f"{context}: {problem}" if context else problem
    if "found character '\\t'" in message:
        message = "a tab character cannot indent YAML; indent with spaces"
    if "mapping values are not allowed" in message:
        return Diagnostic(path, line, col, "a ':' followed by a space or the end of the line starts a key; "
                                           "put text that contains ':' inside double quotes")
    return Diagnostic(path, line, col, f"this is not valid YAML ({message}); "
                                       "check the indentation and quotes on this line and the one above")


def load_text(text: str, path: str) -> LoadedFile:
    """Parse YAML text strictly; raise InputError with every problem found."""
    loaded = LoadedFile(path=path, data=None)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(
            not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        raise InputError([Diagnostic(path, 1, 1, "the file is empty; a register needs at least "
                                                  "'framework', 'controller' and the sections")])
    loader = _StrictLoader(text)
    loader.name = path
    try:
        node = loader.get_single_node()
        builder = _Builder(loader, loaded)
        loaded.data = builder.build(node, ())
    except yaml.YAMLError as exc:
        raise InputError([_yaml_error(path, exc)]) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(loaded.data, dict):
        raise InputError([Diagnostic(path, *_pos(node),
                                     "the file must be a set of 'key: value' lines at the top level, "
                                     "not a single value or a list")])
    return loaded


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Read a register file as UTF-8 and parse it strictly."""
    shown = display or str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError([Diagnostic(shown, 1, 1, f"cannot read the file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Diagnostic(shown, line, col,
                                     "the file is not UTF-8 text; save it as UTF-8 in your editor")]) from None
    return load_text(text, shown)
