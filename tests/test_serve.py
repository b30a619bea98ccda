"""`policy-gen serve`: a live preview over real HTTP on 127.0.0.1, rendered from the files as
they are, reloading the open page when a register or template is saved, and serving nothing else."""
from __future__ import annotations

import http.client
import io
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from helpers_output import parse_html
from policy_gen import preview
from policy_gen.resources import templates_dir

ROOT = Path(__file__).resolve().parent.parent
NAME = "Asiakas- ja yhteistyökumppanirekisteri"


class Site:
    def __init__(self, folder: Path, server):
        self.folder, self.server = folder, server
        self.port = server.server_address[1]
        self.register = folder / "registers" / "reg.yaml"

    def get(self, path: str, host: str | None = None) -> tuple[int, str, bytes]:
        """GET `path` sent exactly as written (no client-side clean-up of '..')."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.putrequest("GET", path, skip_host=True)
            connection.putheader("Host", host or f"127.0.0.1:{self.port}")
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type"), response.read()
        finally:
            connection.close()

    def page(self, path: str) -> str:
        status, kind, body = self.get(path)
        assert (status, kind) == (200, "text/html; charset=utf-8"), (path, status, body[:300])
        return body.decode("utf-8")

    def edit(self, old: str, new: str) -> None:
        text = self.register.read_text("utf-8")
        assert text.count(old) == 1, old
        self.register.write_text(text.replace(old, new), "utf-8")


def _preview(tmp_path, links: bool):
    (tmp_path / "registers").mkdir()
    shutil.copy(ROOT / "registers" / "iljoja-networks.yaml", tmp_path / "registers" / "reg.yaml")
    (tmp_path / "templates" / "assets").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("SECRET outside the preview\n", "utf-8")
    (tmp_path / "templates" / "assets" / "mine.css").write_text("p { color: black }\n", "utf-8")
    if links:
        os.symlink(tmp_path / "secret.txt", tmp_path / "templates" / "assets" / "out.css")
        os.symlink(tmp_path, tmp_path / "templates" / "assets" / "up")
    return preview.Preview([str(tmp_path / "registers")], tmp_path / "templates")


@pytest.fixture(params=[False, True], ids=["plain", "with-links"])
def any_site(tmp_path, request):
    """A preview whose templates folder has, or has not, links out of it (which a build refuses)."""
    shown = _preview(tmp_path, request.param)
    server, stop_event, _ = preview.start(shown, 0)
    try:
        yield Site(tmp_path, server)
    finally:
        preview.stop(server, stop_event)


@pytest.fixture
def site(tmp_path):
    """A preview of registers/reg.yaml (the example) with a templates folder of one's own."""
    shown = _preview(tmp_path, links=False)
    server, stop_event, _ = preview.start(shown, 0)
    try:
        yield Site(tmp_path, server)
    finally:
        preview.stop(server, stop_event)


def test_it_listens_on_the_loopback_address_only(site):
    assert site.server.server_address[0] == "127.0.0.1"


def test_the_index_lists_the_registers_and_their_documents(site):
    shutil.copy(ROOT / "registers" / "iljoja-networks-gdpr.yaml", site.folder / "registers" / "gdpr.yaml")
    index = parse_html(site.page("/"), strict=False)
    links = [a.attrs.get("href") for a in index.iter("a")]
    assert {"/fi/reg.html", "/fi/reg.pdf", "/fi/gdpr.html", "/sv/gdpr.pdf", "/en/gdpr.html",
            "/records/fi/gdpr.html"} <= set(links)
    for link in links:
        assert site.get(link)[0] == 200, link
    assert NAME in site.page("/fi/reg.html")
    assert "Register of customers and partners" in site.page("/en/gdpr.html")
    assert site.get("/sv/reg.html")[0] == 404          # a language the register is not published in


def test_the_page_is_the_file_as_it_is_now(site):
    assert NAME in site.page("/fi/reg.html")
    site.edit(f"register_name: {NAME}", "register_name: Uusi nimi rekisterille")
    page = site.page("/fi/reg.html")
    assert "Uusi nimi rekisterille" in page and NAME not in page


def test_an_invalid_register_shows_its_problems_with_their_lines_escaped(site):
    """Fails if the problems are not HTML-escaped: the key below would become a script."""
    site.edit("business_id: 2039096-6", "business_id: 2039096-5")
    site.edit("register_name:", '"<script>alert(1)</script>": 1\nregister_name:')
    lines = site.register.read_text("utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if "2039096-5" in text)
    bad = next(i for i, text in enumerate(lines, start=1) if "<script>" in text)
    page = site.page("/fi/reg.html")
    text = parse_html(page, strict=False).text()
    assert f"{site.register}:{line}:16: error: business ID 2039096-5: the check digit should be 6" in text
    assert f"{site.register}:{bad}:1: error: unknown key '<script>alert(1)</script>'" in text
    assert "<script>alert" not in page
    assert len(re.findall(r"<script", page)) == 1        # the preview's own reload script only
    status, _, body = site.get("/fi/reg.pdf")             # no PDF of an invalid register: the problems
    assert status == 422 and b"the check digit should be 6" in body


def test_the_pdf_is_served_and_is_a_pdf(site):
    status, kind, body = site.get("/fi/reg.pdf")
    assert (status, kind) == (200, "application/pdf")
    with pikepdf.open(io.BytesIO(body)) as pdf:
        assert len(pdf.pages) >= 1
        assert pdf.Root.StructTreeRoot is not None          # the tagged PDF the build makes


@pytest.mark.parametrize("path", [
    "/assets/../secret.txt", "/assets/../../secret.txt", "/assets/%2e%2e/secret.txt",
    "/assets/%2E%2E/%2e%2e/secret.txt", "/assets/..%2fsecret.txt", "/%2e%2e/secret.txt", "/../secret.txt",
    "/assets/up/secret.txt", "/assets/out.css", "/assets//etc/passwd", "/assets/%2fetc%2fpasswd",
    "//etc/passwd", "/etc/passwd", "/assets/..\\secret.txt", "/fi/..%2f..%2fsecret.html",
    "/fi/../registers/reg.yaml", "/registers/reg.yaml", "/fi/reg.yaml", "/fi/reg.html/../../secret.txt",
    "/assets/%00", "/assets/%ff.css", "/assets/.hidden.css", "http://127.0.0.1/../secret.txt"])
def test_nothing_outside_the_preview_is_served(any_site, path):
    """Fails without the checks that an asset is a file inside an asset folder once every link is
    followed (with-links: out.css and up/ are links out of the user's assets folder)."""
    status, _, body = any_site.get(path)
    assert status in (400, 404), (path, status)
    assert b"SECRET" not in body and b"framework:" not in body and b"root:" not in body


def test_assets_are_served_the_users_first(site):
    status, kind, body = site.get("/assets/mine.css")
    assert (status, kind, body) == (200, "text/css; charset=utf-8", b"p { color: black }\n")
    status, _, body = site.get("/assets/document.css")
    assert status == 200 and body == (templates_dir() / "assets" / "document.css").read_bytes()


def test_another_host_name_is_refused(site):
    """A web page elsewhere may point a name of its own at 127.0.0.1 (DNS rebinding); the
    preview answers only to its own address. Fails without the Host check."""
    assert site.get("/fi/reg.html", host="attacker.example")[0] == 403
    assert site.get("/fi/reg.html", host=f"localhost:{site.port}")[0] == 200


def _events(site) -> tuple[http.client.HTTPConnection, object]:
    connection = http.client.HTTPConnection("127.0.0.1", site.port, timeout=30)
    connection.request("GET", "/_events")
    response = connection.getresponse()
    assert (response.status, response.getheader("Content-Type")) == (200, "text/event-stream")
    return connection, response


def _next_generation(response) -> int:
    """The next generation sent; fails after three keep-alive comments (some 30 s) without one."""
    pings = 0
    while pings < 3:
        line = response.fp.readline().decode()
        assert line, "the event stream ended"
        if line.startswith("data: "):
            return int(line.removeprefix("data: "))
        pings += line.startswith(":")
    raise AssertionError("no change was signalled")


def test_the_reload_signal_arrives_after_a_save(site):
    connection, response = _events(site)
    try:
        first = _next_generation(response)
        page = site.page("/fi/reg.html")
        assert f"var seen={first};" in page and 'new EventSource("/_events")' in page
        site.edit(f"register_name: {NAME}", "register_name: Tallennettu")
        assert _next_generation(response) > first          # waits (up to the timeout) for the save
    finally:
        connection.close()
    assert "Tallennettu" in site.page("/fi/reg.html")


def test_a_saved_template_reloads_the_page_and_is_used(site):
    ours = site.folder / "templates" / "document.html.j2"
    shutil.copy(templates_dir() / "document.html.j2", ours)
    connection, response = _events(site)
    try:
        first = _next_generation(response)
        text = ours.read_text("utf-8")
        ours.write_text(text.replace("<main", "<p>Esikatselu muuttui</p><main", 1), "utf-8")
        assert "<main" in text
        assert _next_generation(response) > first
    finally:
        connection.close()
    assert "Esikatselu muuttui" in site.page("/fi/reg.html")


def test_published_pages_have_no_reload_script(tmp_path, run):
    code, _, err = run("build", ROOT / "registers" / "iljoja-networks.yaml", "--out", tmp_path / "site",
                       "--format", "html", "--no-history", "--no-cache")
    assert code == 0, err
    page = (tmp_path / "site" / "fi" / "iljoja-networks.html").read_text("utf-8")
    assert "EventSource" not in page and "<script" not in page


def _terminal_serve(folder: Path, argv: list[str], environ: dict | None = None) -> subprocess.Popen:
    """`python -m policy_gen ARGV --no-open --port 0` in `folder`, with Ctrl-C as in a terminal."""
    return subprocess.Popen(
        [sys.executable, "-m", "policy_gen", *argv, "--no-open", "--port", "0"], cwd=folder,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(environ or {})},
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))   # as in a terminal


def _ctrl_c(process: subprocess.Popen) -> tuple[int, str, str]:
    """Ctrl-C, then what the preview said after it: (exit code, rest of stdout, stderr)."""
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    return process.returncode, out, err


def test_ctrl_c_stops_it_cleanly(tmp_path):
    (tmp_path / "registers").mkdir()
    shutil.copy(ROOT / "registers" / "iljoja-networks.yaml", tmp_path / "registers" / "reg.yaml")
    process = _terminal_serve(tmp_path, ["serve"])
    try:
        first = process.stdout.readline()
        match = re.fullmatch(r"policy-gen: previewing 1 register at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)\n",
                             first)
        assert match, first
        connection = http.client.HTTPConnection("127.0.0.1", int(match[1]), timeout=30)
        connection.request("GET", "/")
        assert connection.getresponse().status == 200
        connection.close()
        stopped = _ctrl_c(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert stopped == (0, "", "policy-gen: preview stopped\n")


def test_a_templates_folder_with_a_link_shows_the_refusal_never_the_file(tmp_path):
    """A build refuses a templates folder that holds a symbolic link (docs/security.md); the
    preview shows that refusal, with the link's path, in place of the document."""
    shown = _preview(tmp_path, links=True)
    server, stop_event, _ = preview.start(shown, 0)
    try:
        status, _, body = Site(tmp_path, server).get("/fi/reg.html")
    finally:
        preview.stop(server, stop_event)
    assert status == 200 and b"SECRET" not in body
    assert b"out.css:1:1" in body and b"symbolic link" in body


# ---- the preview in the language of messages (issue 12) ------------------------------------------

PREVIEW_WORDS = {   # the line printed, the problems page's heading and message, the index, 404, Ctrl-C
    "fi": (r"policy-gen: esikatselussa 1 rekisteri osoitteessa http://127\.0\.0\.1:(\d+)/ \(lopeta painamalla Ctrl-C\)",
           "reg: 1 korjattava ongelma", "Y-tunnus 2039096-5: tarkistusnumeron pitäisi olla 6; tarkista tunnus",
           "Tämä sivu päivittyy, kun tiedosto tallennetaan.", ("policy-gen: esikatselu", "1 ongelma"),
           "Sivua ei löydy", "policy-gen: esikatselu lopetettu"),
    "sv": (r"policy-gen: förhandsgranskar 1 register på http://127\.0\.0\.1:(\d+)/ \(avsluta med Ctrl-C\)",
           "reg: 1 problem att rätta", "FO-nummer 2039096-5: kontrollsiffran ska vara 6; kontrollera numret",
           "Sidan laddas om när filen sparas.", ("policy-gen: förhandsgranskning", "1 problem"),
           "Sidan hittades inte", "policy-gen: förhandsgranskningen avslutades"),
    "en": (r"policy-gen: previewing 1 register at http://127\.0\.0\.1:(\d+)/ \(Ctrl-C to stop\)",
           "reg: 1 problem to fix", "business ID 2039096-5: the check digit should be 6; check the number",
           "This page reloads when the file is saved.", ("policy-gen preview", "1 problem"),
           "Not found", "policy-gen: preview stopped"),
}


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("lang, argv, environ", [
    ("fi", ["--lang", "fi", "serve"], {}),                          # --lang before the command
    ("sv", ["serve"], {"LANG": "sv_FI.UTF-8"}),                      # the locale
    ("en", ["serve", "--lang", "en"], {"LANG": "fi_FI.UTF-8"}),      # serve's own --lang, over the locale
])
def test_the_preview_speaks_the_language_of_messages(tmp_path, lang, argv, environ):
    """`policy-gen serve` as run from a terminal: an invalid register's page shows its problem
    with its line in the language of messages, and the page says so itself (<html lang>, heading,
    the index, a page not found, the lines printed). Fails without the language passed from the
    command line to preview.Preview: every word of the preview was English."""
    heard, heading, message, reload_words, (index_title, index_link), missing, stopped = PREVIEW_WORDS[lang]
    (tmp_path / "registers").mkdir()
    register = tmp_path / "registers" / "reg.yaml"
    text = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
    assert text.count("business_id: 2039096-6") == 1
    register.write_text(text.replace("business_id: 2039096-6", "business_id: 2039096-5"), "utf-8")
    line = next(i for i, row in enumerate(register.read_text("utf-8").splitlines(), start=1) if "2039096-5" in row)
    process = _terminal_serve(tmp_path, argv, environ)
    try:
        first = process.stdout.readline()
        match = re.fullmatch(heard + "\n", first)
        assert match, first
        port = int(match[1])
        status, body = _get(port, "/fi/reg.html")
        assert status == 200
        page = parse_html(body.decode("utf-8"))
        assert page.find("html").attrs["lang"] == lang
        assert page.find("title").text() == {"fi": "reg: ongelmat", "sv": "reg: problem", "en": "reg: problems"}[lang]
        assert page.find("h1").text() == heading
        assert [li.text() for li in page.iter("li")] == [f"registers/reg.yaml:{line}:16: error: {message}"]
        assert page.find("p").text() == reload_words
        status, body = _get(port, "/")
        index = parse_html(body.decode("utf-8"))
        assert status == 200 and index.find("html").attrs["lang"] == lang
        assert index.find("h1").text() == index_title
        assert [a.text() for a in index.iter("a")] == [index_link]
        status, body = _get(port, "/fi/nobody.html")
        missing_page = parse_html(body.decode("utf-8"))
        assert status == 404 and missing_page.find("html").attrs["lang"] == lang
        assert missing_page.find("h1").text() == missing
        said = _ctrl_c(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert said == (0, "", stopped + "\n")


def test_a_valid_register_s_record_link_is_named_in_the_language(tmp_path):
    """The index names the Art. 30 record in the language of the preview; the other links are
    a language code and a format, the same in every language."""
    (tmp_path / "registers").mkdir()
    shutil.copy(ROOT / "registers" / "iljoja-networks-gdpr.yaml", tmp_path / "registers" / "gdpr.yaml")
    for lang, record in (("fi", "seloste käsittelytoimista"), ("sv", "register över behandling"), ("en", "record")):
        index = parse_html(preview.Preview([str(tmp_path / "registers")], lang=lang).index().decode("utf-8"))
        words = {a.attrs["href"]: a.text() for a in index.iter("a")}
        assert words["/records/sv/gdpr.pdf"] == f"{record} sv PDF" and words["/fi/gdpr.html"] == "fi HTML"
        assert index.find("html").attrs["lang"] == lang
