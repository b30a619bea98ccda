"""The PDF of one document: WeasyPrint, tagged PDF/UA-1, fonts shipped with the tool.

The PDF is made from the print version of the document's web page; WeasyPrint may
read only the template assets while making it (fetcher.py). WeasyPrint is
imported when a PdfRenderer is made, not with this module.
"""
from __future__ import annotations

import hashlib
import logging

from ..layout import Page
from ..model import Document
from . import Renderer
from .html import HtmlRenderer, default_page

PDF_VARIANT = "pdf/ua-1"


class _ErrorLog(logging.Handler):
    """WeasyPrint logs problems (a missing font, a refused URL) instead of raising."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class PdfRenderer(Renderer):
    name = "pdf"
    suffix = "pdf"
    media_type = "application/pdf"
    templates = HtmlRenderer.templates
    uses_assets = True
    libraries = ("weasyprint", "pydyf", "fonttools", "jinja2", "babel")
    preload = ("policy_gen.render.fetcher",)     # WeasyPrint: about half a second to import

    def __init__(self, templates):
        from weasyprint.text.fonts import FontConfiguration

        from .fetcher import AssetsOnlyFetcher
        super().__init__(templates)
        self.html = HtmlRenderer(templates)
        # the asset folder of the built-in templates, or the user's override of it
        self.base = templates.asset("document.css").parent
        self.fetcher = AssetsOnlyFetcher(templates.asset_dirs)
        self.fonts = FontConfiguration()   # one per process: fontconfig set-up is the costly part

    def render(self, doc: Document, page: Page | None = None) -> bytes:
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError
        page = self.html.page(doc, medium="print", assets=".", page=default_page(doc))
        errors = _ErrorLog()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(errors)
        try:
            document = HTML(string=page, base_url=self.base.as_uri() + "/", url_fetcher=self.fetcher)
            pdf = document.write_pdf(pdf_variant=PDF_VARIANT, font_config=self.fonts,
                                     pdf_identifier=_identifier(doc))
        except FatalURLFetchingError as error:   # a BaseException: it would pass every handler
            raise RuntimeError(f"{doc.register_id} ({doc.lang}) PDF: {error}") from None
        finally:
            logger.removeHandler(errors)
        if errors.messages:
            raise RuntimeError(f"{doc.register_id} ({doc.lang}) PDF: " + "; ".join(errors.messages))
        return pdf


def _identifier(doc: Document) -> bytes:
    """A fixed /ID per document, so that the same input gives the same bytes (the document
    type too: a GDPR register gives a notice and a record with the same id, language and date)."""
    key = f"policy-gen:{doc.register_id}:{doc.lang}:{doc.date}:{doc.doc_type}"
    return hashlib.md5(key.encode()).hexdigest().encode()
