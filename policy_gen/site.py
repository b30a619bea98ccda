"""The site-wide files, made from the manifest's document entries alone:
index.html, sitemap.xml and manifest.json. A merge of shards uses the same code,
so a merged site equals a single build."""
from __future__ import annotations

from urllib.parse import quote
from xml.sax.saxutils import escape

from . import __version__, jsonio
from .frameworks import PUBLIC
from .i18n import LANGUAGES, Messages
from .render.html import MEDIA_TYPES



def index_page(templates, documents: list[dict]) -> bytes:
    """The front page: every public document, per language, with its formats."""
    groups = []
    for lang in LANGUAGES:
        entries = [d for d in documents if d["lang"] == lang and d["kind"] == PUBLIC]
        if not entries:
            continue
        msg = Messages(lang, "common")
        groups.append({"lang": lang, "t": msg, "entries": [
            {"doc": d, "href": d["page"],
             "downloads": [{"href": d["files"][fmt], "type": MEDIA_TYPES[fmt], "label": msg(f"format.{fmt}")}
                           for fmt in ("pdf", "md", "json") if fmt in d["files"]]}
            for d in sorted(entries, key=lambda d: d["id"])]})
    lang = groups[0]["lang"] if groups else LANGUAGES[0]
    page = templates.html.get_template("index.html.j2").render(
        lang=lang, t=Messages(lang, "common"), groups=groups)
    return page.encode("utf-8")


def sitemap(documents: list[dict], site_url: str | None) -> bytes:
    """sitemap.xml of the public pages. Search engines need absolute URLs: give
    --site-url; without it the locations are relative to the site's root."""
    base = (site_url.rstrip("/") + "/") if site_url else ""
    # file names may hold letters such as ö: a sitemap wants them percent-encoded
    urls = [(base + "index.html", None)]
    for d in sorted((d for d in documents if d["kind"] == PUBLIC), key=lambda d: d["page"]):
        urls.append((base + d["page"], d["updated"] or d["date"]))
        urls += [(base + v["page"], v["version"]) for v in d.get("versions", []) if v["page"] != d["page"]]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, lastmod in urls:
        lines.append(f"  <url><loc>{escape(quote(loc, safe=':/'))}</loc>" + (f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else "")
                     + "</url>")
    return ("\n".join(lines + ["</urlset>"]) + "\n").encode("utf-8")


def manifest(documents: list[dict], files: dict[str, dict]) -> bytes:
    payload = {"generator": f"policy-gen {__version__}",
               "documents": sorted(documents, key=lambda d: (d["kind"], d["lang"], d["id"])),
               "files": {path: files[path] for path in sorted(files)}}
    return jsonio.dumps(payload, pretty=True)
