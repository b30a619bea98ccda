"""The real, published register descriptions kept in tests/fixtures/real/ stay usable.

Each document is a .txt file holding only the document's text (one content line per line)
and a .source.yaml file saying where it was published and what kind of document it is.
These tests keep that pairing honest, so the collection can guide the format redesign.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REAL = Path(__file__).resolve().parent / "fixtures" / "real"

REQUIRED_KINDS = {
    "company",
    "public-body",
    "association",
    "bank-or-large",
    "henkilotietolaki",
    "swedish-or-bilingual",
}
ALLOWED_KINDS = REQUIRED_KINDS | {"other"}
LANGUAGES = {"fi", "sv", "en"}
MIN_LINES = 15

TEXTS = sorted(REAL.glob("*.txt"))


def _source(txt: Path) -> dict:
    meta_path = txt.with_name(txt.name[: -len(".txt")] + ".source.yaml")
    assert meta_path.is_file(), f"{txt.name} has no {meta_path.name}"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    assert isinstance(meta, dict), f"{meta_path.name} is not a mapping"
    return meta


def test_there_are_at_least_seven_documents():
    assert len(TEXTS) >= 7, [t.name for t in TEXTS]


@pytest.mark.parametrize("txt", TEXTS, ids=lambda p: p.stem)
def test_each_document_has_its_source(txt: Path):
    meta = _source(txt)
    url = meta.get("url")
    assert isinstance(url, str), f"{txt.name}: no url"
    if "url_scheme_note" in meta:
        # The stored copy exists only under http://; the note says so and the address
        # is kept exactly as the search tool gave it.
        assert re.fullmatch(r"https?://[^\s/]+\.[^\s/]+(/\S*)?", url), url
    else:
        assert re.fullmatch(r"https://[^\s/]+\.[^\s/]+(/\S*)?", url), url
    assert meta.get("kind") in ALLOWED_KINDS, f"{txt.name}: kind {meta.get('kind')!r}"
    languages = meta.get("language")
    assert isinstance(languages, list) and languages, f"{txt.name}: no language list"
    assert set(languages) <= LANGUAGES, languages
    for key in ("title", "organisation", "retrieved"):
        assert isinstance(meta.get(key), str) and meta[key].strip(), f"{txt.name}: no {key}"
    if meta.get("truncated"):
        assert isinstance(meta.get("note"), str) and meta["note"].strip(), (
            f"{txt.name}: a truncated copy must say in its note where it stops"
        )


def test_every_source_file_has_its_document():
    for meta_path in sorted(REAL.glob("*.source.yaml")):
        txt = meta_path.with_name(meta_path.name[: -len(".source.yaml")] + ".txt")
        assert txt.is_file(), f"{meta_path.name} has no {txt.name}"


def test_the_kinds_cover_every_required_shape():
    kinds = {_source(txt)["kind"] for txt in TEXTS}
    missing = REQUIRED_KINDS - kinds
    assert not missing, f"no document of kind(s): {sorted(missing)}"


@pytest.mark.parametrize("txt", TEXTS, ids=lambda p: p.stem)
def test_each_document_is_text_of_some_length(txt: Path):
    text = txt.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) >= MIN_LINES, f"{txt.name}: only {len(lines)} non-empty lines"
    assert text.endswith("\n"), f"{txt.name}: no final newline"
    for number, line in enumerate(text.splitlines(), start=1):
        assert line == line.rstrip(), f"{txt.name}:{number}: trailing whitespace"
