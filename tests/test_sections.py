"""Checks on sections a schema cannot make: empty sections, and where extra sections go."""
from pathlib import Path

from policy_gen.loader import load_text
from policy_gen.registers import validate_loaded

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")


def problems(text: str) -> list[str]:
    return [f"{d.line}:{d.column}: {d.message}" for d in validate_loaded(load_text(text, "x.yaml"))]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


def test_a_section_with_only_a_heading_is_an_error():
    text = EXAMPLE.replace("  intro:\n    - Henkilötietoja voidaan luovuttaa Suomen lain edellyttämässä ja "
                           "sallimissa rajoissa.\n", "")
    assert text != EXAMPLE
    assert problems(text) == [f"{line_of(text, 'disclosures:')}:1: 'disclosures' has only a heading: "
                              "write its intro, items, notes or blocks"]


def test_an_extra_section_with_only_a_heading_is_an_error():
    text = EXAMPLE + "\nextra_sections:\n  - id: rights\n    heading: Tarkastusoikeus\n"
    assert problems(text) == [f"{line_of(text, '- id: rights')}:5: section 'rights' has only a heading: "
                              "write its intro, items, notes or blocks"]


def test_after_names_a_misspelt_section():
    text = EXAMPLE + "\nextra_sections:\n  - id: a\n    heading: A\n    after: securty\n    notes: [x]\n"
    [problem] = problems(text)
    assert problem.startswith(f"{line_of(text, 'after: securty')}:12: 'after: securty' names no section")
    assert problem.endswith("(did you mean 'security'?)")


def test_after_cannot_name_a_section_the_register_leaves_out():
    start = EXAMPLE.index("sources:\n")
    text = EXAMPLE[:start] + EXAMPLE[EXAMPLE.index("disclosures:\n"):]
    text += "\nextra_sections:\n  - id: a\n    heading: A\n    after: sources\n    notes: [x]\n"
    [problem] = problems(text)
    assert "'after: sources' names no section" in problem


def test_extra_sections_placed_after_each_other_in_a_circle():
    text = EXAMPLE + ("\nextra_sections:\n  - id: a\n    heading: A\n    after: b\n    notes: [x]\n"
                      "  - id: b\n    heading: B\n    after: a\n    notes: [y]\n")
    assert problems(text) == [
        f"{line_of(text, 'after: b')}:12: 'after: b' goes round in a circle back to this section; "
        "place one of them after a standard section",
        f"{line_of(text, 'after: a')}:12: 'after: a' goes round in a circle back to this section; "
        "place one of them after a standard section"]


def test_a_section_after_itself_is_a_circle():
    text = EXAMPLE + "\nextra_sections:\n  - id: a\n    heading: A\n    after: a\n    notes: [x]\n"
    assert "goes round in a circle" in problems(text)[0]
