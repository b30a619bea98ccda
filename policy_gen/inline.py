"""The small inline syntax of a register's own blocks: links and emphasis, nothing else.

`[text](https://…)`, `<https://…>`, bare https addresses and e-mail addresses become
links (`https:`, `mailto:` and `tel:` only); `*x*` and `**x**` become emphasis and
strong emphasis. Everything else of Markdown and HTML stays the literal text it was
typed as: markdown-it-py runs with every other rule disabled (no headings, lists,
code, images, raw HTML …), and a link to any other scheme (`javascript:`, `data:`,
`http:`, `file:`) is not a link. The result is the model's typed spans; the
renderers escape every text they print.
"""
from __future__ import annotations

import re
from functools import cache

from .model import Emphasis, Link, Span, Strong, Text

SCHEMES = ("https:", "mailto:", "tel:")
MAX_DEPTH = 4           # links and emphasis nested deeper print as plain text (the renderers recurse)
_INLINE_RULES = ["text", "escape", "emphasis", "link", "autolink", "linkify", "newline"]


def allowed_href(href: str) -> bool:
    """Only https:, mailto: and tel: links, without blanks or control characters."""
    return (href.lower().startswith(SCHEMES) and not re.search(r"[\s\x00-\x1f\x7f]", href)
            and len(href) > len(href.split(":", 1)[0]) + 1)


@cache
def _parser():
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark", {"linkify": True, "html": False})
    md.disable(md.block.ruler.get_all_rules(), ignoreInvalid=True)
    md.enable(["paragraph"])
    md.disable(md.inline.ruler.get_all_rules() + md.inline.ruler2.get_all_rules(), ignoreInvalid=True)
    md.enable(_INLINE_RULES + ["balance_pairs", "fragments_join"], ignoreInvalid=True)
    md.core.ruler.enable(["linkify"])
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": True})   # a bare domain stays text
    md.validateLink = allowed_href
    # a linkified e-mail address comes as mailto:; a bare web address as it was typed
    return md


def parse(text: str) -> tuple[Span, ...]:
    """The text as spans. Newlines are spaces (as in every other text of a register)."""
    text = " ".join(text.split())
    tokens = _parser().parseInline(text)[0].children or []
    root: list = []
    stack: list[tuple[str, str | None, list]] = []
    out = root
    for token in tokens:
        if token.type in ("text", "text_special"):
            out.append(Text(token.content))
        elif token.type in ("softbreak", "hardbreak"):
            out.append(Text(" "))
        elif token.type in ("link_open", "em_open", "strong_open"):
            if len(stack) >= MAX_DEPTH:       # too deep: its text stays in the span around it
                stack.append(("flat", None, out))
                continue
            stack.append((token.type, token.attrGet("href"), out))
            out = []
        elif token.type in ("link_close", "em_close", "strong_close"):
            kind, href, parent = stack.pop()
            if kind == "flat":
                continue
            children = _merge(out)
            if kind == "link_open":
                node = Link(str(href), children)
            else:
                node = Emphasis(children) if kind == "em_open" else Strong(children)
            parent.append(node)
            out = parent
        else:                               # no other rule is enabled: keep its text
            out.append(Text(token.content))
    return _merge(root)


def _merge(spans: list) -> tuple[Span, ...]:
    merged: list = []
    for span in spans:
        if isinstance(span, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + span.text)
        elif not (isinstance(span, Text) and not span.text):
            merged.append(span)
    return tuple(merged)
