"""Inline spans (links, emphasis) and the register's own blocks laid out in HTML and Markdown.

Every text is escaped here; only the model's typed spans make markup, and a Link's
href has been checked by policy_gen.inline (https:, mailto:, tel: only).
"""
from __future__ import annotations

from markupsafe import Markup, escape

from ..model import Emphasis, Link, Strong, Text
from .templating import MdRaw, md_escape


# the marks around an emphasised span's children, per format
_HTML_MARKS = {Emphasis: ("<em>", "</em>"), Strong: ("<strong>", "</strong>")}
_MD_MARKS = {Emphasis: ("*", "*"), Strong: ("**", "**")}


def html_spans(spans) -> Markup:
    out = []
    for span in spans:
        if isinstance(span, Text):
            out.append(str(escape(span.text)))
        elif isinstance(span, Link):
            out.append(f'<a href="{escape(span.href)}">{html_spans(span.children)}</a>')
        elif type(span) in _HTML_MARKS:
            start, end = _HTML_MARKS[type(span)]
            out.append(f"{start}{html_spans(span.children)}{end}")
    return Markup("".join(out))


def _md_href(href: str) -> str:
    # inside <...> a link destination may hold anything but '<', '>' and line breaks
    return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"


def md_spans(spans) -> MdRaw:
    out = []
    for span in spans:
        if isinstance(span, Text):
            text = span.text
            inner = md_escape(text) if text.strip() else ""
            lead = " " if text[:1].isspace() else ""
            trail = " " if text[-1:].isspace() and text.strip() else ""
            out.append(lead + inner + trail)
        elif isinstance(span, Link):
            out.append(f"[{md_spans(span.children)}]({_md_href(span.href)})")
        elif type(span) in _MD_MARKS:
            start, end = _MD_MARKS[type(span)]
            out.append(f"{start}{md_spans(span.children)}{end}")
    return MdRaw("".join(out))


def md_text(text: str, spans) -> MdRaw:
    """A text as Markdown: its spans where it has them, else the text escaped."""
    return md_spans(spans) if spans is not None else MdRaw(md_escape(text))


def _md_items(items, bullet: str) -> list[str]:
    lines = []
    for item in items:
        term = f"{md_escape(item.term)}: " if item.term else ""
        lines.append(f"{bullet} {term}{md_text(item.text, item.spans)}")
        for sub in item.items:          # one level of nesting: indented under the item's text
            lines.append(f"  - {md_text(sub.text, sub.spans)}")
    return lines


def _md_rows(rows) -> list[str]:
    lines = []
    for i, row in enumerate(rows):
        label = f"**{md_escape(row.label)}:** " if row.label is not None else ""
        value = md_text(row.value, row.spans)
        lines.append(label + value + ("\\" if i < len(rows) - 1 else ""))
    return lines


def md_blocks(blocks, level: int = 3) -> MdRaw:
    """Blocks as CommonMark, separated by blank lines; a sub-section's heading is '###'."""
    parts: list[str] = []
    previous = None
    for block in blocks:
        kind = block.kind
        if kind == "paragraph":
            parts.append(md_text(block.text, block.spans))
        elif kind == "list":
            # a list right after another would join it in CommonMark, unless its bullet differs
            bullet = "*" if previous == "list" else "-"
            parts.append("\n".join(_md_items(block.items, bullet)))
        elif kind == "rows":
            parts.append("\n".join(_md_rows(block.rows)))
        elif kind == "subheading":
            parts.append(f"{'#' * level} {md_escape(block.text)}")
        elif kind == "subsection":
            number = f"{md_escape(block.number)} " if block.number else ""
            parts.append(f"{'#' * level} {number}{md_escape(block.heading)}")
            parts.append(md_blocks(block.blocks, min(level + 1, 6)))
        previous = kind
    return MdRaw("\n\n".join(p for p in parts if p))
