"""`policy-gen check`'s text report entirely in the language of messages (issue 12).

A Finnish lawyer read, under --lang fi, the coverage table's document names ("privacy notice,
data collected from the data subject (GDPR Art. 13)"), its item descriptions ("rights (standard
text by legal basis)") and its reasons for "not applicable" in English. Each is a catalogue
message now: these tests run `check` through the command line on both examples in fi, sv and en
and look for the English of every text the table can print. The FILE prefix, the item codes
(13(1)(d), 10 § 4) and the register's keys (transfers.outside_eea) stay as they are.

SARIF follows the language too (GitHub code scanning shows its rule descriptions at the top of
each alert, and its messages on the YAML line); JSON, read by programs, stays English.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

from policy_gen.diagnostics import msg, translate
from policy_gen.frameworks import gdpr_legal
from policy_gen.i18n import LANGUAGES, catalogue_keys, cli_texts
from policy_gen.legal import all_checks

ROOT = Path(__file__).resolve().parent.parent
GDPR_EXAMPLE = ROOT / "registers" / "iljoja-networks-gdpr.yaml"
HETIL_EXAMPLE = ROOT / "registers" / "iljoja-networks.yaml"
# the modules whose coverage functions write the table's texts, and the report's own words
TABLE_MODULES = ("frameworks/gdpr_legal", "frameworks/henkilotietolaki_10_legal")


def _table_templates() -> list[str]:
    """The English templates of every text the coverage table prints: each msg("...") inside the
    coverage functions (coverage, _item) of the frameworks' legal modules, and the table's status
    words in legal.py ("ok" is the same word in every language)."""
    found = []
    for name in TABLE_MODULES:
        tree = ast.parse((ROOT / "policy_gen" / f"{name}.py").read_text("utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef) and function.name in ("coverage", "_item"):
                found += [node.args[0].value for node in ast.walk(function)
                          if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg"
                          and node.args and isinstance(node.args[0], ast.Constant)]
    return found + ["n/a", "MISSING", "complete", "INCOMPLETE"]


def _english_pieces(template: str) -> list[str]:
    """The words of a template around its placeholders, those long enough to be told apart
    ('add '{field}'' -> "add '")."""
    return [piece for piece in re.split(r"\{\w+\}", template) if len(piece.strip(" '()")) >= 3]


def _gdpr_without_transfers(tmp_path) -> Path:
    """The GDPR example with no transfers outside the EU/EEA: 30(1)(e) does not apply."""
    text = GDPR_EXAMPLE.read_text("utf-8")
    text, count = re.subn(r"(?ms)^transfers:\n.*?(?=^automated_decisions:)", "transfers:\n  outside_eea: false\n\n",
                          text)
    assert count == 1
    path = tmp_path / "registers" / "asiakasrekisteri.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, "utf-8")
    return path


def _report(run, lang: str, *paths) -> list[str]:
    code, out, err = run("--lang", lang, "check", *paths)
    assert code == 0 and err == "", out + err
    return out.splitlines()


# what each language says: (a document heading, a description, a reason for "not applicable")
WORDS = {
    "fi": ("tietosuojaseloste, rekisteröidyltä kerätyt tiedot (EU:n yleinen tietosuoja-asetus, 13 artikla): "
           "täydellinen",
           "rights (vakioteksti oikeusperusteen mukaan)",
           "ei koske  tietosuojavastaavaa ei ole nimitetty (dpo puuttuu) eikä rekisterinpitäjä ole viranomainen",
           "seloste käsittelytoimista (EU:n yleinen tietosuoja-asetus, 30 artiklan 1 kohta): täydellinen",
           "ei koske  ei siirtoja EU:n/ETA:n ulkopuolelle (transfers.outside_eea: false)",
           "rekisteriseloste (henkilötietolaki 523/1999, 10 §): täydellinen"),
    "sv": ("dataskyddsbeskrivning, uppgifter som samlas in från den registrerade (dataskyddsförordningen, "
           "artikel 13): fullständig",
           "rights (standardtext enligt rättslig grund)",
           "gäller ej  inget dataskyddsombud har utnämnts (dpo saknas) och den personuppgiftsansvarige är inte en "
           "myndighet",
           "register över behandling (dataskyddsförordningen, artikel 30.1): fullständig",
           "gäller ej  inga överföringar utanför EU/EES (transfers.outside_eea: false)",
           "registerbeskrivning (personuppgiftslagen 523/1999, 10 §): fullständig"),
    "en": ("privacy notice, data collected from the data subject (GDPR Art. 13): complete",
           "rights (standard text by legal basis)",
           "n/a      no data protection officer is designated (dpo not given) and the controller is not a public "
           "authority",
           "record of processing activities (GDPR Art. 30(1)): complete",
           "n/a      no transfers outside the EU/EEA (transfers.outside_eea: false)",
           "rekisteriseloste (Henkilötietolaki 523/1999 10 §): complete"),
}


def test_the_table_templates_are_found():
    templates = _table_templates()
    assert "privacy notice, data collected from the data subject (GDPR Art. 13)" in templates
    assert "rekisteriseloste (Henkilötietolaki 523/1999 10 §)" in templates
    assert len(templates) >= 15


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_coverage_table_speaks_the_language_of_messages(run, tmp_path, lang):
    """Fails without the catalogue messages in the coverage functions and format_text's translate():
    the document names, descriptions and reasons came in English whatever --lang said."""
    register = _gdpr_without_transfers(tmp_path)
    lines = _report(run, lang, GDPR_EXAMPLE, HETIL_EXAMPLE, register)
    table = [line for line in lines if line.startswith("  ") or line.startswith(f"{GDPR_EXAMPLE}: ")
             or line.startswith(f"{HETIL_EXAMPLE}: ") or line.startswith(f"{register}: ")]
    assert len(table) == 2 * (3 + 12 + 13 + 7) + (1 + 5)
    heading13, rights, no_dpo, record, no_transfers, seloste = WORDS[lang]
    assert f"{GDPR_EXAMPLE}: {heading13}" in lines
    assert f"{GDPR_EXAMPLE}: {record}" in lines and f"{register}: {record}" in lines
    assert f"{HETIL_EXAMPLE}: {seloste}" in lines
    assert any(line.startswith("  13(2)(b)  ") and line.endswith(rights) for line in lines)
    assert any(line.startswith("  13(1)(b)  ") and line.endswith(no_dpo) for line in lines)
    assert [line for line in lines if line.startswith("  30(1)(e)  ") and line.endswith(no_transfers)] != []
    # the item codes stay codes, the register's keys stay keys
    codes = [line.split("  ")[1] for line in table if line.startswith("  ")]
    assert {"13(1)(a)", "13(2)(f)", "14(1)(d)", "14(2)(g)", "30(1)(a)", "30(1)(g)", "10 § 1", "10 § 5"} <= set(codes)
    assert any(line.startswith("  10 § 4  ") and line.endswith("disclosures, transfers.outside_eea")
               for line in lines)
    if lang == "en":
        return
    english = [(template, piece) for template in _table_templates() for piece in _english_pieces(template)]
    said = [(line, template) for line in table for template, piece in english if piece in line]
    assert said == []


@pytest.mark.parametrize("lang", ("fi", "sv"))
def test_no_english_word_of_the_table_is_left(run, tmp_path, lang):
    """Fails without the change: 'privacy notice', 'record of processing activities', 'standard text',
    'printed for basis', 'complaint', 'is not a public authority' and 'no transfers' were printed in
    English under --lang fi and --lang sv."""
    register = _gdpr_without_transfers(tmp_path)
    text = "\n".join(_report(run, lang, GDPR_EXAMPLE, HETIL_EXAMPLE, register))
    words = ("privacy notice", "record of processing", "data subject", "other sources", "standard text",
             "legal basis", "printed for", "complaint", "designated", "public authority", "no transfers",
             "GDPR Art.", "Henkilötietolaki 523/1999 10 §")
    assert [word for word in words if word in text] == []


@pytest.mark.parametrize("lang, words", [
    ("fi", ("lisää 'provision_requirement'",
            "mikään käyttötarkoitus ei perustu oikeutettuun etuun (6 artiklan 1 kohdan f alakohta)",
            "mikään käsittely ei perustu suostumukseen (6 artiklan 1 kohdan a alakohta, 9 artiklan 2 kohdan a "
            "alakohta)",
            "14 artiklan 5 kohdan c alakohdan mukainen poikkeus, ilmoitettu kohdassa art14_exemption",
            "lisää 'rights (oikeus tehdä valitus valvontaviranomaiselle; data/supervisory-authority.yaml)'")),
    ("sv", ("lägg till 'provision_requirement'",
            "inget ändamål grundar sig på berättigat intresse (artikel 6.1 f)",
            "ingen behandling grundar sig på samtycke (artikel 6.1 a, 9.2 a)",
            "undantag enligt artikel 14.5 c, angivet i art14_exemption",
            "lägg till 'rights (rätten att lämna in klagomål till en tillsynsmyndighet; "
            "data/supervisory-authority.yaml)'")),
    ("en", ("add 'provision_requirement'",
            "no purpose rests on legitimate interests (Art. 6(1)(f))",
            "no processing rests on consent (Art. 6(1)(a), 9(2)(a))",
            "Art. 14(5)(c) exemption declared in art14_exemption",
            "add 'rights (complaint; data/supervisory-authority.yaml)'"))])
def test_the_reasons_the_examples_do_not_meet_are_said_in_the_language(lang, words):
    """The reasons a valid example never prints (a missing item, no legitimate interests, no consent,
    an Art. 14(5) exemption), as the table prints them: through translate() in the language."""
    lookup = cli_texts(lang)
    missing, interests, consent, exemption, complaint = words
    assert translate(gdpr_legal._item("13(2)(e)", True, "provision_requirement", False).reason, lookup) == missing
    assert translate(msg("no purpose rests on legitimate interests (Art. 6(1)(f))"), lookup) == interests
    assert translate(msg("no processing rests on consent (Art. 6(1)(a), 9(2)(a))"), lookup) == consent
    assert translate(msg("Art. 14(5)({point}) exemption declared in art14_exemption", point="c"), lookup) == exemption
    rights = gdpr_legal._item("13(2)(d)", True, msg("rights (complaint; data/supervisory-authority.yaml)"), False)
    assert translate(rights.reason, lookup) == complaint


# ---- SARIF, which GitHub shows the lawyer, and JSON, which programs read --------------------------

def test_every_check_title_is_in_every_catalogue():
    """The checks' titles (SARIF's rule descriptions) are entries in context "check": each in fi, sv
    and en (English says what the code says), and no entry in that context is left over."""
    titles = {check.title for check in all_checks()}
    assert len(titles) > 30
    for lang in LANGUAGES:
        lookup = cli_texts(lang)
        assert sorted(t for t in titles if not lookup(t, "check")) == [], lang
        assert sorted(key for context, key in catalogue_keys(lang) if context == "check" and key not in titles) == []
    assert [t for t in titles if cli_texts("en")(t, "check") != t] == []
    assert [t for t in titles if cli_texts("fi")(t, "check") == t or cli_texts("sv")(t, "check") == t] == []


SARIF_WORDS = {
    "fi": ("Säilytysaika on ajanjakso tai kriteerit, ei koskaan 'toistaiseksi'.",
           "'toistaiseksi' ei ole säilytysaika: anna säilytysaika tai kriteerit"),
    "sv": ("Lagringstiden är en period eller kriterier, aldrig 'tills vidare'.",
           "'tills vidare' är ingen lagringstid: ange lagringstiden eller de kriterier"),
    "en": ("Retention is a period or criteria, never 'indefinitely'.",
           "'indefinitely' is not a retention period: give the period, or the criteria that end it"),
}


def _indefinitely(tmp_path) -> Path:
    """The GDPR example whose first retention period is 'toistaiseksi': finding L17."""
    text = GDPR_EXAMPLE.read_text("utf-8")
    old = "    fi: asiakassuhteen ajan ja kaksi vuotta sen päättymisen jälkeen"
    assert text.count(old) == 1
    path = tmp_path / "gdpr.yaml"
    path.write_text(text.replace(old, "    fi: toistaiseksi"), "utf-8")
    return path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sarif_speaks_the_language_of_messages(tmp_path, run, lang):
    """Fails without format_sarif's translate(): GitHub showed the lawyer each rule's description at
    the top of an alert, and each finding on its line, in English whatever --lang said. The ids,
    levels, provisions and locations stay as they are."""
    path = _indefinitely(tmp_path)
    code, out, err = run("--lang", lang, "check", "--format", "sarif", path)
    assert code == 1 and err == ""
    run_ = json.loads(out)["runs"][0]
    rules = {rule["id"]: rule for rule in run_["tool"]["driver"]["rules"]}
    title, message = SARIF_WORDS[lang]
    assert rules["L17"]["shortDescription"]["text"] == title
    assert rules["L17"]["fullDescription"]["text"] == f"{title} (GDPR 5(1)(e); 13(2)(a); 14(2)(a))"
    assert rules["L17"]["properties"]["provision"] == "GDPR 5(1)(e); 13(2)(a); 14(2)(a)"
    found = [r for r in run_["results"] if r["ruleId"] == "L17"]
    assert len(found) == 1 and found[0]["level"] == "error" and message in found[0]["message"]["text"]
    assert found[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("gdpr.yaml")
    if lang != "en":
        english = {check.id: check.title for check in all_checks() if check.framework == "gdpr"}
        assert [i for i, rule in rules.items() if rule["shortDescription"]["text"] == english.get(i)] == []


def test_sarif_names_an_invalid_register_in_the_language(register, run):
    broken = register(("date: 2015-01-01", "date: 31.12.2024"), name="broken")
    code, out, err = run("--lang", "fi", "check", "--format", "sarif", broken.path)
    assert code == 1
    document = json.loads(out)["runs"][0]
    invalid = [rule for rule in document["tool"]["driver"]["rules"] if rule["id"] == "invalid"]
    assert invalid[0]["shortDescription"]["text"] == "Rekisteri ei ole kelvollinen; korjaa se, jotta se voidaan tarkistaa"
    assert any("kirjoita 2024-12-31" in r["message"]["text"] for r in document["results"] if r["ruleId"] == "invalid")


def test_the_json_report_stays_english_for_programs(run):
    """JSON is read by programs: the same keys and the same English texts whatever the language of
    messages (a CI runner's locale must not change what a program parses)."""
    reports = [json.loads(run("--lang", lang, "check", "--format", "json", GDPR_EXAMPLE)[1]) for lang in LANGUAGES]
    assert reports[0] == reports[1] == reports[2]
    assert [c["document"] for c in reports[0]["coverage"]] == [
        "privacy notice, data collected from the data subject (GDPR Art. 13)",
        "privacy notice, data from other sources (GDPR Art. 14)",
        "record of processing activities (GDPR Art. 30(1))"]
    assert set(reports[0]["coverage"][0]["items"][0]) == {"item", "status", "field", "reason"}
