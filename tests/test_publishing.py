"""Publishing the site: incremental, parallel, sharded, versioned, atomic, annotated."""
import hashlib
import json
import os
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from policy_gen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "registers" / "iljoja-networks.yaml").read_text("utf-8")
sys.path.insert(0, str(ROOT / "bench"))
from synthetic import write_registers  # noqa: E402

FAST = ("--format", "html,md,json", "--jobs", "1", "--no-history")


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(capsys, *argv) -> tuple[int, str, str]:
    code = main(["build", *map(str, argv)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rendered(out: str) -> int:
    """How many documents the build's summary line says it rendered."""
    return int(out.split(": ")[-1].split(" document")[0])


@pytest.fixture
def registers(tmp_path):
    folder = tmp_path / "registers"
    write_registers(folder, 3)
    return folder


def test_unchanged_rebuild_renders_nothing_and_one_change_renders_one(tmp_path, registers, capsys):
    site = tmp_path / "site"
    code, out, _ = build(capsys, registers, "--out", site, *FAST)
    assert code == 0 and rendered(out) == 9             # 3 registers x 3 languages
    first = tree(site)
    code, out, _ = build(capsys, registers, "--out", site, *FAST)
    assert code == 0 and rendered(out) == 0 and "27 files unchanged" in out
    assert tree(site) == first
    path = registers / "register-0001.yaml"
    path.write_text(path.read_text("utf-8").replace("Yhtiö 1 Oy", "Yhtiö Yksi Oy"), "utf-8")
    code, out, _ = build(capsys, registers, "--out", site, *FAST)
    assert rendered(out) == 3                           # that register, in its three languages
    changed = {p for p in first if tree(site).get(p) != first[p]}
    assert {p for p in changed if p.startswith(("fi/", "sv/", "en/"))} == {
        f"{lang}/register-0001.{fmt}" for lang in ("fi", "sv", "en") for fmt in ("html", "md", "json")}


def test_a_template_change_re_renders_its_users_and_nothing_else(tmp_path, registers, capsys):
    site, mine = tmp_path / "site", tmp_path / "my-templates"
    mine.mkdir()
    build(capsys, registers, "--out", site, "--templates", mine, *FAST)
    before = tree(site)
    (mine / "document.md.j2").write_text(
        (ROOT / "templates" / "document.md.j2").read_text("utf-8") + "\n---\n", "utf-8")
    code, out, _ = build(capsys, registers, "--out", site, "--templates", mine, *FAST)
    assert code == 0 and rendered(out) == 9
    after = tree(site)
    changed = {p for p in before if after[p] != before[p]} - {"manifest.json"}
    assert changed == {p for p in before if p.endswith(".md")}


def test_a_style_sheet_change_re_renders_only_pdfs(tmp_path, capsys):
    site, mine = tmp_path / "site", tmp_path / "my-templates"
    (mine / "assets").mkdir(parents=True)
    argv = (ROOT / "registers" / "iljoja-networks.yaml", "--out", site, "--templates", mine, "--jobs", "1",
            "--no-history")
    build(capsys, *argv)
    before = tree(site)
    (mine / "assets" / "print.css").write_text(
        (ROOT / "templates" / "assets" / "print.css").read_text("utf-8") + "\nh1 { color: #000; }\n", "utf-8")
    code, out, _ = build(capsys, *argv)
    after = tree(site)
    changed = {p for p in before if after.get(p) != before[p]} - {"manifest.json"}
    assert changed == {"fi/iljoja-networks.pdf", "assets/print.css"}


def test_parallel_and_sharded_builds_equal_a_single_build(tmp_path, registers, capsys):
    single, parallel = tmp_path / "single", tmp_path / "parallel"
    assert build(capsys, registers, "--out", single, "--no-cache", *FAST)[0] == 0
    assert build(capsys, registers, "--out", parallel, "--no-cache", "--format", "html,md,json",
                 "--jobs", "2", "--no-history")[0] == 0
    assert tree(parallel) == tree(single)
    parts = []
    for k in (1, 2):
        part = tmp_path / f"shard{k}"
        assert build(capsys, registers, "--out", part, "--shard", f"{k}/2", "--no-cache", *FAST)[0] == 0
        parts.append(part)
    assert set(tree(parts[0])) != set(tree(parts[1]))
    merged = tmp_path / "merged"
    assert main(["merge", *map(str, parts), "--out", str(merged)]) == 0
    assert tree(merged) == tree(single)


def test_merge_refuses_a_damaged_shard(tmp_path, registers, capsys):
    part = tmp_path / "shard1"
    build(capsys, registers, "--out", part, "--shard", "1/2", *FAST)
    victim = next(part.glob("fi/*.html"))
    victim.write_text("tampered", "utf-8")
    assert main(["merge", str(part), "--out", str(tmp_path / "merged")]) == 1
    assert f"{victim}:1:1: error: this file is missing or differs" in capsys.readouterr().err
    assert not (tmp_path / "merged").exists()


def test_keep_going_publishes_the_valid_and_reports_the_invalid(tmp_path, registers, capsys):
    bad = registers / "register-0002.yaml"
    bad.write_text(bad.read_text("utf-8").replace("business_id: 2039096-6", "business_id: 2039096-5"), "utf-8")
    site = tmp_path / "site"
    code, out, err = build(capsys, registers, "--out", site, "--keep-going", *FAST)
    assert code == 1
    assert f"{bad}:" in err and "the check digit should be 6" in err
    assert (site / "fi" / "register-0000.html").exists() and not (site / "fi" / "register-0002.html").exists()


def test_github_actions_annotations(tmp_path, registers, capsys, monkeypatch):
    bad = registers / "register-0000.yaml"
    bad.write_text(bad.read_text("utf-8").replace("business_id: 2039096-6", "business_id: 2039096-5"), "utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["validate", str(registers)]) == 1
    out = capsys.readouterr().out
    line = next(n for n, text in enumerate(bad.read_text("utf-8").splitlines(), 1) if "2039096-5" in text)
    assert out.startswith(f"::error file={bad},line={line},col=16::business ID 2039096-5: the check digit")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def test_every_link_is_relative_and_resolves_inside_the_site(tmp_path, capsys):
    site = tmp_path / "site"
    assert build(capsys, ROOT / "registers", "--out", site, "--jobs", "2", "--no-history")[0] == 0
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 2
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme in ("mailto", "tel", "https") or link.startswith("#"):
                continue        # not a page of this site (an authority's website, say)
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), (page, link)
            assert (page.parent / parts.path).resolve().is_relative_to(site.resolve()), (page, link)
            assert (page.parent / parts.path).exists(), (page, link)


def test_manifest_lists_every_file_with_its_hash_and_the_sitemap_every_page(tmp_path, capsys):
    site = tmp_path / "site"
    build(capsys, ROOT / "registers" / "iljoja-networks.yaml", "--out", site, "--jobs", "1", "--no-history",
          "--site-url", "https://example.fi/tietosuoja/")
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    files = tree(site)
    assert set(manifest["files"]) == set(files) - {"manifest.json"}
    assert all(manifest["files"][p]["sha256"] == files[p] for p in manifest["files"])
    document = next(d for d in manifest["documents"] if d["id"] == "iljoja-networks" and d["lang"] == "fi")
    assert (document["version"], document["date"], document["title"]) == (
        "2015-01-01", "2015-01-01", "Rekisteriseloste ILJOJA Networks 1.1.2015")
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://example.fi/tietosuoja/fi/iljoja-networks.html</loc><lastmod>2015-01-01</lastmod>" in sitemap


# ---- versions from the git history --------------------------------------------------

def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.fi",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.fi"})


def _history(tmp_path, name="iljoja-networks.yaml"):
    """A repository whose register was published on 1.1.2015 and changed on 1.3.2016."""
    repo = tmp_path / "repo"
    (repo / "registers").mkdir(parents=True)
    _git(repo, "init", "-q")
    register = repo / "registers" / name
    register.write_text(EXAMPLE, "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "2015")
    register.write_text(EXAMPLE.replace("  date: 2015-01-01\n", "  date: 2015-01-01\n  updated: 2016-03-01\n")
                        .replace("    - suoramarkkinointi\n", "    - suoramarkkinointi\n    - asiakastyytyväisyyskyselyt\n")
                        .replace("    - hallinnointi\n", "")
                        .replace("Niittykatu 28", "Niittykatu 30"), "utf-8")
    _git(repo, "commit", "-qam", "2016")
    return repo


@pytest.fixture
def history(tmp_path):
    return _history(tmp_path)


def test_history_of_a_file_whose_name_is_not_ascii(tmp_path, capsys):
    """git quotes such names unless told otherwise; the versions must not be lost."""
    repo = _history(tmp_path, "henkilöstörekisteri.yaml")
    site = repo / "site"
    assert build(capsys, repo / "registers", "--out", site, *FAST[:4])[0] == 0
    assert sorted(p.name for p in (site / "fi" / "henkilöstörekisteri").iterdir()) == [
        "2015-01-01.html", "2015-01-01.json", "2015-01-01.md",
        "2016-03-01.html", "2016-03-01.json", "2016-03-01.md"]


def test_every_link_resolves_in_a_versioned_site_in_three_languages(tmp_path, capsys):
    """Version pages link their other languages and versions; none of it may dangle."""
    repo = tmp_path / "repo"
    (repo / "registers").mkdir(parents=True)
    _git(repo, "init", "-q")
    gdpr = (ROOT / "registers" / "iljoja-networks-gdpr.yaml").read_text("utf-8")
    register = repo / "registers" / "gdpr.yaml"
    register.write_text(gdpr, "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    date = next(line for line in gdpr.splitlines() if line.startswith("  date: "))
    register.write_text(gdpr.replace(date, f"{date}\n  updated: 2030-01-01"), "utf-8")
    _git(repo, "commit", "-qam", "second")
    site = repo / "site"
    assert build(capsys, repo / "registers", "--out", site, *FAST[:4])[0] == 0
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 1 + 3 * 3            # index; latest and two versions in three languages
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#"):
                continue
            assert (page.parent / parts.path).exists(), (page, link)


def test_every_version_keeps_a_permanent_url_and_the_page_says_what_changed(history, capsys):
    site = history / "site"
    code, out, err = build(capsys, history / "registers", "--out", site, "--jobs", "1", "--format", "html,pdf")
    assert code == 0, err
    for version in ("2015-01-01", "2016-03-01"):
        assert (site / "fi" / "iljoja-networks" / f"{version}.html").exists()
        assert (site / "fi" / "iljoja-networks" / f"{version}.pdf").exists()
    old = (site / "fi" / "iljoja-networks" / "2015-01-01.html").read_text("utf-8")
    assert "Niittykatu 28" in old and "asiakastyytyväisyyskyselyt" not in old.split("<aside")[0]
    latest = (site / "fi" / "iljoja-networks.html").read_text("utf-8")
    versions = latest.split('<aside class="versions"')[1]
    for change in ("Rekisterin käyttötarkoitus: lisätty ”asiakastyytyväisyyskyselyt”.",
                   "Rekisterin käyttötarkoitus: poistettu ”hallinnointi”.",
                   "Rekisterinpitäjä: Osoite muuttui: Niittykatu 28, 04400 Järvenpää → "
                   "Niittykatu 30, 04400 Järvenpää.",
                   "Ensimmäinen julkaistu versio."):
        assert change in versions
    assert 'href="iljoja-networks/2015-01-01.html"' in versions
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    entry = next(d for d in manifest["documents"] if d["lang"] == "fi")
    assert entry["version"] == "2016-03-01"
    assert [v["version"] for v in entry["versions"]] == ["2016-03-01", "2015-01-01"]


def test_a_shallow_clone_is_refused_rather_than_losing_versions(history, tmp_path, capsys):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history}", str(clone)], check=True)
    code, _, err = build(capsys, clone / "registers", "--out", tmp_path / "site", *FAST[:4])
    assert code == 1 and "shallow" in err and "--no-history" in err
    code, _, _ = build(capsys, clone / "registers", "--out", tmp_path / "site", *FAST)
    assert code == 0



def _commit(repo, text: str, message: str) -> None:
    (repo / "registers" / "iljoja-networks.yaml").write_text(text, "utf-8")
    _git(repo, "commit", "-qam", message)


def _versions(site) -> list[str]:
    manifest = json.loads((site / "manifest.json").read_text("utf-8"))
    return [v["version"] for v in next(d for d in manifest["documents"] if d["lang"] == "fi")["versions"]]


def test_drafts_in_the_history_are_skipped(history, capsys):
    # after the 2016 version: an edit for 2017 committed with a typo (a wrong check digit),
    # one that is not even YAML, then the finished 2017 version
    v2016 = (history / "registers" / "iljoja-networks.yaml").read_text("utf-8")
    v2017 = v2016.replace("updated: 2016-03-01", "updated: 2017-05-01").replace("Niittykatu 30", "Niittykatu 32")
    _commit(history, v2017.replace("business_id: 2039096-6", "business_id: 2039096-5"), "typo")
    _commit(history, v2017.replace("document:", "document: [", 1), "broken")
    _commit(history, v2017, "2017")
    site = history / "site"
    code, _, err = build(capsys, history / "registers", "--out", site, "--jobs", "1", "--format", "html")
    assert code == 0, err
    assert _versions(site) == ["2017-05-01", "2016-03-01", "2015-01-01"]
    assert "Niittykatu 32" in (site / "fi" / "iljoja-networks" / "2017-05-01.html").read_text("utf-8")


def test_a_version_with_no_valid_commit_is_an_error_not_lost(history, capsys):
    # the 2017 version as committed is not valid today (as after a stricter rule), and the
    # register has moved on to 2018 since: that version's pages cannot be made again
    v2016 = (history / "registers" / "iljoja-networks.yaml").read_text("utf-8")
    _commit(history, v2016.replace("updated: 2016-03-01", "updated: 2017-05-01")
            .replace("business_id: 2039096-6", "business_id: 2039096-5"), "2017")
    _commit(history, v2016.replace("updated: 2016-03-01", "updated: 2018-01-01"), "2018")
    code, _, err = build(capsys, history / "registers", "--out", history / "site", "--jobs", "1",
                         "--format", "html")
    assert code == 1 and "(as of commit" in err and "the check digit should be 6" in err
    assert "no commit of version 2017-05-01" in err and "--no-history" in err
    assert not (history / "site").exists()


def test_each_version_is_modelled_once_however_many_pages_list_it(history, capsys, monkeypatch):
    from policy_gen import rendering
    built = []
    real = rendering.build_document
    monkeypatch.setattr(rendering, "build_document", lambda *a, **k: built.append(a[0].data) or real(*a, **k))
    v2016 = (history / "registers" / "iljoja-networks.yaml").read_text("utf-8")
    _commit(history, v2016.replace("updated: 2016-03-01", "updated: 2017-05-01"), "2017")
    code, _, err = build(capsys, history / "registers", "--out", history / "site", "--jobs", "1",
                         "--format", "html")
    # 4 pages (the latest and 3 versions) list 3 versions each: 4 documents for the pages,
    # 3 for the list, not 3 for every page
    assert code == 0, err
    assert len(built) == 4 + 3

# ---- atomic publishing ----------------------------------------------------------------

def test_a_build_killed_midway_leaves_the_previous_site_intact(tmp_path):
    registers = tmp_path / "registers"
    write_registers(registers, 8)
    site = tmp_path / "site"
    command = [sys.executable, "-m", "policy_gen", "build", str(registers), "--out", str(site),
               "--jobs", "1", "--no-history", "--no-cache"]
    subprocess.run(command + ["--format", "html"], check=True, capture_output=True, cwd=ROOT)
    before = tree(site)
    process = subprocess.Popen(command + ["--format", "html,pdf"], cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    process.stderr.readline()                  # the first document is rendered: the build is mid-way
    staging = list(tmp_path.glob(".site.new-*"))
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert staging, "the build had not started writing"
    assert tree(site) == before
    # the next build clears what the killed one left behind
    subprocess.run(command + ["--format", "html"], check=True, capture_output=True, cwd=ROOT)
    assert not list(tmp_path.glob(".site.new-*")) and tree(site) == before


def test_validating_in_worker_processes_gives_the_same_registers_and_problems(tmp_path, monkeypatch):
    from policy_gen import registers as registers_module
    folder = tmp_path / "registers"
    write_registers(folder, 4)
    bad = folder / "register-0002.yaml"
    bad.write_text(bad.read_text("utf-8").replace("business_id: 2039096-6", "business_id: 2039096-5"), "utf-8")
    paths, _ = registers_module.discover([str(folder)])
    from policy_gen.processes import Workers
    serial = registers_module.load_all(paths)
    monkeypatch.setattr(registers_module, "PARALLEL_FROM", 1)
    with Workers(2) as workers:
        parallel = registers_module.load_all(paths, workers=workers)
        assert workers._pool is not None           # the files were checked in worker processes
    assert [r.id for r in parallel[0]] == ["register-0000", "register-0001", "register-0003"]
    assert parallel == serial and len(serial[1]) == 1


def test_relative_links_agree_with_posixpath():
    import itertools
    import posixpath

    from policy_gen.layout import relative
    paths = ["index.html", "fi/x.html", "fi/x.pdf", "sv/x.html", "fi/x/2015-01-01.html",
             "fi/xy/2015-01-01.md", "records/fi/x.html", "records/fi/x/2020-01-01.html", "assets/style.css"]
    for page, target in itertools.product(paths, repeat=2):
        assert relative(page, target) == posixpath.relpath(target, posixpath.dirname(page) or "."), (page, target)


def test_a_rendered_file_is_written_once_read_only_and_shared_with_the_cache(tmp_path, registers, capsys):
    site = tmp_path / "site"
    code, _, _ = build(capsys, registers, "--out", site, *FAST)
    page = site / "fi" / "register-0000.html"
    sha = hashlib.sha256(page.read_bytes()).hexdigest()
    stored = tmp_path / ".site.cache" / "objects" / sha[:2] / sha
    assert code == 0 and os.path.samefile(page, stored)     # one file, two names
    assert page.stat().st_mode & 0o222 == 0                 # an edit in place would change the cache


def test_a_cache_on_another_file_system_gets_copies(tmp_path, registers, capsys, monkeypatch):
    import errno
    real_link = os.link

    def link(source, target):
        if "objects" in str(target):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_link(source, target)
    monkeypatch.setattr(os, "link", link)
    site = tmp_path / "site"
    code, out, _ = build(capsys, registers, "--out", site, *FAST)
    page = site / "fi" / "register-0000.html"
    sha = hashlib.sha256(page.read_bytes()).hexdigest()
    stored = tmp_path / ".site.cache" / "objects" / sha[:2] / sha
    assert code == 0 and stored.read_bytes() == page.read_bytes() and not os.path.samefile(page, stored)
    code, out, _ = build(capsys, registers, "--out", site, *FAST)
    assert code == 0 and rendered(out) == 0


def _no_leftovers(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]


def test_a_render_failing_in_a_worker_leaves_the_old_site_and_no_half_written_folder(tmp_path, capsys):
    registers, site, mine = tmp_path / "registers", tmp_path / "site", tmp_path / "my-templates"
    write_registers(registers, 12)
    code, _, _ = build(capsys, registers, "--out", site, *FAST)
    before = tree(site)
    mine.mkdir()
    # the first register's Markdown fails while the workers have the next ones in hand
    (mine / "document.md.j2").write_text(
        "{% if doc.register_id == 'register-0000' %}{{ nope }}{% endif %}\n"
        + (ROOT / "templates" / "document.md.j2").read_text("utf-8"), "utf-8")
    code, _, err = build(capsys, registers, "--out", site, "--templates", mine, "--format", "html,md,json",
                         "--jobs", "2", "--no-history", "--no-cache")
    assert code == 1 and "document.md.j2:1:" in err and "Traceback" not in err
    assert tree(site) == before and _no_leftovers(tmp_path)


def test_an_invalid_register_stops_a_parallel_build_cleanly(tmp_path, registers, capsys):
    bad = registers / "register-0002.yaml"
    bad.write_text(bad.read_text("utf-8").replace("business_id: 2039096-6", "business_id: 2039096-5"), "utf-8")
    site = tmp_path / "site"
    # nothing cached: the workers are started at once, and must be stopped, not waited for
    code, out, err = build(capsys, registers, "--out", site, "--jobs", "2", "--no-history", "--no-cache")
    assert code == 1 and "the check digit should be 6" in err and "Traceback" not in err
    assert not site.exists() and _no_leftovers(tmp_path)


def test_never_more_workers_than_registers(tmp_path, registers, capsys, monkeypatch):
    from policy_gen import processes
    started = []
    real_init = processes.Workers.__init__

    def init(self, *args, **kwargs):
        real_init(self, *args, **kwargs)
        started.append(self.jobs)
    monkeypatch.setattr(processes.Workers, "__init__", init)
    code, _, _ = build(capsys, registers, "--out", tmp_path / "site", "--jobs", "8", "--format", "html",
                       "--no-history")
    assert code == 0 and started == [3]                       # three registers


def test_a_module_failing_to_preload_leaves_the_workers_working():
    # WeasyPrint failing to load must be reported where it is used (as the user's problem:
    # a missing system library), not break the workers that validate
    from policy_gen.processes import Workers
    with Workers(2, ("policy_gen.no_such_module",)) as workers:
        assert workers.submit(sorted, [3, 1, 2]).result(timeout=60) == [1, 2, 3]
