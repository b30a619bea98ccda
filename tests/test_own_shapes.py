"""A register's own shape in HTML, Markdown and PDF: sub-sections, nested lists, inline links
and emphasis, unnumbered documents, own titles; a javascript: link or raw HTML stays text."""
from __future__ import annotations

import pikepdf
from markdown_it import MarkdownIt

from helpers_output import parse_html
from policy_gen.frameworks import build_document
from policy_gen.loader import load_text
from policy_gen.model import Register
from policy_gen.registers import validate_loaded
from policy_gen.render import renderer
from policy_gen.render.templating import Templates
from test_gdpr import SMALL

OWN = SMALL.replace("document:\n  date: 2024-05-01\n", """document:
  date: 2024-05-01
  title: Oma otsikko
  numbering: false
""").replace("recipients:\n  intro: [Data are not disclosed.]\n", """recipients:
  heading: Who gets the data
  blocks:
    - See *our* [page](https://example.fi/very/long/address) or https://example.fi/bare, or write to a@example.fi.
    - "[bad](javascript:alert(1)) <script>x</script>"
    - list:
        - {text: Outer, items: [Inner one, Inner two]}
    - section:
        heading: Sub part
        blocks: ["**Strong** words"]
""")


def _doc(text=OWN):
    loaded = load_text(text, "own.yaml")
    assert [str(d) for d in validate_loaded(loaded)] == []
    return build_document(Register("own", "own.yaml", loaded.data), "en")


def test_html():
    page = renderer("html", Templates()).render(_doc()).decode()
    root = parse_html(page)
    assert root.find("title").text() == "Oma otsikko"
    links = {a.text(): a.attrs["href"] for a in root.find("main").iter("a")}
    # a written link, a bare address and an e-mail address, each with its own text
    assert {text: links.get(text) for text in ("page", "https://example.fi/bare", "a@example.fi")} == {
        "page": "https://example.fi/very/long/address", "https://example.fi/bare": "https://example.fi/bare",
        "a@example.fi": "mailto:a@example.fi"}
    assert not any(h.startswith("javascript") for h in links.values())
    assert "[page]" not in page and "<em>our</em>" in page and "<strong>Strong</strong>" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Sub part" in [h.text() for h in root.find("main").iter("h3")]
    assert not any(s.attrs.get("class") == "number" for s in root.iter("span"))
    nested = [ul for li in root.find("main").iter("li") for ul in li.iter("ul")]
    assert [li.text() for li in nested[0].iter("li")] == ["Inner one", "Inner two"]


def test_markdown():
    text = renderer("md", Templates()).render(_doc()).decode()
    tokens = MarkdownIt("commonmark").parse(text)
    links = [c.attrGet("href") for t in tokens if t.type == "inline" for c in t.children if c.type == "link_open"]
    assert links == ["https://example.fi/very/long/address", "https://example.fi/bare", "mailto:a@example.fi"]
    kinds = [c.type for t in tokens if t.type == "inline" for c in t.children]
    assert "em_open" in kinds and "strong_open" in kinds
    assert any(t.type == "heading_open" and t.tag == "h3" for t in tokens)
    assert "## Who gets the data" in text and "## 1." not in text
    assert [t.type for t in tokens].count("bullet_list_open") >= 2
    assert not any(c.type == "html_inline" for t in tokens if t.type == "inline" for c in t.children)


def test_pdf(tmp_path):
    path = tmp_path / "own.pdf"
    path.write_bytes(renderer("pdf", Templates()).render(_doc()))
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo["/Title"]) == "Oma otsikko"
        uris = {str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a}
        assert "https://example.fi/very/long/address" in uris
        assert not any(u.startswith("javascript") for u in uris)
        with pdf.open_outline() as outline:
            titles = [c.title for top in outline.root for s in top.children for c in [s, *s.children]]
    assert "Sub part" in titles
