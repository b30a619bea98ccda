"""The build side speaks the language of messages too (issue 12): the guarded folders, the lock,
the git history, `merge`'s shards and the cache's warnings, in Finnish, Swedish and English.

Only the message is translated: the FILE:LINE:COL: error: prefix (and the cache's
"policy-gen: warning: ") stays as programs read it. Each test goes through the real command
line with --lang before the command; the English words are those the older tests read too.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from policy_gen.i18n import LANGUAGES

FAST = ("--format", "html,md,json", "--jobs", "1")
NOTHING_WRITTEN = {"en": "policy-gen: {n} found; nothing was written",
                   "fi": "policy-gen: löytyi {n}; mitään ei kirjoitettu",
                   "sv": "policy-gen: {n} hittades; ingenting skrevs"}
ONE = {"en": "1 problem", "fi": "1 ongelma", "sv": "1 problem"}
TWO = {"en": "2 problems", "fi": "2 ongelmaa", "sv": "2 problem"}

SAID = {
    "foreign out": {
        "en": "this folder exists and was not made by policy-gen; choose another --out, or empty it first",
        "fi": "tämä kansio on jo olemassa, eikä policy-gen ole tehnyt sitä; valitse toinen --out tai tyhjennä "
              "kansio ensin",
        "sv": "den här mappen finns redan och har inte skapats av policy-gen; välj en annan --out eller töm "
              "mappen först"},
    "out link": {
        "en": "--out is a symbolic link, which policy-gen would replace by a folder; choose another folder",
        "fi": "--out on symbolinen linkki, jonka policy-gen korvaisi kansiolla; valitse toinen kansio",
        "sv": "--out är en symbolisk länk, som policy-gen skulle ersätta med en mapp; välj en annan mapp"},
    "cache link": {
        "en": "--cache is a symbolic link; choose another folder",
        "fi": "--cache on symbolinen linkki; valitse toinen kansio",
        "sv": "--cache är en symbolisk länk; välj en annan mapp"},
    "lock link": {
        "en": "this lock file is a symbolic link; delete it (policy-gen never writes through one)",
        "fi": "tämä lukitustiedosto on symbolinen linkki; poista se (policy-gen ei koskaan kirjoita linkin kautta)",
        "sv": "den här låsfilen är en symbolisk länk; ta bort den (policy-gen skriver aldrig genom en länk)"},
    "shard file": {
        "en": "this file is missing or differs from its shard's manifest.json; build the shard again",
        "fi": "tämä tiedosto puuttuu tai poikkeaa osansa manifest.json-tiedostosta; tee osa uudelleen "
              "(build --shard)",
        "sv": "den här filen saknas eller avviker från sin dels manifest.json; bygg delen på nytt (build --shard)"},
    "twice": {
        "en": "a register appears in more than one shard",
        "fi": "sama rekisteri on useammassa kuin yhdessä osassa (build --shard)",
        "sv": "ett register finns i mer än en del (build --shard)"},
    "shallow": {
        "en": "this git clone is shallow, so earlier versions of the registers cannot be read: fetch the whole "
              "history (CI: fetch-depth: 0), or build with --no-history",
        "fi": "tämä git-klooni on vajaa (shallow), joten rekisterien aiempia versioita ei voi lukea: hae koko "
              "historia (CI: fetch-depth: 0) tai aja build valitsimella --no-history",
        "sv": "denna git-klon är ofullständig (shallow), så registrens tidigare versioner kan inte läsas: hämta "
              "hela historiken (CI: fetch-depth: 0) eller kör build med --no-history"},
    "lost": {
        "en": "no commit of version 2017-05-01 in the git history is valid today (problems above), so its pages "
              "cannot be made again; build with --no-history to publish the current version only",
        "fi": "yksikään version 2017-05-01 commit git-historiassa ei ole nyt kelvollinen (ongelmat yllä), joten "
              "version sivuja ei voi tehdä uudelleen; aja build valitsimella --no-history, niin vain nykyinen "
              "versio julkaistaan",
        "sv": "ingen commit av version 2017-05-01 i git-historiken är giltig i dag (problemen ovan), så versionens "
              "sidor kan inte göras på nytt; kör build med --no-history för att publicera endast den nuvarande "
              "versionen"},
    "damaged object": {
        "en": "the cached file {name}… does not match its hash; it is rendered again",
        "fi": "välimuistin tiedosto {name}… ei vastaa tarkistussummaansa; se tehdään uudelleen",
        "sv": "den cachade filen {name}… stämmer inte med sin kontrollsumma; den framställs på nytt"},
    "foreign entries": {
        "en": "the cache index has 1 entries that policy-gen does not write; they are ignored",
        "fi": "välimuistin hakemistossa on 1 merkintää, joita policy-gen ei kirjoita; ne jätetään huomiotta",
        "sv": "cachens index har 1 poster som policy-gen inte skriver; de lämnas utan avseende"},
}


def _refused(run, lang, where, what, *argv) -> None:
    """`policy-gen --lang LANG ARGV` exits 1 with one problem at `where`, said in `lang`."""
    code, out, err = run("--lang", lang, *argv)
    assert (code, out) == (1, ""), err
    assert err == f"{where}:1:1: error: {SAID[what][lang]}\n" + NOTHING_WRITTEN[lang].format(n=ONE[lang]) + "\n"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_folder_policy_gen_did_not_make_is_refused_in_the_language(tmp_path, register, run, lang):
    """Fails without msg() in sitewriter.check_output: the refusal came in English whatever --lang said
    (and a --records folder was told to choose another --out)."""
    reg = register()
    theirs = tmp_path / "documents"
    theirs.mkdir()
    (theirs / "nda.txt").write_text("do not delete", "utf-8")
    _refused(run, lang, theirs, "foreign out", "build", reg.path, "--out", theirs, *FAST)
    # the same refusal of --records names --records (it said '--out' before)
    code, _, err = run("--lang", lang, "build", reg.path, "--out", tmp_path / "site", "--records", theirs, *FAST)
    assert code == 1 and err.startswith(f"{theirs}:1:1: error: "
                                        + SAID["foreign out"][lang].replace("--out", "--records") + "\n")
    assert (theirs / "nda.txt").read_text("utf-8") == "do not delete"
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_symbolic_links_as_out_cache_or_lock_are_refused_in_the_language(tmp_path, register, run, lang):
    """Fails without msg() in safefs.guard_output / guard_cache and fsutil.exclusive: English only."""
    reg = register()
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    _refused(run, lang, link, "out link", "build", reg.path, "--out", link, *FAST)
    _refused(run, lang, link, "cache link", "build", reg.path, "--out", tmp_path / "site", "--cache", link, *FAST)
    lock = tmp_path / ".site.lock"
    lock.symlink_to(tmp_path / "victim.txt")
    _refused(run, lang, lock, "lock link", "build", reg.path, "--out", tmp_path / "site", *FAST)
    assert list(real.iterdir()) == [] and not (tmp_path / "victim.txt").exists()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_merge_names_a_shard_s_problems_in_the_language(tmp_path, register, run, lang):
    """Fails without msg() in merge.merge: a damaged file of a shard, and a register in two shards,
    were said in English whatever --lang said."""
    reg = register()
    part = tmp_path / "shard"
    assert run("build", reg.path, "--out", part, "--no-cache", "--no-history", *FAST)[0] == 0
    twice = tmp_path / "again"
    assert run("build", reg.path, "--out", twice, "--no-cache", "--no-history", *FAST)[0] == 0
    _refused(run, lang, part, "twice", "merge", part, twice, "--out", tmp_path / "merged")
    page = next(p for p in sorted(part.rglob("*.html")) if p.name != "index.html")
    os.chmod(page, 0o644)
    page.write_text("<p>changed</p>", "utf-8")
    _refused(run, lang, page, "shard file", "merge", part, "--out", tmp_path / "merged")
    assert not (tmp_path / "merged").exists()


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.fi",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.fi"})


@pytest.fixture
def history(tmp_path, example_text):
    """A git repository of one register: 2015, 2016, a 2017 version not valid today, then 2018."""
    repo = tmp_path / "repo"
    (repo / "registers").mkdir(parents=True)
    register = repo / "registers" / "iljoja-networks.yaml"
    _git(repo, "init", "-q")
    register.write_text(example_text, "utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "2015")
    v2016 = example_text.replace("  date: 2015-01-01\n", "  date: 2015-01-01\n  updated: 2016-03-01\n")
    for text, message in ((v2016, "2016"),
                          (v2016.replace("updated: 2016-03-01", "updated: 2017-05-01")
                           .replace("business_id: 2039096-6", "business_id: 2039096-5"), "2017"),
                          (v2016.replace("updated: 2016-03-01", "updated: 2018-01-01"), "2018")):
        register.write_text(text, "utf-8")
        _git(repo, "commit", "-qam", message)
    return repo


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_git_history_s_problems_are_said_in_the_language(tmp_path, history, run, lang):
    """Fails without msg() in history.py: a shallow clone, and a version no commit of which is
    valid today, were refused in English whatever --lang said. Neither reaches the network: the
    clone is made from a local repository."""
    code, out, err = run("--lang", lang, "build", history / "registers", "--out", tmp_path / "site", *FAST)
    assert (code, out) == (1, "")
    *problems, summary = err.splitlines()
    lost = f"{history / 'registers' / 'iljoja-networks.yaml'}:1:1: error: {SAID['lost'][lang]}"
    assert len(problems) == 2 and lost in problems
    assert "(as of commit" in problems[1 - problems.index(lost)]        # the 2017 commit's own problem
    assert summary == NOTHING_WRITTEN[lang].format(n=TWO[lang])
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history}", str(clone)], check=True)
    _refused(run, lang, clone / "registers", "shallow", "build", clone / "registers", "--out", tmp_path / "site",
             *FAST)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_cache_s_warnings_are_said_in_the_language(tmp_path, register, run, lang):
    """Fails without the lookup that cli.py gives Cache (and Progress): a damaged cached file and
    index entries policy-gen never writes were warned of (and the log line of a rendered document
    written) in English whatever --lang said. The build goes on (exit 0) and the prefix
    'policy-gen: warning: ' is unchanged."""
    reg = register()
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert run("build", reg.path, "--out", site, "--cache", cache, "--no-history", *FAST)[0] == 0
    damaged = next(p for p in sorted((cache / "objects").rglob("*")) if p.is_file())
    os.chmod(damaged, 0o644)
    damaged.write_bytes(damaged.read_bytes() + b"\n")
    index = json.loads((cache / "index.json").read_text("utf-8"))
    index["entries"]["not a render key"] = str(tmp_path / "secret.txt")
    (cache / "index.json").write_text(json.dumps(index), "utf-8")
    code, out, err = run("--lang", lang, "build", reg.path, "--out", site, "--cache", cache, "--no-history", *FAST)
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("policy-gen: warning: ")]
    assert warnings == ["policy-gen: warning: " + SAID["foreign entries"][lang],
                        "policy-gen: warning: " + SAID["damaged object"][lang].format(name=damaged.name[:12])]
    # the log line of the document rendered again (progress.py) is in the language too
    rendered = {"en": "rendered", "fi": "tehty", "sv": "framställt"}[lang]
    assert any(re.fullmatch(rf"{rendered} (fi|sv|en)/register \[\d+/\d+, \d+\.\d s\]", line)
               for line in err.splitlines()), err


@pytest.mark.parametrize("lang, words", [("fi", "tiedostoa tai kansiota ei ole"),
                                         ("sv", "filen eller mappen finns inte"),
                                         ("en", "no such file or folder")])
def test_the_machines_reason_is_said_in_the_language(run, tmp_path, lang, words):
    """`migrate` of a file that does not exist: the reason was the operating system's English
    ('No such file or directory') inside a Finnish or Swedish message (fails without
    diagnostics.os_reason)."""
    code, out, err = run("--lang", lang, "migrate", tmp_path / "nope.yaml", "--to", "gdpr")
    assert (code, out) == (1, "") and err.splitlines()[0].startswith(f"{tmp_path / 'nope.yaml'}:1:1: error: ")
    assert words in err and "No such file" not in err
