"""`policy-gen import FILE`: write the register, then report where each line of FILE went."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..diagnostics import Diagnostic, InputError, Lookup, Text, is_todo, msg, translate
from ..fsutil import write_atomic
from ..loader import load_text
from ..migrate import comment, count_todos, in_language, todo, yaml_text
from ..registers import validate_loaded
from ..scaffold import schema_line
from ..termsafe import for_terminal
from .placing import Account, detect_framework, detect_language, place
from .readers import read
from .sections import find_sections


def header(framework: str, origin: str, lang: str = "en", folder: Path = Path(".")) -> str:
    """The register's first lines: its schema (as `new` finds it from `folder`, where the register
    is written), and what import did, in the register's language."""
    # the file name goes into a comment: escaped, so a line break in it cannot start YAML
    return (schema_line(framework, folder) + "\n"
            + comment(in_language(todo("Imported by `policy-gen import` from {origin}.",
                                       origin=for_terminal(origin)), lang))
            + comment(in_language(todo("Each TODO marks something the document does not say (or policy-gen could "
                                       "not place); `policy-gen validate` lists them. Replace each with the "
                                       "answer. Read the whole file: text policy-gen could not place is kept "
                                       "under 'extra_sections'."), lang)))


EXISTS = msg("this file exists; name another with --out, or add --force to replace it")


def _path_text(path: tuple) -> str:
    return ".".join(str(p) for p in path)


def convert(path: Path, display: str, framework: str | None = None, lang: str | None = None,
            lookup: Lookup | None = None, folder: Path | None = None) -> tuple[str, dict, Account, list[Diagnostic]]:
    """FILE as register text: the YAML, its data, where the lines went, and the problems
    `validate` finds in it besides its TODOs. A detail parsed out of a line that validation
    refuses (a phone number that cannot exist) goes back into the text, as a line."""
    lines = read(path, lookup)                  # a reading warning in the language of messages
    sections = find_sections(lines)
    lang = lang or detect_language(lines)
    framework = framework or detect_framework(sections)
    refused: set[str] = set()
    while True:
        data, account, origins = place(sections, framework, lang, frozenset(refused))
        data = in_language(data, lang)
        text = header(framework, display, lang, folder or path.parent) + yaml_text(data)
        loaded = load_text(text, display)
        problems = [d for d in validate_loaded(loaded) if not is_todo(d.message)]
        at = {mark: _path_text(p) for p, mark in loaded.value_marks.items()}
        more = set()
        for problem in problems:
            where = at.get((problem.line, problem.column), "")
            for origin in origins:
                if (where == origin or where.startswith(origin + ".")) and origin not in refused:
                    more.add(origin.rsplit(".", 1)[0] if origin.split(".")[-1].isdigit() else origin)
        if not more - refused:
            return text, data, account, problems
        refused |= more


def write_new(target: Path, text: str, force: bool) -> None:
    """Write `target` through a temporary file beside it: never half a file, and without
    `force` never over an existing file, not even one created meanwhile."""
    try:
        write_atomic(target, text.encode("utf-8"), replace=force)
    except FileExistsError:
        raise InputError([Diagnostic(str(target), 1, 1, EXISTS)]) from None


def report(account: Account) -> Text:
    kept = sum(account.extra.values())
    if not kept:
        return msg("{placed} of {total} content lines placed in fields; {kept} kept in extra sections",
                   placed=account.placed, total=account.total, kept=kept)
    return msg("{placed} of {total} content lines placed in fields; {kept} kept in extra sections: {sections}",
               placed=account.placed, total=account.total, kept=kept,
               sections=", ".join(f"{ident} ({n})" for ident, n in account.extra.items() if n))


def run(file: str, framework: str | None, out: str | None, force: bool, lang: str | None,
        lookup: Lookup | None = None) -> int:
    """Import FILE; the messages are in the language of `lookup`, the register in its own `lang`."""
    source = Path(file)
    target = Path(out) if out else source.with_suffix(".yaml")
    if not source.exists() and not source.is_symlink():
        raise InputError([Diagnostic(file, 1, 1, msg("no such file; check the path"))])
    if os.path.lexists(target) and not force:
        raise InputError([Diagnostic(str(target), 1, 1, EXISTS)])
    if target.exists() and target.resolve() == source.resolve():
        raise InputError([Diagnostic(str(target), 1, 1, msg("this is the document being imported; "
                                                            "name another file with --out"))])
    text, data, account, problems = convert(source, file, framework, lang, lookup, target.parent)
    write_new(target, text, force)
    todos = count_todos(data)
    wrote = msg("wrote {target} ({framework}, {lang}): {count} TODO item to write; `policy-gen validate {target}` "
                "lists it", target=target, framework=data["framework"], lang=data["languages"][0], count=todos) \
        if todos == 1 else \
        msg("wrote {target} ({framework}, {lang}): {count} TODO items to write; `policy-gen validate {target}` "
            "lists them", target=target, framework=data["framework"], lang=data["languages"][0], count=todos)
    print(for_terminal(translate(wrote, lookup)))
    for note in account.notes:
        print("note: " + translate(note, lookup))       # the prefix stays, like error: and warning:
    for problem in problems:
        warning = Diagnostic(str(target), problem.line, problem.column, problem.message, "warning")
        print(for_terminal(warning.text(lookup)), file=sys.stderr)
    print(for_terminal(translate(report(account), lookup)))
    return 0
