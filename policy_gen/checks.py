"""Checks a JSON Schema cannot express, each done by a library that knows the rules.

- business IDs: the Y-tunnus check digit (python-stdnum),
- e-mail addresses: syntax (email-validator, without DNS look-ups),
- phone numbers: a number that can exist (phonenumbers, Finland as default region),
- dates that exist (2015-02-30 does not) and 'updated' not before 'date',
- texts given per language: every language the register lists is there,
- additional sections: unique ids and an 'after' that names a section.
Values of the wrong shape are left to the schema, which has already reported them.
"""
from __future__ import annotations

import datetime as dt
import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.fi import ytunnus

from .diagnostics import Diagnostic, field_name
from .i18n import LANGUAGES
from .loader import LoadedFile

STANDARD_SECTIONS = {  # per framework: section ids in document order
    "henkilotietolaki-10": ("controller", "contact", "register_name", "purpose", "data_content",
                            "sources", "disclosures", "transfers", "security"),
}


def _walk(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, path + (i,))


def is_text_mapping(node) -> bool:
    return isinstance(node, dict) and bool(node) and set(node) <= set(LANGUAGES)


def _business_id(value: str) -> str | None:
    if not re.fullmatch(r"\d{7}-\d", value) or ytunnus.is_valid(value):
        return None
    base = value[:7]
    fits = [d for d in "0123456789" if ytunnus.is_valid(f"{base}-{d}")]
    if not fits:
        return (f"business ID {value}: no check digit fits {base}, so this number cannot exist; "
                "check the digits against the trade register")
    return f"business ID {value}: the check digit should be {fits[0]}; check the number"


def _email(value: str) -> str | None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return None  # the schema has reported the shape already
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return f"e-mail address '{value}' is not valid: {exc}"
    return None


def _phone(value: str) -> str | None:
    if not re.fullmatch(r"\+?[0-9][0-9 ()/-]{4,}", value):
        return None  # the schema has reported the shape already
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return (f"phone number '{value}' is not a number that can exist; check the digits "
                "(numbers abroad start with + and the country code)")
    return None


def _date(value: str) -> str | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return f"the date {value} does not exist; check the day and the month"
    return None


_VALUE_CHECKS = {"business_id": _business_id, "email": _email, "phone": _phone,
                 "date": _date, "updated": _date}


def _translations(loaded: LoadedFile, languages: list[str]) -> list[Diagnostic]:
    out = []
    for path, node in _walk(loaded.data):
        if is_text_mapping(node):
            for lang in languages:
                if lang not in node:
                    out.append(loaded.diagnostic(path, f"'{field_name(path)}' has no '{lang}' text; "
                                                       f"the register is published in {', '.join(languages)}"))
            for lang in node:
                if lang not in languages:
                    out.append(loaded.diagnostic(path + (lang,), f"'{field_name(path)}' has a '{lang}' text, but "
                                                 f"'{lang}' is not in 'languages'; add it there or delete this text",
                                                 key=True))
    return out


def _extra_sections(loaded: LoadedFile, framework: str) -> list[Diagnostic]:
    extras = loaded.data.get("extra_sections") or []
    standard = STANDARD_SECTIONS.get(framework, ())
    out, ids = [], []
    for i, extra in enumerate(extras):
        if not isinstance(extra, dict) or not isinstance(extra.get("id"), str):
            continue
        ident = extra["id"]
        if ident in standard or ident in ids:
            out.append(loaded.diagnostic(("extra_sections", i, "id"),
                                         f"section id '{ident}' is already used; choose another"))
        ids.append(ident)
    for i, extra in enumerate(extras):
        after = extra.get("after") if isinstance(extra, dict) else None
        if isinstance(after, str) and after not in standard and after not in ids:
            out.append(loaded.diagnostic(("extra_sections", i, "after"),
                                         f"'after: {after}' names no section; write one of: "
                                         f"{', '.join(list(standard) + ids)}"))
    return out


def check(loaded: LoadedFile) -> list[Diagnostic]:
    data = loaded.data
    out = []
    for path, node in _walk(data):
        if path and isinstance(node, str) and path[-1] in _VALUE_CHECKS:
            problem = _VALUE_CHECKS[path[-1]](node)
            if problem:
                out.append(loaded.diagnostic(path, problem))
    document = data.get("document")
    if isinstance(document, dict):
        date, updated = document.get("date"), document.get("updated")
        if isinstance(date, str) and isinstance(updated, str) and not _date(date) and not _date(updated) \
                and re.fullmatch(r"\d{4}-\d{2}-\d{2}", updated) and updated < date:
            out.append(loaded.diagnostic(("document", "updated"),
                                         f"'document.updated' {updated} is before 'document.date' {date}"))
    languages = data.get("languages")
    if isinstance(languages, list) and all(lang in LANGUAGES for lang in languages):
        out.extend(_translations(loaded, languages))
    out.extend(_extra_sections(loaded, data.get("framework")))
    return out
