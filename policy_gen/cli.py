"""The command line: `policy-gen validate`, `build` and `merge`.

Exit codes: 0 done, 1 a register (or the output folder) has problems, 2 the
command was mistyped, 3 policy-gen itself failed. Problems are printed one per
line as FILE:LINE:COL: error: MESSAGE (and as GitHub annotations when run by
GitHub Actions); never a traceback.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic, InputError

DEFAULT_PATHS = ["registers"]
DEFAULT_OUT = "build"


def _formats(text: str) -> tuple[str, ...]:
    from .render import formats      # the renderers' registry (which imports no renderer's libraries)
    known = formats()
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {','.join(known)}")
    return tuple(f for f in known if f in chosen)


def _shard(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f"'{text}' is not K/N with 1 <= K <= N, for example 1/4")
    return int(match[1]), int(match[2])


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of worker processes (1 or more)")
    return int(text)


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
    validate.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                          help="worker processes for many files (default: the number of CPUs)")

    build = commands.add_parser("build", help="validate, then publish the documents",
                                description="Validate every register, then write the site. If any "
                                            "register is invalid nothing is written (see --keep-going).")
    build.add_argument("paths", nargs="*", metavar="PATH",
                       help="register files or folders (default: registers/)")
    build.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                       help="output folder, replaced as a whole (default: build/)")
    build.add_argument("--format", dest="formats", type=_formats, default=None,
                       metavar="LIST", help="comma-separated formats, e.g. html,pdf (default: all: "
                                            "html,pdf,md,json and those of installed plug-ins)")
    build.add_argument("--records", type=Path, metavar="DIR",
                       help="also write the internal records (GDPR Art. 30) into DIR, an output folder "
                            "of their own (replaced as a whole, like --out); never inside the public site")
    build.add_argument("--templates", type=Path, metavar="DIR",
                       help="your own templates folder; its files override the built-in ones")
    build.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help="worker processes for rendering (default: the number of CPUs)")
    build.add_argument("--keep-going", action="store_true",
                       help="publish the valid registers, report the invalid ones, and exit 1")
    build.add_argument("--shard", type=_shard, metavar="K/N",
                       help="build only the K-th of N equal parts (join them with 'policy-gen merge')")
    build.add_argument("--cache", type=Path, metavar="DIR",
                       help="where unchanged outputs are kept between builds "
                            "(default: .NAME.cache beside the output folder NAME)")
    build.add_argument("--no-cache", action="store_true", help="render everything; keep no cache")
    build.add_argument("--no-history", action="store_true",
                       help="publish only the current versions, without reading the git history")
    build.add_argument("--site-url", metavar="URL",
                       help="the site's public address, for absolute URLs in sitemap.xml")

    merge = commands.add_parser("merge", help="join the outputs of 'build --shard' into one site",
                                description="Join sites built with --shard K/N into one site, "
                                            "with one index, sitemap and manifest.")
    merge.add_argument("parts", nargs="+", metavar="DIR", help="the shards' output folders")
    merge.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help="output folder (default: build/)")
    merge.add_argument("--templates", type=Path, metavar="DIR",
                       help="the templates folder the shards were built with, if any")
    merge.add_argument("--site-url", metavar="URL",
                       help="the site's public address, for absolute URLs in sitemap.xml")

    check = commands.add_parser("check", help="run the legal checks and print the coverage of statutory items",
                                description="Check registers against the law (legal checks L01-L40) and print, "
                                            "for each document, which field gives each statutory item. Exit 1 "
                                            "on errors (with --strict also on warnings).")
    check.add_argument("paths", nargs="*", metavar="PATH", help="register files or folders (default: registers/)")
    check.add_argument("--strict", action="store_true", help="also exit 1 on warnings")
    check.add_argument("--format", dest="report_format", choices=["text", "json", "sarif"], default="text",
                       help="text (default), json, or sarif (SARIF 2.1.0 for GitHub code scanning)")
    check.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")

    migrate = commands.add_parser("migrate", help="turn a henkilotietolaki-10 register into a GDPR one",
                                  description="Write FILE as a register of another framework, keeping every "
                                              "value; what the new framework needs and FILE lacks is marked "
                                              "'TODO: ...', which validate lists. Never replaces a file "
                                              "without --force.")
    migrate.add_argument("file", metavar="FILE", help="the register to migrate")
    migrate.add_argument("--to", required=True, choices=["gdpr"], help="the framework to migrate to")
    migrate.add_argument("--out", metavar="NEWFILE",
                         help="where to write the new register (default: FILE-gdpr.yaml beside FILE)")
    migrate.add_argument("--force", action="store_true", help="replace NEWFILE if it exists")

    imp = commands.add_parser("import", help="turn an existing document (txt, html, docx, pdf) into a register",
                              description="Read a register description or privacy notice, place the text of "
                                          "its sections into a register's fields and write the register; what "
                                          "no field takes is kept in extra sections, what is missing is marked "
                                          "'TODO: ...'. Never replaces a file without --force.")
    imp.add_argument("file", metavar="FILE", help="the document: .txt, .html, .htm, .docx or .pdf")
    imp.add_argument("--framework", choices=["henkilotietolaki-10", "gdpr"],
                     help="the register's framework (default: gdpr when the document speaks of the GDPR)")
    imp.add_argument("--out", metavar="NEWFILE", help="where to write the register (default: FILE.yaml beside FILE)")
    imp.add_argument("--force", action="store_true", help="replace NEWFILE if it exists")
    imp.add_argument("--lang", choices=["fi", "sv", "en"], help="the document's language (default: recognised)")
    from .tools_cli import add_tool_commands
    add_tool_commands(commands)
    return parser


def _annotation(diagnostic: Diagnostic) -> str:
    """The same problem as a GitHub Actions workflow command, shown on the YAML line."""
    from .termsafe import for_annotation as escape   # no line break, no terminal control
    return (f"::error file={escape(diagnostic.file, prop=True)},line={diagnostic.line},"
            f"col={diagnostic.column}::{escape(diagnostic.message)}")


def _report(diagnostics: list[Diagnostic], wrote_nothing: bool) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    from .termsafe import for_terminal
    for diagnostic in diagnostics:
        print(for_terminal(diagnostic), file=sys.stderr)
        if github:
            print(_annotation(diagnostic))
    count = len(diagnostics)
    summary = f"policy-gen: {count} problem{'s' if count != 1 else ''} found"
    print(summary + ("; nothing was written" if wrote_nothing else ""), file=sys.stderr)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _build(args) -> int:
    from .cache import Cache
    from .processes import Workers
    from .registers import discover
    from .render import formats, registry
    args.formats = args.formats or formats()

    paths, path_problems = discover(args.paths or DEFAULT_PATHS)
    if args.shard:
        k, n = args.shard
        paths = [p for i, p in enumerate(sorted(paths, key=lambda p: p.stem)) if i % n == k - 1]
    out = Path(args.out)
    from .safefs import guard_cache, guard_output
    guard_output(out)
    if args.records:
        guard_output(args.records, "--records")
        _separate(out, args.records)
    if not args.no_cache:
        guard_cache(args.cache or out.parent / f".{out.name}.cache")
    cache = Cache(None if args.no_cache else args.cache or out.parent / f".{out.name}.cache",
                  temporary_beside=out)
    preload = ("policy_gen.registers", "policy_gen.rendering") + tuple(
        module for fmt in args.formats for module in registry()[fmt].preload)
    try:
        with Workers(args.jobs, preload, tasks=len(paths)) as workers:   # they validate, then render
            if not cache.entries and len(paths) > 1:
                workers.start()        # nothing cached: every document will be rendered
            return _validate_and_publish(args, paths, path_problems, out, cache, workers)
    except BaseException:
        cache.discard()
        raise


def _separate(out: Path, records: Path) -> None:
    """The records' folder and the public site's are apart: neither inside the other."""
    site, internal = out.resolve(), records.resolve()
    if site.is_relative_to(internal) or internal.is_relative_to(site):
        raise InputError([Diagnostic(str(records), 1, 1, f"--records {records} and --out {out} overlap: internal "
                                                         "records must never be part of the public site; choose "
                                                         f"a folder beside it, e.g. --records {out.name}-records")])


def _validate_and_publish(args, paths: list[Path], path_problems: list[Diagnostic], out: Path,
                          cache, workers) -> int:
    from dataclasses import replace

    from .frameworks import RECORD
    from .history import History, validate_text
    from .progress import Progress
    from .publish import Options, build
    from .registers import check_references, load_all

    registers, problems = load_all(paths, cache, workers)
    problems = sorted(path_problems + problems + check_references(registers, partial=bool(args.shard)))
    # --keep-going publishes what is valid, but never an empty site in place of one
    if problems and (not args.keep_going or not registers):
        raise InputError(problems)
    histories = {}
    if not args.no_history:
        valid_paths = [Path(r.source) for r in registers]
        history = History(valid_paths, validate_text)
        histories = {r.id: history.versions(Path(r.source), r.data) for r in registers}
    options = Options(formats=args.formats, site_url=args.site_url, template_dir=args.templates)
    result = build(registers, out, options, cache, histories, Progress(sys.stderr), workers)
    print(f"built {_plural(result.documents, 'document')} ({', '.join(args.formats)}) from "
          f"{_plural(len(registers), 'register')} into {args.out}/: "
          f"{_plural(result.rendered, 'document')} rendered, {_plural(result.reused, 'file')} unchanged")
    if args.records:
        # the internal records: a site of their own, so that deploying --out never publishes them
        records = build(registers, args.records, replace(options, kinds=(RECORD,), site_url=None), cache,
                        {}, Progress(sys.stderr), workers)
        print(f"built {_plural(records.documents, 'internal record')} into {args.records}/: "
              f"{_plural(records.rendered, 'record')} rendered, {_plural(records.reused, 'file')} unchanged")
    cache.save()                      # every site is in place: a failure here costs only speed
    if problems:
        _report(problems, wrote_nothing=False)
        print(f"policy-gen: --keep-going: the {_plural(len({d.file for d in problems}), 'file')} "
              "above were left out", file=sys.stderr)
        return 1
    return 0


def _run(args) -> int:
    if getattr(args, "templates", None) and not args.templates.is_dir():
        print(f"policy-gen: error: --templates {args.templates}: no such folder", file=sys.stderr)
        return 2
    if args.command == "validate":
        from .registers import load_registers
        from .termsafe import for_terminal
        for register in load_registers(args.paths or DEFAULT_PATHS, jobs=args.jobs):
            print(f"{for_terminal(register.source)}: ok")
        return 0
    if args.command == "check":
        from .legal import run
        return run(args.paths or DEFAULT_PATHS, args.strict, args.report_format, args.output)
    if args.command == "migrate":
        from .migrate import run
        return run(args.file, args.to, args.out, args.force)
    if args.command == "import":
        from .importing.command import run as import_document
        return import_document(args.file, args.framework, args.out, args.force, args.lang)
    if args.command in ("new", "serve"):
        from .tools_cli import run_tool
        return run_tool(args)
    if args.command == "merge":
        from .merge import merge
        files = merge([Path(p) for p in args.parts], Path(args.out), args.templates, args.site_url)
        print(f"merged {_plural(len(args.parts), 'part')} into {args.out}/ ({_plural(len(files), 'file')})")
        return 0
    return _build(args)


def main(argv: list[str] | None = None) -> int:
    from .processes import tune_gc
    tune_gc()
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except InputError as error:
        _report(error.diagnostics, wrote_nothing=args.command != "validate")
        return 1
    except KeyboardInterrupt:
        print("policy-gen: interrupted; the output folder is unchanged", file=sys.stderr)
        return 130
    except OSError as error:   # the machine said no: a folder not writable, a full disk…
        where = error.filename or getattr(args, "out", None) or "policy-gen"
        _report([Diagnostic(str(where), 1, 1, f"{error.strerror or error}; check the path, its "
                                               "permissions and the free space")], wrote_nothing=True)
        return 1
    except Exception as error:  # a bug in policy-gen, not in the user's input
        from .render.errors import user_error
        from .resources import templates_dir
        folders = [p for p in (getattr(args, "templates", None), templates_dir()) if p]
        diagnostic = user_error(error, folders)
        if diagnostic is not None:
            _report([diagnostic], wrote_nothing=True)
            return 1
        from .termsafe import for_terminal
        print(f"policy-gen: internal error: {type(error).__name__}: {for_terminal(error)} "
              "(please report it with the register that caused it)", file=sys.stderr)
        return 3
