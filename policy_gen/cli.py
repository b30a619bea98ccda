"""The command line: `policy-gen validate`, `build` and `merge`.

Exit codes: 0 done, 1 a register (or the output folder) has problems, 2 the
command was mistyped, 3 policy-gen itself failed. Problems are printed one per
line as FILE:LINE:COL: error: MESSAGE (and as GitHub annotations when run by
GitHub Actions); never a traceback.
"""
from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic, InputError, Lookup, msg, os_reason, translate

DEFAULT_PATHS = ["registers"]
DEFAULT_OUT = "build"


def _formats(text: str) -> tuple[str, ...]:
    from .render import formats      # the renderers' registry (which imports no renderer's libraries)
    known = formats()
    chosen = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(msg("unknown format {formats}; choose from {choices}",
                                             formats=", ".join(unknown) or "(none)", choices=",".join(known)))
    return tuple(f for f in known if f in chosen)


def _shard(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)/(\d+)", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(msg("'{text}' is not K/N with 1 <= K <= N, for example 1/4", text=text))
    return int(match[1]), int(match[2])


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(msg("'{text}' is not a number of worker processes (1 or more)", text=text))
    return int(text)


MESSAGE_LANGUAGES = ("fi", "sv", "en")
OWN_LANG = ("import", "new")    # commands whose own --lang is about the document they write
_LANG_HELP = msg("the language of messages: fi, sv or en (default: from LC_ALL, LC_MESSAGES or LANG)")


def language_from_environment(environ=None) -> str:
    """The language of messages the locale asks for: the first of LC_ALL, LC_MESSAGES, LANG that
    is set decides; fi… is Finnish, sv… Swedish, anything else English."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return next((lang for lang in ("fi", "sv") if value.startswith(lang)), "en")
    return "en"


def message_language(argv: list[str]) -> str:
    """--lang LANG (or --lang=LANG) anywhere before or after the command, read before the
    arguments are parsed so that even a usage error is in that language. After `import` and
    `new`, --lang is the document's or register's language, so only a --lang before them counts."""
    chosen = None
    command_seen = False
    for i, arg in enumerate(argv):
        if command_seen and command in OWN_LANG:
            break
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else None)
        if value is not None:
            chosen = value
        elif not arg.startswith("-") and not command_seen and (i == 0 or argv[i - 1] != "--lang"):
            command_seen, command = True, arg
    return chosen if chosen in MESSAGE_LANGUAGES else language_from_environment()


def message_lookup(lang: str) -> Lookup | None:
    """How messages are said in `lang`: None for English (the messages are written in it)."""
    if lang == "en":
        return None
    from .i18n import cli_texts
    return cli_texts(lang)


# argparse's own messages, and policy-gen's texts that reach them, said again in the chosen
# language: each template is matched against what argparse writes (its placeholders as .+)
_ARGPARSE = (
    msg("unrecognized arguments: {args}"),
    msg("the following arguments are required: {args}"),
    msg("argument {argument}: invalid choice: {value} (choose from {choices})"),
    msg("argument {argument}: expected one argument"),
    msg("argument {argument}: {problem}"),
)
_TYPE_TEXTS = (
    msg("unknown format {formats}; choose from {choices}"),
    msg("'{text}' is not K/N with 1 <= K <= N, for example 1/4"),
    msg("'{text}' is not a number of worker processes (1 or more)"),
)


def _retranslate(text: str, templates, lookup: Lookup | None) -> str:
    """An English text argparse made from one of `templates`, in the language of `lookup`."""
    if lookup is None:
        return text
    for template in templates:
        template = getattr(template, "template", template)
        names = re.findall(r"\{(\w+)\}", template)
        pattern = "".join(f"(?P<{part}>.+?)" if i % 2 else re.escape(part)
                          for i, part in enumerate(re.split(r"\{(\w+)\}", template)))
        found = re.fullmatch(pattern, text, re.DOTALL)
        if found:
            params = {name: found[name] for name in names}
            if "problem" in params:
                from .tools_cli import TYPE_TEXTS as TOOL_TYPE_TEXTS     # those of `new` and `serve`
                params["problem"] = _retranslate(params["problem"], _TYPE_TEXTS + TOOL_TYPE_TEXTS, lookup)
            return translate(msg(template, **params), lookup)
    return text


# argparse's own words, which it looks up through gettext (argparse._) as it writes them
_ARGPARSE_WORDS = (
    msg("usage: "),
    msg("positional arguments"),
    msg("options"),
    msg("show this help message and exit"),
)


@contextmanager
def _argparse_speaks(lookup: Lookup | None):
    """argparse's own words ("usage: ", "positional arguments", "options", -h's help) in the
    language of `lookup`, while the parser is built, parses and prints.

    argparse says each of these words through gettext, `argparse._(text)`, at the moment it
    writes it: each parser's section titles and -h when the parser is made, "usage: " whenever a
    usage line is printed (--help, and every exit-2 error). Routing that one function to the
    catalogue translates them wherever argparse writes them, without copying its formatter or
    reaching into its groups; any other text passes through unchanged. The function is put
    back afterwards, so nothing else in the process sees it."""
    if lookup is None:
        yield
        return
    words = {word.template for word in _ARGPARSE_WORDS}
    original = argparse._
    argparse._ = lambda text: translate(msg(text), lookup) if text in words else original(text)
    try:
        yield
    finally:
        argparse._ = original


def _commands_text(commands, lookup: Lookup | None) -> str:
    """The commands, one a line with what each does (as `policy-gen --help` lists them)."""
    # argparse keeps each command's one-line help on the pseudo-actions it lists in --help
    helps = {action.dest: action.help for action in commands._choices_actions}
    width = max(map(len, commands.choices))
    lines = [f"  {name.ljust(width)}  {helps.get(name) or ''}".rstrip() for name in commands.choices]
    return "\n".join([translate(msg("the commands:"), lookup), *lines])


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors in the language of messages, and a mistyped command or
    option answered with the nearest right one."""

    lookup: Lookup | None = None
    commands = None          # the top-level parser's subcommands

    def add_argument(self, *args, **kwargs):
        self.__dict__.setdefault("option_names", []).extend(a for a in args if a.startswith("-"))
        return super().add_argument(*args, **kwargs)

    def _check_value(self, action, value):
        # a mistyped command: argparse would say "invalid choice" and list every command as
        # Python strings; name it, suggest the nearest, and list the commands with what they do
        # (_check_value is where argparse checks a value against its choices, the command's too)
        if action is self.commands and value not in action.choices:
            from .termsafe import for_terminal
            command = for_terminal(value)
            near = difflib.get_close_matches(value, list(action.choices), n=1)
            text = (msg("unknown command '{command}' — did you mean '{suggestion}'?", command=command,
                        suggestion=near[0]) if near else msg("unknown command '{command}'", command=command))
            self.fail(f"{translate(text, self.lookup)}\n{_commands_text(action, self.lookup)}")
        super()._check_value(action, value)

    def unknown(self, extra: list[str]):
        """Arguments this parser does not know: each unknown option with the nearest option of this
        command, if one is near."""
        from .termsafe import for_terminal
        options = [a for a in extra if a.startswith("-")]
        if not options:
            self.error(msg("unrecognized arguments: {args}", args=" ".join(extra)))
        said = []
        for option in options:
            name = option.split("=", 1)[0]
            known = {o.lstrip("-"): o for o in self.__dict__.get("option_names", [])}
            # compared without the dashes, which every option has: --bogus is not near --jobs
            near = [known[o] for o in difflib.get_close_matches(name.lstrip("-"), list(known), n=1)]
            text = (msg("unknown option {option} — did you mean {suggestion}?", option=for_terminal(name),
                        suggestion=near[0]) if near else msg("unknown option {option}", option=for_terminal(name)))
            said.append(translate(text, self.lookup))
        self.fail("; ".join(said))

    def error(self, message):
        if self.commands is not None and message == "the following arguments are required: COMMAND":
            self.fail(translate(msg("give a command, for example policy-gen validate"), self.lookup)
                      + "\n" + _commands_text(self.commands, self.lookup))
        from .termsafe import for_terminal      # argparse quotes the values typed: escape them
        self.fail(for_terminal(_retranslate(message, _ARGPARSE, self.lookup)))

    def fail(self, text: str):
        """Exit 2 with this command's usage and `text`, already in the language of messages."""
        super().error(text)


def _parser(lookup: Lookup | None = None) -> argparse.ArgumentParser:
    """The command line, its help and descriptions in the language of `lookup` (call it inside
    _argparse_speaks(lookup), so that argparse's own words are in it too)."""
    from .tools_cli import add_tool_commands, framework_name      # a registered framework, checked when given

    def say(text) -> str:
        return translate(text, lookup)

    parser = _Parser(
        prog="policy-gen",
        description=say(msg("Turn privacy-register definitions (YAML) into published documents.")))
    parser.lookup = lookup
    parser.add_argument("--version", action="version", version=f"policy-gen {__version__}",
                        help=say(msg("show the version of policy-gen and exit")))
    parser.add_argument("--lang", dest="messages_lang", choices=MESSAGE_LANGUAGES, help=say(_LANG_HELP))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    parser.commands = commands
    paths_help = say(msg("register files or folders (default: registers/)"))
    site_url_help = say(msg("the site's public address, for absolute URLs in sitemap.xml"))

    validate = commands.add_parser("validate", help=say(msg("check registers and report every problem")),
                                   description=say(msg("Check register files; print every problem as "
                                                       "FILE:LINE:COL: error: MESSAGE.")))
    validate.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    validate.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                          help=say(msg("worker processes for many files (default: the number of CPUs)")))

    build = commands.add_parser("build", help=say(msg("validate, then publish the documents")),
                                description=say(msg("Validate every register, then write the site. If any "
                                                    "register is invalid nothing is written (see --keep-going).")))
    build.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    build.add_argument("--out", default=DEFAULT_OUT, metavar="DIR",
                       help=say(msg("output folder, replaced as a whole (default: build/)")))
    build.add_argument("--format", dest="formats", type=_formats, default=None,
                       metavar="LIST", help=say(msg("comma-separated formats, e.g. html,pdf (default: all: "
                                                    "html,pdf,md,json and those of installed plug-ins)")))
    build.add_argument("--records", type=Path, metavar="DIR",
                       help=say(msg("also write the internal records (GDPR Art. 30) into DIR, an output folder "
                                    "of their own (replaced as a whole, like --out); never inside the public site")))
    build.add_argument("--templates", type=Path, metavar="DIR",
                       help=say(msg("your own templates folder; its files override the built-in ones")))
    build.add_argument("--jobs", type=_jobs, default=os.cpu_count() or 1, metavar="N",
                       help=say(msg("worker processes for rendering (default: the number of CPUs)")))
    build.add_argument("--keep-going", action="store_true",
                       help=say(msg("publish the valid registers, report the invalid ones, and exit 1")))
    build.add_argument("--shard", type=_shard, metavar="K/N",
                       help=say(msg("build only the K-th of N equal parts (join them with 'policy-gen merge')")))
    build.add_argument("--cache", type=Path, metavar="DIR",
                       help=say(msg("where unchanged outputs are kept between builds "
                                    "(default: .NAME.cache beside the output folder NAME)")))
    build.add_argument("--no-cache", action="store_true", help=say(msg("render everything; keep no cache")))
    build.add_argument("--no-history", action="store_true",
                       help=say(msg("publish only the current versions, without reading the git history")))
    build.add_argument("--site-url", metavar="URL", help=site_url_help)

    merge = commands.add_parser("merge", help=say(msg("join the outputs of 'build --shard' into one site")),
                                description=say(msg("Join sites built with --shard K/N into one site, "
                                                    "with one index, sitemap and manifest.")))
    merge.add_argument("parts", nargs="+", metavar="DIR", help=say(msg("the shards' output folders")))
    merge.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help=say(msg("output folder (default: build/)")))
    merge.add_argument("--templates", type=Path, metavar="DIR",
                       help=say(msg("the templates folder the shards were built with, if any")))
    merge.add_argument("--site-url", metavar="URL", help=site_url_help)

    check = commands.add_parser("check", help=say(msg("run the legal checks and print the coverage of statutory "
                                                      "items")),
                                description=say(msg("Check registers against the law (legal checks L01-L40) and "
                                                    "print, for each document, which field gives each statutory "
                                                    "item. Exit 1 on errors (with --strict also on warnings).")))
    check.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    check.add_argument("--strict", action="store_true", help=say(msg("also exit 1 on warnings")))
    check.add_argument("--format", dest="report_format", choices=["text", "json", "sarif"], default="text",
                       help=say(msg("text (default), json, or sarif (SARIF 2.1.0 for GitHub code scanning)")))
    check.add_argument("--output", metavar="FILE",
                       help=say(msg("write the report to FILE instead of standard output")))

    migrate = commands.add_parser("migrate", help=say(msg("turn a henkilotietolaki-10 register into a GDPR one")),
                                  description=say(msg("Write FILE as a register of another framework, keeping "
                                                      "every value; what the new framework needs and FILE lacks is "
                                                      "marked 'TODO: ...', which validate lists. Never replaces a "
                                                      "file without --force.")))
    migrate.add_argument("file", metavar="FILE", help=say(msg("the register to migrate")))
    migrate.add_argument("--to", required=True, choices=["gdpr"], help=say(msg("the framework to migrate to")))
    migrate.add_argument("--out", metavar="NEWFILE",
                         help=say(msg("where to write the new register (default: FILE-gdpr.yaml beside FILE)")))
    migrate.add_argument("--force", action="store_true", help=say(msg("replace NEWFILE if it exists")))

    imp = commands.add_parser("import", help=say(msg("turn an existing document (txt, html, docx, pdf) into a "
                                                     "register")),
                              description=say(msg("Read a register description or privacy notice, place the text "
                                                  "of its sections into a register's fields and write the "
                                                  "register; what no field takes is kept in extra sections, what "
                                                  "is missing is marked 'TODO: ...'. Never replaces a file "
                                                  "without --force.")))
    imp.add_argument("file", metavar="FILE", help=say(msg("the document: .txt, .html, .htm, .docx or .pdf")))
    imp.add_argument("--framework", type=framework_name, metavar="NAME",
                     help=say(msg("the register's framework (default: gdpr when the document speaks of the GDPR)")))
    imp.add_argument("--out", metavar="NEWFILE",
                     help=say(msg("where to write the register (default: FILE.yaml beside FILE)")))
    imp.add_argument("--force", action="store_true", help=say(msg("replace NEWFILE if it exists")))
    imp.add_argument("--lang", choices=["fi", "sv", "en"],
                     help=say(msg("the document's language (default: recognised)")))
    add_tool_commands(commands, say)
    for name, sub in commands.choices.items():
        sub.lookup = lookup
        if name not in OWN_LANG:
            sub.add_argument("--lang", dest="messages_lang", choices=MESSAGE_LANGUAGES,
                             default=argparse.SUPPRESS, help=say(_LANG_HELP))
    return parser


def _annotation(diagnostic: Diagnostic, lookup: Lookup | None = None) -> str:
    """The same problem as a GitHub Actions workflow command, shown on the YAML line."""
    from .termsafe import for_annotation as escape   # no line break, no terminal control
    return (f"::{diagnostic.severity} file={escape(diagnostic.file, prop=True)},line={diagnostic.line},"
            f"col={diagnostic.column}::{escape(translate(diagnostic.message, lookup))}")


def _print_diagnostics(diagnostics: list[Diagnostic], lookup: Lookup | None) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    from .termsafe import for_terminal
    for diagnostic in diagnostics:
        print(for_terminal(diagnostic.text(lookup)), file=sys.stderr)
        if github:
            print(_annotation(diagnostic, lookup))


def _report(diagnostics: list[Diagnostic], wrote_nothing: bool, lookup: Lookup | None = None) -> None:
    """Every problem, one per line, then how many there are (warnings are printed, not counted)."""
    _print_diagnostics(diagnostics, lookup)
    count = sum(d.is_error for d in diagnostics)
    summary = (msg("policy-gen: {count} problem found", count=count) if count == 1
               else msg("policy-gen: {count} problems found", count=count))
    if wrote_nothing:
        summary = msg("{summary}; nothing was written", summary=summary)
    print(translate(summary, lookup), file=sys.stderr)


def _warn(warnings: list[Diagnostic], lookup: Lookup | None) -> None:
    """Warnings of valid registers: printed, and the command goes on (exit 0)."""
    if warnings:
        _print_diagnostics(warnings, lookup)
        count = len(warnings)
        print(translate(msg("policy-gen: {count} warning; the registers are valid", count=count) if count == 1
                        else msg("policy-gen: {count} warnings; the registers are valid", count=count), lookup),
              file=sys.stderr)


_NOUNS = {   # each counted noun, singular and plural, as one message each
    "document": (msg("{count} document"), msg("{count} documents")),
    "register": (msg("{count} register"), msg("{count} registers")),
    "file": (msg("{count} file"), msg("{count} files")),
    "internal record": (msg("{count} internal record"), msg("{count} internal records")),
    "record": (msg("{count} record"), msg("{count} records")),
    "part": (msg("{count} part"), msg("{count} parts")),
}


def _plural(n: int, word: str):
    one, many = _NOUNS[word]
    return msg(one.template if n == 1 else many.template, count=n)


def _build(args) -> int:
    from .cache import Cache
    from .processes import Workers
    from .registers import discover
    from .render import formats, registry
    args.formats = args.formats or formats()

    paths, path_problems = discover(args.paths or DEFAULT_PATHS)
    args.every_path = paths
    if args.shard:
        k, n = args.shard
        paths = [p for i, p in enumerate(sorted(paths, key=lambda p: p.stem)) if i % n == k - 1]
    out = Path(args.out)
    from .safefs import guard_cache, guard_output
    from .sitewriter import check_output
    cache_dir = None if args.no_cache else Path(args.cache or out.parent / f".{out.name}.cache")
    guard_output(out)
    if args.records:                  # before anything is built: the public site is not swapped in alone
        guard_output(args.records, "--records")
        _separate("--records", args.records, "--out", out)
        check_output(args.records, "--records")
    if cache_dir is not None:
        guard_cache(cache_dir)
        # the cache holds every rendered file, the records too: never in a site
        for option, folder in (("--out", out), ("--records", args.records)):
            if folder is not None:
                _separate("--cache", cache_dir, option, Path(folder))
    cache = Cache(cache_dir, temporary_beside=out, lookup=args.lookup)
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


def _separate(option: str, folder: Path, other_option: str, other: Path) -> None:
    """Two of the folders a build writes are apart: neither inside the other (the internal
    records, and the cache, which holds every rendered file, never in a published site)."""
    a, b = Path(folder).resolve(), Path(other).resolve()
    if a.is_relative_to(b) or b.is_relative_to(a):
        raise InputError([Diagnostic(str(folder), 1, 1, msg(
            "{option} {folder} and {other_option} {other} lie one inside the other, but they must be separate "
            "folders, so that the files written into them never mix; choose a folder beside {other}, for "
            "example {option} {name}",
            option=option, folder=str(folder), other_option=other_option, other=str(other),
            name=f"{Path(other).name}-{option.strip('-')}"))])


def _validate_and_publish(args, paths: list[Path], path_problems: list[Diagnostic], out: Path,
                          cache, workers) -> int:
    from dataclasses import replace

    from .frameworks import RECORD
    from .history import History
    from .progress import Progress
    from .publish import Options, build
    from .registers import check_references, load_all, successors_in

    registers, problems = load_all(paths, cache, workers)
    problems = sorted(path_problems + problems + check_references(registers, partial=bool(args.shard)))
    warnings = [d for d in problems if not d.is_error]
    problems = [d for d in problems if d.is_error]
    # --keep-going publishes what is valid, but never an empty site in place of one
    if problems and (not args.keep_going or not registers):
        raise InputError(warnings + problems)
    _warn(warnings, args.lookup)
    histories = {}
    if not args.no_history:
        valid_paths = [Path(r.source) for r in registers]
        history = History(valid_paths)
        histories = {r.id: history.versions(Path(r.source), r.data) for r in registers}
    options = Options(formats=args.formats, site_url=args.site_url, template_dir=args.templates)
    # a shard links a historical document to its successor even when another shard builds it
    replaced_by = successors_in(args.every_path, registers) if args.shard else None
    result = build(registers, out, options, cache, histories, Progress(sys.stderr, args.lookup), workers,
                   replaced_by)
    print(translate(msg("built {documents} ({formats}) from {registers} into {out}/: {rendered} rendered, "
                        "{reused} unchanged", documents=_plural(result.documents, 'document'),
                        formats=", ".join(args.formats), registers=_plural(len(registers), 'register'),
                        out=args.out, rendered=_plural(result.rendered, 'document'),
                        reused=_plural(result.reused, 'file')), args.lookup))
    if args.records:
        # the internal records: a site of their own, so that deploying --out never publishes them
        records = build(registers, args.records, replace(options, kinds=(RECORD,), site_url=None), cache,
                        {}, Progress(sys.stderr, args.lookup), workers)
        print(translate(msg("built {records} into {out}/: {rendered} rendered, {reused} unchanged",
                            records=_plural(records.documents, 'internal record'), out=args.records,
                            rendered=_plural(records.rendered, 'record'),
                            reused=_plural(records.reused, 'file')), args.lookup))
    cache.save()                      # every site is in place: a failure here costs only speed
    if problems:
        _report(problems, wrote_nothing=False, lookup=args.lookup)
        print(translate(msg("policy-gen: --keep-going: the {files} above were left out",
                            files=_plural(len({d.file for d in problems}), 'file')), args.lookup), file=sys.stderr)
        return 1
    return 0


def _run(args) -> int:
    if getattr(args, "templates", None) and not args.templates.is_dir():
        print("policy-gen: error: " + translate(msg("--templates {folder}: no such folder", folder=args.templates),
                                                args.lookup), file=sys.stderr)
        return 2
    if args.command == "validate":
        from .registers import load_registers
        from .termsafe import for_terminal
        warnings: list[Diagnostic] = []
        registers = load_registers(args.paths or DEFAULT_PATHS, jobs=args.jobs, warnings=warnings)
        _warn(warnings, args.lookup)
        for register in registers:
            print(f"{for_terminal(register.source)}: ok")
        return 0
    if args.command == "check":
        from .legal import run
        return run(args.paths or DEFAULT_PATHS, args.strict, args.report_format, args.output, args.lookup)
    if args.command == "migrate":
        from .migrate import run
        return run(args.file, args.to, args.out, args.force, args.lookup)
    if args.command == "import":
        from .importing.command import run as import_document
        return import_document(args.file, args.framework, args.out, args.force, args.lang, args.lookup)
    if args.command in ("new", "serve"):
        from .tools_cli import run_tool
        return run_tool(args)
    if args.command == "merge":
        from .merge import merge
        files = merge([Path(p) for p in args.parts], Path(args.out), args.templates, args.site_url)
        print(translate(msg("merged {parts} into {out}/ ({files})", parts=_plural(len(args.parts), 'part'),
                            out=args.out, files=_plural(len(files), 'file')), args.lookup))
        return 0
    return _build(args)


def main(argv: list[str] | None = None) -> int:
    from .processes import tune_gc
    tune_gc()
    argv = sys.argv[1:] if argv is None else list(argv)
    language = message_language(argv)                  # the one place that knows the language
    lookup = message_lookup(language)
    with _argparse_speaks(lookup):                      # --help and usage errors in it too
        parser = _parser(lookup)
        args, extra = parser.parse_known_args(argv)
        if extra:
            # an unknown option after the command: that command's usage, not the top level's
            after = args.command in argv and argv.index(extra[0]) > argv.index(args.command)
            (parser.commands.choices[args.command] if after else parser).unknown(extra)
    args.lookup, args.message_language = lookup, language
    try:
        return _run(args)
    except InputError as error:
        _report(error.diagnostics, wrote_nothing=args.command != "validate", lookup=lookup)
        return 1
    except KeyboardInterrupt:
        print(translate(msg("policy-gen: interrupted; the output folder is unchanged"), lookup), file=sys.stderr)
        return 130
    except OSError as error:   # the machine said no: a folder not writable, a full disk…
        where = error.filename or getattr(args, "out", None) or "policy-gen"
        _report([Diagnostic(str(where), 1, 1, msg("{reason}; check the path, its permissions and the free space",
                                                  reason=os_reason(error)))],
                wrote_nothing=True, lookup=lookup)
        return 1
    except Exception as error:  # a bug in policy-gen, not in the user's input
        from .render.errors import user_error
        from .resources import templates_dir
        folders = [p for p in (getattr(args, "templates", None), templates_dir()) if p]
        diagnostic = user_error(error, folders)
        if diagnostic is not None:
            _report([diagnostic], wrote_nothing=True, lookup=lookup)
            return 1
        from .termsafe import for_terminal
        print(translate(msg("policy-gen: internal error: {problem} (please report it with the register that "
                            "caused it)", problem=f"{type(error).__name__}: {for_terminal(error)}"), lookup),
              file=sys.stderr)
        return 3
