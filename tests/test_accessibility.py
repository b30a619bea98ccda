"""WCAG 2.2 level A and AA checks of every published web page, by axe-core in headless Chromium.

axe finds about half of the WCAG failures a person would (Deque's own estimate); the
rest (heading order that makes sense, link texts, language of foreign passages) is
checked by the tests that read the pages' structure, and by looking at them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers_output import ROOT
from policy_gen.cli import main

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# no sandbox: CI runs as root; no background traffic: nothing may leave this machine
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.fail("Chromium is missing: `make test` installs it (Debian package chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def violations(browser, url: str) -> list[str]:
    """axe's WCAG A/AA violations on the page at `url`, one line each."""
    from axe_playwright_python.sync_playwright import Axe
    page = browser.new_page()
    try:
        page.goto(url)
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG},
                                          "resultTypes": ["violations"]})
    finally:
        page.close()
    return [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(str(n['target']) for n in v['nodes'])}"
            for v in result.response["violations"]]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example registers (one in fi, one in fi/sv/en with its Art. 30 record), every page:
    the public site and, in site/internal, the records' own folder."""
    out = tmp_path_factory.mktemp("a11y") / "site"
    assert main(["build", str(ROOT / "registers"), "--out", str(out / "public"), "--records", str(out / "internal"),
                 "--jobs", "1", "--no-history", "--no-cache"]) == 0
    return out


def test_every_page_meets_wcag_2_2_aa(browser, site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 8          # the index, 4 notices and descriptions, 3 records
    found = {str(p.relative_to(site)): violations(browser, p.as_uri()) for p in pages}
    assert {page: problems for page, problems in found.items() if problems} == {}


def test_the_check_reports_what_it_should(browser, tmp_path):
    # a page with known failures: the check must see them, or a pass above means nothing
    page = tmp_path / "bad.html"
    page.write_text('<!doctype html><html><head><title>x</title></head><body>'
                    '<img src="logo.png"><p style="color:#bbb;background:#fff">faint</p></body></html>', "utf-8")
    rules = {line.split(" ")[0] for line in violations(browser, page.as_uri())}
    assert {"html-has-lang", "image-alt", "color-contrast"} <= rules
