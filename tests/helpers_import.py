"""Documents for the import tests: a plain-text document as HTML, DOCX and PDF.

Each format is made from the text's lines the way such documents are usually made: a
numbered line ('4. Rekisterin tietosisältö') is a heading, '- x' a list item, anything
else a paragraph; the first line is the title.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

NUMBERED = re.compile(r"\d{1,2}\.\s+\S.*")


def content_lines(text: str) -> list[str]:
    """Every non-empty line, whitespace-normalised."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _kinds(text: str):
    lines = content_lines(text)
    for index, line in enumerate(lines):
        if index == 0:
            yield "title", line
        elif line.startswith("- "):
            yield "item", line[2:]
        elif NUMBERED.fullmatch(line) and not line.endswith("."):
            yield "heading", line
        else:
            yield "paragraph", line


def to_html(text: str, page: bool = True) -> str:
    """The document as a web page (with a script, a style and navigation, which the import
    leaves out), or with `page=False` as the bare document a PDF is printed from."""
    body, in_list = [], False
    for kind, line in _kinds(text):
        if kind != "item" and in_list:
            body.append("</ul>")
            in_list = False
        if kind == "item" and not in_list:
            body.append("<ul>")
            in_list = True
        tag = {"title": "h1", "heading": "h2", "item": "li", "paragraph": "p"}[kind]
        body.append(f"<{tag}>{html.escape(line)}</{tag}>")
    if in_list:
        body.append("</ul>")
    if not page:
        return '<!DOCTYPE html>\n<html lang="fi"><head><meta charset="utf-8"></head><body>' + "\n".join(body) + "</body></html>"
    return ('<!DOCTYPE html>\n<html lang="fi"><head><meta charset="utf-8"><title>x</title>'
            "<style>body { font-family: sans-serif }</style><script>var a = '<p>no</p>';</script></head>\n"
            "<body><nav><a href='/'>Etusivu</a></nav>\n" + "\n".join(body) + "\n</body></html>\n")


def write_html(text: str, path: Path) -> Path:
    path.write_text(to_html(text), "utf-8")
    return path


def write_docx(text: str, path: Path) -> Path:
    from docx import Document
    document = Document()
    for kind, line in _kinds(text):
        if kind == "title":
            document.add_paragraph(line, style="Title")
        elif kind == "heading":
            document.add_heading(line, level=1)
        elif kind == "item":
            document.add_paragraph(line, style="List Bullet")
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path) -> Path:
    from weasyprint import HTML
    HTML(string=to_html(text, page=False)).write_pdf(str(path))
    return path


WRITERS = {"html": write_html, "docx": write_docx, "pdf": write_pdf}
