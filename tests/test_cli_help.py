"""The command line's help and usage in the language of messages (issue 12).

`--help`, the usage line of every exit-2 error and argparse's own words ("usage: ", "options")
follow --lang or the locale like every message; a mistyped command or option is answered with
the nearest right one. Option names and metavars are never translated.
"""
from __future__ import annotations

import argparse

import pytest

from policy_gen.cli import _argparse_speaks, _parser, main, message_lookup
from policy_gen.i18n import LANGUAGES

WORDS = {   # usage, the options heading, -h's help, validate's help, new --lang's help
    "fi": ("käyttö: ", "valinnat:", "näytä tämä ohje ja lopeta", "tarkista rekisterit ja ilmoita jokainen ongelma",
           "kielet pilkuin erotettuina; ensimmäisellä kirjoitetaan kommentit (oletus: fi)"),
    "sv": ("användning: ", "alternativ:", "visa den här hjälpen och avsluta",
           "kontrollera registren och rapportera varje problem",
           "språk åtskilda med kommatecken; kommentarerna skrivs på det första (standard: fi)"),
    "en": ("usage: ", "options:", "show this help message and exit", "check registers and report every problem",
           "comma-separated languages, the first one for the comments (default: fi)"),
}


def _exit(capsys, *argv) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def _described(lines: list[str], name: str) -> str:
    """What the help says of `name` (an option or a command): the text after it on its line,
    and on the lines argparse wraps it onto."""
    for i, line in enumerate(lines):
        if line.strip().split("  ")[0] == name:
            text = line.strip()[len(name):].strip()
            for more in lines[i + 1:]:
                if not more.startswith(" " * 10) or not more.strip():
                    break
                text += " " + more.strip()
            return text
    raise AssertionError(f"{name!r} is not in the help")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_top_level_help_is_in_the_language(capsys, lang):
    """Fails without say(msg(...)) on each help and _argparse_speaks: `policy-gen --help` was
    entirely English (the reviewer's LANG=fi_FI.UTF-8)."""
    usage, options, help_help, validate_help, _ = WORDS[lang]
    code, out, err = _exit(capsys, "--lang", lang, "--help")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(usage + "policy-gen [-h] [--version] [--lang {fi,sv,en}] COMMAND")
    assert options in lines and ("options:" not in lines or lang == "en")
    assert _described(lines, "-h, --help") == help_help
    assert _described(lines, "validate") == validate_help
    assert any(line.strip().startswith("--lang {fi,sv,en}") for line in lines)    # the option as it is typed


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_help_of_new_is_in_the_language_from_the_locale_too(capsys, monkeypatch, lang):
    """Fails without the help strings of tools_cli being messages: `policy-gen new --help` was English."""
    monkeypatch.setenv("LANG", {"fi": "fi_FI.UTF-8", "sv": "sv_FI.UTF-8", "en": "en_GB.UTF-8"}[lang])
    usage, options, _, _, lang_help = WORDS[lang]
    code, out, err = _exit(capsys, "new", "--help")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith(usage + "policy-gen new [-h] [--framework NAME] [--lang LIST] [--dir DIR]")
    assert options in lines
    assert _described(lines, "--lang LIST") == lang_help
    assert _described(lines, "--dir DIR").endswith("registers/)")


@pytest.mark.parametrize("lang", ("fi", "sv"))
def test_every_help_and_description_is_translated(lang):
    """Every command's description and help, and every option's help, is said in the language:
    a help= written as a plain string (not a catalogue message) would stay English here."""
    english, lookup = _parser(None), message_lookup(lang)
    with _argparse_speaks(lookup):
        translated = _parser(lookup)
    pairs = []
    for eng, said in ((english, translated), *zip(english.commands.choices.values(),
                                                  translated.commands.choices.values())):
        pairs.append((eng.description, said.description))
        pairs += [(a.help, b.help) for a, b in zip(eng._actions, said._actions)]
    pairs += [(a.help, b.help) for a, b in zip(english.commands._choices_actions, translated.commands._choices_actions)]
    assert len(pairs) > 60
    same = [eng for eng, said in pairs if eng is not None and eng == said]
    assert same == []
    assert [said for _, said in pairs if said and "%" in said] == []      # argparse would %-format it


def test_argparse_is_left_as_it_was(capsys):
    """The route of argparse's words to the catalogue lasts only while policy-gen parses and prints."""
    _exit(capsys, "--lang", "fi", "--help")
    assert argparse._("usage: ") == "usage: " and argparse._("options") == "options"


MISTYPED = {   # valdate; build --outt x; no command; new x --lang fi,xx; new x --lang fi,fi
    "fi": ("tuntematon komento 'valdate' – tarkoititko 'validate'?", "komennot:",
           "tuntematon valinta --outt – tarkoititko --out?",
           "anna komento, esimerkiksi policy-gen validate",
           "argumentti --lang: tuntematon kieli 'xx'; kielet ovat fi, sv ja en (esimerkiksi --lang fi,sv)",
           "argumentti --lang: kieli 'fi' on annettu kahdesti; anna kukin kieli kerran (esimerkiksi --lang fi,sv)"),
    "sv": ("okänt kommando 'valdate' – menade du 'validate'?", "kommandona:",
           "okänt alternativ --outt – menade du --out?",
           "ange ett kommando, till exempel policy-gen validate",
           "argument --lang: okänt språk 'xx'; språken är fi, sv och en (till exempel --lang fi,sv)",
           "argument --lang: språket 'fi' har angetts två gånger; ange varje språk en gång (till exempel --lang fi,sv)"),
    "en": ("unknown command 'valdate' — did you mean 'validate'?", "the commands:",
           "unknown option --outt — did you mean --out?",
           "give a command, for example policy-gen validate",
           "argument --lang: unknown language 'xx'; the languages are fi, sv and en (for example --lang fi,sv)",
           "argument --lang: language 'fi' is given twice; give each language once (for example --lang fi,sv)"),
}


def _commands_listed(lines: list[str], heading: str, lang: str) -> None:
    """After the message: the heading, then every command with what it does, in the language."""
    at = lines.index(heading)
    listed = {line.split()[0]: line.split(None, 1)[1] for line in lines[at + 1:]}
    assert list(listed) == ["validate", "build", "merge", "check", "migrate", "import", "new", "serve"]
    assert listed["validate"] == WORDS[lang][3]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_mistyped_command_is_answered_with_the_nearest_one(capsys, lang):
    """Fails without _Parser._check_value: argparse said "argument COMMAND: invalid choice:
    'valdate' (choose from 'validate', ...)" (in Finnish: "... ei ole vaihtoehto ...")."""
    said, heading = MISTYPED[lang][:2]
    code, out, err = _exit(capsys, "--lang", lang, "valdate")
    lines = err.splitlines()
    assert (code, out) == (2, "")
    assert lines[0].startswith(WORDS[lang][0] + "policy-gen [-h]")
    assert lines[1] == f"policy-gen: error: {said}"
    _commands_listed(lines, heading, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_mistyped_option_is_answered_with_the_nearest_option_of_that_command(capsys, lang):
    """Fails without _Parser.unknown: argparse said "unrecognized arguments: --outt" (in Finnish
    "tuntemattomia argumentteja: --outt"), with no suggestion."""
    code, out, err = _exit(capsys, "build", "--outt", "x", "--lang", lang)
    assert (code, out) == (2, "")
    assert err.startswith(WORDS[lang][0] + "policy-gen build [-h] [--out DIR]")
    assert err.endswith(f"\npolicy-gen build: error: {MISTYPED[lang][2]}\n")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_command_is_answered_with_an_example_and_the_commands(capsys, lang):
    """Fails without the case in _Parser.error: argparse said "the following arguments are
    required: COMMAND" (in Finnish "nämä argumentit puuttuvat: COMMAND")."""
    code, out, err = _exit(capsys, "--lang", lang)
    lines = err.splitlines()
    assert (code, out) == (2, "")
    assert lines[0].startswith(WORDS[lang][0] + "policy-gen [-h]")
    assert lines[1] == f"policy-gen: error: {MISTYPED[lang][3]}"
    _commands_listed(lines, MISTYPED[lang][1], lang)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("languages, which", [("fi,xx", 4), ("fi,fi", 5)])
def test_a_wrong_or_repeated_language_of_new_is_named(capsys, lang, languages, which):
    """Fails without the checks of each code in tools_cli._languages: it said "'fi,xx' is not a
    list of different languages", naming neither the wrong code nor the repeated one."""
    code, out, err = _exit(capsys, "--lang", lang, "new", "x", "--lang", languages)
    assert (code, out) == (2, "")
    assert err.startswith(WORDS[lang][0] + "policy-gen new ")
    assert err.endswith(f"\npolicy-gen new: error: {MISTYPED[lang][which]}\n")
