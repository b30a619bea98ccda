"""The warnings `validate` gives (text after ' #' that YAML drops as a comment) reach every
report: `check` (text, JSON, SARIF) and the preview (`serve`), counted apart from the problems;
and `build --out FILE` names a file as a file (issue 12, a reviewer's findings)."""
from __future__ import annotations

import json

import pytest

from helpers_output import parse_html
from policy_gen import preview
from policy_gen.i18n import LANGUAGES
from test_messages import WARNING      # the comment warning's words in each language

PLAIN = "register_name: Asiakas- ja yhteistyökumppanirekisteri"
COMMENTED = PLAIN + " #kirjanpitolaki"
WRONG_ID = ("business_id: 2039096-6", "business_id: 2039096-5")      # one error: the check digit

RULE = {"fi": "Merkin ' #' jälkeinen teksti on YAML-kommentti",
        "sv": "Text efter ' #' är en YAML-kommentar",
        "en": "Text after ' #' is a YAML comment"}


def _warning_at(reg) -> str:
    line, col = reg.pos("register_name:", "#")
    return f"{reg.path}:{line}:{col}: warning: "


# ---- check -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_prints_the_comment_warning_and_strict_exits_1_on_it(register, run, lang):
    """Fails without legal.Result.warnings: `check` printed no warning (and `--strict` exited 0)
    though `validate` warns that the text after '#' is not printed."""
    reg = register((PLAIN, COMMENTED))
    code, out, err = run("--lang", lang, "check", reg.path)
    assert code == 0 and err == ""
    said = [line for line in out.splitlines() if line.startswith(_warning_at(reg))]
    assert len(said) == 1 and WARNING[lang] in said[0], out
    assert '"Asiakas- ja yhteistyökumppanirekisteri #kirjanpitolaki"' in said[0]
    assert run("--lang", lang, "check", "--strict", reg.path)[0] == 1
    assert run("--lang", lang, "check", "--strict", register((PLAIN, PLAIN), name="plain").path)[0] == 0


def test_check_counts_the_comment_warning_in_its_summary(register, run):
    reg = register((PLAIN, COMMENTED))
    assert run("check", reg.path)[1].splitlines()[-1] == \
        "policy-gen check: 1 register(s); 0 error(s), 1 warning(s), 0 note(s)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_check_of_an_invalid_register_prints_its_errors_and_its_warning(register, run, lang):
    """Fails without legal.Result.warnings: the register's error was printed, its warning lost."""
    reg = register((PLAIN, COMMENTED), WRONG_ID)
    code, out, _ = run("--lang", lang, "check", reg.path)
    assert code == 1
    lines = out.splitlines()
    assert [line for line in lines if line.startswith(reg.at("business_id:", "2039096-5"))]
    assert [line for line in lines if line.startswith(_warning_at(reg)) and WARNING[lang] in line]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sarif_has_the_comment_warning_as_a_result_of_its_own_rule(register, run, lang):
    """Fails without the yaml-comment rule in legal.format_sarif: GitHub code scanning never
    showed the lost text."""
    reg = register((PLAIN, COMMENTED))
    code, out, _ = run("--lang", lang, "check", "--format", "sarif", reg.path)
    assert code == 0
    sarif = json.loads(out)["runs"][0]
    found = [r for r in sarif["results"] if r["ruleId"] == "yaml-comment"]
    assert len(found) == 1 and found[0]["level"] == "warning" and WARNING[lang] in found[0]["message"]["text"]
    line, col = reg.pos("register_name:", "#")
    assert found[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": line, "startColumn": col}
    rule = next(r for r in sarif["tool"]["driver"]["rules"] if r["id"] == "yaml-comment")
    assert rule["defaultConfiguration"]["level"] == "warning"
    assert rule["shortDescription"]["text"].startswith(RULE[lang])


def test_json_has_the_comment_warning_under_warnings_in_english(register, run):
    """Fails without the "warnings" list in legal.format_json."""
    reg = register((PLAIN, COMMENTED))
    code, out, _ = run("--lang", "fi", "check", "--format", "json", reg.path)
    document = json.loads(out)
    line, col = reg.pos("register_name:", "#")
    assert code == 0 and document["findings"] == [] and document["invalid"] == []
    [warning] = document["warnings"]
    assert {k: warning[k] for k in ("file", "line", "column", "severity")} == \
        {"file": str(reg.path), "line": line, "column": col, "severity": "warning"}
    assert warning["message"].startswith(WARNING["en"])


# ---- serve -----------------------------------------------------------------------------------------

PREVIEW = {   # the index's link, the heading, the warnings' heading
    "fi": ("1 ongelma", "(1 varoitus)", "reg: 1 korjattava ongelma", "1 varoitus"),
    "sv": ("1 problem", "(1 varning)", "reg: 1 problem att rätta", "1 varning"),
    "en": ("1 problem", "(1 warning)", "reg: 1 problem to fix", "1 warning"),
}
NOTE = {"fi": "Vain esikatselu näyttää tämän huomautuksen",
        "sv": "Endast förhandsvisningen visar denna anmärkning",
        "en": "Only the preview shows this note"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_serve_counts_a_warning_apart_from_the_problems(register, lang):
    """Fails without preview.Outcome.warnings: the index said '2 problems' and the page
    'reg: 2 problems to fix' for one error and one warning, where `validate` says 1 problem."""
    reg = register((PLAIN, COMMENTED), WRONG_ID, name="reg")
    shown = preview.Preview([str(reg.path.parent)], lang=lang)
    link, warnings, heading, warnings_heading = PREVIEW[lang]
    index = parse_html(shown.respond("/").body.decode("utf-8"))
    assert [a.text() for a in index.iter("a")] == [link]
    assert [s.text() for s in index.iter("span")] == [warnings]
    page = parse_html(shown.respond("/fi/reg.html").body.decode("utf-8"))
    assert page.find("h1").text() == heading and page.find("h2").text() == warnings_heading
    errors, said = [[li.text() for li in ul.iter("li")] for ul in page.iter("ul")]
    assert len(errors) == 1 and errors[0].startswith(reg.at("business_id:", "2039096-5"))
    assert len(said) == 1 and said[0].startswith(_warning_at(reg)) and WARNING[lang] in said[0]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_serve_shows_a_register_with_only_a_warning_with_a_note_below_it(register, tmp_path, lang):
    """Fails without Preview.warnings_note: the document was shown, but nothing said that the
    text after '#' is missing from it (and the index said nothing either). The document's own
    HTML is unchanged: the note is added where the reload script is, in the language of messages."""
    plain = register(name="reg", folder=tmp_path / "plain")
    reg = register((PLAIN, COMMENTED), name="reg")
    shown, unwarned = (preview.Preview([str(r.path.parent)], lang=lang) for r in (reg, plain))
    index = parse_html(shown.respond("/").body.decode("utf-8"))
    assert "/fi/reg.html" in [a.attrs["href"] for a in index.iter("a")]
    assert [s.text() for s in index.iter("span")] == [PREVIEW[lang][1]]
    body = shown.respond("/fi/reg.html").body.decode("utf-8")
    expected = unwarned.respond("/fi/reg.html").body.decode("utf-8")
    start, end = body.index("<aside"), body.index("</aside>") + len("</aside>")
    assert body[:start] + body[end:] == expected            # the document as without the comment
    note = parse_html(body).find("aside")
    assert note.attrs["lang"] == lang and note.attrs["role"] == "note"
    assert note.find("h2").text() == PREVIEW[lang][3]
    [said] = [li.text() for li in note.iter("li")]
    assert said.startswith(_warning_at(reg)) and WARNING[lang] in said
    assert note.find("p").text().startswith(NOTE[lang])


def test_serve_escapes_the_warning_s_text(register):
    """Fails if the note's lines are not HTML-escaped: the comment below would be markup."""
    reg = register((PLAIN, PLAIN + " #b<b>bold</b>"), name="reg")
    body = preview.Preview([str(reg.path.parent)]).respond("/fi/reg.html").body.decode("utf-8")
    note = body[body.index("<aside"):body.index("</aside>")]
    assert "<b>" not in note and "&lt;b&gt;bold&lt;/b&gt;" in note


# ---- build --out FILE ------------------------------------------------------------------------------

FILE_NOT_FOLDER = {"fi": "{option} on tiedosto eikä kansio; valitse toinen kansio",
                   "sv": "{option} är en fil, inte en mapp; välj en annan mapp",
                   "en": "{option} is a file, not a folder; choose another folder"}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("option", ["--out", "--records"])
def test_build_into_a_file_says_it_is_a_file(register, run, tmp_path, lang, option):
    """Fails without sitewriter.check_output's own case for a file: it said 'this folder exists
    and was not made by policy-gen' of a file."""
    reg = register()
    file = tmp_path / "notes.txt"
    file.write_text("mine\n", "utf-8")
    folders = {"--out": tmp_path / "site", "--records": tmp_path / "records", option: file}
    code, out, err = run("--lang", lang, "build", reg.path, "--out", folders["--out"],
                         "--records", folders["--records"], "--format", "json", "--no-history")
    assert code == 1 and out == ""
    assert err.splitlines()[0] == f"{file}:1:1: error: " + FILE_NOT_FOLDER[lang].format(option=option)
    assert file.read_text("utf-8") == "mine\n"
