"""The Markdown (CommonMark) version of one document."""
from __future__ import annotations

from ..layout import Page
from ..model import Document
from . import Renderer


class MarkdownRenderer(Renderer):
    name = "md"
    suffix = "md"
    media_type = "text/markdown"
    templates = ("*.md.j2",)
    libraries = ("jinja2", "babel")

    def __init__(self, templates):
        super().__init__(templates)
        self.template = templates.markdown.get_template("document.md.j2")

    def render(self, doc: Document, page: Page | None = None) -> bytes:
        text = self.template.render(doc=doc, t=doc.messages)
        out: list[str] = []
        for line in text.splitlines():
            line = line.rstrip(" ")          # trailing spaces would be hard line breaks
            if line or (out and out[-1]):    # one blank line between blocks
                out.append(line)
        return ("\n".join(out).strip() + "\n").encode("utf-8")
