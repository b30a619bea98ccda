"""The web page of one document."""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from ..model import Document

MEDIA_TYPES = {"html": "text/html", "pdf": "application/pdf", "md": "text/markdown",
               "json": "application/json"}


def site_path(register_id: str, lang: str, fmt: str, version: str | None = None,
              record: bool = False) -> str:
    """Where a document's file sits in the site: fi/x.pdf, fi/x/2015-01-01.pdf (a version),
    records/fi/x.pdf (an internal record)."""
    folder = f"records/{lang}" if record else lang
    name = f"{register_id}/{version}" if version else register_id
    return f"{folder}/{name}.{fmt}"


def relative(page: str, target: str) -> str:
    """The link from the page at site path `page` to the site path `target`.

    Site paths are relative to the site's root and never hold '.' or '..', so
    this is string work (posixpath.relpath asks the OS for the working folder
    twice a call, thousands of times a build)."""
    here = page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


@dataclass(frozen=True)
class Page:
    """Where a web page sits in the site, and what it links to (all site paths)."""
    path: str                           # e.g. fi/iljoja-networks.html
    downloads: tuple = ()               # ({"href", "type", "label"}, ...), hrefs relative to the page
    versions: tuple = ()                # ({"version", "text", "path", "current", "changes"}, ...)

    @property
    def root(self) -> str:
        """The relative link to the site's root folder, ending in '/'."""
        return relative(self.path, "index.html")[:-len("index.html")]


def downloads(doc: Document, page: str, files: dict[str, str]) -> tuple:
    """Links from the page to the document's other formats, in a fixed order."""
    return tuple({"href": relative(page, files[fmt]), "type": MEDIA_TYPES[fmt],
                  "label": doc.messages(f"format.{fmt}")}
                 for fmt in ("pdf", "md", "json") if fmt in files)


def default_page(doc: Document, formats=()) -> Page:
    """The page of the latest version at its usual place, <lang>/<id>.html."""
    path = site_path(doc.register_id, doc.lang, "html")
    files = {fmt: site_path(doc.register_id, doc.lang, fmt) for fmt in formats}
    return Page(path=path, downloads=downloads(doc, path, files))


def language_versions(doc: Document, page: Page) -> tuple:
    """The page in each of the document's languages, for hreflang links and the language
    switcher: the same site path with the language folder swapped (fi/x.html, sv/x.html)."""
    parts = page.path.split("/")
    if len(doc.languages) < 2 or doc.lang not in parts[:-1]:
        return ()
    at = parts.index(doc.lang)
    versions = []
    for lang in doc.languages:
        own_name = Locale.parse(lang).get_display_name(lang)     # suomi, svenska, English
        target = "/".join(parts[:at] + [lang] + parts[at + 1:])
        versions.append({"lang": lang, "name": own_name[:1].upper() + own_name[1:],
                         "href": relative(page.path, target), "current": lang == doc.lang})
    return tuple(versions)


class HtmlRenderer:
    name = "html"
    suffix = ".html"

    def __init__(self, templates):
        self.template = templates.html.get_template("document.html.j2")

    def page(self, doc: Document, *, medium: str, assets: str, page: Page | None = None) -> str:
        page = page or default_page(doc)
        return self.template.render(doc=doc, t=doc.messages, medium=medium, assets=assets,
                                    root=page.root, link_rows=medium == "screen",
                                    downloads=page.downloads, versions=page.versions,
                                    languages=language_versions(doc, page))

    def render(self, doc: Document, page: Page | None = None, formats=()) -> bytes:
        page = page or default_page(doc, formats)
        return self.page(doc, medium="screen", assets=page.root + "assets", page=page).encode("utf-8")
