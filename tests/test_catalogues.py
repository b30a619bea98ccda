"""The per-language catalogues: complete, nothing stale, nothing falls back."""
import re
from pathlib import Path

import pytest

from policy_gen.i18n import LANGUAGES, Messages, MissingMessage, catalogue_keys
from policy_gen.registers import load_registers
from policy_gen.frameworks import build_document, registry

ROOT = Path(__file__).resolve().parent.parent


def _sources() -> list[str]:
    return ([p.read_text("utf-8") for p in (ROOT / "policy_gen").rglob("*.py")]
            + [p.read_text("utf-8") for p in (ROOT / "templates").glob("*.j2")])


def _expand(keys: set[str]) -> set[str]:
    """f-string keys such as section.{key} stand for every catalogue key with that prefix."""
    out = set()
    for key in keys:
        if "{" in key:
            prefix = key.split("{")[0]
            out.update(k for _, k in catalogue_keys("fi") if k.startswith(prefix))
        else:
            out.add(key)
    return out


def _used_keys() -> set[str]:
    """Keys the code and templates may ask for: any dotted string literal in them
    (keys are also passed around, e.g. chosen by a condition before the lookup)."""
    keys = set()
    for text in _sources():
        keys.update(re.findall(r"""f?["']([a-z_]+(?:\.[a-z_{}]+)+)["']""", text))
    return _expand(keys)


def _looked_up_keys() -> set[str]:
    """Keys passed directly to a catalogue lookup: msg(...), t(...), self(...), messages(...)."""
    keys = set()
    for text in _sources():
        keys.update(re.findall(r"""\b(?:msg|t|self|messages)\(\s*f?["']([a-z_.{}]+)["']""", text))
    return _expand(keys)


def test_every_language_has_the_same_entries():
    reference = catalogue_keys("fi")
    for lang in LANGUAGES:
        assert catalogue_keys(lang) == reference, lang


def test_no_entry_is_stale():
    used = _used_keys()
    # the command line's messages ("cli"), the schemas' texts ("schema"), the texts import and
    # migrate write into a register ("todo") and the legal checks' titles ("check") are English
    # templates: tests/test_messages.py, tests/test_import_messages.py and
    # tests/test_check_report_messages.py check them
    stale = sorted(key for context, key in catalogue_keys("fi")
                   if key not in used and context not in ("cli", "schema", "todo", "check"))
    assert stale == []


def test_every_key_used_exists():
    available = {key for _, key in catalogue_keys("fi")}
    assert _looked_up_keys(), "the pattern finds no look-ups: it is out of date"
    assert sorted(_looked_up_keys() - available) == []


def test_missing_message_is_an_error_not_a_fallback():
    with pytest.raises(MissingMessage):
        Messages("sv", "henkilotietolaki-10")("section.no_such_heading")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_framework_builds_in_every_language(lang):
    register = load_registers([str(ROOT / "registers" / "iljoja-networks.yaml")])[0]
    assert register.data["framework"] in registry()
    doc = build_document(register, lang)
    assert doc.lang == lang
    assert [s.number for s in doc.sections] == list(range(1, 10))


def test_swedish_and_english_headings_differ_from_finnish():
    fi, sv, en = (Messages(lang, "henkilotietolaki-10") for lang in ("fi", "sv", "en"))
    for key in ("section.controller", "section.security", "security.manual", "document.type"):
        assert fi(key) != sv(key) and fi(key) != en(key)


@pytest.mark.parametrize("lang, expected", [("fi", "1.1.2015"), ("sv", "1.1.2015"),
                                            ("en", "1 January 2015")])
def test_dates_in_each_languages_style(lang, expected):
    assert Messages(lang, "common").date("2015-01-01") == expected


def test_no_entry_is_empty_or_fuzzy():
    """An empty or fuzzy entry counts as missing, so it must not be there at all."""
    from babel.messages.pofile import read_po
    from policy_gen.resources import locales_dir
    for lang in LANGUAGES:
        with (locales_dir() / lang / "LC_MESSAGES" / "policy_gen.po").open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        assert [(m.context, m.id) for m in catalog if m.id and (not m.string.strip() or m.fuzzy)] == [], lang


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_gdpr_notice_and_record_build_in_every_language(lang):
    from policy_gen.frameworks import PUBLIC, RECORD
    register = load_registers([str(ROOT / "registers" / "iljoja-networks-gdpr.yaml")])[0]
    for kind in (PUBLIC, RECORD):
        doc = build_document(register, lang, kind)
        assert doc.lang == lang and doc.sections
