"""The generic checks a JSON Schema cannot express, each done by a library that knows
the rules; a framework adds its own (Framework.checks) and says which sections it has.

- business IDs: the Y-tunnus check digit (python-stdnum),
- e-mail addresses: syntax (email-validator, without DNS look-ups),
- phone numbers: a number that can exist (phonenumbers, Finland as default region),
- dates that exist (2015-02-30 does not) and 'updated' not before 'date',
- texts given per language: every language the register lists is there, and in a
  register published in several languages no prose is written only once,
- values still to be written ('TODO: ...', as `migrate` leaves them), one report each,
- additional sections: unique ids and an 'after' that names a section.
Values of the wrong shape are left to the schema, which has already reported them.
"""
from __future__ import annotations

import difflib
import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from stdnum.fi import ytunnus

from . import frameworks, schema
from .diagnostics import Diagnostic, as_list, field_name, is_todo, msg
from .facts import Facts, load_facts
from .frameworks.blocks import SECTION_PARTS
from .i18n import LANGUAGES, is_text_mapping
from .loader import LoadedFile
from .model import is_iso_date

PROPER_NAMES = ("name", "street", "city", "source")   # may stay one text in every language



def _scan(data) -> tuple[list[tuple[tuple, str]], list[tuple[tuple, dict]]]:
    """Every string in the register and every per-language text, with their paths, in one
    pass: the value checks, the TODOs and the one-language texts all read from it."""
    strings, texts = [], []
    stack = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            strings.append((path, node))
        elif isinstance(node, dict):
            if is_text_mapping(node):
                texts.append((path, node))
            stack.extend((path + (key,), value) for key, value in node.items())
        elif isinstance(node, list):
            stack.extend((path + (i,), value) for i, value in enumerate(node))
    return strings, texts


_DASHES = {"\u2013": msg("an en dash (–)"), "\u2014": msg("an em dash (—)"), "\u2212": msg("a minus sign (−)"),
           "\u2011": msg("a non-breaking hyphen"), "\u2012": msg("a figure dash (‒)"),
           "\u2010": msg("a Unicode hyphen (‐)"), "\ufe63": msg("a small hyphen-minus (﹣)"),
           "\uff0d": msg("a full-width hyphen (－)")}


def typographic_dash(value) -> str | None:
    """The name of the dash typed between a business ID's digits where a hyphen belongs, or None."""
    dash = re.fullmatch(r"\d{7}(.)\d", value) if isinstance(value, str) else None
    return _DASHES.get(dash.group(1)) if dash else None


def _business_id(value: str) -> str | None:
    dash = typographic_dash(value)
    if dash:
        return msg("business ID {value}: the character between the digits is {dash}: type a hyphen (-)",
                   value=value, dash=dash)
    if not re.fullmatch(r"\d{7}-\d", value) or ytunnus.is_valid(value):
        return None
    base = value[:7]
    fits = [d for d in "0123456789" if ytunnus.is_valid(f"{base}-{d}")]
    if not fits:
        return msg("business ID {value}: no check digit fits {base}, so this number cannot exist; "
                   "check the digits against the trade register", value=value, base=base)
    return msg("business ID {value}: the check digit should be {digit}; check the number", value=value, digit=fits[0])


def _email(value: str) -> str | None:
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        return None  # the schema has reported the shape already
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        return msg("e-mail address '{value}' is not valid: {reason}", value=value, reason=str(exc))
    return None


def _phone(value: str) -> str | None:
    if not re.fullmatch(r"\+?[0-9][0-9 ()/-]{4,}", value):
        return None  # the schema has reported the shape already
    try:
        number = phonenumbers.parse(value, "FI")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        return msg("phone number '{value}' is not a number that can exist; check the digits "
                   "(numbers abroad start with + and the country code)", value=value)
    return None


def _date(value: str) -> str | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or is_iso_date(value):
        return None                     # another shape is the schema's to report
    return msg("the date {value} does not exist; check the day and the month", value=value)


_VALUE_CHECKS = {"business_id": _business_id, "email": _email, "phone": _phone,
                 "date": _date, "updated": _date, "effective": _date}


def _values(loaded: LoadedFile, strings, texts, languages: list[str] | None, skip=()) -> list[Diagnostic]:
    """Value checks by key name (but those of the keys `skip`), and the languages of
    per-language texts."""
    out: list[Diagnostic] = []
    for path, value in strings:
        check = _VALUE_CHECKS.get(path[-1]) if path and path[-1] not in skip else None
        problem = check(value) if check else None
        if problem:
            out.append(loaded.diagnostic(path, problem))
    if languages is not None:
        for path, node in texts:
            _translation(loaded, node, path, languages, out)
    return out


def _translation(loaded, node: dict, path, languages: list[str], out: list[Diagnostic]) -> None:
    for lang in languages:
        if lang not in node:
            out.append(loaded.diagnostic(path, msg("'{field}' has no '{lang}' text; the register is published "
                                                   "in {languages}", field=field_name(path), lang=lang,
                                                   languages=", ".join(languages))))
    for lang in node:
        if lang not in languages:
            out.append(loaded.diagnostic(path + (lang,), msg("'{field}' has a '{lang}' text, but '{lang}' is not "
                                                             "in 'languages'; add it there or delete this text",
                                                             field=field_name(path), lang=lang), key=True))


def _todos(loaded: LoadedFile, strings) -> list[Diagnostic]:
    """Each value still to be written, where it stands; the value itself says what to write."""
    return [loaded.diagnostic(path, value) for path, value in strings if is_todo(value)]


def _single_texts(loaded: LoadedFile, languages: list[str], strings) -> list[Diagnostic]:
    """Prose written once, as a plain string, in a register published in several languages.

    A plain string (proper names aside) is prose when it stands where the schema takes a
    text per language (schema.prose_places); codes, dates, e-mail addresses and choices do
    not stand in such places, so none of them is reported."""
    def proper_name(path):
        return next((part for part in reversed(path) if isinstance(part, str)), None) in PROPER_NAMES

    candidates = {path for path, value in strings
                  if not is_todo(value) and not proper_name(path) and not (path and path[-1] in LANGUAGES)}
    prose = schema.prose_places(loaded.data["framework"])
    pattern = {path: tuple("*" if isinstance(p, int) else p for p in path) for path in candidates}
    return _single_text_problems(loaded, [path for path in candidates if pattern[path] in prose], languages)


def _single_text_problems(loaded: LoadedFile, paths, languages: list[str]) -> list[Diagnostic]:
    return [loaded.diagnostic(path, msg("'{field}' is one text, but the register is published in {languages}: "
                                        "write it in each language ({shape})", field=field_name(path),
                                        languages=", ".join(languages),
                                        shape=", ".join(f"{lang}: ..." for lang in languages)))
            for path in sorted(paths, key=loaded.mark)]


def _empty_sections(loaded: LoadedFile, framework: frameworks.Framework) -> list[Diagnostic]:
    out = []
    for spec in framework.sections:
        key, parts = spec.id, spec.text_parts
        section = loaded.data.get(key)
        if not parts:
            continue
        if isinstance(section, dict) and section and not any(section.get(p) for p in parts + ("blocks",)):
            out.append(loaded.diagnostic((key,), key=True, message=msg("'{key}' has only a heading: write its "
                                                                       "{parts} or blocks", key=key,
                                                                       parts=", ".join(parts))))
    return out


def _extra_sections(loaded: LoadedFile, framework: frameworks.Framework) -> list[Diagnostic]:
    extras = [e for e in as_list(loaded.data.get("extra_sections")) if isinstance(e, dict)]
    standard = [s for s in framework.section_ids if s not in framework.optional_sections or s in loaded.data]
    out, ids = [], []
    for i, extra in enumerate(extras):
        if not isinstance(extra.get("id"), str):
            continue
        ident = extra["id"]
        if ident in framework.section_ids or ident in ids:
            out.append(loaded.diagnostic(("extra_sections", i, "id"),
                                         msg("section id '{ident}' is already used; choose another", ident=ident)))
        ids.append(ident)
        if not any(extra.get(part) for part in SECTION_PARTS + ("blocks",)):
            out.append(loaded.diagnostic(("extra_sections", i), msg("section '{ident}' has only a heading: "
                                                                    "write its intro, items, notes or blocks",
                                                                    ident=ident)))
    known = list(dict.fromkeys(standard + ids))      # ids may repeat
    after_of = {e["id"]: e.get("after") for e in extras if isinstance(e.get("id"), str)}
    for i, extra in enumerate(extras):
        after = extra.get("after")
        if not isinstance(after, str):
            continue
        if after not in known:
            close = difflib.get_close_matches(after, known, n=1, cutoff=0.6)
            hint = msg(" (did you mean '{close}'?)", close=close[0]) if close else ""
            out.append(loaded.diagnostic(("extra_sections", i, "after"),
                                         msg("'after: {after}' names no section; write one of: {choices}{hint}",
                                             after=after, choices=", ".join(known), hint=hint)))
            continue
        seen, step = {extra.get("id")}, after      # follow 'after' through other extra sections
        while step in after_of and step not in seen:
            seen.add(step)
            step = after_of[step]
        if step in seen:
            out.append(loaded.diagnostic(("extra_sections", i, "after"),
                                         msg("'after: {after}' goes round in a circle back to this section; "
                                             "place one of them after a standard section", after=after)))
    return out


def _order(loaded: LoadedFile, framework: frameworks.Framework) -> list[Diagnostic]:
    """`document.order`: each id once, only sections the document has, and all of them."""
    document = loaded.data.get("document")
    order = document.get("order") if isinstance(document, dict) else None
    if not isinstance(order, list):
        return []
    extras = [e.get("id") for e in as_list(loaded.data.get("extra_sections")) if isinstance(e, dict)]
    present = [s for s in framework.section_ids
               if s not in framework.optional_sections or loaded.data.get(s)] + [e for e in extras if isinstance(e, str)]
    known = list(framework.section_ids) + [e for e in extras if isinstance(e, str)]
    out, seen = [], set()
    for i, ident in enumerate(order):
        path = ("document", "order", i)
        if not isinstance(ident, str) or is_todo(ident):
            continue
        if ident not in known:
            close = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
            hint = msg(" (did you mean '{close}'?)", close=close[0]) if close else ""
            out.append(loaded.diagnostic(path, msg("'{ident}' names no section{hint}; write one of: {choices}",
                                                   ident=ident, hint=hint, choices=", ".join(present))))
        elif ident in seen:
            out.append(loaded.diagnostic(path, msg("'{ident}' is listed twice in 'document.order': keep one",
                                                   ident=ident)))
        elif ident not in present:
            out.append(loaded.diagnostic(path, msg("'{ident}' is not in this register: add the section, or delete "
                                                   "this line", ident=ident)))
        seen.add(ident)
    missing = [ident for ident in present if ident not in seen]
    if missing:
        out.append(loaded.diagnostic(("document", "order"), msg("'document.order' leaves out {missing}: list every "
                                                               "section of the register once",
                                                               missing=", ".join(missing)), key=True))
    return out


def check(loaded: LoadedFile, facts: Facts | None = None, quick: bool = False) -> list[Diagnostic]:
    """Every generic check, then the register's framework's own (`facts`: the dated facts
    about the law, today's unless given). `quick`: leave out what only the wording concerns
    (e-mail syntax, prose written once), for data validated before."""
    data = loaded.data
    languages = data.get("languages")
    if not (isinstance(languages, list) and all(lang in LANGUAGES for lang in languages)
            and len(set(languages)) == len(languages)):   # [fi, fi]: not "published in fi, fi" for every text
        languages = None     # the schema reports them; translations cannot be checked
    strings, texts = _scan(data)
    out = _values(loaded, strings, texts, languages, skip=("email",) if quick else ())
    document = data.get("document")
    if isinstance(document, dict):
        date, updated = document.get("date"), document.get("updated")
        if isinstance(date, str) and isinstance(updated, str) and not _date(date) and not _date(updated) \
                and re.fullmatch(r"\d{4}-\d{2}-\d{2}", updated) and updated < date:
            out.append(loaded.diagnostic(("document", "updated"),
                                         msg("'document.updated' {updated} is before 'document.date' {date}",
                                             updated=updated, date=date)))
    out.extend(_todos(loaded, strings))
    name = data.get("framework")
    framework = frameworks.registry().get(name) if isinstance(name, str) else None
    if framework is None:
        return out           # the schema says which frameworks there are
    out.extend(_extra_sections(loaded, framework))
    out.extend(_order(loaded, framework))
    out.extend(_empty_sections(loaded, framework))
    if languages and len(languages) > 1 and not quick:
        out.extend(_single_texts(loaded, languages, strings))
    facts = facts or load_facts()
    for framework_check in framework.checks:
        out.extend(framework_check(loaded, facts))
    return out
