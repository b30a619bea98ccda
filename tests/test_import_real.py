"""`policy-gen import` of real published Finnish privacy notices (tests/fixtures/real/, collected
on branch realdocs), as text and as HTML, DOCX and PDF made from the text.

The target is 95 % of content lines placed in fields; lines in extra sections are not
placed. The documents marked `BELOW` do not reach it yet (their percentages as measured
and the reason are in the marks); the marks are strict, so a document that starts to reach
the target must lose its mark. Whatever the share, every
register must validate or have only TODOs left, and every line is accounted for.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from helpers_import import WRITERS
from policy_gen.diagnostics import translate
from policy_gen.i18n import cli_texts
from policy_gen.importing.command import convert

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
DOCUMENTS = sorted(REAL.glob("*.txt"))

# placed share as text / html / docx / pdf, as measured; every other document reaches 95 % in
# all four forms (before the register format's own shapes were used, only kn-collection did)
BELOW: dict[str, str] = {}   # none now: atkins (50 / 50 / 50 / 41 %) reached it when a section about
                              # the notice itself became the introduction wherever it stands


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


def _data(stem: str) -> dict:
    return convert(REAL / f"{stem}.txt", f"{stem}.txt")[1]


def test_the_front_matter_goes_to_the_document():
    """The document's own title, its date with its own label, a 'Yleistä' section before the
    controller's as the introduction with its heading, and the document's own heading wording
    (fails without the register format's document fields: all of it was an extra section)."""
    op = _data("op-osuuspankki-asiakasrekisteri")
    assert op["document"]["title"] == "Osuuspankin asiakasrekisteri"
    assert (op["document"]["date"], op["document"]["date_label"]) == ("2023-12-15", "Laatimis- tai muutosajankohta:")
    assert op["document"]["intro"][-1]["section"]["heading"] == "Yleistä"
    assert op["dpo"]["heading"] == "Tietosuojavastaavan yhteystiedot"
    assert (op["dpo"]["name"], op["dpo"]["organisation"]) == ("OP Ryhmän tietosuojavastaava", "OP Ryhmä")
    assert op["controller"]["contact_person"] == {"name": "OP Ryhmän Tietosuojatiimi"}
    assert "extra_sections" not in op
    muisti = _data("muistiaina-kanta-hameen-muistiyhdistys")
    assert (muisti["document"]["date"], muisti["document"]["updated"]) == ("2014-03-19", "2024-07-17")
    assert muisti["document"]["numbering"] is False
    assert {k: muisti["contact"][k] for k in ("kind", "title", "name")} == {
        "kind": "person", "title": "Toiminnanjohtaja", "name": "Anna Myllymäki"}
    assert muisti["register_name"]["blocks"] == ["Asiakasrekisteri", "Vapaaehtoisrekisteri"]


def test_the_documents_own_order_and_headings_are_kept():
    """Register name before the controller, retention before purposes (nurmijarvi); a Swedish
    scope section before the controller as the introduction (lagtinget); a second section on
    a topic as a sub-section under its own heading (taipalsaari)."""
    nurmi = _data("nurmijarvi-luottamushenkilorekisteri")
    order = nurmi["document"]["order"]
    assert order[:5] == ["register_name", "controller", "contact", "dpo", "retention"]
    assert order.index("retention") < order.index("purposes")
    assert nurmi["document"]["headings"] == {"retention": "Henkilörekisterin sisältämien henkilötietojen säilytysaika"}
    assert nurmi["document"]["date_label"] == "Muokkaamispäivä:"
    assert nurmi["contact"]["blocks"][0]["section"]["heading"] == "Yhteyshenkilö rekisteriä koskevissa asioissa"
    lagting = _data("lagtinget-aland-dataskyddsbeskrivning")
    assert lagting["document"]["intro"][-1]["section"]["heading"] == "Tillämpningsområde för personuppgiftspolicyn"
    assert lagting["controller"]["addresses"] == [{"kind": "postal", "lines": ["Lagtinget PB 69, 22101 MARIEHAMN,"]},
                                                 {"lines": ["Strandgatan 37, AX-22100 Mariehamn"]}]
    taipal = _data("taipalsaari-luottamushenkilorekisteri")
    assert taipal["data_categories"]["blocks"] == [{"section": {
        "heading": "Käsitelläänkö erityisiä henkilötietoja",
        "blocks": ["Kyllä käsitellään. Ruoka-aineallergiatiedot ja erityisruokavaliot kokoustarjoilujen järjestämistä varten."]}}]


def test_a_section_about_the_notice_after_the_controller_is_the_introduction_and_said_so():
    """Atkins has 'Miksi tämä tietosuojaseloste (?)' after its controller section: it becomes a
    sub-section of the introduction (printed before the first section), every line of it kept,
    and the report notes the move (fails without it: the section was an extra section, 50 %)."""
    _, data, account, _ = convert(REAL / "atkins-international-tietosuojaseloste.txt", "atkins.txt")
    intro = data["document"]["intro"]
    assert intro[0].startswith("Atkins International B.V.")
    section = intro[1]["section"]
    assert section["heading"] == "Miksi tämä tietosuojaseloste (?)"
    assert section["blocks"][1] == "A: Mitä henkilötietoja Atkins tarkkaan ottaen sinusta kerää;"
    assert len(section["blocks"][-1]["list"]) == 3
    assert "extra_sections" not in data and account.placed == account.total == 14
    assert [str(n) for n in account.notes] == [
        "'Miksi tämä tietosuojaseloste (?)' is about the document itself: it is the introduction (document.intro), "
        "printed before the first section, though the document had it after "
        "'Meidän tietomme / Rekisterinpitäjän nimi ja yhteystiedot'"]
    assert translate(account.notes[0], cli_texts("fi")).startswith(
        "'Miksi tämä tietosuojaseloste (?)' kertoo asiakirjasta itsestään: se on sen johdanto")
    assert translate(account.notes[0], cli_texts("sv")).endswith(
        "fast dokumentet hade det efter 'Meidän tietomme / Rekisterinpitäjän nimi ja yhteystiedot'")


def test_an_address_abroad_is_kept_as_its_lines():
    """A Dutch postcode under a Finnish label is no Finnish address: the street and the
    postcode line become the address's `lines` (fails without FOREIGN_POSTAL)."""
    atkins = _data("atkins-international-tietosuojaseloste")
    assert atkins["controller"]["name"] == "Atkins International B.V."
    assert atkins["controller"]["addresses"] == [{"lines": ["Dokter van Wiechenweg nr. 2",
                                                            "8025 BZ Zwolle (Alankomaat)"]}]
