"""`policy-gen import` of real published Finnish privacy notices (tests/fixtures/real/, collected
on branch realdocs), as text and as HTML, DOCX and PDF made from the text.

The target is 95 % of content lines placed in fields. The documents marked `BELOW` do not
reach it yet (their percentages as measured are in the marks); the marks are strict, so
a document that starts to reach the target must lose its mark. Whatever the share, every
register must validate or have only TODOs left, and every line is accounted for.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers_import import WRITERS
from policy_gen.importing.command import convert

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
DOCUMENTS = sorted(REAL.glob("*.txt"))

# placed share as text / html / docx / pdf, measured when this test was written
BELOW = {
    "atkins-international-tietosuojaseloste": "13 / 13 / 13 / 11 %: a Dutch controller's address, long prose sections",
    "jhl074-rekisteriseloste": "78 / 27 / 27 / 78 %",
    "lagtinget-aland-dataskyddsbeskrivning": "33 %: Swedish headings worded as questions",
    "muistiaina-kanta-hameen-muistiyhdistys": "78 %: three register names, a contact line with two details",
    "nurmijarvi-luottamushenkilorekisteri": "61 / 64 / 64 / 65 %",
    "op-osuuspankki-asiakasrekisteri": "56 %: 'Yleistä' section, a team as contact",
    "savonpallo-jasenrekisteri": "69 / 65 / 65 / 65 %: two contact persons",
    "st1-yritysasiakkaat": "8 %: headings the finder does not know ('Henkilötietojen käsittely')",
    "taipalsaari-luottamushenkilorekisteri": "66 %: a long preamble",
}


def _document(path: Path, fmt: str, tmp_path: Path) -> Path:
    return path if fmt == "txt" else WRITERS[fmt](path.read_text("utf-8"), tmp_path / f"{path.stem}.{fmt}")


def _params():
    for path in DOCUMENTS:
        marks = [pytest.mark.xfail(strict=True, reason=f"below 95 %: {BELOW[path.stem]}")] if path.stem in BELOW else []
        yield pytest.param(path, id=path.stem, marks=marks)


pytestmark = pytest.mark.skipif(not DOCUMENTS, reason="no real documents in tests/fixtures/real/")


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "pdf"])
@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in DOCUMENTS])
def test_a_real_document_gives_a_register_with_only_todos_left(path, fmt, tmp_path):
    _, data, account, problems = convert(_document(path, fmt, tmp_path), path.name)
    assert problems == []
    assert account.total > 10 and account.placed + sum(account.extra.values()) == account.total
    kept = {e["id"] for e in data.get("extra_sections", [])}
    assert {ident for ident, n in account.extra.items() if n} <= kept


@pytest.mark.parametrize("fmt", ["txt", "html", "docx", "pdf"])
@pytest.mark.parametrize("path", list(_params()))
def test_a_real_document_is_placed_in_fields(path, fmt, tmp_path):
    _, _, account, _ = convert(_document(path, fmt, tmp_path), path.name)
    assert account.placed / account.total >= 0.95, (
        f"{account.placed} of {account.total} placed; kept: {account.extra}")
