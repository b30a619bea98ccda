"""Text from the input made safe to print on a terminal and in a CI log (docs/security.md).

A register's values reach messages ("business ID '…': …"). Printed raw, a value holding
a newline followed by `::error file=…::` would be read by GitHub Actions as a workflow
command of its own (a fake annotation, or worse), and ANSI escapes would move the cursor,
recolour or retitle the terminal. Every character that is not visible text (controls,
format characters such as bidi overrides, line and paragraph separators, lone
surrogates) is printed as its escape, \\n or \\u202e, so the message shows what the
file holds and does nothing else.
"""
from __future__ import annotations

import re
import unicodedata

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SUSPECT = re.compile(r"[^\x20-\x7e\xa0-\u02ff]")     # fast path: plain text passes untouched


def _escape(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    return char


def for_terminal(text: str) -> str:
    """`text` with every invisible or controlling character shown as an escape."""
    return _SUSPECT.sub(lambda m: _escape(m.group()), str(text))


def for_annotation(text: str, *, prop: bool = False) -> str:
    """`text` as a GitHub Actions workflow-command value (or property, `prop`): its own escapes
    for %, CR, LF (and : , in properties), then for_terminal for the rest."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return for_terminal(text)
