"""A document says where it stands: a rekisteriseloste of the repealed Henkilötietolaki is a
historical document (linking the GDPR notice that replaces it), and an earlier version says
it is superseded (linking the current one): on the page, on the PDF's first page, in its
metadata, in the Markdown and the JSON; the index never lists a historical document beside
the current ones.

Each test fails on the code before issue 10's correction 9: nothing said any of this."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pikepdf
import pytest
from markdown_it import MarkdownIt

from helpers_output import parse_html, pdf_pages
from policy_gen.cli import main

ROOT = Path(__file__).resolve().parent.parent
OLD = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
NEW = (ROOT / "registers" / "iljoja-networks-gdpr.yaml").read_text("utf-8")


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.fi",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.fi"})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The rekisteriseloste published on 1.1.2015 and changed on 1.3.2016, and the GDPR notice
    that replaces it; every format."""
    repo = tmp_path_factory.mktemp("standing")
    (repo / "registers").mkdir()
    _git(repo, "init", "-q")
    (repo / "registers" / "iljoja-networks.yaml").write_text(OLD, "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "2015")
    (repo / "registers" / "iljoja-networks.yaml").write_text(
        OLD.replace("  date: 2015-01-01\n", "  date: 2015-01-01\n  updated: 2016-03-01\n"), "utf-8")
    (repo / "registers" / "iljoja-networks-gdpr.yaml").write_text(NEW, "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "2016, and the GDPR notice")
    assert main(["build", str(repo / "registers"), "--out", str(repo / "site"), "--jobs", "1",
                 "--no-cache"]) == 0
    return repo / "site"


def _notices(page: Path) -> dict[str, tuple[str, str | None]]:
    """class -> (text, link) of each notice on a page."""
    root = parse_html(page.read_text("utf-8"))
    found = {}
    for p in root.iter("p"):
        classes = p.attrs.get("class", "").split()
        if "notice" in classes:
            links = [a.attrs["href"] for a in p.iter("a")]
            found[classes[1]] = (p.text(), links[0] if links else None)
    return found


def test_a_rekisteriseloste_is_historical_and_links_its_successor(site):
    notices = _notices(site / "fi" / "iljoja-networks.html")
    assert set(notices) == {"historical"}              # the current version: not superseded
    text, link = notices["historical"]
    assert text.startswith("Historiallinen asiakirja. Henkilötietolaki (523/1999)")
    assert "kumottiin tietosuojalailla (1050/2018) 1.1.2019 alkaen" in text and "Voimassa oleva tietosuojaseloste" in text
    assert link == "iljoja-networks-gdpr.html"
    assert (site / "fi" / link).is_file()
    # the current version at its permanent address is not superseded either
    assert set(_notices(site / "fi" / "iljoja-networks" / "2016-03-01.html")) == {"historical"}
    # the GDPR notice says nothing of the kind
    assert _notices(site / "fi" / "iljoja-networks-gdpr.html") == {}


def test_an_earlier_version_is_superseded_and_links_the_current_one(site):
    page = site / "fi" / "iljoja-networks" / "2015-01-01.html"
    notices = _notices(page)
    assert set(notices) == {"historical", "superseded"}
    text, link = notices["superseded"]
    assert "Tämä versio ei ole enää voimassa: sen on korvannut 1.3.2016 päivätty versio." in text
    assert link == "../iljoja-networks.html" and (page.parent / link).resolve().is_file()
    assert notices["historical"][1] == "../iljoja-networks-gdpr.html"
    title = parse_html(page.read_text("utf-8")).find("title").text()
    assert title.endswith("(historiallinen asiakirja) (korvattu versio)")


def test_the_pdf_says_it_on_its_first_page_and_in_its_metadata(site):
    path = site / "fi" / "iljoja-networks" / "2015-01-01.pdf"
    first = " ".join(pdf_pages(path)[0].blocks)
    assert "Tämä versio ei ole enää voimassa" in first and "Historiallinen asiakirja" in first
    with pikepdf.open(path) as pdf:
        assert str(pdf.docinfo.Title).endswith("(korvattu versio)")
        assert "Tämä versio ei ole enää voimassa" in str(pdf.docinfo.Subject)
        uris = [str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A]
    assert any(uri.endswith("iljoja-networks.html") for uri in uris), uris
    assert any(uri.endswith("iljoja-networks-gdpr.html") for uri in uris), uris


def test_the_markdown_and_json_say_it_too(site):
    text = (site / "fi" / "iljoja-networks" / "2015-01-01.md").read_text("utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    quotes = [i for i, t in enumerate(tokens) if t.type == "blockquote_open"]
    assert len(quotes) == 2
    links = [c.attrs["href"] for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "link_open"]
    assert links[:2] == ["../iljoja-networks-gdpr.html", "../iljoja-networks.html"]
    payload = json.loads((site / "fi" / "iljoja-networks" / "2015-01-01.json").read_text("utf-8"))
    assert [n["kind"] for n in payload["notices"]] == ["historical", "superseded"]
    assert "notices" not in json.loads((site / "fi" / "iljoja-networks-gdpr.json").read_text("utf-8"))


def test_the_index_lists_historical_documents_apart(site):
    root = parse_html((site / "index.html").read_text("utf-8"))
    fi = next(s for s in root.iter("section") if s.attrs.get("lang") == "fi")
    current, historical = list(fi.iter("table"))
    assert "historical" in historical.attrs.get("class", "")
    current_links = [a.attrs["href"] for a in current.iter("a")]
    assert "fi/iljoja-networks-gdpr.html" in current_links and "fi/iljoja-networks.html" not in current_links
    rows = list(historical.find("tbody").iter("tr"))
    assert len(rows) == 1
    links = {a.attrs["href"]: a.text() for a in rows[0].iter("a")}
    assert "fi/iljoja-networks.html" in links
    assert links["fi/iljoja-networks-gdpr.html"].startswith("Tietosuojaseloste ILJOJA Networks")
    assert "Historialliset asiakirjat" in fi.text()
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    old = next(d for d in manifest["documents"] if d["id"] == "iljoja-networks")
    assert old["historical"] is True and old["successor"] == "fi/iljoja-networks-gdpr.html"


def test_migrate_names_the_register_it_replaces(tmp_path, capsys):
    (tmp_path / "old.yaml").write_text(OLD, "utf-8")
    assert main(["migrate", str(tmp_path / "old.yaml"), "--to", "gdpr"]) == 0
    capsys.readouterr()
    assert "  replaces: old\n" in (tmp_path / "old-gdpr.yaml").read_text("utf-8")


def test_a_mistyped_replaces_is_reported_at_its_line(tmp_path, capsys):
    (tmp_path / "iljoja-networks.yaml").write_text(OLD, "utf-8")
    (tmp_path / "new.yaml").write_text(NEW.replace("replaces: iljoja-networks ", "replaces: iljoja-network "), "utf-8")
    assert main(["build", str(tmp_path), "--out", str(tmp_path / "site"), "--no-history", "--format", "html"]) == 1
    err = capsys.readouterr().err
    assert "new.yaml:13:13: error: 'document.replaces: iljoja-network' names no register being built " \
           "(did you mean 'iljoja-networks'?)" in err
    assert not (tmp_path / "site").exists()
