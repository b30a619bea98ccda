"""Readers: an existing document (plain text, HTML, DOCX, PDF) as one list of typed lines.

Every reader returns the same thing, a list of `Line(text, kind, level)`, so finding the
sections and placing their text (sections.py, placing.py) never knows which format the
document came in. A reader raises InputError (FILE:1:1) for a file it cannot read;
`READERS` maps each file-name suffix to its reader.
"""
from __future__ import annotations


import io
import re
import sys
from collections import Counter
from contextvars import ContextVar
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Literal

from ..diagnostics import Diagnostic, InputError, Lookup, msg, os_reason
from ..termsafe import for_terminal

Kind = Literal["heading", "paragraph", "item", "row"]


@dataclass(frozen=True)
class Line:
    text: str            # whitespace-normalised, never empty
    kind: Kind
    level: int = 0       # headings: 1 (title) to 6; otherwise 0


def norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def _problem(path: Path, message: str) -> InputError:
    return InputError([Diagnostic(str(path), 1, 1, message)])


# a privacy notice is a few pages: far larger input is refused before it is parsed
MAX_FILE_BYTES = 10 * 1024 * 1024          # the file as it is (a DOCX compressed)
MAX_UNPACKED_BYTES = 30 * 1024 * 1024      # a DOCX's parts unpacked
MAX_PDF_PAGES = 200
MAX_LINES = 5000


# the language of messages for a warning printed while reading (set by `read`)
_LOOKUP: ContextVar[Lookup | None] = ContextVar("lookup", default=None)


def _read_bytes(path: Path) -> bytes:
    from ..safefs import read_regular
    try:
        return read_regular(path, limit=MAX_FILE_BYTES)
    except OSError as error:
        if error.errno == 27:
            raise _problem(path, msg("this file is larger than {size} MiB, more than a privacy notice can be; import the "
                                     "notice itself", size=MAX_FILE_BYTES // 2**20)) from None
        raise _problem(path, msg("cannot read this file ({reason}); check the path and its permissions",
                                 reason=os_reason(error))) from None


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark); else Windows-1252 with a warning."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise _problem(path, msg("this file is not UTF-8 text; save it as UTF-8 (in Notepad: Save as, "
                                 "Encoding UTF-8) and import it again")) from None
    warning = Diagnostic(str(path), line, 1, msg("this file is not UTF-8; read as Windows-1252 (ä = 0xE4): "
                                                 "check the letters ä, ö and å in the result, or save the file "
                                                 "as UTF-8 and import it again"), "warning")
    print(for_terminal(warning.text(_LOOKUP.get())), file=sys.stderr)
    return text


# ---- plain text ---------------------------------------------------------------------------

BULLET = re.compile(r"[-*•–·▪◦]\s+(\S.*)")
NUMBERED_HEADING = re.compile(r"(\d{1,2})(\.\d{1,2})*\.?\s+(\S.{0,100})")


def _text_kind(line: str, first: bool) -> tuple[Kind, int, str]:
    bullet = BULLET.fullmatch(line)
    if bullet:
        return "item", 0, bullet[1]
    numbered = NUMBERED_HEADING.fullmatch(line)
    if numbered and not line.endswith((".", ";", ",")) and len(line.split()) <= 14:
        return "heading", 3 if numbered[2] else 2, line
    if first and len(line) <= 120:
        return "heading", 1, line
    letters = [c for c in line if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters) and len(line.split()) <= 10 \
            and not line.endswith((".", ",", ";")):
        return "heading", 2, line             # an unnumbered heading in capitals: 'REKISTERINPITÄJÄ'
    return "paragraph", 0, line


def read_text(path: Path) -> list[Line]:
    """One line per non-empty line; a line starting '- ', '* ' or '• ' is a list item, a short
    numbered line ('4. Rekisterin tietosisältö') a heading, the first line the title. A long
    line broken before a word in lower case continues the previous one."""
    text = _decode(path, _read_bytes(path))
    lines: list[Line] = []
    previous_raw = ""
    for raw in text.splitlines():
        raw_text = norm(raw)
        if not raw_text:
            previous_raw = ""
            continue
        kind, level, content = _text_kind(raw_text, first=not lines)
        if (lines and previous_raw and kind == "paragraph" and lines[-1].kind in ("paragraph", "item")
                and len(previous_raw) >= 50 and not previous_raw.endswith((".", ":", ";", "!", "?"))
                and content[:1].islower()):
            lines[-1] = Line(_join(lines[-1].text, content), lines[-1].kind, lines[-1].level)
        else:
            lines.append(Line(content, kind, level))
        previous_raw = raw_text
    return lines


def _join(first: str, second: str) -> str:
    """Two pieces of one paragraph broken at a line end. A hyphen at the break is kept
    ('EU-' + 'maat', 'asiakas-' + 'ja') unless it split a word in lower case ('tuotta-' +
    'miseksi'), which is joined."""
    if re.search(r"[a-zåäö]-\Z", first) and second[:1].islower() and not re.match(
            r"(ja|tai|sekä|eli|och|eller|samt|and|or)\b", second):
        return first[:-1] + second
    if first.endswith("-") or first.endswith("/"):
        return first + second
    return f"{first} {second}"


# ---- HTML ---------------------------------------------------------------------------------

_SKIP = {"script", "style", "nav", "noscript", "template", "head", "svg", "button", "form", "iframe"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
_BLOCKS = {"p", "div", "li", "dt", "dd", "blockquote", "address", "pre", "section", "article",
           "main", "header", "footer", "aside", "ul", "ol", "dl", "table", "tr", "td", "th",
           "figure", "figcaption", "body", "caption", "details", "summary"} | {f"h{n}" for n in range(1, 7)}


class _HtmlLines(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[Line] = []
        self.stack: list[str] = []
        self.skipping = 0
        self.parts: list[str] = []
        self.cells: list[str] | None = None   # the cells of the table row being read

    def _kind(self) -> tuple[Kind, int]:
        for tag in reversed(self.stack):
            if re.fullmatch(r"h[1-6]", tag):
                return "heading", int(tag[1])
            if tag == "li":
                return "item", 0
            if tag in ("td", "th", "tr"):
                return "row", 0
        return "paragraph", 0

    def flush(self) -> None:
        text = norm("".join(self.parts))
        self.parts = []
        if not text:
            return
        kind, level = self._kind()
        if self.cells is not None and kind == "row":
            self.cells.append(text)
        else:
            self.lines.append(Line(text, kind, level))

    def handle_starttag(self, tag, attrs):
        # the page's footer (copyright, site links) is the site's, like its navigation; a footer
        # inside the article or main text (a date, a signature) is the document's
        page_footer = tag == "footer" and not {"article", "main"} & set(self.stack)
        if self.skipping or tag in _SKIP or page_footer:
            if tag not in _VOID:
                self.skipping += 1
            return
        if tag == "br":
            self.flush()
            return
        if tag in _BLOCKS:
            self.flush()
        if tag == "tr":
            self.cells = []
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if not self.skipping and tag == "br":
            self.flush()

    def handle_endtag(self, tag):
        if self.skipping:
            if tag in _SKIP or tag not in _VOID:
                self.skipping -= 1
            return
        if tag not in self.stack:
            return                          # a stray end tag: a browser ignores it too
        if tag in _BLOCKS:
            self.flush()
        while self.stack:
            if self.stack.pop() == tag:
                break
        if tag == "tr" and self.cells is not None:
            cells, self.cells = self.cells, None
            if cells:
                self.lines.append(Line(_row_text(cells), "row", 0))

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def _row_text(cells: list[str]) -> str:
    """A table row as one line: 'label: value' for two cells, else the cells joined by '; '."""
    if len(cells) == 2:
        return f"{cells[0]} {cells[1]}" if cells[0].endswith(":") else f"{cells[0]}: {cells[1]}"
    return "; ".join(cells)


def read_html(path: Path) -> list[Line]:
    """Headings h1–h6, paragraphs, list items and table rows, in document order; scripts,
    styles and navigation are left out."""
    data = _read_bytes(path)
    match = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE)
    charset = match[1].decode("ascii").lower() if match else "utf-8"
    try:
        text = data.decode("utf-8-sig") if charset in ("utf-8", "utf8") else data.decode(charset)
    except (UnicodeDecodeError, LookupError):
        text = _decode(path, data)
    parser = _HtmlLines()
    parser.feed(text)
    parser.close()
    parser.flush()
    return parser.lines


# ---- DOCX ---------------------------------------------------------------------------------

HEADING_STYLE = re.compile(r"(?:heading|otsikko|rubrik|überschrift)\s*(\d)", re.IGNORECASE)


def _docx_kind(paragraph) -> tuple[Kind, int]:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    heading = HEADING_STYLE.fullmatch(style.strip())
    if heading:
        return "heading", min(int(heading[1]) + 1, 6)
    if style.strip().casefold() in ("title", "otsikko", "rubrik"):
        return "heading", 1
    properties = paragraph._p.pPr
    if "list" in style.casefold() or "luettelo" in style.casefold() or "lista" in style.casefold() or (
            properties is not None and properties.numPr is not None):
        return "item", 0
    return "paragraph", 0


def read_docx(path: Path) -> list[Line]:
    """Paragraphs with their styles (Heading N is a heading, list styles and numbered
    paragraphs are items) and table rows, in the order of the document body."""
    import zipfile

    from docx import Document
    from docx.opc.exceptions import OpcError
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    from lxml.etree import XMLSyntaxError
    data = _read_bytes(path)      # read once, checked (a regular file, not a link, not too large), then parsed
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:      # a small file may unpack to gigabytes
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise _problem(path, msg("this is not a Word document (.docx) that can be read ({reason}); open it in Word "
                                 "and save it as .docx again", reason=str(error))) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise _problem(path, msg("this document unpacks to more than {size} MiB, more than a privacy notice can be; "
                                 "import the notice itself", size=MAX_UNPACKED_BYTES // 2**20))
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OpcError, XMLSyntaxError) as error:
        raise _problem(path, msg("this is not a Word document (.docx) that can be read ({reason}); open it in Word "
                                 "and save it as .docx again", reason=str(error))) from None
    lines: list[Line] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            kind, level = _docx_kind(paragraph)
            for part in paragraph.text.split("\n"):
                if norm(part):
                    lines.append(Line(norm(part), kind, level))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells = list(dict.fromkeys(norm(cell.text) for cell in row.cells))   # merged cells repeat
                cells = [c for c in cells if c]
                if cells:
                    lines.append(Line(_row_text(cells), "row", 0))
    return lines


# ---- PDF ----------------------------------------------------------------------------------

PAGE_NUMBER = re.compile(r"(?:(?:sivu|sida|page|s\.)\s*)?\d{1,4}\s*(?:/|of|av|\()\s*\d{1,4}\)?|\d{1,4}",
                         re.IGNORECASE)


@dataclass
class _Run:
    y: float
    x: float
    size: float
    text: str
    bullet: bool = False      # a list marker (•) stands before it


BULLETS = "•●▪◦·∙○■‣⁃"


def _page_lines(page) -> list[_Run]:
    """The page's text as physical lines (runs on one baseline joined), top to bottom."""
    runs: list[_Run] = []

    def visit(text, cm, tm, font, size):
        if not text.strip():
            return
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5 or 1
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append(_Run(round(y, 1), round(x, 1), round(size * scale, 1), text))

    page.extract_text(visitor_text=visit)
    # list markers may be drawn apart from their text (before it, or after it, on a baseline
    # of their own): each marks the nearest line to its right
    markers = [r for r in runs if r.text.strip() and all(c in BULLETS for c in r.text.strip())]
    runs = [r for r in runs if r not in markers]
    if not runs:
        return []
    # PDF space has y growing upwards; some producers flip it. Read in the order the
    # producer drew lines unless it clearly runs bottom-up.
    ys = [r.y for r in runs]
    downward = sum(b > a for a, b in zip(ys, ys[1:])) >= sum(b < a for a, b in zip(ys, ys[1:]))
    lines: list[_Run] = []
    for run in runs:
        same = next((line for line in reversed(lines[-3:]) if abs(line.y - run.y) <= run.size * 0.3), None)
        if same is not None:
            same.text = same.text + run.text if same.text.endswith(" ") or run.text.startswith(" ") \
                else same.text + ("" if run.x - same.x < 0 else " ") + run.text
            same.x = min(same.x, run.x)
        else:
            lines.append(_Run(run.y, run.x, run.size, run.text))
    lines.sort(key=lambda r: r.y if downward else -r.y)
    for marker in markers:
        right = [line for line in lines if line.x > marker.x and abs(line.y - marker.y) <= marker.size]
        if right:
            min(right, key=lambda line: (abs(line.y - marker.y), line.x)).bullet = True
    for line in lines:
        line.text = norm(line.text)
    return [line for line in lines if line.text]


def read_pdf(path: Path) -> list[Line]:
    """Text of a PDF with a text layer, read with pypdf: physical lines are joined into
    paragraphs by their spacing; a larger font makes a heading, an indented line or one
    starting with a bullet a list item. Running headers, footers and page numbers are left out."""
    import logging

    import pypdf
    from pypdf.errors import PyPdfError
    # pypdf logs what it repairs ('EOF marker not found') as bare lines on stderr: a damaged
    # PDF gets one message of ours instead
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    data = _read_bytes(path)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _problem(path, msg("this PDF is protected by a password; save an unprotected copy and import that"))
        if len(reader.pages) > MAX_PDF_PAGES:
            raise _problem(path, msg("this PDF has more than {pages} pages, more than a privacy notice can have; import "
                                     "the notice itself", pages=MAX_PDF_PAGES))
        pages = [_page_lines(page) for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise _problem(path, msg("this PDF cannot be read ({reason}); save it again as PDF (for example with Print "
                                 "to PDF) and import that", reason=str(error))) from None
    all_lines = [line for page in pages for line in page]
    if not all_lines:
        return []
    sizes = Counter()
    for line in all_lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0]
    # running headers and footers: the same text (digits aside) on several pages
    def shape(text): return re.sub(r"\d+", "#", text)
    repeated = Counter(shape(line.text) for page in pages for line in {shape(l.text): l for l in page}.values())
    margin = Counter(round(line.x) for line in all_lines if abs(line.size - body) < 0.5).most_common(1)[0][0]
    out: list[Line] = []
    previous: _Run | None = None
    pitch = _line_pitch(pages, body)
    for number, page in enumerate(pages):
        for index, line in enumerate(page):
            edge = index < 2 or index >= len(page) - 2
            if edge and (PAGE_NUMBER.fullmatch(line.text) or (len(pages) > 1 and repeated[shape(line.text)] >= 2)):
                continue
            text, kind, level = line.text, "paragraph", 0
            bullet = re.fullmatch(r"[•●▪◦·∙○■‣⁃–-]\s+(\S.*)", text) or (re.fullmatch(r"(.*)", text) if line.bullet else None)
            if line.size > body * 1.12:
                kind, level = "heading", 1 if line.size > body * 1.6 else 2 if line.size > body * 1.3 else 3
            elif bullet:
                kind, text = "item", bullet[1]
            elif line.x > margin + 6:
                kind = "item"
            continues = (previous is not None and out and not bullet and out[-1].kind == kind
                         and (kind != "item" or abs(line.x - previous.x) < 2 or previous.x < line.x)
                         and abs(line.size - previous.size) < 0.5
                         and (_gap(previous, line) <= pitch.get(line.size, line.size * 1.25) * 1.08
                              if _gap(previous, line) > 0 else text[:1].islower()))
            if continues and kind == "heading" and not text[:1].islower() and not out[-1].text.endswith(("-", ",")):
                continues = _gap(previous, line) <= pitch.get(line.size, line.size * 1.25) * 1.08
            if continues:
                out[-1] = Line(_join(out[-1].text, text), kind, level)
            else:
                out.append(Line(text, kind, level))
            previous = line
        previous = _Run(float("-inf"), previous.x, previous.size, "") if previous else None
    return out


def _gap(a: _Run, b: _Run) -> float:
    return abs(b.y - a.y) if a.y != float("-inf") else 0.0


def _line_pitch(pages, body: float) -> dict[float, float]:
    """The distance between two lines of one paragraph, per font size: the smallest
    baseline distance seen between consecutive lines of that size."""
    pitch: dict[float, float] = {}
    for page in pages:
        for a, b in zip(page, page[1:]):
            if a.size == b.size and abs(b.y - a.y) > a.size * 0.8:
                pitch[a.size] = min(pitch.get(a.size, float("inf")), abs(b.y - a.y))
    return pitch


Reader = Callable[[Path], list[Line]]
READERS: dict[str, Reader] = {".txt": read_text, ".text": read_text, ".html": read_html, ".htm": read_html,
                              ".xhtml": read_html, ".docx": read_docx, ".pdf": read_pdf}


def read(path: Path, lookup: Lookup | None = None) -> list[Line]:
    """The document's lines, by the reader its suffix names; InputError when there is none,
    when the file cannot be read, or when it holds no text. A warning is said in the language
    of `lookup`."""
    token = _LOOKUP.set(lookup)
    try:
        return _read(path)
    finally:
        _LOOKUP.reset(token)


def _read(path: Path) -> list[Line]:
    if path.is_dir():
        raise _problem(path, msg("this is a folder; name the document to import"))
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise _problem(path, (msg("policy-gen cannot import '{suffix}' files; import one of {suffixes} (save the "
                                  "document in one of these formats first)", suffix=path.suffix,
                                  suffixes=", ".join(sorted(set(READERS)))) if path.suffix else
                              msg("policy-gen cannot import files without a suffix; import one of {suffixes} "
                                  "(save the document in one of these formats first)",
                                  suffixes=", ".join(sorted(set(READERS))))))
    lines = reader(path)
    if len(lines) > MAX_LINES:
        raise _problem(path, msg("this document has more than {lines} lines of text, more than a privacy notice can "
                                 "have; import the notice itself", lines=MAX_LINES))
    if not lines:
        raise _problem(path, msg("this document has no text to import (a scanned PDF has only pictures of text: "
                                 "run it through text recognition first)") if path.suffix.lower() == ".pdf"
                             else msg("this document has no text to import"))
    return lines
