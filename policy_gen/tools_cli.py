"""The command lines of `policy-gen new` and `policy-gen serve` (cli.py dispatches to them)."""
from __future__ import annotations

import argparse
from pathlib import Path

from .diagnostics import msg
from .i18n import LANGUAGES

# the texts of the type errors below, for cli._retranslate: argparse writes them in English
# ("argument --port: ..."), and the command line says them again in the language of messages
TYPE_TEXTS = (
    msg("unknown language '{code}'; the languages are {choices} and {last} (for example --lang fi,sv)"),
    msg("language '{code}' is given twice; give each language once (for example --lang fi,sv)"),
    msg("give at least one language, for example --lang fi,sv"),
    msg("'{text}' is unknown; choose from {choices}"),
    msg("'{text}' is not a port number (0 to 65535; 0 picks a free one)"),
)


def _languages(text: str) -> list[str]:
    """new's --lang LIST: the register's languages, each named once; a wrong one is named."""
    from .termsafe import for_terminal
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    for i, lang in enumerate(chosen):
        if lang not in LANGUAGES:
            raise argparse.ArgumentTypeError(msg(
                "unknown language '{code}'; the languages are {choices} and {last} (for example --lang fi,sv)",
                code=for_terminal(lang), choices=", ".join(LANGUAGES[:-1]), last=LANGUAGES[-1]))
        if lang in chosen[:i]:
            raise argparse.ArgumentTypeError(msg(
                "language '{code}' is given twice; give each language once (for example --lang fi,sv)", code=lang))
    if not chosen:
        raise argparse.ArgumentTypeError(msg("give at least one language, for example --lang fi,sv"))
    return chosen


def framework_name(text: str) -> str:
    from .frameworks import registry        # here: parsing other commands imports no framework
    if text not in registry():
        raise argparse.ArgumentTypeError(msg("'{text}' is unknown; choose from {choices}",
                                             text=text, choices=", ".join(sorted(registry()))))
    return text


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(msg("'{text}' is not a port number (0 to 65535; 0 picks a free one)",
                                             text=text))
    return int(text)


def add_tool_commands(commands, say=str) -> None:
    """`new` and `serve`; `say` puts a help text in the language of messages."""
    new = commands.add_parser("new", help=say(msg("start a new register with every section to fill in")),
                              description=say(msg("Write DIR/NAME.yaml: every section of the framework, each field "
                                                  "with a comment saying what belongs there and under which "
                                                  "provision, and 'TODO: ...' values that validate lists. Never "
                                                  "replaces an existing file.")))
    new.add_argument("name", metavar="NAME",
                     help=say(msg("the register's name, which names its published files")))
    new.add_argument("--framework", type=framework_name, default="gdpr", metavar="NAME",
                     help=say(msg("the law the document follows (default: gdpr)")))
    new.add_argument("--lang", dest="languages", type=_languages, default=["fi"], metavar="LIST",
                     help=say(msg("comma-separated languages, the first one for the comments (default: fi)")))
    new.add_argument("--dir", default="registers", metavar="DIR",
                     help=say(msg("the folder to write in (default: registers/)")))

    serve = commands.add_parser("serve", help=say(msg("preview the documents in a browser while you edit")),
                                description=say(msg("Serve every document of the registers at http://127.0.0.1 "
                                                    "(this machine only), rendered from the files as they are now; "
                                                    "an open page reloads when a register or template is saved.")))
    serve.add_argument("paths", nargs="*", metavar="PATH",
                       help=say(msg("register files or folders (default: registers/)")))
    serve.add_argument("--port", type=_port, metavar="N",
                       help=say(msg("the port (default: 8000, or the first free one after it)")))
    serve.add_argument("--no-open", action="store_true", help=say(msg("do not open a browser")))
    serve.add_argument("--templates", type=Path, metavar="DIR",
                       help=say(msg("your own templates folder; its files override the built-in ones")))


def run_tool(args) -> int:
    if args.command == "new":
        from .scaffold import run
        return run(args.name, args.framework, args.languages, args.dir, args.lookup)
    from .preview import serve
    return serve(args.paths or ["registers"], port=args.port, open_browser=not args.no_open,
                 template_dir=args.templates, lang=args.message_language)
