"""`policy-gen serve`: a live preview of every document, on this machine only.

A small web server (the standard library's ThreadingHTTPServer) on 127.0.0.1 renders each
page when it is asked for, from the register and template files as they are at that moment:
the index of the registers, every document in every language as HTML (/fi/NAME.html, the
Art. 30 record under /records/) and PDF (/fi/NAME.pdf), and the assets. An invalid register
shows its problems, FILE:LINE:COL, in place of the document. The preview's own words (the lines
it prints, the index, the problems page, <html lang>) are in the language of messages, as the
command line's are (cli.message_language); the documents are in the language of their address.

A watcher (watchfiles) notices when a register or a template is saved; the open page
listens on /_events (Server-Sent Events) through a small script that only the preview adds,
and reloads itself. Nothing outside the preview is served: a URL is matched whole against
the few shapes above, a register is looked up by name among the registers being previewed,
and an asset must be a file inside an asset folder once every link is followed.

Everything the preview needs from the pipeline goes through `pipeline()`, one function.
"""
from __future__ import annotations

import html
import re
import signal
import sys
import threading
import time
import webbrowser
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .diagnostics import Diagnostic, InputError, Lookup, msg, os_reason, translate
from .frameworks import PUBLIC, RECORD
from .i18n import LANGUAGES, cli_texts
from .registers import SUFFIXES
from .resources import templates_dir
from .termsafe import for_terminal

HOST = "127.0.0.1"
MAX_STREAMS = 64                # open preview pages at once (each holds one event stream)
DEFAULT_PORT, PORTS_TRIED = 8000, 100


# --- the one adapter between the preview and the pipeline ------------------------------------

@dataclass
class Outcome:
    data: dict | None                     # the register's data when it is valid
    problems: list[Diagnostic]            # its errors: the register is not valid
    kinds: tuple[str, ...] = ()           # the documents it gives: public, and for some record
    body: bytes | None = None             # the document, when one was asked for
    # what `validate` warns of (text after ' #' that YAML drops): said, never counted as problems
    warnings: list[Diagnostic] = field(default_factory=list)


def pipeline(path: Path, lang: str | None = None, kind: str = PUBLIC, fmt: str = "html",
             templates=None, renderers: dict | None = None) -> Outcome:
    """Validate the register file at `path` and, given `lang`, render its `kind` document as
    `fmt` ("html" or "pdf") with `templates`; `renderers` keeps a renderer per format between
    calls. The only place the preview touches validation, the frameworks and the renderers:
    re-wire here when they move. Raises LookupError for a language or kind the register lacks."""
    from .frameworks import build_document, get
    from .layout import Page, site_path
    from .model import Register
    from .registers import check_file
    from .render import renderer
    from .render.html import downloads

    data, found = check_file(path)
    problems = [d for d in found if d.is_error]
    warnings = sorted(d for d in found if not d.is_error)
    if data is None:
        return Outcome(None, problems, warnings=warnings)
    available = get(data["framework"]).kind_names
    if lang is None:
        return Outcome(data, [], available, warnings=warnings)
    if lang not in data["languages"] or kind not in available:
        raise LookupError(f"{path.stem} has no {kind} document in '{lang}'")
    doc = build_document(Register(id=path.stem, source=str(path), data=data), lang, kind)
    if fmt not in renderers:
        renderers[fmt] = renderer(fmt, templates)
    if fmt == "html":
        # the preview's own addresses: records under /records/ (a build writes them to a folder of their own)
        path = ("records/" if kind == RECORD else "") + site_path(doc.register_id, lang, "html")
        page = Page(path=path, downloads=downloads(doc, path, {"pdf": path.removesuffix("html") + "pdf"}))
        return Outcome(data, [], available, renderers[fmt].render(doc, page), warnings)
    return Outcome(data, [], available, renderers[fmt].render(doc, None), warnings)


# --- what is previewed ------------------------------------------------------------------------

DOCUMENT = re.compile(r"/(?:(records)/)?(fi|sv|en)/(\w[\w.-]*)\.(html|pdf)")
ASSET = re.compile(r"/assets/((?:\w[\w.-]*/)*\w[\w.-]*)")

RELOAD_SCRIPT = ('<script>(function(){{var seen={generation};var events=new EventSource("/_events");'
                 'events.onmessage=function(e){{if(Number(e.data)!==seen){{events.close();location.reload();}}}};'
                 '}})();</script>')


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str = "text/html; charset=utf-8"


class Preview:
    """The registers and templates being previewed, and the count of saves seen so far. The
    preview's own words (the index, a register's problems in place of its document) are in
    `lang`, the language of messages (fi, sv or en)."""

    def __init__(self, paths: list[str], template_dir: Path | None = None, lang: str = "en"):
        self.paths = [Path(p) for p in paths]
        self.template_dir = Path(template_dir) if template_dir else None
        self.lang = lang if lang in LANGUAGES else "en"
        self.lookup: Lookup | None = None if self.lang == "en" else cli_texts(self.lang)
        self.generation = 0
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self._templates = None
        self._renderers: dict = {}
        self._setup = threading.Lock()
        self._pdf = threading.Lock()          # one PDF at a time: WeasyPrint's fonts are shared

    # the files

    def registers(self) -> dict[str, Path]:
        """Register name -> file, as they are now (a file added or deleted shows at once): the
        files `validate` would read, so never one reached through a link out of its folder."""
        from .registers import discover
        found: dict[str, Path] = {}
        for file in discover([str(p) for p in self.paths if p.exists()])[0]:
            found.setdefault(file.stem, file)
        return found

    def template_dirs(self) -> list[Path]:
        return ([self.template_dir] if self.template_dir else []) + [templates_dir()]

    def watched(self) -> list[Path]:
        """The folders to watch: those named, those holding the files named, the templates."""
        folders = [p if p.is_dir() else p.parent for p in self.paths]
        return [f for f in dict.fromkeys(folders + self.template_dirs()) if f.is_dir()]

    def renderers(self):
        """The templates and renderers, made afresh after a template was saved."""
        from .render.templating import Templates
        with self._setup:
            if self._templates is None:
                self._templates, self._renderers = Templates(self.template_dir), {}
            return self._templates, self._renderers

    # changes

    def saved(self, paths: list[Path]) -> None:
        """Files were saved: new templates if any was a template; tell every open page."""
        dirs = [d.resolve() for d in self.template_dirs()]
        if any(p.resolve().is_relative_to(d) for p in paths for d in dirs):
            with self._setup:
                self._templates = None
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def relevant(self, path: Path) -> bool:
        """Whether a changed file is a template or one of the registers (a file named, or in a folder named)."""
        path = path.resolve()
        if any(path.is_relative_to(d.resolve()) for d in self.template_dirs()):
            return True
        return path.suffix in SUFFIXES and any(
            path == p.resolve() or (p.is_dir() and path.parent == p.resolve()) for p in self.paths)

    def wait(self, seen: int | None, timeout: float) -> int:
        """The generation once it differs from `seen`, or after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen or self.stopping.is_set(), timeout)
            return self.generation

    # pages

    def respond(self, raw_path: str) -> Response:
        path = unquote(urlsplit(raw_path).path, errors="strict")
        if path in ("/", "/index.html"):
            return Response(200, self._with_reload(self.index()))
        match = DOCUMENT.fullmatch(path)
        if match:
            return self.document(match[3], match[2], RECORD if match[1] else PUBLIC, match[4])
        match = ASSET.fullmatch(path)
        if match:
            return self.asset(match[1])
        return self.not_found()

    def document(self, name: str, lang: str, kind: str, fmt: str) -> Response:
        file = self.registers().get(name)
        if file is None:
            return self.not_found()
        generation = self.generation
        try:
            templates, renderers = self.renderers()
            if fmt == "pdf":
                with self._pdf:
                    outcome = pipeline(file, lang, kind, fmt, templates, renderers)
            else:
                outcome = pipeline(file, lang, kind, fmt, templates, renderers)
        except LookupError:
            return self.not_found()
        except InputError as error:       # a templates folder refused (a symbolic link in it)
            outcome = Outcome(None, list(error.diagnostics))
        except Exception as error:        # a mistake in a template, or a bug: shown, never fatal
            from .render.errors import user_error
            diagnostic = user_error(error, self.template_dirs())
            if diagnostic is None:
                problem = f"{type(error).__name__}: {error}"
                print(for_terminal(self.say(msg("policy-gen: internal error rendering {file} ({lang}, {format}): "
                                                "{problem}", file=str(file), lang=lang, format=fmt,
                                                problem=problem))), file=sys.stderr)
                diagnostic = Diagnostic(str(file), 1, 1, msg("internal error: {problem} (please report it with "
                                                             "this register)", problem=problem))
            outcome = Outcome(None, [diagnostic])
        if outcome.body is None:
            outcome.problems.sort()
            return Response(200 if fmt == "html" else 422,
                            self._with_reload(self.problems_page(name, outcome.problems, outcome.warnings),
                                              generation))
        if fmt == "pdf":
            return Response(200, outcome.body, "application/pdf")
        return Response(200, self._with_reload(outcome.body, generation, self.warnings_note(outcome.warnings)))

    def index(self) -> bytes:
        rows = []
        for name, file in self.registers().items():
            try:
                outcome = pipeline(file)
            except Exception as error:    # a bug: listed as such, the other registers still shown
                outcome = Outcome(None, [Diagnostic(str(file), 1, 1, msg("internal error: {problem}",
                                                                          problem=type(error).__name__))])
            if outcome.data is None:
                count = len(outcome.problems)
                words = msg("{count} problem", count=count) if count == 1 else msg("{count} problems", count=count)
                links = f'<a href="/{LANGUAGES[0]}/{html.escape(name)}.html">{html.escape(self.say(words))}</a>'
            else:
                links = " ".join(
                    f'<a href="{"/records" if kind == RECORD else ""}/{lang}/{html.escape(name)}.{fmt}">'
                    + html.escape(self.say(msg("record {lang} {format}", lang=lang, format=fmt.upper())
                                           if kind == RECORD else f"{lang} {fmt.upper()}")) + "</a>"
                    for kind in outcome.kinds for lang in outcome.data["languages"] for fmt in ("html", "pdf"))
            if outcome.warnings:          # after the problems or the documents, never counted among the problems
                links += f' <span class="warnings">({html.escape(self.say(_warnings(len(outcome.warnings))))})</span>'
            rows.append(f"<li><strong>{html.escape(name)}</strong> <code>{html.escape(str(file))}</code> "
                        f"{links}</li>")
        listing = "<ul>\n" + "\n".join(rows) + "\n</ul>" if rows else "<p>" + html.escape(self.say(msg(
            "No register files (*.yaml) in {paths}.", paths=", ".join(map(str, self.paths))))) + "</p>"
        title = self.say(msg("policy-gen preview"))
        return self.page(title, f"<h1>{html.escape(title)}</h1>\n" + listing)

    # the preview's own pages, in the language of messages

    def say(self, text) -> str:
        return translate(text, self.lookup)

    def page(self, title: str, body: str) -> bytes:
        return _page(title, body, self.lang)

    def problems_page(self, name: str, problems: list[Diagnostic], warnings: list[Diagnostic] = ()) -> bytes:
        """In place of a document: the register's problems, FILE:LINE:COL: severity: message, the
        message in the language of messages like on the command line; then its warnings, under
        their own heading and never counted among the problems (as `validate` says them)."""
        count = len(problems)
        heading = self.say(msg("{name}: {count} problem to fix", name=name, count=count) if count == 1
                           else msg("{name}: {count} problems to fix", name=name, count=count))
        listed = f"<h1>{html.escape(heading)}</h1>\n{self._list(problems)}\n"
        if warnings:
            listed += f"<h2>{html.escape(self.say(_warnings(len(warnings))))}</h2>\n{self._list(warnings)}\n"
        return self.page(self.say(msg("{name}: problems", name=name)),
                         listed + f"<p>{html.escape(self.say(msg('This page reloads when the file is saved.')))}</p>")

    def warnings_note(self, warnings: list[Diagnostic]) -> str:
        """Below a valid register's document: its warnings, in the language of messages (its own
        `lang`), saying that only the preview shows them. Added where the reload script is, so
        the document's own HTML is as a build writes it; kept in sight at the bottom of the window."""
        if not warnings:
            return ""
        words = msg("Only the preview shows this note; the published document does not have it.")
        return (f'<aside class="policy-gen-preview-warnings" lang="{self.lang}" role="note" '
                f'style="{NOTE_STYLE}">\n<h2>{html.escape(self.say(_warnings(len(warnings))))}</h2>\n'
                f"{self._list(warnings)}\n<p>{html.escape(self.say(words))}</p>\n</aside>")

    def _list(self, diagnostics: list[Diagnostic]) -> str:
        lines = "\n".join(f"<li><code>{html.escape(d.text(self.lookup))}</code></li>" for d in diagnostics)
        return f"<ul>\n{lines}\n</ul>"

    def not_found(self) -> Response:
        return _plain_page(404, self.say(msg("Not found")), self.lang)

    def asset(self, name: str) -> Response:
        try:
            folders = self.renderers()[0].asset_dirs
        except InputError:                # a templates folder refused: serve none of it
            return self.not_found()
        for folder in folders:
            root = folder.resolve()
            candidate = (root / name).resolve()          # every link followed, '..' folded
            if candidate.is_relative_to(root) and candidate.is_file():
                return Response(200, candidate.read_bytes(), _media_type(candidate))
        return self.not_found()

    def _with_reload(self, page: bytes, generation: int | None = None, note: str = "") -> bytes:
        """`page` with the reload script (and `note`, the preview's own words) before its </body>."""
        script = note + RELOAD_SCRIPT.format(generation=self.generation if generation is None else generation)
        if b"</body>" not in page:
            return page + script.encode()
        head, tail = page.rsplit(b"</body>", 1)
        return head + script.encode() + b"</body>" + tail


def _warnings(count: int):
    return msg("{count} warning", count=count) if count == 1 else msg("{count} warnings", count=count)


NOTE_STYLE = ("position:sticky;bottom:0;max-height:40vh;overflow:auto;margin:1em 0 0;padding:0.5em 1em;"
              "background:#fffbeb;color:#1f2937;border-top:3px solid #b45309")


def _page(title: str, body: str, lang: str = "en") -> bytes:
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f"</title></head><body>\n{body}\n</body></html>\n").encode("utf-8")


def _plain_page(status: int, words: str, lang: str) -> Response:
    """A page that only says `words` (not found, forbidden, busy)."""
    return Response(status, _page(words, f"<h1>{html.escape(words)}</h1>", lang))


MEDIA = {".css": "text/css; charset=utf-8", ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf",
         ".otf": "font/otf", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
         ".ico": "image/x-icon", ".js": "text/javascript; charset=utf-8"}


def _media_type(path: Path) -> str:
    return MEDIA.get(path.suffix.lower(), "application/octet-stream")


# --- the server -------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    server_version = "policy-gen-preview"
    timeout = 30                    # a connection that sends nothing is closed, not kept

    def log_message(self, format, *args):      # quiet: the terminal is for problems
        pass

    def do_GET(self):
        preview: Preview = self.server.preview
        port = self.server.server_address[1]
        # another site's page may not read the preview through a name that resolves here
        if self.headers.get("Host") not in (f"{HOST}:{port}", f"localhost:{port}"):
            return self._send(_plain_page(403, preview.say(msg("Forbidden")), preview.lang))
        if urlsplit(self.path).path == "/_events":
            if not self.server.streams.acquire(blocking=False):     # open pages, not a flood
                return self._send(_plain_page(503, preview.say(msg("Too many open pages")), preview.lang))
            try:
                return self._events(preview)
            finally:
                self.server.streams.release()
        try:
            response = preview.respond(self.path)
        except UnicodeDecodeError:
            response = preview.not_found()
        self._send(response)

    def _send(self, response: Response) -> None:
        try:
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _events(self, preview: Preview) -> None:
        """Server-Sent Events: the generation now, then each new one (a comment now and then
        finds a closed page); the page's script reloads when it differs from its own."""
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(b"retry: 500\n\n")
            seen = None
            while not preview.stopping.is_set():
                generation = preview.wait(seen, timeout=10)
                self.wfile.write(f"data: {generation}\n\n".encode() if generation != seen else b": ping\n\n")
                self.wfile.flush()
                seen = generation
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True           # open event streams never hold up the end
    allow_reuse_address = False     # a port in use is found in use

    def __init__(self, port: int, preview: Preview):
        super().__init__((HOST, port), _Handler)
        self.preview = preview
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)


def bind(preview: Preview, port: int | None) -> _Server:
    """The server on 127.0.0.1: `port`, or the first free one from 8000 when none is given."""
    if port is not None:
        return _Server(port, preview)
    for candidate in range(DEFAULT_PORT, DEFAULT_PORT + PORTS_TRIED):
        try:
            return _Server(candidate, preview)
        except OSError:
            continue
    return _Server(0, preview)


def watch(preview: Preview, stop: threading.Event) -> None:
    """Tell the preview about each save of a register or template (until `stop`)."""
    from watchfiles import watch as changes_in
    folders = preview.watched()
    if not folders:
        return
    for changes in changes_in(*folders, stop_event=stop, debounce=200, step=20, raise_interrupt=False):
        saved = [Path(p) for _, p in changes if preview.relevant(Path(p))]
        if saved:
            preview.saved(saved)


def start(preview: Preview, port: int | None) -> tuple[_Server, threading.Event, list[threading.Thread]]:
    """Bind, then serve and watch in background threads; for `serve` and for tests."""
    server = bind(preview, port)
    stop = threading.Event()
    threads = [threading.Thread(target=watch, args=(preview, stop), daemon=True, name="preview-watch"),
               threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True,
                                name="preview-serve")]
    for thread in threads:
        thread.start()
    return server, stop, threads


def stop(server: _Server, stop_event: threading.Event) -> None:
    stop_event.set()
    server.preview.stopping.set()
    with server.preview.changed:
        server.preview.changed.notify_all()
    server.shutdown()
    server.server_close()


def serve(paths: list[str], port: int | None = None, open_browser: bool = True,
          template_dir: Path | None = None, lang: str = "en") -> int:
    """Preview `paths` until Ctrl-C; the lines printed and the preview's own pages are in `lang`."""
    preview = Preview(paths, template_dir, lang)
    try:
        server, stop_event, _ = start(preview, port)
    except OSError as error:
        print("policy-gen: error: " + preview.say(msg(
            "cannot listen on {address}: {reason}; choose another --port, or leave it out to take a free one",
            address=f"{HOST}:{port}", reason=os_reason(error))), file=sys.stderr)
        return 1
    try:
        url = f"http://{HOST}:{server.server_address[1]}/"
        count = len(preview.registers())
        print(preview.say(msg("policy-gen: previewing {count} register at {url} (Ctrl-C to stop)", count=count, url=url)
                          if count == 1 else
                          msg("policy-gen: previewing {count} registers at {url} (Ctrl-C to stop)", count=count,
                              url=url)), flush=True)
        if open_browser:
            webbrowser.open(url)
        while True:                    # until Ctrl-C
            time.sleep(3600)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # a second Ctrl-C while stopping changes nothing
        print(preview.say(msg("policy-gen: preview stopped")), file=sys.stderr)
    finally:
        stop(server, stop_event)
    return 0
