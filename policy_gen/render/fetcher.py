"""The only way WeasyPrint may read a file while making a PDF: from the template assets.

Register text reaches the HTML that WeasyPrint reads. Jinja escapes it, and as
a second wall this fetcher only serves files from the template asset folders:
no other file: path, no network (a stray <img src="file:///etc/...">
or attachment link would otherwise end up inside a PDF that customers download).
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher


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
