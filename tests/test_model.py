"""The document model: what each framework section says, before any format."""
from pathlib import Path

import pytest

from policy_gen.frameworks import build_document
from policy_gen.loader import load_text
from policy_gen.frameworks.blocks import address_text, obfuscated_email
from policy_gen.model import Paragraph, Rows, Subheading
from policy_gen.registers import Register, validate_loaded

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")


def _document(text: str, lang: str = "fi"):
    loaded = load_text(text, "test.yaml")
    assert validate_loaded(loaded) == []
    return build_document(Register("test", "test.yaml", loaded.data), lang)


def _with_extra(extra_yaml: str) -> str:
    return EXAMPLE + "\nextra_sections:\n" + extra_yaml


def test_extra_sections_are_placed_after_the_named_section_and_numbered():
    doc = _document(_with_extra(
        "  - id: rights\n    heading: Tarkastusoikeus\n    after: security\n"
        "    intro: [Rekisteröidyllä on oikeus tarkastaa tietonsa.]\n"
        "  - id: cookies\n    heading: Evästeet\n    after: register_name\n    items: [istuntoeväste]\n"
        "  - id: correction\n    heading: Oikeus vaatia tiedon korjaamista\n    after: rights\n"
        "    intro: [Virheellinen tieto korjataan.]\n"
        "  - id: more_cookies\n    heading: Lisää evästeitä\n    after: register_name\n    items: [x]\n"))
    assert [(s.number, s.id) for s in doc.sections] == [
        (1, "controller"), (2, "contact"), (3, "register_name"), (4, "cookies"), (5, "more_cookies"),
        (6, "purpose"), (7, "data_content"), (8, "sources"), (9, "disclosures"), (10, "transfers"),
        (11, "security"), (12, "rights"), (13, "correction")]
    assert doc.sections[11].heading == "Tarkastusoikeus"


def test_extra_section_without_after_goes_last():
    doc = _document(_with_extra("  - id: misc\n    heading: Muuta\n    notes: [Loppu.]\n"))
    assert doc.sections[-1].id == "misc" and doc.sections[-1].number == 10


def test_own_heading_replaces_the_catalogue_heading_only_where_given():
    doc = _document(EXAMPLE)
    headings = {s.id: s.heading for s in doc.sections}
    assert headings["purpose"] == "Rekisterin käyttötarkoitus"            # the register's own
    assert headings["data_content"] == "Rekisterin tietosisältö"          # the catalogue's
    swedish_register = EXAMPLE.replace("languages: [fi]", "languages: [sv]").replace(
        "  heading: Rekisterin käyttötarkoitus\n", "")
    assert {s.id: s.heading for s in _document(swedish_register, "sv").sections}["purpose"] == \
        "Ändamålet med behandlingen av personuppgifter"


@pytest.mark.parametrize("outside, expected", [
    ("true", "Tietoja siirretään EU:n tai ETA:n ulkopuolelle."),
    ("false", "Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.")])
def test_transfer_answer_is_stated_when_the_register_gives_no_text(outside, expected):
    text = EXAMPLE.replace("  outside_eea: true\n  intro:\n    - Tietoja voidaan luovuttaa EU:n tai ETA:n "
                           "ulkopuolelle, jos asiakkaan palveleminen vaatii sitä.\n",
                           f"  outside_eea: {outside}\n")
    assert text != EXAMPLE
    transfers = {s.id: s for s in _document(text).sections}["transfers"]
    assert transfers.blocks == (Paragraph(expected),)


def test_security_has_electronic_and_manual_subheadings_in_order():
    security = {s.id: s for s in _document(EXAMPLE).sections}["security"]
    kinds = [(b.kind, getattr(b, "text", "")[:20]) for b in security.blocks]
    assert kinds[1] == ("subheading", "Sähköisesti käsitelt")
    assert [b.text for b in security.blocks if isinstance(b, Subheading)] == [
        "Sähköisesti käsiteltävät tiedot", "Manuaalinen aineisto"]


def test_contact_rows_keep_values_as_typed_and_link_them():
    sections = {s.id: s for s in _document(EXAMPLE).sections}
    rows = {r.label: r for r in sections["controller"].blocks[0].rows}
    assert rows["Osoite"].value == "Niittykatu 28, 04400 Järvenpää"
    assert rows["Puhelin"].value == "+358 (0)9 3157 6885"
    assert rows["Puhelin"].href == "tel:+358931576885"
    contact = {r.label: r for r in sections["contact"].blocks[0].rows}
    assert contact["Sähköpostiosoite"].value == "tuki @ palvelimet . net"
    assert contact["Sähköpostiosoite"].href is None      # obfuscated: no harvestable link


def test_several_addresses_with_kinds_and_a_foreign_country():
    text = EXAMPLE.replace(
        "    - street: Niittykatu 28\n      postal_code: 04400\n      city: Järvenpää\n",
        "    - kind: visiting\n      street: Niittykatu 28\n      postal_code: 04400\n      city: Järvenpää\n"
        "    - kind: postal\n      street: Box 12\n      postal_code: 111 22\n      city: Stockholm\n"
        "      country: SE\n")
    rows = [r for r in _document(text).sections[0].blocks[0].rows]
    assert ("Käyntiosoite", "Niittykatu 28, 04400 Järvenpää") in [(r.label, r.value) for r in rows]
    assert ("Postiosoite", "Box 12, 111 22 Stockholm, Ruotsi") in [(r.label, r.value) for r in rows]


def test_address_country_is_localised_and_omitted_for_finland():
    address = {"street": "Box 1", "postal_code": "0150", "city": "Oslo", "country": "NO"}
    assert address_text(address, "fi") == "Box 1, 0150 Oslo, Norja"
    assert address_text(address, "en") == "Box 1, 0150 Oslo, Norway"
    assert address_text({**address, "country": "FI"}, "fi") == "Box 1, 0150 Oslo"


def test_obfuscated_email():
    assert obfuscated_email("tuki@palvelimet.net") == "tuki @ palvelimet . net"
    assert obfuscated_email("a.b@x.y.fi") == "a.b @ x . y . fi"


def test_representative_is_printed_under_the_controller():
    text = EXAMPLE.replace("  phone: +358 (0)9 3157 6885\n\ncontact:",
                           "  phone: +358 (0)9 3157 6885\n  representative:\n    name: Edustaja Oy\n"
                           "    email: edustaja@example.fi\n\ncontact:")
    blocks = _document(text).sections[0].blocks
    assert blocks[1] == Subheading("Edustaja")
    assert isinstance(blocks[2], Rows) and blocks[2].rows[0].value == "Edustaja Oy"


def test_document_title_and_dates_per_language():
    # one language each: a register published in several must give its prose in each of them
    en = EXAMPLE.replace("languages: [fi]", "languages: [en]").replace(
        "  date: 2015-01-01\n", "  date: 2015-01-01\n  updated: 2016-03-01\n")
    doc = _document(en, "en")
    assert doc.title == "Description of file: ILJOJA Networks, 1 January 2015"
    assert doc.updated_text == "1 March 2016"
    assert _document(en.replace("[en]", "[fi]"), "fi").title == "Rekisteriseloste ILJOJA Networks 1.1.2015"


def test_two_lists_in_a_row_stay_two_lists_in_markdown():
    """CommonMark joins adjacent lists with the same bullet; the second gets another bullet."""
    from markdown_it import MarkdownIt
    from policy_gen.render.markdown import MarkdownRenderer
    from policy_gen.render.templating import Templates
    text = EXAMPLE.replace('    intro:\n      - "Muualta hankittavat tiedot ja peruste:"\n', "")
    assert text != EXAMPLE
    markdown = MarkdownRenderer(Templates()).render(_document(text)).decode()
    section = markdown.split("## 6.")[1].split("## 7.")[0]
    tokens = MarkdownIt("commonmark").parse(section)
    assert [t.type for t in tokens].count("bullet_list_open") == 2


def test_security_list_items_are_printed():
    text = EXAMPLE.replace("security:\n  intro:\n", "security:\n  items:\n    - palomuuri\n  intro:\n")
    security = {s.id: s for s in _document(text).sections}["security"]
    assert [b.items[0].text for b in security.blocks if b.kind == "list"] == ["palomuuri"]
