"""Problems found in the user's input, reported as `FILE:LINE:COL: error: MESSAGE`.

Every stage (loading, schema validation, content checks) reports through these
types, so the command line prints all of them the same way and no traceback
ever reaches the legal team.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


class InputError(Exception):
    """Raised with every problem found in one or more input files."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def field_name(path: tuple) -> str:
    """A data path as the legal team writes it: ('purpose', 'items', 2) -> 'purpose.items[3]'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(the document)"


TODO = "TODO:"


def is_todo(value) -> bool:
    """A value still to be written, such as those `policy-gen migrate` leaves: `validate`
    reports each one with its location, and nothing else about it."""
    return isinstance(value, str) and value.startswith(TODO)
