"""The published example says exactly what the 2015 document said, in every format.

The example register reproduces ILJOJA Networks' register description of 1.1.2015
(tests/fixtures/, a copy of shared/seeds/). Each output is parsed back (html.parser, markdown-it, poppler) and must
carry every non-empty line of that document, in order, as the same kind of text: list
lines as list items, everything else word for word.
"""
import json
import re

import pytest

from helpers_output import (EXAMPLE, META_TITLE, TITLE, built_site, commonmark, html_lines,
                            missing_seed_lines, md_lines, parse_html, pdf_lines, seed_lines)
from policy_gen.loader import load_file

SECTION_IDS = ["controller", "contact", "register_name", "purpose", "data_content", "sources",
               "disclosures", "transfers", "security"]


@pytest.fixture(scope="module")
def site():
    return built_site()


@pytest.fixture(scope="module")
def page(site):
    return parse_html((site / "fi" / "iljoja-networks.html").read_text("utf-8"))


@pytest.fixture(scope="module")
def seed():
    lines = seed_lines()
    assert len(lines) == 49 and lines[0] == "REKISTERISELOSTE ILJOJA NETWORKS 1.1.2015"
    return lines


def _section_headings(seed):
    return [line for line in seed if re.match(r"^\d+\. \S", line)]


def test_the_build_writes_every_format(site):
    for suffix in ("html", "md", "pdf", "json"):
        assert (site / "fi" / f"iljoja-networks.{suffix}").stat().st_size > 0
    assert (site / "index.html").is_file()


# ---- every line of the seed, in every format ---------------------------------------------

def test_html_carries_every_line_of_the_seed(page, seed):
    lines = html_lines(page)
    assert missing_seed_lines(lines, seed) == []


def test_markdown_carries_every_line_of_the_seed(site, seed):
    lines = md_lines((site / "fi" / "iljoja-networks.md").read_text("utf-8"))
    assert missing_seed_lines(lines, seed) == []


def test_pdf_carries_every_line_of_the_seed(site, seed):
    lines = pdf_lines(site / "fi" / "iljoja-networks.pdf")
    assert missing_seed_lines(lines, seed) == []


def test_the_comparison_can_fail(seed):
    """The matcher is strict: a changed word, a list line given as a paragraph or a
    paragraph given as a list item, and lines out of order are all reported."""
    good = [(line.startswith("- "), line[2:] if line.startswith("- ") else line) for line in seed]
    assert missing_seed_lines(good, seed) == []
    changed = [(li, text.replace("asiakshistoria", "asiakashistoria")) for li, text in good]
    assert missing_seed_lines(changed, seed) == ["- asiakshistoria"]
    flattened = [(False, text) for _, text in good]
    assert "- laskutus" in missing_seed_lines(flattened, seed)
    swapped = good[:]
    swapped[3], swapped[4] = swapped[4], swapped[3]
    assert missing_seed_lines(swapped, seed) != []
    as_items = [(True, text) for _, text in good]
    assert "Asiakas- ja yhteistyökumppanirekisteri" in missing_seed_lines(as_items, seed)


# ---- the HTML page is semantic -----------------------------------------------------------

def test_html_declares_language_title_and_doctype(page):
    html = page.find("html")
    assert html.attrs.get("lang") == "fi"
    titles = list(page.iter("title"))
    assert len(titles) == 1 and titles[0].text() == META_TITLE
    assert [d.lower() for d in page.attrs["declarations"]] == ["doctype html"]


def test_html_has_one_h1_the_title(page):
    h1 = list(page.iter("h1"))
    assert [h.text() for h in h1] == [TITLE]


def test_html_has_one_h2_per_section_in_main(page, seed):
    main = page.find("main")
    sections = main.children_elements("section")
    assert [s.attrs.get("aria-labelledby") for s in sections] == SECTION_IDS
    headings = []
    for section in sections:
        h2 = list(section.iter("h2"))
        assert len(h2) == 1, section.attrs
        assert h2[0].attrs.get("id") == section.attrs["aria-labelledby"]
        headings.append(h2[0].text())
    assert headings == _section_headings(seed)
    # the only other h2 are the navigation's own headings, outside <main>
    others = [h for h in page.iter("h2") if main not in h.ancestors()]
    assert all(any(a.tag == "nav" for a in h.ancestors()) for h in others)
    # no heading level is skipped inside main
    levels = [int(h.tag[1]) for h in main.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert all(b - a <= 1 for a, b in zip([1] + levels, levels))


def test_html_lists_are_ul_and_every_list_line_is_an_li(page, seed):
    main = page.find("main")
    items = list(main.iter("li"))
    assert items and all(li.parent.tag == "ul" for li in items)
    item_texts = [li.text() for li in items]
    seed_items = [line[2:] for line in seed if line.startswith("- ")]
    assert item_texts == seed_items
    # the dash of the seed's list lines is the list's bullet, not text
    assert not any(text.startswith("-") for text in item_texts)
    # the external sources print their term first, marked up
    terms = [li.find("span").text() for li in items if list(li.iter("span"))]
    assert terms == ["YTJ (Yritys- ja yhteisötietojärjestelmä)",
                     "Patentti ja rekisterihallituksen Yhdistysnetti",
                     "Suomen Asiakastieto Oy", "Fonecta Oy"]


def test_html_contact_details_are_description_lists(page, seed):
    main = page.find("main")
    sections = {s.attrs["aria-labelledby"]: s for s in main.children_elements("section")}
    rows = {}
    for ident in ("controller", "contact"):
        lists = list(sections[ident].iter("dl"))
        assert len(lists) == 1, ident
        rows[ident] = []
        for row in lists[0].children_elements():
            assert row.tag == "div"
            dt, dd = row.children_elements()
            assert (dt.tag, dd.tag) == ("dt", "dd")
            rows[ident].append(f"{dt.text()} {dd.text()}")
    # the seed's "Label: value" lines of sections 1 and 2, in order
    start, middle, end = (seed.index("1. Rekisterinpitäjä"),
                          seed.index("2. Yhteystiedot rekisteriä koskevissa asioissa"),
                          seed.index("3. Rekisterin nimi"))
    assert rows["controller"] == seed[start + 1:middle]
    assert rows["contact"] == seed[middle + 1:end]
    # the phone number is a tel: link on the web page
    links = [a.attrs["href"] for a in sections["controller"].iter("a")]
    assert links == ["tel:+358931576885"]


def test_html_paragraphs_are_p(page):
    main = page.find("main")
    texts = [p.text() for p in main.iter("p")]
    assert "Asiakas- ja yhteistyökumppanirekisteri" in texts
    assert ("Manuaalinen aineisto säilytetään aina lukituissa tiloissa ja tuhoetaan "
            "paperisilppurilla.") in texts


def test_index_links_to_the_document(site):
    index = parse_html((site / "index.html").read_text("utf-8"))
    assert index.find("html").attrs.get("lang") == "fi"
    links = {a.attrs.get("href"): a.text() for a in index.iter("a")}
    assert links.get("fi/iljoja-networks.html") == TITLE
    for href in links:
        assert (site / href).is_file(), href


# ---- Markdown structure --------------------------------------------------------------------

def test_markdown_structure(site, seed):
    tokens = commonmark().parse((site / "fi" / "iljoja-networks.md").read_text("utf-8"))
    assert not [t for t in tokens if t.type in ("html_block", "code_block", "fence")]
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [text for tag, text in headings if tag == "h1"] == [TITLE]
    assert [text for tag, text in headings if tag == "h2"] == _section_headings(seed)
    lists = [t for t in tokens if t.type == "bullet_list_open"]
    assert len(lists) == 4 and not [t for t in tokens if t.type == "ordered_list_open"]


# ---- JSON ---------------------------------------------------------------------------------

def test_json_register_equals_the_yaml(site):
    payload = json.loads((site / "fi" / "iljoja-networks.json").read_text("utf-8"))
    loaded = load_file(EXAMPLE).data
    assert payload["register"] == loaded
    assert payload["register"]["controller"]["addresses"][0]["postal_code"] == "04400"
    assert payload["register"]["document"]["date"] == "2015-01-01"
    assert payload["register"]["transfers"]["outside_eea"] is True
    assert payload["id"] == "iljoja-networks" and payload["language"] == "fi"
    assert payload["title"] == TITLE
    assert [s["id"] for s in payload["sections"]] == SECTION_IDS
    assert [s["number"] for s in payload["sections"]] == list(range(1, 10))
