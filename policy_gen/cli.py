"""The command line: `policy-gen validate` and `policy-gen build`.

Exit codes: 0 done, 1 a register (or the output folder) has problems, 2 the
command was mistyped, 3 policy-gen itself failed. Problems are printed one per
line as FILE:LINE:COL: error: MESSAGE; never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .diagnostics import InputError

DEFAULT_PATHS = ["registers"]
DEFAULT_OUT = "build"
FORMATS = ("html", "md", "pdf", "json")   # also in render/__init__.py; kept here so
                                          # that parsing the command line imports no renderer


def _formats(text: str) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in chosen)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-gen",
        description="Turn privacy-register definitions (YAML) into published documents.")
    parser.add_argument("--version", action="version", version=f"policy-gen {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check registers and report every problem",
                                   description="Check register files; print every problem as "
                                               "FILE:LINE:COL: error: MESSAGE.")
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help="register files or folders (default: registers/)")

    build = commands.add_parser("build", help="validate, then publish the documents",
                                description="Validate every register, then write the documents. "
                                            "If any register is invalid nothing is written.")
    build.add_argument("paths", nargs="*", metavar="PATH",
                       help="register files or folders (default: registers/)")
    build.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                       help="output folder, replaced as a whole (default: build/)")
    build.add_argument("--format", dest="formats", type=_formats, default=FORMATS,
                       metavar="LIST", help="comma-separated formats: html,md,pdf,json (default: all)")
    build.add_argument("--records", action="store_true",
                       help="also write internal records (GDPR Art. 30) under records/; "
                            "they are never listed on the index")
    build.add_argument("--templates", type=Path, metavar="DIR",
                       help="your own templates folder; its files override the built-in ones")
    return parser


def _report(error: InputError) -> int:
    for diagnostic in error.diagnostics:
        print(diagnostic, file=sys.stderr)
    count = len(error.diagnostics)
    print(f"policy-gen: {count} problem{'s' if count != 1 else ''} found; nothing was written"
          if error.diagnostics else "", file=sys.stderr)
    return 1


def _run(args) -> int:
    from .registers import load_registers
    registers = load_registers(args.paths or DEFAULT_PATHS)
    if args.command == "validate":
        for register in registers:
            print(f"{register.source}: ok")
        return 0
    from .publish import build
    from .render.templating import Templates
    if args.templates and not args.templates.is_dir():
        print(f"policy-gen: error: --templates {args.templates}: no such folder", file=sys.stderr)
        return 2
    result = build(registers, Path(args.out), args.formats, Templates(args.templates), records=args.records)
    documents = sum(len(r.data["languages"]) for r in registers)
    print(f"built {documents} document{'s' if documents != 1 else ''} "
          f"({', '.join(args.formats)}) from {len(registers)} register{'s' if len(registers) != 1 else ''} "
          f"into {args.out}/ ({len(result.files)} files)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as error:
        return _report(error)
    except KeyboardInterrupt:
        print("policy-gen: interrupted; the output folder is unchanged", file=sys.stderr)
        return 130
    except Exception as error:  # a bug in policy-gen, not in the user's input
        print(f"policy-gen: internal error: {type(error).__name__}: {error} "
              "(please report it with the register that caused it)", file=sys.stderr)
        return 3
