"""Strict loading: values stay as typed, YAML's traps are refused, unreadable input is reported.

Every refusal is checked through the command line as the legal team meets it: exit code 1,
`FILE:LINE:COL: error: MESSAGE` pointing at the offending text, and nothing built.
"""
import time

import pytest

from policy_gen.diagnostics import Diagnostic, InputError
from policy_gen.loader import load_file, load_text

from conftest import EXAMPLE, Written


# --- values stay as typed ---------------------------------------------------------------

TYPED = """\
postal_code: 04400
country: NO
answer: yes
switch: on
off_word: off
capital_true: True
date: 2015-01-01
version: 1.10
number: 12
octal: 0o17
hex: 0x1F
exponent: 1e3
infinity: .inf
time: 12:30
quoted: "04400"
tagged_str: !!str 04400
yes_flag: true
no_flag: false
nothing: null
tilde: ~
empty:
"""


def test_only_true_false_and_null_are_typed_everything_else_stays_text():
    assert load_text(TYPED, "t.yaml").data == {
        "postal_code": "04400", "country": "NO", "answer": "yes", "switch": "on", "off_word": "off",
        "capital_true": "True", "date": "2015-01-01", "version": "1.10", "number": "12",
        "octal": "0o17", "hex": "0x1F", "exponent": "1e3", "infinity": ".inf", "time": "12:30",
        "quoted": "04400", "tagged_str": "04400",
        "yes_flag": True, "no_flag": False, "nothing": None, "tilde": None, "empty": None,
    }


def test_the_example_register_keeps_its_values_as_written():
    data = load_file(EXAMPLE).data
    assert data["controller"]["addresses"][0]["postal_code"] == "04400"
    assert data["controller"]["business_id"] == "2039096-6"
    assert data["document"]["date"] == "2015-01-01"
    assert data["transfers"]["outside_eea"] is True
    assert data["contact"]["email_obfuscated"] is True
    assert data["languages"] == ["fi"]


def test_country_no_is_not_false_and_validates(register, run):
    # YAML 1.1 reads NO as false; the schema would then reject a boolean country
    reg = register(("      postal_code: 04400\n      city: Järvenpää\n",
                    "      postal_code: 0150\n      city: Oslo\n      country: NO\n"))
    assert load_file(reg.path).data["controller"]["addresses"][0]["country"] == "NO"
    assert run("validate", reg.path) == (0, f"{reg.path}: ok\n", "")


def test_marks_point_at_keys_and_values():
    loaded = load_text("a:\n  b: x\n  c:\n    - y\n", "m.yaml")
    assert loaded.key_marks[("a", "b")] == (2, 3)
    assert loaded.value_marks[("a", "b")] == (2, 6)
    assert loaded.value_marks[("a", "c", 0)] == (4, 7)
    assert loaded.mark(("a", "c", 5, "z")) == (4, 5)   # missing: nearest parent that exists
    assert loaded.diagnostic(("a", "b"), "boom", key=True) == Diagnostic("m.yaml", 2, 3, "boom")


def test_a_byte_order_mark_is_ignored():
    assert load_text("\ufeffa: b\n", "bom.yaml").data == {"a": "b"}


# --- duplicate keys, anchors, aliases, merge keys, tags -------------------------------

def _one_problem(text: str) -> Diagnostic:
    with pytest.raises(InputError) as caught:
        load_text(text, "x.yaml")
    assert len(caught.value.diagnostics) == 1, caught.value.diagnostics
    return caught.value.diagnostics[0]


def test_duplicate_key_names_both_lines(register, problems):
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                    "register_name: Asiakasrekisteri\nregister_name: Asiakas- ja yhteistyökumppanirekisteri"))
    first, _ = reg.pos("register_name: Asiakasrekisteri")
    assert problems(reg.path) == [
        reg.at("register_name: Asiakas- ja") + f"duplicate key 'register_name' (first at line {first}); "
                                               "keep one and delete the other"]


def test_duplicate_keys_are_found_in_nested_mappings_and_all_reported():
    text = "a:\n  x: 1\n  x: 2\nb:\n  - y: 1\n    y: 2\n"
    with pytest.raises(InputError) as caught:
        load_text(text, "d.yaml")
    assert [str(d) for d in caught.value.diagnostics] == [
        "d.yaml:3:3: error: duplicate key 'x' (first at line 2); keep one and delete the other",
        "d.yaml:6:5: error: duplicate key 'y' (first at line 5); keep one and delete the other",
    ]


def test_the_same_key_in_different_mappings_is_fine():
    assert load_text("a:\n  name: x\nb:\n  name: y\n", "ok.yaml").data == {"a": {"name": "x"}, "b": {"name": "y"}}


def test_anchor_is_refused(register, problems):
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                    "register_name: &name Asiakas- ja yhteistyökumppanirekisteri"))
    assert problems(reg.path) == [
        reg.at("register_name: &name", "&name") + "'&name' is an anchor; anchors and aliases are not "
                                                  "allowed, write the value out in full"]


def test_alias_is_refused():
    problem = _one_problem("a: x\nb: *a\n")
    assert (problem.line, problem.column) == (2, 4)
    assert problem.message.startswith("'*a' is an alias; aliases and anchors are not allowed")


BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['lol'] * 9)}]\n"
    for prev, name in zip([None, *"abcdefgh"], "abcdefghi"))


def test_billion_laughs_is_refused_quickly(tmp_path, problems):
    assert BILLION_LAUGHS.count("*h") == 9   # 9**9 'lol's if it were ever expanded
    path = tmp_path / "laughs.yaml"
    path.write_text(BILLION_LAUGHS, "utf-8")
    started = time.perf_counter()
    found = problems(path)
    assert time.perf_counter() - started < 2
    assert found == [f"{path}:1:4: error: '&a' is an anchor; anchors and aliases are not allowed, "
                     "write the value out in full"]


def test_merge_key_is_refused(register, problems):
    reg = register(("contact:\n  name: ILJOJA Networks\n",
                    "contact:\n  <<: {name: ILJOJA Networks}\n  name: ILJOJA Networks\n"))
    assert problems(reg.path) == [
        reg.at("<<: {name") + "merge keys ('<<') are not allowed; write the values out in full"]


@pytest.mark.parametrize("tag, shown", [
    ("!foo", "!foo"),
    ("!!python/object/apply:os.system", "tag:yaml.org,2002:python/object/apply:os.system"),
    ("!!int", "tag:yaml.org,2002:int"),
])
def test_custom_tags_are_refused(register, problems, tag, shown):
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                    f"register_name: {tag} Asiakas- ja yhteistyökumppanirekisteri"))
    assert problems(reg.path) == [
        reg.at("register_name:", tag) + f"the tag '{shown}' is not allowed; remove it and write plain text"]


def test_a_key_that_is_not_text_is_refused():
    problem = _one_problem("? [a, b]\n: c\n")
    assert (problem.line, problem.column, problem.message) == (
        1, 3, "this key is not plain text; write keys as simple words")


# --- unreadable input ------------------------------------------------------------------

def test_not_utf8_points_at_the_first_bad_byte(tmp_path, example_text, problems):
    path = tmp_path / "windows.yaml"
    path.write_bytes(example_text.encode("cp1252"))   # what an editor saving "ANSI" writes
    first = next(c for c in example_text if ord(c) > 127)
    line_text = next(line for line in example_text.splitlines() if first in line)
    at = Written(path, example_text).at(line_text, first)
    assert problems(path) == [at + "the file is not UTF-8 text; save it as UTF-8 in your editor"]


@pytest.mark.parametrize("text", [
    "",
    "\n  \n",
    "# yaml-language-server: $schema=../schemas/henkilotietolaki-10.schema.json\n# a draft\n   # indented\n",
], ids=["empty", "blank-lines", "only-comments"])
def test_empty_file(tmp_path, problems, text):
    path = tmp_path / "empty.yaml"
    path.write_text(text, "utf-8")
    assert problems(path) == [f"{path}:1:1: error: the file is empty; a register needs at least "
                              "'framework', 'controller' and the sections"]


@pytest.mark.parametrize("text, line", [
    ("- framework: henkilotietolaki-10\n- languages: [fi]\n", 1),
    ("Asiakasrekisteri\n", 1),
    ("# a comment\n\n'quoted text'\n", 3),
    ("---\n", 2),
], ids=["list", "scalar", "scalar-after-comment", "empty-document"])
def test_top_level_must_be_a_mapping(tmp_path, problems, text, line):
    path = tmp_path / "top.yaml"
    path.write_text(text, "utf-8")
    assert problems(path) == [f"{path}:{line}:1: error: the file must be a set of 'key: value' lines "
                              "at the top level, not a single value or a list"]


def test_unclosed_bracket_points_at_the_bracket(register, problems):
    reg = register(("languages: [fi]", "languages: [fi"))
    assert problems(reg.path) == [
        reg.at("languages: [fi", "[") + "the '[' here is never closed: end it with ']', and put text "
                                        "that contains ',' or ':' inside double quotes"]


def test_unclosed_brace_at_the_end_of_the_file(tmp_path, problems):
    path = tmp_path / "brace.yaml"
    path.write_text("a: b\nregister_name: {fi: Asiakasrekisteri\n", "utf-8")
    assert problems(path) == [f"{path}:2:16: error: the '{{' here is never closed: end it with '}}', "
                              "and put text that contains ',' or ':' inside double quotes"]


def test_missing_comma_in_brackets(register, problems):
    reg = register(("languages: [fi]", 'languages: [fi, "sv" en]'))
    assert problems(reg.path) == [
        reg.at("languages: [fi", "en") + "between '[' and ']' write values separated by commas; "
                                           "put text that contains ',' ':' or quotes inside double quotes"]


def test_unclosed_quote_points_at_the_opening_quote_not_at_the_next_quote(register, problems):
    # YAML reads on to the next quote in the file (line 46) and fails there
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                    'register_name: "Asiakas- ja yhteistyökumppanirekisteri'))
    next_quote, _ = reg.pos('- "Asiakasrekisteri sisältää')
    assert problems(reg.path) == [
        reg.at("register_name:", '"') + f"the quote that starts here is closed only on line {next_quote}; "
                                        "add the closing quote at the end of this text"]


def test_quote_never_closed(tmp_path, problems):
    path = tmp_path / "quote.yaml"
    path.write_text("framework: henkilotietolaki-10\nregister_name: 'Asiakasrekisteri\n", "utf-8")
    assert problems(path) == [f"{path}:2:16: error: the quote that starts here is never closed; "
                              "add the closing quote after the text"]


def test_line_indented_too_far(register, problems):
    reg = register(("  business_id: 2039096-6", "   business_id: 2039096-6"))
    assert problems(reg.path) == [
        reg.at("   business_id:", ":") + "a ':' followed by a space or the end of the line starts a key, and "
                                          "no key can start here: put text that contains ':' inside double "
                                          "quotes, or check the indentation of this line"]


def test_line_indented_too_little(register, problems):
    reg = register(("  business_id: 2039096-6", " business_id: 2039096-6"))
    assert problems(reg.path) == [
        reg.at(" business_id:") + "this line is not indented like the lines above it: keys of one group "
                                  "start in the same column, indented with spaces"]


@pytest.mark.parametrize("old, new, value", [
    ("  name: ILJOJA Networks\n  business_id", "\tname: ILJOJA Networks\n  business_id", "\t"),
    ("      city: Järvenpää", "     \tcity: Järvenpää", "\t"),
], ids=["indenting", "after-spaces"])
def test_tab(register, problems, old, new, value):
    reg = register((old, new))
    line = next(line for line in new.splitlines() if "\t" in line)
    assert problems(reg.path) == [reg.at(line, value) + "a tab character is not allowed here: replace it "
                                                        "with spaces (YAML indents with spaces only)"]


def test_text_ending_with_colon_unquoted(register, problems):
    reg = register(("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                    "register_name: Asiakas- ja yhteistyökumppanirekisteri:"))
    line, _ = reg.pos("register_name:")
    colon = reg.text.splitlines()[line - 1].rindex(":") + 1   # the last ':' on the line
    assert problems(reg.path) == [
        f"{reg.path}:{line}:{colon}: error: a ':' followed by a space or the end of the line starts a key, and "
        "no key can start here: put text that contains ':' inside double quotes, or check the indentation "
        "of this line"]


def test_folder_without_registers(tmp_path, problems):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "notes.txt").write_text("not a register", "utf-8")
    assert problems(folder) == [f"{folder}:1:1: error: this folder has no register files (*.yaml); "
                                "name a folder that has them, or the files themselves"]


def test_path_that_does_not_exist(tmp_path, problems):
    missing = tmp_path / "registers" / "asiakas.yaml"
    assert problems(missing) == [f"{missing}:1:1: error: no such file or folder; check the path"]


def test_load_file_reports_an_unreadable_file(tmp_path):
    with pytest.raises(InputError) as caught:
        load_file(tmp_path / "gone.yaml", display="registers/gone.yaml")
    [problem] = caught.value.diagnostics
    assert str(problem).startswith("registers/gone.yaml:1:1: error: cannot read the file: ")
