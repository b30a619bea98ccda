"""The Jinja environments: one for HTML (autoescaped), one for Markdown (escaped by finalize).

A user's own templates folder comes first in the search path, so any template
or asset can be overridden the way MkDocs themes allow.
"""
from __future__ import annotations

import re
from pathlib import Path

import jinja2

from .. import __version__
from ..resources import templates_dir


_ALWAYS = re.compile(r"([\\`*_\[\]<>|~&!#])")   # '#' too: "Otsikko ##" would close a heading
_LINE_START = re.compile(r"^([#>+=-]|\d+[.)])")


class MdRaw(str):
    """Markdown that is already escaped (render/inline.py makes it): finalize passes it as is."""


def md_escape(value) -> str:
    """Make any value literal text in CommonMark.

    Newlines become spaces (a blank line could start a new block), leading and
    trailing blanks go (four spaces start a code block; two at the end break the
    line); characters that make inline markup are backslash-escaped everywhere,
    and those that start a block only at the start. Everything else stays as
    typed, so the raw Markdown stays readable.
    """
    if isinstance(value, MdRaw):             # render/inline.py: already escaped Markdown
        return str(value)
    text = " ".join(str(value).split())
    text = _ALWAYS.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(0)[:-1] + "\\" + m.group(0)[-1], text)


class Templates:
    """The template search path (user folder first) and the two environments."""

    def __init__(self, override: Path | None = None):
        self.dirs = ([Path(override)] if override else []) + [templates_dir()]
        loader = jinja2.FileSystemLoader([str(d) for d in self.dirs])
        # auto_reload off: templates do not change during a build, and checking costs a
        # stat of each template at every render
        common = dict(loader=loader, undefined=jinja2.StrictUndefined, auto_reload=False,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        environment = jinja2.Environment
        if override:   # a user's templates: sandboxed, no link followed (docs/security.md)
            from jinja2.sandbox import ImmutableSandboxedEnvironment as environment
            from ..safefs import refuse_links
            refuse_links(Path(override))
        self.html = environment(autoescape=True, **common)
        self.markdown = environment(autoescape=False, finalize=md_escape, **common)
        for env in (self.html, self.markdown):
            env.globals["version"] = __version__
        from .inline import html_spans, md_blocks
        self.html.globals["inline"] = html_spans
        self.markdown.globals["md_blocks"] = md_blocks

    @property
    def asset_dirs(self) -> list[Path]:
        return [d / "assets" for d in self.dirs if (d / "assets").is_dir()]

    def asset(self, name: str) -> Path:
        """The asset file `name` from the first folder that has it."""
        for folder in self.asset_dirs:
            if (folder / name).is_file():
                return folder / name
        raise FileNotFoundError(name)

    def effective_files(self, pattern: str) -> list[Path]:
        """The files matching `pattern` that are in use: a user's file hides the built-in one."""
        found: dict[str, Path] = {}
        for folder in self.dirs:
            for path in sorted(folder.rglob(pattern)):
                found.setdefault(str(path.relative_to(folder)), path)
        return [found[name] for name in sorted(found)]

    def asset_names(self) -> list[str]:
        """Every asset file name (relative), user overrides included, sorted."""
        names = {str(p.relative_to(folder)) for folder in self.asset_dirs
                 for p in folder.rglob("*") if p.is_file()}
        return sorted(names)
