"""The wheel carries the templates, schemas, catalogues and fonts, and an installed copy
finds them inside the package; a user's --templates folder overrides the built-in files;
`validate` never imports WeasyPrint.
"""
import contextlib
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers_output import ROOT, TITLE, parse_html, pdf_pages, pdftotext
from policy_gen import __version__
from policy_gen.cli import main

RESOURCES = [
    "policy_gen/templates/document.html.j2",
    "policy_gen/templates/_blocks.html.j2",
    "policy_gen/templates/document.md.j2",
    "policy_gen/templates/index.html.j2",
    "policy_gen/templates/assets/document.css",
    "policy_gen/templates/assets/print.css",
    "policy_gen/templates/assets/fonts/NotoSans-Regular.ttf",
    "policy_gen/templates/assets/fonts/NotoSans-Bold.ttf",
    "policy_gen/templates/assets/fonts/NotoSans-Italic.ttf",
    "policy_gen/templates/assets/fonts/OFL.txt",
    "policy_gen/schemas/henkilotietolaki-10.schema.json",
    "policy_gen/schemas/common.schema.json",
    "policy_gen/locales/fi/LC_MESSAGES/policy_gen.po",
    "policy_gen/locales/sv/LC_MESSAGES/policy_gen.po",
    "policy_gen/locales/en/LC_MESSAGES/policy_gen.po",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    try:
        import hatchling  # noqa: F401  (the build backend; the 'test' extra installs it)
    except ImportError:
        pytest.fail("hatchling is missing: install the test extra (pip install -e '.[test]', "
                    "which `make test` does)")
    out = tmp_path_factory.mktemp("wheel")
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                          "--no-cache-dir", "-w", str(out), "."],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The wheel unpacked, as pip would lay it out in site-packages."""
    target = tmp_path_factory.mktemp("site-packages")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def _run_installed(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPATH"] = str(installed)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_wheel_contains_the_resources(wheel):
    assert wheel.name == f"policy_gen-{__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"policy_gen-{__version__}.dist-info/entry_points.txt").decode()
        font = archive.read("policy_gen/templates/assets/fonts/NotoSans-Regular.ttf")
    assert [name for name in RESOURCES if name not in names] == []
    assert "policy_gen/render/pdf.py" in names and "policy_gen/__main__.py" in names
    assert "policy-gen = policy_gen.cli:main" in entry_points
    assert font == (ROOT / "templates" / "assets" / "fonts" / "NotoSans-Regular.ttf").read_bytes()
    # nothing from outside the package: no tests, registers or build output
    assert not [n for n in names if not n.startswith(("policy_gen/", "policy_gen-"))]


def test_installed_package_finds_its_resources_inside_itself(installed, tmp_path):
    probe = ("import policy_gen, policy_gen.resources as r; "
             "print(policy_gen.__file__); print(r.templates_dir()); print(r.schemas_dir()); "
             "print(r.locales_dir())")
    run = _run_installed(installed, tmp_path, "-c", probe)
    assert run.returncode == 0, run.stderr
    paths = [Path(line) for line in run.stdout.splitlines()]
    assert len(paths) == 4
    for path in paths:
        assert path.resolve().is_relative_to(installed.resolve() / "policy_gen"), path


def test_installed_package_builds_html_md_json(installed, tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    out = work / "OUT"
    run = _run_installed(installed, work, "-m", "policy_gen", "build", str(ROOT / "registers"),
                         "--out", str(out), "--format", "html,md,json")
    assert run.returncode == 0, run.stdout + run.stderr
    for name in ("fi/iljoja-networks.html", "fi/iljoja-networks.md", "fi/iljoja-networks.json",
                 "index.html", "assets/document.css", "assets/fonts/NotoSans-Regular.ttf"):
        assert (out / name).stat().st_size > 0, name
    assert not (out / "fi" / "iljoja-networks.pdf").exists()
    page = parse_html((out / "fi" / "iljoja-networks.html").read_text("utf-8"))
    assert [h.text() for h in page.iter("h1")] == [TITLE]
    assert len(list(page.find("main").iter("h2"))) == 9
    # the headings came from the installed catalogue
    assert "1. Rekisterinpitäjä" in (out / "fi" / "iljoja-networks.md").read_text("utf-8")


def test_installed_package_renders_the_pdf_with_its_fonts(installed, tmp_path):
    out = tmp_path / "OUT"
    run = _run_installed(installed, tmp_path, "-m", "policy_gen", "build", str(ROOT / "registers"),
                         "--out", str(out), "--format", "pdf")
    assert run.returncode == 0, run.stdout + run.stderr
    fonts = subprocess.run(["pdffonts", str(out / "fi" / "iljoja-networks.pdf")], check=True,
                           capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)


# ---- a user's templates folder ----------------------------------------------------------------

def _build(out: Path, *args: str) -> None:
    with contextlib.chdir(ROOT):
        assert main(["build", "registers", "--out", str(out), *args]) == 0


def test_overriding_blocks_changes_the_page(tmp_path):
    mine = tmp_path / "my-templates"
    mine.mkdir()
    builtin = (ROOT / "templates" / "_blocks.html.j2").read_text("utf-8")
    assert builtin.count("<p>{{ text(b.text, b.spans) }}</p>") == 1
    (mine / "_blocks.html.j2").write_text(
        builtin.replace("<p>{{ text(b.text, b.spans) }}</p>", '<p class="mine">{{ text(b.text, b.spans) }}</p>'), "utf-8")
    _build(tmp_path / "default", "--format", "html")
    _build(tmp_path / "custom", "--format", "html", "--templates", str(mine))

    def paragraphs(site):
        page = parse_html((site / "fi" / "iljoja-networks.html").read_text("utf-8"))
        return [(p.attrs.get("class"), p.text()) for p in page.find("main").iter("p")]

    default, custom = paragraphs(tmp_path / "default"), paragraphs(tmp_path / "custom")
    assert {cls for cls, _ in default} == {None}
    assert {cls for cls, _ in custom} == {"mine"}
    assert [text for _, text in custom] == [text for _, text in default]


def test_overriding_document_template_changes_the_page(tmp_path):
    mine = tmp_path / "my-templates"
    mine.mkdir()
    builtin = (ROOT / "templates" / "document.html.j2").read_text("utf-8")
    assert builtin.count("</main>") == 1
    (mine / "document.html.j2").write_text(
        builtin.replace("</main>", '</main>\n<footer class="mine">Oma alatunniste</footer>'), "utf-8")
    _build(tmp_path / "site", "--format", "html,md", "--templates", str(mine))
    page = parse_html((tmp_path / "site" / "fi" / "iljoja-networks.html").read_text("utf-8"))
    assert [f.text() for f in page.iter("footer")] == ["Oma alatunniste"]
    # the Markdown template was not overridden
    assert "Oma alatunniste" not in (tmp_path / "site" / "fi" / "iljoja-networks.md").read_text("utf-8")


def test_overriding_one_style_sheet_keeps_the_other_assets(tmp_path):
    """A user's assets/document.css replaces the built-in one on the site and in the PDF;
    print.css and the fonts still come from policy-gen."""
    mine = tmp_path / "my-templates"
    (mine / "assets").mkdir(parents=True)
    css = ((ROOT / "templates" / "assets" / "document.css").read_text("utf-8")
           + '\nh1::after { content: " (oma tyyli)"; }\n')
    (mine / "assets" / "document.css").write_text(css, "utf-8")
    site = tmp_path / "site"
    _build(site, "--format", "html,pdf", "--templates", str(mine))
    assert (site / "assets" / "document.css").read_text("utf-8") == css
    for name in ("print.css", "fonts/NotoSans-Regular.ttf"):
        assert ((site / "assets" / name).read_bytes()
                == (ROOT / "templates" / "assets" / name).read_bytes())
    pdf = site / "fi" / "iljoja-networks.pdf"
    assert f"{TITLE} (oma tyyli)" in pdftotext(pdf).splitlines()
    pages = pdf_pages(pdf)       # print.css still draws the footer
    assert pages[0].footer[-1] == f"Sivu 1 / {len(pages)}"


def test_templates_folder_must_exist(tmp_path, capsys):
    with contextlib.chdir(ROOT):
        assert main(["build", "registers", "--out", str(tmp_path / "site"),
                     "--templates", str(tmp_path / "missing")]) == 2
    assert "--templates" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


# ---- what each command imports ----------------------------------------------------------------

def _imports_weasyprint(*commands: list[str]) -> list[str]:
    code = ("import sys; from policy_gen.cli import main\n"
            f"for argv in {list(commands)!r}:\n"
            "    assert main(argv) == 0, argv\n"
            "print('weasyprint' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout.splitlines()


def test_validate_does_not_import_weasyprint():
    lines = _imports_weasyprint(["validate", "registers"])
    assert lines[-1] == "False"
    assert any(line.endswith("iljoja-networks.yaml: ok") for line in lines)


def test_only_the_pdf_format_imports_weasyprint(tmp_path):
    out = str(tmp_path / "site")
    assert _imports_weasyprint(["build", "registers", "--out", out, "--format", "html,md,json"])[-1] == "False"
    # --jobs 1: rendered in this process, whose imports are the ones inspected
    assert _imports_weasyprint(["build", "registers", "--out", out, "--format", "pdf", "--jobs", "1"])[-1] == "True"
