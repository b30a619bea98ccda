"""A register's own document settings from the command line to every format: registers of
one organisation told apart by their own titles, `document.order` checked and followed, and
a business ID typed with a typographic dash refused with one message naming the character."""
from __future__ import annotations

import pikepdf
import pytest
from markdown_it import MarkdownIt

from conftest import Written
from helpers_output import parse_html
from test_gdpr import SMALL

TITLES = ["Asiakasrekisterin tietosuojaseloste", "Henkilöstörekisterin tietosuojaseloste",
          "Markkinointirekisterin tietosuojaseloste"]


def _titled(title: str) -> str:
    # the same controller, date and register name: only the own title tells them apart
    return SMALL.replace("  date: 2024-05-01\n", f"  date: 2024-05-01\n  title: {title}\n")


def test_three_registers_of_one_organisation_are_told_apart(run, tmp_path):
    """Fails if `document.title` is not used for the index's link, the page's <title> or the
    PDF's /Title: the generated title is the same for all three."""
    folder = tmp_path / "registers"
    folder.mkdir()
    for n, title in enumerate(TITLES):
        (folder / f"register-{n}.yaml").write_text(_titled(title), "utf-8")
    out = tmp_path / "site"
    code, _, err = run("build", folder, "--out", out, "--format", "html,pdf", "--jobs", "1",
                       "--no-history", "--no-cache")
    assert code == 0, err
    index = parse_html((out / "index.html").read_text("utf-8"))
    links = sorted(a.text() for a in index.find("main").iter("a") if a.attrs["href"].endswith(".html"))
    assert links == TITLES
    pages = sorted(parse_html((out / "en" / f"register-{n}.html").read_text("utf-8")).find("title").text()
                   for n in range(3))
    assert pages == TITLES
    pdf_titles = []
    for n in range(3):
        with pikepdf.open(out / "en" / f"register-{n}.pdf") as pdf:
            pdf_titles.append(str(pdf.docinfo["/Title"]))
    assert sorted(pdf_titles) == TITLES


# --- a business ID with a typographic dash ----------------------------------------------------

DASHES = [("\u2013", "an en dash (–)"), ("\u2014", "an em dash (—)"), ("\u2212", "a minus sign (−)"),
          ("\u2011", "a non-breaking hyphen")]


@pytest.mark.parametrize("dash,name", DASHES, ids=["en-dash", "em-dash", "minus", "non-breaking-hyphen"])
def test_business_id_with_a_typographic_dash(register, problems, dash, name):
    """One message, at the value, naming the character (the schema's pattern message is left
    out): fails without `typographic_dash` in checks.py and schema.py (two messages, or one
    that does not say which character). `problems` checks exit 1 and that nothing is written."""
    value = f"2565057{dash}9"
    reg = register(("business_id: 2039096-6", f'business_id: "{value}"'))
    assert problems(reg.path) == [
        reg.at("business_id:", '"') + f"business ID {value}: the character between the digits is {name}: "
                                      "type a hyphen (-)"]


# --- document.order ---------------------------------------------------------------------------

def _write(tmp_path, text: str) -> Written:
    path = tmp_path / "registers" / "ordered.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return Written(path, text)


def _ordered(order: str) -> str:
    return SMALL.replace("  date: 2024-05-01\n", f"  date: 2024-05-01\n  order: {order}\n")


GDPR_ORDER = ["controller", "register_name", "purposes", "data_subjects", "data_categories", "retention",
              "sources", "provision_requirement", "recipients", "transfers", "automated_decisions",
              "rights", "security"]
OWN_ORDER = ["register_name", "controller", "security", "rights", "purposes", "data_subjects",
             "data_categories", "retention", "sources", "provision_requirement", "recipients",
             "transfers", "automated_decisions"]


def test_order_unknown_id_with_a_suggestion(tmp_path, problems):
    reg = _write(tmp_path, _ordered("[" + ", ".join(["controler", *GDPR_ORDER[1:]]) + "]"))
    assert problems(reg.path) == [   # sorted by line and column: the key's problem first
        reg.at("order:") + "'document.order' leaves out controller: list every section of the register once",
        reg.at("order:", "controler") + "'controler' names no section (did you mean 'controller'?); write one of: "
        + ", ".join(GDPR_ORDER)]


def test_order_repeated_id(tmp_path, problems):
    reg = _write(tmp_path, _ordered("[" + ", ".join([*GDPR_ORDER, "rights"]) + "]"))
    assert problems(reg.path) == [
        reg.at("order:", "rights]") + "'rights' is listed twice in 'document.order': keep one"]


def test_order_missing_section(tmp_path, problems):
    reg = _write(tmp_path, _ordered("[" + ", ".join(s for s in GDPR_ORDER if s != "sources") + "]"))
    assert problems(reg.path) == [
        reg.at("order:") + "'document.order' leaves out sources: list every section of the register once"]


def test_order_section_not_in_the_register(tmp_path, problems):
    reg = _write(tmp_path, _ordered("[" + ", ".join([*GDPR_ORDER, "dpo"]) + "]"))
    assert problems(reg.path) == [
        reg.at("order:", "dpo") + "'dpo' is not in this register: add the section, or delete this line"]


def test_a_valid_order_is_what_every_format_shows(tmp_path):
    """The sections come in `document.order`'s order in the HTML, the Markdown and the PDF's
    bookmarks. Fails if the order is ignored (the framework's order differs from it)."""
    from policy_gen.frameworks import build_document
    from policy_gen.loader import load_text
    from policy_gen.model import Register
    from policy_gen.registers import validate_loaded
    from policy_gen.render import renderer
    from policy_gen.render.templating import Templates

    assert OWN_ORDER != GDPR_ORDER and sorted(OWN_ORDER) == sorted(GDPR_ORDER)
    loaded = load_text(_ordered("[" + ", ".join(OWN_ORDER) + "]"), "ordered.yaml")
    assert [str(d) for d in validate_loaded(loaded)] == []
    doc = build_document(Register("ordered", "ordered.yaml", loaded.data), "en")
    headings = [s.heading for s in doc.sections]
    assert [s.id for s in doc.sections] == OWN_ORDER

    root = parse_html(renderer("html", Templates()).render(doc).decode())
    assert [h.attrs["id"] for h in root.find("main").iter("h2")] == OWN_ORDER

    tokens = MarkdownIt("commonmark").parse(renderer("md", Templates()).render(doc).decode())
    md = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]
    assert [h.split(". ", 1)[-1] for h in md] == headings
    assert [h.split(". ", 1)[0] for h in md] == [str(n) for n in range(1, len(OWN_ORDER) + 1)]

    path = tmp_path / "ordered.pdf"
    path.write_bytes(renderer("pdf", Templates()).render(doc))
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        bookmarks = [s.title for top in outline.root for s in top.children]
    assert [b.split(". ", 1)[-1] for b in bookmarks] == headings
