"""The PDF: tagged PDF/UA-1 with the document's metadata, bookmarks, A4 pages, page
numbers, and only the shipped Noto Sans, embedded. Its URL fetcher reads nothing but the
template assets.

The example is rendered once (through `policy-gen build --format pdf`) while every URL the
fetcher is asked for is recorded.
"""
import contextlib
import io
import re
import socket
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from helpers_output import META_TITLE, ROOT, TITLE, norm, pdf_pages, pdftotext, seed_lines
from policy_gen.cli import main
from policy_gen.frameworks import build_document
from policy_gen.registers import load_registers
from policy_gen.render.fetcher import AssetsOnlyFetcher
from policy_gen.render.pdf import PdfRenderer
from policy_gen.render.templating import Templates
from policy_gen.resources import assets_dir

FONTS = assets_dir() / "fonts"
A4 = (595.2756, 841.8898)   # 210 x 297 mm in points


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """(path of the PDF, URLs the fetcher was asked for)."""
    out = tmp_path_factory.mktemp("pdf") / "site"
    asked: list[str] = []
    original = AssetsOnlyFetcher.fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    with pytest.MonkeyPatch.context() as patch, contextlib.chdir(ROOT):
        patch.setattr(AssetsOnlyFetcher, "fetch", recording)
        # --jobs 1: the patched fetcher must be the one that renders (no worker processes)
        assert main(["build", "registers", "--out", str(out), "--format", "pdf", "--jobs", "1"]) == 0
    return out / "fi" / "iljoja-networks.pdf", asked


@pytest.fixture(scope="module")
def pdf_path(rendered):
    return rendered[0]


@pytest.fixture
def pdf(pdf_path):
    with pikepdf.open(pdf_path) as document:
        yield document


def _section_headings():
    return [line for line in seed_lines() if re.match(r"^\d+\. \S", line)]


# ---- text ---------------------------------------------------------------------------------

def test_text_has_every_section_heading(pdf_path):
    lines = [norm(line) for line in pdftotext(pdf_path).splitlines()]
    headings = _section_headings()
    assert len(headings) == 9
    for heading in headings:
        assert heading in lines
    assert TITLE in lines


def test_every_page_has_the_footer(pdf_path):
    pages = pdf_pages(pdf_path)
    assert len(pages) >= 1
    for number, page in enumerate(pages, start=1):
        assert page.footer == [TITLE, f"Sivu {number} / {len(pages)}"]
    with pikepdf.open(pdf_path) as document:
        assert len(document.pages) == len(pages)


# ---- PDF/UA-1 structure and metadata ------------------------------------------------------

def test_tagged_pdf_ua(pdf):
    root = pdf.Root
    assert root.MarkInfo.Marked is True
    assert str(root.Lang) == "fi"
    assert "/StructTreeRoot" in root
    assert root.ViewerPreferences.DisplayDocTitle is True
    for page in pdf.pages:
        assert page.Tabs == pikepdf.Name.S
    with pdf.open_metadata() as xmp:
        assert xmp.get("pdfuaid:part") == "1"
        assert xmp.get("dc:title") == META_TITLE
    assert pdf.pdf_version == "1.7"


def _struct_types(node, out):
    if isinstance(node, pikepdf.Array):
        for child in node:
            _struct_types(child, out)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node and node.get("/Type", pikepdf.Name.StructElem) == pikepdf.Name.StructElem:
            out.append(str(node.S)[1:])
        if "/K" in node:
            _struct_types(node.K, out)
    return out


def test_structure_tree_has_the_headings_and_lists(pdf):
    types = _struct_types(pdf.Root.StructTreeRoot.K, [])
    headings = [t for t in types if re.fullmatch(r"H[1-6]", t)]
    assert headings.count("H1") == 1 and headings.count("H2") == 9
    levels = [int(h[1]) for h in headings]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:]))
    assert types.count("L") >= 4 and "LI" in types and "LBody" in types


def test_document_info(pdf):
    info = pdf.docinfo
    assert str(info.Title) == META_TITLE
    assert str(info.Author) == "ILJOJA Networks"
    # a historical document says so in its metadata too
    assert str(info.Subject).startswith("Historiallinen asiakirja. Henkilötietolaki (523/1999)")
    assert str(info.Subject).endswith(" Asiakas- ja yhteistyökumppanirekisteri")
    assert str(info.CreationDate).startswith("D:20150101")
    assert str(info.ModDate).startswith("D:20150101")
    with pdf.open_metadata() as xmp:
        assert xmp.get("xmp:CreateDate", "").startswith("2015-01-01")
        assert xmp.get("dc:creator") == ["ILJOJA Networks"]


def test_outline_has_the_title_and_the_nine_sections(pdf):
    with pdf.open_outline() as outline:
        top = outline.root
        assert [item.title for item in top] == [TITLE]
        assert [item.title for item in top[0].children] == _section_headings()
        security = top[0].children[-1]
        assert [item.title for item in security.children] == ["Sähköisesti käsiteltävät tiedot",
                                                              "Manuaalinen aineisto"]


def test_pages_are_a4(pdf):
    for page in pdf.pages:
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        assert (x0, y0) == (0, 0)
        assert abs(x1 - A4[0]) < 0.5 and abs(y1 - A4[1]) < 0.5


def test_no_attachments(pdf):
    assert len(pdf.attachments) == 0


# ---- fonts ----------------------------------------------------------------------------------

def _pdffonts(path: Path) -> list[dict]:
    text = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                          text=True).stdout.splitlines()
    assert text[1].startswith("-----")
    rows = []
    for line in text[2:]:
        fields = line.split()
        rows.append({"name": fields[0], "emb": fields[-5], "sub": fields[-4], "uni": fields[-3]})
    return rows


def test_every_font_is_embedded_noto_sans(pdf_path):
    rows = _pdffonts(pdf_path)
    assert rows
    for row in rows:
        assert row["emb"] == "yes", row
        # subset tag + the @font-face family of document.css ("policy-gen Sans", the
        # shipped Noto Sans files under a name of its own) + the face
        assert re.fullmatch(r"[A-Z]{6}\+(policy-gen|Noto)-Sans(-Bold|-Italic)?", row["name"]), row
    assert len({r["name"].split("+")[1] for r in rows}) >= 2    # regular and bold


def _embedded_fonts(pdf):
    seen = {}
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.FontDescriptor
                files = [k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in descriptor]
                assert files, descendant
                seen[str(descriptor.FontName)] = descriptor[files[0]].read_bytes()
    return seen


def test_embedded_glyphs_are_those_of_the_shipped_files(pdf):
    """Each embedded subset names a shipped face, and every character it maps is drawn
    with exactly that face's outline and advance width."""
    shipped = {TTFont(path)["name"].getDebugName(6): TTFont(path)
               for path in FONTS.glob("NotoSans-*.ttf")}
    fonts = _embedded_fonts(pdf)
    assert len(fonts) >= 2
    for name, data in fonts.items():
        subset = TTFont(io.BytesIO(data))
        original = shipped[subset["name"].getDebugName(6)]
        assert subset["name"].getDebugName(5) == original["name"].getDebugName(5)
        sub_cmap, orig_cmap = subset.getBestCmap(), original.getBestCmap()
        assert len(sub_cmap) > 20, name
        for code, glyph in sub_cmap.items():
            expected = orig_cmap[code]
            ours = subset["glyf"][glyph].getCoordinates(subset["glyf"])
            theirs = original["glyf"][expected].getCoordinates(original["glyf"])
            assert list(ours[0]) == list(theirs[0]), (name, chr(code))
            assert subset["hmtx"][glyph][0] == original["hmtx"][expected][0], (name, chr(code))


def test_fonts_were_read_from_the_template_assets(rendered):
    """The @font-face rules loaded the shipped files through the fetcher (the family name
    is policy-gen's own, so fontconfig cannot substitute an installed font)."""
    _, asked = rendered
    paths = {Path(unquote(urlsplit(url).path)).resolve() for url in asked}
    assert all(url.startswith("file:///") for url in asked)
    assert {FONTS / "NotoSans-Regular.ttf", FONTS / "NotoSans-Bold.ttf",
            assets_dir() / "document.css", assets_dir() / "print.css"} <= paths
    assert all(path.is_relative_to(assets_dir()) for path in paths)


# ---- the URL fetcher ------------------------------------------------------------------------

@pytest.fixture
def fetcher():
    return AssetsOnlyFetcher([assets_dir()])


@pytest.fixture
def no_network(monkeypatch):
    """Records (and blocks) any fetch or connection attempt below the policy check."""
    attempts = []

    def fetch(self, url, headers=None):
        attempts.append(("fetch", url))
        raise AssertionError(f"URLFetcher.fetch reached for {url}")

    def connect(self, address):
        attempts.append(("connect", address))
        raise AssertionError(f"connection attempted to {address}")

    monkeypatch.setattr(URLFetcher, "fetch", fetch)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: connect(None, address))
    return attempts


@pytest.mark.parametrize("url", [
    "file:///etc/hostname",
    "file://localhost/etc/hostname",
    "http://127.0.0.1:1/x",
    "https://127.0.0.1:1/x",
    "ftp://127.0.0.1:1/x",
])
def test_fetcher_refuses_other_files_and_the_network(fetcher, no_network, url):
    with pytest.raises(FatalURLFetchingError):
        fetcher.fetch(url)
    assert no_network == []


def test_fetcher_refuses_dot_dot_out_of_the_assets(fetcher, no_network):
    assets = assets_dir()
    for url in (assets.as_uri() + "/../document.html.j2",
                assets.as_uri() + "/fonts/../../../pyproject.toml",
                assets.as_uri() + "/%2e%2e/document.html.j2",
                assets.as_uri() + "/../../../../../../etc/hostname"):
        assert (assets.parent / "document.html.j2").is_file()
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert no_network == []


def test_fetcher_refuses_symlinks_out_of_the_assets(tmp_path, no_network):
    secret = tmp_path / "secret.txt"
    secret.write_text("not for customers")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "other.css").write_text("body {}")
    assets = tmp_path / "templates" / "assets"
    assets.mkdir(parents=True)
    (assets / "evil.css").symlink_to(secret)
    (assets / "linked").symlink_to(outside, target_is_directory=True)
    fetcher = AssetsOnlyFetcher([assets, assets_dir()])
    for url in ((assets / "evil.css").as_uri(), (assets / "linked" / "other.css").as_uri()):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert no_network == []


def test_fetcher_serves_a_shipped_font(fetcher):
    font = FONTS / "NotoSans-Regular.ttf"
    response = fetcher.fetch(font.as_uri())
    try:
        assert response.read() == font.read_bytes()
    finally:
        response.close()


def test_fetcher_overlays_user_assets_on_the_shipped_ones(tmp_path):
    """A user's assets folder overrides file by file: what it lacks comes from policy-gen's."""
    assets = tmp_path / "assets"
    (assets / "fonts").mkdir(parents=True)
    (assets / "document.css").write_text("/* mine */")
    fetcher = AssetsOnlyFetcher([assets, assets_dir()])
    for name, expected in (("document.css", b"/* mine */"),
                           ("print.css", (assets_dir() / "print.css").read_bytes()),
                           ("fonts/NotoSans-Bold.ttf", (FONTS / "NotoSans-Bold.ttf").read_bytes())):
        response = fetcher.fetch((assets / name).as_uri())
        try:
            assert response.read() == expected, name
        finally:
            response.close()


# ---- a template that asks for a local file ---------------------------------------------------

def test_attachment_link_in_a_template_override_fails_the_render(tmp_path, capsys):
    """<link rel="attachment" href="file:///etc/hostname"> in a user's template: the render
    stops with an error naming the URL (an Exception, so the CLI reports it), no PDF."""
    override = tmp_path / "my-templates"
    override.mkdir()
    builtin = (ROOT / "templates" / "document.html.j2").read_text("utf-8")
    marker = "</head>"
    assert builtin.count(marker) == 1
    (override / "document.html.j2").write_text(
        builtin.replace(marker, '<link rel="attachment" href="file:///etc/hostname">\n' + marker),
        "utf-8")
    doc = build_document(load_registers([str(ROOT / "registers")])[0], "fi")
    renderer = PdfRenderer(Templates(override=override))
    with pytest.raises(Exception) as caught:
        renderer.render(doc)
    assert "file:///etc/hostname" in str(caught.value)

    out = tmp_path / "site"
    with contextlib.chdir(ROOT):
        code = main(["build", "registers", "--out", str(out), "--format", "pdf",
                     "--templates", str(override)])
    assert code == 1                       # a mistake in the user's templates, not a policy-gen bug
    assert not out.exists()
    err = capsys.readouterr().err
    assert "refused to load file:///etc/hostname" in err and "Traceback" not in err
    assert err.splitlines()[0].startswith(f"{override / 'document.html.j2'}:")   # names the template
