"""Finding register files and turning them into validated registers (load → validate)."""
from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path

from . import checks, legal, schema
from .diagnostics import Diagnostic, InputError, msg
from .loader import LoadedFile, load_file, load_text, yaml_failure
from .model import Register
from .safefs import within

SUFFIXES = (".yaml", ".yml")


def discover(paths: list[str]) -> tuple[list[Path], list[Diagnostic]]:
    """The register files named by `paths` (files, or folders searched for *.yaml), and the
    problems with the paths; returned, not raised, so the files found are still checked."""
    found: list[Path] = []
    problems: list[Diagnostic] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not inside:
                problems.append(Diagnostic(given, 1, 1, msg("this folder has no register files (*.yaml); "
                                                            "name a folder that has them, or the files themselves")))
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Diagnostic(given, 1, 1, msg("no such file or folder; check the path")))
    found = list(dict.fromkeys(found))   # a file named and also in a named folder is read once
    outside = [p for p in found if p.is_symlink() and not within(p.parent, p)]
    problems += [Diagnostic(str(p), 1, 1, msg("this is a symbolic link to a file outside its folder, which "
                                              "policy-gen does not read; copy the register here instead"))
                 for p in outside]        # docs/security.md: its contents would reach the messages
    found = [p for p in found if p not in outside]
    ids: dict[str, Path] = {}
    for path in found:
        if not re.fullmatch(r"\w[\w.-]*", path.stem):
            # the name becomes the address of the published pages
            problems.append(Diagnostic(str(path), 1, 1, msg("the file name '{name}' cannot name web pages: "
                                                             "rename the file using letters, digits, '-', '_' and "
                                                             "'.' (no spaces)", name=path.stem)))
        if path.stem in ids and ids[path.stem] != path:
            problems.append(Diagnostic(str(path), 1, 1, msg("another register is also called '{name}' "
                                                             "({other}); the names must differ, since "
                                                             "they name the published files", name=path.stem,
                                                             other=str(ids[path.stem]))))
        ids.setdefault(path.stem, path)
    return found, problems


def check_references(registers: list[Register], partial: bool = False) -> list[Diagnostic]:
    """What one register says of another: `document.replaces` names a register of a repealed
    act. One that is not being built (a single file built alone, a shard) is no error, unless
    its name looks like a typo of one that is."""
    from . import frameworks
    by_id = {r.id: r for r in registers}
    historical = [r.id for r in registers if frameworks.get(r.data["framework"]).repealed]
    named_by: dict[str, str] = {}
    out = []
    for register in sorted(registers, key=lambda r: r.id):
        named = register.data["document"].get("replaces")
        if not named:
            continue
        if named in named_by:           # one successor each: a second would take the link over
            out.append(load_file(Path(register.source)).diagnostic(("document", "replaces"), msg(
                "'document.replaces: {named}' is already named by {other}; a document is replaced by one "
                "notice: delete this line or the other", named=named, other=named_by[named])))
            continue
        named_by[named] = register.id
        other = by_id.get(named)
        close = difflib.get_close_matches(named, historical, n=1, cutoff=0.8)
        if other is None and close and not partial:
            problem = msg("'document.replaces: {named}' names no register being built (did you mean "
                          "'{close}'?); write the file name, without .yaml, of the rekisteriseloste "
                          "this notice replaces", named=named, close=close[0])
        elif other is not None and not frameworks.get(other.data["framework"]).repealed:
            problem = msg("'document.replaces: {named}' names a register that is not historical (its act is "
                          "in force); only a document of a repealed act is replaced this way", named=named)
        else:
            continue
        out.append(load_file(Path(register.source)).diagnostic(("document", "replaces"), problem))
    return out


def successors_in(paths: list[Path], loaded: list[Register] = ()) -> dict:
    """Which register replaces which, read from every file of a sharded build (a shard builds
    only some of them, but a historical document links its successor wherever it is): the
    shard's own registers (`loaded`, validated) are read as they are, the other files loaded,
    not validated; a file that does not load names nothing."""
    from .plan import Successor
    data_of = {Path(r.source): r.data for r in loaded}
    found = {}
    for path in sorted(paths, key=lambda p: p.stem):
        try:
            data = data_of[Path(path)] if Path(path) in data_of else load_file(path).data
            named, languages = data["document"]["replaces"], data["languages"]
        except (InputError, KeyError, TypeError):
            continue
        if isinstance(named, str) and isinstance(languages, list) and languages \
                and all(isinstance(lang, str) for lang in languages):
            found.setdefault(named, Successor(path.stem, tuple(languages)))
    return found


def shape_problems(loaded: LoadedFile) -> list[Diagnostic]:
    """What the schema and the generic and framework checks find in a loaded register."""
    problems = schema.check(loaded)
    return problems + [d for d in checks.check(loaded) if d not in problems]


def validate_loaded(loaded: LoadedFile) -> list[Diagnostic]:
    return shape_problems(loaded) or legal.errors_for(loaded)     # build refuses error-level legal findings


def check_file(path: Path) -> tuple[dict | None, list[Diagnostic]]:
    """One register file: its data if valid, and its problems."""
    try:
        loaded = load_file(path)
    except InputError as exc:
        return None, _problems_behind(exc)
    found = validate_loaded(loaded)
    # warnings (text YAML reads as a comment) are reported, and leave the register valid
    return (None if found else loaded.data), found + loaded.warnings


# a file with more stray characters than this is a pasted document: report these, then stop;
# and never read more than this much text again for it (each reading is a full parse)
MAX_STAND_INS = 20
MAX_REREAD = 256 * 1024         # as much again as the largest register file


def _problems_behind(error: InputError) -> list[Diagnostic]:
    """A file YAML could not read: its problems, with those YAML could not reach because one
    character stopped it (a non-breaking space, a typographic dash, a zero-width space). The
    file is read again with that character replaced by what was meant, as often as needed, so
    that one run reports them all. When a reading fails just as before, the character was near
    the failure but not its cause: YAML's own failure is reported in its place, and the reading
    stops there. Only the problems are kept; the data of such a reading is never used."""
    found: list[tuple[Diagnostic, int]] = [(d, 0) for d in error.diagnostics]   # with the removals before it
    removed: list[tuple[int, int]] = []          # where characters were taken out, in order
    blamed, stand_in = list(error.diagnostics), error.stand_in
    name = error.diagnostics[0].file if error.diagnostics else ""
    budget = MAX_REREAD
    for _ in range(MAX_STAND_INS):
        if stand_in is None or len(stand_in.text) > budget:
            break
        budget -= len(stand_in.text)
        try:
            loaded = load_text(stand_in.text, name)
        except InputError as more:
            if more.failure is not None and more.failure == stand_in.failure:
                plain = yaml_failure(stand_in.source, name)
                found = [(plain, n) if d in blamed and plain else (d, n) for d, n in found]
                break
            if stand_in.removed:
                removed.append(stand_in.removed)
            found += [(d, len(removed)) for d in more.diagnostics]
            blamed, stand_in = list(more.diagnostics), more.stand_in
            continue
        if stand_in.removed:
            removed.append(stand_in.removed)
        found += [(d, len(removed)) for d in validate_loaded(loaded)]
        break

    def as_in_the_file(d: Diagnostic, removals: int) -> Diagnostic:
        column = d.column
        for line, at in reversed(removed[:removals]):     # undo the later removals first
            if d.line == line and column >= at:
                column += 1
        return Diagnostic(d.file, d.line, column, d.message, d.severity)

    return list(dict.fromkeys(as_in_the_file(d, n) for d, n in found))


def _still_valid(path: Path, data) -> bool:
    """A validated register taken from the cache (untrusted storage, docs/security.md) is used
    only when the schema still accepts it and the checks that the documents rely on find
    nothing (dates that exist, every language's text, sections that exist: about 0.5 ms);
    else the file is validated again."""
    try:
        return isinstance(data, dict) and data.get("framework") in schema.frameworks() \
            and schema.accepts(data["framework"], data) and not checks.check(LoadedFile(str(path), data), quick=True)
    except Exception:
        return False


def _check_files(paths: list[Path]) -> list[tuple[dict | None, list[Diagnostic]]]:
    return [check_file(path) for path in paths]


PARALLEL_FROM = 200     # files to parse before starting worker processes pays off (~0.4 s each)


def load_all(paths: list[Path], cache=None, workers=None) -> tuple[list[Register], list[Diagnostic]]:
    """Load and validate every file; the valid registers, and every problem found.

    With a cache, a file whose bytes (and policy-gen's code) are unchanged since it
    last validated is not parsed again. Many files to parse are shared among the
    `workers` (processes.Workers); the results are the same, in the same order."""
    if cache is not None:       # validate uses no cache: its module stays off the start-up path
        from .cache import code_fingerprint, digest
        fingerprint = code_fingerprint()
    keys: dict[Path, str | None] = {}
    known: dict[Path, dict] = {}
    for path in paths:
        key = None
        if cache is not None:
            try:
                key = digest("valid", fingerprint, str(path), hashlib.sha256(Path(path).read_bytes()).hexdigest())
            except OSError:
                key = None
            data = cache.get(key, dict) if key else None
            if data is not None and _still_valid(path, data):
                known[path] = data
        keys[path] = key
    todo = [path for path in paths if path not in known]
    if workers is not None and workers.parallel and len(todo) >= PARALLEL_FROM:
        size = -(-len(todo) // (workers.jobs * 4))    # a few chunks per worker evens the load
        futures = [workers.submit(_check_files, todo[i:i + size]) for i in range(0, len(todo), size)]
        checked = [result for future in futures for result in future.result()]
    else:
        checked = _check_files(todo)
    results = dict(zip(todo, checked))
    registers: list[Register] = []
    problems: list[Diagnostic] = []
    for path in paths:
        data, found = (known[path], []) if path in known else results[path]
        problems.extend(found)
        if data is not None:
            registers.append(Register(id=Path(path).stem, source=str(path), data=data))
            if keys[path] and path not in known and not found:   # warnings are said at every build
                cache.put(keys[path], data)
    return registers, sorted(problems)


def load_registers(paths: list[str], jobs: int = 1, warnings: list[Diagnostic] | None = None) -> list[Register]:
    """Load and validate every register; raise InputError listing every problem in every file
    (and its warnings). The warnings of valid registers are added to `warnings`."""
    from .processes import Workers
    found, problems = discover(paths)
    with Workers(jobs, tasks=len(found)) as workers:
        registers, more = load_all(found, workers=workers)
    if problems or any(d.is_error for d in more):
        raise InputError(problems + more)
    if warnings is not None:
        warnings.extend(more)
    return registers
