"""`policy-gen migrate FILE --to gdpr`: every old value kept, every missing GDPR item a TODO
that validate reports where it stands, and a register that builds once they are written."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from helpers_output import SEED_TITLE, norm, seed_lines
from policy_gen.resources import schemas_dir
from policy_gen.diagnostics import is_todo
from policy_gen.i18n import Messages, catalogue_keys
from policy_gen.loader import load_file, load_text
from policy_gen.migrate import dump, to_gdpr
from policy_gen.frameworks.blocks import obfuscated_email
from policy_gen.registers import validate_loaded

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "registers" / "iljoja-networks.yaml"


def _strings(node, path=()):
    """(path, string) for every text value."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, path + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _strings(value, path + (i,))
    elif isinstance(node, str):
        yield path, node


@pytest.fixture
def migrated(tmp_path, run):
    """migrate registers/iljoja-networks.yaml into tmp/registers/new.yaml: (path, text, data)."""
    out = tmp_path / "registers" / "new.yaml"
    code, stdout, stderr = run("migrate", OLD, "--to", "gdpr", "--out", out)
    assert (code, stderr) == (0, "")
    assert stdout == f"wrote {out}: 19 TODO items to write; `policy-gen validate {out}` lists them\n"
    text = out.read_text("utf-8")
    return out, text, load_text(text, str(out)).data


def test_the_new_file_names_its_schema_and_reads_back_as_written(migrated):
    """The schema line leads from the new file's folder to a schema that exists, as `new`'s does
    (without a project schemas/ folder above it, to policy-gen's own)."""
    out, text, data = migrated
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    assert (out.parent / first.split("$schema=")[1]).resolve() == (schemas_dir() / "gdpr.schema.json").resolve()
    assert data == to_gdpr(load_file(OLD).data, OLD.stem)
    assert data["framework"] == "gdpr"
    assert data["controller"]["addresses"][0]["postal_code"] == "04400"
    assert data["document"]["date"] == "2015-01-01"
    assert data["contact"]["email_obfuscated"] is True


def test_the_schema_line_leads_to_the_projects_schemas_folder(tmp_path, run):
    """A register written into a project's registers/ beside its schemas/ names ../schemas/, as `new`
    does (fails without scaffold.schema_line in migrate.dump: the line was always ../schemas/, a
    file that does not exist outside such a project)."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "gdpr.schema.json").write_text("{}", "utf-8")
    out = tmp_path / "registers" / "new.yaml"
    assert run("migrate", OLD, "--to", "gdpr", "--out", out)[0] == 0
    assert out.read_text("utf-8").splitlines()[0] == "# yaml-language-server: $schema=../schemas/gdpr.schema.json"
    elsewhere = tmp_path / "registers" / "archive" / "new.yaml"        # a folder deeper: ../../schemas/
    assert run("migrate", OLD, "--to", "gdpr", "--out", elsewhere)[0] == 0
    line = elsewhere.read_text("utf-8").splitlines()[0]
    assert line == "# yaml-language-server: $schema=../../schemas/gdpr.schema.json"
    assert (elsewhere.parent / line.split("$schema=")[1]).resolve() == (tmp_path / "schemas" / "gdpr.schema.json")


def test_every_value_of_the_old_register_is_kept(migrated):
    _, _, new = migrated
    values = [s for _, s in _strings(new)]
    todos = " ".join(s for s in values if is_todo(s))
    for path, old in _strings(load_file(OLD).data):
        if old == "henkilotietolaki-10":
            continue
        assert old in values or f"'{old}'" in todos, path     # the repealed act's reference, inside its TODO


def test_every_line_of_the_2015_document_survives(migrated):
    """Each seed line is a kept value, a heading or label of the 2015 catalogue, or such a label
    followed by a kept value; addresses and e-mail are compared as the 2015 form printed them."""
    _, _, new = migrated
    values = {norm(s) for _, s in _strings(new)}
    todos = " ".join(s for s in values if is_todo(s))
    for address in [new["controller"]["addresses"][0]]:
        values.add(f"{address['street']}, {address['postal_code']} {address['city']}")
    values.add(obfuscated_email(new["contact"]["email"]))
    fixed = {Messages("fi", "henkilotietolaki-10")(key) for context, key in catalogue_keys("fi")
             if context in ("henkilotietolaki-10", "common")}

    def kept(text: str) -> bool:
        return text in values or text in fixed or f"'{text}'" in todos

    lost = []
    for line in seed_lines():
        if line == SEED_TITLE:
            continue                         # made from the document type, the name and the date
        text = re.sub(r"^(- |\d+\. )", "", line)
        label, _, rest = text.partition(": ")
        if not (kept(text) or (rest and kept(label) and kept(rest))):
            lost.append(line)
    assert lost == []


def test_validate_reports_one_todo_per_missing_item_where_it_stands(migrated, run):
    out, text, data = migrated
    code, stdout, stderr = run("validate", out)
    lines = stderr.splitlines()
    assert (code, stdout, lines[-1]) == (1, "", "policy-gen: 19 problems found")
    todos = [s for _, s in _strings(data) if is_todo(s)]
    reported = []
    for line in lines[:-1]:
        match = re.fullmatch(rf"{re.escape(str(out))}:(\d+):(\d+): error: (TODO: .*)", line)
        assert match, line
        row, col, message = int(match[1]), int(match[2]), match[3]
        at = text.splitlines()[row - 1][col - 1:]
        assert at.startswith('"TODO: '), line                          # points at the value itself
        reported.append(message)
    assert sorted(reported) == sorted(todos)
    # in the register's first language (fi), the "TODO:" marker and the article as they were
    assert "TODO: käyttötarkoituksen 'laskutus' oikeusperuste (6 artiklan 1 kohta): kirjoita jokin kirjaimista a–f" \
        in reported
    assert sum(m.startswith("TODO: käyttötarkoituksen") for m in reported) == 6
    assert sum(m.startswith("TODO: onko ") and "yleisesti saatavilla" in m for m in reported) == 4


def _fill(data: dict) -> dict:
    """Write an answer for every TODO, as a lawyer would."""
    data["document"]["updated"] = "2026-11-01"
    del data["document"]["legal_reference"], data["dpo"]
    # the old register says processing is outsourced: the processors are recipients (legal check L28)
    data["processors"] = {"items": [{"name": "laskutuspalvelun tarjoaja", "task": "laskujen lähettäminen"}]}
    for item in data["purposes"]["items"]:
        item["legal_basis"] = "f" if item.get("direct_marketing") else "b"
        if item.get("direct_marketing"):
            item["legitimate_interest"] = "omien palvelujen markkinointi nykyisille asiakkaille"
    data["data_subjects"]["items"] = ["asiakkaat", "asiakkaiden yhteyshenkilöt"]
    data["data_categories"]["retention"] = "asiakassuhteen ajan ja kaksi vuotta sen jälkeen"
    for source in data["sources"]["external"]["items"]:
        source["publicly_accessible"] = source["source"].startswith(("YTJ", "Patentti"))
    data["provision_requirement"] = ["Yhteystiedot ovat sopimuksen tekemisen edellytys."]
    data["transfers"]["items"] = [{"country": "US", "mechanism": "adequacy"}]
    data["automated_decisions"]["exists"] = False
    return data


def test_filling_in_the_todos_makes_it_build(migrated, run, tmp_path):
    out, _, data = migrated
    out.write_text(dump(_fill(data), str(OLD)), "utf-8")
    assert run("validate", out)[:2] == (0, f"{out}: ok\n")
    site = tmp_path / "site"
    code, stdout, stderr = run("build", out, "--out", site, "--format", "html,md,json", "--records",
                               tmp_path / "internal", "--no-cache")
    assert code == 0, stderr
    page = json.loads((site / "fi" / "new.json").read_text("utf-8"))
    assert page["title"] == "Tietosuojaseloste ILJOJA Networks 1.1.2015"
    assert "Rekisterin käyttötarkoitus" in [s["heading"] for s in page["sections"]]     # the old heading kept
    assert (tmp_path / "internal" / "fi" / "new.html").is_file()


TRICKY = ["04400", "NO", "yes", "no", "on", "off", "true", "false", "null", "~", "2015-01-01", "1e3", "0x1F",
          "0o17", "+1", ".5", "- dash", "a: b", "x #y", "#hash", "@at", "`tick`", "'q'", '"dq"', "%p", "!tag",
          "&anchor", "*alias", "[x]", "{x}", "|", ">", "?", "long " * 40, "ä ö å ” ’ – §"]


def test_values_yaml_would_misread_are_quoted_and_read_back_identically(tmp_path, run):
    old = OLD.read_text("utf-8").replace(
        "    - laskutus\n", "".join(f"    - {json.dumps(v, ensure_ascii=False)}\n" for v in TRICKY))
    source = tmp_path / "old.yaml"
    source.write_text(old, "utf-8")
    assert validate_loaded(load_file(source)) == []
    out = tmp_path / "new.yaml"
    assert run("migrate", source, "--to", "gdpr", "--out", out)[0] == 0
    purposes = [p["purpose"] for p in load_file(out).data["purposes"]["items"]]
    assert purposes[:len(TRICKY)] == TRICKY
    assert load_file(out).data == to_gdpr(load_file(source).data, source.stem)
    assert yaml.safe_load(out.read_text("utf-8"))["controller"]["addresses"][0]["postal_code"] == "04400"


def test_texts_given_per_language_are_kept_as_mappings(tmp_path, run):
    old = OLD.read_text("utf-8").replace(
        "register_name: Asiakas- ja yhteistyökumppanirekisteri", "register_name: {fi: Asiakasrekisteri}").replace(
        "    - laskutus\n", "    - {fi: laskutus}\n")
    source = tmp_path / "old.yaml"
    source.write_text(old, "utf-8")
    out = tmp_path / "new.yaml"
    assert run("migrate", source, "--to", "gdpr", "--out", out)[0] == 0
    data = load_file(out).data
    assert data["register_name"] == {"fi": "Asiakasrekisteri"}
    assert data["purposes"]["items"][0] == {
        "purpose": {"fi": "laskutus"},
        "legal_basis": "TODO: käyttötarkoituksen 'laskutus' oikeusperuste (6 artiklan 1 kohta): "
                       "kirjoita jokin kirjaimista a–f"}


# ---- refusals: exit 1, one line per problem, nothing written ---------------------------------

def test_an_existing_file_is_replaced_only_with_force(migrated, run):
    out, text, _ = migrated
    out.write_text("# mine\n", "utf-8")
    code, stdout, stderr = run("migrate", OLD, "--to", "gdpr", "--out", out)
    assert (code, stdout) == (1, "")
    assert stderr.splitlines()[0] == (f"{out}:1:1: error: this file exists; name another with --out, "
                                      "or add --force to replace it")
    assert out.read_text("utf-8") == "# mine\n"
    assert run("migrate", OLD, "--to", "gdpr", "--out", out, "--force")[0] == 0
    assert out.read_text("utf-8") == text


def test_default_output_is_beside_the_input(tmp_path, run):
    source = tmp_path / "asiakas.yaml"
    source.write_bytes(OLD.read_bytes())
    assert run("migrate", source, "--to", "gdpr")[0] == 0
    assert (tmp_path / "asiakas-gdpr.yaml").is_file()
    assert run("migrate", source, "--to", "gdpr")[0] == 1      # and is not replaced


@pytest.mark.parametrize("case", ["gdpr register", "invalid register", "no such file"])
def test_bad_input_is_reported_and_nothing_is_written(tmp_path, run, case):
    out = tmp_path / "new.yaml"
    if case == "gdpr register":
        source = ROOT / "registers" / "iljoja-networks-gdpr.yaml"
        expected = (f"{source}:8:12: error: this register is already 'gdpr'; "
                    "migrate turns a henkilotietolaki-10 register into a gdpr one")
    elif case == "invalid register":
        source = tmp_path / "old.yaml"
        source.write_text(OLD.read_text("utf-8").replace("business_id: 2039096-6", "business_id: 2039096-5"))
        expected = f"{source}:13:16: error: business ID 2039096-5: the check digit should be 6; check the number"
    else:
        source = tmp_path / "missing.yaml"
        expected = f"{source}:1:1: error: cannot read the file: no such file or folder"
    code, stdout, stderr = run("migrate", source, "--to", "gdpr", "--out", out)
    assert (code, stdout, stderr.splitlines()[0]) == (1, "", expected)
    assert not out.exists() and not list(tmp_path.glob(".new.yaml*"))


def test_only_gdpr_is_a_target(run, capsys):
    with pytest.raises(SystemExit) as exited:
        run("migrate", OLD, "--to", "henkilotietolaki-10")
    assert exited.value.code == 2


def test_old_transfer_list_texts_are_kept_as_notes():
    """GDPR transfers are objects (country, mechanism); the old register's list texts move to
    the notes, in order, instead of being replaced by the TODO."""
    from policy_gen.migrate import to_gdpr
    example = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
    text = example.replace("  outside_eea: true\n", "  outside_eea: true\n  items:\n    - Yhdysvallat\n"
                                                    "    - Intia\n")
    assert text != example
    transfers = to_gdpr(load_text(text, "old.yaml").data)["transfers"]
    assert transfers["notes"][:2] == ["Yhdysvallat", "Intia"]
    assert all(is_todo(item) for item in transfers["items"])
