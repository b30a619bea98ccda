"""Benchmark: prints figures and ratios from one run on this machine.

    .venv/bin/python bench/bench.py [--registers 1000] [--pdf-registers 50] [--no-wait]

Each figure is measured in fresh processes, against the targets of the
publishing issue: quick ones as the median of three runs, the PDF overhead as the
median ratio of 21 interleaved pairs, the preview's delay from a save to the new page as
the median of nine saves (in this process, over HTTP), the PDF speed-up as the mean ratio of two
interleaved pairs. The machine is shared and noisy: compare ratios within one
run, not wall times across runs; the test suite never asserts any of this.

On ext4, creating files is slow for a few minutes after many files were deleted
nearby (the kernel avoids reusing recently freed inodes, and searches past them
for every new file). The benchmark deletes its own work when it ends, so a run
started right after another waits until five minutes have passed (--no-wait
skips that, and the build figures then come out high).
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_registers  # noqa: E402

ROWS: list[tuple[str, str, str, bool]] = []
SETTLE_SECONDS = 300           # ext4 passes over inodes freed in the last 60-300 s


def row(what: str, figure: str, target: str, ok: bool) -> None:
    ROWS.append((what, figure, target, ok))
    print(f"{what:<58} {figure:>22}   target {target:<10} {'met' if ok else 'NOT met'}", flush=True)


def median_of_three(*argv, cwd: Path) -> float:
    """The median wall time of three runs of a command that changes nothing."""
    return statistics.median(policy_gen(*argv, cwd=cwd)[0] for _ in range(3))


def policy_gen(*argv, cwd: Path) -> tuple[float, str]:
    """Run policy-gen in a fresh process; its wall time and output."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "policy_gen", *map(str, argv)], cwd=cwd,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"policy-gen {' '.join(map(str, argv))} failed:\n{done.stderr[-2000:]}")
    return elapsed, done.stdout


def pdf_ratio() -> None:
    """policy-gen's time per PDF against WeasyPrint's own for the same HTML, same process."""
    from weasyprint import HTML

    from policy_gen.frameworks import build_document
    from policy_gen.registers import load_registers
    from policy_gen.render import renderer
    from policy_gen.render.html import default_page
    from policy_gen.render.templating import Templates
    doc = build_document(load_registers([str(ROOT / "registers" / "iljoja-networks.yaml")])[0], "fi")
    pdf = renderer("pdf", Templates())
    pdf.render(doc)
    page = pdf.html.page(doc, medium="print", assets=".", page=default_page(doc))
    base = pdf.base.as_uri() + "/"

    def once(fn) -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start

    # interleaved pairs, median of the ratios: the host's noise drifts, and pairs cancel it
    pairs = [(once(lambda: pdf.render(doc)),
              once(lambda: HTML(string=page, base_url=base, url_fetcher=pdf.fetcher).write_pdf(
                  pdf_variant="pdf/ua-1", font_config=pdf.fonts))) for _ in range(21)]
    ratio = statistics.median(ours / theirs for ours, theirs in pairs)
    ours = statistics.median(p[0] for p in pairs)
    theirs = statistics.median(p[1] for p in pairs)
    row("PDF: policy-gen / WeasyPrint alone (same HTML, per PDF)",
        f"{ratio:.2f} ({ours * 1000:.0f}/{theirs * 1000:.0f} ms)", "<= 1.15", ratio <= 1.15)


def serve_delay() -> None:
    """`policy-gen serve`: from saving a register to the new page (HTML) or PDF, as the median of
    nine saves each. "polling": the file is written, then the server asked every 10 ms until it
    answers with the new text (the PDF's text read back with pdftotext, outside the time measured).
    "reload": as a browser sees it, the save, the reload signal on /_events, then the page."""
    import http.client

    from policy_gen import preview
    work = Path(tempfile.mkdtemp(prefix="serve-"))
    try:
        (work / "registers").mkdir()
        register = work / "registers" / "reg.yaml"
        original = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
        register.write_text(original, "utf-8")
        server, stop, _ = preview.start(preview.Preview([str(work / "registers")]), 0)
        port = server.server_address[1]

        def get(path: str) -> bytes:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request("GET", path)
                return connection.getresponse().read()
            finally:
                connection.close()

        def text_of(fmt: str, body: bytes) -> str:
            if fmt == "html":
                return body.decode("utf-8")
            return subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True).stdout.decode()

        def save(marker: str) -> float:
            register.write_text(original.replace("register_name: Asiakas- ja yhteistyökumppanirekisteri",
                                                 f"register_name: {marker}"), "utf-8")
            return time.perf_counter()

        def polling(fmt: str, marker: str) -> float:
            start = save(marker)
            while True:
                body = get(f"/fi/reg.{fmt}")
                arrived = time.perf_counter() - start
                if marker in text_of(fmt, body):
                    return arrived
                time.sleep(0.01)

        def reload(fmt: str, marker: str) -> float:
            events = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                events.request("GET", "/_events")
                response = events.getresponse()             # kept: its file closes with it
                stream = response.fp
                while not stream.readline().startswith(b"data: "):
                    pass                                      # the generation now
                start = save(marker)
                while not stream.readline().startswith(b"data: "):
                    pass                                      # the save, signalled
                body = get(f"/fi/reg.{fmt}")
                arrived = time.perf_counter() - start
            finally:
                events.close()
            if marker not in text_of(fmt, body):
                raise SystemExit(f"serve: the {fmt} after the reload signal is not the saved file")
            return arrived

        try:
            for fmt, target in (("html", 0.3), ("pdf", 1.5)):
                get(f"/fi/reg.{fmt}")                         # the first render sets up fonts, templates
                for how in (polling, reload):
                    delays = []
                    for n in range(9):
                        delays.append(how(fmt, f"Rekisteri {how.__name__} {fmt} {n}"))
                        time.sleep(0.3)                       # the watcher settles between saves
                    delay = statistics.median(delays)
                    row(f"serve: save -> new {fmt.upper()} ({how.__name__}, median of 9)",
                        f"{delay * 1000:.0f} ms", f"<= {target * 1000:.0f} ms", delay <= target)
        finally:
            preview.stop(server, stop)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--registers", type=int, default=1000)
    parser.add_argument("--pdf-registers", type=int, default=50)
    parser.add_argument("--no-wait", action="store_true",
                        help="do not wait for the file system to settle after a recent run")
    args = parser.parse_args()
    n = args.registers
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"{n} synthetic registers in fi, sv and en", flush=True)
    pdf_ratio()
    serve_delay()

    # inside the project: on some machines /tmp creates files ten times slower than the disk
    (ROOT / ".bench").mkdir(exist_ok=True)
    ended = ROOT / ".bench" / "last-run-ended"
    since = max(0.0, time.time() - ended.stat().st_mtime) if ended.exists() else SETTLE_SECONDS
    if since < SETTLE_SECONDS and not args.no_wait:
        print(f"the last run deleted its files {since:.0f} s ago; waiting {SETTLE_SECONDS - since:.0f} s "
              "for the file system to settle (--no-wait skips this)", flush=True)
        time.sleep(SETTLE_SECONDS - since)
    work = Path(tempfile.mkdtemp(prefix="run-", dir=ROOT / ".bench"))
    try:
        registers = work / "registers"
        write_registers(registers, n)
        fast = ("--format", "html,md,json", "--no-history")

        seconds = median_of_three("validate", registers / "register-0000.yaml", cwd=work)
        row("cold `validate` of one register", f"{seconds:.2f} s", "<= 0.3 s", seconds <= 0.3)
        seconds = median_of_three("validate", registers, cwd=work)
        row(f"`validate` of {n} registers", f"{seconds:.2f} s", "<= 2 s", seconds <= 2)

        seconds, _ = policy_gen("build", registers, "--out", work / "site", "--jobs", "2", *fast, cwd=work)
        row(f"HTML + Markdown + JSON for {n} registers, 2 jobs", f"{seconds:.2f} s", "<= 5 s", seconds <= 5)
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        row("peak memory of the largest process in that build", f"{peak_mb:.0f} MB", "<= 400 MB", peak_mb <= 400)

        seconds = median_of_three("build", registers, "--out", work / "site", "--jobs", "2", *fast, cwd=work)
        row(f"no-op rebuild of {n} registers", f"{seconds:.2f} s", "<= 1.5 s", seconds <= 1.5)
        path = registers / "register-0007.yaml"
        path.write_text(path.read_text("utf-8").replace("Yhtiö 7 Oy", "Yhtiö Seitsemän Oy"), "utf-8")
        seconds, out = policy_gen("build", registers, "--out", work / "site", "--jobs", "2", *fast, cwd=work)
        documents = int(re.search(r"(\d+) documents? rendered", out)[1])
        row("after changing one register: documents re-rendered", f"{documents} (= 1 register x 3 languages)",
            "3", documents == 3)

        pdf_registers = work / "pdf-registers"
        for p in sorted(registers.glob("*.yaml"))[:args.pdf_registers]:
            pdf_registers.mkdir(exist_ok=True)
            shutil.copy(p, pdf_registers)
        pairs = []
        for attempt in range(2):
            times = {}
            for jobs in (1, 2):
                times[jobs], _ = policy_gen("build", pdf_registers, "--out", work / f"pdf{jobs}-{attempt}",
                                            "--jobs", jobs, "--format", "pdf", "--no-cache", "--no-history",
                                            cwd=work)
            pairs.append((times[1], times[2]))
        speedup = statistics.mean(one / two for one, two in pairs)
        row(f"PDF speed-up, 2 workers ({args.pdf_registers * 3} PDFs)",
            f"{speedup:.2f}x ({' '.join(f'{one:.1f}/{two:.1f}' for one, two in pairs)} s)", ">= 1.7x",
            speedup >= 1.7)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        ended.touch()


if __name__ == "__main__":
    main()
