"""Finding register files and turning them into validated registers (load → validate)."""
from __future__ import annotations

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


def discover(paths: list[str]) -> list[Path]:
    """The register files named by `paths` (files, or folders searched for *.yaml)."""
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
    ids: dict[str, Path] = {}
    for path in found:
        if path.stem in ids and ids[path.stem] != path:
            problems.append(Diagnostic(str(path), 1, 1, f"another register is also called '{path.stem}' "
                                                         f"({ids[path.stem]}); the names must differ, since "
                                                         "they name the published files"))
        ids.setdefault(path.stem, path)
    if problems:
        raise InputError(problems)
    return found


def validate_loaded(loaded: LoadedFile) -> list[Diagnostic]:
    problems = schema.check(loaded)
    return problems + [d for d in checks.check(loaded) if d not in problems]


def load_registers(paths: list[str]) -> list[Register]:
    """Load and validate every register; raise InputError listing every problem in every file."""
    registers: list[Register] = []
    problems: list[Diagnostic] = []
    for path in discover(paths):
        try:
            loaded = load_file(path)
        except InputError as exc:
            problems.extend(exc.diagnostics)
            continue
        found = validate_loaded(loaded)
        problems.extend(found)
        if not found:
            registers.append(Register(id=path.stem, source=str(path), data=loaded.data))
    if problems:
        raise InputError(problems)
    return registers
