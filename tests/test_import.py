"""`policy-gen import`: existing documents (text, HTML, DOCX, PDF) become registers that keep
every line. The 2015 ILJOJA document (tests/fixtures/) is imported, built, and read back."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpers_import import WRITERS, content_lines
from helpers_output import (EXAMPLE, SEED, html_lines, md_lines, missing_seed_lines, parse_html, pdf_lines,
                            seed_lines)
from policy_gen.resources import schemas_dir
from policy_gen.importing.command import convert
from policy_gen.loader import load_file, load_text
from policy_gen.registers import validate_loaded


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return [node] if isinstance(node, str) else []


def _placed_share(account) -> float:
    return account.placed / account.total


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text("utf-8")


# ---- the seed as text: import, then build ---------------------------------------------------

def test_the_seed_becomes_the_example_register(run, tmp_path):
    """Imported, the 2015 text is the register written by hand from it, value for value."""
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())
    code, out, err = run("import", source)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "40 of 40 content lines placed in fields; 0 kept in extra sections"
    written = tmp_path / "seed.yaml"
    assert load_file(written).data == load_file(EXAMPLE).data
    assert run("validate", written)[0] == 0


def test_every_line_of_the_imported_seed_is_published(run, tmp_path):
    """import, then build: HTML, Markdown and PDF carry every line of the seed, in order, list
    lines as list items (the strict matcher of test_outputs)."""
    source = tmp_path / "iljoja.txt"
    source.write_bytes(SEED.read_bytes())
    register = tmp_path / "registers" / "iljoja.yaml"
    assert run("import", source, "--out", register)[0] == 0
    site = tmp_path / "site"
    code, _, err = run("build", register, "--out", site, "--format", "html,md,pdf", "--no-history")
    assert code == 0, err
    seed = seed_lines()
    assert missing_seed_lines(html_lines(parse_html((site / "fi" / "iljoja.html").read_text("utf-8"))), seed) == []
    assert missing_seed_lines(md_lines((site / "fi" / "iljoja.md").read_text("utf-8")), seed) == []
    assert missing_seed_lines(pdf_lines(site / "fi" / "iljoja.pdf"), seed) == []


# ---- the same document as HTML, DOCX and PDF -----------------------------------------------

@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_every_format_gives_the_same_register(fmt, tmp_path, seed_text):
    """Each reader finds the same lines: the register is the one the text gives (and so the
    hand-written example), every content line placed, nothing left for validate."""
    path = WRITERS[fmt](seed_text, tmp_path / f"seed.{fmt}")
    _, data, account, problems = convert(path, str(path))
    assert (account.placed, account.total, account.extra) == (40, 40, {})
    assert problems == []
    assert data == load_file(EXAMPLE).data


def test_a_web_page_leaves_out_scripts_styles_and_navigation(tmp_path, seed_text):
    """Fails without the reader's list of skipped elements: the menu ('Etusivu'), the
    script's text and the style would become lines of the document."""
    path = WRITERS["html"](seed_text, tmp_path / "seed.html")
    text, data, account, _ = convert(path, str(path))
    assert "Etusivu" not in text and "var a" not in text and "font-family" not in text
    assert account.total == 40


# ---- what no field takes, and what is missing -----------------------------------------------

GDPR_NOTICE = """\
Tietosuojaseloste
EU:n yleinen tietosuoja-asetus (2016/679) 13 ja 14 artikla
Laatimispäivä: 25.5.2018

1. Rekisterinpitäjä
Esimerkki Oy
Y-tunnus: 2039096-6
Esimerkkikatu 1
00100 Helsinki
puh. 09 3157 6885
Asiakaspalvelu palvelee arkisin klo 9–16.

2. Tietosuojavastaava
Maija Meikäläinen
tietosuoja(at)esimerkki.fi

3. Rekisterin nimi
Asiakasrekisteri

4. Henkilötietojen käsittelyn tarkoitus
Henkilötietoja käsitellään
- asiakassuhteen hoitamiseksi
- laskutukseen
- suoramarkkinointiin

5. Käsittelyn oikeusperuste
Käsittely perustuu sopimukseen ja oikeutettuun etuun.

6. Rekisterin tietosisältö
- nimi ja yhteystiedot
- laskutustiedot

7. Tietojen säilytysaika
Tietoja säilytetään viisi vuotta asiakassuhteen päättymisestä.

8. Säännönmukaiset tietolähteet
Tiedot saadaan asiakkaalta itseltään.

9. Tietojen luovutukset
Tietoja ei luovuteta kolmansille osapuolille.

10. Tietojen siirto EU:n tai ETA:n ulkopuolelle
Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle.

11. Evästeet
Sivustolla käytetään evästeitä.
- analytiikkaevästeet

12. Rekisteröidyn oikeudet
Rekisteröidyllä on oikeus tarkastaa tietonsa.

13. Oikeus tehdä valitus valvontaviranomaiselle
Valituksen voi tehdä tietosuojavaltuutetulle.

14. Rekisterin suojauksen periaatteet
Sähköiset tiedot ovat palvelimilla, joihin pääsee vain käyttäjätunnuksella ja salasanalla.
Paperiset asiakirjat säilytetään lukitussa tilassa.
"""


def test_a_gdpr_notice_keeps_every_line_and_leaves_todos(run, tmp_path):
    """A GDPR notice: the GDPR headings are found, the document's own heading wording kept
    (`document.headings` for the retention, which has no value of its own), a line of the
    controller's section that is no detail kept in the controller's own blocks, a section with
    no field (cookies) kept in an extra section and reported, and validate reports only the
    TODOs (legal bases, publicly accessible...)."""
    source = tmp_path / "notice.txt"
    source.write_text(GDPR_NOTICE, "utf-8")
    code, out, err = run("import", source)
    assert (code, err) == (0, "")
    text = (tmp_path / "notice.yaml").read_text("utf-8")
    loaded = load_text(text, "notice.yaml")
    data = loaded.data
    assert data["framework"] == "gdpr" and data["languages"] == ["fi"]
    assert data["document"] == {"date": "2018-05-25",
                                "legal_reference": "EU:n yleinen tietosuoja-asetus (2016/679) 13 ja 14 artikla",
                                "headings": {"retention": "Tietojen säilytysaika"}}
    assert data["controller"] == {"name": "Esimerkki Oy", "business_id": "2039096-6",
                                  "addresses": [{"street": "Esimerkkikatu 1", "postal_code": "00100",
                                                 "city": "Helsinki"}],
                                  "phone": "09 3157 6885", "blocks": ["Asiakaspalvelu palvelee arkisin klo 9–16."]}
    assert data["dpo"] == {"name": "Maija Meikäläinen", "email": "tietosuoja@esimerkki.fi", "email_obfuscated": True}
    assert [p["purpose"] for p in data["purposes"]["items"]] == ["asiakassuhteen hoitamiseksi", "laskutukseen",
                                                                  "suoramarkkinointiin"]
    assert data["purposes"]["items"][2]["direct_marketing"] is True
    # a second section for the same field follows the first as a sub-section under its own heading
    assert data["purposes"]["blocks"] == [{"section": {"heading": "Käsittelyn oikeusperuste", "blocks": [
        "Käsittely perustuu sopimukseen ja oikeutettuun etuun."]}}]
    assert data["data_categories"]["retention"] == "Tietoja säilytetään viisi vuotta asiakassuhteen päättymisestä."
    assert data["transfers"] == {"outside_eea": False, "intro": ["Tietoja ei siirretä EU:n tai ETA:n ulkopuolelle."]}
    assert data["security"]["electronic"] and data["security"]["manual"]
    extras = {e["id"]: e for e in data["extra_sections"]}
    assert extras["evasteet"] == {"id": "evasteet", "heading": "Evästeet", "intro": ["Sivustolla käytetään evästeitä."],
                                  "items": ["analytiikkaevästeet"], "after": "transfers"}
    # every line of the document is somewhere in the register
    strings = " ".join(_strings(data))
    for line in content_lines(GDPR_NOTICE)[3:]:
        bare = line[2:] if line.startswith("- ") else line
        if not bare[:2].strip(".").isdigit():
            # labelled details ('Y-tunnus: ...', 'puh. ...') are kept as values
            assert any(c in strings for c in (bare, bare.split(": ", 1)[-1], bare.split(" ", 1)[-1],
                                              bare.replace("(at)", "@"))), bare
    assert out.splitlines()[-1] == ("27 of 29 content lines placed in fields; 2 kept in extra sections: "
                                    "evasteet (2)")
    problems = validate_loaded(loaded)
    assert problems and all(p.message.startswith("TODO:") for p in problems)
    code, _, err = run("validate", tmp_path / "notice.yaml")
    assert code == 1 and "TODO: käyttötarkoituksen 'laskutukseen' oikeusperuste" in err   # Finnish: the register's language


def test_a_detail_validation_refuses_stays_as_text(tmp_path):
    """A phone number that cannot exist is not made the controller's phone (validate would
    refuse the register): its line is kept, as text, in an extra section. Fails without the
    second pass that puts refused details back."""
    source = tmp_path / "doc.txt"
    source.write_text(SEED.read_text("utf-8").replace("Puhelin: +358 (0)9 3157 6885", "Puhelin: 000 000 000", 1), "utf-8")
    _, data, account, problems = convert(source, str(source))
    assert problems == []
    assert "phone" not in data["controller"]
    assert data["controller"]["blocks"] == ["Puhelin: 000 000 000"] and "extra_sections" not in data
    assert (account.placed, account.extra) == (40, {})


def test_text_in_windows_1252_is_read_with_a_warning(run, tmp_path):
    source = tmp_path / "old.txt"
    source.write_bytes(SEED.read_text("utf-8").replace("”", '"').encode("cp1252"))
    code, out, err = run("import", source)
    assert code == 0
    first = next(n for n, line in enumerate(SEED.read_text("utf-8").splitlines(), 1) if not line.isascii())
    assert err.startswith(f"{source}:{first}:1: warning: this file is not UTF-8; read as Windows-1252")
    assert load_file(tmp_path / "old.yaml").data["controller"]["addresses"][0]["city"] == "Järvenpää"


# ---- never over an existing file --------------------------------------------------------------

def test_an_existing_file_is_replaced_only_with_force(run, tmp_path):
    """Fails without the check: the register written by hand would be overwritten."""
    source = tmp_path / "seed.txt"
    source.write_bytes(SEED.read_bytes())
    target = tmp_path / "seed.yaml"
    target.write_text("mine\n", "utf-8")
    code, out, err = run("import", source)
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == f"{target}:1:1: error: this file exists; name another with --out, or add --force to replace it"
    assert target.read_text("utf-8") == "mine\n"
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")        # a dangling link is a name taken too
    assert run("import", source, "--out", link)[0] == 1
    assert not (tmp_path / "nowhere.yaml").exists()
    assert run("import", source, "--force")[0] == 0
    first = target.read_text("utf-8").splitlines()[0]
    assert (target.parent / first.split("$schema=")[1]).resolve() == (
        schemas_dir() / "henkilotietolaki-10.schema.json").resolve()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "seed.txt", "seed.yaml"]   # no temporary left


def test_a_file_created_meanwhile_is_not_replaced(tmp_path, monkeypatch):
    """The last check is the link itself: a file that appears between the first check and
    the write is kept (fails if the temporary file were renamed over it)."""
    from policy_gen.diagnostics import InputError
    from policy_gen.importing import command
    target = tmp_path / "new.yaml"
    real_open = os.open

    def racing_open(path, flags, mode=0o777):
        if Path(path).name.startswith(".new.yaml.") and not target.exists():     # the temporary file
            target.write_text("theirs\n", "utf-8")
        return real_open(path, flags, mode)

    monkeypatch.setattr(command.os, "open", racing_open)
    with pytest.raises(InputError):
        command.write_new(target, "ours\n", force=False)
    assert target.read_text("utf-8") == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]


# ---- documents that cannot be imported --------------------------------------------------------

@pytest.mark.parametrize("name, content, message", [
    ("notice.odt", b"x", "policy-gen cannot import '.odt' files"),
    ("missing.txt", None, "no such file"),
    ("broken.docx", b"not a zip", "this is not a Word document (.docx) that can be read"),
    ("broken.pdf", b"%PDF-1.4 nothing", "this PDF cannot be read"),
    ("empty.txt", b"  \n\n", "this document has no text to import"),
    ("empty.html", b"<html><script>x</script><body> </body></html>", "this document has no text to import"),
])
def test_a_document_that_cannot_be_imported_is_one_message(run, tmp_path, name, content, message):
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    code, out, err = run("import", source)
    assert (code, out) == (1, "")
    assert err.startswith(f"{source}:1:1: error: {message}"), err
    assert "Traceback" not in err and not list(tmp_path.glob("*.yaml"))
