"""Finding register files and turning them into validated registers (load → validate)."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import checks, schema
from .diagnostics import Diagnostic, InputError
from .loader import LoadedFile, load_file

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Register:
    id: str          # the file name without .yaml: names the output files
    source: str      # the path as the user gave it, for messages
    data: dict


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
                problems.append(Diagnostic(given, 1, 1, "this folder has no register files (*.yaml); "
                                                        "name a folder that has them, or the files themselves"))
            found.extend(inside)
        elif path.is_file():
            found.append(path)
        else:
            problems.append(Diagnostic(given, 1, 1, "no such file or folder; check the path"))
    found = list(dict.fromkeys(found))   # a file named and also in a named folder is read once
    ids: dict[str, Path] = {}
    for path in found:
        if not re.fullmatch(r"\w[\w.-]*", path.stem):
            # the name becomes the address of the published pages
            problems.append(Diagnostic(str(path), 1, 1, f"the file name '{path.stem}' cannot name web pages: "
                                                         "rename the file using letters, digits, '-', '_' and '.' "
                                                         "(no spaces)"))
        if path.stem in ids and ids[path.stem] != path:
            problems.append(Diagnostic(str(path), 1, 1, f"another register is also called '{path.stem}' "
                                                         f"({ids[path.stem]}); the names must differ, since "
                                                         "they name the published files"))
        ids.setdefault(path.stem, path)
    return found, problems


def validate_loaded(loaded: LoadedFile) -> list[Diagnostic]:
    problems = schema.check(loaded)
    return problems + [d for d in checks.check(loaded) if d not in problems]


def load_all(paths: list[Path], cache=None) -> tuple[list[Register], list[Diagnostic]]:
    """Load and validate every file; the valid registers, and every problem found.

    With a cache, a file whose bytes (and policy-gen's code) are unchanged since it
    last validated is not parsed again."""
    from .cache import code_fingerprint, digest
    registers: list[Register] = []
    problems: list[Diagnostic] = []
    fingerprint = code_fingerprint() if cache is not None else ""
    for path in paths:
        key = None
        if cache is not None:
            try:
                key = digest("valid", fingerprint, str(path), hashlib.sha256(Path(path).read_bytes()).hexdigest())
            except OSError:
                key = None
            data = cache.get(key) if key else None
            if data is not None:
                registers.append(Register(id=Path(path).stem, source=str(path), data=data))
                continue
        try:
            loaded = load_file(path)
        except InputError as exc:
            problems.extend(exc.diagnostics)
            continue
        found = validate_loaded(loaded)
        problems.extend(found)
        if not found:
            registers.append(Register(id=Path(path).stem, source=str(path), data=loaded.data))
            if key:
                cache.put(key, loaded.data)
    return registers, sorted(problems)


def load_registers(paths: list[str]) -> list[Register]:
    """Load and validate every register; raise InputError listing every problem in every file."""
    found, problems = discover(paths)
    registers, more = load_all(found)
    if problems or more:
        raise InputError(problems + more)
    return registers
