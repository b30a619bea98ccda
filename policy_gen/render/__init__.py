"""Renderers: one class per output format, each turning a Document into bytes.

Like Sphinx's builders, a renderer declares its facts as class attributes, and
everything else reads them from the one registry here: the command line's
--format, the download links on the pages and the index, the cache's keys and
the worker processes. None of them touches the file system (the site writer
writes everything).

The built-in renderers are listed in BUILTIN; others come from installed
packages through the entry-point group `policy_gen.renderers`, each naming a
Renderer subclass:

    [project.entry-points."policy_gen.renderers"]
    txt = "my_package.text:TextRenderer"

Importing this module imports no renderer's libraries: a renderer imports them
when it is made (WeasyPrint is slow to import, and `validate` never needs it).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import ClassVar

from ..i18n import Messages
from ..layout import Page
from ..model import Document

ENTRY_POINTS = "policy_gen.renderers"
BUILTIN = ("policy_gen.render.html:HtmlRenderer", "policy_gen.render.pdf:PdfRenderer",
           "policy_gen.render.markdown:MarkdownRenderer", "policy_gen.render.json:JsonRenderer")


class Renderer:
    """One output format. Subclasses set the facts and implement `render`."""
    name: ClassVar[str]                         # --format name and catalogue key format.<name>
    suffix: ClassVar[str]                       # file suffix, without the dot: "pdf"
    media_type: ClassVar[str]                   # for download links: "application/pdf"
    web_page: ClassVar[bool] = False            # it is the web page itself (the others are its downloads)
    site_context: ClassVar[bool] = False        # its bytes depend on the page's place, links and versions
    templates: ClassVar[tuple[str, ...]] = ()   # template files it reads (glob patterns): its cache key has them
    uses_assets: ClassVar[bool] = False         # it reads the template assets (style sheets, fonts)
    libraries: ClassVar[tuple[str, ...]] = ()   # distributions whose version can change its bytes
    preload: ClassVar[tuple[str, ...]] = ()     # modules a worker process imports before its first render
    locales: ClassVar[Path | None] = None       # a plug-in's own catalogues, with its label format.<name>

    def __init__(self, templates):
        self.environment = templates

    def render(self, doc: Document, page: Page) -> bytes:
        """The document's bytes in this format. `page` is where its web page sits in the site
        (for renderers with site_context; the others may ignore it)."""
        raise NotImplementedError


def _load(reference: str) -> type[Renderer]:
    from importlib import import_module
    module, _, name = reference.partition(":")
    return getattr(import_module(module), name)


@cache
def registry() -> dict[str, type[Renderer]]:
    """Every renderer class by format name, in the order downloads are offered."""
    from importlib.metadata import entry_points
    found: dict[str, type[Renderer]] = {}
    for cls in [_load(ref) for ref in BUILTIN] + [ep.load() for ep in entry_points(group=ENTRY_POINTS)]:
        if not (isinstance(cls, type) and issubclass(cls, Renderer)):
            raise TypeError(f"entry point in {ENTRY_POINTS} is not a policy_gen Renderer: {cls!r}")
        found.setdefault(cls.name, cls)
    return found


def formats() -> tuple[str, ...]:
    return tuple(registry())


def label(name: str, lang: str) -> str:
    """The format's name for readers, in `lang` (catalogue key format.<name>, context common)."""
    return Messages(lang, "common", locales=registry()[name].locales)(f"format.{name}")


def renderer(name: str, templates) -> Renderer:
    """A renderer of the format `name`, ready to render with `templates`."""
    return registry()[name](templates)
