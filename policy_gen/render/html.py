"""The web page of one document."""
from __future__ import annotations

from ..model import Document

MEDIA_TYPES = {"html": "text/html", "pdf": "application/pdf", "md": "text/markdown",
               "json": "application/json"}


def downloads(doc: Document, formats, prefix: str = "") -> list[dict]:
    """Links to the document's files in each published format, in a fixed order."""
    return [{"href": f"{prefix}{doc.register_id}.{fmt}", "type": MEDIA_TYPES[fmt],
             "label": doc.messages(f"format.{fmt}")}
            for fmt in ("pdf", "md", "json") if fmt in formats]


class HtmlRenderer:
    name = "html"
    suffix = ".html"

    def __init__(self, templates):
        self.template = templates.html.get_template("document.html.j2")

    def page(self, doc: Document, *, medium: str, assets: str, formats=()) -> str:
        return self.template.render(doc=doc, t=doc.messages, medium=medium, assets=assets,
                                    link_rows=medium == "screen",
                                    downloads=downloads(doc, formats))

    def render(self, doc: Document, formats=()) -> bytes:
        return self.page(doc, medium="screen", assets="../assets", formats=formats).encode("utf-8")
