"""The web page of one document."""
from __future__ import annotations

from ..layout import Download, Page, language_links, relative, site_path
from ..model import Document
from . import Renderer, label, registry


def default_page(doc: Document) -> Page:
    """The page of the latest version at its usual place, <lang>/<id>.html, linking to nothing."""
    return Page(path=site_path(doc.register_id, doc.lang, HtmlRenderer.suffix))


def downloads(doc: Document, page: str, files: dict[str, str]) -> tuple[Download, ...]:
    """Links from the page to the document's other formats (`files`: site path by format),
    in the registry's order."""
    return tuple(Download(relative(page, files[name]), cls.media_type, label(name, doc.lang))
                 for name, cls in registry().items() if not cls.web_page and name in files)


class HtmlRenderer(Renderer):
    name = "html"
    suffix = "html"
    media_type = "text/html"
    web_page = True
    site_context = True
    templates = ("*.html.j2",)
    libraries = ("jinja2", "babel")

    def __init__(self, templates):
        super().__init__(templates)
        self.template = templates.html.get_template("document.html.j2")

    def page(self, doc: Document, *, medium: str, assets: str, page: Page) -> str:
        return self.template.render(doc=doc, t=doc.messages, medium=medium, assets=assets,
                                    root=page.root, link_rows=medium == "screen",
                                    downloads=page.downloads, versions=page.versions,
                                    languages=language_links(doc.languages, doc.lang, page.path))

    def render(self, doc: Document, page: Page | None = None) -> bytes:
        page = page or default_page(doc)
        return self.page(doc, medium="screen", assets=page.root + "assets", page=page).encode("utf-8")
