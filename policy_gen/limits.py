"""Limits on a register file, and the characters no register may hold (docs/security.md).

Register files come from anyone's pull request. A file too large, nested too deep,
with too long a list or text, or holding control characters is an input error at
FILE:LINE:COL naming the limit, never a crash (exit 3) or a build that runs for
minutes and gigabytes. The limits are far above any real register: the largest
register description we know is 12 KB with lists of a few dozen items.
"""
from __future__ import annotations

import errno
import re
import unicodedata

import yaml

from .diagnostics import Diagnostic, InputError, msg, os_reason

MAX_FILE_BYTES = 256 * 1024      # a register file
MAX_DEPTH = 20                   # groups and lists inside each other
MAX_LIST_ITEMS = 500             # items in one list
MAX_VALUES = 5_000               # keys and values in one file
MAX_TEXT_CHARS = 20_000          # characters in one text

# C0 controls but tab, line feed and carriage return; DEL and the C1 controls; lone
# surrogates; Unicode's non-characters. YAML forbids most of them in a file, and a
# double-quoted "\e" or "\ud800" would otherwise bring them in as a value.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                        "\ufffe\uffff\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")

_NAMES = {0x00: "NUL", 0x0B: "vertical tab", 0x0C: "form feed", 0x1B: "ESC", 0x7F: "DEL", 0x85: "NEL"}


def describe(char: str) -> str:
    """'U+001B (ESC)': how a character no one can see is named in a message."""
    code = ord(char)
    name = _NAMES.get(code) or (unicodedata.name(char, "") if not 0xD800 <= code <= 0xDFFF else "lone surrogate")
    return f"U+{code:04X}" + (f" ({name.lower() if name.isupper() and len(name) > 3 else name})" if name else "")


def position(text: str, index: int) -> tuple[int, int]:
    """The line and column (both from 1) of the character at `index`."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _char_message(char: str) -> str:
    return msg("the invisible character {char} is not allowed in a register; delete it "
               "(it is often pasted along with text from another program)", char=describe(char))


def _too_large(path: str) -> InputError:
    return InputError([Diagnostic(path, 1, 1, msg("the file is larger than {kib} KiB, the most a register may be; "
                                                  "split it into several registers", kib=MAX_FILE_BYTES // 1024))])


def check_text(text: str, path: str) -> None:
    """Refuse a register text larger than a register file may be (a version read from the git
    history, too, which no file size check saw), or holding a character no register may hold,
    at its line and column."""
    if len(text) > MAX_FILE_BYTES or (len(text) * 4 > MAX_FILE_BYTES and len(text.encode("utf-8")) > MAX_FILE_BYTES):
        raise _too_large(path)
    found = _FORBIDDEN.search(text)
    if found:
        raise InputError([Diagnostic(path, *position(text, found.start()), _char_message(found.group()))])


def value_problem(value: str) -> str | None:
    """What is wrong with one text (after YAML's escapes such as "\\e" are read), or None."""
    found = _FORBIDDEN.search(value)
    if found:
        return msg("{problem} (written here as an escape such as \\x1b or \\ud800)",
                   problem=_char_message(found.group()))
    if len(value) > MAX_TEXT_CHARS:
        return msg("this text has {count} characters; a text may have at most {most} "
                   "(split it into list items or sections)", count=len(value), most=MAX_TEXT_CHARS)
    return None


def list_problem(count: int) -> str:
    return msg("this list has {count} items; a list may have at most {most} "
               "(a register this long cannot be read by anyone: group the items)", count=count, most=MAX_LIST_ITEMS)


def depth_problem() -> str:
    return msg("the groups and lists here are nested more than {most} levels deep, which no register "
               "needs; check the indentation", most=MAX_DEPTH)


def values_problem() -> str:
    return msg("this file has more than {most} keys and values; a register may have at most "
               "{most} (split it into several registers)", most=MAX_VALUES)


def too_deep(text: str, path: str) -> Diagnostic:
    """Where nesting first goes deeper than MAX_DEPTH, found from YAML's events (no recursion)."""
    depth = 0
    try:   # PyYAML's own parser: it yields each event as it reads (libyaml reads ahead)
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return Diagnostic(path, mark.line + 1, mark.column + 1, depth_problem())
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return Diagnostic(path, 1, 1, depth_problem())


def read_register(path, shown: str) -> bytes:
    """A register file's bytes: a regular file of at most MAX_FILE_BYTES (a link to a device or
    a file of gigabytes is refused before it is read)."""
    from .safefs import read_regular
    try:
        return read_regular(path, MAX_FILE_BYTES, follow=True)
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            problem = msg("this is not a regular file; name a register file")
        elif exc.errno == errno.EFBIG:
            raise _too_large(shown) from None
        else:
            problem = msg("cannot read the file: {reason}", reason=os_reason(exc))
        raise InputError([Diagnostic(shown, 1, 1, problem)]) from None
