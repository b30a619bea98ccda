"""Layout in a real browser and on paper.

The web pages are opened in headless Chromium (the Debian package, as in
test_accessibility.py) at a phone's width (390×844) and a laptop's (1280×800): nothing may
scroll sideways, and nothing may stick out of the page's column. The registers stress it: a
very long web address and a 60-character word in a text, a long e-mail address, a long
business name (in every title on the index), transfers' label/value rows, and the example
GDPR register in three languages with its language switcher and its historical predecessor.

The PDF of a register with many transfers must keep each label/value group (one transfer,
one contact) on one page.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from helpers_output import ROOT, pdf_pages
from policy_gen.cli import main
from test_accessibility import browser  # noqa: F401  (the fixture)

URL = ("https://www.pohjois-pohjanmaan-esimerkkiosuuskunta.fi/tietosuoja/asiakasrekisteri/"
       "tietosuojaseloste-2026-versio-3/liitteet/evasteet-ja-seurantatekniikat.html?kieli=fi&versio=2026-11-01")
WORD = "Lentokonesuihkuturbiinimoottoriapumekaanikkoaliupseerioppilas"
EMAIL = "tietosuojavastaava.asiakasrekisteri@pohjois-pohjanmaan-esimerkkiosuuskunta.fi"
NAME = "Pohjois-Pohjanmaan Sähkö-, Tietoliikenne- ja Kiinteistöpalveluiden Esimerkkiosuuskunta"
WIDTHS = [(390, 844), (1280, 800)]
PAGES = ["index.html", "fi/stress.html", "en/stress.html", "sv/iljoja-networks-gdpr.html",
         "fi/iljoja-networks.html"]


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def stress_register(transfers: int = 2) -> str:
    """The example GDPR register (fi, sv, en) with a long business name and e-mail address,
    a 60-character word in its register name, a long web address and the word in a text,
    and `transfers` transfers, each with a recipient "vastaanottaja N" and a last row
    "loppu N"."""
    assert len(WORD) >= 60
    text = (ROOT / "registers" / "iljoja-networks-gdpr.yaml").read_text("utf-8")
    text = _replace(text, "  name: ILJOJA Networks\n  business_id", f"  name: {NAME}\n  business_id")
    text = _replace(text, "  email: tuki@palvelimet.net\n\ncontact:", f"  email: {EMAIL}\n\ncontact:")
    text = _replace(text, "  replaces: iljoja-networks", "  # replaces: iljoja-networks")
    text = _replace(text, "  fi: Asiakas- ja yhteistyökumppanirekisteri\n", f"  fi: Asiakasrekisteri {WORD}\n")
    for lang, sentence in [("fi", "käsitellään aina luottamuksellisesti."),
                           ("sv", "behandlas alltid konfidentiellt."),
                           ("en", "are always treated as confidential.")]:
        text = re.sub(rf"(\n      |\n    - ){lang}: (.*?){re.escape(sentence)}\n",
                      lambda m: f"{m.group(1)}{lang}: {m.group(2)}{sentence[:-1]} {WORD}. {URL}\n", text, count=1)
    assert text.count(URL) == 3
    items = "".join(
        f"    - country: {'US' if n % 2 else 'IN'}\n"
        f"      recipient: {{fi: vastaanottaja {n:02d}, sv: mottagare {n:02d}, en: recipient {n:02d}}}\n"
        f"      mechanism: safeguards\n"
        f"      safeguard:\n"
        + "".join(f"        {lang}: standard contractual clauses (EU) 2021/914 ({lang})\n" for lang in ("fi", "sv", "en"))
        + "      copy:\n"
        + "".join(f"        {lang}: a copy from {EMAIL}{' on request' * (n * 7 % 13)}, loppu {n:02d}\n"
                  for lang in ("fi", "sv", "en"))     # groups of different heights: breaks fall anywhere
        for n in range(1, transfers + 1))
    return re.sub(r"(\ntransfers:\n.*?\n  items:\n).*?(\nautomated_decisions:)",
                  lambda m: m.group(1) + items + m.group(2), text, count=1, flags=re.S)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("layout")
    registers = folder / "registers"
    registers.mkdir()
    for path in (ROOT / "registers").glob("*.yaml"):
        shutil.copy(path, registers / path.name)
    (registers / "stress.yaml").write_text(stress_register(), "utf-8")
    out = folder / "site"
    assert main(["build", str(registers), "--out", str(out), "--format", "html",
                 "--jobs", "1", "--no-history", "--no-cache"]) == 0
    return out


# every element's right edge, against the page's column (body's content box) and the window
MEASURE = """() => {
  const body = document.body, style = getComputedStyle(body);
  const column = body.getBoundingClientRect().right - parseFloat(style.paddingRight);
  const out = [...body.querySelectorAll('*')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).position !== 'absolute')
    .filter(e => e.getBoundingClientRect().right > column + 1)
    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ': '
              + (e.textContent || '').trim().slice(0, 40));
  return [document.documentElement.scrollWidth, window.innerWidth, out.slice(0, 5)];
}"""


@pytest.mark.parametrize("width,height", WIDTHS, ids=[f"{w}x{h}" for w, h in WIDTHS])
def test_nothing_scrolls_sideways(browser, site, width, height):  # noqa: F811
    """Fails without `overflow-wrap: anywhere` on the text containers (the address, the
    word and the e-mail address widen the page at 390 px), and if the links of the index's
    last column may not wrap in the historical table too (the successor's title sticks
    out of the table at 1280 px)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        found = {}
        for name in PAGES:
            page.goto((site / name).as_uri())
            scroll, inner, outside = page.evaluate(MEASURE)
            found[name] = (scroll <= inner, outside)
    finally:
        page.close()
    assert found == {name: (True, []) for name in PAGES}


def test_the_stress_reaches_the_pages(site):
    """The pages above carry what should stress them (or passing means nothing)."""
    index = (site / "index.html").read_text("utf-8")
    document = (site / "fi" / "stress.html").read_text("utf-8")
    assert NAME in index and WORD in index
    assert all(s in document for s in (NAME, WORD, EMAIL, URL.replace("&", "&amp;"), "vastaanottaja 02"))
    assert 'class="notice' in (site / "fi" / "iljoja-networks.html").read_text("utf-8")
    assert 'class="languages"' in (site / "sv" / "iljoja-networks-gdpr.html").read_text("utf-8")


def test_the_index_on_a_phone_is_one_column(browser, site):  # noqa: F811
    """On a phone the index's rows stack: the date and the links sit under the title, each
    with its column's name; the table is still a table to a screen reader. Fails without
    the narrow-width rules of document.css."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto((site / "index.html").as_uri())
        cells = page.evaluate("""() => [...document.querySelector('tbody tr').cells].map(c => {
            const r = c.getBoundingClientRect();
            return [Math.round(r.left), Math.round(r.width), getComputedStyle(c, '::before').content];
        })""")
        snapshot = page.locator("main").aria_snapshot()
    finally:
        page.close()
    lefts = {left for left, _, _ in cells}
    assert len(lefts) == 1 and all(width > 300 for _, width, _ in cells)
    assert [before for _, _, before in cells] == ["none", '"Päiväys: "', '"Muodot: "']
    assert "- table:" in snapshot and 'columnheader "Päiväys"' in snapshot


def test_a_transfer_is_never_split_across_pages(tmp_path):
    """Each transfer's rows (Maa … Jäljennös) are on one page, and so are the controller's.
    Fails without `break-inside: avoid` on dl.rows in the style sheets."""
    from policy_gen.frameworks import build_document
    from policy_gen.loader import load_text
    from policy_gen.model import Register
    from policy_gen.registers import validate_loaded
    from policy_gen.render import renderer
    from policy_gen.render.templating import Templates

    loaded = load_text(stress_register(transfers=24), "stress.yaml")
    assert [str(d) for d in validate_loaded(loaded)] == []
    path = tmp_path / "stress.pdf"
    path.write_bytes(renderer("pdf", Templates()).render(build_document(Register("stress", "stress.yaml", loaded.data), "fi")))
    pages = [" ".join(page.blocks) for page in pdf_pages(path)]

    def on(text: str) -> list[int]:
        return [i for i, page in enumerate(pages) if text in page]

    first = {n: on(f"Vastaanottaja: vastaanottaja {n:02d}") for n in range(1, 25)}
    last = {n: on(f"loppu {n:02d}") for n in range(1, 25)}
    assert all(len(first[n]) == 1 for n in first)
    assert len({first[n][0] for n in first}) >= 3          # the transfers fill several pages
    assert {n: last[n] for n in last} == {n: first[n] for n in first}
    # each group begins with its country on the same page as its recipient
    for n, (index,) in first.items():
        assert re.search(rf"Maa: \w+ Vastaanottaja: vastaanottaja {n:02d}", pages[index]), n
    # the controller's group, with its long e-mail address
    assert on("Y-tunnus:") == on(EMAIL[-12:])[:1] == on(f"Nimi: {NAME.split()[0]}")
