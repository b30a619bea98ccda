"""The legal checks (`policy-gen check`): what the law requires of a register that its
format alone cannot enforce, each check with its id, severity and the provision it rests on.

The checks themselves live beside their framework (frameworks/gdpr_legal.py,
frameworks/henkilotietolaki_10_legal.py, named by the Framework's `legal`), one function
per check, made a `Check` by the `legal_check` decorator. A check function receives a
`Context` and yields
(data path, message) pairs; the runner turns each into a `Finding` at the YAML location of
that path. The catalogue of checks is the project's legal reference §4 (ids L01–L40).

Also here: the coverage table (which register field answers each statutory item, which
items are missing, which do not apply and why), the outputs (text, JSON, SARIF 2.1.0),
the command, and `errors_for`, with which `build` refuses registers with error-level findings.
"""
from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import PurePath
from typing import Callable, Iterable, Iterator
from urllib.parse import quote

from . import __version__, frameworks
from .diagnostics import Diagnostic, InputError, Lookup, Text, msg, translate
from .facts import Facts, load_facts
from .loader import LoadedFile

SEVERITIES = ("error", "warning", "info")
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
COMMENT_RULE = "yaml-comment"       # the SARIF rule of the loader's warnings (loader.prose_comments)


@dataclass(frozen=True, order=True)
class Finding:
    """One legal problem, at the YAML location it concerns."""
    file: str
    line: int
    column: int
    check: str          # L01 … L40
    severity: str       # error | warning | info
    provision: str      # the provision the check rests on
    message: str        # what is wrong and what to do, for a lawyer

    def __str__(self) -> str:
        return self.text(None)

    def text(self, lookup: Lookup | None) -> str:
        """The finding as printed, its message in the language of `lookup` (the prefix as programs
        read it, and the check's id and provision, stay as they are)."""
        return (f"{self.file}:{self.line}:{self.column}: {self.severity}: [{self.check}] "
                f"{translate(self.message, lookup)} ({self.provision})")


@dataclass(frozen=True)
class CoverageItem:
    item: str                 # e.g. "13(1)(a)" or "10 § 1"
    status: str               # satisfied | missing | not_applicable
    field: str = ""           # the register field that satisfies it: its keys, or a message naming them
    reason: str = ""          # why it is missing, or why it does not apply: a message (msg)


@dataclass(frozen=True)
class Coverage:
    """The statutory items of one document made from one register."""
    file: str
    document: str             # a message: "privacy notice, data collected from the data subject (GDPR Art. 13)", …
    items: tuple[CoverageItem, ...]

    @property
    def complete(self) -> bool:
        return all(i.status != "missing" for i in self.items)


@dataclass(frozen=True)
class Check:
    id: str
    severity: str
    provision: str
    framework: str
    scope: str                # H, N, R as in the catalogue
    title: str                # what the check needs, one line (docs, SARIF rule text)
    function: Callable[["Context"], Iterable[tuple]] = field(compare=False, repr=False)

    def __call__(self, ctx: Context) -> Iterable[tuple]:
        return self.function(ctx)

    @property
    def message(self) -> Text:
        """The title as a message: its msgid is the English title, in the catalogues' context
        "check" (SARIF shows it to the lawyer at the top of each GitHub code scanning alert)."""
        text = Text(self.title)
        text.context = "check"
        return text


def legal_check(check_id: str, severity: str, provision: str, *, framework: str, scope: str = "N",
                title: str = ""):
    """Make a function a legal check: @legal_check("L13", "error", "GDPR 13(1)(f); 14(1)(f); 30(1)(e)", ...).
    Its framework's legal module is read for its checks (checks_for)."""
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity {severity}")

    def make(function) -> Check:
        return Check(check_id, severity, provision, framework, scope,
                     title or (function.__doc__ or "").strip().splitlines()[0], function)
    return make


@dataclass
class Context:
    """What a check reads: the loaded file (for locations), its data, and the dated facts."""
    loaded: LoadedFile
    facts: Facts

    @property
    def data(self) -> dict:
        return self.loaded.data


def checks_for(framework: str) -> list[Check]:
    """The legal checks of a framework, by id: the Check objects of its legal module."""
    known = frameworks.registry().get(framework)
    module = known.legal_module() if known else None
    found = [value for value in vars(module).values() if isinstance(value, Check)] if module else []
    ids = [c.id for c in found]
    if len(ids) != len(set(ids)):
        raise ValueError(f"a check id is used twice in {module.__name__}")
    return sorted(found, key=lambda c: c.id)


def all_checks() -> list[Check]:
    return sorted((c for name in frameworks.registry() for c in checks_for(name)), key=lambda c: (c.id, c.framework))


def run_checks(loaded: LoadedFile, facts: Facts | None = None,
               severities: tuple[str, ...] | None = None) -> list[Finding]:
    """Every finding of every check of the register's framework (of those `severities` only,
    when given). The register must be valid (schema and content checks): the checks read it
    without defending against wrong shapes."""
    out = []
    context = Context(loaded, facts or load_facts())
    for check in checks_for(loaded.data.get("framework", "")):
        if severities is not None and check.severity not in severities:
            continue
        for hit in check(context):
            path, message = hit[0], hit[1]
            key = len(hit) > 2 and hit[2]
            line, column = loaded.mark(tuple(path), key=bool(key))
            out.append(Finding(loaded.path, line, column, check.id, check.severity, check.provision, message))
    return sorted(set(out))


def coverage(loaded: LoadedFile, facts: Facts | None = None) -> list[Coverage]:
    """The coverage tables of the register's documents, by its framework's legal module."""
    known = frameworks.registry().get(loaded.data.get("framework"))
    module = known.legal_module() if known else None
    return module.coverage(loaded, facts or load_facts()) if module else []


def errors_for(loaded: LoadedFile) -> list[Diagnostic]:
    """The error-level findings of a valid register, as diagnostics: `build` refuses the register."""
    return [Diagnostic(f.file, f.line, f.column, msg("[{check}] {message} ({provision})", check=f.check,
                                                     message=f.message, provision=f.provision))
            for f in run_checks(loaded, severities=("error",))]     # the others are not run at all


# ---- the command ------------------------------------------------------------------------

@dataclass
class Result:
    findings: list[Finding]
    coverage: list[Coverage]
    invalid: list[Diagnostic]       # registers that are not valid: reported, not checked
    files: list[str]
    # what `validate` warns of in the files read (text after ' #' that YAML drops as a comment):
    # in every report, counted as warnings, exit 1 with --strict
    warnings: list[Diagnostic] = field(default_factory=list)


def check_paths(paths: list[str]) -> Result:
    from .loader import load_file
    from .registers import discover, shape_problems
    found, problems = discover(paths)
    findings: list[Finding] = []
    covered: list[Coverage] = []
    invalid = list(problems)
    warnings: list[Diagnostic] = []
    for path in found:
        try:
            loaded = load_file(path)
        except InputError as error:
            invalid += error.diagnostics
            continue
        warnings += loaded.warnings         # an invalid register's too, as validate says them
        shape = shape_problems(loaded)
        if shape:
            invalid += shape
            continue
        findings += run_checks(loaded)
        covered += coverage(loaded)
    return Result(sorted(findings), covered, sorted(invalid), [str(p) for p in found], sorted(warnings))


def exit_code(result: Result, strict: bool) -> int:
    if result.invalid or any(f.severity == "error" for f in result.findings):
        return 1
    if strict and (result.warnings or any(f.severity == "warning" for f in result.findings)):
        return 1
    return 0


def format_text(result: Result, lookup: Lookup | None = None) -> str:
    """The report for people, in the language of `lookup` (JSON, read by programs, stays in English;
    SARIF, which GitHub shows the lawyer, follows `lookup` too)."""
    lines = ([d.text(lookup) for d in result.invalid] + [f.text(lookup) for f in result.findings]
             + [d.text(lookup) for d in result.warnings])
    statuses = {"satisfied": translate(msg("ok"), lookup), "missing": translate(msg("MISSING"), lookup),
                "not_applicable": translate(msg("n/a"), lookup)}
    status_width = max(7, *(len(s) for s in statuses.values()))
    for cov in result.coverage:
        state = translate(msg("complete") if cov.complete else msg("INCOMPLETE"), lookup)
        lines += ["", f"{cov.file}: {translate(cov.document, lookup)}: {state}"]
        width = max(len(i.item) for i in cov.items)
        for i in cov.items:
            status = statuses[i.status]
            detail = i.field if i.status == "satisfied" else i.reason
            lines.append(f"  {i.item.ljust(width)}  {status.ljust(status_width)}  {translate(detail, lookup)}")
    counts = {s: sum(f.severity == s for f in result.findings) for s in SEVERITIES}
    counts["warning"] += len(result.warnings)
    uncheckable = (msg("; {count} problem(s) made registers uncheckable", count=len(result.invalid))
                   if result.invalid else "")
    lines += ["", translate(msg("policy-gen check: {registers} register(s); {errors} error(s), {warnings} "
                                "warning(s), {notes} note(s){uncheckable}", registers=len(result.files),
                                errors=counts["error"], warnings=counts["warning"], notes=counts["info"],
                                uncheckable=uncheckable), lookup)]
    return "\n".join(lines) + "\n"


def format_json(result: Result) -> str:
    document = {
        "version": 1,
        "findings": [asdict(f) for f in result.findings],
        "invalid": [asdict(d) for d in result.invalid],
        "warnings": [asdict(d) for d in result.warnings],     # as "invalid": file, line, column, message, severity
        "coverage": [{"file": c.file, "document": c.document, "complete": c.complete,
                      "items": [asdict(i) for i in c.items]} for c in result.coverage],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _uri(path: str) -> str:
    return quote(PurePath(path).as_posix())


def format_sarif(result: Result, lookup: Lookup | None = None) -> str:
    """SARIF 2.1.0, so that GitHub code scanning shows each finding on its YAML line. What GitHub
    shows the lawyer (each rule's short and full description at the top of an alert, each result's
    message on the line) is in the language of `lookup`; ids, levels and properties stay as they
    are, and GitHub tells alerts apart by rule id and location, never by these texts."""
    rules, index = [], {}
    for check in all_checks():
        if check.id in index:
            continue
        index[check.id] = len(rules)
        rules.append({
            "id": check.id,
            "name": check.id,
            "shortDescription": {"text": translate(check.message, lookup)},
            "fullDescription": {"text": f"{translate(check.message, lookup)} ({check.provision})"},
            "defaultConfiguration": {"level": SARIF_LEVEL[check.severity]},
            "properties": {"provision": check.provision, "scope": check.scope},
        })
    def result_at(rule: str, level: str, text: str, file: str, line: int, column: int) -> dict:
        return {"ruleId": rule, "level": level, "message": {"text": text},
                "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(file)},
                                                    "region": {"startLine": line, "startColumn": column}}}]}

    results = []
    for f in result.findings:
        results.append({"ruleId": f.check, "ruleIndex": index[f.check],
                        **result_at(f.check, SARIF_LEVEL[f.severity], f"{translate(f.message, lookup)} ({f.provision})",
                                    f.file, f.line, f.column)})
    for rule, level, found in (("invalid", "error", result.invalid), (COMMENT_RULE, "warning", result.warnings)):
        results += [result_at(rule, level, translate(d.message, lookup), d.file, d.line, d.column) for d in found]
    if result.invalid:
        rules.append({"id": "invalid", "name": "invalid",
                      "shortDescription": {"text": translate(msg("The register is not valid; fix it so it can "
                                                                 "be checked"), lookup)},
                      "defaultConfiguration": {"level": "error"}})
    if result.warnings:
        rules.append({"id": COMMENT_RULE, "name": COMMENT_RULE,
                      "shortDescription": {"text": translate(msg("Text after ' #' is a YAML comment and is not "
                                                                 "printed; put the whole value inside double "
                                                                 "quotes to print it"), lookup)},
                      "defaultConfiguration": {"level": "warning"}})
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "policy-gen", "version": __version__, "rules": rules}},
        "results": results}]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": format_text, "json": format_json, "sarif": format_sarif}


def run(paths: list[str], strict: bool, fmt: str, output: str | None, lookup: Lookup | None = None) -> int:
    """`policy-gen check`: print (or write) the report, the text and SARIF ones in the language of
    `lookup` (JSON stays in English: programs read it); the exit code (0, or 1 on errors, or on
    warnings with --strict)."""
    result = check_paths(paths)
    text = format_json(result) if fmt == "json" else FORMATS[fmt](result, lookup)
    if output:                  # through a new file of its own: never through a link at that name
        from pathlib import Path

        from .fsutil import write_atomic
        write_atomic(Path(output), text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return exit_code(result, strict)


def checks_table() -> Iterator[tuple[str, str, str, str, str, str]]:
    """(id, severity, scope, framework, provision, what it needs) for the documentation."""
    for c in all_checks():
        yield c.id, c.severity, c.scope, c.framework, c.provision, c.title
