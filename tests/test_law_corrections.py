"""The review's corrections to the law (issue 10, items 1-8), each pinned: every test here
fails on the code before the fix (seen failing against the base commit; see the report)."""
from __future__ import annotations

from pathlib import Path

import pytest

from policy_gen.frameworks import build_document
from policy_gen.i18n import Messages
from policy_gen.loader import load_file, load_text
from policy_gen.model import BulletList, Rows
from policy_gen.registers import Register, validate_loaded

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_PATH = ROOT / "registers" / "iljoja-networks-gdpr.yaml"
EXAMPLE = EXAMPLE_PATH.read_text("utf-8")
US_ADEQUACY = "    - country: US\n"
IN_SCC = "    - country: IN\n"


def _problems(text: str) -> list[str]:
    return [d.message for d in validate_loaded(load_text(text, "test.yaml"))]


def _dated(text: str, date: str) -> str:
    return text.replace("  date: 2026-11-01", f"  date: {date}")


def _document(text: str, lang: str):
    loaded = load_text(text, "test.yaml")
    assert validate_loaded(loaded) == []
    return build_document(Register("test", "test.yaml", loaded.data), lang)


def _section(document, ident):
    return next(s for s in document.sections if s.id == ident)


def _words(document) -> str:
    out = []
    for section in document.sections:
        for block in section.blocks:
            out.append(repr(block))
    return "\n".join(out)


# ---- 1. adequacy decisions are dated ----------------------------------------------------------

def test_1_india_has_no_adequacy_decision():
    """Fails without the dated adequacy data: any country passed as having a decision."""
    text = EXAMPLE.replace(IN_SCC, "    - country: IN\n      mechanism: adequacy\n").replace(
        "      mechanism: safeguards\n", "")
    problems = _problems(text)
    assert any(p.startswith("no adequacy decision for IN is in force on 2026-11-01") for p in problems), problems


@pytest.mark.parametrize("date", ["2020-07-16", "2021-06-01", "2023-07-09", "2015-10-06"])
def test_1_the_united_states_had_no_decision_between_the_fallen_ones_and_the_dpf(date):
    """Fails without the dated data: the US passed whatever the notice's date."""
    problems = _problems(_dated(EXAMPLE, date))
    assert any(p.startswith(f"no adequacy decision for US is in force on {date}") for p in problems), problems


@pytest.mark.parametrize("date", ["2016-08-01", "2020-07-15", "2023-07-10", "2026-11-01"])
def test_1_the_united_states_passes_while_a_decision_is_in_force(date):
    assert not [p for p in _problems(_dated(EXAMPLE, date)) if "adequacy" in p]


# ---- 2. Åland and the outermost regions are in the EU -----------------------------------------

@pytest.mark.parametrize("code", ["AX", "GP", "GF", "MQ", "RE", "YT", "MF"])
def test_2_aland_and_the_outermost_regions_are_not_third_countries(code):
    """Fails without the territory data: these codes were accepted as transfers outside the EU/EEA."""
    problems = _problems(EXAMPLE.replace(IN_SCC, f"    - country: {code}\n"))
    assert any(p.startswith(f"{code} (") and "is in the EU/EEA" in p for p in problems), problems


# ---- 3. Art. 21(1) ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, override, claims, authority", [
    ("fi", "joka syrjäyttää rekisteröidyn edut, oikeudet ja vapaudet",
     "oikeusvaateen laatimiseksi, esittämiseksi tai puolustamiseksi", "julkisen vallan käyttämiseen"),
    ("sv", "som väger tyngre än den registrerades intressen, rättigheter och friheter",
     "för fastställande, utövande eller försvar av rättsliga anspråk", "myndighetsutövning"),
    ("en", "which override the interests, rights and freedoms of the data subject",
     "for the establishment, exercise or defence of legal claims", "in the exercise of official authority")])
def test_3_the_right_to_object_follows_article_21_1(lang, override, claims, authority):
    """Fails on the old text, which left out the override, legal claims and official authority."""
    text = Messages(lang, "gdpr")("right.objection.text")
    assert override in text and claims in text and authority in text
    printed = _words(_document(EXAMPLE, lang))
    assert override in printed


# ---- 4. Art. 22(3) ------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, old, contract_or_consent", [
    ("fi", "Tällöinkin", "Kun päätös perustuu sopimukseen tai nimenomaiseen suostumukseesi"),
    ("sv", "Även då", "När beslutet grundar sig på ett avtal eller på ditt uttryckliga samtycke"),
    ("en", "Even then", "Where the decision is based on a contract or on your explicit consent")])
def test_4_human_intervention_is_promised_for_contract_and_consent_only(lang, old, contract_or_consent):
    """Fails on the old text, which promised the 22(3) safeguards 'even then' for decisions authorised by law."""
    text = Messages(lang, "gdpr")("right.automated.text")
    assert old not in text and contract_or_consent in text


# ---- 5. Finnish legal bases and the direct-marketing heading -------------------------------------

def test_5_finnish_basis_b_and_e_follow_the_official_wording():
    """Fails on the old Finnish texts of Art. 6(1)(b) and (e)."""
    fi = Messages("fi", "gdpr")
    assert "sopimuksen täytäntöön panemiseksi, jossa rekisteröity on osapuolena" in fi("legal_basis.b")
    assert "sopimuksen tekemistä edeltävien toimenpiteiden toteuttamiseksi rekisteröidyn pyynnöstä" in fi("legal_basis.b")
    assert fi("legal_basis.e").startswith("käsittely on tarpeen yleistä etua koskevan tehtävän suorittamiseksi tai "
                                          "rekisterinpitäjälle kuuluvan julkisen vallan käyttämiseksi")


def test_5_the_finnish_direct_marketing_heading_says_vastustaa():
    """Fails on the old heading, which used the repealed act's 'kieltää'."""
    heading = Messages("fi", "gdpr")("right.object_direct_marketing.heading")
    assert "vastustaa" in heading and "kielt" not in heading
    assert heading in _words(_document(EXAMPLE, "fi"))


# ---- 6. binding corporate rules are Art. 47 -------------------------------------------------------

BCR = """      mechanism: bcr
      safeguard:
        fi: konsernin hyväksytyt yritystä koskevat sitovat säännöt
        sv: koncernens godkända bindande företagsbestämmelser
        en: the group's approved binding corporate rules
"""


def test_6_binding_corporate_rules_are_printed_as_article_47():
    """Fails before the fix: 'bcr' was not a mechanism, and BCR could only be printed as Art. 46 safeguards."""
    text = EXAMPLE.replace("      mechanism: safeguards\n      safeguard:\n"
                           "        fi: Euroopan komission hyväksymät vakiosopimuslausekkeet (täytäntöönpanopäätös (EU) 2021/914)\n"
                           "        sv: standardavtalsklausuler som antagits av Europeiska kommissionen (genomförandebeslut (EU) 2021/914)\n"
                           "        en: standard contractual clauses adopted by the European Commission (Implementing Decision (EU) 2021/914)\n",
                           BCR)
    assert "mechanism: bcr" in text
    printed = _words(_document(text, "en"))
    assert "Binding corporate rules (Article 47 GDPR)" in printed


def test_6_binding_corporate_rules_under_article_46_are_refused():
    text = EXAMPLE.replace("standard contractual clauses adopted by the European Commission (Implementing "
                           "Decision (EU) 2021/914)", "the group's binding corporate rules")
    assert any("binding corporate rules, which are their own transfer basis (GDPR Art. 47)" in p
               for p in _problems(text))


# ---- 7. the supervisory authority -----------------------------------------------------------------

def _authority_rows(lang: str) -> dict[str, str]:
    rights = _section(_document(EXAMPLE, lang), "rights")
    return {row.label: row.value for row in rights.blocks[-1].rows}


@pytest.mark.parametrize("lang, office, registry, finland", [
    ("fi", ("Yhteystiedot", "Tietosuojavaltuutetun toimisto"), ("Kirjaamo", "029 566 6768"), False),
    ("sv", ("Kontaktuppgifter", "Dataombudsmannens byrå"), ("Registratorskontoret", "029 566 6768"), False),
    ("en", ("Contact details", "Office of the Data Protection Ombudsman"), ("Registry", "+358 29 566 6768"), True)])
def test_7_the_office_and_its_registry_are_named_and_english_addresses_say_finland(lang, office, registry, finland):
    """Fails before the fix: no Office, no registry phone, and no country in the English addresses."""
    rows = _authority_rows(lang)
    assert rows[office[0]] == office[1] and rows[registry[0]] == registry[1]
    addresses = [v for v in rows.values() if "00531" in v or "00530" in v]
    assert len(addresses) == 2 and all(a.endswith(", Finland") == finland for a in addresses)


def test_7_the_authority_keeps_its_history_with_unconfirmed_dates_marked():
    """Fails before the fix: one entry valid from 2018, no history, no mark of what is unconfirmed."""
    from policy_gen.resources import resource_dir
    data = load_file(resource_dir("data") / "supervisory-authority.yaml").data
    [current] = data["authorities"]
    assert current["valid_from_confirmed"] is False
    former = data["former_addresses"]
    assert any("Ratapihantie 9" in f["visiting"] and f["valid_to"] == "unknown" for f in former)


# ---- 8. the accounts are kept ten years, vouchers six ---------------------------------------------

def test_8_the_example_keeps_the_books_ten_years_and_vouchers_six():
    """Fails on the old example, which kept all accounting material six years."""
    categories = load_file(EXAMPLE_PATH).data["data_categories"]["items"]
    [accounts] = [c for c in categories if c["category"]["en"] == "invoicing and accounting records"]
    en = accounts["retention"]["en"]
    assert "financial statements ten years" in en and "vouchers and business correspondence six years" in en
    assert "kymmenen vuotta" in accounts["retention"]["fi"] and "tio år" in accounts["retention"]["sv"]
    assert "1336/1997" in en
