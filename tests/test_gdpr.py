"""The GDPR framework: what the notice and the record say, chosen by the register's facts,
and the validation rules for languages, TODOs, transfers and dates."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy_gen.frameworks import PUBLIC, RECORD, build_document, gdpr
from policy_gen.loader import load_text
from policy_gen.model import BulletList, Paragraph, Rows, Subheading
from policy_gen.registers import Register, validate_loaded

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PATH = ROOT / "registers" / "iljoja-networks-gdpr.yaml"
EXAMPLE = EXAMPLE_PATH.read_text("utf-8")

# A small register: one language, data only from the data subject (Art. 13).
SMALL = """\
framework: gdpr
languages: [en]
document:
  date: 2024-05-01
controller:
  name: Example Ltd
  email: privacy@example.fi
register_name: Customer register
purposes:
  items:
    - purpose: invoicing
      legal_basis: b
data_subjects:
  items: [customers]
data_categories:
  retention: two years after the contract ends
  items:
    - category: contact details
sources:
  items: [data the customer gives]
provision_requirement: [Contact details are needed to make a contract.]
recipients:
  intro: [Data are not disclosed.]
transfers:
  outside_eea: false
automated_decisions:
  exists: false
security:
  electronic: [Access needs a personal account.]
  manual: [There is no manual material.]
"""


def _loaded(text: str, name: str = "test.yaml"):
    return load_text(text, name)


def _problems(text: str) -> list[str]:
    return [d.message for d in validate_loaded(_loaded(text))]


def _doc(text: str, lang: str = "en", kind: str = PUBLIC):
    loaded = _loaded(text)
    assert [str(d) for d in validate_loaded(loaded)] == []
    return build_document(Register("test", "test.yaml", loaded.data), lang, kind)


def _sections(doc) -> dict:
    return {s.id: s for s in doc.sections}


def _subheadings(section) -> list[str]:
    return [b.text for b in section.blocks if isinstance(b, Subheading)]


def _with_bases(*bases: str, marketing: bool = False) -> str:
    items = "".join(f"    - purpose: purpose {b}\n      legal_basis: {b}\n"
                    + ("      legitimate_interest: our interest\n" if b == "f" else "")
                    + ("      direct_marketing: true\n" if marketing and b == bases[-1] else "")
                    for b in bases)
    return SMALL.replace("    - purpose: invoicing\n      legal_basis: b\n", items)


# ---- the example ---------------------------------------------------------------------

def test_example_register_is_valid_in_three_languages():
    loaded = load_text(EXAMPLE, str(EXAMPLE_PATH))
    assert validate_loaded(loaded) == []
    assert loaded.data["languages"] == ["fi", "sv", "en"]


@pytest.mark.parametrize("lang, title", [
    ("fi", "Tietosuojaseloste ILJOJA Networks 1.11.2026"),
    ("sv", "Dataskyddsbeskrivning ILJOJA Networks 1.11.2026"),
    ("en", "Privacy notice: ILJOJA Networks, 1 November 2026")])
def test_example_title_in_each_language(lang, title):
    assert _doc(EXAMPLE, lang).title == title


def test_record_title_reference_and_sections():
    doc = _doc(EXAMPLE, "fi", RECORD)
    assert doc.title == "Seloste käsittelytoimista ILJOJA Networks 1.11.2026"
    assert doc.legal_reference == "EU:n yleinen tietosuoja-asetus (2016/679), 30 artiklan 1 kohta"
    assert [s.id for s in doc.sections] == ["controller", "contact", "register_name", "purposes", "data_subjects",
                                            "data_categories", "recipients", "transfers", "retention", "security"]


# ---- rights by legal basis -------------------------------------------------------------

ACCESS, RECT, ERASE, RESTRICT = ("Right of access", "Right to rectification", "Right to erasure",
                                 "Right to restriction of processing")
PORT, OBJECT, WITHDRAW = "Right to data portability", "Right to object", "Right to withdraw consent"
MARKETING, EXERCISE = "Right to object to direct marketing", "How to exercise your rights"
COMPLAINT = "Right to lodge a complaint with a supervisory authority"


@pytest.mark.parametrize("bases, marketing, expected", [
    (("b",), False, [ACCESS, RECT, ERASE, RESTRICT, PORT]),
    (("f",), False, [ACCESS, RECT, ERASE, RESTRICT, OBJECT]),                  # no portability
    (("c",), False, [ACCESS, RECT, RESTRICT]),                                 # no erasure: 17(3)(b)
    (("e",), False, [ACCESS, RECT, RESTRICT, OBJECT]),
    (("a",), False, [ACCESS, RECT, ERASE, RESTRICT, PORT, WITHDRAW]),
    (("b", "f"), True, [ACCESS, RECT, ERASE, RESTRICT, PORT, OBJECT, MARKETING]),
    (("a",), True, [ACCESS, RECT, ERASE, RESTRICT, PORT, WITHDRAW, MARKETING]),
])
def test_rights_follow_the_legal_bases(bases, marketing, expected):
    rights = _sections(_doc(_with_bases(*bases, marketing=marketing)))["rights"]
    assert _subheadings(rights) == expected + [EXERCISE, COMPLAINT]


def test_automated_decisions_add_their_right_and_description():
    text = SMALL.replace("  exists: false\n", "  exists: true\n  logic: [Scores from payment history.]\n"
                                              "  consequences: [A low score means payment in advance.]\n")
    sections = _sections(_doc(text))
    assert "Rights related to automated decisions" in _subheadings(sections["rights"])
    assert _subheadings(sections["automated_decisions"]) == ["The logic involved",
                                                             "Significance and envisaged consequences for you"]
    assert sections["automated_decisions"].blocks[1] == Paragraph("Scores from payment history.")
    assert "automated decisions" not in str(_sections(_doc(SMALL))["rights"])
    assert _sections(_doc(SMALL))["automated_decisions"].blocks[0].text.startswith(
        "The personal data are not used for decisions based solely on automated processing")


def test_own_text_on_exercising_rights_replaces_the_standard_one():
    text = SMALL + "rights:\n  how_to_exercise: [Write to privacy@example.fi.]\n"
    blocks = _sections(_doc(text))["rights"].blocks
    at = blocks.index(Subheading(EXERCISE))
    assert blocks[at + 1] == Paragraph("Write to privacy@example.fi.")


# ---- the supervisory authority, by date --------------------------------------------------

def test_authority_details_are_chosen_by_the_document_date():
    from policy_gen.facts import Facts
    facts = Facts(authorities=({"valid_from": "2018-05-25", "name": "old"}, {"valid_from": "2021-01-01", "name": "new"}))
    assert facts.authority("2018-05-24") is None
    assert facts.authority("2018-05-25")["name"] == "old"
    assert facts.authority("2020-12-31")["name"] == "old"
    assert facts.authority("2021-01-01")["name"] == "new"


@pytest.mark.parametrize("lang, rows", [
    ("fi", {"Nimi": "Tietosuojavaltuutettu", "Käyntiosoite": "Lintulahdenkuja 4, 00530 Helsinki",
            "Postiosoite": "PL 800, 00531 Helsinki", "Verkkosivusto": "https://tietosuoja.fi"}),
    ("sv", {"Namn": "Dataombudsmannen", "Besöksadress": "Fågelviksgränden 4, 00530 Helsingfors",
            "Postadress": "PB 800, 00531 Helsingfors", "Webbplats": "https://tietosuoja.fi/sv"}),
    ("en", {"Name": "Data Protection Ombudsman", "Postal address": "P.O. Box 800, 00531 Helsinki, Finland",
            "Phone": "+358 29 566 6700", "Website": "https://tietosuoja.fi/en"})])
def test_complaint_right_carries_the_authority_from_the_data_file(lang, rows):
    rights = _sections(_doc(EXAMPLE, lang))["rights"]
    printed = {row.label: row.value for row in rights.blocks[-1].rows}
    assert rows.items() <= printed.items()


def test_authority_file_entries_are_valid_contact_details_in_every_language():
    from policy_gen import schema as schemas
    from policy_gen.model import localise
    contact = schemas.validator("gdpr").evolve(schema={
        "$ref": "https://policy-gen.invalid/schemas/common.schema.json#/$defs/contact_details"})
    from policy_gen.facts import load_facts
    for entry in load_facts().authorities:
        for lang in ("fi", "sv", "en"):
            details = {k: v for k, v in localise(entry, lang).items() if k != "valid_from"}
            assert [e.message for e in contact.iter_errors(details)] == []


def test_a_notice_dated_before_the_gdpr_has_no_authority_and_is_refused():
    problems = _problems(SMALL.replace("date: 2024-05-01", "date: 2017-05-01"))
    assert problems == ["no supervisory authority details are known for 2017-05-01: a privacy notice can "
                        "take effect no earlier than 2018-05-25; write the date this notice takes effect in "
                        "'document.updated'"]
    assert _problems(SMALL.replace("date: 2024-05-01", "date: 2017-05-01\n  updated: 2019-01-01")) == []


# ---- purposes, transfers, sources ---------------------------------------------------------

def test_legitimate_interest_is_required_for_basis_f_and_refused_otherwise():
    text = SMALL.replace("legal_basis: b", "legal_basis: f")
    assert _problems(text) == ["missing 'purposes.items[1].legitimate_interest' (Legitimate interest (Art. 13(1)(d))): add it"]
    text = SMALL.replace("legal_basis: b", "legal_basis: b\n      legitimate_interest: ours")
    assert _problems(text) == ["'purposes.items[1].legitimate_interest' is printed only for legal basis f "
                               "(legitimate interests); change the basis to f, or delete this text"]


def test_legal_basis_must_be_a_to_f():
    assert _problems(SMALL.replace("legal_basis: b", "legal_basis: x")) == [
        "purposes.items[1].legal_basis 'x' is not allowed; write one of: a, b, c, d, e, f"]
    # a basis written as a word is answered with its letter (tests/test_messages.py)
    assert _problems(SMALL.replace("legal_basis: b", "legal_basis: contract")) == [
        "purposes.items[1].legal_basis: write b (contract) instead of 'contract'"]


TRANSFERS = """transfers:
  outside_eea: true
  items:
    - country: US
      mechanism: adequacy
    - country: IN
      recipient: monitoring subcontractor
      mechanism: safeguards
      safeguard: standard contractual clauses (2021/914)
      copy: Ask privacy@example.fi for a copy.
    - country: CH
      mechanism: derogation
      derogation: the transfer is necessary to perform the contract (Art. 49(1)(b)).
"""


def test_transfers_name_the_country_in_each_language_and_the_mechanism():
    text = SMALL.replace("transfers:\n  outside_eea: false\n", TRANSFERS)
    rows = [{r.label: r.value for r in b.rows} for b in _sections(_doc(text)).get("transfers").blocks]
    assert rows == [
        {"Country": "United States", "Transfer mechanism": "European Commission adequacy decision (Article 45 GDPR)"},
        {"Country": "India", "Recipient": "monitoring subcontractor",
         "Transfer mechanism": "Appropriate safeguards (Article 46 GDPR)",
         "Safeguards": "standard contractual clauses (2021/914)", "Copy of the safeguards": "Ask privacy@example.fi for a copy."},
        {"Country": "Switzerland", "Transfer mechanism": "Derogation for a specific situation (Article 49 GDPR)",
         "Derogation": "the transfer is necessary to perform the contract (Art. 49(1)(b))."}]
    fi = _doc(text.replace("languages: [en]", "languages: [fi]"), "fi")
    assert _sections(fi)["transfers"].blocks[0].rows[0].value == "Yhdysvallat"


def test_transfer_problems():
    text = SMALL.replace("transfers:\n  outside_eea: false\n", TRANSFERS)
    assert _problems(text.replace("      copy: Ask privacy@example.fi for a copy.\n", "")) == [
        "missing 'transfers.items[2].copy' (How to obtain a copy): add it"]
    assert _problems(text.replace("country: US", "country: SE")) == [
        "SE is in the EU/EEA, so sending data there is not a transfer outside it; delete this entry, "
        "or name the recipient under 'recipients'"]
    assert _problems(text.replace("country: US", "country: XY")) == [
        "'XY' is not an ISO 3166 country code; write the two-letter code, for example US"]
    assert _problems(SMALL.replace("outside_eea: false", "outside_eea: true")) == [
        "missing 'transfers.items' (Transfers): add it"]


def test_no_transfers_are_stated_explicitly():
    # Art. 13(1)(f): third countries *or international organisations*
    assert _sections(_doc(SMALL))["transfers"].blocks == (
        Paragraph("Data are not transferred to countries outside the EU or the EEA or to international "
                  "organisations."),)


def test_articles_13_and_14_follow_the_sources():
    only_13 = _doc(SMALL)
    assert only_13.legal_reference == "General Data Protection Regulation (EU) 2016/679, Article 13"
    assert "provision_requirement" in _sections(only_13)
    only_14 = _doc(SMALL.replace("  items: [data the customer gives]\n",
                                 "  external:\n    items:\n      - source: Trade register\n"
                                 "        provides: company details\n        publicly_accessible: true\n")
                   .replace("provision_requirement: [Contact details are needed to make a contract.]\n", ""))
    assert only_14.legal_reference == "General Data Protection Regulation (EU) 2016/679, Article 14"
    assert "provision_requirement" not in _sections(only_14)
    sources = _sections(only_14)["sources"].blocks
    assert [(i.term, i.text) for i in sources[0].items] == [
        ("Trade register", "company details (publicly accessible source)")]


def test_provision_requirement_is_required_when_data_come_from_the_person():
    assert _problems(SMALL.replace("provision_requirement: [Contact details are needed to make a contract.]\n",
                                   "")) == ["missing 'provision_requirement' (Whether the data must be provided (Art. 13(2)(e))): add it"]


def test_retention_per_category_with_a_default_for_the_others():
    text = SMALL.replace("    - category: contact details\n",
                         "    - category: contact details\n    - category: invoices\n"
                         "      retention: six years (Accounting Act)\n")
    [listing] = _sections(_doc(text))["retention"].blocks
    assert [(i.term, i.text) for i in listing.items] == [("invoices", "six years (Accounting Act)"),
                                                         ("Other data", "two years after the contract ends")]
    assert _sections(_doc(SMALL))["retention"].blocks == (Paragraph("two years after the contract ends"),)
    no_default = text.replace("  retention: two years after the contract ends\n", "")
    assert _problems(no_default) == ["missing 'data_categories.items[1].retention' (Retention period: give one "
                                     "here, or one for all categories in data_categories.retention): add it"]


def test_processors_are_listed_with_the_recipients():
    text = SMALL + "processors:\n  items:\n    - name: Billing Ltd\n      task: sending invoices\n"
    recipients = _sections(_doc(text))["recipients"].blocks
    assert recipients[1] == Subheading("Processors")
    assert isinstance(recipients[2], BulletList) and recipients[2].items[0].term == "Billing Ltd"


def test_extra_sections_can_follow_any_notice_section_but_stay_out_of_the_record():
    text = SMALL + ("extra_sections:\n  - id: cookies\n    heading: Cookies\n    after: rights\n"
                    "    intro: [The site uses session cookies.]\n")
    ids = [s.id for s in _doc(text).sections]
    assert ids[ids.index("rights") + 1] == "cookies"
    assert "cookies" not in [s.id for s in _doc(text, kind=RECORD).sections]
    [problem] = _problems(text.replace("after: rights", "after: purpose"))
    assert problem.startswith("'after: purpose' names no section; write one of: controller, register_name, "
                              "purposes, ")     # not contact or dpo: this register has neither


def test_dpo_and_representative_are_printed():
    text = SMALL.replace("  email: privacy@example.fi\n",
                         "  email: privacy@example.fi\n  representative:\n    name: EU Rep Oy\n") + \
        "dpo:\n  name: Data Protection Officer\n  email: dpo@example.fi\n"
    sections = _sections(_doc(text))
    assert Subheading("Representative") in sections["controller"].blocks
    assert sections["dpo"].heading == "Data protection officer"
    assert sections["dpo"].blocks[0] == Rows(sections["dpo"].blocks[0].rows)
    assert "dpo" not in _sections(_doc(SMALL))


# ---- languages --------------------------------------------------------------------------

def _write(tmp_path, text: str) -> Path:
    path = tmp_path / "registers" / "x.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _line_col(text: str, needle: str) -> tuple[int, int]:
    [line] = [i for i, t in enumerate(text.splitlines(), 1) if needle in t]
    return line, text.splitlines()[line - 1].index(needle) + 1


def test_a_missing_translation_names_the_field_and_the_language(tmp_path, run):
    text = EXAMPLE.replace("  en: Register of customers and partners\n", "")
    path = _write(tmp_path, text)
    code, out, err = run("validate", path)
    line, col = _line_col(text, "fi: Asiakas- ja yhteistyökumppanirekisteri")   # the texts start here
    assert code == 1
    assert err.splitlines()[0] == (f"{path}:{line}:{col}: error: 'register_name' has no 'en' text; "
                                   "the register is published in fi, sv, en")


def test_prose_written_once_in_a_register_of_several_languages_is_an_error(tmp_path, run):
    text = EXAMPLE.replace("    - category: {fi: asiakashistoria, sv: kundhistorik, en: customer history}\n",
                           "    - category: asiakashistoria\n")
    path = _write(tmp_path, text)
    code, out, err = run("validate", path)
    line, col = _line_col(text, "- category: asiakashistoria")
    assert (code, err.splitlines()[:-1]) == (1, [
        f"{path}:{line}:{col + len('- category: ')}: error: 'data_categories.items[4].category' is one text, "
        "but the register is published in fi, sv, en: write it in each language (fi: ..., sv: ..., en: ...)"])


def test_proper_names_codes_and_choices_may_stay_one_text():
    """The example writes names, streets, cities, source names, e-mail, phone, dates,
    legal bases and country codes once; none of them is reported."""
    data = load_text(EXAMPLE, "x.yaml").data
    assert data["controller"]["addresses"][0]["city"] == "Järvenpää"
    assert data["sources"]["external"]["items"][2]["source"] == "Suomen Asiakastieto Oy"
    assert validate_loaded(load_text(EXAMPLE, "x.yaml")) == []
    # the same rule holds for the 2015 framework
    old = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
    problems = _problems(old.replace("languages: [fi]", "languages: [fi, sv]"))
    assert problems and all(re.fullmatch(r"'[a-z_.\[\]0-9]+' is one text, but the register is published in fi, sv: "
                                         r"write it in each language \(fi: \.\.\., sv: \.\.\.\)", p) for p in problems)
    assert not any(p.startswith(("'controller.name'", "'controller.addresses[1].city'", "'controller.phone'",
                                 "'document.date'", "'sources.external.items[1].source'")) for p in problems)
    assert any(p.startswith("'register_name'") for p in problems)


def test_no_silent_fallback_to_finnish():
    """A register in Swedish only never shows a Finnish text: what is not given is an error."""
    text = SMALL.replace("languages: [en]", "languages: [sv]").replace(
        "register_name: Customer register", "register_name: {fi: Asiakasrekisteri}")
    assert "'register_name' has no 'sv' text; the register is published in sv" in _problems(text)


# ---- TODO items ------------------------------------------------------------------------

def test_todo_values_are_reported_once_each_where_they_stand(tmp_path, run):
    text = (SMALL.replace("legal_basis: b", "legal_basis: 'TODO: legal basis for purpose ''invoicing'' "
                                            "(Art. 6(1)): write one of a–f'")
            .replace("  exists: false", "  exists: 'TODO: write true or false'")
            .replace("    - category: contact details", "    - category: 'TODO: the categories'"))
    path = _write(tmp_path, text)
    code, out, err = run("validate", path)
    assert code == 1
    assert err.splitlines() == [
        f"{path}:{_line_col(text, 'legal_basis:')[0]}:20: error: TODO: legal basis for purpose 'invoicing' "
        "(Art. 6(1)): write one of a–f",
        f"{path}:{_line_col(text, 'TODO: the categories')[0]}:17: error: TODO: the categories",
        f"{path}:{_line_col(text, 'exists:')[0]}:11: error: TODO: write true or false",
        "policy-gen: 3 problems found"]


def test_fast_validator_agrees_with_jsonschema_on_the_gdpr_rules():
    """jsonschema-rs decides validity, jsonschema explains: they must agree on the conditional rules."""
    from policy_gen import schema
    text = SMALL.replace("transfers:\n  outside_eea: false\n", TRANSFERS)
    variants = [text, SMALL] + [text.replace(old, new) for old, new in [
        ("legal_basis: b", "legal_basis: f"), ("legal_basis: b", "legal_basis: g"),
        ("      copy: Ask privacy@example.fi for a copy.\n", ""), ("mechanism: derogation", "mechanism: adequacy"),
        ("      derogation: the transfer is necessary to perform the contract (Art. 49(1)(b)).\n", ""),
        ("outside_eea: true", "outside_eea: false"), ("  retention: two years after the contract ends\n", ""),
        ("  exists: false", "  exists: true"), ("provision_requirement:", "old_provision:"),
        ("  items: [data the customer gives]\n", ""), ("country: US", "country: us")]]
    for variant in variants:
        data = load_text(variant, "x.yaml").data
        fast = schema._fast_validator("gdpr").is_valid(data)
        slow = not list(schema.validator("gdpr").iter_errors(data))
        assert fast == slow, variant
    # all but the first two and "derogation -> adequacy" (a stray derogation text is allowed) are invalid
    assert sum(not schema._fast_validator("gdpr").is_valid(load_text(v, "x.yaml").data) for v in variants) == 10


def test_a_misspelt_key_is_reported_once_not_also_its_texts():
    text = EXAMPLE.replace("      legitimate_interest:\n        fi: ILJOJA Networksin etu markkinoida",
                           "      legitimate_interest: {fi: x, sv: y, en: z}\n      my_interest:\n"
                           "        fi: ILJOJA Networksin etu markkinoida")
    assert _problems(text) == ["unknown key 'my_interest' — did you mean 'legitimate_interest'?"]


@pytest.mark.parametrize("kind", [PUBLIC, RECORD])
def test_security_list_items_reach_the_notice_and_the_record(kind):
    text = EXAMPLE.replace("security:\n  intro:\n", "security:\n  items:\n    - {fi: palomuuri, sv: brandvägg, "
                                                    "en: firewall}\n  intro:\n")
    assert text != EXAMPLE
    security = _sections(_doc(text, "en", kind))["security"]
    assert [item.text for block in security.blocks if isinstance(block, BulletList)
            for item in block.items] == ["firewall"]
