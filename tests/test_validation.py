"""Registers that load but say something wrong: the schema's problems, then the checks beyond it.

Each case is the example register with one line changed. `problems` runs `validate` and
`build` and checks both exit 1 with the same report and that `build` wrote nothing; each test
then compares the whole report: where (`FILE:LINE:COL`) and what, word for word.
"""
import pytest

from policy_gen.schema import frameworks

KNOWN = ", ".join(frameworks())      # every framework with a schema, as the messages list them
RENAME = "register_name: Asiakas- ja yhteistyökumppanirekisteri"
END = "\n"   # the end of a `key:` line: an empty value is found where it would start, just after ':'

# (id, (old, new), text on the problem's line, the text on it the problem points at, message);
# a None value means the start of the key on that line
SCHEMA_CASES = [
    ("unknown-key", (RENAME, RENAME.replace("register_name", "regster_name")),
     "regster_name:", None,
     "unknown key 'regster_name' — did you mean 'register_name'?"),
    ("unknown-key-no-close-match", ("  email: tuki@palvelimet.net", "  zzzz: tuki@palvelimet.net"),
     "zzzz:", None,
     "unknown key 'zzzz'; the keys allowed here are: addresses, blocks, email, email_obfuscated, heading, "
     "kind, labels, name, organisation, phone, role, title, website"),
    ("missing-controller-name", ("  name: ILJOJA Networks\n  business_id", "  business_id"),
     "controller:", None,
     "missing 'controller.name' (Name): add it"),
    ("misspelt-required-section", ("security:\n", "securty:\n"),
     "securty:", None,
     "unknown key 'securty' — did you mean 'security'?"),
    ("list-for-text", (RENAME, "register_name: [Asiakasrekisteri, Kumppanirekisteri]"),
     "register_name:", "[",
     "register_name is a list: write text here, or one text per language (fi: ..., sv: ..., en: ...)"),
    ("list-for-phone", ("  phone: +358 (0)9 3157 6885\n\ncontact", "  phone: [+358 9 3157 6885]\n\ncontact"),
     "phone: [", "[",
     "controller.phone is a list, but it should be text"),
    ("text-for-list", ("languages: [fi]", "languages: fi"),
     "languages:", "fi",
     "languages is 'fi': write a list of language codes, for example [fi] or [fi, sv, en]"),
    ("empty-required-value", ("  name: ILJOJA Networks\n  business_id", "  name:\n  business_id"),
     "  name:\n", END,
     "'controller.name' has no value: write it"),
    ("empty-optional-value", ("  legal_reference: Henkilötietolaki (22.4.1999/523) 10 §", "  legal_reference:"),
     "legal_reference:", END,
     "'document.legal_reference' has no value: write it, or delete the line"),
    ("blank-text", ("  name: ILJOJA Networks\n  business_id", '  name: "  "\n  business_id'),
     'name: "  "', '"',
     "'controller.name' is empty: write the text"),
    ("empty-list", ("languages: [fi]", "languages: []"),
     "languages: []", "[",
     "'languages' is empty: fill it in"),
    ("bad-language", ("languages: [fi]", "languages: [de]"),
     "languages: [de]", "de",
     "languages[1] 'de' is not allowed; write one of: fi, sv, en"),
    ("language-twice", ("languages: [fi]", "languages: [fi, fi]"),
     "languages: [fi, fi]", "[",
     "'languages' lists the same value twice: keep one"),
    ("business-id-shape", ("business_id: 2039096-6", "business_id: 2039096"),
     "business_id:", "2039096",
     "controller.business_id '2039096': write the business ID as seven digits, a hyphen and the check "
     "digit, for example 2039096-6"),
    ("postal-code-4-digits", ("postal_code: 04400", "postal_code: 0440"),
     "postal_code:", "0440",
     "controller.addresses[1].postal_code '0440': a Finnish postal code has five digits, for example 04400"),
    ("postal-code-fi-explicit", ("      postal_code: 04400\n", "      postal_code: 0440\n      country: FI\n"),
     "postal_code:", "0440",
     "controller.addresses[1].postal_code '0440': a Finnish postal code has five digits, for example 04400"),
    ("country-lower-case", ("      postal_code: 04400\n", "      postal_code: 04400\n      country: fi\n"),
     "country:", "fi",
     "controller.addresses[1].country 'fi': write the two-letter country code in capitals, for example "
     "FI or SE"),
    ("date-not-iso", ("date: 2015-01-01", "date: 1.1.2015"),
     "date:", "1.1.2015",
     "document.date '1.1.2015': write 2015-01-01 (year-month-day)"),
    ("outside-eea-yes", ("outside_eea: true", "outside_eea: yes"),
     "outside_eea:", "yes",
     "transfers.outside_eea is 'yes': write true or false"),
    ("outside-eea-capitalised", ("outside_eea: true", "outside_eea: True"),
     "outside_eea:", "True",
     "transfers.outside_eea is 'True': write true or false"),
    ("text-for-boolean", ("email_obfuscated: true", "email_obfuscated: kyllä"),
     "email_obfuscated:", "kyllä",
     "contact.email_obfuscated is 'kyllä': write true or false"),
    ("missing-outside-eea", ("  outside_eea: true\n", ""),
     "transfers:", None,
     "missing 'transfers.outside_eea' (Are data transferred outside the EU/EEA?): add it"),
    ("unknown-framework", ("framework: henkilotietolaki-10", "framework: henkilotietolaki-1"),
     "framework:", "henkilotietolaki-1",
     f"framework 'henkilotietolaki-1' is unknown; write one of: {KNOWN} "
     "(did you mean 'henkilotietolaki-10'?)"),
    ("missing-framework", ("framework: henkilotietolaki-10\n", ""),
     "languages:", None,   # the start of the register: its first key, under the comments
     f"missing 'framework': add 'framework: {frameworks()[0]}' (one of: {KNOWN})"),
    ("list-item-ending-with-colon",
     ('    - "Asiakasrekisterin säännönmukaisia tietolähteitä ovat mm:"',
      "    - Asiakasrekisterin säännönmukaisia tietolähteitä ovat mm:"),
     "tietolähteitä ovat mm:", "Asiakasrekisterin",
     "sources.intro[1]: YAML reads 'Asiakasrekisterin säännönmukaisia tietolähteitä ovat mm' as a key "
     "because a ':' follows it; put the whole text inside double quotes"),
    ("language-key-not-a-language", (RENAME, "register_name: {fi: Asiakasrekisteri, de: Kundenregister}"),
     "register_name:", "de:",
     "register_name: 'de' is not a language policy-gen writes; use one of: fi, sv, en"),
]

CHECK_CASES = [
    ("business-id-check-digit", ("business_id: 2039096-6", "business_id: 2039096-5"),
     "business_id:", "2039096-5",
     "business ID 2039096-5: the check digit should be 6; check the number"),
    ("business-id-impossible", ("business_id: 2039096-6", "business_id: 0000006-1"),
     "business_id:", "0000006-1",
     "business ID 0000006-1: no check digit fits 0000006, so this number cannot exist; check the digits "
     "against the trade register"),
    ("email-double-dot", ("email: tuki@palvelimet.net", "email: tuki@palvelimet..net"),
     "email:", "tuki@",
     "e-mail address 'tuki@palvelimet..net' is not valid: An email address cannot have two periods in a row."),
    ("email-shape", ("email: tuki@palvelimet.net", "email: tuki palvelimet.net"),
     "email:", "tuki",
     "contact.email 'tuki palvelimet.net': write the e-mail address in full, for example "
     "tietosuoja@example.fi"),
    ("phone-impossible", ("  phone: +358 (0)9 3157 6885\n\ncontact", "  phone: +358 9 123\n\ncontact"),
     "phone: +358 9 123", "+358",
     "phone number '+358 9 123' is not a number that can exist; check the digits (numbers abroad start "
     "with + and the country code)"),
    ("date-does-not-exist", ("date: 2015-01-01", "date: 2015-02-30"),
     "date:", "2015-02-30",
     "the date 2015-02-30 does not exist; check the day and the month"),
    ("updated-before-date", ("  date: 2015-01-01\n", "  date: 2015-01-01\n  updated: 2014-12-31\n"),
     "updated:", "2014-12-31",
     "'document.updated' 2014-12-31 is before 'document.date' 2015-01-01"),
]


def _expected(reg, line_text, value, message):
    if value is END:
        line, _ = reg.pos(line_text)
        return f"{reg.path}:{line}:{len(reg.text.splitlines()[line - 1]) + 1}: error: {message}"
    return reg.at(line_text, value) + message


@pytest.mark.parametrize("replace, line_text, value, message",
                         [case[1:] for case in SCHEMA_CASES + CHECK_CASES],
                         ids=[case[0] for case in SCHEMA_CASES + CHECK_CASES])
def test_one_problem(register, problems, replace, line_text, value, message):
    reg = register(replace)
    assert problems(reg.path) == [_expected(reg, line_text, value, message)]


def test_valid_register_is_ok(register, run):
    reg = register()
    assert run("validate", reg.path) == (0, f"{reg.path}: ok\n", "")


def test_postal_code_abroad_is_not_held_to_five_digits(register, run):
    reg = register(("      postal_code: 04400\n      city: Järvenpää\n",
                    "      postal_code: 0150\n      city: Oslo\n      country: NO\n"))
    assert run("validate", reg.path) == (0, f"{reg.path}: ok\n", "")


# --- texts per language --------------------------------------------------------------

def _per_language(found: list[str]) -> list[str]:
    """The problems other than the example's prose being one text (fine when it is in Finnish only)."""
    return [line for line in found if "is one text, but the register is published in" not in line]


def test_text_missing_a_language_names_the_field_and_the_language(register, problems):
    reg = register(("languages: [fi]", "languages: [fi, sv]"),
                   (RENAME, "register_name:\n  fi: Asiakas- ja yhteistyökumppanirekisteri"),
                   ("    - tekninen tuki", "    - fi: tekninen tuki\n      en: technical support"))
    assert _per_language(problems(reg.path)) == [
        reg.at("  fi: Asiakas-") + "'register_name' has no 'sv' text; the register is published in fi, sv",
        reg.at("    - fi: tekninen", "fi:") + "'purpose.items[2]' has no 'sv' text; the register is "
                                               "published in fi, sv",
        reg.at("      en: technical") + "'purpose.items[2]' has a 'en' text, but 'en' is not in 'languages'; "
                                         "add it there or delete this text",
    ]


def test_text_in_a_language_not_listed(register, problems):
    reg = register((RENAME, "register_name:\n  fi: Asiakasrekisteri\n  sv: Kundregister"))
    assert problems(reg.path) == [
        reg.at("  sv: Kundregister") + "'register_name' has a 'sv' text, but 'sv' is not in 'languages'; "
                                       "add it there or delete this text"]


# --- additional sections -------------------------------------------------------------

EXTRAS = """\
extra_sections:
  - id: cookies
    heading: Evästeet
    after: security
    intro: [Sivusto käyttää evästeitä.]
  - id: rights
    heading: Tarkastusoikeus
    after: rigths
    intro: [Rekisteröidyllä on oikeus tarkastaa tietonsa.]
  - id: cookies
    heading: Evästeet uudelleen
    intro: [Toinen.]
  - id: purpose
    heading: Tarkoitus
    after: cookies
    intro: [Kolmas.]
"""


def test_extra_sections_duplicate_id_and_after_naming_no_section(register, problems):
    reg = register(("security:\n", EXTRAS + "security:\n"))
    standard = ("controller, contact, register_name, purpose, data_content, sources, disclosures, "
                "transfers, security")
    cookies_again = [i for i, line in enumerate(reg.text.splitlines(), 1) if line == "  - id: cookies"][1]
    assert problems(reg.path) == [
        reg.at("after: rigths", "rigths") + f"'after: rigths' names no section; write one of: {standard}, "
                                            "cookies, rights (did you mean 'rights'?)",
        f"{reg.path}:{cookies_again}:{len('  - id: ') + 1}: error: section id 'cookies' is already used; "
        "choose another",
        reg.at("  - id: purpose", "purpose") + "section id 'purpose' is already used; choose another",
    ]


def test_extra_sections_that_are_valid(register, run):
    reg = register(("security:\n", EXTRAS.split("  - id: rights")[0] + "security:\n"))
    assert run("validate", reg.path) == (0, f"{reg.path}: ok\n", "")
