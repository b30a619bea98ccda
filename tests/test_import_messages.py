"""`policy-gen import` and `policy-gen migrate` in Finnish, Swedish and English (issue 12).

Their messages follow --lang (before the command) or the locale, like every other command's; the
FILE:LINE:COL: severity: prefix stays as programs read it. What they write into the register (its
TODOs and header comments) is in the register's language: the document's for import, the first of
`languages` for migrate. The "TODO:" marker is the same in every language, so `validate` lists the
TODOs of a Finnish register as it lists an English one's.
"""
from __future__ import annotations

import ast
import os
import re
from pathlib import Path

import pytest

from policy_gen.diagnostics import TODO
from policy_gen.i18n import LANGUAGES, catalogue_keys, cli_texts
from policy_gen.loader import load_file

from test_import import GDPR_NOTICE

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "registers" / "iljoja-networks.yaml"
WRITERS = ("migrate", "importing/command", "importing/placing")


def _register_texts() -> dict[str, str]:
    """Every text import and migrate write into a register: the first argument of todo(...)."""
    found = {}
    for name in WRITERS:
        tree = ast.parse((ROOT / "policy_gen" / f"{name}.py").read_text("utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "todo" and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found.setdefault(node.args[0].value, f"{name}.py:{node.lineno}")
    return found


# ---- the catalogues ------------------------------------------------------------------------------

def _articles(text: str, lang: str) -> list[str]:
    """The GDPR references of an English text, as the catalogues of `lang` write them:
    Art. 13(1)(c) -> '13 artiklan 1 kohdan c alakohta' (fi), 'artikel 13.1 c' (sv)."""
    out = []
    for article, paragraph, point in re.findall(r"Art\. (\d+)(?:\((\d+)\))?(?:\(([a-z])\))?", text):
        if lang == "fi":
            out.append(f"{article} artiklan {paragraph} kohdan {point} alakohta" if point
                       else f"{article} artiklan {paragraph} kohta" if paragraph else f"{article} artikla")
        elif lang == "sv":
            out.append(f"artikel {article}" + (f".{paragraph}" if paragraph else "") + (f" {point}" if point else ""))
        else:
            out.append(f"Art. {article}" + (f"({paragraph})" if paragraph else "") + (f"({point})" if point else ""))
    return out


def test_every_register_text_is_in_every_catalogue():
    """Each TODO and header comment has an entry in context "todo" in fi, sv and en with the same
    {placeholders}; a TODO keeps its "TODO:" marker (validate finds TODOs by it), every article it
    cites (in the language's own way of writing it) and every number (dates, the repeal)."""
    texts = _register_texts()
    assert len(texts) > 25, "the pattern finds no texts: it is out of date"
    for lang in LANGUAGES:
        lookup = cli_texts(lang)
        assert [(where, t) for t, where in texts.items() if lookup(t, "todo") is None] == [], lang
        for text in texts:
            said = lookup(text, "todo")
            assert set(re.findall(r"\{(\w+)\}", said)) == set(re.findall(r"\{(\w+)\}", text)), (lang, text)
            assert said.startswith(TODO + " ") == text.startswith(TODO + " "), (lang, text)
            assert [a for a in _articles(text, lang) if a not in said] == [], (lang, said)
            assert sorted(re.findall(r"\d+", said)) == sorted(re.findall(r"\d+", text)), (lang, said)
            assert [w for w in re.findall(r"'[a-z_.]+'|\b[a-z]+_[a-z_]+\b", text) if w not in said] == [], (lang, said)
    assert [t for t in texts if cli_texts("en")(t, "todo") != t] == []      # English says what the code says


def test_no_register_text_in_the_catalogues_is_stale():
    used = set(_register_texts())
    for lang in LANGUAGES:
        assert sorted(key for context, key in catalogue_keys(lang) if context == "todo" and key not in used) == []


# ---- import ----------------------------------------------------------------------------------------

IMPORT_WORDS = {
    "fi": ("kirjoitettiin", "TODO-kohtaa täydennettävänä", "luettelee ne", "sisältörivistä", "lisäosioihin jätetty"),
    "sv": ("skrev", "TODO-punkter att fylla i", "listar dem", "innehållsrader placerade i fält", "kvar i extra avsnitt"),
    "en": ("wrote", "TODO items to write", "lists them", "content lines placed in fields", "kept in extra sections"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_lines_import_prints_follow_lang(run, tmp_path, lang):
    """Fails without the lookup passed to importing.command.run: the wrote, note and report lines
    were in English whatever --lang said."""
    source = tmp_path / "notice.txt"
    source.write_text(GDPR_NOTICE, "utf-8")
    target = tmp_path / "notice.yaml"
    code, out, err = run("--lang", lang, "import", source)
    assert (code, err) == (0, "")
    wrote, *notes, summary = out.splitlines()
    written, todo_items, listed, placed, kept = IMPORT_WORDS[lang]
    assert wrote.startswith(f"{written} {target} (gdpr, fi): ") and todo_items in wrote
    assert wrote.endswith(f"`policy-gen validate {target}` {listed}")
    assert "27" in summary and "29" in summary and placed in summary and kept in summary
    assert summary.endswith(": evasteet (2)")                  # the ids of the extra sections, as they are
    assert len(notes) == 1 and notes[0].startswith("note: ") and "'rights.how_to_exercise'" in notes[0]
    assert ("oikeuksia" in notes[0]) == (lang == "fi") and ("rättigheter" in notes[0]) == (lang == "sv")


@pytest.mark.parametrize("lang, exists, itself, missing", [
    ("fi", "tiedosto on jo olemassa", "tämä on tuotava asiakirja", "tiedostoa ei ole; tarkista polku"),
    ("sv", "filen finns redan", "detta är dokumentet som importeras", "filen finns inte; kontrollera sökvägen"),
    ("en", "this file exists; name another with --out", "this is the document being imported",
     "no such file; check the path"),
])
def test_import_refuses_in_the_language_of_lang(run, tmp_path, lang, exists, itself, missing):
    """Fails without msg() in importing/command.py: the refusals were English whatever --lang said.
    The FILE:LINE:COL: error: prefix is the same in every language."""
    source = tmp_path / "notice.txt"
    source.write_text(GDPR_NOTICE, "utf-8")
    target = tmp_path / "notice.yaml"
    target.write_text("mine\n", "utf-8")
    code, out, err = run("--lang", lang, "import", source)
    assert (code, out) == (1, "") and err.splitlines()[0].startswith(f"{target}:1:1: error: {exists}")
    code, out, err = run("--lang", lang, "import", source, "--out", source, "--force")
    assert (code, out) == (1, "") and err.splitlines()[0] == f"{source}:1:1: error: " + {
        "fi": "tämä on tuotava asiakirja; nimeä toinen tiedosto valitsimella --out",
        "sv": "detta är dokumentet som importeras; ange en annan fil med --out",
        "en": "this is the document being imported; name another file with --out"}[lang]
    assert itself in err
    code, out, err = run("--lang", lang, "import", tmp_path / "nowhere.txt")
    assert (code, out) == (1, "") and err.splitlines()[0] == f"{tmp_path / 'nowhere.txt'}:1:1: error: {missing}"
    assert target.read_text("utf-8") == "mine\n" and source.read_text("utf-8") == GDPR_NOTICE


@pytest.mark.parametrize("lang, words", [("fi", "tuntematon avain 'x'"), ("sv", "okänd nyckel 'x'"),
                                          ("en", "unknown key 'x'")])
def test_a_remaining_problem_is_a_warning_in_the_language_of_lang(run, tmp_path, monkeypatch, lang, words):
    """A problem validate still finds in the written register is printed as a warning, translated,
    with the FILE:LINE:COL: warning: prefix unchanged (fails if printed with str(), in English)."""
    from policy_gen.diagnostics import Diagnostic, msg
    from policy_gen.importing import command
    real = command.validate_loaded
    monkeypatch.setattr(command, "validate_loaded", lambda loaded: real(loaded) + [
        Diagnostic("x", 3, 1, msg("unknown key '{key}'{hint}", key="x", hint=""))])
    source = tmp_path / "notice.txt"
    source.write_text(GDPR_NOTICE, "utf-8")
    code, out, err = run("--lang", lang, "import", source)
    assert code == 0
    assert err.splitlines() == [f"{tmp_path / 'notice.yaml'}:3:1: warning: {words}"]


def _todos(run, path) -> list[str]:
    """The TODOs `validate` lists for the register at `path` (it lists nothing else here)."""
    code, out, err = run("validate", path)
    lines = err.splitlines()[:-1]
    assert code == 1 and lines
    messages = [re.fullmatch(rf"{re.escape(str(path))}:\d+:\d+: error: (.*)", line)[1] for line in lines]
    assert all(m.startswith("TODO: ") for m in messages), messages
    return messages


SWEDISH_NOTICE = """\
Dataskyddsbeskrivning
EU:s allmänna dataskyddsförordning (2016/679) artiklarna 13 och 14
Datum: 25.5.2018

1. Personuppgiftsansvarig
Exempel Ab
FO-nummer: 2039096-6
Exempelgatan 1
00100 Helsingfors

2. Ändamålet med behandlingen av personuppgifter
Personuppgifterna används
- för att sköta kundrelationen
- för fakturering

3. Registrets datainnehåll
- namn och kontaktuppgifter
- faktureringsuppgifter

4. Principerna för skydd av registret
Elektroniska uppgifter finns på servrar som kräver användar-id och lösenord.
Pappersdokument förvaras i ett låst utrymme.
"""


@pytest.mark.parametrize("lang, document, words, english", [
    ("fi", GDPR_NOTICE, ("käyttötarkoituksen 'laskutukseen' oikeusperuste (6 artiklan 1 kohta)",
                         "(14 artiklan 2 kohdan f alakohta)"), "legal basis for purpose"),
    ("sv", SWEDISH_NOTICE, ("rättslig grund för ändamålet 'för fakturering' (artikel 6.1)",
                            "personuppgiftsbiträden"), "legal basis for purpose"),
])
def test_an_imported_register_has_its_todos_in_its_language(run, tmp_path, lang, document, words, english):
    """Fails without in_language() in importing.command.convert: a Finnish or Swedish register got
    English TODOs. validate lists as many TODOs as with English ones (import --lang en writes the
    same document as an English register), and import's count is validate's."""
    source = tmp_path / "notice.txt"
    source.write_text(document, "utf-8")
    own, english_register = tmp_path / "own.yaml", tmp_path / "english.yaml"
    code, out, _ = run("import", source, "--out", own)
    assert code == 0 and f"({load_file(own).data['framework']}, {lang})" in out
    todos = _todos(run, own)
    assert all(w in " ".join(todos) for w in words) and english not in " ".join(todos)
    assert run("import", source, "--out", english_register, "--lang", "en")[0] == 0
    assert english in " ".join(_todos(run, english_register))
    assert len(todos) == len(_todos(run, english_register))
    assert f": {len(todos)} TODO items to write" in out
    header = [line for line in own.read_text("utf-8").splitlines() if line.startswith("#")]
    assert {"fi": "Tuotu komennolla `policy-gen import`", "sv": "Importerat med `policy-gen import`"}[lang] \
        in " ".join(header)


def test_a_file_name_with_a_line_break_stays_in_the_comment(run, tmp_path):
    """The header names the document, in the register's language: a line break in its name cannot
    start YAML (for_terminal escapes it, and the comment is wrapped into '# ' lines)."""
    source = tmp_path / "a\nframework: gdpr.txt"
    source.write_text(GDPR_NOTICE, "utf-8")
    target = tmp_path / "out.yaml"
    assert run("import", source, "--out", target)[0] == 0
    assert load_file(target).data["framework"] == "gdpr"
    assert all(line.startswith("#") for line in target.read_text("utf-8").splitlines()[:3])


# ---- migrate ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, wrote, exists", [
    ("fi", "kirjoitettiin {out}: 19 TODO-kohtaa täydennettävänä; `policy-gen validate {out}` luettelee ne",
     "tiedosto on jo olemassa; nimeä toinen valitsimella --out tai lisää --force, niin se korvataan"),
    ("sv", "skrev {out}: 19 TODO-punkter att fylla i; `policy-gen validate {out}` listar dem",
     "filen finns redan; ange en annan med --out eller lägg till --force för att ersätta den"),
    ("en", "wrote {out}: 19 TODO items to write; `policy-gen validate {out}` lists them",
     "this file exists; name another with --out, or add --force to replace it"),
])
def test_the_lines_migrate_prints_follow_lang(run, tmp_path, lang, wrote, exists):
    """Fails without the lookup passed to migrate.run and msg() in migrate.py."""
    out = tmp_path / "new.yaml"
    assert run("--lang", lang, "migrate", OLD, "--to", "gdpr", "--out", out) == (0, wrote.format(out=out) + "\n", "")
    code, stdout, err = run("--lang", lang, "migrate", OLD, "--to", "gdpr", "--out", out)
    assert (code, stdout) == (1, "") and err.splitlines()[0] == f"{out}:1:1: error: {exists}"
    gdpr = ROOT / "registers" / "iljoja-networks-gdpr.yaml"
    code, stdout, err = run("--lang", lang, "migrate", gdpr, "--to", "gdpr", "--out", tmp_path / "again.yaml")
    assert (code, stdout) == (1, "") and err.splitlines()[0].startswith(f"{gdpr}:")
    assert {"fi": "tämä rekisteri on jo 'gdpr'", "sv": "detta register är redan 'gdpr'",
            "en": "this register is already 'gdpr'"}[lang] in err


@pytest.mark.parametrize("first, words", [
    ("fi", ("TODO: käyttötarkoituksen 'laskutus' oikeusperuste (6 artiklan 1 kohta)",
            "Muunnettu komennolla `policy-gen migrate`")),
    ("sv", ("TODO: rättslig grund för ändamålet 'laskutus' (artikel 6.1)", "Migrerat med `policy-gen migrate`")),
    ("en", ("TODO: legal basis for purpose 'laskutus' (Art. 6(1))", "Migrated by `policy-gen migrate`")),
])
def test_a_migrated_register_has_its_todos_in_its_first_language(run, tmp_path, first, words):
    """Fails without in_language() in migrate.to_gdpr: the TODOs were English in every register.
    validate lists the same 19 TODOs whatever the language."""
    old = OLD.read_text("utf-8").replace("languages: [fi]", f"languages: [{first}]")
    source = tmp_path / "old.yaml"
    source.write_text(old, "utf-8")
    out = tmp_path / "new.yaml"
    code, stdout, err = run("migrate", source, "--to", "gdpr", "--out", out)
    assert (code, err) == (0, ""), err
    todos = _todos(run, out)
    assert len(todos) == 19 and words[0] in " ".join(todos)
    assert words[1] in out.read_text("utf-8").split("\nframework:")[0]
    assert ("legal basis for purpose" in " ".join(todos)) == (first == "en")


@pytest.mark.parametrize("lang, suffix, latin1, empty", [
    ("fi", "policy-gen ei osaa tuoda '.odt'-tiedostoja; tuo jokin näistä: .docx, .htm",
     "warning: tiedosto ei ole UTF-8-muodossa; se luettiin Windows-1252-merkistönä",
     "tässä asiakirjassa ei ole tuotavaa tekstiä"),
    ("sv", "policy-gen kan inte importera '.odt'-filer; importera en av .docx, .htm",
     "warning: filen är inte i UTF-8; den lästes som Windows-1252", "dokumentet har ingen text att importera"),
    ("en", "policy-gen cannot import '.odt' files; import one of .docx, .htm",
     "warning: this file is not UTF-8; read as Windows-1252", "this document has no text to import"),
])
def test_what_import_says_of_the_file_itself_follows_lang(run, tmp_path, lang, suffix, latin1, empty):
    """The readers' messages (a suffix policy-gen cannot read, a Windows-1252 text, a document without
    text) follow --lang. Fails without msg() in importing/readers.py and the lookup passed to read():
    they were English whatever --lang said."""
    odt = tmp_path / "notice.odt"
    odt.write_bytes(b"PK\x03\x04")
    code, out, err = run("--lang", lang, "import", odt)
    assert (code, out) == (1, "") and err.splitlines()[0].startswith(f"{odt}:1:1: error: {suffix}")
    old = tmp_path / "old.txt"
    old.write_bytes(GDPR_NOTICE.replace("”", '"').encode("cp1252"))
    first = next(n for n, line in enumerate(GDPR_NOTICE.splitlines(), 1) if not line.isascii())
    code, out, err = run("--lang", lang, "import", old)
    assert code == 0 and err.startswith(f"{old}:{first}:1: {latin1}")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n \n", "utf-8")
    code, out, err = run("--lang", lang, "import", blank)
    assert (code, out) == (1, "") and err.splitlines()[0] == f"{blank}:1:1: error: {empty}"
    assert not (tmp_path / "notice.yaml").exists() and not (tmp_path / "blank.yaml").exists()


def test_a_todo_is_written_on_one_line_so_that_delete_this_line_means_it(run, tmp_path):
    """A TODO that says "delete this line" (processors, dpo) is one line in double quotes, as `new`
    writes it: deleting that line leaves a register with one TODO fewer and no new problem. Fails
    without the TODO representer of migrate._Dumper: the TODO was folded over three lines in single
    quotes, and deleting the first left "unknown key '37)'"."""
    source = tmp_path / "notice.txt"
    source.write_text(GDPR_NOTICE, "utf-8")
    assert run("--lang", "fi", "import", source)[0] == 0
    text = (tmp_path / "notice.yaml").read_text("utf-8")
    todo_lines = [line for line in text.splitlines() if TODO in line and not line.startswith("#")]
    assert len(todo_lines) > 5 and all(re.fullmatch(r' *(?:- |[a-z_]+: )"TODO: [^"]*"', line) for line in todo_lines)
    processors = next(line for line in todo_lines if line.startswith("processors: "))
    assert processors.endswith('poista tämä rivi"')
    _, _, before = run("validate", tmp_path / "notice.yaml")
    (tmp_path / "notice.yaml").write_text(text.replace(processors + "\n", ""), "utf-8")
    _, _, after = run("validate", tmp_path / "notice.yaml")
    assert len(after.splitlines()) == len(before.splitlines()) - 1
    assert "unknown key" not in after and "tuntematon" not in after



def test_the_schema_line_is_one_line_whatever_policy_gens_own_folder_is_called(tmp_path, monkeypatch):
    """policy-gen installed under a folder whose name holds a line break: the schema line would end
    the comment and start YAML of its own. Fails without the isprintable() guard in
    scaffold.schema_line."""
    import policy_gen.scaffold as scaffold
    own = tmp_path / "a\nframework: toy" / "schemas"
    own.mkdir(parents=True)
    (own / "gdpr.schema.json").write_text("{}", "utf-8")
    monkeypatch.setattr(scaffold, "schemas_dir", lambda: own)
    (tmp_path / "project" / "registers").mkdir(parents=True)
    line = scaffold.schema_line("gdpr", tmp_path / "project" / "registers")
    assert line == "# yaml-language-server: $schema=../schemas/gdpr.schema.json"


def test_a_pages_footer_is_left_out_like_its_navigation_but_an_articles_is_kept(run, tmp_path):
    """A web page's own footer (copyright, site links) is the site's, not the notice's; a footer inside
    the article is the document's (fails without the page-footer rule of readers._HtmlLines: '© 2024
    Esimerkki Oy' was placed in the last section's text and would be published)."""
    from policy_gen.importing.readers import read
    page = tmp_path / "notice.html"
    page.write_text("<html><body><main><article><h1>Tietosuojaseloste</h1><h2>1. Rekisterinpitäjä</h2>"
                    "<p>Esimerkki Oy</p><footer>Päivitetty 1.1.2024</footer></article></main>"
                    "<footer>© 2024 Esimerkki Oy · Yhteystiedot</footer></body></html>", "utf-8")
    texts = [line.text for line in read(page)]
    assert "Päivitetty 1.1.2024" in texts and not any("©" in text for text in texts)


def test_importing_a_folder_says_it_is_a_folder(run, tmp_path):
    """Fails when the suffix is checked first: a folder was told 'cannot import files without a suffix'."""
    code, out, err = run("import", tmp_path)
    assert (code, out) == (1, "") and err.startswith(f"{tmp_path}:1:1: error: this is a folder; name the document")


def test_a_damaged_pdf_is_one_message_without_the_librarys_own_lines(tmp_path):
    """pypdf logs what it repairs ('EOF marker not found') as a bare line on stderr, with no
    FILE:LINE:COL and in English (fails without silencing the 'pypdf' logger in read_pdf). Run as
    its own process: pytest's log capture would hide the line."""
    import subprocess
    import sys
    damaged = tmp_path / "b.pdf"
    damaged.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\n")
    done = subprocess.run([sys.executable, "-m", "policy_gen", "--lang", "en", "import", str(damaged)],
                          capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 1 and len(done.stderr.splitlines()) == 2, done.stderr
    assert done.stderr.startswith(f"{damaged}:1:1: error: this PDF cannot be read")


def test_a_controller_whose_details_were_found_is_asked_only_its_name():
    """Lagtinget's address and business ID were found but not its name: the TODO asks for the name
    alone, not 'and its address, phone or e-mail below it', which are there (fails without the
    'controller_name' TODO of placing.contact)."""
    from policy_gen.importing.command import convert
    real = ROOT / "tests" / "fixtures" / "real" / "lagtinget-aland-dataskyddsbeskrivning.txt"
    data = convert(real, real.name)[1]
    assert data["controller"]["name"] == "TODO: den personuppgiftsansvariges namn"
    assert data["controller"]["addresses"]
