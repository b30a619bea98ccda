"""Writing the site: everything is rendered into a staging folder next to the
output folder, which replaces the old one only when every file is written.

A failed or interrupted build therefore leaves the previous site as it was,
and nothing half-written is ever visible in the output folder.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, InputError
from .frameworks import PUBLIC, RECORD, build_document, kinds
from .i18n import LANGUAGES, Messages
from .registers import Register
from .render import renderer
from .render.html import downloads
from .render.templating import Templates

MARKER = ".policy-gen-site"   # marks a folder policy-gen made, so it may replace it


@dataclass(frozen=True)
class BuildResult:
    files: list[str]          # paths relative to the output folder, sorted


def _check_output(out: Path) -> None:
    if out.exists() and not (out / MARKER).exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError([Diagnostic(str(out), 1, 1, "this folder exists and was not made by policy-gen; "
                                                     "choose another --out, or empty it first")])


def render_site(registers: list[Register], formats: tuple[str, ...], templates: Templates,
                into: Path, records: bool = False) -> list[str]:
    """Render every register in every language and format, plus the index, into `into`.

    Internal records (kind "record") are written under records/ when asked for,
    and never listed on the index."""
    writers = {fmt: renderer(fmt, templates) for fmt in formats}
    written: list[str] = []
    groups: dict[str, list[dict]] = {}

    def write(relative: str, data: bytes) -> None:
        target = into / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(relative)

    for register in sorted(registers, key=lambda r: r.id):
        for lang in register.data["languages"]:
            if records and RECORD in kinds(register.data["framework"]):
                record = build_document(register, lang, RECORD)
                for fmt, writer in writers.items():
                    write(f"records/{lang}/{register.id}.{fmt}", writer.render(record, formats=formats))
            doc = build_document(register, lang, PUBLIC)
            for fmt, writer in writers.items():
                write(f"{lang}/{register.id}.{fmt}", writer.render(doc, formats=formats))
            page_format = "html" if "html" in formats else next(iter(formats))
            groups.setdefault(lang, []).append({
                "doc": doc, "href": f"{lang}/{register.id}.{page_format}",
                "downloads": downloads(doc, formats, prefix=f"{lang}/")})

    for name in templates.asset_names():
        write(f"assets/{name}", templates.asset(name).read_bytes())
    if "html" in formats:
        ordered = [lang for lang in LANGUAGES if lang in groups]
        index_lang = ordered[0] if ordered else LANGUAGES[0]
        page = templates.html.get_template("index.html.j2").render(
            lang=index_lang, t=Messages(index_lang, "common"),
            groups=[{"lang": lang, "t": Messages(lang, "common"), "entries": groups[lang]}
                    for lang in ordered])
        write("index.html", page.encode("utf-8"))
    write(MARKER, b"This folder is written by policy-gen build and replaced as a whole.\n")
    return sorted(written)


def build(registers: list[Register], out: Path, formats: tuple[str, ...],
          templates: Templates, records: bool = False) -> BuildResult:
    out = Path(out)
    _check_output(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        files = render_site(registers, formats, templates, staging, records)
        os.chmod(staging, 0o755)       # mkdtemp makes it private; a site is for reading
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(files=files)


def _swap(staging: Path, out: Path) -> None:
    """Put `staging` where `out` is: two renames on one file system, then clean up."""
    if not out.exists():
        os.replace(staging, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.replace(out, old / "site")
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)
