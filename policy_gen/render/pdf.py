"""The PDF of one document: WeasyPrint, tagged PDF/UA-1, fonts shipped with the tool.

Register text reaches the HTML that WeasyPrint reads. Jinja escapes it, and as
a second wall the URL fetcher only serves files from the template asset
folders: no other file: path, no network (a stray <img src="file:///etc/...">
or attachment link would otherwise end up inside a PDF that customers download).
"""
from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from ..model import Document
from .html import HtmlRenderer

PDF_VARIANT = "pdf/ua-1"


class AssetsOnlyFetcher(URLFetcher):
    """Serves files from the asset folders and nothing else.

    The folders overlay each other like the templates do: a URL inside any of
    them is looked up by its relative path in the user's folder first, then in
    the built-in one, so a user may override one style sheet and keep the fonts.
    """

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=("file",), allow_redirects=False, fail_on_errors=True)
        self.roots = [root.resolve() for root in roots]

    def locate(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc:
            return None
        wanted = Path(unquote(parts.path))
        for root in self.roots:
            if not wanted.is_relative_to(root):
                continue
            relative = wanted.relative_to(root)
            for candidate_root in self.roots:
                candidate = (candidate_root / relative).resolve()   # follows symlinks, folds '..'
                if candidate.is_file() and candidate.is_relative_to(candidate_root):
                    return candidate
        return None

    def fetch(self, url, headers=None):
        found = self.locate(url)
        if found is None:
            raise FatalURLFetchingError(f"refused to load {url}: documents may only use "
                                        "files from the template assets")
        return super().fetch(found.as_uri(), headers)


class _ErrorLog(logging.Handler):
    """WeasyPrint logs problems (a missing font, a refused URL) instead of raising."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


class PdfRenderer:
    name = "pdf"
    suffix = ".pdf"

    def __init__(self, templates):
        self.html = HtmlRenderer(templates)
        # the asset folder of the built-in templates, or the user's override of it
        self.base = templates.asset("document.css").parent
        self.fetcher = AssetsOnlyFetcher(templates.asset_dirs)
        self.fonts = FontConfiguration()   # one per process: fontconfig set-up is the costly part

    def render(self, doc: Document, formats=()) -> bytes:
        page = self.html.page(doc, medium="print", assets=".")
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
    import hashlib
    key = f"policy-gen:{doc.register_id}:{doc.lang}:{doc.date}:{doc.doc_type}"
    return hashlib.md5(key.encode()).hexdigest().encode()
