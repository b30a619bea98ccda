"""Text from a register is always text: never markup, in HTML, Markdown or PDF.

A register whose texts are hostile (HTML, Markdown syntax, a newline and a blank line
before <script>, a four-space indent...) is validated like any other, then rendered next
to a benign twin of the same shape whose texts are placeholders. Both outputs are parsed
back: the structure must be identical and every placeholder's place must hold the hostile
text exactly as typed (whitespace runs folded to one space).
"""
import copy
import json
import re

import pikepdf
import pytest
from markdown_it import MarkdownIt

from helpers_output import EXAMPLE, html_blocks, inline_text, norm, parse_html, pdftotext
from policy_gen.frameworks import build_document
from policy_gen.loader import load_file, load_text
from policy_gen.registers import Register, validate_loaded
from policy_gen.render.html import HtmlRenderer
from policy_gen.render.markdown import MarkdownRenderer
from policy_gen.render.templating import Templates, md_escape

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "# heading",
    "1. item",
    "- item",
    "[x](javascript:alert(1))",
    "[x](https://example.com/)",
    "*em*",
    "_em_",
    "`code`",
    "a | b",
    "&amp;",
    "line\n\n<script>alert(2)</script>",
    "    four spaces make code",
    "> quote",
    "---",
    "<https://example.com>",
    # more of the same kind
    "2) item",
    "+ item",
    "===",
    "~~~",
    "```",
    "![i](file:///etc/hostname)",
    "<!-- comment -->",
    "&#60;b&#62; &lt;",
    "**strong** __strong__",
    "[ref]: https://example.com",
    "closing hashes ##",
    "ends with a backslash \\",
    "tab\tand\rcarriage return",
    '<a href="javascript:alert(3)">x</a>',
    "<style>body{display:none}</style>",
    "| a | b |\n|---|---|\n| c | d |",
]

# Trailing blanks would be a hard line break in Markdown: md_escape drops them. (In a
# register they only show in HTML as a blank before the comma of a composed address, so
# they are tried on md_escape alone.)
ESCAPE_ONLY = ["two trailing spaces  ", "trailing tab\t", "\u00a0non-breaking\u00a0"]

FORBIDDEN_ELEMENTS = {"script", "img", "iframe", "object", "embed", "svg", "math", "base",
                      "form", "style", "a"}   # the screen page of this register has no links


def _placeholder(key: str) -> str:
    return f"zq{key}zq"


_PLACEHOLDER = re.compile(r"zq[a-z0-9]+zq")


def _data(list_texts: list[str], single: str) -> dict:
    """The example register with hostile (or placeholder) texts in many kinds of field:
    paragraphs, list items, row values, a section heading, an external source's term."""
    data = copy.deepcopy(load_file(EXAMPLE).data)
    data["document"]["legal_reference"] = single
    data["controller"]["name"] = single                    # a row value, and the title
    data["controller"]["addresses"][0]["street"] = single
    data["controller"]["addresses"][0]["city"] = single
    data["contact"]["name"] = single
    data["register_name"] = single                         # section 3, the meta description
    data["purpose"]["heading"] = single                    # a section heading
    data["purpose"]["intro"] = list(list_texts)            # paragraphs
    data["purpose"]["items"] = list(list_texts)            # list items
    data["purpose"]["notes"] = [single]
    data["data_content"]["items"] = [single, "tavallinen teksti", single]
    data["sources"]["external"]["items"] = (
        [{"source": text, "provides": text} for text in list_texts]
        + [{"source": single, "provides": "perustiedot"}])  # the term of a list item
    data["disclosures"]["intro"] = [single]
    data["security"]["manual"] = list(list_texts)
    return data


def _document(data: dict, name: str):
    """Through the real loader and validator (the YAML is JSON, which is YAML), so the
    hostile texts are shown to be accepted input, then into a Document."""
    loaded = load_text(json.dumps(data, ensure_ascii=False, indent=1), f"{name}.yaml")
    assert validate_loaded(loaded) == []
    assert loaded.data == data
    return build_document(Register(name, f"{name}.yaml", loaded.data), "fi")


CASES = {f"v{i:02d}": ([value], value) for i, value in enumerate(HOSTILE)}
CASES["all"] = (HOSTILE, " ".join(HOSTILE))


def _case(value: str) -> str:
    return f"v{HOSTILE.index(value):02d}"


def _pair(case: str):
    """(hostile document, benign document, placeholder -> hostile text)."""
    texts, single = CASES[case]
    placeholders = [_placeholder(f"l{i}") for i in range(len(texts))]
    mapping = dict(zip(placeholders, texts)) | {_placeholder("single"): single}
    hostile = _document(_data(texts, single), "hostile")
    benign = _document(_data(placeholders, _placeholder("single")), "hostile")
    return hostile, benign, mapping


def _expected(benign_text: str, mapping: dict) -> str:
    """The benign text with each placeholder replaced by its hostile text, normalised."""
    return norm(_PLACEHOLDER.sub(lambda m: norm(mapping[m.group(0)]), benign_text))


@pytest.fixture(scope="module")
def templates():
    return Templates()


# ---- HTML ---------------------------------------------------------------------------------

def _html_problems(html: str, twin_html: str, case: str, mapping: dict) -> list:
    """Everything in the hostile page that is not the benign page with the texts swapped."""
    bad, good = parse_html(html, strict=False), parse_html(twin_html)
    problems = [("unclosed", bad.attrs["unclosed"])] if bad.attrs["unclosed"] else []
    problems += [("stray end tag", tag) for tag in bad.attrs["stray"]]
    elements = list(bad.iter())
    problems += [("element", e.tag) for e in elements if e.tag in FORBIDDEN_ELEMENTS - {"a"}]
    problems += [("handler", e.tag, name) for e in elements for name in e.attrs
                 if name.startswith("on")]
    hrefs = [a.attrs.get("href") for a in bad.find("main").iter("a")]
    if hrefs != ["tel:+358931576885", "tel:+358931576885"]:
        problems.append(("links", hrefs))
    # the same elements with the same attributes (bar the texts), in the same order
    if [(e.tag, sorted(e.attrs)) for e in elements] != [(e.tag, sorted(e.attrs)) for e in good.iter()]:
        problems.append(("elements differ",))
    bad_blocks, good_blocks = html_blocks(bad), html_blocks(good)
    if [tag for tag, _ in bad_blocks] != [tag for tag, _ in good_blocks]:
        problems.append(("blocks differ",))
    for (tag, text), (_, benign_text) in zip(bad_blocks, good_blocks):
        if text != _expected(benign_text, mapping):
            problems.append(("text", tag, text, _expected(benign_text, mapping)))
    # head: the title and the metadata WeasyPrint copies into the PDF
    if bad.find("title").text() != _expected(good.find("title").text(), mapping):
        problems.append(("title", bad.find("title").text()))
    metas = {m.attrs.get("name"): m.attrs.get("content") for m in bad.iter("meta")}
    for name in ("author", "description"):
        if norm(metas.get(name) or "") != norm(CASES[case][1]):
            problems.append(("meta", name, metas.get(name)))
    # each hostile text is there, as text
    shown = "\n".join(text for _, text in bad_blocks)
    problems += [("missing", value) for value in CASES[case][0] if norm(value) not in shown]
    return problems


@pytest.mark.parametrize("case", list(CASES))
def test_html_shows_hostile_texts_as_text(case, templates):
    hostile, benign, mapping = _pair(case)
    renderer = HtmlRenderer(templates)
    html, twin = renderer.render(hostile).decode("utf-8"), renderer.render(benign).decode("utf-8")
    assert _html_problems(html, twin, case, mapping) == []


def test_html_check_catches_unescaped_output():
    """With autoescaping off, the same check reports the injected markup."""
    unescaped = Templates()
    unescaped.html.autoescape = False
    hostile, benign, mapping = _pair("all")
    renderer = HtmlRenderer(unescaped)
    problems = _html_problems(renderer.render(hostile).decode("utf-8"),
                              renderer.render(benign).decode("utf-8"), "all", mapping)
    assert ("element", "script") in problems and ("element", "img") in problems
    assert any(p[0] == "handler" for p in problems)


# ---- Markdown -----------------------------------------------------------------------------

def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def _skeleton(tokens) -> list[tuple[str, str]]:
    return [(t.type, t.tag) for t in tokens if t.type != "inline"]


def _inline_skeleton(token) -> list[str]:
    return [c.type for c in token.children or () if c.type != "text"]


def _lines(token) -> str:
    return "\n".join(norm(line) for line in inline_text(token).split("\n"))


def _html_tokens(tokens) -> list[str]:
    found = [t.content for t in tokens if t.type in ("html_block", "html_inline")]
    for token in tokens:
        found += [c.content for c in token.children or () if c.type in ("html_block", "html_inline")]
    return found


def _markdown_problems(text: str, twin_text: str, replace) -> list:
    """Where the hostile Markdown, parsed, is not its benign twin with the texts swapped
    (`replace` turns a line of the twin into the line expected)."""
    bad, good = _parser().parse(text), _parser().parse(twin_text)
    problems = [("html", content) for content in _html_tokens(bad)]
    if _skeleton(bad) != _skeleton(good):
        return problems + [("blocks", _skeleton(bad), _skeleton(good))]
    for token, twin in zip([t for t in bad if t.type == "inline"],
                           [t for t in good if t.type == "inline"]):
        # no emphasis, link, image, code span or autolink appeared; line breaks the same
        if _inline_skeleton(token) != _inline_skeleton(twin):
            problems.append(("inline", token.content, _inline_skeleton(token)))
        expected = "\n".join(replace(line) for line in _lines(twin).split("\n"))
        if _lines(token) != expected:
            problems.append(("text", _lines(token), expected))
    return problems


@pytest.mark.parametrize("case", list(CASES))
def test_markdown_keeps_hostile_texts_literal(case, templates):
    hostile, benign, mapping = _pair(case)
    renderer = MarkdownRenderer(templates)
    problems = _markdown_problems(renderer.render(hostile).decode("utf-8"),
                                  renderer.render(benign).decode("utf-8"),
                                  lambda line: _expected(line, mapping))
    assert problems == []


def test_markdown_check_catches_unescaped_output():
    """Without the escaping finalize hook, the same check reports changed structure."""
    unescaped = Templates()
    unescaped.markdown.finalize = None
    renderer = MarkdownRenderer(unescaped)
    for case in ["all"] + [_case(v) for v in ("<script>alert(1)</script>", "# heading", "*em*",
                                              "line\n\n<script>alert(2)</script>")]:
        hostile, benign, mapping = _pair(case)
        problems = _markdown_problems(renderer.render(hostile).decode("utf-8"),
                                      renderer.render(benign).decode("utf-8"),
                                      lambda line: _expected(line, mapping))
        assert problems, case


# ---- md_escape on its own -------------------------------------------------------------------

CONTEXTS = {
    "paragraph": "{}\n",
    "after text": "Teksti {} jatkuu\n",
    "list item": "- {}\n- toinen\n",
    "term": "- {}: {}\n",
    "heading": "## 4. {}\n",
    "row": "**Nimi:** {}\\\n**Osoite:** {}\n",
    "table cell": "| otsikko | toinen |\n|---|---|\n| {} | {} |\n",
}


@pytest.mark.parametrize("context", list(CONTEXTS))
@pytest.mark.parametrize("value", HOSTILE + ESCAPE_ONLY,
                         ids=[f"v{i:02d}" for i in range(len(HOSTILE + ESCAPE_ONLY))])
def test_md_escape_makes_any_value_literal(value, context):
    template = CONTEXTS[context]
    escaped = md_escape(value)
    assert "\n" not in escaped and escaped == escaped.strip()
    problems = _markdown_problems(template.replace("{}", escaped), template.replace("{}", "zqxzq"),
                                  lambda line: line.replace("zqxzq", norm(value)))
    assert problems == []


@pytest.mark.parametrize("value", [v for v in HOSTILE[:17] if "javascript:" not in v])
def test_the_check_catches_each_unescaped_value(value):
    """Each value of the corpus, inserted as typed, breaks the check in some context.
    (markdown-it itself refuses javascript: links, so that one would stay text anyway.)"""
    broken = [context for context, template in CONTEXTS.items()
              if _markdown_problems(template.replace("{}", value), template.replace("{}", "zqxzq"),
                                    lambda line: line.replace("zqxzq", norm(value)))]
    assert broken, value


def test_md_escape_leaves_ordinary_text_readable():
    for text in ("Henkilötietolaki (22.4.1999/523) 10 §",
                 "Asiakasrekisteri sisältää mm. seuraavat asiakkaan tiedot:",
                 "tuki @ palvelimet . net", "Niittykatu 28, 04400 Järvenpää",
                 "asiakkaan laskutus-, osoite- ja muut yhteystiedot"):
        assert md_escape(text) == text
    assert md_escape("  kaksi   välilyöntiä \n rivinvaihto  ") == "kaksi välilyöntiä rivinvaihto"


def test_md_escape_stringifies_values():
    assert md_escape(1999) == "1999"
    assert md_escape(True) == "True"


# ---- PDF ----------------------------------------------------------------------------------

def test_pdf_of_a_hostile_register_prints_the_texts_and_embeds_nothing(tmp_path, templates):
    from policy_gen.render.pdf import PdfRenderer
    hostile, _, _ = _pair("all")
    path = tmp_path / "hostile.pdf"
    path.write_bytes(PdfRenderer(templates).render(hostile))
    text = norm(pdftotext(path))
    for value in HOSTILE:
        assert norm(value) in text, value
    with pikepdf.open(path) as pdf:
        assert len(pdf.attachments) == 0
        names = pdf.Root.get("/Names")
        assert names is None or "/EmbeddedFiles" not in names
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                assert action is None or str(action.get("/URI", "")).startswith("tel:"), action
