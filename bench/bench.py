"""Benchmark: prints figures and ratios from one run on this machine.

    .venv/bin/python bench/bench.py [--documents N]

- PDF: policy-gen's time per PDF against WeasyPrint's own time for the same
  HTML in the same process (the ratio is what policy-gen adds).
- HTML, Markdown and JSON: time per document.
- validate: one cold `policy-gen validate` in a fresh process.
The machine is shared and noisy: compare ratios within one run, never wall
times across runs, and never assert them in tests.
"""
from __future__ import annotations

import argparse
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_gen.frameworks import build_document  # noqa: E402
from policy_gen.registers import load_registers  # noqa: E402
from policy_gen.render import renderer  # noqa: E402
from policy_gen.render.templating import Templates  # noqa: E402


def _per_call(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=20, help="renders per measurement")
    n = parser.parse_args().documents

    register = load_registers([str(ROOT / "registers" / "iljoja-networks.yaml")])[0]
    doc = build_document(register, "fi")
    templates = Templates()
    pdf = renderer("pdf", templates)
    pdf.render(doc)                                   # warm up fonts and caches once

    from weasyprint import HTML
    page = pdf.html.page(doc, medium="print", assets=".")
    base = pdf.base.as_uri() + "/"

    def weasyprint_alone():
        HTML(string=page, base_url=base, url_fetcher=pdf.fetcher).write_pdf(
            pdf_variant="pdf/ua-1", font_config=pdf.fonts)

    ours = _per_call(lambda: pdf.render(doc), n)
    theirs = _per_call(weasyprint_alone, n)
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(f"PDF per document:   policy-gen {ours * 1000:.1f} ms, WeasyPrint alone {theirs * 1000:.1f} ms, "
          f"ratio {ours / theirs:.2f} (target <= 1.15)")
    for fmt in ("html", "md", "json"):
        writer = renderer(fmt, templates)
        print(f"{fmt:<5} per document: {_per_call(lambda: writer.render(doc), n * 10) * 1000:.2f} ms")

    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "policy_gen", "validate", str(ROOT / "registers")],
                   check=True, capture_output=True, cwd=ROOT)
    print(f"cold validate of one register: {time.perf_counter() - start:.2f} s (target <= 0.3 s)")


if __name__ == "__main__":
    main()
