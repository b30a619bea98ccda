"""JSON Schema's `pattern` matched against the whole text (docs/security.md).

The schemas anchor their patterns as `^...$`. jsonschema-rs reads `$` as the end of
the text, but Python's `re` lets `$` match before a final newline too, so
`business_id: "2039096-5\\n"` was refused by one validator, explained as fine by the
other, and published with a wrong check digit. Here a final `$` means the end of the
text (`\\Z`), as in the editor and in jsonschema-rs.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jsonschema import ValidationError, validators


@lru_cache(maxsize=None)
def whole(pattern: str) -> re.Pattern:
    """`pattern` with a final unescaped `$` read as the end of the text."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not whole(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def extend(cls):
    """The validator class `cls` with whole-text patterns."""
    return validators.extend(cls, {"pattern": _pattern})
