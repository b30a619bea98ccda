"""The site-wide files, made from the document entries alone: index.html, sitemap.xml
and manifest.json. A merge of shards makes them from its shards' manifests with the
same code, so a merged site equals a single build."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from urllib.parse import quote
from xml.sax.saxutils import escape

from . import __version__, jsonio
from .frameworks import PUBLIC
from .i18n import LANGUAGES, Messages
from .layout import Download
from .render import label, registry


@dataclass(frozen=True)
class VersionEntry:
    """An earlier (or the current) version's own permanent files."""
    version: str
    page: str                        # its web page (or its first file without one)
    files: dict[str, str]            # site path by format


@dataclass(frozen=True)
class Summary:
    """What the index and the manifest say of a document's latest version (kept in the cache
    between builds, so read back with `from_json`)."""
    title: str
    register_name: str
    date: str
    date_text: str
    updated: str | None
    updated_text: str | None

    @classmethod
    def of(cls, doc) -> Summary:
        return cls(doc.title, doc.register_name, doc.date, doc.date_text, doc.updated, doc.updated_text)

    @classmethod
    def from_json(cls, value) -> Summary | None:
        """A summary read back from the cache, or None when it is not one policy-gen wrote (the
        cache is untrusted storage: the document is then rendered again)."""
        names = [f.name for f in fields(cls)]
        if not (isinstance(value, dict) and sorted(value) == sorted(names)
                and all(isinstance(value[n], str) for n in names[:4])
                and all(value[n] is None or isinstance(value[n], str) for n in names[4:])):
            return None
        return cls(**value)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DocumentEntry(Summary):
    """One published document (register × language × kind) as the manifest lists it: its
    summary, then where it is."""
    id: str
    lang: str
    kind: str
    framework: str
    version: str
    page: str                        # its web page (or its first file without one)
    files: dict[str, str]            # site path by format
    versions: list[VersionEntry] = field(default_factory=list)
    historical: bool = False         # made under a repealed act: listed apart, never as current
    successor: str | None = None     # the site path of the document that replaces it

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, entry) -> DocumentEntry:
        """An entry read back from a manifest another job wrote: TypeError when a value is not of
        its type (a title that is no text, an unknown language or format, 'historical' that is
        no boolean). Whether its paths and dates are safe to publish the caller checks."""
        summary_names = [f.name for f in fields(Summary)]
        if not isinstance(entry, dict) or Summary.from_json({n: entry.get(n) for n in summary_names}) is None:
            raise TypeError("a manifest entry's summary")
        if not (all(isinstance(entry.get(n), str) for n in ("id", "lang", "kind", "framework", "version", "page"))
                and entry["lang"] in LANGUAGES and _files(entry.get("files"))
                and isinstance(entry.get("historical", False), bool)
                and (entry.get("successor") is None or isinstance(entry["successor"], str))
                and isinstance(entry.get("versions", []), list)
                and all(isinstance(v, dict) and isinstance(v.get("version"), str) and isinstance(v.get("page"), str)
                        and _files(v.get("files")) for v in entry.get("versions", []))):
            raise TypeError("a manifest entry")
        return cls(**{**entry, "versions": [VersionEntry(**v) for v in entry.get("versions", [])]})


def _files(value) -> bool:
    """A {format: site path} mapping of formats policy-gen has."""
    return isinstance(value, dict) and bool(value) and all(
        name in registry() and isinstance(path, str) for name, path in value.items())


def page_of(files: dict[str, str]) -> str:
    """A document's address: its web page, or its first file when it has none."""
    pages = [path for name, path in files.items() if registry()[name].web_page]
    return pages[0] if pages else next(iter(files.values()))


def index_page(templates, documents: list[DocumentEntry], internal: bool = False) -> bytes:
    """The front page: every document, per language, with its formats. `internal`: the site
    of the internal records, whose front page says so."""
    groups = []
    titles = {d.page: d.title for d in documents}       # a historical document names its successor
    for lang in LANGUAGES:
        entries = [d for d in documents if d.lang == lang]
        if not entries:
            continue
        rows = [{"doc": d, "href": d.page, "successor": d.successor and titles.get(d.successor, d.successor),
                 "downloads": [Download(d.files[name], cls.media_type, label(name, lang))
                               for name, cls in registry().items() if not cls.web_page and name in d.files]}
                for d in sorted(entries, key=lambda d: d.id)]
        groups.append({"lang": lang, "t": Messages(lang, "common"),
                       "entries": [r for r in rows if not r["doc"].historical],
                       "historical": [r for r in rows if r["doc"].historical]})
    lang = groups[0]["lang"] if groups else LANGUAGES[0]
    page = templates.html.get_template("index.html.j2").render(
        lang=lang, t=Messages(lang, "common"), groups=groups, internal=internal)
    return page.encode("utf-8")


def sitemap(documents: list[DocumentEntry], site_url: str | None) -> bytes:
    """sitemap.xml of the public pages. Search engines need absolute URLs: give
    --site-url; without it the locations are relative to the site's root."""
    base = (site_url.rstrip("/") + "/") if site_url else ""
    # file names may hold letters such as ö: a sitemap wants them percent-encoded
    urls = [(base + "index.html", None)]
    for d in sorted((d for d in documents if d.kind == PUBLIC), key=lambda d: d.page):
        urls.append((base + d.page, d.updated or d.date))
        urls += [(base + v.page, v.version) for v in d.versions if v.page != d.page]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, lastmod in urls:
        lines.append(f"  <url><loc>{escape(quote(loc, safe=':/'))}</loc>" + (f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else "")
                     + "</url>")
    return ("\n".join(lines + ["</urlset>"]) + "\n").encode("utf-8")


def manifest(documents: list[DocumentEntry], files: dict[str, dict]) -> bytes:
    payload = {"generator": f"policy-gen {__version__}",
               "documents": [d.to_json() for d in sorted(documents, key=lambda d: (d.kind, d.lang, d.id))],
               "files": {path: files[path] for path in sorted(files)}}
    return jsonio.dumps(payload, pretty=True)


def write_site_files(site, templates, documents: list[DocumentEntry], site_url: str | None,
                     internal: bool = False) -> None:
    """index.html and sitemap.xml into the SiteWriter `site`, when the documents have web pages
    (an `internal` site, of the records, gets no sitemap: it is not for search engines)."""
    pages = [name for name, cls in registry().items() if cls.web_page]
    if any(name in d.files for d in documents for name in pages):
        site.write("index.html", index_page(templates, documents, internal))
        if not internal:
            site.write("sitemap.xml", sitemap(documents, site_url))
