"""The legal checks (policy_gen/legal.py, frameworks/*_legal.py): for every check a register
that triggers it and one that does not; the coverage tables; the command and its outputs."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from policy_gen import legal
from policy_gen.loader import LoadedFile, load_file

ROOT = Path(__file__).resolve().parent.parent
GDPR_EXAMPLE = ROOT / "registers" / "iljoja-networks-gdpr.yaml"
HETIL_EXAMPLE = ROOT / "registers" / "iljoja-networks.yaml"


def _loaded(path: Path, change=None) -> LoadedFile:
    loaded = load_file(path)
    if change:
        data = copy.deepcopy(loaded.data)
        change(data)
        loaded = LoadedFile(loaded.path, data, loaded.value_marks, loaded.key_marks)
    return loaded


def _ids(loaded: LoadedFile) -> list[str]:
    return [f.check for f in legal.run_checks(loaded)]


def _purpose(d, i=0):
    return d["purposes"]["items"][i]


def _add_transfer(d, **t):
    d["transfers"]["items"].append(t)


GDPR_TRIGGERS = {
    "L01": lambda d: [d["controller"].pop(k) for k in ("addresses", "email", "phone")],
    "L02": lambda d: d["controller"]["addresses"][0].update(country="US"),
    "L03": lambda d: d.update(public_authority=True),
    "L04": lambda d: _purpose(d).update(purpose={"fi": "markkinointi", "sv": "marknadsföring", "en": "marketing"}),
    "L05": lambda d: _purpose(d, 3)["legitimate_interest"].update(fi="asiallinen yhteys asiakkaaseen"),
    "L06": lambda d: _purpose(d, 3).update(legitimate_interest={"fi": "oikeutettu etu", "sv": "berättigat intresse",
                                                                 "en": "legitimate interest"}),
    "L07": lambda d: d.update(public_authority=True, dpo={"name": "Tietosuojavastaava", "email": "dpo@example.fi"}),
    "L08": lambda d: ([p.update(legal_basis="b") for p in d["purposes"]["items"] if p["legal_basis"] == "a"],
                      d.update(special_categories={"items": [{"category": "terveystiedot", "condition": "a"}]})),
    "L09": lambda d: _purpose(d, 6).pop("direct_marketing"),
    "L10": lambda d: _purpose(d, 6)["purpose"].update(fi="sähköpostimarkkinointi asiakkaille"),
    "L11": lambda d: _purpose(d, 0)["purpose"].update(fi="markkinatutkimus"),
    "L12": lambda d: d["transfers"].update(outside_eea=False),
    "L13": lambda d: _add_transfer(d, country="BR", mechanism="derogation", derogation="sopimus"),
    "L14": lambda d: _add_transfer(d, country="BR", mechanism="derogation", derogation="pakottava etu",
                                   derogation_kind="second_subparagraph"),
    "L15": lambda d: _add_transfer(d, country="JP", mechanism="adequacy"),
    "L16": lambda d: (d["transfers"].update(outside_eea=False), d["transfers"].pop("items"),
                      d["processors"]["items"][0].update(name="Google Workspace")),
    "L17": lambda d: d["data_categories"].update(retention={"fi": "toistaiseksi", "sv": "tills vidare",
                                                            "en": "indefinitely"}),
    "L18": lambda d: (d["data_categories"].pop("retention"),),
    "L20": lambda d: d["document"].update(date="2017-01-01"),
    "L21": lambda d: d.update(art14_exemption={"exemption": "b", "explanation": "Tiedot ovat saatavilla pyynnöstä."}),
    "L22": lambda d: d["sources"]["external"]["items"][2].update(provides={"fi": "maksukyky", "sv": "betalningsförmåga",
                                                                           "en": "creditworthiness"}),
    "L24": lambda d: _purpose(d, 5)["purpose"].update(en="credit scoring and profiling of applicants"),
    "L25": lambda d: d.update(special_categories={"items": [{"category": "terveystiedot", "condition": "h"}]}),
    "L26": lambda d: d.pop("personal_identity_code"),
    "L27": lambda d: d.update(children={"concerned": True, "online_consent": True}),
    "L28": lambda d: d.pop("processors"),
    "L29": lambda d: d.update(security={}),
    "L30": lambda d: d["security"]["electronic"].append("Palvelin db1.internal, salasana: hunter2"),
    "L32": lambda d: d["recipients"]["intro"][0].update(fi="Tietoja luovutetaan henkilötietolain 523/1999 mukaisesti."),
    "L33": lambda d: d["security"]["electronic"].append("Tiedot suojataan lain 516/2004 mukaisesti."),
    "L34": lambda d: d.update(further_processing={"items": [{"purpose": "kysely", "information": "vapaaehtoinen"}]}),
    "L35": lambda d: d["controller"].update(business_id="2039096-5"),
    "L36": lambda d: d["controller"]["addresses"][0].update(postal_code="4400"),
    "L37": lambda d: d["purposes"]["notes"].extend([{"fi": "sana " * 1000, "sv": "ord " * 1000,
                                                      "en": "word " * 1000}] * 3),
    "L38": lambda d: ([p.update(legal_basis="f", legitimate_interest="etu") for p in d["purposes"]["items"]],
                      d.update(rights={"how_to_exercise": ["Voit käyttää oikeuttasi siirtää tiedot järjestelmästä "
                                                           "toiseen."]})),
    "L40": lambda d: d.update(art30_5_exemption=True),
}

HETIL_TRIGGERS = {
    "L01": lambda d: [d["controller"].pop(k, None) for k in ("addresses", "email", "phone")],
    "L04": lambda d: d["purpose"]["items"].append("markkinointi"),
    "L12": lambda d: d["transfers"].update(outside_eea=False, intro=["Tietoja siirretään Yhdysvaltoihin."]),
    "L28": lambda d: (d["purpose"].setdefault("notes", []).append("Laskutus on ulkoistettu."),
                      d["disclosures"].update(intro=["Tietoja ei luovuteta kenellekään."])),
    "L29": lambda d: d["security"].pop("manual"),
    "L30": lambda d: d["security"]["electronic"].append("Palvelin 10.0.0.1"),
    "L31": lambda d: d.update(data_content={}),
    "L32": lambda d: d["document"].update(updated="2019-01-01"),
    "L35": lambda d: d["controller"].update(business_id="2039096-5"),
    "L36": lambda d: d["controller"]["addresses"][0].update(postal_code="444"),
    "L39": lambda d: d.pop("sources"),
}


def test_the_examples_trigger_no_check():
    assert _ids(_loaded(GDPR_EXAMPLE)) == []
    assert _ids(_loaded(HETIL_EXAMPLE)) == []


@pytest.mark.parametrize("check_id", sorted(GDPR_TRIGGERS))
def test_each_gdpr_check_is_triggered_by_a_register_that_breaks_it(check_id):
    found = legal.run_checks(_loaded(GDPR_EXAMPLE, GDPR_TRIGGERS[check_id]))
    mine = [f for f in found if f.check == check_id]
    assert mine, [str(f) for f in found]
    check = next(c for c in legal.checks_for("gdpr") if c.id == check_id)
    assert all(f.severity == check.severity and f.provision == check.provision for f in mine)
    assert all(f.file == str(GDPR_EXAMPLE) and f.line >= 1 and f.column >= 1 for f in mine)


@pytest.mark.parametrize("check_id", sorted(HETIL_TRIGGERS))
def test_each_hetil_check_is_triggered_by_a_register_that_breaks_it(check_id):
    found = legal.run_checks(_loaded(HETIL_EXAMPLE, HETIL_TRIGGERS[check_id]))
    assert check_id in [f.check for f in found], [str(f) for f in found]


def test_every_registered_check_has_a_triggering_test_and_at_least_35_ids_exist():
    registered = {(c.framework, c.id) for c in legal.all_checks()}
    tested = {("gdpr", i) for i in GDPR_TRIGGERS} | {("henkilotietolaki-10", i) for i in HETIL_TRIGGERS}
    assert registered == tested
    assert len({c.id for c in legal.all_checks()}) >= 35


def test_a_finding_points_at_the_yaml_line_of_the_field():
    text = GDPR_EXAMPLE.read_text("utf-8")
    loaded = _loaded(GDPR_EXAMPLE, GDPR_TRIGGERS["L35"])
    [finding] = [f for f in legal.run_checks(loaded) if f.check == "L35"]
    line = text.splitlines()[finding.line - 1]
    assert line.strip() == "business_id: 2039096-6" and line.index("2039096-6") + 1 == finding.column


def test_coverage_tables_of_the_examples_are_complete():
    gdpr_tables = legal.coverage(_loaded(GDPR_EXAMPLE))
    items = {i.item: i for table in gdpr_tables for i in table.items}
    expected = ([f"13(1)({c})" for c in "abcdef"] + [f"13(2)({c})" for c in "abcdef"]
                + [f"14(1)({c})" for c in "abcdef"] + [f"14(2)({c})" for c in "abcdefg"]
                + [f"30(1)({c})" for c in "abcdefg"])
    assert sorted(items) == sorted(expected)
    assert all(t.complete for t in gdpr_tables)
    assert items["13(1)(b)"].status == "not_applicable" and "data protection officer" in items["13(1)(b)"].reason
    assert items["13(2)(e)"].field == "provision_requirement"
    [hetil] = legal.coverage(_loaded(HETIL_EXAMPLE))
    assert [i.item for i in hetil.items] == ["10 § 1", "10 § 2", "10 § 3", "10 § 4", "10 § 5"]
    assert hetil.complete


def test_coverage_names_what_is_missing():
    [hetil] = legal.coverage(_loaded(HETIL_EXAMPLE, lambda d: d["security"].pop("manual")))
    missing = [i for i in hetil.items if i.status == "missing"]
    assert [i.item for i in missing] == ["10 § 5"] and "security.manual" in missing[0].reason
    assert not hetil.complete


# ---- the command -------------------------------------------------------------------------

def test_check_on_the_examples_exits_0_with_complete_coverage(run):
    code, out, err = run("check", ROOT / "registers")
    assert code == 0, out + err
    assert out.count(": complete") == 4 and "INCOMPLETE" not in out and "MISSING" not in out
    assert "0 error(s), 0 warning(s)" in out
    code, out, _ = run("check", "--strict", ROOT / "registers")
    assert code == 0


def _write(tmp_path, change, name="reg"):
    import yaml
    data = copy.deepcopy(load_file(GDPR_EXAMPLE).data)
    change(data)
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_check_exits_1_on_errors_and_on_warnings_only_with_strict(run, tmp_path):
    error = _write(tmp_path, GDPR_TRIGGERS["L09"], "error")
    code, out, _ = run("check", error)
    assert code == 1 and "error: [L09]" in out
    warning = _write(tmp_path, GDPR_TRIGGERS["L40"], "warning")
    assert run("check", warning)[0] == 0
    assert run("check", "--strict", warning)[0] == 1


def test_check_mistyped_exits_2(run):
    with pytest.raises(SystemExit) as exit_:
        run("check", "--format", "xml")
    assert exit_.value.code == 2


def test_build_refuses_a_register_with_an_error_level_finding(run, tmp_path):
    path = _write(tmp_path, GDPR_TRIGGERS["L09"])
    code, _, err = run("validate", path)
    assert code == 1 and "[L09]" in err and "21(2)" in err


def test_json_output(run, tmp_path):
    path = _write(tmp_path, GDPR_TRIGGERS["L40"])
    out_file = tmp_path / "report.json"
    assert run("check", "--format", "json", "--output", out_file, path)[0] == 0
    report = json.loads(out_file.read_text("utf-8"))
    [finding] = report["findings"]
    assert finding["check"] == "L40" and finding["severity"] == "warning" and finding["provision"] == "GDPR 30(5)"
    assert {c["document"].split(" (")[0] for c in report["coverage"]} >= {"record of processing activities"}


def test_sarif_output_has_the_structure_code_scanning_needs(run, tmp_path):
    path = _write(tmp_path, lambda d: (GDPR_TRIGGERS["L09"](d), GDPR_TRIGGERS["L40"](d)))
    code, out, _ = run("check", "--format", "sarif", path)
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0" and "sarif" in sarif["$schema"]
    [run_] = sarif["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "policy-gen"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert len(rule_ids) == len(set(rule_ids)) and {"L09", "L40"} <= set(rule_ids)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    levels = {}
    for result in run_["results"]:
        assert result["ruleId"] in rule_ids and rule_ids[result["ruleIndex"]] == result["ruleId"]
        assert result["message"]["text"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"].endswith("reg.yaml")
        assert "\\" not in physical["artifactLocation"]["uri"]
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        levels[result["ruleId"]] = result["level"]
    assert levels == {"L09": "error", "L40": "warning"}


def test_the_documentation_lists_every_check():
    """docs/legal-checks.md names each check of each framework with its severity: a check
    added without its line there fails here."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "legal-checks.md").read_text("utf-8")
    rows = {(cells[1], cells[4], cells[2]) for line in doc.splitlines()
            if line.startswith("| L") for cells in [[c.strip() for c in line.split("|")]]}
    assert {(c.id, c.framework, c.severity) for c in legal.all_checks()} <= rows
