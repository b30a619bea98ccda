"""The GDPR example as published: every Art. 13/14 (notice) and Art. 30 (record) item in
every language and format, no Finnish fixed text in the Swedish and English documents,
links between the language versions, and records kept off the public listings.

The checklist comes from the framework definition (gdpr.NOTICE_ITEMS, RECORD_ITEMS);
the outputs are read back as a reader sees them (html.parser, markdown-it, pdftotext).
"""
from __future__ import annotations

import contextlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from helpers_output import commonmark, inline_text, norm, parse_html
from policy_gen.cli import main
from policy_gen.frameworks import gdpr
from policy_gen.i18n import LANGUAGES, Messages, catalogue_keys
from policy_gen.loader import load_file
from policy_gen.model import localise

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "registers" / "iljoja-networks-gdpr.yaml"
ID = EXAMPLE.stem

# The example plus what it does not use: a DPO, a representative, automated decisions and
# an Art. 49 derogation (HTML, Markdown and JSON only, to keep the PDFs to one register).
VARIANT = [
    ("  email: tuki@palvelimet.net\n\ncontact:",
     "  email: tuki@palvelimet.net\n  representative:\n    name: Edustaja Oy\n    email: edustaja@example.fi\n"
     "\ncontact:"),
    ("register_name:\n", "dpo:\n  name: Tietosuojavastaava Oy\n  email: dpo@example.fi\n\nregister_name:\n"),
    ("  exists: false\n",
     "  exists: true\n  logic:\n    - {fi: Pisteytys maksuhistoriasta., sv: Poäng från betalningshistorik., "
     "en: A score from payment history.}\n  consequences:\n    - {fi: Ennakkomaksu., sv: Förskottsbetalning., "
     "en: Payment in advance.}\n"),
    ("\nautomated_decisions:",
     "    - country: CH\n      mechanism: derogation\n      derogation: {fi: 49 artiklan 1 kohdan b alakohta, "
     "sv: artikel 49.1 b, en: Article 49(1)(b)}\n\nautomated_decisions:"),
]


def records_of(site: Path) -> Path:
    """Where the tests put a site's internal records: a folder beside it, never inside."""
    return site.parent / f"{site.name}-records"


def in_site(site: Path, prefix: str) -> Path:
    """The public site ("") or its records' own folder ("records")."""
    return records_of(site) if prefix else site


def _build(registers: Path, out: Path, *options: str) -> Path:
    with contextlib.chdir(ROOT):
        assert main(["build", str(registers), "--out", str(out), "--records", str(records_of(out)), "--no-cache",
                     *options]) == 0
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("gdpr")
    example = base / "example"
    example.mkdir()
    (example / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    variant = base / "variant"
    variant.mkdir()
    text = EXAMPLE.read_text("utf-8")
    for old, new in VARIANT:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (variant / EXAMPLE.name).write_text(text, "utf-8")
    return {"example": _build(example, base / "site"),
            "variant": _build(variant, base / "variant-site", "--format", "html,md,json")}


# ---- reading each format back into sections --------------------------------------------

def unhyphenated(text: str) -> str:
    """Whitespace-normalised, and a hyphen with blanks beside it closed up: a PDF line may
    break after a hyphen ("och -|sammanslutningar"), which no text extraction can tell
    from a hyphenated word ("e-|mail"), so both sides are compared this way."""
    return re.sub(r"\s*-\s*", "-", norm(text))


def squeezed(text: str) -> str:
    """Without any whitespace: a PDF line may also break where the text has no blank,
    as in "6(1)|(a)", and the extracted text then has one."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    """The PDF's text in content order, as poppler reads it, without joining hyphenated lines."""
    run = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True)
    return unhyphenated(run.stdout.decode("utf-8"))


def html_sections(path: Path) -> dict[str, str]:
    """section id -> the text under its heading."""
    root = parse_html(path.read_text("utf-8"))
    out = {}
    for section in root.iter("section"):
        heading = section.find("h2").text()
        out[section.attrs["aria-labelledby"]] = norm(section.text()[len(heading):])
    return out


def md_sections(path: Path, headings: dict[str, str]) -> dict[str, str]:
    """section id -> the text under its '## N. heading' (ids from the JSON's section list)."""
    ids = {text: ident for ident, text in headings.items()}
    out: dict[str, list[str]] = {}
    current = None
    tokens = commonmark().parse(path.read_text("utf-8"))
    for i, token in enumerate(tokens):
        if token.type == "inline":
            if tokens[i - 1].type == "heading_open" and tokens[i - 1].tag == "h2":
                current = ids[inline_text(token)]
                out[current] = []
            elif current:
                out[current].append(inline_text(token))
    return {ident: norm(" ".join(texts)) for ident, texts in out.items()}


def pdf_sections(path: Path, headings: dict[str, str]) -> dict[str, str]:
    """section id -> the text between its heading and the next one, squeezed()."""
    text = squeezed(pdf_text(path))
    starts = []
    position = 0
    for ident, heading in headings.items():
        heading = squeezed(heading)
        position = text.index(heading, position)
        starts.append((ident, position, position + len(heading)))
    ends = [start for _, start, _ in starts[1:]] + [len(text)]
    return {ident: text[body:end] for (ident, _, body), end in zip(starts, ends)}


def json_headings(path: Path) -> dict[str, str]:
    sections = json.loads(path.read_text("utf-8"))["sections"]
    return {s["id"]: f"{s['number']}. {s['heading']}" for s in sections}


def missing_items(sections: dict[str, str], items, data: dict, msg: Messages, pdf: bool = False) -> list[str]:
    """The article items a document does not carry: its section is absent or empty, or lacks
    a text the item must show."""
    same = squeezed if pdf else norm
    out = []
    for item in items:
        if not item.applies(data):
            continue
        text = sections.get(item.section)
        if not text:
            out.append(f"{item.article}: no section '{item.section}'")
            continue
        out += [f"{item.article}: '{item.section}' lacks {wanted!r}"
                for wanted in item.shows(data, msg) if same(wanted) not in text]
    return out


KINDS = {"notice": ("", gdpr.NOTICE_ITEMS), "record": ("records", gdpr.RECORD_ITEMS)}


def _documents(site: Path, formats=("html", "md", "pdf", "json")):
    for kind, (prefix, items) in KINDS.items():
        for lang in LANGUAGES:
            for fmt in formats:
                yield kind, lang, fmt, in_site(site, prefix) / f"{lang}/{ID}.{fmt}", items


def _sections_of(path: Path, fmt: str) -> dict[str, str]:
    headings = json_headings(path.with_suffix(".json"))
    if fmt == "html":
        return html_sections(path)
    if fmt == "md":
        return md_sections(path, headings)
    if fmt == "pdf":
        return pdf_sections(path, headings)
    return {ident: heading for ident, heading in headings.items()}     # JSON: the sections are listed


@pytest.mark.parametrize("site, formats", [("example", ("html", "md", "pdf", "json")),
                                           ("variant", ("html", "md", "json"))])
def test_every_document_carries_every_applicable_article_item(sites, site, formats):
    register = load_file(sites[site].parent / site / EXAMPLE.name).data
    checked = 0
    for kind, lang, fmt, path, items in _documents(sites[site], formats):
        data, msg = localise(register, lang), Messages(lang, "gdpr")
        sections = _sections_of(path, fmt)
        if fmt == "json":
            assert [i.article for i in items if i.applies(data) and i.section not in sections] == [], path
            continue
        assert missing_items(sections, items, data, msg, pdf=fmt == "pdf") == [], path
        checked += 1
    assert checked == 2 * 3 * (len(formats) - 1)


def test_the_variant_exercises_the_conditional_items(sites):
    register = load_file(sites["variant"].parent / "variant" / EXAMPLE.name).data
    applying = {i.article for i in gdpr.NOTICE_ITEMS + gdpr.RECORD_ITEMS if i.applies(register)}
    assert {"13(1)(b)", "14(1)(b)", "13(1)(d)", "13(2)(c)", "13(2)(e)", "14(1)(d)", "14(2)(f)", "21(4)",
            "30(1)(a) DPO"} <= applying
    rights = html_sections(sites["variant"] / "en" / f"{ID}.html")["rights"]
    assert "Rights related to automated decisions" in rights


def test_the_checklist_finds_a_missing_item(sites):
    """The checker is not vacuous: drop the retention section, or one right, and it says which item."""
    page = (sites["example"] / "fi" / f"{ID}.html").read_text("utf-8")
    data, msg = localise(load_file(EXAMPLE).data, "fi"), Messages("fi", "gdpr")
    without = re.sub(r'<section aria-labelledby="retention">.*?</section>', "", page, flags=re.S)
    path = sites["example"].parent / "doctored.html"
    path.write_text(without, "utf-8")
    assert missing_items(html_sections(path), gdpr.NOTICE_ITEMS, data, msg) == [
        "13(2)(a): no section 'retention'", "14(2)(a): no section 'retention'"]
    path.write_text(page.replace("<h3>Oikeus peruuttaa suostumus</h3>", ""), "utf-8")
    assert missing_items(html_sections(path), gdpr.NOTICE_ITEMS, data, msg) == [
        "13(2)(c): 'rights' lacks 'Oikeus peruuttaa suostumus'", "14(2)(d): 'rights' lacks 'Oikeus peruuttaa suostumus'"]


# ---- no Finnish in the Swedish and English documents ------------------------------------

def finnish_fixed_texts() -> list[str]:
    """Every Finnish catalogue text that differs from its Swedish and English versions, as its
    literal pieces ({placeholders} left out)."""
    pieces = set()
    for context, key in catalogue_keys("fi"):
        if context == "cli":         # the command line's messages are never in a document
            continue
        fi, sv, en = (Messages(lang, context)(key) for lang in ("fi", "sv", "en"))
        if fi in (sv, en):
            continue
        pieces.update(p.strip(" :,") for p in re.split(r"\{[a-z_]+\}", fi))
    return sorted(p for p in pieces if re.search(r"\w\w", p))


def test_the_finnish_fixed_texts_are_found_in_the_finnish_document(sites):
    """The search works: the Finnish notice does contain Finnish fixed texts."""
    text = pdf_text(sites["example"] / "fi" / f"{ID}.pdf")
    found = [t for t in finnish_fixed_texts() if re.search(rf"(?<!\w){re.escape(unhyphenated(t))}(?!\w)", text)]
    assert {"Rekisterinpitäjä", "Oikeus peruuttaa suostumus", "Sivu"} <= set(found)


def _reader_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".md":
        return norm(" ".join(inline_text(t) for t in commonmark().parse(path.read_text("utf-8"))
                             if t.type == "inline"))
    root = parse_html(path.read_text("utf-8"))
    labels = [n.attrs.get("aria-label", "") for n in root.iter()]
    return norm(root.text() + " " + " ".join(labels))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_swedish_and_english_documents_contain_no_finnish_fixed_text(sites, lang):
    texts = finnish_fixed_texts()
    assert len(texts) > 50
    for prefix in ("", "records"):
        for fmt in ("html", "md", "pdf"):
            path = in_site(sites["example"], prefix) / f"{lang}/{ID}.{fmt}"
            text = _reader_text(path)
            assert [t for t in texts if re.search(rf"(?<!\w){re.escape(unhyphenated(t))}(?!\w)",
                                                  unhyphenated(text))] == [], path


# ---- language versions --------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["", "records"])
@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_link_their_other_language_versions(sites, prefix, lang):
    page = in_site(sites["example"], prefix) / f"{lang}/{ID}.html"
    root = parse_html(page.read_text("utf-8"))
    alternates = {n.attrs["hreflang"]: n.attrs["href"] for n in root.find("head").iter("link")
                  if n.attrs.get("rel") == "alternate"}
    assert alternates == {other: f"../{other}/{ID}.html" if other != lang else f"{ID}.html"
                          for other in LANGUAGES}
    assert all((page.parent / href).is_file() for href in alternates.values())
    [switcher] = [n for n in root.iter("nav") if "languages" in n.attrs.get("class", "")]
    assert switcher.attrs["aria-label"] == Messages(lang, "common")("nav.languages")
    items = switcher.iter("li")
    shown = [(c.tag, c.attrs.get("lang"), c.attrs.get("href"), c.text())
             for li in items for c in li.children_elements()]
    assert shown == [("span" if other == lang else "a", other,
                      None if other == lang else f"../{other}/{ID}.html", name)
                     for other, name in zip(LANGUAGES, ("Suomi", "Svenska", "English"))]


def test_a_single_language_page_has_no_language_links():
    from helpers_output import built_site
    page = parse_html((built_site() / "fi" / "iljoja-networks.html").read_text("utf-8"))
    assert not [n for n in page.iter("link") if n.attrs.get("rel") == "alternate"]
    assert not [n for n in page.iter("nav") if "languages" in n.attrs.get("class", "")]


# ---- records ---------------------------------------------------------------------------------

def test_records_are_written_to_their_own_folder_never_into_the_public_site(sites):
    """Fails when records are written inside the public site (they were under records/, and
    listed in its manifest: deploying the folder published them)."""
    site, records = sites["example"], records_of(sites["example"])
    for lang in LANGUAGES:
        for fmt in ("html", "md", "pdf", "json"):
            assert (records / lang / f"{ID}.{fmt}").is_file()
    record_title = json.loads((records / "en" / f"{ID}.json").read_text("utf-8"))["title"]
    assert record_title.startswith("Record of processing activities")
    public = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    for path in public:                             # no record anywhere in the public site
        data = (site / path).read_bytes()
        assert b"Record of processing activities" not in data and "Seloste käsittelytoimista".encode() not in data, path
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    assert {d["kind"] for d in manifest["documents"]} == {"public"}
    assert not [p for p in manifest["files"] if "record" in p]
    index = parse_html((site / "index.html").read_text("utf-8"))
    assert "Record of processing activities" not in index.text()
    # the records' own folder: an index that says they are internal, a manifest, no sitemap
    internal = parse_html((records / "index.html").read_text("utf-8"))
    assert "Internal records of processing activities" in internal.text() or \
        "Sisäiset selosteet käsittelytoimista" in internal.text()
    assert f"en/{ID}.html" in [a.attrs["href"] for a in internal.iter("a")]
    assert not (records / "sitemap.xml").exists()
    assert {d["kind"] for d in json.loads((records / "manifest.json").read_text("utf-8"))["documents"]} == {"record"}


def test_records_inside_the_public_site_are_refused(tmp_path, capsys):
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    with contextlib.chdir(ROOT):
        for records in (tmp_path / "site" / "records", tmp_path / "site", tmp_path):
            assert main(["build", str(folder), "--out", str(tmp_path / "site"), "--records", str(records),
                         "--format", "html", "--no-cache", "--no-history"]) == 1
            assert "they must be separate folders, so that the files written into them never mix" in capsys.readouterr().err
        # the cache holds every rendered file, the records too: not inside either site
        for cache in (tmp_path / "site" / "cache", tmp_path / "site", tmp_path / "internal" / "c"):
            assert main(["build", str(folder), "--out", str(tmp_path / "site"), "--records", str(tmp_path / "internal"),
                         "--cache", str(cache), "--format", "html", "--no-history"]) == 1
            assert "--cache" in capsys.readouterr().err
    assert not (tmp_path / "site").exists() and not (tmp_path / "internal").exists()


def test_a_records_folder_that_cannot_be_written_stops_the_build_before_the_site(tmp_path, capsys):
    """The records' folder is checked before anything is built: the public site is not
    swapped in alone (it was, and the message said nothing was written)."""
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "keep.txt").write_text("not policy-gen's", "utf-8")
    with contextlib.chdir(ROOT):
        assert main(["build", str(folder), "--out", str(tmp_path / "site"), "--records", str(tmp_path / "theirs"),
                     "--format", "html", "--no-cache", "--no-history"]) == 1
    assert "was not made by policy-gen" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_without_records_none_are_built(tmp_path):
    folder = tmp_path / "registers"
    folder.mkdir()
    (folder / EXAMPLE.name).write_bytes(EXAMPLE.read_bytes())
    with contextlib.chdir(ROOT):
        assert main(["build", str(folder), "--out", str(tmp_path / "site"), "--format", "html",
                     "--no-cache"]) == 0
    assert not (tmp_path / "site" / "records").exists()
    assert (tmp_path / "site" / "sv" / f"{ID}.html").is_file()


def test_notice_and_record_pdfs_have_different_ids(sites):
    import pikepdf
    ids = []
    for prefix in ("", "records"):
        with pikepdf.open(in_site(sites["example"], prefix) / f"fi/{ID}.pdf") as pdf:
            ids.append(bytes(pdf.trailer.ID[0]))
    assert ids[0] != ids[1]
