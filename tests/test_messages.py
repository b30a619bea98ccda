"""Messages the legal team can act on, in Finnish, Swedish and English (issue 12).

The command line speaks the language of --lang (before or after the command) or of the
locale; only the message is translated, the FILE:LINE:COL: severity: prefix stays as
programs read it. Each message a lawyer meets is tried in the three languages.
"""
from __future__ import annotations

import ast
import pickle
import re
from pathlib import Path

import pytest

from policy_gen.cli import language_from_environment, message_language
from policy_gen.diagnostics import Diagnostic, msg, translate
from policy_gen.i18n import LANGUAGES, catalogue_keys, cli_texts

ROOT = Path(__file__).resolve().parent.parent
GDPR_EXAMPLE = ROOT / "registers" / "iljoja-networks-gdpr.yaml"
TRANSLATED = ("diagnostics", "loader", "limits", "schema", "checks", "cli", "registers", "frameworks/gdpr", "legal",
              "frameworks/henkilotietolaki_10_legal", "frameworks/gdpr_legal", "render/errors", "scaffold",
              "tools_cli", "preview", "migrate", "importing/command", "importing/placing",
              "importing/readers", "cache", "fsutil", "history", "merge", "safefs", "sitewriter",
              "progress")


def _templates() -> dict[str, str]:
    """Every message template the translated modules write: the first argument of msg(...).
    Inside a function whose parameter or local variable is called `msg` (a framework's Messages:
    msg("label.x")), `msg` is that, not a message of the command line."""
    found = {}
    for name in TRANSLATED:
        path = ROOT / "policy_gen" / f"{name}.py"
        tree = ast.parse(path.read_text("utf-8"))
        shadowed = {id(inner) for node in ast.walk(tree)
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
                    and ("msg" in {a.arg for a in node.args.posonlyargs + node.args.args + node.args.kwonlyargs}
                         or any(isinstance(n, ast.Name) and n.id == "msg" and isinstance(n.ctx, ast.Store)
                                for n in ast.walk(node)))
                    for inner in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in shadowed:
                continue
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "msg" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{name}.py:{node.lineno}")
    return found


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


# ---- the catalogues ------------------------------------------------------------------------------

def test_every_message_is_in_every_catalogue_with_the_same_placeholders():
    templates = _templates()
    assert len(templates) > 100, "the pattern finds no messages: it is out of date"
    for lang in LANGUAGES:
        lookup = cli_texts(lang)
        missing = [(where, t) for t, where in templates.items() if lookup(t) is None]
        assert missing == [], lang
        wrong = [t for t in templates if _fields(lookup(t)) != _fields(t)]
        assert wrong == [], lang
    english = cli_texts("en")
    assert [t for t in templates if english(t) != t] == []       # English says what the code says


def test_no_catalogue_message_is_stale():
    used = set(_templates())
    assert sorted(key for context, key in catalogue_keys("fi") if context == "cli" and key not in used) == []


def _schema_texts() -> dict[str, str]:
    """Every text a schema gives the lawyer: each `errorMessage`, `patternErrorMessage` and `title`
    string in schemas/*.schema.json (text -> "FILE KEY" where it is first found)."""
    import json
    found = {}

    def walk(node, where):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("errorMessage", "patternErrorMessage", "title") and isinstance(value, str):
                    found.setdefault(value, f"{where} {key}")
                walk(value, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, where)

    for path in sorted((ROOT / "schemas").glob("*.schema.json")):
        walk(json.loads(path.read_text("utf-8")), path.name)
    return found


def test_every_schema_text_is_in_every_catalogue():
    """The schemas' fix texts and titles reach the lawyer in the language of --lang: each has an
    entry in context "schema" in fi, sv and en (English: the schema's text itself). A translation
    keeps the key names and example values the schema names (a word in '...' or [...], a snake_case
    key, a fix text's numbers)."""
    texts = _schema_texts()
    assert len(texts) > 150, "the walk finds no schema texts: it is out of date"
    for lang in LANGUAGES:
        lookup = cli_texts(lang)
        assert [(where, t) for t, where in texts.items() if lookup(t, "schema") is None] == [], lang
        for text, where in texts.items():
            examples = r"|\+?\d[\d -]*\d" if where.endswith("Message") else ""     # a title's numbers are law
            kept = re.findall(r"(?<![A-Za-z])'[^']*'|\[[^\]]*\]|\b[a-z]+_[a-z_.]+\b" + examples, text)
            assert [k for k in kept if k not in lookup(text, "schema")] == [], (lang, text)
    english = cli_texts("en")
    assert [t for t in texts if english(t, "schema") != t] == []


def test_no_schema_catalogue_entry_is_stale():
    used = set(_schema_texts())
    for lang in LANGUAGES:
        assert sorted(key for context, key in catalogue_keys(lang) if context == "schema" and key not in used) == []


@pytest.mark.parametrize("old, new, english, fi, sv", [
    ("languages: [fi, sv, en]", "languages: fi",
     "languages is 'fi': write a list of language codes, for example [fi] or [fi, sv, en]",
     "languages on 'fi': kirjoita luettelo kielikoodeista, esimerkiksi [fi] tai [fi, sv, en]",
     "languages är 'fi': skriv en lista med språkkoder, till exempel [fi] eller [fi, sv, en]"),
    ("business_id: 2039096-6", "business_id: 20390966",
     "controller.business_id '20390966': write the business ID as seven digits, a hyphen and the check digit, "
     "for example 2039096-6",
     "controller.business_id '20390966': kirjoita Y-tunnus seitsemänä numerona, yhdysmerkkinä ja "
     "tarkistusnumerona, esimerkiksi 2039096-6",
     "controller.business_id '20390966': skriv FO-numret som sju siffror, ett bindestreck och kontrollsiffran, "
     "till exempel 2039096-6"),
    ("automated_decisions:\n  exists: false\n", "",
     "missing 'automated_decisions' (Automated decision-making and profiling (Art. 13(2)(f))): add it",
     "'automated_decisions' (Automaattinen päätöksenteko ja profilointi (13 artiklan 2 kohdan f alakohta)) "
     "puuttuu: lisää se",
     "'automated_decisions' (Automatiserat beslutsfattande och profilering (artikel 13.2 f)) saknas: "
     "lägg till det"),
])
def test_a_schema_fix_text_and_title_follow_lang(tmp_path, run, old, new, english, fi, sv):
    """Fails without schema_text() in schema.py: the schema's errorMessage, patternErrorMessage and
    the missing property's title were printed in English whatever --lang said."""
    path = _gdpr(tmp_path, old, new)
    for lang, words in (("en", english), ("fi", fi), ("sv", sv)):
        code, out, err = run("--lang", lang, "validate", path)
        assert (code, out) == (1, "")
        line = err.splitlines()[0]
        assert line.split(": error: ", 1)[1] == words, lang
    assert run("validate", path)[2].splitlines()[0].endswith(": error: " + english)   # English unchanged


def test_a_schema_text_is_never_formatted_and_survives_pickling():
    """A schema text has no parameters: its braces are text; a worker process sends it back translatable."""
    from policy_gen.diagnostics import schema_text
    text = pickle.loads(pickle.dumps(schema_text("write text here, or one text per language "
                                                 "(fi: ..., sv: ..., en: ...)")))
    assert text.context == "schema"
    assert translate(text, cli_texts("sv")) == "skriv en text här eller en text per språk (fi: ..., sv: ..., en: ...)"
    assert translate(msg("{field}: {fix}", field="x", fix=schema_text("{odd}")), cli_texts("fi")) == "x: {odd}"


def test_a_phrase_inside_a_message_is_translated_too_and_english_is_the_string_itself():
    text = msg("unknown key '{key}'{hint}", key="nmae", hint=msg(" — did you mean '{close}'?", close="name"))
    assert text == "unknown key 'nmae' — did you mean 'name'?"
    assert translate(text, None) == text
    assert translate(text, cli_texts("fi")) == "tuntematon avain 'nmae' – tarkoititko 'name'?"
    assert translate(text, cli_texts("sv")) == "okänd nyckel 'nmae' – menade du 'name'?"


def test_diagnostics_keep_their_translation_across_worker_processes():
    """Worker processes send diagnostics back pickled: the message is still translatable."""
    diagnostic = Diagnostic("f.yaml", 1, 2, msg("duplicate key '{key}' (first at line {line}); keep one and "
                                                "delete the other", key="a", line=1))
    back = pickle.loads(pickle.dumps(diagnostic))
    assert back == diagnostic
    assert back.text(cli_texts("fi")) == "f.yaml:1:2: error: avain 'a' on kahdesti (ensin rivillä 1); " \
                                         "säilytä niistä vain yksi"


# ---- choosing the language -----------------------------------------------------------------------

@pytest.mark.parametrize("environ, lang", [
    ({}, "en"), ({"LANG": "C.UTF-8"}, "en"), ({"LANG": "fi_FI.UTF-8"}, "fi"), ({"LANG": "sv_FI.UTF-8"}, "sv"),
    ({"LANG": "de_DE.UTF-8"}, "en"), ({"LC_MESSAGES": "sv_SE", "LANG": "fi_FI"}, "sv"),
    ({"LC_ALL": "fi_FI.UTF-8", "LC_MESSAGES": "sv_SE", "LANG": "en_GB"}, "fi"),
    ({"LC_ALL": "", "LANG": "sv_SE.UTF-8"}, "sv"), ({"LC_ALL": "C", "LANG": "fi_FI"}, "en"),
])
def test_the_locale_chooses_the_language(environ, lang):
    assert language_from_environment(environ) == lang


@pytest.mark.parametrize("argv, lang", [
    (["--lang", "fi", "validate"], "fi"), (["validate", "--lang", "sv", "x.yaml"], "sv"),
    (["validate", "--lang=fi"], "fi"), (["--lang=sv", "build", "--out", "b"], "sv"),
    (["validate", "x.yaml"], "en"),
    (["import", "doc.txt", "--lang", "fi"], "en"),          # import's --lang is the document's language
    (["--lang", "sv", "new", "x", "--lang", "fi"], "sv"),   # new's --lang is the register's languages
])
def test_lang_before_or_after_the_command(argv, lang):
    assert message_language(argv) == lang


def test_the_locale_reaches_the_command_line(register, run, monkeypatch):
    reg = register(("date: 2015-01-01", "date: 31.12.2024"))
    monkeypatch.setenv("LANG", "fi_FI.UTF-8")
    assert "kirjoita 2024-12-31 (vuosi-kuukausi-päivä)" in run("validate", reg.path)[2]
    assert "write 2024-12-31" in run("validate", "--lang", "en", reg.path)[2]


# ---- the summary lines, and the prefix programs read ---------------------------------------------

@pytest.mark.parametrize("lang, summary", [
    ("fi", "policy-gen: löytyi 1 ongelma; mitään ei kirjoitettu"),
    ("sv", "policy-gen: 1 problem hittades; ingenting skrevs"),
    ("en", "policy-gen: 1 problem found; nothing was written"),
])
def test_summary_in_each_language_and_the_prefix_stays(register, run, tmp_path, lang, summary):
    reg = register(("date: 2015-01-01", "date: 31.12.2024"))
    code, out, err = run("--lang", lang, "build", reg.path, "--out", tmp_path / "site", "--format", "json")
    assert code == 1 and out == ""
    line, summary_line = err.splitlines()
    assert line.startswith(reg.at("date: 31.12.2024", "31.12.2024"))        # FILE:LINE:COL: error:
    assert summary_line == summary


USAGE = {"fi": "käyttö: ", "sv": "användning: ", "en": "usage: "}     # argparse's own word, translated


@pytest.mark.parametrize("lang, words", [
    ("fi", "tuntematon valinta --bogus"), ("sv", "okänt alternativ --bogus"),
    ("en", "unknown option --bogus")])
def test_an_unknown_option_is_answered_with_that_commands_usage(capsys, lang, words):
    """Fails without the check of parse_known_args' leftovers: argparse printed the top-level usage
    ('usage: policy-gen [-h] [--version] ...') for an option of `validate`."""
    from policy_gen.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--lang", lang, "--bogus"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(USAGE[lang] + "policy-gen validate ") and err.endswith(f"policy-gen validate: error: {words}\n")


def test_unknown_option_usage_text(capsys):
    from policy_gen.cli import main
    for argv, usage in ((["validate", "--bogus"], "usage: policy-gen validate "),
                        (["build", "--lang", "fi", "--bogus"], "käyttö: policy-gen build "),
                        (["--bogus", "validate"], "usage: policy-gen [-h]")):
        with pytest.raises(SystemExit):
            main(argv)
        err = capsys.readouterr().err
        assert err.startswith(usage), argv
    with pytest.raises(SystemExit):
        main(["--lang", "fi", "validate", "--bogus"])
    err = capsys.readouterr().err
    assert err.startswith("käyttö: policy-gen validate ") and "error: tuntematon valinta --bogus" in err
    with pytest.raises(SystemExit):
        main(["--lang", "sv", "validate", "--jobs", "x"])
    assert "argument --jobs: 'x' är inte ett antal arbetsprocesser (1 eller fler)" in capsys.readouterr().err


# ---- each message a lawyer meets, in three languages ---------------------------------------------

def _lines(run, lang, path, code=1) -> list[str]:
    got, out, err = run("--lang", lang, "validate", path)
    assert got == code, err
    return err.splitlines()


def _gdpr_with(tmp_path: Path, *replacements: tuple[str, str]) -> tuple[Path, str]:
    """The GDPR example with each `old` (found exactly once) replaced by `new`, written as
    tmp/reg.yaml: (its path, the original text)."""
    text = GDPR_EXAMPLE.read_text("utf-8")
    changed = text
    for old, new in replacements:
        assert changed.count(old) == 1, f"{old!r} is not in the example exactly once"
        changed = changed.replace(old, new)
    path = tmp_path / "reg.yaml"
    path.write_text(changed, "utf-8")
    return path, text


NBSP = {"fi": "sitova välilyönti (U+00A0)", "sv": "ett hårt mellanslag (U+00A0)",
        "en": "a non-breaking space (U+00A0)"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_non_breaking_space_after_a_colon_is_named_on_its_own_line(register, run, lang):
    """Fails without loader._invisible_near: the problem was reported a line later, at the next key,
    as "could not find expected ':'"."""
    reg = register(("  legal_reference: Henkilötietolaki", "  legal_reference:\u00a0Henkilötietolaki"))
    line, col = reg.pos("legal_reference:")
    lines = _lines(run, lang, reg.path)
    assert lines[0].startswith(f"{reg.path}:{line}:{col + len('legal_reference:')}: error: ")
    assert NBSP[lang] in lines[0] and "expected" not in lines[0]
    assert len(lines) == 2


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_non_breaking_space_in_the_indentation_is_named(register, run, lang):
    """Fails without loader._invisible_near: YAML's own complaint about the indentation came instead."""
    reg = register(("  business_id: 2039096-6", "\u00a0 business_id: 2039096-6"))
    line, _ = reg.pos("business_id:")
    lines = _lines(run, lang, reg.path)
    assert lines[0].startswith(f"{reg.path}:{line}:1: error: ") and NBSP[lang] in lines[0]
    assert len(lines) == 2
    # said as a space YAML does not read as one, not as a character in the key (it is before it)
    assert {"fi": "jota YAML ei lue välilyönniksi", "sv": "som YAML inte läser som ett mellanslag",
            "en": "YAML does not read as a space"}[lang] in lines[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_non_breaking_space_in_a_key_is_named_not_an_unknown_key(register, run, lang):
    """Fails without the key check in loader._Builder._invisible: the key 'business_id\\xa0' was
    reported as an unknown key."""
    reg = register(("  business_id: 2039096-6", "  business_id\u00a0: 2039096-6"))
    line, col = reg.pos("business_id", "\u00a0")
    lines = _lines(run, lang, reg.path)
    assert lines[0].startswith(f"{reg.path}:{line}:{col}: error: ") and NBSP[lang] in lines[0]
    assert "unknown key" not in lines[0] and len(lines) == 2


ZWSP = {"fi": "nollalevyinen välilyönti (U+200B)", "sv": "ett mellanslag med noll bredd (U+200B)",
        "en": "a zero-width space (U+200B)"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_zero_width_space_in_a_text_is_pointed_at(register, run, lang):
    """Fails without the check: the invisible character was published inside the register's name."""
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                    "register_name: Asiakas- ja yhteistyö\u200bkumppanirekisteri"))
    line, col = reg.pos("register_name:", "\u200b")
    lines = _lines(run, lang, reg.path)
    assert lines[0].startswith(f"{reg.path}:{line}:{col}: error: ") and ZWSP[lang] in lines[0]


@pytest.mark.parametrize("lang, words", [("fi", "ajatusviiva (–)"), ("sv", "ett tankstreck (–)"),
                                         ("en", "an en dash (–)")])
def test_a_list_item_started_with_a_dash_is_named(register, run, lang, words):
    reg = register(("    - tekninen tuki", "    – tekninen tuki"))
    lines = _lines(run, lang, reg.path)
    line, col = reg.pos("– tekninen tuki", "–")
    assert lines[0].startswith(f"{reg.path}:{line}:{col}: error: ") and words in lines[0] and "'- '" in lines[0]


@pytest.mark.parametrize("lang, words", [("fi", "kirjoita 2024-12-31"), ("sv", "skriv 2024-12-31"),
                                         ("en", "write 2024-12-31 (year-month-day)")])
@pytest.mark.parametrize("written", ["31.12.2024", "31/12/2024", "2024–12–31"])
def test_a_date_written_day_first_is_answered_with_the_iso_date(register, run, lang, words, written):
    """Fails without schema._better_fix: the answer was 'write the date as YYYY-MM-DD, for example 2015-01-01'."""
    reg = register(("date: 2015-01-01", f"date: {written}"))
    lines = _lines(run, lang, reg.path)
    assert lines[0].startswith(reg.at("date:", written)) and len(lines) == 2
    assert "2024-12-31" in lines[0]
    if "–" not in written:
        assert words in lines[0]


def _gdpr(tmp_path, old: str, new: str) -> Path:
    text = GDPR_EXAMPLE.read_text("utf-8")
    assert text.count(old) == 1
    path = tmp_path / "gdpr.yaml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


LETTER_WORDS = {"a": {"fi": "kirjoita a (suostumus) eikä", "sv": "skriv a (samtycke) i stället för",
                      "en": "write a (consent) instead of"},
                "b": {"fi": "kirjoita b (sopimus) eikä", "sv": "skriv b (avtal) i stället för",
                      "en": "write b (contract) instead of"},
                "f": {"fi": "kirjoita f (oikeutettu etu) eikä", "sv": "skriv f (berättigat intresse) i stället för",
                      "en": "write f (legitimate interests) instead of"}}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("written, letter", [
    ("consent", "a"), ("suostumus", "a"), ("samtycke", "a"), ("6(1)(a)", "a"), ("6.1 a", "a"),
    ("Art. 6(1)(a)", "a"), ("sopimus", "b"), ("contract", "b"), ("avtal", "b"),
    ("oikeutettu etu", "f"), ("legitimate interest", "f"), ("berättigat intresse", "f"),
])
def test_a_legal_basis_written_as_a_word_is_answered_with_its_letter(tmp_path, run, lang, written, letter):
    """Fails without schema._legal_basis_letter: the answer listed the letters a-f without saying which."""
    path = _gdpr(tmp_path, "legal_basis: a         # example value",
                 f"legal_basis: \"{written}\"         # example value")
    lines = [line for line in _lines(run, lang, path) if "legal_basis" in line]
    assert len(lines) == 1
    assert f"{LETTER_WORDS[letter][lang]} '{written}'" in lines[0]


JARGON = ["sequence entries are not allowed", "mapping values are not allowed", "could not find expected",
          "expected <block end>", "did not find expected", "cannot start any token", "not valid YAML"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("old, new, where, words", [
    ("register_name: Asiakas", "register_name: - Asiakas", "register_name:",
     {"en": "a list item ('- ') cannot start here", "fi": "luettelon kohta ('- ') ei voi alkaa tästä",
      "sv": "en listpunkt ('- ') kan inte börja här"}),
    ("register_name: Asiakas- ja yhteistyökumppanirekisteri\n",
     "register_name: Asiakas- ja yhteistyökumppanirekisteri\nHuomautus\n", "Huomautus",
     {"en": "this line has no ':' after its key", "fi": "tällä rivillä ei ole kaksoispistettä",
      "sv": "den här raden har inget ':' efter nyckeln"}),
    ("register_name: Asiakas", "register_name: @Asiakas", "register_name:",
     {"en": "text cannot start with '@' unquoted", "fi": "teksti ei voi alkaa merkillä '@'",
      "sv": "text kan inte börja med '@'"}),
    ("  name: ILJOJA Networks\n  business_id", "  name: ILJOJA Networks\n   business_id", "business_id:",
     {"en": "a ':' followed by a space", "fi": "kaksoispiste, jota seuraa välilyönti",
      "sv": "ett ':' följt av ett mellanslag"}),
])
def test_yaml_jargon_is_said_in_plain_words(register, run, lang, old, new, where, words):
    """Fails without the new cases in loader._yaml_error: 'this is not valid YAML (sequence entries are
    not allowed here)' and 'could not find expected ':'' reached the legal team."""
    reg = register((old, new))
    lines = _lines(run, lang, reg.path)
    assert len(lines) == 2 and words[lang] in lines[0]
    assert not any(jargon in lines[0] for jargon in JARGON)
    assert lines[0].startswith(f"{reg.path}:{reg.pos(where)[0]}:")


@pytest.mark.parametrize("lang, words", [
    ("fi", "tuntematon avain 'business_id': 'business_id' kuuluu avaimen 'controller' alle"),
    ("sv", "okänd nyckel 'business_id': 'business_id' hör hemma under 'controller'"),
    ("en", "unknown key 'business_id': 'business_id' belongs under 'controller'; move it there")])
def test_a_key_under_the_wrong_group_is_told_where_it_belongs(register, run, lang, words):
    """Fails without schema._belongs and the `misplaced` filter: the message listed every key allowed
    at the top level, and 'missing controller.business_id' came as well."""
    reg = register(("  business_id: 2039096-6\n", ""),
                   ("register_name:", "business_id: 2039096-6\nregister_name:"))
    lines = _lines(run, lang, reg.path)
    assert lines[0].startswith(reg.at("business_id:") + words) and len(lines) == 2


@pytest.mark.parametrize("lang, words", [
    ("fi", "tuntematon avain 'email': 'email' kuuluu avaimen 'controller' alle; siirrä se sinne"),
    ("sv", "okänd nyckel 'email': 'email' hör hemma under 'controller'; flytta den dit"),
    ("en", "unknown key 'email': 'email' belongs under 'controller'; move it there")])
def test_a_key_inside_the_wrong_group_is_told_the_group_around_it(tmp_path, run, lang, words):
    """'email' indented into the controller's address belongs to the controller, the group it is in,
    not to 'contact' or 'dpo' as well (fails without the enclosing-group rule of schema._belongs:
    "'contact' or 'controller' or 'dpo'", with an English 'or' in every language)."""
    text = GDPR_EXAMPLE.read_text("utf-8")
    old = "      city: Järvenpää\n  phone: +358 (0)9 3157 6885\n  email: tuki@palvelimet.net\n"
    assert text.count(old) == 1
    path = tmp_path / "reg.yaml"
    path.write_text(text.replace(old, "      city: Järvenpää\n      email: tuki@palvelimet.net\n"
                                      "  phone: +358 (0)9 3157 6885\n"), "utf-8")
    lines = _lines(run, lang, path)
    assert lines[0] == f"{path}:22:7: error: {words}" and len(lines) == 2


@pytest.mark.parametrize("lang, words", [
    ("fi", "'retention' kuuluu jonkin näistä alle: 'data_categories', 'data_categories.items[]' tai "
           "'purposes.items[]'; siirrä se oikeaan kohtaan"),
    ("sv", "'retention' hör hemma under 'data_categories', 'data_categories.items[]' eller 'purposes.items[]'"),
    ("en", "'retention' belongs under 'data_categories', 'data_categories.items[]' or 'purposes.items[]'")])
def test_a_key_of_another_group_at_the_top_level_is_not_guessed_as_a_typo(tmp_path, run, lang, words):
    """'retention' written at the top level is a key of other groups, said in the language, not a
    misspelling of 'extra_sections' (fails without preferring schema._belongs to a loose close match:
    "did you mean 'extra_sections'?")."""
    text = GDPR_EXAMPLE.read_text("utf-8")
    path = tmp_path / "reg.yaml"
    path.write_text(text.replace("\nsecurity:", "\nretention: kuusi vuotta\nsecurity:", 1), "utf-8")
    lines = _lines(run, lang, path)
    assert words in lines[0] and "extra_sections" not in lines[0] and len(lines) == 2


@pytest.mark.parametrize("lang, written, words", [
    ("fi", "oikeusperuste", "tuntematon avain 'oikeusperuste': avaimet kirjoitetaan englanniksi; kirjoita "
                            "'legal_basis' (Käsittelyn oikeusperuste (6 artiklan 1 kohta))"),
    ("sv", "rättslig grund", "okänd nyckel 'rättslig grund': nycklarna skrivs på engelska; skriv 'legal_basis' "
                             "(Rättslig grund (artikel 6.1))"),
    ("en", "Legal basis", "unknown key 'Legal basis' — did you mean 'legal_basis'?")])
def test_a_key_written_as_the_fields_name_in_the_lawyers_language_is_answered_once(tmp_path, run, lang, written,
                                                                                     words):
    """'oikeusperuste: b' for 'legal_basis: b': the key is named from the field's title in Finnish,
    Swedish or English, and 'legal_basis' is not also reported missing (fails without
    schema._key_named: an unknown key listing the allowed keys, and a second, 'missing' error)."""
    old = "en: invoicing}\n      legal_basis: b\n"
    path, text = _gdpr_with(tmp_path, (old, f"en: invoicing}}\n      {written}: b\n"))
    lines = _lines(run, lang, path)
    assert lines[0].endswith(f": error: {words}") and len(lines) == 2


def test_a_required_key_under_the_wrong_group_is_not_also_missing(register, run):
    """Fails without the `misplaced` filter in schema.check: 'missing controller.name' came as well."""
    reg = register(("controller:\n  name: ILJOJA Networks\n", "name: ILJOJA Networks\ncontroller:\n"))
    lines = _lines(run, "en", reg.path)
    assert lines[0] == (f"{reg.path}:11:1: error: unknown key 'name': 'name' belongs under "
                        "'contact', 'controller' or 'register_name'; move it there")
    assert len(lines) == 2


@pytest.mark.parametrize("old, new, where", [
    ("register_name:", "regster_name:", "regster_name:"),                      # top level, required
    ("  name: ILJOJA Networks\n  business_id", "  nmae: ILJOJA Networks\n  business_id", "nmae:"),   # nested
    ("  business_id: 2039096-6", "  busines_id: 2039096-6", "busines_id:"),
])
def test_a_misspelt_key_is_reported_once(register, run, old, new, where):
    """A misspelt required key is not also reported missing."""
    reg = register((old, new))
    lines = _lines(run, "en", reg.path)
    assert len(lines) == 2 and lines[0].startswith(reg.at(where)) and "did you mean" in lines[0]


# ---- text YAML drops as a comment ----------------------------------------------------------------

WARNING = {"fi": "merkin '#' jälkeistä tekstiä ('kirjanpitolaki') ei julkaista",
           "sv": "texten efter '#' ('kirjanpitolaki') publiceras inte",
           "en": "the text after '#' ('kirjanpitolaki') is not printed"}
VALID = {"fi": "policy-gen: 1 varoitus; rekisterit ovat kelvollisia",
         "sv": "policy-gen: 1 varning; registren är giltiga",
         "en": "policy-gen: 1 warning; the registers are valid"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_prose_after_a_hash_is_a_warning_and_validate_still_passes(register, run, lang):
    """Fails without loader.prose_comments: validate said only 'ok' and the notice published
    'Asiakas- ja yhteistyökumppanirekisteri' without '#kirjanpitolaki'."""
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                    "register_name: Asiakas- ja yhteistyökumppanirekisteri #kirjanpitolaki"))
    code, out, err = run("--lang", lang, "validate", reg.path)
    assert code == 0 and out == f"{reg.path}: ok\n"
    warning, summary = err.splitlines()
    line, col = reg.pos("register_name:", "#")
    assert warning.startswith(f"{reg.path}:{line}:{col}: warning: ") and WARNING[lang] in warning
    assert '"Asiakas- ja yhteistyökumppanirekisteri #kirjanpitolaki"' in warning
    assert summary == VALID[lang]


def test_a_warning_does_not_stop_a_build_and_is_said_at_every_build(register, run, tmp_path):
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                    "register_name: Asiakas- ja yhteistyökumppanirekisteri #kirjanpitolaki"))
    for _ in range(2):         # the second build takes the register from the cache: still warned
        code, out, err = run("build", reg.path, "--out", tmp_path / "site", "--format", "json", "--no-history")
        assert code == 0 and out.startswith("built 1 document") and "warning: the text after '#'" in err


@pytest.mark.parametrize("line", [
    "register_name: Asiakas- ja yhteistyökumppanirekisteri # a note for the file's readers",
    "register_name: \"Asiakas- ja yhteistyökumppanirekisteri #kirjanpitolaki\"",
    "# register_name #kirjanpitolaki\nregister_name: Asiakas- ja yhteistyökumppanirekisteri",
])
def test_comments_that_are_comments_are_left_alone(register, run, line):
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri", line))
    assert run("validate", reg.path) == (0, f"{reg.path}: ok\n", "")


def test_the_examples_have_no_warnings(run):
    code, out, err = run("validate", ROOT / "registers")
    assert code == 0 and err == ""


# ---- the GDPR framework's own checks (frameworks/gdpr.py) ----------------------------------------

ADEQUACY = {
    "fi": "maata IN koskevaa riittävyyspäätöstä ei ole voimassa tämän selosteen päivämääränä 2026-11-01: "
          "komissio ei ole tehnyt maata IN koskevaa riittävyyspäätöstä (tietosuoja-asetuksen 45 artikla); "
          "perusta siirto asianmukaisiin suojatoimiin",
    "sv": "inget beslut om adekvat skyddsnivå för IN är i kraft den 2026-11-01, som är denna beskrivnings datum: "
          "kommissionen har inte fattat något beslut om adekvat skyddsnivå för IN (dataskyddsförordningen, "
          "artikel 45); grunda överföringen på lämpliga skyddsåtgärder",
    "en": "no adequacy decision for IN is in force on 2026-11-01, the date of this notice: the Commission has made "
          "no adequacy decision for IN (GDPR Art. 45); base the transfer on safeguards (Art. 46, e.g. standard "
          "contractual clauses), bcr (Art. 47) or a derogation (Art. 49)"}



HISTORY = {
    "fi": "komission maata US koskevat päätökset eivät olleet voimassa tuona päivänä (Commission Decision "
          "2000/520/EC (Safe Harbour), voimassa 2000-07-26 alkaen 2015-10-05 saakka; Commission Implementing "
          "Decision (EU) 2016/1250 (Privacy Shield), voimassa 2016-08-01 alkaen 2020-07-15 saakka; Commission "
          "Implementing Decision (EU) 2023/1795 (Data Privacy Framework), voimassa 2023-07-10 alkaen)",
    "sv": "kommissionens beslut för US var inte i kraft den dagen (Commission Decision 2000/520/EC (Safe Harbour), "
          "i kraft från 2000-07-26 till 2015-10-05; Commission Implementing Decision (EU) 2016/1250 (Privacy "
          "Shield), i kraft från 2016-08-01 till 2020-07-15; Commission Implementing Decision (EU) 2023/1795 "
          "(Data Privacy Framework), i kraft från 2023-07-10)",
    "en": "the Commission's decisions for US were not in force on that date (Commission Decision 2000/520/EC "
          "(Safe Harbour), in force 2000-07-26 to 2015-10-05; Commission Implementing Decision (EU) 2016/1250 "
          "(Privacy Shield), in force 2016-08-01 to 2020-07-15; Commission Implementing Decision (EU) 2023/1795 "
          "(Data Privacy Framework), in force 2023-07-10 to now)"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("old, new, words", [
    # no decision for India was ever made
    ("      mechanism: safeguards\n      safeguard:", "      mechanism: adequacy\n      safeguard:", ADEQUACY),
    # between Schrems II and the Data Privacy Framework no decision for the US was in force
    ("  date: 2026-11-01 ", "  date: 2021-01-01 ", HISTORY),
], ids=["india", "us-history"])
def test_an_adequacy_decision_not_in_force_is_said_in_each_language(tmp_path, run, lang, old, new, words):
    path = _gdpr(tmp_path, old, new)
    problems = _lines(run, lang, path)[:-1]
    assert len(problems) == 1 and words[lang] in problems[0]


# ---- the legal checks' text report (legal.py) ----------------------------------------------------

CHECK_WORDS = {"fi": ("täydellinen", "ok", "policy-gen check: rekistereitä: 1; virheitä: 0, varoituksia: 0, "
                                           "huomautuksia: 0"),
               "sv": ("fullständig", "ok", "policy-gen check: register: 1; fel: 0, varningar: 0, anmärkningar: 0"),
               "en": ("complete", "ok", "policy-gen check: 1 register(s); 0 error(s), 0 warning(s), 0 note(s)")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_check_report_speaks_the_language(run, lang):
    complete, ok, summary = CHECK_WORDS[lang]
    code, out, err = run("--lang", lang, "check", GDPR_EXAMPLE)
    assert code == 0 and err == ""
    lines = out.splitlines()
    headers = [line for line in lines if line.startswith(f"{GDPR_EXAMPLE}: ")]
    assert headers and all(line.endswith(f": {complete}") for line in headers)
    assert lines[-1] == summary
    assert all(line.split()[1] == ok for line in lines if line.startswith("  13(1)(a)"))


def test_the_check_report_says_uncheckable_in_finnish(register, run, tmp_path):
    broken = register(("date: 2015-01-01", "date: 31.12.2024"), name="broken")
    code, out, err = run("--lang", "fi", "check", GDPR_EXAMPLE, broken.path)
    assert code == 1
    assert "kirjoita 2024-12-31" in out
    assert out.splitlines()[-1].endswith("; ongelmia, joiden vuoksi rekistereitä ei voitu tarkistaa: 1")


# ---- the rekisteriseloste's legal findings (frameworks/henkilotietolaki_10_legal.py) -------------

REPEALED = {"fi": "warning: [L32] tämän rekisteriselosteen päivämäärä on 2020-01-01, eli henkilötietolain 523/1999 "
                  "kumoamisen 1.1.2019 jälkeen",
            "sv": "warning: [L32] denna registerbeskrivning är daterad 2020-01-01, efter att personuppgiftslagen "
                  "523/1999 upphävdes den 1.1.2019",
            "en": "warning: [L32] this rekisteriseloste is dated 2020-01-01, after Henkilötietolaki 523/1999 was "
                  "repealed on 1.1.2019 (Tietosuojalaki 1050/2018; the GDPR applies since 25.5.2018): a document "
                  "written now is a GDPR privacy notice ('policy-gen migrate' makes one from this register) "
                  "(Tietosuojalaki 1050/2018; GDPR 99(2))"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_rekisteriseloste_finding_speaks_the_language(tmp_path, run, lang):
    text = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
    path = tmp_path / "seloste.yaml"
    path.write_text(text.replace("  date: 2015-01-01", "  date: 2020-01-01"), "utf-8")
    code, out, err = run("--lang", lang, "check", path)
    assert code == 0 and err == ""
    assert out.startswith(f"{path}:8:9: {REPEALED[lang]}")


# ---- the GDPR register's legal findings (frameworks/gdpr_legal.py) -------------------------------

GDPR_FINDINGS = {
    "L17": ("    fi: asiakassuhteen ajan ja kaksi vuotta sen päättymisen jälkeen", "    fi: toistaiseksi", {
        "fi": "error: [L17] 'toistaiseksi' ei ole säilytysaika: anna säilytysaika tai kriteerit, joiden perusteella "
              "se päättyy",
        "sv": "error: [L17] 'tills vidare' är ingen lagringstid: ange lagringstiden eller de kriterier som avgör "
              "när den upphör",
        "en": "error: [L17] 'indefinitely' is not a retention period: give the period, or the criteria that end it "
              "(for example 'until the customer relationship ends and two years after') "
              "(GDPR 5(1)(e); 13(2)(a); 14(2)(a))"}),
    "L13": ("      mechanism: safeguards\n      safeguard:", "      mechanism: derogation\n      derogation:", {
        "fi": "error: [L13] nimeä kohdassa 'derogation_kind' 49 artiklan 1 kohdan poikkeus, johon tämä siirto "
              "perustuu (a nimenomainen suostumus",
        "sv": "error: [L13] ange i 'derogation_kind' det undantag i artikel 49.1 som denna överföring grundar sig "
              "på (a uttryckligt samtycke",
        "en": "error: [L13] name the Art. 49(1) derogation this transfer rests on in 'derogation_kind' (a explicit "
              "consent, b contract with the data subject, … g public register, or second_subparagraph) "
              "(GDPR 13(1)(f); 14(1)(f); 30(1)(e); 49(1))"}),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("check", sorted(GDPR_FINDINGS))
def test_a_gdpr_finding_speaks_the_language(tmp_path, run, lang, check):
    """Fails without msg() in frameworks/gdpr_legal.py: the finding came in English whatever --lang said."""
    old, new, words = GDPR_FINDINGS[check]
    path = _gdpr(tmp_path, old, new)
    code, out, err = run("--lang", lang, "check", path)
    assert code == 1 and err == ""
    findings = [line for line in out.splitlines() if f"[{check}]" in line]
    assert len(findings) == 1 and findings[0].startswith(f"{path}:") and words[lang] in findings[0]


# ---- what jsonschema would have said in English -------------------------------------------------

@pytest.mark.parametrize("lang, words", [
    ("fi", "register_name.fi on luettelo: kirjoita teksti tällä kielellä"),
    ("sv", "register_name.fi är en lista: skriv texten på detta språk"),
    ("en", "register_name.fi is a list: write the text for this language")])
def test_a_list_in_a_text_per_language_is_pointed_at_in_the_language(tmp_path, run, lang, words):
    """A list where one language's text belongs, in a field that is a text or an object of its own
    (register_name): the message is the schema's own, at the language's line. Fails without the
    text-mapping branch in schema._message: jsonschema's 'Additional properties are not allowed
    ('en', 'fi', 'sv' were unexpected)' reached the lawyer, in English, at the group's line."""
    old = "  fi: Asiakas- ja yhteistyökumppanirekisteri\n"
    path, text = _gdpr_with(tmp_path, (old, "  fi: [Asiakasrekisteri, Kumppanirekisteri]\n"))
    lines = _lines(run, lang, path)
    line = text[:text.index(old)].count("\n") + 1
    assert lines[0] == f"{path}:{line}:7: error: {words}"
    assert not any("Additional properties" in each for each in lines)


def test_a_rule_without_a_message_of_its_own_is_said_without_jsonschemas_english():
    """A schema rule that no message of schema._message explains (a plug-in framework may use any
    JSON Schema keyword; here `not` and `maxItems`) is named in the catalogue's words, never in
    jsonschema's English (fails without the last two branches: "['a', 'b'] is too long")."""
    from jsonschema import Draft202012Validator

    from policy_gen.cli import message_lookup
    from policy_gen.loader import load_text
    from policy_gen.schema import _message

    loaded = load_text("framework: toy\nnames: [a, b]\nkind: none\n", "toy.yaml")
    rules = {"type": "object", "properties": {"names": {"type": "array", "maxItems": 1},
                                              "kind": {"type": "string", "not": {"const": "none"}}}}
    errors = sorted(Draft202012Validator(rules).iter_errors(loaded.data), key=lambda e: e.validator == "not")
    said = {lang: [_message(e, loaded).text(message_lookup(lang)) for e in errors] for lang in LANGUAGES}
    assert said["en"] == [
        "toy.yaml:2:8: error: 'names' is longer than this field allows (at most 1): shorten it",
        "toy.yaml:3:7: error: kind is 'none', which this field does not take (the schema's rule 'not'); "
        "its description in the schema says what it takes"]
    assert said["fi"][1].startswith("toy.yaml:3:7: error: kind on 'none', jota tämä kenttä ei ota (skeeman sääntö")
    assert said["sv"][0] == "toy.yaml:2:8: error: 'names' är längre än fältet tillåter (högst 1): förkorta det"
    assert not any("too long" in line or "should not be valid" in line for lines in said.values() for line in lines)


# ---- `new` and `serve` (scaffold.py, tools_cli.py, preview.py) -----------------------------------

NEW_WORDS = {
    "fi": ("kirjoitettiin {target}: gdpr-rekisteri (kielet: fi, sv); täytä jokainen TODO, minkä jälkeen "
           "`policy-gen validate {target}` luettelee, mitä on vielä jäljellä",
           "tämä tiedosto on jo olemassa, eikä sitä muuteta; valitse toinen NAME tai --dir",
           "policy-gen: löytyi 1 ongelma; mitään ei kirjoitettu"),
    "sv": ("skrev {target}: ett gdpr-register (språk: fi, sv); fyll i varje TODO, sedan listar "
           "`policy-gen validate {target}` det som återstår",
           "den här filen finns redan och lämnas som den är; välj ett annat NAME eller --dir",
           "policy-gen: 1 problem hittades; ingenting skrevs"),
    "en": ("wrote {target}: a gdpr register in fi, sv; write each TODO, then `policy-gen validate {target}` "
           "lists what is left",
           "this file exists already and is left as it is; choose another NAME or --dir",
           "policy-gen: 1 problem found; nothing was written"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_new_says_what_it_wrote_and_refuses_an_existing_file_in_the_language(tmp_path, run, lang):
    """Fails without msg()/translate in scaffold.run: the lines came in English whatever --lang
    said. new's own --lang (after the command) is the register's languages, not the messages'."""
    wrote, exists, summary = NEW_WORDS[lang]
    folder = tmp_path / "registers"
    target = folder / "x.yaml"
    assert run("--lang", lang, "new", "x", "--lang", "fi,sv", "--dir", folder) == (
        0, wrote.format(target=target) + "\n", "")
    assert run("--lang", lang, "new", "x", "--dir", folder) == (1, "", f"{target}:1:1: error: {exists}\n{summary}\n")


TYPE_ERRORS = {   # new --lang xx, serve --port 99999, new --framework nope
    "fi": ("argumentti --lang: tuntematon kieli 'xx'; kielet ovat fi, sv ja en (esimerkiksi --lang fi,sv)",
           "argumentti --port: '99999' ei ole porttinumero (0–65535; 0 valitsee vapaan portin)",
           "argumentti --framework: 'nope' on tuntematon; valitse näistä: gdpr, henkilotietolaki-10"),
    "sv": ("argument --lang: okänt språk 'xx'; språken är fi, sv och en (till exempel --lang fi,sv)",
           "argument --port: '99999' är inte ett portnummer (0 till 65535; 0 väljer en ledig port)",
           "argument --framework: 'nope' är okänt; välj bland gdpr, henkilotietolaki-10"),
    "en": ("argument --lang: unknown language 'xx'; the languages are fi, sv and en (for example --lang fi,sv)",
           "argument --port: '99999' is not a port number (0 to 65535; 0 picks a free one)",
           "argument --framework: 'nope' is unknown; choose from gdpr, henkilotietolaki-10"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("argv, which", [
    (["new", "x", "--lang", "xx"], 0), (["serve", "--port", "99999"], 1), (["new", "x", "--framework", "nope"], 2)])
def test_a_mistyped_value_of_new_or_serve_is_answered_in_the_language(capsys, lang, argv, which):
    """Fails without tools_cli.TYPE_TEXTS in cli._retranslate: argparse's type error of `new` and
    `serve` stayed English. Exit 2, with that command's usage."""
    from policy_gen.cli import main
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", lang, *argv])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{USAGE[lang]}policy-gen {argv[0]} ")
    assert err.endswith(f"\npolicy-gen {argv[0]}: error: {TYPE_ERRORS[lang][which]}\n")


def test_serve_takes_the_language_of_its_errors_from_its_own_lang_or_the_locale(capsys, monkeypatch):
    from policy_gen.cli import main
    for argv, lang in ((["serve", "--lang", "sv", "--port", "99999"], "sv"), (["serve", "--port", "99999"], "fi")):
        monkeypatch.setenv("LANG", "fi_FI.UTF-8")
        with pytest.raises(SystemExit):
            main(argv)
        assert capsys.readouterr().err.endswith(f": error: {TYPE_ERRORS[lang][1]}\n")


LISTEN = {"fi": ("osoitetta {address} ei voi kuunnella: ",
                 "; valitse toinen --port tai jätä se pois, jolloin vapaa portti valitaan"),
          "sv": ("kan inte lyssna på {address}: ",
                 "; välj en annan --port, eller utelämna den så väljs en ledig port"),
          "en": ("cannot listen on {address}: ", "; choose another --port, or leave it out to take a free one")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_port_in_use_is_said_in_the_language(tmp_path, run, lang):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run("--lang", lang, "serve", tmp_path, "--no-open", "--port", port)
    before, after = LISTEN[lang]
    assert (code, out) == (1, "")
    assert err.startswith("policy-gen: error: " + before.format(address=f"127.0.0.1:{port}"))
    assert err.endswith(after + "\n") and err.count("\n") == 1


# ---- one stray character does not hide the rest of the file --------------------------------------

@pytest.mark.parametrize("lang, words", [
    ("fi", ("kirjoita 2024-12-31", "sitova välilyönti (U+00A0)", "tuntematon avain 'regster_name'")),
    ("sv", ("skriv 2024-12-31", "ett hårt mellanslag (U+00A0)", "okänd nyckel 'regster_name'")),
    ("en", ("write 2024-12-31", "a non-breaking space (U+00A0)", "unknown key 'regster_name'"))])
def test_a_stray_character_that_stops_yaml_does_not_hide_the_other_problems(tmp_path, run, lang, words):
    """A non-breaking space after 'name:' stops YAML; the day-first date and the misspelt key further
    on are reported in the same run, each at its own line (fails without registers._problems_behind:
    only the non-breaking space was reported, and the lawyer had to run validate three times)."""
    text = GDPR_EXAMPLE.read_text("utf-8")
    for old, new in (("controller:\n  name: ILJOJA Networks\n", "controller:\n  name:\u00a0ILJOJA Networks\n"),
                     ("date: 2026-11-01", "date: 31.12.2024"), ("\nregister_name:", "\nregster_name:")):
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "reg.yaml"
    path.write_text(text, "utf-8")
    lines = _lines(run, lang, path)
    row = {line.split("#")[0].strip(): n for n, line in enumerate(text.splitlines(), 1)}
    date, name, key = row["date: 31.12.2024"], row["name:\u00a0ILJOJA Networks"], row["regster_name:"]
    assert len(lines) == 4
    assert lines[0].startswith(f"{path}:{date}:9: error: ") and words[0] in lines[0]
    assert lines[1].startswith(f"{path}:{name}:8: error: ") and words[1] in lines[1]
    assert lines[2].startswith(f"{path}:{key}:1: error: ") and words[2] in lines[2]


@pytest.mark.parametrize("stray, words", [
    ("controller:\n  name:\u200bILJOJA Networks\n", "a zero-width space (U+200B)"),
    ("    \u2013 street: Niittykatu 28\n", "an en dash (–)")])
def test_after_a_zero_width_space_or_a_dash_the_rest_is_checked_too(tmp_path, run, stray, words):
    """A zero-width space after a colon and an en dash starting a list item are read as the space and the
    hyphen meant, to report what follows: here a four-digit postal code (fails without the stand-in)."""
    text = GDPR_EXAMPLE.read_text("utf-8")
    old = stray.replace("\u200b", " ").replace("\u2013", "-")
    assert text.count(old) == 1
    path = tmp_path / "reg.yaml"
    path.write_text(text.replace(old, stray).replace("      postal_code: 04400", "      postal_code: 0440", 1), "utf-8")
    lines = _lines(run, "en", path)
    assert len(lines) == 3 and words in lines[0] and "postal_code '0440': a Finnish postal code has five digits" in lines[1]


def test_a_column_after_a_character_taken_out_is_given_as_it_stands_in_the_file():
    """When a zero-width character inside a word was taken out to read on, a problem later on the same
    line is reported at its column in the file, one further, and the problem found before the removal
    keeps its own column (fails without as_in_the_file, or with every removal applied to every problem)."""
    from policy_gen.diagnostics import InputError, StandIn
    from policy_gen.registers import _problems_behind

    text = GDPR_EXAMPLE.read_text("utf-8").replace("date: 2026-11-01", "date: 31.12.2024", 1)
    row = text[:text.index("date: 31.12.2024")].count("\n") + 1
    first = Diagnostic("reg.yaml", row, 3, msg("a zero-width space (U+200B) is here"))
    found = _problems_behind(InputError([first], StandIn(text, removed=(row, 4))))
    assert [(d.line, d.column) for d in found] == [(row, 3), (row, 10)] and "write 2024-12-31" in found[1].message


@pytest.mark.parametrize("lang, words", [
    ("fi", "'purposes.items[1].legitimate_interest' (Oikeutettu etu (13 artiklan 1 kohdan d alakohta)) puuttuu: lisää se"),
    ("sv", "'purposes.items[1].legitimate_interest' (Berättigat intresse (artikel 13.1 d))"),
    ("en", "missing 'purposes.items[1].legitimate_interest' (Legitimate interest (Art. 13(1)(d))): add it")])
def test_a_key_a_condition_requires_is_named_with_its_title(tmp_path, run, lang, words):
    """legal_basis f requires legitimate_interest through a conditional branch without titles: the
    missing key is still named with its field's title (fails without schema.titles: the title was
    left out)."""
    old = "en: invoicing}\n      legal_basis: b\n"
    path, text = _gdpr_with(tmp_path, (old, "en: invoicing}\n      legal_basis: f\n"))
    lines = _lines(run, lang, path)
    assert words in lines[0] and len(lines) == 2


@pytest.mark.parametrize("written", ["01.03.2025", "15.3.2019", "1 mars 2025"])
def test_a_date_written_otherwise_is_told_once_not_also_too_early(tmp_path, run, written):
    """'01.03.2025' is answered with how to write it, and only so: compared as text with 2018-05-25 it
    looked earlier, and a second error said no authority was known for it and sent the lawyer to
    'document.updated' (fails without gdpr._is_iso_date)."""
    path, _ = _gdpr_with(tmp_path, ("date: 2026-11-01", f"date: {written}"))
    lines = _lines(run, "sv", path)
    assert len(lines) == 2 and "tillsynsmyndigheten" not in lines[0], lines


def test_a_non_breaking_space_near_a_failure_that_is_not_its_cause_is_not_blamed(tmp_path, run):
    """Non-breaking spaces inside a text are allowed; when YAML fails nearby for another reason (a key
    indented one space too little), reading on without them fails just the same, so they were not the
    cause: YAML's own failure is reported, not a 'delete it' per space (fails without the same-failure
    rule of registers._problems_behind: 1 to 21 errors blaming valid spaces, the real one hidden)."""
    path, _ = _gdpr_with(tmp_path, ("contact:\n  name: ILJOJA Networks\n  email: tuki@palvelimet.net\n  email_obfuscated",
                                    "contact:\n  name: ILJOJA\u00a0Networks\u00a0Oy\u00a0Ab\n  email: tuki@palvelimet.net\n"
                                    " email_obfuscated"))
    lines = _lines(run, "en", path)
    assert len(lines) == 2 and lines[0].endswith("error: this line is not indented like the lines above it: keys of "
                                                 "one group start in the same column, indented with spaces"), lines
    assert ":28:2:" in lines[0]


@pytest.mark.parametrize("lang, words", [("fi", "jota YAML ei lue välilyönniksi"),
                                         ("sv", "som YAML inte läser som ett mellanslag"),
                                         ("en", "YAML does not read as a space")])
def test_a_non_breaking_space_before_a_key_is_said_to_be_in_its_indentation(tmp_path, run, lang, words):
    """A non-breaking space before a group's last key: YAML reads it as the first character of a key
    of its own, but to the lawyer it is indentation, said as a space YAML does not read as one (fails
    without the found.start() > 0 rule of loader._Builder._invisible: 'this key has … in it')."""
    path, _ = _gdpr_with(tmp_path, ("  phone: +358 (0)9 3157 6885\n  email: tuki@palvelimet.net\n\ncontact",
                                    "  phone: +358 (0)9 3157 6885\n\u00a0 email: tuki@palvelimet.net\n\ncontact"))
    lines = _lines(run, lang, path)
    assert lines[0].startswith(f"{path}:23:1: error: ") and words in lines[0], lines
