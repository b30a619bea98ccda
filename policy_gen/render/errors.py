"""Mistakes in a user's own templates, reported like mistakes in a register.

Jinja names the template file and line of a syntax error; for errors while
rendering (an undefined name, an unknown catalogue key, an asset the PDF may not
load) the template's file and line are found in the traceback, which a worker
process passes back as text.
"""
from __future__ import annotations

import re
import traceback
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2

from ..diagnostics import Diagnostic, msg
from ..i18n import MissingMessage

_FRAME = re.compile(r'File "([^"]+\.j2)", line (\d+)')


def _template_frame(error: BaseException) -> tuple[str, int] | None:
    text = "".join(traceback.format_exception(error))
    cause = error.__cause__
    while cause is not None:                     # a worker's traceback, as text
        text += str(cause)
        cause = cause.__cause__
    frames = _FRAME.findall(text)
    return (frames[-1][0], int(frames[-1][1])) if frames else None


def _where_written(url: str, folders: list[Path]) -> tuple[str, int, int] | None:
    """The template or style sheet line that names `url` (the PDF render only knows the URL)."""
    wanted = [url, unquote(urlsplit(url).path)]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix not in (".j2", ".css") or not path.is_file():
                continue
            for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), start=1):
                for text in wanted:
                    if text and text in line:
                        return str(path), number, line.index(text) + 1
    return None


def user_error(error: BaseException, template_dirs: list[Path] = ()) -> Diagnostic | None:
    """A Diagnostic if `error` is a mistake in a template, else None (a policy-gen bug)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        return Diagnostic(error.filename or error.name or "template", error.lineno or 1, 1,
                          msg("template error: {problem}", problem=str(error.message)))
    kinds = (jinja2.TemplateError, MissingMessage)
    refused = "refused to load" in str(error)
    if isinstance(error, kinds) or refused or type(error).__name__ in ("UndefinedError", "MissingMessage"):
        frame = _template_frame(error)
        if frame:
            return Diagnostic(frame[0], frame[1], 1, msg("template error: {problem}", problem=str(error)))
        if refused:
            url = re.search(r"refused to load (\S+?):? documents", str(error))
            place = _where_written(url.group(1), list(template_dirs)) if url else None
            return Diagnostic(*(place or ("templates", 1, 1)), msg("template error: {problem}", problem=str(error)))
    return None
