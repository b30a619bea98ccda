"""The Markdown (CommonMark) version of one document."""
from __future__ import annotations

from ..model import Document


class MarkdownRenderer:
    name = "md"
    suffix = ".md"

    def __init__(self, templates):
        self.template = templates.markdown.get_template("document.md.j2")

    def render(self, doc: Document, formats=()) -> bytes:
        text = self.template.render(doc=doc, t=doc.messages)
        out: list[str] = []
        for line in text.splitlines():
            line = line.rstrip(" ")          # trailing spaces would be hard line breaks
            if line or (out and out[-1]):    # one blank line between blocks
                out.append(line)
        return ("\n".join(out).strip() + "\n").encode("utf-8")
