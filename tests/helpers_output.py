"""Shared helpers for the output tests: one example build per test session, and readers
that turn HTML, Markdown and PDF back into text blocks the tests can compare.

Every reader parses the output (html.parser, markdown-it, poppler), so a test sees what a
browser, a Markdown viewer or a PDF reader would see, not the template source.
"""
from __future__ import annotations

import atexit
import contextlib
import functools
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "registers" / "iljoja-networks.yaml"
# the real 2015 document the example register reproduces (a copy of shared/seeds/, kept
# here so the tests run on any clone)
SEED = ROOT / "tests" / "fixtures" / "rekisteriseloste-iljoja-networks-2015.txt"
TITLE = "Rekisteriseloste ILJOJA Networks 1.1.2015"
# the seed is a rekisteriseloste of a repealed act: its <title> and PDF title say it is historical
META_TITLE = TITLE + " (historiallinen asiakirja)"
SEED_TITLE = "REKISTERISELOSTE ILJOJA NETWORKS 1.1.2015"   # the seed sets its title in capitals


def norm(text: str) -> str:
    """Any run of whitespace -> one space, no blanks at either end."""
    return " ".join(text.split())


# ---- the example site, built once per session -------------------------------------------

@functools.cache
def built_site() -> Path:
    """`policy-gen build registers --out <tmp>` run from the repository root, once per
    process; the folder is removed when the test session ends."""
    from policy_gen.cli import main
    parent = Path(tempfile.mkdtemp(prefix="policy-gen-outputs-"))
    atexit.register(shutil.rmtree, parent, ignore_errors=True)
    out = parent / "site"
    with contextlib.chdir(ROOT):
        code = main(["build", "registers", "--out", str(out)])
    assert code == 0, f"building the example failed with exit code {code}"
    return out


def seed_lines() -> list[str]:
    """Every non-empty line of the 2015 document, whitespace-normalised."""
    return [norm(line) for line in SEED.read_text("utf-8").splitlines() if line.strip()]


# ---- HTML: a small DOM on top of html.parser ----------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
# Elements whose text starts a new line. dt/dd are not among them: in a <dl class="rows">
# each <div> is one row, "Label: value", shown side by side (a grid row on screen, one line
# in print), so the pair makes one line of text as a reader sees it.
BLOCK = {"address", "article", "aside", "blockquote", "body", "div", "dl", "fieldset",
         "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head",
         "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table",
         "tbody", "td", "tfoot", "th", "thead", "title", "tr", "ul", "br"}


@dataclass
class Node:
    tag: str
    attrs: dict
    parent: "Node | None" = None
    children: list = field(default_factory=list)   # Node or str

    def iter(self, *tags: str):
        """Every descendant element (document order), or those with one of `tags`."""
        for child in self.children:
            if isinstance(child, Node):
                if not tags or child.tag in tags:
                    yield child
                yield from child.iter(*tags)

    def find(self, tag: str) -> "Node":
        found = list(self.iter(tag))
        assert found, f"no <{tag}> element"
        return found[0]

    def text(self) -> str:
        """All the text inside, whitespace-normalised."""
        parts: list[str] = []

        def walk(node):
            for child in node.children:
                if isinstance(child, str):
                    parts.append(child)
                else:
                    if child.tag in BLOCK:
                        parts.append(" ")
                    walk(child)
        walk(self)
        return norm("".join(parts))

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def children_elements(self, tag: str | None = None) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node) and (tag is None or c.tag == tag)]


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.declarations: list[str] = []
        self.stray: list[str] = []

    def handle_decl(self, decl):
        self.declarations.append(decl)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is None:             # a browser ignores it; strict parsing reports it
            self.stray.append(tag)
        else:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(text: str, strict: bool = True) -> Node:
    """The document as a tree. Strict: every element is closed and no end tag is stray;
    otherwise those are listed in the root's attrs "unclosed" and "stray"."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    unclosed = [builder.current.tag, *(a.tag for a in builder.current.ancestors())][:-1]
    if strict:
        assert not unclosed, f"<{unclosed[0]}> is never closed"
        assert not builder.stray, f"</{builder.stray[0]}> closes no open element"
    builder.root.attrs.update(declarations=builder.declarations,   # <!DOCTYPE ...>
                              unclosed=unclosed, stray=builder.stray)
    return builder.root


def _block_nodes(root: Node) -> list[tuple[Node, str]]:
    body = root.find("body")
    blocks: list[tuple[Node, str]] = []

    def walk(node: Node, parts: list[str]) -> None:
        for child in node.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag in BLOCK:
                flush(node, parts)
                own: list[str] = []
                walk(child, own)
                flush(child, own)
            else:
                walk(child, parts)

    def flush(node: Node, parts: list[str]) -> None:
        text = norm("".join(parts))
        if text:
            blocks.append((node, text))
        parts.clear()

    top: list[str] = []
    walk(body, top)
    flush(body, top)
    return blocks


def html_blocks(root: Node) -> list[tuple[str, str]]:
    """The page body as (tag, text) lines: a block element's own text, block by block, in
    document order; the tag is that of the innermost block element holding the text."""
    return [(node.tag, text) for node, text in _block_nodes(root)]


def html_lines(root: Node) -> list[tuple[bool, str]]:
    """(inside a list item?, text) for every line of the page body."""
    return [(any(n.tag == "li" for n in (node, *node.ancestors())), text)
            for node, text in _block_nodes(root)]


# ---- Markdown: the text of markdown-it's inline tokens --------------------------------------

def commonmark() -> MarkdownIt:
    return MarkdownIt("commonmark")


def inline_text(token) -> str:
    """The text of one inline token; soft and hard line breaks become '\\n'."""
    out: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "image":
            out.append(inline_text(child))
    return "".join(out)


def md_lines(text: str, md: MarkdownIt | None = None) -> list[tuple[bool, str]]:
    """(inside a list item?, line) for every line of text in the document."""
    tokens = (md or commonmark()).parse(text)
    lines: list[tuple[bool, str]] = []
    depth = 0
    for token in tokens:
        if token.type == "list_item_open":
            depth += 1
        elif token.type == "list_item_close":
            depth -= 1
        elif token.type == "inline":
            for line in inline_text(token).split("\n"):
                if line.strip():
                    lines.append((depth > 0, norm(line)))
    return lines


# ---- PDF: poppler's text blocks ------------------------------------------------------------

FOOTER = re.compile(r"^Sivu (\d+) / (\d+)$")


@dataclass
class PdfPage:
    blocks: list[str]          # the body's text blocks, in reading order
    footer: list[str]          # the margin boxes: running title, "Sivu i / n"


def pdf_pages(path: Path) -> list[PdfPage]:
    """`pdftotext -bbox-layout`: poppler's blocks (one per paragraph, list item, heading
    or row) per page, each block's words joined by one space."""
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", "-bbox-layout", str(path), "-"],
                         check=True, capture_output=True)
    root = parse_html(run.stdout.decode("utf-8"))
    pages = []
    for page in root.iter("page"):
        blocks = [norm(" ".join(w.text() for w in block.iter("word"))) for block in page.iter("block")]
        blocks = [b for b in blocks if b]
        footer: list[str] = []
        if blocks and FOOTER.match(blocks[-1]):
            footer = blocks[-2:]
            blocks = blocks[:-2]
        pages.append(PdfPage(blocks, footer))
    return pages


def pdf_lines(path: Path) -> list[tuple[bool, str]]:
    """(list item?, text) for every block of the PDF's body, footers left out. A paragraph
    that a page break splits is also offered joined (after its first half)."""
    lines: list[tuple[bool, str]] = []
    pages = pdf_pages(path)
    for index, page in enumerate(pages):
        for block in page.blocks:
            lines.append(_pdf_line(block))
        following = pages[index + 1].blocks if index + 1 < len(pages) else []
        if page.blocks and following:
            lines.append(_pdf_line(page.blocks[-1] + " " + following[0]))
    return lines


def _pdf_line(block: str) -> tuple[bool, str]:
    if block.startswith("• "):
        return True, block[2:]
    return False, block


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                          capture_output=True).stdout.decode("utf-8")


# ---- the comparison ------------------------------------------------------------------------

def missing_seed_lines(lines: list[tuple[bool, str]], seed: list[str]) -> list[str]:
    """The seed lines that `lines` does not carry, in order.

    A seed line '- x' must be a list item whose text is exactly 'x'; any other line must be
    a line outside a list with exactly its text, except the title, which is compared
    case-insensitively. Lines must come in the seed's order (a greedy in-order match)."""
    missing = []
    position = 0
    for line in seed:
        if line.startswith("- "):
            wanted = (True, line[2:])
            match = lambda cand: cand == wanted   # noqa: E731
        elif line == SEED_TITLE:
            match = lambda cand: not cand[0] and cand[1].casefold() == line.casefold()  # noqa: E731
        else:
            wanted = (False, line)
            match = lambda cand: cand == wanted   # noqa: E731
        for index in range(position, len(lines)):
            if match(lines[index]):
                position = index + 1
                break
        else:
            missing.append(line)
    return missing
