"""Renderers: one per output format, each turning a Document into bytes.

Like Sphinx's builders, each renderer has a name (used by --format) and a file
suffix; none of them touches the file system (publish.py writes everything).
"""
from __future__ import annotations

from .templating import Templates

FORMATS = ("html", "md", "pdf", "json")


def renderer(name: str, templates: Templates):
    """The renderer for one format. The PDF one is imported only when asked for:
    WeasyPrint is slow to import, and `validate` never needs it."""
    if name == "html":
        from .html import HtmlRenderer
        return HtmlRenderer(templates)
    if name == "md":
        from .markdown import MarkdownRenderer
        return MarkdownRenderer(templates)
    if name == "pdf":
        from .pdf import PdfRenderer
        return PdfRenderer(templates)
    if name == "json":
        from .json import JsonRenderer
        return JsonRenderer()
    raise ValueError(name)
