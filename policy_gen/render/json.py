"""The validated register as JSON, one file per language, for machines."""
from __future__ import annotations

from .. import __version__, jsonio
from ..layout import Page
from ..model import Document
from . import Renderer


class JsonRenderer(Renderer):
    name = "json"
    suffix = "json"
    media_type = "application/json"
    libraries = ("orjson",)

    def render(self, doc: Document, page: Page | None = None) -> bytes:
        payload = {
            "generator": f"policy-gen {__version__}",
            "id": doc.register_id,
            "framework": doc.framework,
            "language": doc.lang,
            "title": doc.title,
            "date": doc.date,
            "updated": doc.updated,
            "sections": [{"id": s.id, "number": s.number, "heading": s.heading} for s in doc.sections],
            "register": doc.data,
        }
        if doc.notices:               # a historical document, or an earlier version
            payload["notices"] = [{"kind": n.kind, "text": n.text, "href": n.href} for n in doc.notices]
        return jsonio.dumps(payload, pretty=True)
